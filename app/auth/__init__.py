"""Logins: the Flask-Login user, login/logout pages, language switch."""

from urllib.parse import urlsplit

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user

from app.audit import recorder
from app.extensions import db
from app.extensions import login_manager
from app.i18n import LazyText
from app.i18n import _
from app.schema import registry_of
from app.schema.annotations import LANGS

from . import accounts
from .policy import NO_GRANTS

bp = Blueprint("auth", __name__)


class CurrentUser:
    """The logged-in user as the web layer sees it: identity, role and rights."""

    is_authenticated = True
    is_anonymous = False
    COLUMNS = ("id", "username", "display_name", "is_active", "locale", "staff_id", "session_epoch")

    def __init__(self, row, grants):
        self.id = row.id
        self.username = row.username
        self.display_name = row.display_name
        self.is_active = bool(row.is_active)
        self.locale = row.locale
        self.staff_id = row.staff_id
        self.session_epoch = row.session_epoch
        self.grants = grants

    @property
    def role(self):
        return self.grants.role

    @property
    def role_label(self):
        """The role's name in the user's language (the code when it has none)."""
        from app.schema.annotations import current_lang

        names = self.grants.role_names
        if not names:
            return self.role
        return names[1] if current_lang.get() == "en" else names[0]

    def can(self, action, table):
        return self.grants.can(action, table)

    def get_id(self):
        # The epoch changes on logout and password change, so an old cookie stops working.
        return f"{self.id}:{self.session_epoch}"


class AnonymousUser:
    is_authenticated = False
    is_anonymous = True
    is_active = False
    locale = None
    grants = NO_GRANTS
    role = ""
    id = None

    def can(self, action, table):
        return False

    def get_id(self):
        return None


def load_user(user_key):
    try:
        user_id, epoch = (int(p) for p in user_key.split(":"))
    except ValueError:
        return None
    row, grants = accounts.user_with_grants(db.session, registry_of(current_app), user_id, CurrentUser.COLUMNS)
    if row is None or not row.is_active or row.session_epoch != epoch:
        return None
    return CurrentUser(row, grants)


def is_safe_next(target):
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or any(ord(ch) < 32 for ch in target) or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next", "")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("admin.index"))
    error = None
    username = ""
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        registry = registry_of(current_app)
        try:
            row = accounts.authenticate(db.session, registry, username, password)
        except accounts.AccountLocked as locked:
            error = _("This account is locked for %(minutes)s minutes after repeated failed logins.",
                      minutes=locked.minutes)
            row = None
        else:
            if row is None:
                error = _("Wrong username or password.")
        who = recorder.AuditActor(row.id if row is not None else None, username[:50], request.remote_addr)
        recorder.record(db.session, registry.metadata, "login" if row is not None else "login_failed", "app_user",
                        row.id if row is not None else None, actor=who)
        db.session.commit()
        if row is not None:
            lang = session.get("lang")
            session.clear()  # no pre-login session data survives (fixation)
            if lang:
                session["lang"] = lang
            grants = accounts.load_grants(db.session, registry, row.role_id, row.id)
            login_user(CurrentUser(row, grants))
            return redirect(next_url if is_safe_next(next_url) else url_for("admin.index"))
    response = current_app.make_response(
        (render_template("auth/login.html", error=error, username=username, next_url=next_url),
         401 if error else 200))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    registry = registry_of(current_app)
    row = db.session.get(registry.model("app_user"), current_user.id)
    row.session_epoch = (row.session_epoch or 0) + 1  # every copy of the cookie stops working
    recorder.record(db.session, registry.metadata, "logout", "app_user", row.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password: the current one is asked; every other session ends."""
    error = None
    if request.method == "POST":
        registry = registry_of(current_app)
        row = db.session.get(registry.model("app_user"), current_user.id)
        current = request.form.get("current_password") or ""
        new = request.form.get("new_password") or ""
        from werkzeug.security import check_password_hash

        if not check_password_hash(row.password_hash, current):
            error = _("The current password is wrong.")
        elif new != (request.form.get("confirm_password") or ""):
            error = _("The two new passwords differ.")
        else:
            try:
                accounts.check_password_policy(new)
            except accounts.AccountError:
                error = _("At least %(n)s characters.", n=accounts.MIN_PASSWORD_LENGTH)
        if error is None:
            row.password_hash = accounts.hash_password(new)
            row.session_epoch = (row.session_epoch or 0) + 1  # copies of the old cookie stop working
            recorder.record(db.session, registry.metadata, "update", "app_user", row.id,
                            {"password_hash": ["••••", "••••"]})
            db.session.commit()
            login_user(CurrentUser(row, accounts.load_grants(db.session, registry, row.role_id, row.id)))
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/password.html", error=error), (400 if error else 200)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code):
    if code not in LANGS:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        registry = registry_of(current_app)
        row = db.session.get(registry.model("app_user"), current_user.id)
        row.locale = code
        db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("admin.index"))


@bp.route("/")
def root():
    return redirect(url_for("admin.index"))


def init_app(app):
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.login"
    login_manager.login_message = LazyText("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)
