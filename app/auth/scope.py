"""Estate scope: a user limited to some estates sees only rows that lead to them.

The way from each table to `estate` is derived from the schema's foreign keys: estate_id, or
unit -> building -> estate, or a parent record that has one. A NOT NULL foreign key is enough
on its own; otherwise every nullable one that leads to an estate is tried (a row passes if any
of them does). Tables with no way there (parties, staff, vendors) are shared. One condition
builder serves lists, counts, records opened by id, exports, pickers and workflow actions.
Domain code: no Flask.
"""

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all

MAX_DEPTH = 5


def estate_paths(specs):
    """{table: [(fk column, target table), ...]}: the alternatives leading towards estate."""
    paths = {"estate": []}
    for _ in range(MAX_DEPTH):
        changed = False
        for name, spec in specs.items():
            if name in paths or spec.is_link_table:
                continue
            candidates = [c for c in spec.columns.values() if c.foreign_table in paths and c.foreign_table != name]
            if not candidates:
                continue
            required = [c for c in candidates if not c.nullable]
            chosen = sorted(required, key=lambda c: c.foreign_table != "estate")[:1] if required else candidates
            paths[name] = [(c.name, c.foreign_table) for c in chosen]
            changed = True
        if not changed:
            break
    return paths


def condition(registry, paths, table, estate_ids):
    """A WHERE condition limiting `table` to `estate_ids`; None when the table is shared."""
    if estate_ids is None or table not in paths:
        return None
    model = registry.model(table)
    if table == "estate":
        return model.id.in_(estate_ids)
    parts = [getattr(model, column).in_(estate_ids) if target == "estate"
             else getattr(model, column).in_(_ids_in_scope(registry, paths, target, estate_ids, 1))
             for column, target in paths[table]]
    return or_(*parts) if len(parts) > 1 else parts[0]


def _ids_in_scope(registry, paths, table, estate_ids, depth):
    """The ids of `table`'s rows in scope: one SELECT per way to the estate, joined by UNION ALL.
    Written as one SELECT with an OR of its ways, PostgreSQL takes half the table to match
    (a complaint's contact records: 500,000 of a million), cannot hash so large a set, and
    scans it again for every row of the outer list: minutes for an estate-limited clerk."""
    model = registry.model(table)
    branches = []
    for column, target in paths[table]:
        if target == "estate":
            branches.append(select(model.id).where(getattr(model, column).in_(estate_ids)))
        elif depth < MAX_DEPTH:
            inner = _ids_in_scope(registry, paths, target, estate_ids, depth + 1)
            branches.append(select(model.id).where(getattr(model, column).in_(inner)))
    return branches[0] if len(branches) == 1 else union_all(*branches)


def apply(query, registry, paths, table, estate_ids):
    cond = condition(registry, paths, table, estate_ids)
    return query if cond is None else query.filter(cond)


def is_visible(session, registry, paths, table, record_id, estate_ids):
    cond = condition(registry, paths, table, estate_ids)
    if cond is None:
        return True
    model = registry.model(table)
    return session.execute(select(model.id).where(model.id == record_id, cond)).first() is not None
