"""Reading a record's history and putting a record back as it was. Domain code: no Flask."""

from sqlalchemy import bindparam
from sqlalchemy import select

from .diff import loads
from .diff import restore

SKIPPED_ON_REVERT = frozenset({"id", "version", "created_at", "updated_at"})


class RevertError(Exception):
    pass


def _audit(registry):
    return registry.metadata.tables["audit_log"]


def entries(session, registry, table, record_id, limit=200):
    """The record's changes, newest first: (id, at, action, username, {column: [old, new]})."""
    def build():
        audit = _audit(registry)
        return (select(audit.c.id, audit.c.created_at, audit.c.action, audit.c.username, audit.c.changes)
                .where(audit.c.table_name == bindparam("table"), audit.c.record_id == bindparam("record_id"),
                       audit.c.action.in_(("insert", "update", "delete", "revert", "transition")))
                .order_by(audit.c.id.desc()).limit(limit))
    statement = registry.statement(("audit_entries", limit), build)
    rows = session.execute(statement, {"table": table, "record_id": record_id}).all()
    return [(r.id, r.created_at, r.action, r.username, loads(r.changes)) for r in rows]


def was_deleted(session, registry, table, record_id):
    latest = entries(session, registry, table, record_id, limit=1)
    return bool(latest) and latest[0][2] == "delete"


def changes_since(session, registry, table, record_id, seen_version):
    """(who, when, column, old, new) of the changes that moved the record past `seen_version`."""
    out = []
    for _id, at, action, who, diff in reversed(entries(session, registry, table, record_id)):
        version = diff.get("version")
        if not version or version[1] is None or int(version[1]) <= seen_version:
            continue
        for column, (old, new) in diff.items():
            out.append((who, at, column, old, new))
    return out


def revert(session, registry, table, record_id, entry_id, protected=()):
    """Undo entry `entry_id` and every later change of the record: its columns get the values they
    had just before. Workflow status columns (`protected`) are left to the workflow. A deleted
    record comes back. The ORM flush records the change; a `revert` entry says why."""
    from . import recorder

    later = [e for e in entries(session, registry, table, record_id, limit=10000) if e[0] >= entry_id]
    if not later or later[-1][0] != entry_id:
        raise RevertError("That history entry does not belong to this record.")
    if later[-1][2] == "insert":
        raise RevertError("A record cannot be reverted to before it existed; delete it instead.")
    spec = registry.spec(table)
    model = registry.model(table)
    values = {}
    for _id, _at, action, _who, diff in later:  # newest first: older entries overwrite
        for column, pair in diff.items():
            if column in spec.columns and column not in SKIPPED_ON_REVERT and column not in protected:
                values[column] = restore(pair[0], spec.columns[column].kind)
    record = session.get(model, record_id)
    if record is None:
        deleted = next((e for e in later if e[2] == "delete"), None)
        if deleted is None:
            raise RevertError("The record no longer exists.")
        base = {c: restore(pair[0], spec.columns[c].kind) for c, pair in deleted[4].items() if c in spec.columns}
        base.update({k: v for k, v in values.items() if v is not None or not spec.columns[k].required})
        record = model(**base)
        session.add(record)
    else:
        for column, value in values.items():
            if value is None and spec.columns[column].required:
                continue
            setattr(record, column, value)
        if "version" in spec.columns:
            record.version = (record.version or 0) + 1
    session.flush()
    recorder.record(session, registry.metadata, "revert", table, record_id, {"_before_entry": [None, entry_id]})
    return record
