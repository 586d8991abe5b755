"""The verbs: attach files to a record, list them, find one to serve, remove one.

Who may do what follows the parent record, never the attachment table's own screen:
- see and download: the view right on the parent's table, and the parent inside the user's
  estates (the scope condition lists and records opened by id use; app.auth.scope);
- attach: the edit right on the parent's table as well;
- remove: the delete right on the parent's table, or the edit right for one's own upload.
A record outside the user's reach is "not found", so ids reveal nothing. Removing records who
and when (an ORM update, so the audit log has it) and keeps the file for the history.

Domain code: session, registry, store and actor are passed in; no Flask. The caller commits.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select

from app.auth import scope

from . import kinds
from . import names
from .storage import Empty
from .storage import TooLarge

TABLE = "attachment"

NOT_ACCEPTED = ("“%(name)s” is not an accepted file type. "
                "Accepted: JPEG, PNG and WebP photos, and PDF documents.")
MISMATCH = "“%(name)s” is named as another kind of file than it contains (%(kind)s). Rename it and upload again."
EMPTY = "“%(name)s” is empty."
TOO_LARGE = "“%(name)s” is too large: at most %(size)s per file."
TOO_MANY = "A record may have at most %(n)s attachments; this one has %(has)s."
NO_FILE = "Choose a file to upload."
MAY_NOT_ATTACH = "You may not add attachments to this record."
MAY_NOT_REMOVE = "You may not remove this attachment."


class AttachmentError(Exception):
    """A refusal the user reads: `message` is English text (a key of app.messages), `values` fill it."""

    def __init__(self, message, **values):
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values


class Refused(AttachmentError):
    """The files were not accepted (type, size, count); nothing was saved."""


class Forbidden(AttachmentError):
    """The user may see the record but not do this to it."""


class NotFound(AttachmentError):
    """No such record or attachment, as far as this user may know."""


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    grants: object  # app.auth.policy.Grants


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_per_record: int


@dataclass(frozen=True)
class Incoming:
    filename: str  # as the browser sent it: a label, never a path
    stream: object  # binary file-like object, read once


@dataclass(frozen=True)
class Attachment:
    id: int
    owner_table: str
    owner_id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str
    caption: str | None
    uploaded_by_id: int | None
    uploader: str | None
    created_at: datetime | None
    removed_at: datetime | None

    @property
    def kind(self):
        return kinds.by_mime(self.content_type)

    @property
    def size_text(self):
        return names.human_size(self.size_bytes)


# --- rules ------------------------------------------------------------------------------------

def enabled(registry):
    return TABLE in registry.specs


def takes_attachments(registry, table):
    spec = registry.specs.get(table)
    return enabled(registry) and spec is not None and spec.attachments


def may_view(grants, table):
    return grants.can("view", table)


def may_attach(grants, table):
    return grants.can("view", table) and grants.can("edit", table)


def may_remove(grants, user_id, item):
    table = item.owner_table
    if not grants.can("view", table):
        return False
    own = user_id is not None and item.uploaded_by_id == user_id
    return grants.can("delete", table) or (own and grants.can("edit", table))


def owner_visible(session, registry, table, record_id, estate_ids):
    """Does the record exist and lie within `estate_ids` (None: every estate)?"""
    if table not in registry.specs or "id" not in registry.spec(table).columns:
        return False
    model = registry.model(table)
    query = scope.apply(select(model.id).where(model.id == record_id), registry, registry.estate_paths, table,
                        estate_ids)
    return session.execute(query).first() is not None


def _require_owner(session, registry, actor, table, record_id):
    if not (takes_attachments(registry, table) and may_view(actor.grants, table)
            and owner_visible(session, registry, table, record_id, actor.grants.estate_ids)):
        raise NotFound("Page not found.")


# --- reading ----------------------------------------------------------------------------------

def _select(registry):
    """The attachment table's columns, and a SELECT of its rows with the uploader's name: plain
    rows, which cost half what ORM objects do on a record's page."""
    a = registry.metadata.tables[TABLE]
    user = registry.metadata.tables["app_user"]
    return a.c, (select(a, user.c.display_name.label("uploader"))
                 .select_from(a.outerjoin(user, user.c.id == a.c.uploaded_by_id)))


def _item(row, uploader):
    return Attachment(row.id, row.owner_table, row.owner_id, row.filename, row.content_type, row.size_bytes,
                      row.sha256, row.storage_key, row.caption, row.uploaded_by_id, uploader, row.created_at,
                      row.removed_at)


def for_record(session, registry, table, record_id):
    """The record's attachments that are not removed, oldest first."""
    if not enabled(registry):
        return []
    def build():
        a, query = _select(registry)
        return (query.where(a.owner_table == bindparam("table"), a.owner_id == bindparam("record_id"),
                            a.removed_at.is_(None))
                .order_by(a.created_at, a.id))
    statement = registry.statement("attachments_of_record", build)
    rows = session.execute(statement, {"table": table, "record_id": record_id}).all()
    return [_item(row, row.uploader) for row in rows]


def visible(session, registry, actor, attachment_id, include_removed=False):
    """The attachment if the actor may see its record, else NotFound (whatever the reason)."""
    if not enabled(registry):
        raise NotFound("Page not found.")
    a, query = _select(registry)
    found = session.execute(query.where(a.id == attachment_id)).first()
    if found is None or (found.removed_at is not None and not include_removed):
        raise NotFound("Page not found.")
    item = _item(found, found.uploader)
    if not (may_view(actor.grants, item.owner_table)
            and owner_visible(session, registry, item.owner_table, item.owner_id, actor.grants.estate_ids)):
        raise NotFound("Page not found.")
    return item


def for_download(session, registry, actor, attachment_id):
    """The attachment to serve; administrators may still fetch a removed one (disputes)."""
    return visible(session, registry, actor, attachment_id, include_removed=bool(actor.grants.is_admin))


# --- writing ----------------------------------------------------------------------------------

def attach(session, registry, store, actor, table, record_id, files, limits, caption=None):
    """Check `files` and attach them all to one record, or none of them; return the new attachments.

    Every file is checked by its content (kinds), its size and its name before any is kept; the
    rows are added through the ORM, so the audit log records them in the caller's transaction.
    """
    _require_owner(session, registry, actor, table, record_id)
    if not may_attach(actor.grants, table):
        raise Forbidden(MAY_NOT_ATTACH)
    files = list(files)
    if not files:
        raise Refused(NO_FILE)
    model = registry.model(TABLE)
    present = session.execute(select(func.count()).select_from(model).where(
        model.owner_table == table, model.owner_id == record_id, model.removed_at.is_(None))).scalar()
    if present + len(files) > limits.max_per_record:
        raise Refused(TOO_MANY, n=limits.max_per_record, has=present)
    staged = []
    try:
        for incoming in files:
            staged.append(_check_and_stage(store, incoming, limits.max_bytes))
        caption = names.clean_caption(caption)
        rows = []
        now = datetime.now()
        for filename, kind, file in staged:
            row = model(owner_table=table, owner_id=record_id, filename=filename, content_type=kind.mime,
                        size_bytes=file.size, sha256=file.sha256, storage_key=store.keep(file), caption=caption,
                        uploaded_by_id=actor.user_id, created_at=now)
            session.add(row)
            rows.append(row)
        session.flush()
    finally:
        for _name, _kind, file in staged:
            store.discard(file)  # staging files left by a refusal; kept ones have moved already
    return [_item(row, None) for row in rows]


def _check_and_stage(store, incoming, max_bytes):
    cleaned = names.clean_filename(incoming.filename)
    shown = cleaned or "—"
    found = []

    def inspect(head):
        kind = kinds.sniff(head)
        if kind is None:
            raise Refused(NOT_ACCEPTED, name=shown)
        if not kinds.name_fits(kind, cleaned):
            raise Refused(MISMATCH, name=shown, kind=kind.label)
        found.append(kind)

    try:
        file = store.stage(incoming.stream, max_bytes, inspect)
    except Empty:
        raise Refused(EMPTY, name=shown) from None
    except TooLarge:
        raise Refused(TOO_LARGE, name=shown, size=names.human_size(max_bytes)) from None
    return names.final_name(cleaned, found[0]), found[0], file


def remove(session, registry, actor, attachment_id, now=None):
    """Take an attachment off its record: removed_at and removed_by are recorded, the file stays."""
    item = visible(session, registry, actor, attachment_id)
    if not may_remove(actor.grants, actor.user_id, item):
        raise Forbidden(MAY_NOT_REMOVE)
    model = registry.model(TABLE)
    row = session.execute(select(model).where(model.id == attachment_id, model.removed_at.is_(None))
                          .with_for_update()).scalar_one_or_none()
    if row is None:  # removed meanwhile by someone else
        raise NotFound("Page not found.")
    row.removed_at = now or datetime.now()
    row.removed_by_id = actor.user_id
    session.flush()
    return item
