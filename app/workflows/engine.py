"""Run workflow transitions: check, write, record history, in the caller's transaction.

Domain code: takes the session, the registry, the flows and the acting user explicitly and never
reads request state. It only flushes; the caller commits once (or rolls back on error).
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from app.audit import diff
from app.audit import recorder


@dataclass(frozen=True)
class Actor:
    """Who acts: an app_user id and role code; `system` for the clock."""

    user_id: int | None
    role: str
    is_admin: bool = False

    @property
    def is_system(self):
        return self.role == "system"


SYSTEM = Actor(None, "system")


class TransitionError(Exception):
    """A refusal the user should read. `code` says which kind, for callers and tests."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


@dataclass
class Outcome:
    transition: str
    from_status: str
    to_status: str | None  # None when an approval was recorded but more signatures are needed
    due_at: datetime | None = None
    waiting_for: tuple = ()
    notice: str | None = None

    @property
    def completed(self):
        return self.to_status is not None


def _role_allowed(transition, actor):
    return actor.is_system or actor.is_admin or actor.role in transition.roles


def available(flow, record, actor, session=None, registry=None):
    """The transitions `actor` may start on `record` now (buttons to show)."""
    if flow is None:
        return []
    status = getattr(record, flow.status_column)
    out = []
    for t in flow.from_state(status):
        if t.auto:
            continue
        if t.not_by_requester and _is_requester(flow, record, actor):
            continue
        if t.approvals and session is not None:
            step = _next_step(session, registry, flow, t, record)
            if step is not None and not (actor.is_admin or actor.role in step.roles):
                continue
        elif not _role_allowed(t, actor):
            continue
        out.append(t)
    return out


def _is_requester(flow, record, actor):
    col = flow.requester_column
    return bool(col and actor.user_id is not None and getattr(record, col, None) == actor.user_id)


def fire(session, registry, flows, table, record_id, name, actor, *, seen_version=None, values=None,
         comment=None, now=None):
    """Fire transition `name` on one record. Raises TransitionError with a reason on refusal.

    `seen_version` is the record version the user saw: if somebody else moved the record since,
    the transition is refused (two approvers at once: exactly one wins).
    """
    now = now or datetime.now()
    values = dict(values or {})
    flow = flows.for_table(table)
    if flow is None:
        raise TransitionError("no_flow", "This record has no workflow.")
    t = flow.transitions.get(name)
    if t is None:
        raise TransitionError("unknown", "Unknown action.")
    Model = registry.model(table)
    record = session.get(Model, record_id)
    if record is None:
        raise TransitionError("not_found", "The record no longer exists.")
    # Lock the row before any check: a second approver waits here for the first to commit, then
    # reads the new version and is told the record changed, instead of reading the old record
    # beside the first approver's new signature (PostgreSQL; SQLite writes one at a time).
    session.refresh(record, with_for_update=True)
    status = getattr(record, flow.status_column)
    version = getattr(record, "version", None)
    if seen_version is not None and version is not None and int(seen_version) != version:
        raise TransitionError("stale", "Someone else changed this record in the meantime.", status=status)
    if status not in t.sources:
        raise TransitionError("stale" if seen_version is not None else "wrong_state",
                              "This record is no longer in a state where this action applies.", status=status)
    if t.auto and not actor.is_system:
        raise TransitionError("forbidden", "This action is taken by the system.")
    if t.not_by_requester and _is_requester(flow, record, actor):
        raise TransitionError("own_request", "Nobody may approve their own request.")
    spec = registry.spec(table)
    if comment is None or not str(comment).strip():
        comment = None
    if t.comment == "required" and not comment:
        raise TransitionError("missing", "A comment is required.", fields=("comment",))
    merged = {c: values.get(c, getattr(record, c, None)) for c in t.fields}
    missing = [c for c in t.required if merged.get(c) in (None, "")]
    if missing:
        raise TransitionError("missing", "Required information is missing.", fields=tuple(missing))
    for guard in t.guards:
        _check_guard(session, registry, record, guard)

    waiting = ()
    if t.approvals:
        step = _next_step(session, registry, flow, t, record)
        if step is None:
            raise TransitionError("forbidden", "No approval is needed here.")
        if not (actor.is_admin or actor.role in step.roles) or actor.is_system:
            raise TransitionError("forbidden", "You may not sign this step.")
        _sign(session, registry, flow, t, record, step, actor, comment, now)
        step = _next_step(session, registry, flow, t, record)
        if step is not None:
            # More signatures needed: record the signature, move the version so stale screens notice.
            _guarded_update(session, Model, flow, record, status, version, {})
            return Outcome(t.name, status, None, waiting_for=step.roles)
    elif not _role_allowed(t, actor):
        raise TransitionError("forbidden", "Your role may not take this action.")

    changes = {c: values[c] for c in t.fields if c in values}
    for col in t.stamp:
        changes[col] = now
    if "updated_at" in spec.columns:
        changes["updated_at"] = now
    changes[flow.status_column] = t.target
    due_at = _deadline(session, registry, flow, t.target, record, changes, now)
    deadline = flow.deadlines.get(t.target)
    if deadline and deadline.set_column and due_at is not None:
        changes[deadline.set_column] = due_at
    before = {c: getattr(record, c, None) for c in changes}
    _guarded_update(session, Model, flow, record, status, version, changes)
    session.expire(record)
    recorder.record(session, registry.metadata, "transition", table, record_id,
                    {"_transition": [None, t.name], **diff.changes(before, changes)})
    for effect in t.effects:
        _apply_effect(session, registry, record, effect, now)
    _history(session, registry, flow, record_id, t.name, status, t.target, actor, comment, due_at, now)
    return Outcome(t.name, status, t.target, due_at=due_at, notice=t.notice, waiting_for=waiting)


def record_created(session, registry, flow, record, actor, now=None):
    """The first history entry of a new record: its initial state and that state's deadline."""
    now = now or datetime.now()
    status = getattr(record, flow.status_column)
    due_at = _deadline(session, registry, flow, status, record, {}, now)
    deadline = flow.deadlines.get(status)
    if deadline and deadline.set_column and due_at is not None and getattr(record, deadline.set_column) is None:
        setattr(record, deadline.set_column, due_at)
    _history(session, registry, flow, record.id, "create", None, status, actor, None, due_at, now)
    return due_at


def _guarded_update(session, Model, flow, record, status, version, changes):
    """UPDATE ... WHERE id = :id AND status = :seen AND version = :seen: 0 rows means someone won."""
    table = Model.__table__
    cond = [table.c.id == record.id, table.c[flow.status_column] == status]
    values = dict(changes)
    if "version" in table.c and version is not None:
        cond.append(table.c.version == version)
        values["version"] = version + 1
    if not values:
        return
    result = session.execute(update(table).where(and_(*cond)).values(**values))
    if result.rowcount != 1:
        raise TransitionError("stale", "Someone else handled this record in the meantime.")


def _history(session, registry, flow, record_id, transition, from_status, to_status, actor, comment, due_at, now):
    History = registry.model("status_history")
    session.execute(insert(History.__table__).values(
        flow=flow.code, subject_table=flow.table, subject_id=record_id, transition=transition,
        from_status=from_status, to_status=to_status, actor_id=actor.user_id, comment=comment,
        due_at=due_at, created_at=now))


def _deadline(session, registry, flow, state, record, changes, now):
    d = flow.deadlines.get(state)
    if d is None:
        return None
    if d.until_column:
        value = changes.get(d.until_column, getattr(record, d.until_column, None))
        if value is None:
            return None
        if not isinstance(value, datetime):  # a date: valid to the end of that day
            value = datetime(value.year, value.month, value.day, 23, 59, 59)
        return value
    hours = d.hours
    if d.rule_table:
        Rule = registry.model(d.rule_table)
        key_value = changes.get(d.key, getattr(record, d.key, None))
        rule = session.execute(select(Rule).where(getattr(Rule, d.key) == key_value)).scalars().first()
        if rule is not None and getattr(rule, d.hours_column, None) is not None:
            hours = getattr(rule, d.hours_column)
            if d.hours_column.endswith("_days"):
                hours = hours * 24
    if hours is None:
        return None
    return now + timedelta(hours=float(hours))


def _check_guard(session, registry, record, guard):
    if not matches(record, guard.when):
        return
    Related = registry.model(guard.table)
    found = session.execute(select(func.count()).select_from(Related).where(
        getattr(Related, guard.fk) == record.id,
        Related.status.in_(guard.statuses))).scalar()
    if not found:
        raise TransitionError("guard", str(guard.message))


def _resolve(value, record, now):
    if isinstance(value, str) and value.startswith("$"):
        return getattr(record, value[1:])
    if value == "@now":
        return now
    if value == "@today":
        return now.date()
    return value


def matches(record, when):
    """Does the record have these column values (a list means any of them)?"""
    for col, expected in when.items():
        value = getattr(record, col, None)
        if isinstance(expected, (list, tuple)):
            if value not in expected:
                return False
        elif value != expected:
            return False
    return True


def _apply_effect(session, registry, record, effect, now):
    if not matches(record, effect.when):
        return
    Target = registry.model(effect.table)
    values = {col: _resolve(v, record, now) for col, v in effect.values.items()}
    if effect.kind == "update":
        values = {col: v for col, v in values.items() if v is not None}  # keep what the record leaves open
        if not values:
            return
        target_id = getattr(record, effect.id_column)
        if target_id is None:
            return
        target = session.get(Target, target_id)
        before = {c: getattr(target, c, None) for c in values} if target is not None else {}
        if "version" in Target.__table__.c:
            values["version"] = Target.__table__.c.version + 1
        session.execute(update(Target.__table__).where(Target.__table__.c.id == target_id).values(**values))
        values.pop("version", None)
        recorder.record(session, registry.metadata, "update", effect.table, target_id, diff.changes(before, values))
        if target is not None:
            session.expire(target)
        return
    if effect.unless_exists:
        cond = [getattr(Target, c) == values[c] for c in effect.unless_exists]
        if session.execute(select(func.count()).select_from(Target).where(and_(*cond))).scalar():
            return
    result = session.execute(insert(Target.__table__).values(**values))
    new_id = (result.inserted_primary_key or [None])[0]
    recorder.record(session, registry.metadata, "insert", effect.table, new_id, diff.changes({}, values))


# --- approvals ------------------------------------------------------------------------------

def _round(session, registry, flow, record):
    """How many times the record has entered its current state: signatures of an earlier round
    (before a return or a rejection) do not count again."""
    History = registry.model("status_history")
    status = getattr(record, flow.status_column)
    return session.execute(select(func.count()).select_from(History).where(
        History.subject_table == flow.table, History.subject_id == record.id,
        History.to_status == status)).scalar() or 1


def _signatures(session, registry, flow, t, record, round_no):
    Step = registry.model("approval_step")
    Role = registry.model("app_role")
    rows = session.execute(
        select(Step.step_no, Role.code, Step.approver_id).join(Role, Role.id == Step.approver_role_id)
        .where(Step.subject_table == flow.table, Step.subject_id == record.id, Step.transition == t.name,
               Step.round == round_no, Step.decision == "approved")).all()
    return rows


def _applicable_steps(flow, t, record):
    amount = getattr(record, flow.amount_column, None) if flow.amount_column else None
    return [s for s in t.approvals if s.applies(amount)]


def _next_step(session, registry, flow, t, record):
    """The first applicable step still missing a signature, or None when all are signed."""
    round_no = _round(session, registry, flow, record)
    signed = _signatures(session, registry, flow, t, record, round_no)
    for index, step in enumerate(_applicable_steps(flow, t, record), start=1):
        roles_signed = {role for no, role, _ in signed if no == index}
        if step.mode == "all":
            missing = tuple(r for r in step.roles if r not in roles_signed)
            if missing:
                return type(step)(roles=missing, mode="all", min_amount=step.min_amount, max_amount=step.max_amount)
        elif not roles_signed:
            return step
    return None


def _sign(session, registry, flow, t, record, step, actor, comment, now):
    round_no = _round(session, registry, flow, record)
    index = next(i for i, s in enumerate(_applicable_steps(flow, t, record), start=1)
                 if set(step.roles) <= set(s.roles))
    Step = registry.model("approval_step")
    Role = registry.model("app_role")
    signed = _signatures(session, registry, flow, t, record, round_no)
    if any(no == index and approver == actor.user_id for no, _, approver in signed):
        raise TransitionError("stale", "You have already signed this step.")
    role_code = actor.role if actor.role in step.roles else step.roles[0]
    role_id = session.execute(select(Role.id).where(Role.code == role_code)).scalar_one()
    session.execute(insert(Step.__table__).values(
        flow=flow.code, subject_table=flow.table, subject_id=record.id, transition=t.name, round=round_no,
        step_no=index, approver_role_id=role_id, mode=step.mode, decision="approved",
        approver_id=actor.user_id, decided_at=now, comment=comment, created_at=now))


def history(session, registry, table, record_id):
    """The record's timeline: (created_at, transition, from, to, actor title, comment, due_at)."""
    def build():  # of the tables' columns: a plain SELECT costs half one of ORM attributes
        history, user = registry.metadata.tables["status_history"], registry.metadata.tables["app_user"]
        h, u = history.c, user.c
        return (select(h.created_at, h.transition, h.from_status, h.to_status, u.display_name, h.comment,
                       h.due_at, h.flow)
                .select_from(history.outerjoin(user, u.id == h.actor_id))
                .where(h.subject_table == bindparam("table"), h.subject_id == bindparam("record_id"))
                .order_by(h.created_at, h.id))
    statement = registry.statement("workflow_history", build)
    return session.execute(statement, {"table": table, "record_id": record_id}).all()


def signatures(session, registry, table, record_id, english=False):
    """Approval signatures of a record: (created_at, transition, step, role, signer, comment),
    the role named in English when `english` (else in Chinese)."""
    def build():
        tables = registry.metadata.tables
        step, role, user = tables["approval_step"], tables["app_role"], tables["app_user"]
        s, r, u = step.c, role.c, user.c
        return (select(s.decided_at, s.transition, s.step_no, r.name_en if english else r.name_zh, u.display_name,
                       s.comment)
                .select_from(step.join(role, r.id == s.approver_role_id).outerjoin(user, u.id == s.approver_id))
                .where(s.subject_table == bindparam("table"), s.subject_id == bindparam("record_id"))
                .order_by(s.decided_at, s.id))
    statement = registry.statement(("workflow_signatures", english), build)
    return session.execute(statement, {"table": table, "record_id": record_id}).all()


def tick(session, registry, flows, now=None):
    """Fire the clock's transitions: escalate overdue records, expire passes past their validity.
    Returns the list of (table, id, transition) fired."""
    now = now or datetime.now()
    fired = []
    for flow in flows:
        Model = registry.model(flow.table)
        status_col = getattr(Model, flow.status_column)
        for t in flow.transitions.values():
            if not t.auto:
                continue
            query = select(Model.id).where(status_col.in_(t.sources))
            if t.auto == "overdue":
                from .inbox import overdue_ids

                query = overdue_ids(registry, flow, t.sources, now)
            else:
                column = getattr(Model, t.auto.split(":", 1)[1])
                query = query.where(column < (now.date() if _is_date_column(Model, column) else now))
            for (record_id,) in session.execute(query.limit(500)).all():
                try:
                    fire(session, registry, flows, flow.table, record_id, t.name, SYSTEM, now=now)
                    fired.append((flow.table, record_id, t.name))
                except TransitionError:
                    continue
    return fired


def _is_date_column(Model, column):
    from sqlalchemy import Date
    from sqlalchemy import DateTime

    return isinstance(column.type, Date) and not isinstance(column.type, DateTime)
