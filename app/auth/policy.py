"""Who may do what: role x table x action, from the permission rows. Deny by default."""

from dataclasses import dataclass
from dataclasses import field
from functools import cached_property

ACTIONS = ("view", "create", "edit", "delete", "export")


@dataclass(frozen=True)
class Grants:
    """The rights of one role: admin holds all of them, on every table, present or future."""

    role: str
    is_admin: bool = False
    by_table: dict = field(default_factory=dict)  # table -> frozenset(actions)
    reveal: bool = False  # may reveal masked personal data, one record at a time
    estate_ids: frozenset | None = None  # the estates the user is limited to; None: all
    role_names: tuple = ()  # the role's name in Chinese and English, for display

    @cached_property
    def key(self):
        """These rights as one hashable value (what is kept per set of rights, the menu, uses it)."""
        tables = tuple(sorted((table, tuple(sorted(actions))) for table, actions in self.by_table.items()))
        return (self.role, self.is_admin, self.reveal, self.estate_ids, tables)

    def can(self, action, table):
        if action not in ACTIONS:
            return False
        if self.is_admin:
            return True
        return action in self.by_table.get(table, ())


NO_GRANTS = Grants(role="")


def grants_from_rows(role_code, is_admin, rows, reveal=False, estate_ids=None, role_names=()):
    """Build Grants from role_permission rows (objects or mappings with can_* attributes)."""
    by_table = {}
    for row in rows:
        get = row.get if isinstance(row, dict) else (lambda k, r=row: getattr(r, k))
        actions = frozenset(a for a in ACTIONS if get(f"can_{a}"))
        if actions:
            by_table[get("table_name")] = actions
    return Grants(role=role_code, is_admin=bool(is_admin), by_table=by_table, reveal=bool(reveal or is_admin),
                  estate_ids=frozenset(estate_ids) if estate_ids else None, role_names=tuple(role_names))
