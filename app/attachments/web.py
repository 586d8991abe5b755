"""Web adapters: the Attachments panel on record pages, and the upload, download and remove routes.

Thin: read the request, call app.attachments.operations, commit, flash, redirect. Files are
served with the type sniffed at upload, as downloads (never rendered as a page of this site),
in a sandbox with nothing allowed, and not cached.
"""

import logging

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for
from flask_login import current_user
from flask_login import login_required
from markupsafe import Markup
from werkzeug.routing import BuildError

from app.extensions import db
from app.i18n import _
from app.i18n import pick_lang
from app.schema import registry_of
from app.schema.annotations import current_lang

from . import kinds
from . import names
from . import operations
from .storage import Store
from .storage import StorageError

log = logging.getLogger(__name__)
bp = Blueprint("attachments", __name__)

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Opened directly, a file is a sandboxed document that may load and run nothing.
    "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, no-store",
}


def _registry():
    return registry_of(current_app)


def _store():
    return Store(current_app.config["ATTACHMENTS_DIR"])


def _limits():
    cfg = current_app.config
    return operations.Limits(cfg["ATTACHMENTS_MAX_BYTES"], cfg["ATTACHMENTS_MAX_PER_RECORD"])


def _actor():
    return operations.Actor(current_user.id, current_user.grants)


def _say(error):
    return _(error.message, **error.values)


def _record_url(table, record_id, back=None):
    """The record's page: its edit page when the form came from there, else its details page.
    Built from the table and id only, never from a URL the form sent."""
    endpoint = f"{table}.edit_view" if back == "edit" else f"{table}.details_view"
    try:
        return url_for(endpoint, id=record_id)
    except BuildError:
        return url_for("admin.index")


@bp.route("/attachments/<table>/<int:record_id>", methods=["POST"])
@login_required
def upload(table, record_id):
    files = [operations.Incoming(f.filename, f.stream) for f in request.files.getlist("file") if f.filename]
    back = request.form.get("back")
    try:
        added = operations.attach(db.session, _registry(), _store(), _actor(), table, record_id, files, _limits(),
                                  caption=request.form.get("caption"))
        db.session.commit()
    except operations.NotFound:
        db.session.rollback()
        abort(404)
    except (operations.Refused, operations.Forbidden) as exc:
        db.session.rollback()
        message = _say(exc)
        if isinstance(exc, operations.Refused) and files:
            message += " " + _("No file was saved.")
        flash(message, "error")
    except OSError:
        db.session.rollback()
        log.exception("attachment upload to %s %s could not be stored", table, record_id)
        flash(_("The file could not be saved. Please try again."), "error")
    else:
        flash(_("Uploaded: %(names)s.", names="、".join(a.filename for a in added)), "success")
    return redirect(_record_url(table, record_id, back), 303)


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id):
    registry = _registry()
    try:
        item = operations.for_download(db.session, registry, _actor(), attachment_id)
        path = _store().verified_path(item.storage_key, item.sha256, item.size_bytes)
    except operations.NotFound:
        abort(404)
    except StorageError as exc:
        log.error("attachment %s unreadable: %s", attachment_id, exc)
        abort(404)
    response = send_file(path, mimetype=item.content_type, as_attachment=True, download_name=item.filename,
                         conditional=False, etag=False, last_modified=None, max_age=None)
    response.headers.update(DOWNLOAD_HEADERS)
    return response


@bp.route("/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove(attachment_id):
    registry = _registry()
    back = request.form.get("back")
    try:
        item = operations.visible(db.session, registry, _actor(), attachment_id)
        operations.remove(db.session, registry, _actor(), attachment_id)
        db.session.commit()
    except operations.NotFound:
        db.session.rollback()
        abort(404)
    except operations.Forbidden as exc:
        db.session.rollback()
        flash(_say(exc), "error")
    else:
        flash(_("Removed: %(name)s. It stays in the record's history.", name=item.filename), "success")
    return redirect(_record_url(item.owner_table, item.owner_id, back), 303)


@bp.errorhandler(413)
def too_large(_exc):
    """A body over MAX_CONTENT_LENGTH is cut off before it is read: say so on the record's page.
    (Raised before the language is picked, so pick it here.)"""
    token = current_lang.set(pick_lang())
    try:
        message = _("The upload is too large: at most %(size)s at a time. Send fewer or smaller files.",
                    size=names.human_size(current_app.config["MAX_CONTENT_LENGTH"]))
    finally:
        current_lang.reset(token)
    args = request.view_args or {}
    if request.endpoint == "attachments.upload" and current_user.is_authenticated:
        flash(message, "error")
        return redirect(_record_url(args.get("table"), args.get("record_id")), 303)
    return render_template("error.html", code=413, message=message), 413


# --- panels ------------------------------------------------------------------------------------

def record_panel(view, record):
    """The Attachments panel of a tagged table's record; a link to the file on an attachment's own page."""
    spec = getattr(view, "spec", None)
    if spec is None or record is None or getattr(record, "id", None) is None or not current_user.is_authenticated:
        return None
    registry = _registry()
    if spec.name == operations.TABLE:
        return _own_page_panel(registry, record)
    if not operations.takes_attachments(registry, spec.name):
        return None
    items = operations.for_record(db.session, registry, spec.name, record.id)
    may_upload = operations.may_attach(current_user.grants, spec.name)
    if not items and not may_upload:
        return None
    removable = {a.id for a in items if operations.may_remove(current_user.grants, current_user.id, a)}
    return Markup(render_template(
        "attachments/panel.html", items=items, record=record, table=spec.name, may_upload=may_upload,
        removable=removable, back="edit" if (request.endpoint or "").endswith("edit_view") else "details",
        accept=",".join([k.mime for k in kinds.KINDS] + [e for k in kinds.KINDS for e in k.extensions]),
        kinds_text="、".join(k.label for k in kinds.KINDS),
        max_size=names.human_size(current_app.config["ATTACHMENTS_MAX_BYTES"])))


def _own_page_panel(registry, record):
    try:
        item = operations.for_download(db.session, registry, _actor(), record.id)
    except operations.NotFound:
        return None
    return Markup(render_template("attachments/own_page.html", item=item,
                                  record_url=_record_url(item.owner_table, item.owner_id)))
