"""What waits on whom: the personal inbox (待我處理) and the supervisors' overview. Read-only queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import aliased


@dataclass
class Item:
    flow: object
    record: object
    status: str
    due_at: datetime | None
    since: datetime | None
    actions: list

    def seconds_left(self, now):
        return None if self.due_at is None else (self.due_at - now).total_seconds()

    def is_overdue(self, now):
        return self.due_at is not None and self.due_at < now


def _waiting_states(flow, role, is_admin):
    """States in which a user of `role` has something to do in this flow."""
    states = set()
    for t in flow.transitions.values():
        if t.auto:
            continue
        roles = set(t.roles) | {r for a in t.approvals for r in a.roles}
        if is_admin or role in roles:
            states.update(t.sources)
    return states


def _latest_history(registry, flow, Model):
    """status_history and a correlated subquery giving each record's latest history id."""
    History = registry.model("status_history")
    earlier = aliased(History)
    latest = (select(func.max(earlier.id)).where(earlier.subject_table == flow.table,
                                                 earlier.subject_id == Model.id)
              .correlate(Model).scalar_subquery())
    return History, latest


def inbox(session, registry, flows, actor, now=None, limit_per_flow=200):
    """Items the actor can act on now, overdue first, then by due time, then oldest."""
    from .engine import available

    now = now or datetime.now()
    items = []
    for flow in flows:
        states = _waiting_states(flow, actor.role, actor.is_admin)
        if not states:
            continue
        Model = registry.model(flow.table)
        History, latest = _latest_history(registry, flow, Model)
        rows = session.execute(
            select(Model, History.due_at, History.created_at)
            .outerjoin(History, History.id == latest)
            .where(getattr(Model, flow.status_column).in_(states))
            .order_by(History.due_at.is_(None), History.due_at, Model.id)
            .limit(limit_per_flow)).all()
        for record, due_at, since in rows:
            actions = available(flow, record, actor, session, registry)
            if actions:
                items.append(Item(flow, record, getattr(record, flow.status_column), due_at, since, actions))
    items.sort(key=lambda i: (not i.is_overdue(now), i.due_at is None, i.due_at or now, i.since or now))
    return items


@dataclass
class StateCount:
    flow: object
    state: str
    count: int
    oldest: datetime | None
    overdue: int


def overview(session, registry, flows, now=None):
    """Open items by flow and state: how many, the oldest entry into the state, how many overdue."""
    now = now or datetime.now()
    out = []
    for flow in flows:
        Model = registry.model(flow.table)
        History, latest = _latest_history(registry, flow, Model)
        status = getattr(Model, flow.status_column)
        rows = session.execute(
            select(status, func.count(), func.min(History.created_at),
                   func.sum(case((History.due_at < now, 1), else_=0)))
            .select_from(Model).outerjoin(History, History.id == latest)
            .where(status.in_(flow.open_states)).group_by(status)).all()
        for state, count, oldest, overdue in rows:
            out.append(StateCount(flow, state, count, oldest, int(overdue or 0)))
    return out


def overdue(session, registry, flows, now=None, limit=100):
    """Open records past the deadline of their current state, the most overdue first."""
    now = now or datetime.now()
    out = []
    for flow in flows:
        Model = registry.model(flow.table)
        History, latest = _latest_history(registry, flow, Model)
        rows = session.execute(
            select(Model, History.due_at).join(History, History.id == latest)
            .where(getattr(Model, flow.status_column).in_(flow.open_states), History.due_at < now)
            .order_by(History.due_at).limit(limit)).all()
        out.extend((flow, record, due_at) for record, due_at in rows)
    out.sort(key=lambda r: r[2])
    return out[:limit]


def waiting_approvals(session, registry, flows, older_than_hours=48, now=None, limit=100):
    """Records waiting for a signature longer than `older_than_hours`."""
    from datetime import timedelta

    now = now or datetime.now()
    cutoff = now - timedelta(hours=older_than_hours)
    out = []
    for flow in flows:
        states = {s for t in flow.transitions.values() if t.approvals for s in t.sources}
        if not states:
            continue
        Model = registry.model(flow.table)
        History, latest = _latest_history(registry, flow, Model)
        rows = session.execute(
            select(Model, History.created_at).join(History, History.id == latest)
            .where(getattr(Model, flow.status_column).in_(states), History.created_at < cutoff)
            .order_by(History.created_at).limit(limit)).all()
        out.extend((flow, record, since) for record, since in rows)
    out.sort(key=lambda r: r[2])
    return out[:limit]
