"""Document numbers: one sequence per prefix and year in doc_sequence (e.g. FX-2026-000123).

A number is taken with ``UPDATE doc_sequence SET next_no = next_no + n ... RETURNING next_no`` in the
caller's transaction: the row stays locked until that transaction ends (PostgreSQL row lock; on
SQLite the write transaction is BEGIN IMMEDIATE), so two printers never get the same number, and
a transaction that fails gives its numbers back with its rollback: no number is reused and none
is skipped silently. The first number of a year inserts the row; two first uses at once clash
on the unique (doc_type, seq_year) and the loser retries the UPDATE.
Pure domain code: no Flask.
"""

from sqlalchemy import insert
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError


def format_number(prefix, year, number):
    return f"{prefix}-{year}-{number:06d}"


def _table(registry):
    return registry.model("doc_sequence").__table__


def allocate(session, registry, key, year, count=1):
    """Reserve `count` consecutive numbers of sequence (key, year); return the first one."""
    seq = _table(registry)
    for _attempt in range(5):
        row = session.execute(
            update(seq).where(seq.c.doc_type == key, seq.c.seq_year == year)
            .values(next_no=seq.c.next_no + count).returning(seq.c.next_no)).first()
        if row is not None:
            return row[0] - count
        try:
            with session.begin_nested():
                session.execute(insert(seq).values(doc_type=key, seq_year=year, next_no=1 + count))
            return 1
        except IntegrityError:
            continue  # another transaction created the row first: take the number from it
    raise RuntimeError(f"could not take a number from sequence {key}/{year}")


def lock(session, registry, key, year):
    """Hold sequence (key, year) until the transaction ends, creating it when needed.

    Everyone who prints a notice of this type waits here, so checking the archive after this
    call sees every document committed before: a record is never printed twice at one version.
    """
    seq = _table(registry)
    for _attempt in range(5):
        result = session.execute(
            update(seq).where(seq.c.doc_type == key, seq.c.seq_year == year).values(next_no=seq.c.next_no))
        if result.rowcount:
            return
        try:
            with session.begin_nested():
                session.execute(insert(seq).values(doc_type=key, seq_year=year, next_no=1))
        except IntegrityError:
            continue
    raise RuntimeError(f"could not lock sequence {key}/{year}")
