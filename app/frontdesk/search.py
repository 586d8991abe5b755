"""Conditions that find parties and units through the lookup indexes schema.sql declares.

SQLite: FTS5 tables of overlapping character pairs (party_search, unit_search), kept by
triggers. PostgreSQL: GIN indexes over the characters and pairs of names and unit codes
(pd_grams), pg_trgm on phone digits. Every index answer is re-checked with LIKE, so a hit is
always a real substring.
"""

from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.dialects import postgresql


def like_pattern(term):
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def pairs(term):
    """The overlapping character pairs the SQLite index holds ("陳大文" -> 陳大, 大文)."""
    return [term[i:i + 2] for i in range(len(term) - 1)]


def fts_query(column, term):
    """An FTS5 query for `term` anywhere in `column`: a phrase of its pairs, or a prefix for one character."""
    if len(term) == 1:
        return f'{column} : "{term.replace(chr(34), chr(34) * 2)}" *'
    phrase = " ".join(pairs(term)).replace('"', '""')
    return f'{column} : "{phrase}"'


def _fts_ids(index, column, term):
    return text(f"SELECT rowid FROM {index} WHERE {index} MATCH :m").bindparams(m=fts_query(column, term))


def _pg_grams(a, b, lowered):
    """pd_grams(a, b) holds every character and pair: the term's pairs (or its one character)."""
    grams = [lowered] if len(lowered) == 1 else sorted(set(pairs(lowered)))
    return func.pd_grams(a, b).op("@>")(literal(grams, type_=postgresql.ARRAY(postgresql.TEXT)))


def _digits(col):
    for ch in (" ", "-", "+", "/"):
        col = func.replace(col, ch, "")
    return col


def party_by_phone(dialect, Party, digits):
    """Parties whose phone or second phone contains `digits` (spaces and dashes ignored)."""
    pattern = like_pattern(digits)
    if dialect == "postgresql":
        # The matches first, through the trigram index, then the caller's order: PostgreSQL
        # cannot estimate a digit fragment's matches and, guessing a thousand, would walk the
        # names in order and strip every phone it passes (67,000 for four digits: 60 ms).
        matched = (select(Party.id).where(func.pd_phone_digits(Party.phone, Party.phone2).like(pattern, escape="\\"))
                   .cte("phone_matches").prefix_with("MATERIALIZED"))
        return Party.id.in_(select(matched.c.id))
    recheck = or_(_digits(Party.phone).like(pattern, escape="\\"), _digits(Party.phone2).like(pattern, escape="\\"))
    if dialect == "sqlite":
        return and_(Party.id.in_(_fts_ids("party_search", "phones", digits)), recheck)
    return recheck


def party_by_name(dialect, Party, term):
    """Parties whose name or English name contains `term` (case-insensitive)."""
    lowered = term.lower()
    pattern = like_pattern(lowered)
    recheck = or_(func.lower(Party.name).like(pattern, escape="\\"),
                  func.lower(Party.name_en).like(pattern, escape="\\"))
    if dialect == "postgresql":
        return and_(_pg_grams(Party.name, Party.name_en, lowered), recheck)
    if dialect == "sqlite":
        return and_(Party.id.in_(_fts_ids("party_search", "name", term)), recheck)
    return recheck


def unit_by_code(dialect, Unit, term):
    """Units whose code or unit number contains `term` (case-insensitive)."""
    pattern = like_pattern(term.lower())
    recheck = or_(func.lower(Unit.code).like(pattern, escape="\\"),
                  func.lower(Unit.unit_no).like(pattern, escape="\\"))
    if dialect == "sqlite":
        return and_(Unit.id.in_(_fts_ids("unit_search", "{code unit_no}", term)), recheck)
    if dialect == "postgresql":
        return and_(_pg_grams(Unit.code, Unit.unit_no, term.lower()), recheck)
    return recheck
