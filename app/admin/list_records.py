"""A list page's rows read as plain records, without the ORM's objects.

Twenty rows and the records they name (a complaint's unit, whose title names its building,
its complainant, its assignee) made some eighty ORM objects a page, each with its identity,
its state and a loader for every column left out: a fifth of the page's time. The list only
shows them. So the page's ids are selected first (in the list's order, with its search,
filters, scope and sort), then one Core statement, made once per view, reads those rows with
the columns the list shows and, through outer joins, what the named records' titles need. Each
row becomes a plain record of the table's own class for titles (app.schema.record.RecordBase),
carrying those columns and the named records as attributes, so the cells, titles, masks and
formatters read it as they read an ORM object.
"""

from sqlalchemy import bindparam
from sqlalchemy import select

from app.schema.record import RecordBase

MAX_TITLE_DEPTH = 3  # titles naming records naming records; no schema title goes deeper


def title_fk_columns(spec):
    """The FK columns whose records `spec`'s title names (a unit's building)."""
    return [c for c in spec.columns.values() if c.foreign_table and c.relationship in spec.title_columns]


class _Node:
    """One table in the statement: the table's alias, the columns read from it (label -> name),
    and the records it names (relationship name, FK column, node)."""

    def __init__(self, spec, alias, record_class):
        self.spec, self.alias, self.record_class = spec, alias, record_class
        self.columns = {}
        self.children = []

    def read(self, row):
        values = {name: row[label] for label, name in self.columns.items()}
        if values[self.spec.pk[0]] is None:  # the outer join found nothing: no record named
            return None
        record = self.record_class.__new__(self.record_class)
        for relationship, fk, child in self.children:
            values[relationship] = child.read(row) if values.get(fk) is not None else None
        record.__dict__.update(values)
        return record


class ListReader:
    """Reads a view's list rows by id as plain records (see the module's note)."""

    def __init__(self, spec, registry, extra_columns=()):
        self.registry = registry
        self._classes = {}
        self._labels = 0
        table = registry.metadata.tables[spec.name]
        self.root = self._node(spec, table)
        wanted = {c.name for c in spec.list_columns} | set(spec.pk) | set(extra_columns)
        self._read_columns(self.root, wanted)
        self._follow(self.root, [c for c in spec.list_columns if c.foreign_table and c.relationship], 1)
        self.pk = table.c[spec.pk[0]]
        columns = [node.alias.c[name].label(label) for node, label, name in self._all_columns()]
        self.statement = (select(*columns).select_from(self._joined(self.root, self.root.alias))
                          .where(self.pk.in_(bindparam("ids", expanding=True))))

    def records(self, session, ids):
        """The rows with these ids as plain records, in the order of `ids`."""
        if not ids:
            return []
        by_id = {}
        pk_name = self.root.spec.pk[0]
        for row in session.execute(self.statement, {"ids": list(ids)}).mappings():
            record = self.root.read(row)
            by_id[getattr(record, pk_name)] = record
        return [by_id[i] for i in ids if i in by_id]

    # --- building the statement ----------------------------------------------------------
    def _node(self, spec, alias):
        record_class = self._classes.get(spec.name)
        if record_class is None:
            # titles come from RecordBase.__str__, which reads the spec from the class
            name = "".join(part.capitalize() for part in spec.name.split("_")) + "ListRecord"
            record_class = self._classes[spec.name] = type(name, (RecordBase,), {"__spec__": spec})
        return _Node(spec, alias, record_class)

    def _read_columns(self, node, names):
        """Add `names` (and the primary key) to what is read of `node`, in the table's order."""
        wanted, present = set(names) | set(node.spec.pk), set(node.columns.values())
        for name in [c for c in node.spec.columns if c in wanted and c not in present]:
            self._labels += 1
            node.columns[f"c{self._labels}"] = name

    def _follow(self, node, fk_columns, depth):
        """Join the records `fk_columns` of `node` name, with what their titles need."""
        for col in fk_columns:
            target_spec = self.registry.specs.get(col.foreign_table)
            target_table = self.registry.metadata.tables.get(col.foreign_table)
            if target_spec is None or target_table is None or len(target_spec.pk) != 1:
                continue
            child = self._node(target_spec, target_table.alias())
            nested = title_fk_columns(target_spec)
            self._read_columns(child, set(target_spec.title_columns) | {c.name for c in nested})
            node.children.append((col.relationship, col.name, child))
            self._read_columns(node, {col.name})
            if depth < MAX_TITLE_DEPTH:
                self._follow(child, nested, depth + 1)

    def _all_columns(self):
        out, todo = [], [self.root]
        while todo:
            node = todo.pop(0)
            out.extend((node, label, name) for label, name in node.columns.items())
            todo.extend(child for _rel, _fk, child in node.children)
        return out

    def _joined(self, node, joined):
        for _relationship, fk, child in node.children:
            (target_key,) = [key.column.name for key in node.alias.c[fk].foreign_keys]
            joined = joined.outerjoin(child.alias, child.alias.c[target_key] == node.alias.c[fk])
            joined = self._joined(child, joined)
        return joined
