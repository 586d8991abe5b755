"""Friendly error pages in the user's language; no stack traces for users."""

import logging
import uuid

from flask import render_template
from flask import request
from flask_wtf.csrf import CSRFError

from app.attachments.names import human_size
from app.i18n import _

log = logging.getLogger(__name__)


def init_app(app):
    @app.errorhandler(403)
    def forbidden(_e):
        log.info("403 %s %s", request.method, request.path)
        return render_template("error.html", code=403, message=_("You do not have permission to do this.")), 403

    @app.errorhandler(404)
    def not_found(_e):
        return render_template("error.html", code=404, message=_("Page not found.")), 404

    @app.errorhandler(413)
    def too_large(_e):
        return render_template("error.html", code=413, message=_(
            "The upload is too large: at most %(size)s at a time. Send fewer or smaller files.",
            size=human_size(app.config["MAX_CONTENT_LENGTH"] or 0))), 413

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return render_template("error.html", code=400, message=_(
            "The form has expired or was sent twice. Please submit it again: your entries are kept.")), 400

    @app.errorhandler(500)
    def server_error(e):
        ref = uuid.uuid4().hex[:8]
        log.error("500 ref=%s %s %s", ref, request.method, request.path, exc_info=getattr(e, "original_exception", e))
        return render_template("error.html", code=500, message=_(
            "Something went wrong on our side. The error has been logged (ref %(ref)s).", ref=ref)), 500
