"""The archive of generated documents: PDF bytes on disk named by their SHA-256, one
generated_document row each (number, type, source record and its version, unit, who).

Reprinting a record at the same version returns the archived document instead of a new one.
Files live under the instance folder's documents/ directory, outside anything served statically;
the web layer serves them only after a permission check on the source record's table.
Pure domain code: no Flask.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import bindparam
from sqlalchemy import select


class ArchiveError(Exception):
    """An archived file is missing or no longer matches its SHA-256."""


@dataclass(frozen=True)
class Document:
    id: int
    doc_no: str
    doc_type: str
    subject_table: str
    subject_id: int
    subject_version: int | None
    unit_id: int | None
    file_path: str
    sha256: str
    page_count: int | None
    created_at: datetime | None = None


def _table(registry):
    return registry.model("generated_document").__table__


def _doc(row):
    return Document(**{k: row._mapping[k] for k in Document.__dataclass_fields__})


def find(session, registry, doc_type, subject_table, subject_id, subject_version):
    """The newest archived document of this type for this record at this version, or None."""
    t = _table(registry)
    row = session.execute(select(t).where(
        t.c.doc_type == doc_type, t.c.subject_table == subject_table, t.c.subject_id == subject_id,
        t.c.subject_version == subject_version).order_by(t.c.id.desc()).limit(1)).first()
    return _doc(row) if row else None


def count_for(session, registry, doc_type, subject_table, subject_id):
    t = _table(registry)
    return session.execute(select(func.count()).select_from(t).where(
        t.c.doc_type == doc_type, t.c.subject_table == subject_table, t.c.subject_id == subject_id)).scalar()


def latest_for(session, registry, doc_type, subject_table, subject_id):
    t = _table(registry)
    row = session.execute(select(t).where(
        t.c.doc_type == doc_type, t.c.subject_table == subject_table, t.c.subject_id == subject_id)
        .order_by(t.c.id.desc()).limit(1)).first()
    return _doc(row) if row else None


def for_subject(session, registry, subject_table, subject_id, limit=20):
    def build():
        t = _table(registry)
        return (select(t).where(t.c.subject_table == bindparam("table"), t.c.subject_id == bindparam("record_id"))
                .order_by(t.c.id.desc()).limit(limit))
    statement = registry.statement(("documents_of_subject", limit), build)
    rows = session.execute(statement, {"table": subject_table, "record_id": subject_id}).all()
    return [_doc(r) for r in rows]


def get(session, registry, document_id):
    row = session.execute(select(_table(registry)).where(_table(registry).c.id == document_id)).first()
    return _doc(row) if row else None


def by_number(session, registry, doc_no):
    t = _table(registry)
    row = session.execute(select(t).where(t.c.doc_no == doc_no)).first()
    return _doc(row) if row else None


def write_file(documents_dir, pdf):
    """Store the bytes under documents_dir/<ab>/<sha256>.pdf (once); return (relative path, sha256)."""
    sha = hashlib.sha256(pdf).hexdigest()
    relative = f"{sha[:2]}/{sha}.pdf"
    path = Path(documents_dir) / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        os.replace(tmp, path)
    return relative, sha


def store(session, registry, documents_dir, pdf, *, doc_no, doc_type, subject_table, subject_id,
          subject_version, unit_id, page_count, user_id=None, username=None):
    """Archive one generated PDF: the file, its generated_document row and a 'print' audit row,
    in the caller's transaction."""
    relative, sha = write_file(documents_dir, pdf)
    t = _table(registry)
    now = datetime.now()
    new_id = session.execute(insert(t).values(
        doc_no=doc_no, doc_type=doc_type, subject_table=subject_table, subject_id=subject_id,
        subject_version=subject_version, unit_id=unit_id, file_path=relative, sha256=sha,
        page_count=page_count, generated_by_id=user_id, created_at=now).returning(t.c.id)).scalar_one()
    audit = registry.metadata.tables.get("audit_log")
    if audit is not None:
        session.execute(insert(audit).values(
            action="print", table_name=subject_table, record_id=subject_id, user_id=user_id,
            username=(username or "")[:50] or None, created_at=now,
            changes=json.dumps({"doc_no": doc_no, "doc_type": doc_type, "sha256": sha}, ensure_ascii=False)))
    return Document(new_id, doc_no, doc_type, subject_table, subject_id, subject_version, unit_id, relative,
                    sha, page_count, now)


def read(documents_dir, document):
    """The archived bytes, checked against the recorded SHA-256."""
    path = Path(documents_dir) / document.file_path
    resolved = path.resolve()
    if Path(documents_dir).resolve() not in resolved.parents:
        raise ArchiveError(f"{document.doc_no}: file path outside the archive")
    try:
        data = resolved.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"{document.doc_no}: archived file is missing") from exc
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise ArchiveError(f"{document.doc_no}: archived file does not match its SHA-256")
    return data
