"""Estate scope: a user limited to some estates sees only rows that lead to them.

The way from each table to `estate` is derived from the schema's foreign keys: estate_id, or
unit -> building -> estate, or a parent record that has one. A NOT NULL foreign key is enough
on its own. Otherwise a row belongs to the estate of the first of its ways that is set: its
own estate_id, then the other foreign keys in column order (a complaint: the estate it names,
else its unit's, else its contact record's). So a row is in one estate, not in every estate
one of its links leads to, and a way is looked into only for the rows whose earlier ways are
empty: the databases never build the set of an estate's contact records for complaints that
name their estate. Tables with no way there (parties, staff, vendors) are shared. One
condition builder serves lists, counts, records opened by id, exports, pickers and workflow
actions. Domain code: no Flask.
"""

from sqlalchemy import and_
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
            # The record's own estate first, then the others in column order (sorted is stable).
            chosen = sorted(required or candidates, key=lambda c: c.foreign_table != "estate")
            paths[name] = [(c.name, c.foreign_table) for c in (chosen[:1] if required else chosen)]
            changed = True
        if not changed:
            break
    return paths


def condition(registry, paths, table, estate_ids, model=None):
    """A WHERE condition limiting `table` (or `model`, an alias of it) to `estate_ids`; None when
    the table is shared."""
    if estate_ids is None or table not in paths:
        return None
    model = registry.model(table) if model is None else model
    if table == "estate":
        return model.id.in_(estate_ids)
    # Nested, not flattened: way 1 in scope, or way 1 empty and (way 2 in scope, or way 2 empty
    # and ...). Both databases evaluate an OR left to right and build a way's id set at its
    # first use, so a way nobody reaches costs nothing.
    condition = None
    for column, target in reversed(paths[table]):
        way = _way_in_scope(registry, paths, model, column, target, estate_ids, 1)
        condition = way if condition is None else or_(way, and_(getattr(model, column).is_(None), condition))
    return condition


def _way_in_scope(registry, paths, model, column, target, estate_ids, depth):
    if target == "estate":
        return getattr(model, column).in_(estate_ids)
    return getattr(model, column).in_(_ids_in_scope(registry, paths, target, estate_ids, depth + 1))


def _ids_in_scope(registry, paths, table, estate_ids, depth):
    """The ids of `table`'s rows in scope: one SELECT per way to the estate (the rows whose
    earlier ways are empty), joined by UNION ALL. Written as one SELECT with an OR of its ways,
    PostgreSQL takes half the table to match (a complaint's contact records: 500,000 of a
    million), cannot hash so large a set, and scans it again for every row of the outer list:
    minutes for an estate-limited clerk."""
    model = registry.model(table)
    branches, earlier_empty = [], []
    for column, target in paths[table]:
        if target == "estate" or depth < MAX_DEPTH:
            way = _way_in_scope(registry, paths, model, column, target, estate_ids, depth)
            branches.append(select(model.id).where(*earlier_empty, way))
        earlier_empty.append(getattr(model, column).is_(None))
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
