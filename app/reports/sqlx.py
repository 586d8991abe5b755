"""Portable SQL pieces for the report queries: month tables, time differences, ratios.

SQLite and PostgreSQL differ in date arithmetic only; everything else is plain SQLAlchemy Core.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import union_all


def dialect_of(session):
    return session.get_bind().dialect.name


def months_table(months, name="months"):
    """A CTE with one row per month: period ('2026-11'), start/end dates, start_at/end_at timestamps.

    Built from literal SELECTs joined by UNION ALL, which both databases accept; fact rows join
    it with range conditions on their indexed date columns, so one query gives every month.
    """
    rows = [select(literal(m.label, String).label("period"), literal(m.start, Date).label("start"),
                   literal(m.end, Date).label("end"), literal(m.start_at, DateTime).label("start_at"),
                   literal(m.end_at, DateTime).label("end_at"))
            for m in months]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte(name)


def month_key(dialect, column):
    """'YYYY-MM' of a date or timestamp column (for grouping a date range in one scan).

    SQLite keeps dates and times as ISO text ('2026-11-05 10:00:00.000000'), whose first seven
    characters are the month: cutting them is several times cheaper than strftime() parsing
    every value.
    """
    if dialect == "sqlite":
        return func.substr(column, 1, 7)
    return func.to_char(column, "YYYY-MM")


def least(dialect, a, b):
    """The smaller of two values: SQLite's two-argument min(), PostgreSQL's least()."""
    if dialect == "sqlite":
        return func.min(a, b)
    return func.least(a, b)


def hours_between(dialect, later, earlier):
    """(later - earlier) in hours, as a float expression."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 24.0
    return func.extract("epoch", later - earlier) / 3600.0


def days_between(dialect, later, earlier):
    """Whole days from `earlier` to `later` (dates), as an integer expression."""
    if dialect == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(later, Date) - cast(earlier, Date)


def num(value):
    """A database number (Decimal, float, int or None) as a float; None stays None."""
    if value is None:
        return None
    return float(value) if isinstance(value, (Decimal, float)) else value


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator; no denominator (no data) has no value, shown as “—”."""

    numerator: float = 0
    denominator: float = 0

    @property
    def value(self):
        if not self.denominator:
            return None
        return float(self.numerator) / float(self.denominator)

    @property
    def pct(self):
        v = self.value
        return None if v is None else v * 100.0

    def __add__(self, other):
        return Ratio(float(self.numerator or 0) + float(other.numerator or 0),
                     float(self.denominator or 0) + float(other.denominator or 0))
