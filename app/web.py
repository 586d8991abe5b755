"""Per-request plumbing: transaction mode for SQLite and security headers."""

import time

from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_login import logout_user

from flask_login import current_user

from app import csp
from app.audit import recorder
from app.extensions import db
from app.schema import read_only
from app.schema.pragmas import write_intent

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SEEN_STEP_SECONDS = 60  # how finely the idle timeout counts


def init_app(app):
    csp.init_app(app)

    @app.before_request
    def _transaction_mode():
        # GETs read in a plain BEGIN so they run beside writers; everything else takes the write lock first.
        g.write_token = write_intent.set(request.method not in READ_METHODS)

    @app.before_request
    def _idle_timeout():
        # A shared front-desk PC left logged in: after IDLE_MINUTES without a request the session ends.
        if not current_user.is_authenticated:
            return None
        now = int(time.time())
        last = session.get("seen", now)
        if now - last > app.config["IDLE_MINUTES"] * 60:
            logout_user()
            session.clear()
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if now - last >= SEEN_STEP_SECONDS or "seen" not in session:
            session["seen"] = now  # not on every request: an unchanged session is not signed and sent again
        return None

    @app.before_request
    def _audit_actor():
        user = current_user if current_user.is_authenticated else None
        g.actor_token = recorder.current_actor.set(recorder.AuditActor(
            getattr(user, "id", None), getattr(user, "username", None), request.remote_addr))

    @app.teardown_request
    def _end_transaction(exc):
        # A transaction that wrote nothing commits (app.schema.read_only); any other is rolled
        # back when Flask-SQLAlchemy closes the session.
        if exc is None:
            read_only.commit_if_read_only(db.session)

    @app.teardown_request
    def _reset(_exc):
        # Flask-Admin keeps the page's template context in g, and the context holds g: a cycle that
        # kept the whole page (form, record, template modules) alive until the garbage collector's
        # next pass, which then took 2-3 ms in one request out of ten.
        g.pop("_admin_render_ctx", None)
        token = g.pop("write_token", None)
        if token is not None:
            write_intent.reset(token)
        token = g.pop("actor_token", None)
        if token is not None:
            recorder.current_actor.reset(token)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", csp.policy())
        return response
