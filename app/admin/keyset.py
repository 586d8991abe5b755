"""Keyset pagination for list pages: "the 20 rows after this one" instead of OFFSET.

OFFSET n reads and throws away n rows, so page 5,000 of a 200,000-row list reads 100,000 index
entries. The "next page" link instead carries the sort values of the page's last row, and the
next page starts right after them: (received_at, id) < (:last_received_at, :last_id), which an
index answers directly. Possible when every sort column belongs to the table and cannot be NULL,
with the primary key last to make the order total.
"""

import json
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import String
from sqlalchemy import and_
from sqlalchemy import cast
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import tuple_

MAX_TOKEN = 500  # characters: a token is a handful of values


def sort_keys(table, orders, pk_name):
    """[(column name, desc)] ending with the primary key, or None when keyset cannot serve.

    `orders` is the list's ORDER BY as (column name, desc) pairs."""
    keys = []
    for name, desc in orders:
        column = table.c.get(name) if isinstance(name, str) else None
        if column is None or column.nullable:
            return None
        keys.append((name, bool(desc)))
        if name == pk_name:
            return keys
    if not keys:
        return None
    return keys + [(pk_name, keys[-1][1])]


def encode(session, model, row, keys):
    """The token for the rows after `row`. On SQLite times are taken as the database stores them:
    it keeps them as text, a default CURRENT_TIMESTAMP without fractions and the ORM with them,
    and the list is ordered by that text, so the next page must compare with the same text.
    PostgreSQL's times are typed: the row's own value is exact, and no statement is needed."""
    table = model.__table__
    timed = [name for name, _desc in keys if _is_time(table.c[name])]
    stored = {}
    if timed and session.get_bind().dialect.name != "sqlite":
        stored = {name: getattr(row, name).isoformat() for name in timed}
    elif timed:
        pk = list(table.primary_key.columns)[0]
        values = session.execute(select(*[cast(table.c[n], String) for n in timed])
                                 .where(pk == getattr(row, pk.name))).one()
        stored = dict(zip(timed, values))
    return json.dumps([stored[name] if name in stored else _plain(getattr(row, name)) for name, _desc in keys],
                      ensure_ascii=False, separators=(",", ":"))


def decode(token, table, keys, dialect="sqlite"):
    """The values in `token` typed like their columns, or None for anything malformed. On SQLite
    times stay the stored text (bound as text, compared as the ORDER BY compares them)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        values = json.loads(token)
    except ValueError:
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    typed = []
    for (name, _desc), value in zip(keys, values):
        column = table.c[name]
        try:
            checked = _typed(column, value)
        except (TypeError, ValueError, ArithmeticError):
            return None
        if dialect == "sqlite" and _is_time(column):
            typed.append(literal(value, String))
        else:
            typed.append(literal(checked, column.type))
    return typed


def after(model, keys, values):
    """Rows that come after `values` in the order of `keys`: a row-value comparison, which both
    databases answer with an index range; spelled out as OR terms when the directions differ."""
    directions = {desc for _name, desc in keys}
    if len(directions) == 1:
        row = tuple_(*[getattr(model, name) for name, _desc in keys])
        return row < tuple_(*values) if directions == {True} else row > tuple_(*values)
    alternatives = []
    for i, (name, desc) in enumerate(keys):
        column = getattr(model, name)
        equal = [getattr(model, n) == values[j] for j, (n, _d) in enumerate(keys[:i])]
        step = column < values[i] if desc else column > values[i]
        alternatives.append(and_(*equal, step))
    return or_(*alternatives)


def _is_time(column):
    try:
        return column.type.python_type in (datetime, date)
    except NotImplementedError:
        return False


def _plain(value):
    """A non-time sort value as JSON takes it (times come as the database stores them)."""
    return str(value) if isinstance(value, Decimal) else value


def _typed(column, value):
    if value is None:
        raise ValueError("keyset values are never NULL")
    kind = column.type.python_type
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(value)
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(value)
        return value
    if kind is Decimal:
        return Decimal(str(value))
    if not isinstance(value, str):
        raise ValueError(value)
    return value
