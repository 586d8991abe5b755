"""What waits on whom: the personal inbox (待我處理) and the supervisors' overview. Read-only queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import Integer
from sqlalchemy import exists
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


def _waiting(session, registry, flow, Model, states, limit, estate_ids=None):
    """(record, due_at, since) of records in `states`, earliest deadline first, then undated by id.

    Dated rows are read from status_history in due_at order (an index) keeping only each
    record's latest entry, so the query stops after `limit` rows instead of ordering every open
    record of a large table by a correlated subquery."""
    dated_q, undated_q = _waiting_statements(registry, flow, frozenset(states), estate_ids,
                                             session.get_bind().dialect.name)
    dated = session.execute(dated_q, {"limit": limit}).all()
    if len(dated) >= limit:
        return dated
    return dated + session.execute(undated_q, {"limit": limit - len(dated)}).all()


def _waiting_statements(registry, flow, states, estate_ids, dialect):
    """The two statements for one flow, built once per registry: building them (aliases,
    correlated subqueries) costs more than running them."""
    cache = registry.__dict__.setdefault("inbox_statements", {})
    key = (flow.table, states, estate_ids, dialect)
    if key in cache:
        return cache[key]
    from app.auth import scope

    Model = registry.model(flow.table)
    History = registry.model("status_history")
    later = aliased(History)
    status = getattr(Model, flow.status_column)
    in_scope = scope.condition(registry, registry.estate_paths, flow.table, estate_ids)
    scoped = [in_scope] if in_scope is not None else []
    is_latest = ~exists().where(later.subject_table == flow.table, later.subject_id == History.subject_id,
                                later.id > History.id)
    dated = (select(Model, History.due_at, History.created_at)
             .join(History, and_(History.subject_table == flow.table, History.subject_id == Model.id))
             .where(History.subject_table == flow.table, History.due_at.is_not(None), is_latest,
                    status.in_(sorted(states)), *scoped)
             .order_by(History.due_at, Model.id).limit(bindparam("limit", type_=Integer)))
    # Undated: walked in id order and stopped at the limit, each candidate's latest history entry
    # read by an index probe. SQLite would rather use the status index and then sort every
    # waiting record: reading the status through an expression stops it.
    last = aliased(History)

    def latest(column):
        return (select(column).where(last.subject_table == flow.table, last.subject_id == Model.id)
                .order_by(last.id.desc()).limit(1).correlate(Model).scalar_subquery())

    in_states = func.coalesce(status, "").in_(sorted(states)) if dialect == "sqlite" else status.in_(sorted(states))
    undated = (select(Model, latest(last.due_at), latest(last.created_at))
               .where(in_states, latest(last.due_at).is_(None), *scoped)
               .order_by(Model.id).limit(bindparam("limit", type_=Integer)))
    if len(cache) > 1000:  # flows x role states x estate scopes: bounded all the same
        cache.clear()
    cache[key] = dated, undated
    return dated, undated


def inbox(session, registry, flows, actor, now=None, limit_per_flow=50, estate_ids=None, more=None):
    """Items the actor can act on now, overdue first, then by due time, then oldest; at most
    `limit_per_flow` per flow, limited to `estate_ids` when given. Flows with more waiting than
    shown are added to the set `more` when one is passed."""
    from .engine import available

    now = now or datetime.now()
    items = []
    for flow in flows:
        states = _waiting_states(flow, actor.role, actor.is_admin)
        if not states:
            continue
        rows = _waiting(session, registry, flow, registry.model(flow.table), states, limit_per_flow + 1, estate_ids)
        if len(rows) > limit_per_flow:
            rows = rows[:limit_per_flow]
            if more is not None:
                more.add(flow.table)
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
