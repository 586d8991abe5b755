"""Content-Security-Policy: scripts run only from our origin or with this response's nonce.

A fresh nonce per request goes into the header and onto every <script> a template writes
(Flask-Admin's through `Admin(csp_nonce_generator=nonce)`, ours through `csp_nonce()`), so an
injected inline script or event handler does not run. Pages keep no inline handlers: behaviours
are declared with data-* attributes and wired by static/js/behaviours.js.

Styles keep 'unsafe-inline': Flask-Admin's pages would pass without it, but the SVG charts of
the dashboards carry a style attribute and the monthly report's print view a <style> block, both
shared with the WeasyPrint PDFs, and the batch page's progress bar sets its width inline. A
nonce in style-src would switch 'unsafe-inline' off, so there is none. Injected CSS runs no code
(Jinja escapes stored text anyway); the nonce guards the scripts.
"""

import secrets

from flask import g


def nonce():
    """This request's nonce, made on first use."""
    value = g.get("csp_nonce")
    if value is None:
        value = g.csp_nonce = secrets.token_urlsafe(18)
    return value


def policy():
    """The header value for the current request."""
    return ("default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce()}'; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; "
            "object-src 'none'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


def init_app(app):
    @app.context_processor
    def _csp_nonce():
        return {"csp_nonce": nonce}
