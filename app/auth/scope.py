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


def condition(registry, paths, table, estate_ids, _depth=0):
    """A WHERE condition limiting `table` to `estate_ids`; None when the table is shared."""
    if estate_ids is None or table not in paths:
        return None
    model = registry.model(table)
    if table == "estate":
        return model.id.in_(estate_ids)
    parts = []
    for column, target in paths[table]:
        if target == "estate":
            parts.append(getattr(model, column).in_(estate_ids))
        elif _depth < MAX_DEPTH:
            target_model = registry.model(target)
            inner = condition(registry, paths, target, estate_ids, _depth + 1)
            parts.append(getattr(model, column).in_(select(target_model.id).where(inner)))
    return or_(*parts) if len(parts) > 1 else parts[0]


def apply(query, registry, paths, table, estate_ids):
    cond = condition(registry, paths, table, estate_ids)
    return query if cond is None else query.filter(cond)


def is_visible(session, registry, paths, table, record_id, estate_ids):
    cond = condition(registry, paths, table, estate_ids)
    if cond is None:
        return True
    model = registry.model(table)
    return session.execute(select(model.id).where(model.id == record_id, cond)).first() is not None
