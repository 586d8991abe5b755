"""The admin menu, rendered once per (permissions, language, page) and then reused.

Flask-Admin renders the whole menu on every request, asking every view whether the user may
see it: with a screen per table that was an eighth of a list page's time. What the menu shows
depends only on the user's grants (role, table rights, estates), the language and which page
is active, so that is the cache key; a change to a role's permission rows changes the grants
and with them the key.
"""

import re

from flask import current_app
from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app.kept import kept

KEY = "propertydesk_menu_cache"
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
_BLANKS = re.compile(r"\s+")
MAX_ENTRIES = 2000  # roles x languages x pages; cleared whole when full


def menu_html(admin_view):
    """The menu's HTML for the current user on `admin_view`'s page."""
    if not current_user.is_authenticated:
        return _render(admin_view)
    cache = current_app.extensions.setdefault(KEY, {})
    key = (current_user.grants.key, str(get_locale()), admin_view.endpoint)
    return kept(cache, key, lambda: _render(admin_view), MAX_ENTRIES)


def _render(admin_view):
    # Flask-Admin's menu macro leaves line breaks and comments between its tags; the menu is
    # kept and sent on every page, so it is kept without them.
    html = render_template("admin/pd_menu.html", admin_view=admin_view)
    return Markup(_BLANKS.sub(" ", _BETWEEN_TAGS.sub("><", _COMMENTS.sub("", html))).strip())


def init_app(app):
    app.jinja_env.globals["pd_menu"] = menu_html
