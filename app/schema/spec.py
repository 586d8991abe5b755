"""TableSpec and ColumnSpec: what a screen needs to know about a table, derived from the schema.

Pure: built from reflected SQLAlchemy Table objects and the notes parsed from schema.sql.
Nothing here knows about Flask or forms.
"""

import re
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from sqlalchemy import types as sqltypes

from .annotations import Labels
from .annotations import humanize

SYSTEM_COLUMNS = frozenset({"id", "version", "created_at", "updated_at"})
TITLE_CANDIDATES = ("name", "title", "display_name", "doc_no", "code", "username", "subject", "pass_no")
OPERATORS = {">=", ">", "<=", "<"}


@dataclass
class RangeRule:
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True


@dataclass(frozen=True)
class CompareRule:
    """`left op right` between two columns of the same row (e.g. end_date >= start_date)."""

    left: str
    op: str
    right: str


@dataclass
class ColumnSpec:
    name: str
    labels: Labels
    kind: str  # string text integer decimal boolean date datetime
    nullable: bool
    has_default: bool
    default: object = None
    max_length: int | None = None
    precision: int | None = None
    scale: int | None = None
    primary_key: bool = False
    foreign_table: str | None = None
    relationship: str | None = None  # name of the scalar relationship for an FK column
    on_delete: str | None = None
    choices: tuple = ()  # enumeration values from CHECK ... IN (...)
    choice_labels: dict = field(default_factory=dict)  # value -> Labels
    range: RangeRule | None = None
    pii: str | None = None  # "phone" or "id_no"
    hidden: bool = False
    readonly: bool = False
    secret: bool = False
    table_choices: bool = False  # the value names a table (role_permission.table_name)

    @property
    def is_system(self):
        return self.name in SYSTEM_COLUMNS

    @property
    def required(self):
        """The user must give a value: NOT NULL without a default the database can fill."""
        return not self.nullable and not self.has_default and not self.primary_key

    @property
    def editable(self):
        return not (self.is_system or self.hidden or self.readonly or self.secret or self.primary_key)


@dataclass
class TableSpec:
    name: str
    labels: Labels
    group: str
    title_template: str
    columns: dict = field(default_factory=dict)  # name -> ColumnSpec, in schema order
    uniques: list = field(default_factory=list)  # tuples of column names
    compares: list = field(default_factory=list)  # CompareRule
    many_to_many: dict = field(default_factory=dict)  # relationship name -> (target table, labels)
    order: int = 0
    is_link_table: bool = False
    large: bool = False  # many rows: no option lists of its records (tag #large)
    append_only: bool = False  # written only by the system: nobody creates, edits or deletes (tag #append_only)
    attachments: bool = False  # its records take uploaded files (tag #attachments)

    def column(self, name):
        return self.columns[name]

    @property
    def pk(self):
        return [c.name for c in self.columns.values() if c.primary_key]

    @property
    def form_columns(self):
        return [c for c in self.columns.values() if c.editable]

    @property
    def list_columns(self):
        """Columns worth a list cell: not long text, not secrets or hidden internals."""
        cols = [c for c in self.columns.values()
                if c.kind != "text" and not c.secret and not c.hidden and c.name not in ("version", "updated_at")]
        return cols[:9]

    @property
    def searchable_columns(self):
        return [c for c in self.columns.values()
                if c.kind == "string" and not c.secret and not c.hidden and not c.foreign_table
                and not c.choices and not c.table_choices and (c.max_length or 0) <= 200]

    @property
    def filter_columns(self):
        return [c for c in self.columns.values()
                if not c.secret and not c.hidden
                and (c.choices or c.kind in ("boolean", "date", "datetime") or c.foreign_table)]

    @property
    def default_sort(self):
        for name in ("received_at", "created_at", "id"):
            if name in self.columns:
                return name
        return self.pk[0] if self.pk else None

    @property
    def title_columns(self):
        return re.findall(r"{(\w+)}", self.title_template)


def column_kind(sqltype):
    """Map a reflected SQL type to the kinds the screens distinguish."""
    if isinstance(sqltype, sqltypes.Boolean):
        return "boolean"
    if isinstance(sqltype, sqltypes.DateTime):
        return "datetime"
    if isinstance(sqltype, sqltypes.Date):
        return "date"
    if isinstance(sqltype, sqltypes.Integer):
        return "integer"
    if isinstance(sqltype, (sqltypes.Numeric, sqltypes.Float)):
        return "decimal"
    if isinstance(sqltype, sqltypes.String) and getattr(sqltype, "length", None):
        return "string"
    return "text"


_IN = re.compile(r"^\(?\s*(\w+)\s*\)?\s+IN\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_BETWEEN = re.compile(r"^(\w+)\s+BETWEEN\s+(-?[\d.]+)\s+AND\s+(-?[\d.]+)$", re.IGNORECASE)
_COMPARE_NUM = re.compile(r"^(\w+)\s*(>=|<=|>|<)\s*(-?[\d.]+)$")
_COMPARE_COL = re.compile(r"^(\w+)\s*(>=|<=|>|<)\s*([a-zA-Z_]\w*)$")


def parse_check(text):
    """Interpret one CHECK body. Returns a list of ("in", col, values) / ("range", col, RangeRule)
    / ("compare", CompareRule); unknown shapes are left to the database."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    if m := _IN.match(text):
        values = tuple(re.findall(r"'((?:[^']|'')*)'", m.group(2)))
        return [("in", m.group(1).lower(), values)]
    parts = re.split(r"\s+AND\s+", text, flags=re.IGNORECASE)
    if len(parts) > 1 and not _BETWEEN.match(text):
        out = []
        for part in parts:
            out.extend(parse_check(part))
        return out
    if m := _BETWEEN.match(text):
        return [("range", m.group(1).lower(), RangeRule(Decimal(m.group(2)), Decimal(m.group(3))))]
    if m := _COMPARE_NUM.match(text):
        col, op, num = m.group(1).lower(), m.group(2), Decimal(m.group(3))
        if op.startswith(">"):
            return [("range", col, RangeRule(minimum=num, min_inclusive=op == ">="))]
        return [("range", col, RangeRule(maximum=num, max_inclusive=op == "<="))]
    if m := _COMPARE_COL.match(text):
        return [("compare", CompareRule(m.group(1).lower(), m.group(2), m.group(3).lower()))]
    return []


def _balanced(text):
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def _merge_range(old, new):
    if old is None:
        return new
    if new.minimum is not None:
        old.minimum, old.min_inclusive = new.minimum, new.min_inclusive
    if new.maximum is not None:
        old.maximum, old.max_inclusive = new.maximum, new.max_inclusive
    return old


def default_value(column):
    """The Python value of a reflected server default, when it is a plain literal."""
    default = column.server_default
    if default is None:
        return None
    text = str(getattr(default, "arg", default)).strip()
    text = re.sub(r"::[\w ]+(\(\d+\))?$", "", text).strip("()").strip()
    if text.upper() in ("TRUE", "FALSE", "1", "0") and isinstance(column.type, sqltypes.Boolean):
        return text.upper() in ("TRUE", "1")
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return Decimal(text)
    return None  # CURRENT_TIMESTAMP and other expressions: the database fills them


def build_table_spec(table, note, value_label):
    """Combine a reflected Table with its notes from schema.sql into a TableSpec."""
    from .annotations import TableNote

    note = note or TableNote(table.name, Labels.parse("", humanize(table.name)))
    group = note.tags.get("group") or "other"
    spec = TableSpec(
        name=table.name,
        labels=note.labels,
        group=group,
        title_template=note.tags.get("title") or "",
        order=note.order,
        large=bool(note.tags.get("large")),
        append_only=bool(note.tags.get("append_only")),
        attachments=bool(note.tags.get("attachments")),
    )
    for col in table.columns:
        cnote = note.columns.get(col.name)
        labels = cnote.labels if cnote else Labels.parse("", humanize(col.name))
        tags = cnote.tags if cnote else {}
        fk = next(iter(col.foreign_keys), None)
        kind = column_kind(col.type)
        spec.columns[col.name] = ColumnSpec(
            name=col.name,
            labels=labels,
            kind=kind,
            nullable=bool(col.nullable) and not col.primary_key,
            has_default=col.server_default is not None,
            default=default_value(col),
            max_length=getattr(col.type, "length", None) if kind == "string" else None,
            precision=getattr(col.type, "precision", None) if kind == "decimal" else None,
            scale=getattr(col.type, "scale", None) if kind == "decimal" else None,
            primary_key=col.primary_key,
            foreign_table=fk.column.table.name if fk else None,
            on_delete=(fk.ondelete or "NO ACTION").upper() if fk else None,
            pii=tags.get("pii") if isinstance(tags.get("pii"), str) else None,
            hidden=bool(tags.get("hidden")),
            readonly=bool(tags.get("readonly")),
            secret=bool(tags.get("secret")),
            table_choices=tags.get("choices") == "tables",
        )
    checks = list(note.checks)
    for cnote in note.columns.values():
        checks.extend(cnote.checks)
    for text in checks:
        for rule in parse_check(text):
            if rule[0] == "in" and rule[1] in spec.columns:
                spec.columns[rule[1]].choices = rule[2]
            elif rule[0] == "range" and rule[1] in spec.columns:
                c = spec.columns[rule[1]]
                c.range = _merge_range(c.range, rule[2])
            elif rule[0] == "compare":
                r = rule[1]
                if r.left in spec.columns and r.right in spec.columns:
                    spec.compares.append(r)
    for constraint in table.constraints:
        if constraint.__class__.__name__ == "UniqueConstraint":
            spec.uniques.append(tuple(c.name for c in constraint.columns))
    for index in table.indexes:
        if index.unique:
            spec.uniques.append(tuple(c.name for c in index.columns))
    spec.uniques = list(dict.fromkeys(spec.uniques))
    for c in spec.columns.values():
        c.choice_labels = {v: value_label(table.name, c.name, v) or Labels.parse("", humanize(v)) for v in c.choices}
    pk_cols = [c for c in table.columns if c.primary_key]
    spec.is_link_table = len(pk_cols) > 1 and all(c.foreign_keys for c in table.columns)
    if not spec.title_template:
        name = next((n for n in TITLE_CANDIDATES if n in spec.columns), None)
        spec.title_template = "{%s}" % name if name else "#{id}"
    return spec
