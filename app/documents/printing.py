"""Print a notice from a record, or payment reminders for every overdue unit, and archive them.

The business verbs of this package. They take the session and the acting user explicitly, only
flush (the caller commits: once for one notice, once per chunk for a batch, so a SQLite write
lock is never held for a whole estate), and never read request state.
Pure domain code: no Flask.
"""

import logging
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta

from sqlalchemy import exists
from sqlalchemy import select

from . import archive
from . import contexts
from . import numbering
from . import verify
from .contexts import MissingData
from .contexts import NotPrintable

log = logging.getLogger(__name__)

__all__ = ["Actor", "Settings", "Printed", "UnknownType", "UnknownRecord", "NotPrintable", "MissingData",
           "NotAllowed", "print_notice", "print_batch", "batch_candidates"]


class UnknownType(LookupError):
    pass


class UnknownRecord(LookupError):
    pass


class NotAllowed(PermissionError):
    pass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str | None
    role: str = ""
    is_admin: bool = False
    display_name: str | None = None


SYSTEM = Actor(None, "system", "system", True, "系統")


@dataclass(frozen=True)
class Settings:
    documents_dir: str
    base_url: str
    secret: str


@dataclass
class Printed:
    document: archive.Document
    pdf: bytes
    reused: bool


@dataclass
class BatchResult:
    printed: list = field(default_factory=list)  # Printed, in unit order
    skipped: list = field(default_factory=list)  # (record id, title, exception)
    pdf: bytes = b""

    @property
    def new_count(self):
        return sum(1 for p in self.printed if not p.reused)


def notice_type(catalogue, code):
    ntype = catalogue.get(code)
    if ntype is None:
        raise UnknownType(code)
    return ntype


def _record(session, registry, ntype, record_id):
    record = session.get(registry.model(ntype.table), record_id)
    if record is None:
        raise UnknownRecord(f"{ntype.table} {record_id}")
    return record


def _context(ntype, data, doc_no, today, actor, settings):
    deadline = today + timedelta(days=ntype.deadline_days) if ntype.deadline_days else None
    doc = {"no": doc_no, "date": today, "deadline": deadline, "title": ntype.labels.zh_Hant,
           "title_en": ntype.labels.en, "type": ntype.code, "printed_by": actor.display_name or actor.username,
           "copy_name": None, "copy_index": 1, "copy_count": len(ntype.copies)}
    context = dict(data, doc=doc, qr=None, verify_url=None)
    if ntype.qr == "pass":
        import segno

        url = verify.verify_url(settings.base_url, settings.secret, doc_no)
        context["verify_url"] = url
        context["qr"] = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    return context


def _prepare(session, registry, ntype, record, today):
    contexts.check_printable(registry, ntype, record, today)
    data = contexts.build_data(session, registry, ntype, record, today)
    labels = contexts.missing(registry, ntype, data)
    if labels:
        raise MissingData(ntype, labels)
    return data


class Numbers:
    """New document numbers of one type: from the sequence, in order, in the caller's transaction.
    A number someone already used outside the sequence (imported or typed records) is passed over:
    numbers are never reused."""

    def __init__(self, session, registry, ntype, year, block=1):
        self.session, self.registry, self.ntype, self.year = session, registry, ntype, year
        self.pending = []
        if block > 1:
            first = numbering.allocate(session, registry, ntype.prefix, year, count=block)
            self.pending = list(range(first, first + block))

    def _taken(self, doc_no):
        docs = self.registry.model("generated_document")
        if self.session.execute(select(docs.id).where(docs.doc_no == doc_no)).first():
            return True
        if self.ntype.number_column:
            model = self.registry.model(self.ntype.table)
            column = getattr(model, self.ntype.number_column)
            return self.session.execute(select(model.id).where(column == doc_no)).first() is not None
        return False

    def __call__(self):
        for _attempt in range(10000):
            n = self.pending.pop(0) if self.pending else \
                numbering.allocate(self.session, self.registry, self.ntype.prefix, self.year)
            doc_no = numbering.format_number(self.ntype.prefix, self.year, n)
            if not self._taken(doc_no):
                return doc_no
        raise RuntimeError(f"no free number for {self.ntype.prefix}/{self.year}")


def _number(session, registry, ntype, record, today, fresh):
    """The document number: the record's own number (taken from the sequence on its first print,
    with -2, -3 … on later versions), or a new number per document. `fresh()` gives a new one."""
    if not ntype.number_column:
        return fresh()
    base = getattr(record, ntype.number_column)
    if not base:
        base = fresh()
        setattr(record, ntype.number_column, base)
        if hasattr(record, "version"):
            record.version = (record.version or 0) + 1
        session.flush()
        return base
    earlier = archive.count_for(session, registry, ntype.code, ntype.table, record.id)
    return base if earlier == 0 else f"{base}-{earlier + 1}"


def print_notice(session, registry, catalogue, code, record_id, *, actor, settings, renderer, today=None):
    """Print one notice from one record, or return the archived one if this version was printed.

    :raises UnknownType, UnknownRecord, NotAllowed, NotPrintable, MissingData
    """
    today = today or date.today()
    ntype = notice_type(catalogue, code)
    if not ntype.may_print(actor.role, actor.is_admin):
        raise NotAllowed(code)
    record = _record(session, registry, ntype, record_id)
    data = _prepare(session, registry, ntype, record, today)
    version = contexts.subject_version(ntype, record, data, today)
    found = archive.find(session, registry, ntype.code, ntype.table, record.id, version)
    if found is None:
        numbering.lock(session, registry, ntype.prefix, today.year)
        found = archive.find(session, registry, ntype.code, ntype.table, record.id, version)
    if found is not None:
        return Printed(found, archive.read(settings.documents_dir, found), reused=True)
    doc_no = _number(session, registry, ntype, record, today, Numbers(session, registry, ntype, today.year))
    if ntype.number_column:
        data = _prepare(session, registry, ntype, record, today)  # the record now carries its number
        version = contexts.subject_version(ntype, record, data, today)
    context = _context(ntype, data, doc_no, today, actor, settings)
    pdf, pages = renderer.render_notice(ntype.template, context, ntype.copies)
    document = archive.store(
        session, registry, settings.documents_dir, pdf, doc_no=doc_no, doc_type=ntype.code,
        subject_table=ntype.table, subject_id=record.id, subject_version=version,
        unit_id=contexts.unit_id(registry, ntype, record), page_count=pages,
        user_id=actor.user_id, username=actor.username)
    return Printed(document, pdf, reused=False)


# --- batches -----------------------------------------------------------------------------------

def batch_candidates(session, registry, catalogue, code, scope_table, scope_id, today=None):
    """Ids of the records a batch prints: those whose required list is not empty (a unit with
    overdue charges), within an estate or a building."""
    today = today or date.today()
    ntype = notice_type(catalogue, code)
    if ntype.batch is None:
        raise UnknownType(f"{code} is not printed in batches")
    lst = ntype.lists[ntype.batch.requires]
    model = registry.model(ntype.table)
    child = registry.model(lst.table)
    key = model.id if lst.key == "id" else getattr(model, lst.key)
    stmt = select(model.id).where(exists().where(getattr(child, lst.fk) == key,
                                                 *contexts.list_clauses(registry, lst, today)))
    path = ntype.batch.scopes.get(scope_table)
    if path is None:
        raise UnknownType(f"{code} has no batch scope {scope_table}")
    steps = path.split(".")
    current = model
    for step in steps[:-1]:
        target = registry.model(registry.spec(current.__table__.name).columns[f"{step}_id"].foreign_table)
        stmt = stmt.join(target, getattr(current, f"{step}_id") == target.id)
        current = target
    stmt = stmt.where(getattr(current, steps[-1]) == scope_id).order_by(model.id)
    return list(session.execute(stmt).scalars())


def print_batch(session, registry, catalogue, code, record_ids, *, actor, settings, renderer, today=None,
                chunk_size=100, commit=None, progress=None, workers=None):
    """Print the notice for every record id, one after the other in one PDF (one notice per page
    group). Versions already archived are reused, so running a batch twice prints nothing twice.

    :param commit: called after each chunk (the caller's commit), so a long batch does not hold a
        write lock for minutes; numbers are taken and archived inside each chunk's transaction.
    :param progress: called with (done, total) as notices are ready.
    """
    today = today or date.today()
    ntype = notice_type(catalogue, code)
    if not ntype.may_print(actor.role, actor.is_admin):
        raise NotAllowed(code)
    result = BatchResult()
    parts = []  # the PDFs the batch PDF is made of, in order (archived notices and new chunks)
    total = len(record_ids)
    done = 0
    for start in range(0, total, chunk_size):
        ids = record_ids[start:start + chunk_size]
        prepared = []  # (record, data, version)
        slots = []  # per id: Printed or None (to render) — keeps unit order
        for record_id in ids:
            try:
                record = _record(session, registry, ntype, record_id)
                data = _prepare(session, registry, ntype, record, today)
            except (UnknownRecord, NotPrintable, MissingData) as exc:
                result.skipped.append((record_id, exc))
                continue
            version = contexts.subject_version(ntype, record, data, today)
            prepared.append((record, data, version))
        if prepared:
            numbering.lock(session, registry, ntype.prefix, today.year)
        todo = []
        for record, data, version in prepared:
            found = archive.find(session, registry, ntype.code, ntype.table, record.id, version)
            if found is not None:
                slots.append(Printed(found, archive.read(settings.documents_dir, found), reused=True))
                done += 1
            else:
                slots.append(None)
                todo.append((record, data, version))
        fresh = Numbers(session, registry, ntype, today.year,
                        block=len(todo) if todo and not ntype.number_column else 1)
        jobs = [_number(session, registry, ntype, record, today, fresh) for record, data, version in todo]
        contexts_ = [_context(ntype, data, doc_no, today, actor, settings)
                     for (record, data, version), doc_no in zip(todo, jobs)]

        def tick(n, _base=done):
            tick.count += n
            if progress:
                progress(_base + tick.count, total)
        tick.count = 0
        if progress:
            progress(done, total)
        rendered, chunk_pdfs = _render_jobs(renderer, ntype, contexts_, workers, tick) if todo else ([], [])
        done += len(rendered)
        it = iter(zip(todo, jobs, rendered))
        for i, slot in enumerate(slots):
            if slot is not None:
                continue
            (record, data, version), doc_no, (pdf, pages) = next(it)
            document = archive.store(
                session, registry, settings.documents_dir, pdf, doc_no=doc_no, doc_type=ntype.code,
                subject_table=ntype.table, subject_id=record.id, subject_version=version,
                unit_id=contexts.unit_id(registry, ntype, record), page_count=pages,
                user_id=actor.user_id, username=actor.username)
            slots[i] = Printed(document, pdf, reused=False)
        result.printed.extend(slots)
        if len(todo) == len(slots):
            parts.extend(chunk_pdfs)  # all new: the chunks' PDFs share their fonts
        else:
            parts.extend(p.pdf for p in slots)  # reused ones in between: keep the record order
        if commit:
            commit()
        if progress:
            progress(done, total)
    if parts:
        from .render import merge_pdfs

        result.pdf = merge_pdfs(parts)
    return result


def _render_jobs(renderer, ntype, contexts_, workers, tick):
    """New notices of a batch: laid out in chunks (on every core for big batches), or one by one
    for types printed in several copies."""
    from .render import render_many

    if ntype.copies:
        out = []
        for context in contexts_:
            out.append(renderer.render_notice(ntype.template, context, ntype.copies))
            tick(1)
        return out, [pdf for pdf, _pages in out]
    return render_many(renderer, ntype.template, contexts_, workers=workers, on_chunk=tick)
