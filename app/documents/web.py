"""Web adapters for notices: print buttons, the print route, PDF downloads, the guard's pass
verification page and the batch page for payment reminders.

Thin: load (404), check access (403), call app.documents.printing, commit, redirect.
A notice may be printed by a user whose role the notice type names AND who may view its table;
an archived PDF is served only to a user who may view the table of the record it was printed from.
"""

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from datetime import date
from pathlib import Path

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_admin import BaseView
from flask_admin import expose
from flask_login import current_user
from flask_login import login_required
from markupsafe import Markup
from sqlalchemy import select

from app.auth import scope
from app.extensions import db
from app.i18n import LazyText
from app.i18n import _
from app.schema import registry_of
from app.schema.annotations import current_lang

from . import archive
from . import contexts
from . import printing
from . import verify

log = logging.getLogger(__name__)
bp = Blueprint("documents", __name__)
KEY = "propertydesk_documents"
BATCH_TYPE = "payment_reminder"


def catalogue():
    return current_app.extensions[KEY]


def settings():
    cfg = current_app.config
    base = cfg.get("DOCUMENTS_BASE_URL") or request.url_root
    return printing.Settings(cfg["DOCUMENTS_DIR"], base, cfg["SECRET_KEY"])


def renderer():
    from .render import get_renderer  # WeasyPrint loads on the first print, not at every start (about 1 s)

    cfg = current_app.config
    return get_renderer(cfg["DOCUMENTS_TEMPLATES"], cfg["DOCUMENTS_FONT_DIR"])


def actor():
    return printing.Actor(current_user.id, current_user.username, current_user.role,
                          bool(current_user.grants.is_admin), current_user.display_name)


def may_print(ntype):
    return ntype.may_print(current_user.role, bool(current_user.grants.is_admin)) and \
        current_user.can("view", ntype.table)


def visible(table, record_id):
    """Is the record within the estates the user is limited to (users without a limit see all)?"""
    registry = registry_of(current_app)
    paths = getattr(registry, "estate_paths", None)
    estate_ids = getattr(current_user.grants, "estate_ids", None)
    if paths is None:
        return True
    return scope.is_visible(db.session, registry, paths, table, record_id, estate_ids)


def refusal_message(exc):
    """The user-language message for a notice that cannot be printed."""
    if isinstance(exc, printing.MissingData):
        names = "、".join(lab.get(current_lang.get()) for lab in exc.labels)
        return _("%(notice)s cannot be printed: required data is missing (%(fields)s).",
                 notice=exc.notice_type.labels.get(current_lang.get()), fields=names)
    if isinstance(exc, printing.NotPrintable):
        value = exc.value.get(current_lang.get()) if hasattr(exc.value, "get") else exc.value
        if exc.reason == "status":
            return _("%(notice)s is not printed for a record in state “%(state)s”.",
                     notice=exc.notice_type.labels.get(current_lang.get()), state=value)
        return _("%(notice)s is not printed for this record (%(field)s).",
                 notice=exc.notice_type.labels.get(current_lang.get()), field=value)
    return str(exc)


def _details_url(table, record_id):
    try:
        return url_for(f"{table}.details_view", id=record_id)
    except Exception:  # noqa: BLE001 - a table without a screen
        return url_for("admin.index")


# --- print one notice ----------------------------------------------------------------------------

@bp.route("/documents/print/<code>/<int:record_id>", methods=["POST"])
@login_required
def print_notice(code, record_id):
    ntype = catalogue().get(code)
    if ntype is None:
        abort(404)
    if not may_print(ntype):
        abort(403)
    if not visible(ntype.table, record_id):
        abort(404)
    registry = registry_of(current_app)
    try:
        printed = printing.print_notice(db.session, registry, catalogue(), code, record_id, actor=actor(),
                                        settings=settings(), renderer=renderer())
        db.session.commit()
    except printing.UnknownRecord:
        db.session.rollback()
        abort(404)
    except (printing.NotPrintable, printing.MissingData) as exc:
        db.session.rollback()
        flash(refusal_message(exc), "error")
        return redirect(_details_url(ntype.table, record_id))
    return redirect(url_for("documents.pdf", document_id=printed.document.id))


@bp.route("/documents/<int:document_id>.pdf")
@login_required
def pdf(document_id):
    registry = registry_of(current_app)
    document = archive.get(db.session, registry, document_id)
    if document is None:
        abort(404)
    if not current_user.can("view", document.subject_table):
        abort(403)
    if not visible(document.subject_table, document.subject_id):
        abort(404)
    try:
        data = archive.read(current_app.config["DOCUMENTS_DIR"], document)
    except archive.ArchiveError:
        log.error("archived document %s unreadable", document.doc_no)
        abort(404)
    return _pdf_response(data, f"{document.doc_no}.pdf")


def _pdf_response(data, filename):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- record panels: print buttons and the record's archived documents ------------------------------

def record_panel(view, record):
    spec = getattr(view, "spec", None)
    if spec is None or record is None or not current_user.is_authenticated:
        return None
    registry = registry_of(current_app)
    if spec.name == "generated_document":
        if not current_user.can("view", record.subject_table):
            return None
        return Markup(render_template("documents/panel_document.html", document=record,
                                      subject_url=_details_url(record.subject_table, record.subject_id)))
    buttons = []
    for ntype in catalogue().for_table(spec.name):
        if not may_print(ntype):
            continue
        try:
            contexts.check_printable(registry, ntype, record)
        except printing.NotPrintable:
            continue
        buttons.append(ntype)
    batch = None
    reminder = catalogue().get(BATCH_TYPE)
    if spec.name in ("estate", "building") and reminder is not None and may_print(reminder) \
            and current_user.can("view", "unit"):
        batch = url_for("notice_batch.index", scope=spec.name, scope_id=record.id)
    documents = archive.for_subject(db.session, registry, spec.name, record.id, limit=10) \
        if current_user.can("view", spec.name) else []
    if not buttons and not documents and not batch:
        return None
    return Markup(render_template("documents/panel_print.html", buttons=buttons, record=record,
                                  documents=documents, batch=batch, types=catalogue().types))


# --- the guard's verification page ---------------------------------------------------------------

class VerifyView(BaseView):
    """/verify/pass/<token>: what the QR code on a goods-release pass opens."""

    def is_visible(self):
        return False

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @expose("/")
    def index(self):
        return redirect(url_for("admin.index"))

    @expose("/pass/<token>")
    def verify_pass(self, token):
        ntype = catalogue().get("goods_release_pass")
        roles = ntype.verify_roles if ntype else ()
        if not (current_user.grants.is_admin or current_user.role in roles):
            abort(403)
        registry = registry_of(current_app)
        doc_no = verify.doc_no_of(current_app.config["SECRET_KEY"], token)
        state, record, document, items = verify.UNKNOWN, None, None, []
        if doc_no is not None:
            state, record, document = verify.pass_state(db.session, registry, doc_no)
            if record is not None and not visible("goods_release_pass", record.id):
                abort(404)
        if record is not None:
            Item = registry.model("goods_release_item")
            items = db.session.execute(select(Item).where(Item.goods_release_pass_id == record.id)
                                       .order_by(Item.id)).scalars().all()
        gate_url = None
        if record is not None and state == verify.VALID and current_user.can("edit", "goods_release_pass"):
            try:
                gate_url = url_for("gate.index", no=record.doc_no)
            except Exception:  # noqa: BLE001 - no gate screen in this build
                gate_url = None
        response = make_response(self.render(
            "documents/verify_pass.html", state=state, record=record, document=document, doc_no=doc_no,
            items=items, spec=registry.spec("goods_release_pass"), gate_url=gate_url))
        response.headers["Cache-Control"] = "no-store"
        return response


# --- batches: payment reminders for every overdue unit of an estate or building -------------------

def _batch_dir():
    path = Path(current_app.config["DOCUMENTS_DIR"]) / "batches"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_job(path, job):
    job["updated_at"] = time.time()
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(job, ensure_ascii=False, default=str))
    os.replace(tmp, path)


def _read_job(key):
    if not key.isalnum():
        return None
    path = _batch_dir() / f"{key}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _skipped_entry(record_id, exc):
    entry = {"id": record_id}
    if isinstance(exc, (printing.NotPrintable, printing.MissingData)):
        entry["reason"] = {}
        for lang in ("zh_Hant", "en", "zh_Hans"):
            token = current_lang.set(lang)
            try:
                entry["reason"][lang] = refusal_message(exc)
            finally:
                current_lang.reset(token)
    else:
        entry["reason"] = {"zh_Hant": str(exc), "en": str(exc), "zh_Hans": str(exc)}
    return entry


def run_batch_job(app, key, record_ids, who, cfg_settings):
    """Run one batch (in the request, or in a thread for long ones), reporting to its job file."""
    path = Path(app.config["DOCUMENTS_DIR"]) / "batches" / f"{key}.json"
    job = json.loads(path.read_text())
    job.update(status="running", total=len(record_ids), done=0)
    _write_job(path, job)
    last = [0.0]

    def progress(done, total):
        job["done"] = done
        if time.time() - last[0] > 0.5 or done == total:
            last[0] = time.time()
            _write_job(path, job)

    with app.app_context():
        registry = registry_of(app)
        try:
            result = printing.print_batch(
                db.session, registry, app.extensions[KEY], BATCH_TYPE, record_ids, actor=who,
                settings=cfg_settings,
                renderer=renderer(),
                commit=db.session.commit, progress=progress, workers=app.config.get("DOCUMENTS_WORKERS"))
            db.session.commit()
            if result.pdf:
                (path.parent / f"{key}.pdf").write_bytes(result.pdf)
            job.update(status="done", done=len(record_ids), new=result.new_count,
                       reused=len(result.printed) - result.new_count, pages=len(result.printed),
                       skipped=[_skipped_entry(i, e) for i, e in result.skipped],
                       numbers=[p.document.doc_no for p in result.printed[:2000]])
        except Exception as exc:  # noqa: BLE001 - reported on the job page, logged with the traceback
            db.session.rollback()
            log.exception("batch %s failed", key)
            job.update(status="failed", error=type(exc).__name__)
        finally:
            db.session.remove()
    _write_job(path, job)


class BatchView(BaseView):
    """催繳通知書批量列印: one PDF with a reminder for every overdue unit of an estate or building."""

    def is_accessible(self):
        if not current_user.is_authenticated:
            return False
        ntype = catalogue().get(BATCH_TYPE)
        return ntype is not None and may_print(ntype)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403)

    def _scopes(self):
        registry = registry_of(current_app)
        Estate, Building = registry.model("estate"), registry.model("building")
        paths = getattr(registry, "estate_paths", None) or {}
        estate_ids = getattr(current_user.grants, "estate_ids", None)

        def within(stmt, table):
            cond = scope.condition(registry, paths, table, estate_ids)
            return stmt if cond is None else stmt.where(cond)

        estates = db.session.execute(within(select(Estate), "estate").order_by(Estate.name).limit(500)).scalars().all()
        buildings = db.session.execute(within(select(Building), "building").order_by(Building.estate_id, Building.name)
                                       .limit(2000)).scalars().all()
        return estates, buildings

    @expose("/", methods=("GET", "POST"))
    def index(self):
        registry = registry_of(current_app)
        scope = request.values.get("scope", "estate")
        if scope not in ("estate", "building"):
            abort(400)
        try:
            scope_id = int(request.values.get("scope_id") or 0)
        except ValueError:
            scope_id = 0
        if request.method == "POST":
            return self._start(registry, scope, scope_id)
        estates, buildings = self._scopes()
        count = None
        if scope_id and not visible(scope, scope_id):
            abort(404)
        if scope_id:
            count = len(printing.batch_candidates(db.session, registry, catalogue(), BATCH_TYPE, scope, scope_id))
        return self.render("documents/batch.html", estates=estates, buildings=buildings, scope=scope,
                           scope_id=scope_id, count=count, nonce=uuid.uuid4().hex,
                           ntype=catalogue().get(BATCH_TYPE))

    def _start(self, registry, scope, scope_id):
        nonce = (request.form.get("nonce") or "")[:64]
        target = db.session.get(registry.model(scope), scope_id) if scope_id else None
        if target is not None and not visible(scope, scope_id):
            abort(404)
        if target is None or not nonce:
            flash(_("Choose an estate or a building."), "error")
            return redirect(url_for(".index"))
        # The form's nonce makes the key: a second click on the same form finds the first job.
        key = hashlib.sha256(f"{current_user.id}|{scope}|{scope_id}|{date.today()}|{nonce}".encode()).hexdigest()[:32]
        path = _batch_dir() / f"{key}.json"
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return redirect(url_for(".status", key=key))
        job = {"key": key, "user_id": current_user.id, "scope": scope, "scope_id": scope_id,
               "scope_name": str(target), "status": "queued", "total": 0, "done": 0, "started_at": time.time()}
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps(job, ensure_ascii=False))
        ids = printing.batch_candidates(db.session, registry, catalogue(), BATCH_TYPE, scope, scope_id)
        if not ids:
            job.update(status="done", total=0, new=0, reused=0, pages=0, skipped=[])
            _write_job(path, job)
            return redirect(url_for(".status", key=key))
        db.session.rollback()  # end this request's transaction: the batch commits chunk by chunk
        app = current_app._get_current_object()
        if len(ids) > current_app.config["DOCUMENTS_BATCH_BACKGROUND_OVER"]:
            thread = threading.Thread(target=run_batch_job, args=(app, key, ids, actor(), settings()),
                                      name=f"notice-batch-{key[:8]}", daemon=True)
            thread.start()
        else:
            run_batch_job(app, key, ids, actor(), settings())
        return redirect(url_for(".status", key=key))

    @expose("/<key>")
    def status(self, key):
        job = _read_job(key)
        if job is None or (job["user_id"] != current_user.id and not current_user.grants.is_admin):
            abort(404)
        stale = job["status"] in ("queued", "running") and time.time() - job.get("updated_at", 0) > 120
        return self.render("documents/batch_status.html", job=job, stale=stale, lang=current_lang.get(),
                           has_pdf=(_batch_dir() / f"{key}.pdf").exists())

    @expose("/<key>.pdf")
    def download(self, key):
        job = _read_job(key)
        if job is None or (job["user_id"] != current_user.id and not current_user.grants.is_admin) or \
                not current_user.can("view", "unit"):
            abort(404)
        path = _batch_dir() / f"{key}.pdf"
        if not path.exists():
            abort(404)
        return _pdf_response(path.read_bytes(), f"reminders-{job['scope']}-{job['scope_id']}.pdf")


def init_app(app):
    from app.admin import panels

    app.register_blueprint(bp)
    panels.register(app, record_panel)
    admin = app.extensions.get("propertydesk_admin")
    if admin is not None:
        admin.add_view(VerifyView(name=LazyText("Verify a pass"), endpoint="verify", url="/verify"))
        admin.add_view(BatchView(name=LazyText("Batch payment reminders"), endpoint="notice_batch",
                                 url="/admin/notice-batch"))
