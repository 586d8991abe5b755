"""Every constraint kind in the schema rejects bad data with a message on the field, writes nothing,
and keeps what the user typed. Generated from the reflected schema, for every table."""

import re
from decimal import Decimal

import pytest

from app.admin.generate import field_name

from .helpers import assert_no_leak
from .helpers import count
from .helpers import editable_tables


def field_errors(html, field):
    """The error messages shown under one form field."""
    for chunk in html.split('<div class="form-group'):
        if f'for="{field}"' in chunk:
            parts = chunk.split("invalid-feedback", 1)
            return [m.strip() for m in re.findall(r"<li>(.*?)</li>", parts[1], re.S)] if len(parts) > 1 else []
    return []


def cases(registry, kind):
    """(table, column spec) pairs that carry a constraint of `kind`, one per table and kind."""
    out = []
    for table in editable_tables(registry):
        spec = registry.spec(table)
        for col in spec.form_columns:
            if kind == "required" and col.required and not col.foreign_table and col.kind in ("string", "text"):
                out.append((table, col))
                break
            if kind == "choice" and col.choices:
                out.append((table, col))
                break
            if kind == "range" and col.range and not col.foreign_table:
                out.append((table, col))
                break
            if kind == "length" and col.kind == "string" and col.max_length and not col.choices and not col.pii:
                out.append((table, col))
                break
    return out


def bad_value(col, kind):
    if kind == "required":
        return "   "
    if kind == "choice":
        return "no_such_value"
    if kind == "length":
        return "長" * (col.max_length + 1)
    r = col.range
    if r.minimum is not None:
        return str(r.minimum - (1 if col.kind == "integer" else Decimal("0.01")) if r.min_inclusive else r.minimum)
    return str(r.maximum + (1 if col.kind == "integer" else Decimal("0.01")) if r.max_inclusive else r.maximum)


@pytest.mark.parametrize("kind", ["required", "choice", "range", "length"])
def test_constraint_rejected_with_field_message(kind, login_as, rows, registry, ctx):
    """Does each NOT NULL / CHECK IN / CHECK range / VARCHAR(n) refuse bad input on the right field?"""
    admin = login_as("admin")
    found = cases(registry, kind)
    assert found, f"the schema has no {kind} constraint to test"
    problems = []
    for table, col in found:
        data = rows.form_data(table)
        value = bad_value(col, kind)
        data[col.name] = value
        before = count(ctx, registry, table)
        response = admin.post(f"/admin/{table}/new/", data=data)
        html = response.get_data(as_text=True)
        if response.status_code != 200 or count(ctx, registry, table) != before:
            problems.append(f"{table}.{col.name}: accepted {value!r}")
            continue
        assert_no_leak(html)
        if not field_errors(html, col.name):
            problems.append(f"{table}.{col.name}: no message on the field")
        typed = [v for k, v in data.items() if k != col.name and k != "csrf_token" and len(v) > 3]
        if typed and typed[0].replace("&", "&amp;") not in html:
            problems.append(f"{table}.{col.name}: typed value {typed[0]!r} lost")
    assert not problems, "\n".join(problems)


def test_unique_checked_before_the_database(login_as, rows, registry, ctx):
    """Does every UNIQUE (single or multi-column) give a field message instead of a database error?"""
    admin = login_as("admin")
    problems = []
    tested = 0
    for table in editable_tables(registry):
        spec = registry.spec(table)
        for unique in spec.uniques:
            cols = [spec.columns[c] for c in unique]
            if not all(c.editable for c in cols):
                continue
            data = rows.form_data(table)
            model_values = {}
            for c in cols:
                key = field_name(c)
                if c.foreign_table:
                    model_values[c.name] = int(data.get(key) or rows.make(c.foreign_table).id)
                    data[key] = str(model_values[c.name])
                else:
                    model_values[c.name] = data[key] if c.kind in ("string", "text") else _typed(c, data[key])
            existing = rows.make(table, **model_values)
            assert existing.id
            before = count(ctx, registry, table)
            response = admin.post(f"/admin/{table}/new/", data=data)
            html = response.get_data(as_text=True)
            tested += 1
            if response.status_code != 200 or count(ctx, registry, table) != before:
                problems.append(f"{table}{unique}: duplicate accepted")
                continue
            assert_no_leak(html)
            if not any(field_errors(html, field_name(c)) for c in cols):
                problems.append(f"{table}{unique}: no field message")
            break
    assert tested > 10
    assert not problems, "\n".join(problems)


def _typed(col, raw):
    from datetime import date
    from datetime import datetime

    if col.kind == "integer":
        return int(raw)
    if col.kind == "decimal":
        return Decimal(raw)
    if col.kind == "date":
        return date.fromisoformat(raw)
    if col.kind == "datetime":
        return datetime.fromisoformat(raw)
    return raw


def test_cross_column_rule(login_as, rows, registry, ctx):
    """Does `CHECK (end >= start)` put a message on the end field and write nothing?"""
    admin = login_as("admin")
    tested = 0
    for table in editable_tables(registry):
        spec = registry.spec(table)
        for rule in spec.compares:
            left, right = spec.columns[rule.left], spec.columns[rule.right]
            if left.kind not in ("date", "datetime") or not (left.editable and right.editable):
                continue
            data = rows.form_data(table)
            if left.kind == "date":
                data[left.name], data[right.name] = ("2026-01-01", "2026-02-01") if rule.op.startswith(">") \
                    else ("2026-02-01", "2026-01-01")
            else:
                data[left.name], data[right.name] = ("2026-01-01 09:00:00", "2026-02-01 09:00:00") \
                    if rule.op.startswith(">") else ("2026-02-01 09:00:00", "2026-01-01 09:00:00")
            before = count(ctx, registry, table)
            html = admin.post(f"/admin/{table}/new/", data=data).get_data(as_text=True)
            assert count(ctx, registry, table) == before, f"{table}: {rule} not enforced"
            assert field_errors(html, left.name), f"{table}: no message on {left.name}"
            tested += 1
    assert tested >= 3
