"""Field-level differences as JSON-safe values (pure)."""

import json
from datetime import date
from datetime import datetime
from decimal import Decimal


def plain(value):
    """A JSON-safe form of a column value that `restore` turns back."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def restore(value, kind):
    """Turn a stored plain value back into the column's Python type."""
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "decimal":
        return Decimal(value)
    return value


def changes(old, new):
    """{column: [old, new]} for the columns whose value differs."""
    out = {}
    for key in sorted(set(old) | set(new)):
        before, after = plain(old.get(key)), plain(new.get(key))
        if before != after:
            out[key] = [before, after]
    return out


def dumps(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def loads(text):
    return json.loads(text) if text else {}
