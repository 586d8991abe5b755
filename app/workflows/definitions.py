"""Workflows declared as data (workflows.toml): states come from the status column's CHECK,
transitions, roles, fields, deadlines, approvals, guards and effects from the declaration.

Pure: reads TOML and checks it against the schema specs; knows nothing of Flask or sessions.
"""

import tomllib
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from app.schema.annotations import Labels


class DefinitionError(ValueError):
    pass


@dataclass(frozen=True)
class ApprovalStep:
    """One signature stage: `single`/`any` need one signer holding one of the roles (或簽);
    `all` needs a signer from every listed role (會簽). Bands limit the step to amounts."""

    roles: tuple
    mode: str = "single"
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None

    def applies(self, amount):
        if amount is None:
            return self.min_amount is None
        if self.min_amount is not None and amount <= self.min_amount:
            return False
        if self.max_amount is not None and amount > self.max_amount:
            return False
        return True


@dataclass(frozen=True)
class Guard:
    """A condition the record must meet before the transition: `when` column values select the
    records it applies to; `requires` names a related table whose row must be in a status."""

    when: dict
    table: str
    fk: str
    statuses: tuple
    message: Labels


@dataclass(frozen=True, eq=False)
class Effect:
    """Writes in the same transaction: update a referenced row, or insert a row unless it exists."""

    kind: str  # update | insert
    table: str
    id_column: str | None  # update: the record's FK column holding the target id
    values: dict  # column -> literal, or "$column" for the record's value, or "@now"
    unless_exists: tuple = ()
    when: dict = field(default_factory=dict)  # column -> value or [values]: apply only to matching records


@dataclass(frozen=True)
class Deadline:
    hours: float | None = None  # a fixed number of hours
    rule_table: str | None = None  # or hours from a rule table row matched on `key`
    key: str | None = None
    hours_column: str | None = None
    until_column: str | None = None  # or the record's own date/time column
    set_column: str | None = None  # also written to this column of the record


@dataclass(frozen=True)
class Transition:
    name: str
    labels: Labels
    sources: tuple
    target: str
    roles: tuple
    required: tuple = ()
    optional: tuple = ()
    stamp: tuple = ()
    comment: str = "optional"  # optional | required
    not_by_requester: bool = False
    approvals: tuple = ()
    guards: tuple = ()
    effects: tuple = ()
    auto: str | None = None  # "overdue" or "past:<column>": fired by the clock, not by a user
    notice: str | None = None
    style: str = "primary"

    @property
    def fields(self):
        return self.required + tuple(f for f in self.optional if f not in self.required)


@dataclass
class Flow:
    code: str
    table: str
    labels: Labels
    status_column: str = "status"
    requester_column: str | None = "created_by_id"
    amount_column: str | None = None
    transitions: dict = field(default_factory=dict)  # name -> Transition, in declaration order
    deadlines: dict = field(default_factory=dict)  # state -> Deadline
    ended: tuple = ()  # states that are an end although a transition leaves them (reopen, withdraw)

    def from_state(self, state):
        return [t for t in self.transitions.values() if state in t.sources]

    @property
    def open_states(self):
        """States in which something waits on somebody: a person's transition leaves them and
        they are not declared ended (a closed complaint may be reopened, but waits on nobody)."""
        return {s for t in self.transitions.values() if not t.auto for s in t.sources} - set(self.ended)


@dataclass
class Flows:
    flows: dict = field(default_factory=dict)  # code -> Flow

    def for_table(self, table):
        return next((f for f in self.flows.values() if f.table == table), None)

    def __iter__(self):
        return iter(self.flows.values())


def _labels(raw, fallback):
    if isinstance(raw, list):
        return Labels.parse(" | ".join(raw), fallback)
    return Labels.parse(raw or "", fallback)


def _tuple(value):
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _amount(value):
    return None if value is None else Decimal(str(value))


def parse(text):
    """Parse workflows.toml text into Flows (no schema check)."""
    data = tomllib.loads(text)
    flows = Flows()
    for code, raw in data.get("flows", {}).items():
        flow = Flow(
            code=code,
            table=raw.get("table", code),
            labels=_labels(raw.get("labels"), code),
            status_column=raw.get("status", "status"),
            requester_column=raw.get("requester", "created_by_id"),
            amount_column=raw.get("amount"),
            ended=_tuple(raw.get("ended")),
        )
        for state, d in raw.get("deadlines", {}).items():
            flow.deadlines[state] = Deadline(
                hours=d.get("hours"), rule_table=d.get("rule"), key=d.get("key"),
                hours_column=d.get("hours_column"), until_column=d.get("until"), set_column=d.get("set"))
        for t in raw.get("transitions", []):
            guards = tuple(Guard(when=g.get("when", {}), table=g["table"], fk=g["fk"],
                                 statuses=_tuple(g["status"]), message=_labels(g.get("message"), "Not yet allowed"))
                           for g in t.get("guards", []))
            effects = tuple(Effect(kind="update" if "update" in e else "insert", table=e.get("update") or e["insert"],
                                   id_column=e.get("id"), values=dict(e.get("set") or e.get("values") or {}),
                                   unless_exists=_tuple(e.get("unless_exists")), when=dict(e.get("when") or {}))
                            for e in t.get("effects", []))
            approvals = tuple(ApprovalStep(roles=_tuple(a["roles"]), mode=a.get("mode", "single"),
                                           min_amount=_amount(a.get("above")), max_amount=_amount(a.get("up_to")))
                              for a in t.get("approvals", []))
            name = t["name"]
            if name in flow.transitions:
                raise DefinitionError(f"{code}: transition {name} declared twice")
            flow.transitions[name] = Transition(
                name=name, labels=_labels(t.get("labels"), name), sources=_tuple(t["from"]), target=t["to"],
                roles=_tuple(t.get("roles")), required=_tuple(t.get("required")), optional=_tuple(t.get("fields")),
                stamp=_tuple(t.get("stamp")), comment=t.get("comment", "optional"),
                not_by_requester=bool(t.get("not_by_requester", bool(approvals))), approvals=approvals,
                guards=guards, effects=effects, auto=t.get("auto"), notice=t.get("notice"),
                style=t.get("style", "primary"))
        flows.flows[code] = flow
    return flows


def check(flows, specs, roles):
    """Every name in the declaration must exist in the schema: a typo fails at start-up."""
    problems = []
    for flow in flows:
        spec = specs.get(flow.table)
        if spec is None:
            problems.append(f"{flow.code}: no table {flow.table}")
            continue
        status = spec.columns.get(flow.status_column)
        if status is None or not status.choices:
            problems.append(f"{flow.code}: {flow.table}.{flow.status_column} is not a CHECK ... IN column")
            continue
        states = set(status.choices)
        for state in flow.ended:
            if state not in states:
                problems.append(f"{flow.code}: ended state {state} unknown")
        for col in (flow.requester_column, flow.amount_column):
            if col and col not in spec.columns:
                problems.append(f"{flow.code}: no column {col}")
        for state, d in flow.deadlines.items():
            if state not in states:
                problems.append(f"{flow.code}: deadline for unknown state {state}")
            for col in (d.set_column, d.until_column, d.key):
                if col and col not in spec.columns:
                    problems.append(f"{flow.code}: deadline column {col} not in {flow.table}")
            if d.rule_table and d.rule_table not in specs:
                problems.append(f"{flow.code}: no rule table {d.rule_table}")
        for t in flow.transitions.values():
            for state in t.sources + (t.target,):
                if state not in states:
                    problems.append(f"{flow.code}.{t.name}: unknown state {state}")
            for col in t.fields + t.stamp:
                if col not in spec.columns:
                    problems.append(f"{flow.code}.{t.name}: no column {col}")
            for role in t.roles + tuple(r for a in t.approvals for r in a.roles):
                if role not in roles:
                    problems.append(f"{flow.code}.{t.name}: unknown role {role}")
            for g in t.guards:
                if g.table not in specs or g.fk not in specs[g.table].columns:
                    problems.append(f"{flow.code}.{t.name}: guard table {g.table}.{g.fk} missing")
            for e in t.effects:
                if e.table not in specs:
                    problems.append(f"{flow.code}.{t.name}: effect table {e.table} missing")
                    continue
                for col in e.values:
                    if col not in specs[e.table].columns:
                        problems.append(f"{flow.code}.{t.name}: effect column {e.table}.{col} missing")
            if t.auto and not (t.auto == "overdue" or t.auto.startswith("past:")):
                problems.append(f"{flow.code}.{t.name}: auto must be 'overdue' or 'past:<column>'")
    if problems:
        raise DefinitionError("workflows.toml: " + "; ".join(problems))
    return flows
