"""Rows and form data made from the reflected schema: make("complaint", status="closed")."""

import itertools
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from app.admin.generate import field_name

_counter = itertools.count(1)


def _number_in_range(col, default):
    r = col.range
    value = Decimal(default)
    if r is not None:
        if r.minimum is not None and (value < r.minimum or (not r.min_inclusive and value == r.minimum)):
            value = r.minimum if r.min_inclusive else r.minimum + 1
        if r.maximum is not None and (value > r.maximum or (not r.max_inclusive and value == r.maximum)):
            value = r.maximum if r.max_inclusive else r.maximum - 1
    return value


def sample_value(spec, col, n):
    """A valid value for `col`, distinct per call where the type allows it."""
    position = list(spec.columns).index(col.name)
    if col.choices:
        return col.choices[0]
    if col.table_choices:
        return "estate"
    if col.kind == "boolean":
        return False
    if col.kind == "integer":
        return int(_number_in_range(col, 1 + n % 50))
    if col.kind == "decimal":
        return _number_in_range(col, "10.50")
    if col.kind == "date":
        return date(2026, 1, 1) + timedelta(days=position)
    if col.kind == "datetime":
        return datetime(2026, 1, 1, 9, 0) + timedelta(hours=position)
    if col.pii == "phone":
        return f"9{n:07d}"[:col.max_length or 30]
    if col.kind == "text":
        return f"測試內容 {n}"
    text = f"測{n}"
    return text[: col.max_length] if col.max_length else text


class RowFactory:
    def __init__(self, registry, session):
        self.registry = registry
        self.session = session

    def _unique_choice(self, table, col):
        """A value for an enumeration that must be unique (one deadline rule per severity): an
        unused one, or the first after removing the row that holds it (the test rolls back)."""
        from sqlalchemy import delete
        from sqlalchemy import select

        model = self.registry.model(table)
        column = getattr(model, col.name)
        used = set(self.session.execute(select(column)).scalars())
        free = [c for c in col.choices if c not in used]
        if free:
            return free[0]
        self.session.execute(delete(model).where(column == col.choices[0]))
        return col.choices[0]

    def _unique_enums(self, table):
        spec = self.registry.spec(table)
        return [spec.columns[u[0]] for u in spec.uniques if len(u) == 1 and spec.columns[u[0]].choices]

    def make(self, table, **overrides):
        """Insert a row with every required column filled (FK targets made as needed)."""
        spec = self.registry.spec(table)
        model = self.registry.model(table)
        values = {}
        n = next(_counter)
        for col in spec.columns.values():
            if col.primary_key or col.name in overrides:
                continue
            if col.foreign_table:
                if not col.nullable:
                    values[col.name] = self.make(col.foreign_table).id
                continue
            if not col.nullable and not col.has_default:
                values[col.name] = sample_value(spec, col, n)
            elif col.secret:
                values[col.name] = "x"
        for col in self._unique_enums(table):
            if col.name not in overrides:
                values[col.name] = self._unique_choice(table, col)
        values.update(overrides)
        row = model(**values)
        self.session.add(row)
        self.session.flush()
        return row

    def form_data(self, table, **overrides):
        """POST data for the create form: every editable column with a valid value."""
        spec = self.registry.spec(table)
        data = {}
        n = next(_counter)
        for col in spec.form_columns:
            key = field_name(col)
            if col.foreign_table:
                if not col.nullable:
                    data[key] = str(self.make(col.foreign_table).id)
                continue
            value = sample_value(spec, col, n)
            if col.kind == "boolean":
                continue  # unchecked
            if col.kind == "datetime":
                value = value.strftime("%Y-%m-%d %H:%M:%S")
            elif col.kind == "date":
                value = value.isoformat()
            data[key] = str(value)
        for col in self._unique_enums(table):
            if col.editable:
                data[col.name] = self._unique_choice(table, col)
        for column, field in _secret_fields(spec).items():
            data[field] = "a-long-password-123"
        data.update({k: str(v) for k, v in overrides.items()})
        return data


def _secret_fields(spec):
    return {c.name: f"{c.name}__new" for c in spec.columns.values() if c.secret}
