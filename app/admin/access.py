"""The one answer for a page a user may not open: the login page when logged out, 403 otherwise."""

from flask import abort
from flask import redirect
from flask import request
from flask import url_for
from flask_login import current_user


class LoginOr403:
    """Mixin for Flask-Admin views: anonymous visitors go to log in (and come back), others get 403."""

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403)
