"""What a report covers: which estates (None: all), optionally one building."""

from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy import select


@dataclass(frozen=True)
class Scope:
    estate_ids: tuple | None = None  # None: every estate
    building_id: int | None = None

    def as_dict(self):
        return {"estate_ids": list(self.estate_ids) if self.estate_ids is not None else None,
                "building_id": self.building_id}


def unit_conditions(scope, unit, building):
    """WHERE conditions for rows reached through unit -> building."""
    conds = []
    if scope.estate_ids is not None:
        conds.append(building.c.estate_id.in_(scope.estate_ids))
    if scope.building_id:
        conds.append(unit.c.building_id == scope.building_id)
    return conds


def estate_or_unit_conditions(scope, fact, unit, building):
    """For rows with their own estate_id and an optional unit (complaints, work orders).

    Written as `estate_id IN (...) OR unit_id IN (units of those estates)` so that both indexes
    serve it (a COALESCE over the join would scan the whole table).
    """
    conds = []
    if scope.estate_ids is not None:
        u, b = unit.alias("scope_unit"), building.alias("scope_building")
        units = select(u.c.id).join(b, b.c.id == u.c.building_id).where(b.c.estate_id.in_(scope.estate_ids))
        conds.append(or_(fact.c.estate_id.in_(scope.estate_ids), fact.c.unit_id.in_(units)))
    if scope.building_id:
        u = unit.alias("scope_unit_b")
        conds.append(fact.c.unit_id.in_(select(u.c.id).where(u.c.building_id == scope.building_id)))
    return conds


def org_units_of(tables, estate_ids):
    """A subquery of the organisation units under the estates' service centres (recursive), or None for all."""
    if estate_ids is None:
        return None
    estate, org = tables["estate"], tables["org_unit"]
    tree = select(org.c.id).where(org.c.id.in_(select(estate.c.org_unit_id).where(
        estate.c.id.in_(estate_ids), estate.c.org_unit_id.is_not(None)))).cte("org_tree", recursive=True)
    child = org.alias("child")
    tree = tree.union_all(select(child.c.id).where(child.c.parent_id == tree.c.id))
    return select(tree.c.id)
