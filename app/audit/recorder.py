"""Write audit_log rows in the same transaction as the change they describe.

A SQLAlchemy `after_flush` listener sees every ORM insert, update and delete (generated screens,
imports, CLI); code that writes with Core statements (the workflow engine) calls `record` itself.
The acting user comes from a context variable the web layer and the CLI set; domain code never
reads request state.
"""

import contextvars
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import NO_VALUE

from .diff import changes as diff_changes
from .diff import dumps
from .diff import plain

NOT_AUDITED = frozenset({"audit_log", "status_history", "workflow_position", "approval_step", "doc_sequence"})


@dataclass(frozen=True)
class AuditActor:
    user_id: int | None
    username: str | None
    ip_address: str | None = None


SYSTEM = AuditActor(None, "system")
current_actor = contextvars.ContextVar("audit_actor", default=SYSTEM)


def record(session, metadata, action, table_name=None, record_id=None, changes=None, actor=None):
    """Add one audit row on the session's connection, inside the current transaction.

    :param metadata: the reflected MetaData holding the audit_log table (registry.metadata)
    """
    actor = actor or current_actor.get()
    audit = metadata.tables.get("audit_log")
    if audit is None:
        return
    session.connection().execute(insert(audit).values(
        action=action, table_name=table_name, record_id=record_id, user_id=actor.user_id,
        username=(actor.username or "")[:50] or None, changes=dumps(changes) if changes is not None else None,
        ip_address=actor.ip_address, created_at=datetime.now()))


def install():
    """Audit every ORM flush of reflected classes (once per process; idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _columns(obj):
    return [c.key for c in sa_inspect(obj).mapper.column_attrs]


def _after_flush(session, flush_context):
    entries = []
    for obj in session.new:
        table = getattr(obj, "__table__", None)
        if table is None or table.name in NOT_AUDITED:
            continue
        values = {k: getattr(obj, k) for k in _columns(obj)}
        entries.append(("insert", table, values.get("id"), {k: [None, plain(v)] for k, v in values.items()
                                                                  if v is not None}))
    for obj in session.dirty:
        table = getattr(obj, "__table__", None)
        if table is None or table.name in NOT_AUDITED or not session.is_modified(obj, include_collections=False):
            continue
        state = sa_inspect(obj)
        old, new = {}, {}
        for key in _columns(obj):
            hist = state.attrs[key].history
            if hist.has_changes():
                old[key] = hist.deleted[0] if hist.deleted else None
                new[key] = hist.added[0] if hist.added else None
        diff = diff_changes(old, new)
        if diff:
            entries.append(("update", table, getattr(obj, "id", None), diff))
    for obj in session.deleted:
        table = getattr(obj, "__table__", None)
        if table is None or table.name in NOT_AUDITED:
            continue
        values = {k: sa_inspect(obj).attrs[k].loaded_value for k in _columns(obj)}
        entries.append(("delete", table, values.get("id"),
                        {k: [plain(v), None] for k, v in values.items() if v is not None and v is not NO_VALUE}))
    if not entries:
        return
    audit = entries[0][1].metadata.tables.get("audit_log")
    if audit is None:
        return
    actor = current_actor.get()
    now = datetime.now()
    username = (actor.username or "")[:50] or None
    # One multi-row statement per flush: a flush of many rows must not pay a round trip per row.
    session.connection().execute(insert(audit), [
        {"action": action, "table_name": table.name, "record_id": record_id if isinstance(record_id, int) else None,
         "user_id": actor.user_id, "username": username, "changes": dumps(diff), "ip_address": actor.ip_address,
         "created_at": now}
        for action, table, record_id, diff in entries])
