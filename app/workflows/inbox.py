"""What waits on whom: the personal inbox (待我處理) and the supervisors' overview. Read-only queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import Integer
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import aliased

# A user limited to at most this share of the estates has their records found through their
# estates' ids rather than tested one by one along the deadline walk (see _scoped).
FEW_ESTATES = 0.05


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
    """States in which a user of `role` has something to do in this flow (not the ended ones:
    that a supervisor may reopen a closed complaint does not make it wait on them)."""
    states = set()
    for t in flow.transitions.values():
        if t.auto:
            continue
        roles = set(t.roles) | {r for a in t.approvals for r in a.roles}
        if is_admin or role in roles:
            states.update(t.sources)
    return states - set(flow.ended)


def _waiting(session, registry, flow, states, limit, estate_ids=None, few=False):
    """(record, due_at, since) of records in `states`, earliest deadline first, then undated by id."""
    dated_q, undated_q = _waiting_statements(registry, flow, frozenset(states), estate_ids,
                                             session.get_bind().dialect.name, few)
    dated = session.execute(dated_q, {"limit": limit}).all()
    if len(dated) >= limit:
        return dated
    return dated + session.execute(undated_q, {"limit": limit - len(dated)}).all()


def _flow_tables(registry, flow):
    """(Model, its status column, Position, the join of the flow's records to their positions)."""
    Model, Position = registry.model(flow.table), registry.model("workflow_position")
    joined = and_(Position.subject_table == flow.table, Position.subject_id == Model.id)
    return Model, getattr(Model, flow.status_column), Position, joined


def _scoped(registry, flow, estate_ids, through_ids=False):
    """The condition limiting a flow's records to `estate_ids`, as a list (empty: no limit).

    `through_ids` (SQLite): as membership in the ids of those estates' records, gathered first
    through their estate indexes. SQLite's deadline walk otherwise tests each waiting record's
    estate: for a clerk of one estate in fifty, 2,500 complaints read to find 51 (14 ms), where
    the estate's ids take 2-3 ms. For a user of many estates the walk finds its rows sooner than
    the ids are gathered (25 estates of 50: 0.3 ms against 41 ms), hence FEW_ESTATES.
    PostgreSQL needs no help: it combines the estate and status indexes (4 ms), and given the
    ids it would scan them in parallel workers (20 ms)."""
    from app.auth import scope

    if through_ids:
        Model = registry.model(flow.table)
        inner = aliased(Model)
        in_scope = scope.condition(registry, registry.estate_paths, flow.table, estate_ids, model=inner)
        return [] if in_scope is None else [Model.id.in_(select(inner.id).where(in_scope))]
    in_scope = scope.condition(registry, registry.estate_paths, flow.table, estate_ids)
    return [in_scope] if in_scope is not None else []


def _few_estates(session, registry, estate_ids):
    """Whether `estate_ids` are few enough for _scoped(through_ids=True), on SQLite."""
    if not estate_ids or session.get_bind().dialect.name != "sqlite":
        return False
    count = registry.statement("estate_count", lambda: select(func.count()).select_from(registry.model("estate")))
    return len(estate_ids) <= FEW_ESTATES * session.execute(count).scalar()


def _waiting_statements(registry, flow, states, estate_ids, dialect, few=False):
    """The two statements for one flow, built once per registry (Registry.statement).

    Dated records are read from workflow_position in due_at order (an index holding only current
    deadlines), so the query stops after `limit` rows however long the history grows. Undated
    ones are walked in id order, each probing its position by the unique index."""
    def build():
        Model, status, Position, joined = _flow_tables(registry, flow)
        scoped = _scoped(registry, flow, estate_ids, through_ids=few)
        limit = bindparam("limit", type_=Integer)
        # SQLite would rather use the status index and then sort every waiting record: reading the
        # status through an expression keeps it on the deadline (or id) order, stopped at the limit.
        in_states = (func.coalesce(status, "").in_(sorted(states)) if dialect == "sqlite"
                     else status.in_(sorted(states)))
        dated = (select(Model, Position.due_at, Position.since).join(Position, joined)
                 .where(Position.subject_table == flow.table, Position.due_at.is_not(None), in_states, *scoped)
                 .order_by(Position.due_at, Position.subject_id).limit(limit))
        undated = (select(Model, Position.due_at, Position.since).outerjoin(Position, joined)
                   .where(in_states, Position.due_at.is_(None), *scoped)
                   .order_by(Model.id).limit(limit))
        return dated, undated
    return registry.statement(("inbox", flow.table, states, estate_ids, dialect, few), build)


def inbox(session, registry, flows, actor, now=None, limit_per_flow=50, estate_ids=None, more=None):
    """Items the actor can act on now, overdue first, then by due time, then oldest; at most
    `limit_per_flow` per flow, limited to `estate_ids` when given. Flows with more waiting than
    shown are added to the set `more` when one is passed."""
    from .engine import available

    now = now or datetime.now()
    items = []
    few = _few_estates(session, registry, estate_ids)
    for flow in flows:
        states = _waiting_states(flow, actor.role, actor.is_admin)
        if not states:
            continue
        rows = _waiting(session, registry, flow, states, limit_per_flow + 1, estate_ids, few)
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


def overview(session, registry, flows, now=None, estate_ids=None):
    """Open items by flow and state: how many, the oldest entry into the state, how many overdue."""
    now = now or datetime.now()
    out = []
    for flow in flows:
        Model, status, Position, joined = _flow_tables(registry, flow)
        # The position counts only where it is about the record's current state; naming the open
        # states on it lets the status index pick those positions out of the flow's table.
        current = and_(joined, Position.status == status, Position.status.in_(sorted(flow.open_states)))
        rows = session.execute(
            select(status, func.count(), func.min(Position.since),
                   func.sum(case((Position.due_at < now, 1), else_=0)))
            .select_from(Model).outerjoin(Position, current)
            .where(status.in_(sorted(flow.open_states)), *_scoped(registry, flow, estate_ids))
            .group_by(status)).all()
        for state, count, oldest, overdue in rows:
            out.append(StateCount(flow, state, count, oldest, int(overdue or 0)))
    return out


def overdue(session, registry, flows, now=None, limit=100, estate_ids=None):
    """Open records past the deadline of their current state, the most overdue first: the
    inbox's walk along the deadline index (_waiting_statements), stopped at `limit`."""
    now = now or datetime.now()
    dialect = session.get_bind().dialect.name
    few = _few_estates(session, registry, estate_ids)
    out = []
    for flow in flows:
        dated, _undated = _waiting_statements(registry, flow, frozenset(flow.open_states), estate_ids, dialect, few)
        rows = session.execute(dated, {"limit": limit}).all()
        out.extend((flow, record, due_at) for record, due_at, _since in rows if due_at < now)
    out.sort(key=lambda r: r[2])
    return out[:limit]


def overdue_ids(registry, flow, states, now):
    """A statement for the ids of records in `states` past their current deadline, the most
    overdue first (the clock's escalations)."""
    Model, status, Position, joined = _flow_tables(registry, flow)
    return (select(Model.id).join(Position, joined)
            .where(Position.subject_table == flow.table, Position.due_at < now, status.in_(sorted(states)))
            .order_by(Position.due_at, Position.subject_id))


def waiting_approvals(session, registry, flows, older_than_hours=48, now=None, limit=100, estate_ids=None):
    """Records waiting for a signature longer than `older_than_hours`."""
    from datetime import timedelta

    now = now or datetime.now()
    cutoff = now - timedelta(hours=older_than_hours)
    out = []
    for flow in flows:
        states = {s for t in flow.transitions.values() if t.approvals for s in t.sources} - set(flow.ended)
        if not states:
            continue
        Model, status, Position, joined = _flow_tables(registry, flow)
        rows = session.execute(
            select(Model, Position.since).join(Position, joined)
            .where(status.in_(sorted(states)), Position.since < cutoff, *_scoped(registry, flow, estate_ids))
            .order_by(Position.since, Model.id).limit(limit)).all()
        out.extend((flow, record, since) for record, since in rows)
    out.sort(key=lambda r: r[2])
    return out[:limit]
