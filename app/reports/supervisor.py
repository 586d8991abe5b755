"""The supervisor's day: overdue complaints, follow-ups due, passes this week, dunning cases due."""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from .kpis import OPEN_COMPLAINT
from .periods import week_of
from .scope import estate_or_unit_conditions
from .scope import unit_conditions

OPEN_DUNNING = ("open", "promised", "deferred", "escalated")
LIST_LIMIT = 50


@dataclass
class Listing:
    """A count and the first rows (the most urgent first)."""

    count: int
    rows: list


def _complaint_joined(t):
    c, unit, building = t["complaint"], t["unit"], t["building"]
    return c, unit, building, (c.outerjoin(unit, unit.c.id == c.c.unit_id)
                               .outerjoin(building, building.c.id == unit.c.building_id))


def overdue_complaints(session, registry, scope, now):
    """Open complaints past their resolve-by time, or not yet responded to past their respond-by time."""
    t = registry.metadata.tables
    c, unit, building, joined = _complaint_joined(t)
    late = or_(c.c.due_resolve_at < now, and_(c.c.responded_at.is_(None), c.c.due_response_at < now))
    where = [c.c.status.in_(OPEN_COMPLAINT), late, *estate_or_unit_conditions(scope, c, unit, building)]
    due = case((and_(c.c.responded_at.is_(None), c.c.due_response_at < now), c.c.due_response_at),
               else_=c.c.due_resolve_at)
    count = session.execute(select(func.count()).select_from(joined).where(*where)).scalar()
    rows = session.execute(
        select(c.c.id, c.c.doc_no, c.c.subject, c.c.severity, c.c.status, c.c.complainant_name, c.c.phone,
               unit.c.code.label("unit"), due.label("due_at"))
        .select_from(joined).where(*where).order_by(due, c.c.id).limit(LIST_LIMIT)).mappings().all()
    return Listing(count, [dict(r) for r in rows])


def follow_ups_due(session, registry, scope, now):
    """Complaints awaiting follow-up whose follow-up deadline is today or earlier."""
    t = registry.metadata.tables
    c, unit, building, joined = _complaint_joined(t)
    end_of_day = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    where = [c.c.status == "follow_up_pending", c.c.due_follow_up_at < end_of_day,
             *estate_or_unit_conditions(scope, c, unit, building)]
    count = session.execute(select(func.count()).select_from(joined).where(*where)).scalar()
    rows = session.execute(
        select(c.c.id, c.c.doc_no, c.c.subject, c.c.complainant_name, c.c.phone, unit.c.code.label("unit"),
               c.c.resolved_at, c.c.due_follow_up_at.label("due_at"))
        .select_from(joined).where(*where).order_by(c.c.due_follow_up_at, c.c.id).limit(LIST_LIMIT)).mappings().all()
    return Listing(count, [dict(r) for r in rows])


@dataclass
class PassWeek:
    monday: object
    issued: int
    released: int
    returned: int
    not_returned: list

    @property
    def outstanding(self):
        return self.issued - self.returned


def passes_this_week(session, registry, scope, now):
    """Goods-release passes issued this week (Monday to Sunday) and how many came back to the desk."""
    t = registry.metadata.tables
    p, unit, building = t["goods_release_pass"], t["unit"], t["building"]
    monday, next_monday = week_of(now.date())
    start = datetime.combine(monday, datetime.min.time())
    end = datetime.combine(next_monday, datetime.min.time())
    joined = p.join(unit, unit.c.id == p.c.unit_id).join(building, building.c.id == unit.c.building_id)
    where = [p.c.issued_at >= start, p.c.issued_at < end, *unit_conditions(scope, unit, building)]
    issued, released, returned = session.execute(
        select(func.count(), func.count(p.c.released_at), func.count(p.c.returned_to_cs_at))
        .select_from(joined).where(*where)).one()
    rows = session.execute(
        select(p.c.id, p.c.doc_no, p.c.applicant_name, p.c.applicant_phone, unit.c.code.label("unit"), p.c.status,
               p.c.issued_at, p.c.released_at)
        .select_from(joined).where(*where, p.c.returned_to_cs_at.is_(None))
        .order_by(p.c.issued_at).limit(LIST_LIMIT)).mappings().all()
    return PassWeek(monday, int(issued), int(released), int(returned), [dict(r) for r in rows])


def dunning_due(session, registry, scope, now):
    """Open dunning cases whose next action, promised date or deferral ends today or earlier."""
    t = registry.metadata.tables
    d, unit, building, party = t["dunning_case"], t["unit"], t["building"], t["party"]
    today = now.date()
    joined = (d.join(unit, unit.c.id == d.c.unit_id).join(building, building.c.id == unit.c.building_id)
              .outerjoin(party, party.c.id == d.c.party_id))
    due_on = case((and_(d.c.status == "promised", d.c.promised_date.is_not(None)), d.c.promised_date),
                  (and_(d.c.status == "deferred", d.c.deferral_until.is_not(None)), d.c.deferral_until),
                  else_=d.c.next_action_date)
    where = [d.c.status.in_(OPEN_DUNNING), due_on <= today, *unit_conditions(scope, unit, building)]
    count = session.execute(select(func.count()).select_from(joined).where(*where)).scalar()
    rows = session.execute(
        select(d.c.id, d.c.doc_no, unit.c.code.label("unit"), party.c.name.label("debtor"),
               party.c.phone.label("phone"), d.c.stage, d.c.status, d.c.total_arrears, due_on.label("due_on"))
        .select_from(joined).where(*where).order_by(due_on, d.c.id).limit(LIST_LIMIT)).mappings().all()
    return Listing(count, [dict(r) for r in rows])
