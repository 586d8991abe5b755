"""Template contexts made of plain values (strings, numbers, dates, lists of dicts) from records.

No ORM object, no lazy attribute, nothing with a method a template could call reaches a notice
template: the declaration in notices.toml says which fields and rows to read, and this module
reads them into dicts. Phone numbers are masked; identity numbers are never read (the catalogue
refuses to declare one). Choice values print as their Traditional Chinese labels.
Pure domain code: no Flask.
"""

import ast
import functools
import hashlib
import json
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from app.privacy import mask_phone

from .catalogue import resolve_path

PRINT_LANG = "zh_Hant"  # notices are printed in Traditional Chinese


class NotPrintable(Exception):
    """The record is in a state (or of a kind) this notice is not printed for."""

    def __init__(self, notice_type, reason, value=None):
        super().__init__(f"{notice_type.code}: {reason} {value or ''}".strip())
        self.notice_type = notice_type
        self.reason = reason  # "status" or "condition"
        self.value = value


class MissingData(Exception):
    """Required data is missing: printing would give a half-empty notice."""

    def __init__(self, notice_type, labels):
        super().__init__(f"{notice_type.code}: missing " + ", ".join(lab.en for lab in labels))
        self.notice_type = notice_type
        self.labels = labels  # Labels of the missing items, for a message in the user's language


# --- values ----------------------------------------------------------------------------------

def primitive(value, column=None):
    """A value a template may hold: masked, labelled, never an ORM object."""
    if value is None:
        return None
    if column is not None:
        if column.pii == "id_no" or column.secret:
            return None
        if column.choices and value in column.choice_labels:
            return column.choice_labels[value].get(PRINT_LANG)
        if column.pii == "phone":
            return mask_phone(str(value))
    if isinstance(value, (str, bool, int, float, Decimal, date, datetime)):
        return value
    return str(value)  # a related record: its masked title (RecordBase.__str__)


def read_path(registry, table, obj, path):
    """The value at `path` from `obj` (a record of `table`), as a primitive."""
    _target, column = resolve_path(registry, table, path)
    value = obj
    for step in path.split("."):
        if value is None:
            return None
        value = getattr(value, step, None)
    return primitive(value, column)


def read_field(registry, table, obj, paths):
    """One declared field: a path, or the first non-empty of several alternative paths."""
    for path in paths if isinstance(paths, tuple) else (paths,):
        value = read_path(registry, table, obj, path)
        if value not in (None, ""):
            return value
    return None


def _is_empty(value):
    return value is None or value == "" or value == [] or value == ()


# --- conditions --------------------------------------------------------------------------------

def _operand(value, today):
    if value == "@today":
        return today
    return value


def _clause(model, cond, today):
    col = getattr(model, cond.column)
    value = _operand(cond.value, today)
    if isinstance(value, tuple):
        return col.in_(value) if cond.op == "=" else col.not_in(value)
    return {"=": col.__eq__, "!=": col.__ne__, "<": col.__lt__, "<=": col.__le__,
            ">": col.__gt__, ">=": col.__ge__}[cond.op](value)


def _matches(record, cond, today):
    actual = getattr(record, cond.column, None)
    value = _operand(cond.value, today)
    if isinstance(value, tuple):
        return (actual in value) == (cond.op == "=")
    if cond.op == "=":
        return actual == value
    if cond.op == "!=":
        return actual != value
    if actual is None:
        return False
    return {"<": actual < value, "<=": actual <= value, ">": actual > value, ">=": actual >= value}[cond.op]


def check_printable(registry, ntype, record, today=None):
    """Raise NotPrintable unless the record is in a state and of a kind the type prints."""
    today = today or date.today()
    if ntype.statuses and record.status not in ntype.statuses:
        label = registry.spec(ntype.table).columns["status"].choice_labels.get(record.status)
        raise NotPrintable(ntype, "status", label or record.status)
    for cond in ntype.conditions:
        if not _matches(record, cond, today):
            col = registry.spec(ntype.table).columns[cond.column]
            raise NotPrintable(ntype, "condition", col.labels)


def list_clauses(registry, lst, today):
    model = registry.model(lst.table)
    return [_clause(model, cond, today) for cond in lst.where]


# --- arithmetic in declarations ------------------------------------------------------------------

_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
            ast.Name, ast.Load, ast.Constant, ast.Call)


@functools.cache
def _compile(expr):
    tree = ast.parse(expr, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"not allowed in a notice formula: {expr}")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in ("max", "min")):
            raise ValueError(f"only max() and min() may be called: {expr}")
    return tree.body


def evaluate(expr, values):
    """Evaluate `a - b + c * 2` (and max/min) over a row's values, in Decimal; None counts as 0."""

    def ev(node):
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            value = values.get(node.id)
            return Decimal(0) if value in (None, "") else Decimal(str(value))
        if isinstance(node, ast.UnaryOp):
            return -ev(node.operand)
        if isinstance(node, ast.Call):
            return (max if node.func.id == "max" else min)(ev(a) for a in node.args)
        left, right = ev(node.left), ev(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right if right else Decimal(0)

    return ev(_compile(expr))


# --- the context ---------------------------------------------------------------------------------

def read_rows(session, registry, ntype, lst, record, today):
    """The rows of one declared list, as dicts of plain values."""
    model = registry.model(lst.table)
    key = record.id if lst.key == "id" else read_path(registry, ntype.table, record, lst.key)
    if key is None:
        return []
    stmt = select(model).where(getattr(model, lst.fk) == key, *list_clauses(registry, lst, today))
    for column, descending in lst.order:
        col = getattr(model, column)
        stmt = stmt.order_by(col.desc() if descending else col)
    stmt = stmt.order_by(model.id)
    if lst.limit:
        stmt = stmt.limit(lst.limit)
    objects = session.execute(stmt).scalars().all()
    sums = {}
    ids = [o.id for o in objects]
    for name, s in lst.sums.items():
        target = registry.model(s.table)
        fk = getattr(target, s.fk)
        got = session.execute(select(fk, func.sum(getattr(target, s.column))).where(fk.in_(ids)).group_by(fk)) \
            if ids else []
        sums[name] = {k: Decimal(str(v)) for k, v in got}
    rows = []
    for obj in objects:
        row = {name: read_field(registry, lst.table, obj, paths) for name, paths in lst.fields.items()}
        for name in lst.sums:
            row[name] = sums[name].get(obj.id, Decimal("0.00"))
        for name, expr in lst.computed.items():
            row[name] = evaluate(expr, row).quantize(Decimal("0.01"))
        rows.append(row)
    return rows


def build_data(session, registry, ntype, record, today=None):
    """Everything a notice prints about its record: {"r", "rows", "totals", "estate", "text"}."""
    today = today or date.today()
    fields = {name: read_field(registry, ntype.table, record, paths) for name, paths in ntype.fields.items()}
    rows = {name: read_rows(session, registry, ntype, lst, record, today) for name, lst in ntype.lists.items()}
    totals = {}
    for name, (list_name, column) in ntype.totals.items():
        totals[name] = sum((Decimal(str(r.get(column) or 0)) for r in rows[list_name]), Decimal("0.00"))
    estate = {}
    paths = ntype.estate_path if isinstance(ntype.estate_path, tuple) else (ntype.estate_path,)
    for path in filter(None, paths):
        obj = record
        for step in path.split("."):
            obj = getattr(obj, step, None) if obj is not None else None
        if obj is not None:
            spec = registry.spec("estate")
            estate = {name: primitive(getattr(obj, name, None), spec.columns.get(name))
                      for name in ("name", "name_en", "address", "district", "service_phone")}
            break
    return {"r": fields, "rows": rows, "totals": totals, "estate": estate, "text": dict(ntype.text)}


def missing(registry, ntype, data):
    """Labels of the required items that are empty (fields, lists, totals)."""
    labels = []
    for name in ntype.required:
        if name in ntype.fields:
            value = data["r"].get(name)
            paths = ntype.fields[name]
            path = paths[0] if isinstance(paths, tuple) else paths
            table, column = resolve_path(registry, ntype.table, path)
            label = column.labels if column is not None else registry.spec(table).labels
        elif name in ntype.lists:
            value = data["rows"].get(name)
            label = registry.spec(ntype.lists[name].table).labels
        else:
            value = data["totals"].get(name) or None
            label = registry.spec(ntype.lists[ntype.totals[name][0]].table).labels
        if _is_empty(value):
            labels.append(label)
    return labels


def unit_id(registry, ntype, record):
    if not ntype.unit_path:
        return None
    if ntype.unit_path == "id":
        return record.id
    value = record
    for step in ntype.unit_path.split("."):
        value = getattr(value, step, None) if value is not None else None
    return value if isinstance(value, int) else getattr(value, "id", None)


def subject_version(ntype, record, data, today):
    """The record's version; for notices printed from several records (a pass and its items, a
    unit's open charges) a 31-bit fingerprint of what is printed (and of the month, if declared)."""
    if ntype.version == "record":
        return getattr(record, "version", None)
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    if ntype.period == "month":
        payload += today.strftime("|%Y-%m")
    return int(hashlib.sha256(payload.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF
