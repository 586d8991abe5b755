"""The catalogue of notice types, read from templates/notices/notices.toml and checked against the schema.

A notice type is data: which table it prints from, which fields (FK paths such as
``building.estate.name``), which child rows (``goods_release_item`` by ``goods_release_pass_id``),
which roles may print it, in which states, in how many copies, under which number prefix. Adding a
type is a template plus a declaration; this module turns the declaration into frozen objects and
refuses, at start-up, one that names a missing column, a missing template or an identity number.
Pure: no Flask.
"""

import tomllib
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from app.schema.annotations import Labels

OPERATORS = ("<=", ">=", "!=", "<", ">")
VERSION_MODES = ("record", "content")


class CatalogueError(ValueError):
    """A notice declaration that cannot work with this schema."""


@dataclass(frozen=True)
class Condition:
    column: str
    op: str  # = != < <= > >=
    value: object  # a scalar, a tuple (IN / NOT IN) or "@today"


@dataclass(frozen=True)
class RowSum:
    table: str
    fk: str
    column: str


@dataclass(frozen=True)
class ListSpec:
    """Rows of another table that belong to the record: `table.fk == record.<key>`."""

    name: str
    table: str
    fk: str
    key: str = "id"
    where: tuple = ()
    order: tuple = ()  # (column, descending)
    fields: dict = field(default_factory=dict)  # name -> path or tuple of paths
    sums: dict = field(default_factory=dict)  # name -> RowSum
    computed: dict = field(default_factory=dict)  # name -> arithmetic expression over the row
    limit: int | None = None


@dataclass(frozen=True)
class BatchSpec:
    """Which records a batch prints: those whose `requires` list is not empty, within a scope."""

    requires: str
    scopes: dict  # scope table (estate, building) -> path from the source table to its id


@dataclass(frozen=True)
class NoticeType:
    code: str
    labels: Labels
    prefix: str
    table: str
    template: str
    roles: tuple
    statuses: tuple = ()
    conditions: tuple = ()  # Condition on the record itself
    copies: tuple = ()
    fields: dict = field(default_factory=dict)  # name -> path or tuple of alternative paths
    lists: dict = field(default_factory=dict)  # name -> ListSpec
    totals: dict = field(default_factory=dict)  # name -> (list name, row field)
    required: tuple = ()
    text: dict = field(default_factory=dict)
    number_column: str | None = None
    estate_path: str | tuple | None = None  # path(s) to the estate; the first non-empty one
    unit_path: str | None = None
    version: str = "record"
    period: str | None = None  # "month": a content version also changes with the month
    deadline_days: int | None = None
    qr: str | None = None  # "pass": a verification QR code
    verify_roles: tuple = ()
    batch: BatchSpec | None = None

    def __str__(self):
        return str(self.labels)

    def may_print(self, role, is_admin=False):
        return is_admin or role in self.roles


@dataclass
class Catalogue:
    types: dict  # code -> NoticeType, in file order
    source: Path

    def get(self, code):
        return self.types.get(code)

    def for_table(self, table):
        return [t for t in self.types.values() if t.table == table]

    def __iter__(self):
        return iter(self.types.values())


def load(path, registry=None, templates_dir=None):
    """Read the catalogue; with a registry, check every declaration against the schema."""
    path = Path(path)
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    types = {}
    for code, raw in (data.get("types") or {}).items():
        types[code] = _notice_type(code, raw)
    catalogue = Catalogue(types, path)
    if registry is not None:
        check(catalogue, registry, Path(templates_dir or path.parent))
    return catalogue


def _labels(raw, code):
    if isinstance(raw, (list, tuple)) and raw:
        parts = (list(raw) + ["", "", ""])[:3]
        return Labels(parts[0], parts[1] or parts[0], parts[2] or parts[0])
    raise CatalogueError(f"{code}: labels = [繁, En, 简] is required")


def _paths(value):
    return tuple(value) if isinstance(value, list) else value


def _conditions(raw):
    out = []
    for key, value in (raw or {}).items():
        op = "="
        for candidate in OPERATORS:
            if key.endswith(candidate):
                key, op = key[: -len(candidate)].strip(), candidate
                break
        if isinstance(value, list):
            value = tuple(value)
        out.append(Condition(key, op, value))
    return tuple(out)


def _order(raw):
    out = []
    for item in raw or ():
        parts = item.split()
        out.append((parts[0], len(parts) > 1 and parts[1].lower() == "desc"))
    return tuple(out)


def _notice_type(code, raw):
    try:
        lists = {}
        for name, lraw in (raw.get("lists") or {}).items():
            sums = {k: RowSum(v["table"], v["fk"], v["column"]) for k, v in (lraw.get("sums") or {}).items()}
            lists[name] = ListSpec(
                name=name, table=lraw["table"], fk=lraw["fk"], key=lraw.get("key", "id"),
                where=_conditions(lraw.get("where")), order=_order(lraw.get("order")),
                fields={k: _paths(v) for k, v in (lraw.get("fields") or {}).items()},
                sums=sums, computed=dict(lraw.get("computed") or {}), limit=lraw.get("limit"))
        totals = {}
        for name, ref in (raw.get("totals") or {}).items():
            list_name, _, column = ref.partition(".")
            totals[name] = (list_name, column)
        batch = None
        if raw.get("batch"):
            batch = BatchSpec(requires=raw["batch"]["requires"], scopes=dict(raw["batch"].get("scopes") or {}))
        conditions = _conditions(raw.get("conditions"))
        version = raw.get("version", "record")
        if version not in VERSION_MODES:
            raise CatalogueError(f"{code}: version must be one of {VERSION_MODES}")
        return NoticeType(
            code=code, labels=_labels(raw.get("labels"), code), prefix=raw["prefix"], table=raw["table"],
            template=raw.get("template", f"{code}.html"), roles=tuple(raw.get("roles") or ()),
            statuses=tuple(raw.get("statuses") or ()), conditions=conditions,
            copies=tuple(raw.get("copies") or ()),
            fields={k: _paths(v) for k, v in (raw.get("fields") or {}).items()},
            lists=lists, totals=totals, required=tuple(raw.get("required") or ()),
            text=dict(raw.get("text") or {}), number_column=raw.get("number_column"),
            estate_path=_paths(raw.get("estate")), unit_path=raw.get("unit"), version=version,
            period=raw.get("period"), deadline_days=raw.get("deadline_days"), qr=raw.get("qr"),
            verify_roles=tuple(raw.get("verify_roles") or ()), batch=batch)
    except KeyError as exc:
        raise CatalogueError(f"{code}: {exc.args[0]} is required") from exc


# --- checking against the schema -------------------------------------------------------------

def resolve_path(registry, table, path):
    """Walk `a.b.c` from `table`: every step but the last is a many-to-one relationship (an FK
    column without `_id`); the last is a column or a relationship. Returns (table, ColumnSpec|None)
    of the last step; raises CatalogueError when the path does not exist."""
    steps = path.split(".")
    current = table
    for i, step in enumerate(steps):
        spec = registry.specs.get(current)
        if spec is None:
            raise CatalogueError(f"{path}: no table {current}")
        last = i == len(steps) - 1
        if last and step in spec.columns:
            return current, spec.columns[step]
        fk = spec.columns.get(f"{step}_id")
        if fk is None or not fk.foreign_table:
            raise CatalogueError(f"{path}: {current} has no column or relationship {step}")
        current = fk.foreign_table
    return current, None


def _check_path(registry, table, path, where):
    target_table, column = resolve_path(registry, table, path)
    if column is not None and column.pii == "id_no":
        raise CatalogueError(f"{where}: {path} is an identity number; no notice prints one")
    if column is not None and column.secret:
        raise CatalogueError(f"{where}: {path} is secret")
    return target_table, column


def check(catalogue, registry, templates_dir):
    prefixes = {}
    for t in catalogue:
        where = f"notice type {t.code}"
        if t.table not in registry.specs:
            raise CatalogueError(f"{where}: no table {t.table}")
        spec = registry.spec(t.table)
        if not (templates_dir / t.template).exists():
            raise CatalogueError(f"{where}: template {t.template} is missing")
        if t.prefix in prefixes:
            raise CatalogueError(f"{where}: prefix {t.prefix} is also used by {prefixes[t.prefix]}")
        prefixes[t.prefix] = t.code
        if t.statuses and "status" not in spec.columns:
            raise CatalogueError(f"{where}: {t.table} has no status column")
        for status in t.statuses:
            if status not in spec.columns["status"].choices:
                raise CatalogueError(f"{where}: unknown status {status}")
        for cond in t.conditions:
            if cond.column not in spec.columns:
                raise CatalogueError(f"{where}: condition on unknown column {cond.column}")
        if t.number_column and t.number_column not in spec.columns:
            raise CatalogueError(f"{where}: no column {t.number_column}")
        for name, paths in t.fields.items():
            for path in paths if isinstance(paths, tuple) else (paths,):
                _check_path(registry, t.table, path, where)
        estates = t.estate_path if isinstance(t.estate_path, tuple) else (t.estate_path,)
        for path in estates + (t.unit_path,):
            if path:
                _check_path(registry, t.table, path, where)
        for lst in t.lists.values():
            if lst.table not in registry.specs or lst.fk not in registry.spec(lst.table).columns:
                raise CatalogueError(f"{where}: list {lst.name}: no {lst.table}.{lst.fk}")
            if lst.key != "id":
                _check_path(registry, t.table, lst.key, where)
            for cond in lst.where:
                if cond.column not in registry.spec(lst.table).columns:
                    raise CatalogueError(f"{where}: list {lst.name}: unknown column {cond.column}")
            for name, paths in lst.fields.items():
                for path in paths if isinstance(paths, tuple) else (paths,):
                    _check_path(registry, lst.table, path, f"{where}, list {lst.name}")
            for s in lst.sums.values():
                cols = registry.specs.get(s.table).columns if s.table in registry.specs else {}
                if s.fk not in cols or s.column not in cols:
                    raise CatalogueError(f"{where}: list {lst.name}: no {s.table}.{s.fk}/{s.column}")
        for name, (list_name, _column) in t.totals.items():
            if list_name not in t.lists:
                raise CatalogueError(f"{where}: total {name} names no list {list_name}")
        known = set(t.fields) | set(t.lists) | set(t.totals)
        for name in t.required:
            if name not in known:
                raise CatalogueError(f"{where}: required {name} is not a field, list or total")
        if t.batch and t.batch.requires not in t.lists:
            raise CatalogueError(f"{where}: batch requires an unknown list {t.batch.requires}")
    return catalogue
