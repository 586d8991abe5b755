"""Report tables as plain data: shown on the dashboards and exported with the same rows and filters."""

from dataclasses import dataclass
from dataclasses import field

from app.schema.annotations import Labels


@dataclass(frozen=True)
class Col:
    key: str
    label: Labels
    kind: str = "text"  # text | int | money | pct | hours | index | date | datetime
    pii: str | None = None  # phone | id_no: masked in every output
    title: str | None = None  # hover text for the header (a KPI formula)


@dataclass
class ReportTable:
    name: str  # export name, e.g. "overdue_complaints"
    title: Labels
    columns: list
    rows: list = field(default_factory=list)  # dicts keyed by Col.key
    source_table: str | None = None  # the main table the rows come from (audit_log.table_name)
    note: Labels | None = None


def L(zh, en, zhs=None):
    """Labels in three languages; Simplified defaults to the Traditional text."""
    return Labels(zh, en, zhs or zh)
