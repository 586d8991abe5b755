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
from sqlalchemy import true
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


def _in_states(registry, flow, states, estate_ids, with_latest=True):
    """Each record of the flow in `states` (within `estate_ids` when given), with the id of its
    latest history entry unless `with_latest` is false, as a subquery: one index probe per
    record, however long each record's history is."""
    from app.auth import scope

    Model = registry.model(flow.table)
    History = registry.model("status_history")
    last = aliased(History)
    status = getattr(Model, flow.status_column)
    columns = [Model.id.label("record_id"), status.label("state")]
    if with_latest:
        columns.append(select(func.max(last.id))
                       .where(last.subject_table == flow.table, last.subject_id == Model.id)
                       .correlate(Model).scalar_subquery().label("history_id"))
    in_scope = scope.condition(registry, registry.estate_paths, flow.table, estate_ids)
    query = select(*columns).where(status.in_(sorted(states)))
    if in_scope is not None:
        query = query.where(in_scope)
    return query.subquery()


def overview(session, registry, flows, now=None, estate_ids=None):
    """Open items by flow and state: how many, the oldest entry into the state, how many overdue.

    Each open record's latest history entry is one index probe. PostgreSQL gets it as a LATERAL
    subquery: joined by id instead, it hashes the whole history table (a second at 1.2 million
    entries); SQLite has no LATERAL and probes the join by primary key."""
    now = now or datetime.now()
    History = registry.model("status_history")
    postgres = session.get_bind().dialect.name == "postgresql"
    out = []
    for flow in flows:
        if postgres:
            records, entry = _in_states(registry, flow, flow.open_states, estate_ids, with_latest=False), aliased(History)
            latest = (select(entry.created_at, entry.due_at)
                      .where(entry.subject_table == flow.table, entry.subject_id == records.c.record_id)
                      .order_by(entry.id.desc()).limit(1).lateral())
            since, due_at, joined = latest.c.created_at, latest.c.due_at, records.outerjoin(latest, true())
        else:
            records = _in_states(registry, flow, flow.open_states, estate_ids)
            since, due_at = History.created_at, History.due_at
            joined = records.outerjoin(History, History.id == records.c.history_id)
        rows = session.execute(
            select(records.c.state, func.count(), func.min(since), func.sum(case((due_at < now, 1), else_=0)))
            .select_from(joined).group_by(records.c.state)).all()
        for state, count, oldest, overdue in rows:
            out.append(StateCount(flow, state, count, oldest, int(overdue or 0)))
    return out


def overdue(session, registry, flows, now=None, limit=100, estate_ids=None):
    """Open records past the deadline of their current state, the most overdue first: the
    inbox's walk along the deadline index (_waiting_statements), stopped at `limit`."""
    now = now or datetime.now()
    dialect = session.get_bind().dialect.name
    out = []
    for flow in flows:
        dated, _undated = _waiting_statements(registry, flow, frozenset(flow.open_states), estate_ids, dialect)
        rows = session.execute(dated, {"limit": limit}).all()
        out.extend((flow, record, due_at) for record, due_at, _since in rows if due_at < now)
    out.sort(key=lambda r: r[2])
    return out[:limit]


def waiting_approvals(session, registry, flows, older_than_hours=48, now=None, limit=100, estate_ids=None):
    """Records waiting for a signature longer than `older_than_hours`."""
    from datetime import timedelta

    now = now or datetime.now()
    cutoff = now - timedelta(hours=older_than_hours)
    History = registry.model("status_history")
    out = []
    for flow in flows:
        states = {s for t in flow.transitions.values() if t.approvals for s in t.sources} - set(flow.ended)
        if not states:
            continue
        Model = registry.model(flow.table)
        records = _in_states(registry, flow, states, estate_ids)
        rows = session.execute(
            select(Model, History.created_at).join(records, records.c.record_id == Model.id)
            .join(History, History.id == records.c.history_id)
            .where(History.created_at < cutoff).order_by(History.created_at, Model.id).limit(limit)).all()
        out.extend((flow, record, since) for record, since in rows)
    out.sort(key=lambda r: r[2])
    return out[:limit]
