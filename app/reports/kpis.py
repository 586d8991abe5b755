"""KPI queries (DOMAIN.md section E): every figure is one aggregate SQL query over indexed columns.

Each function takes a session, the registry (for the reflected tables), a Scope and the months
wanted, and returns plain values keyed by period ('2026-11'), or by (period, estate/building id)
when `by` is given. Rates are Ratio objects, so "no data" has no value instead of dividing by zero.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import union_all

from .periods import Month
from .scope import estate_or_unit_conditions
from .scope import org_units_of
from .scope import unit_conditions
from .sqlx import Ratio
from .sqlx import days_between
from .sqlx import dialect_of
from .sqlx import hours_between
from .sqlx import least
from .sqlx import month_key
from .sqlx import months_table
from .sqlx import num

OPEN_CHARGE = ("billed", "partially_paid", "overdue")
EPSILON = 0.005  # half a cent: amounts stored as REAL on SQLite compare within it
OPEN_COMPLAINT = ("received", "classified", "dispatched", "in_progress", "reopened", "escalated")
NOT_COUNTED_COMPLAINT = ("invalid", "cancelled")
PERMITTED_RENOVATION = ("permit_issued", "in_progress", "suspended", "completion_requested", "acceptance_failed",
                        "accepted", "refund_pending", "closed")
APPROVED_PURCHASE = ("head_approved", "ordered", "received", "closed")
OCCUPIED = ("owner_occupied", "rented", "renovating")
VACANT = ("delivered_vacant", "vacant")
AGE_BUCKETS = (("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180), (">180", 181, None))
SEVERITIES = ("general", "urgent", "major")


def _t(registry):
    return registry.metadata.tables


def _key_columns(by, estate_expr, building_expr):
    if by == "estate":
        return [estate_expr.label("k")]
    if by == "building":
        return [building_expr.label("k")]
    return []


def _key(row, by):
    return (row.period, row.k) if by else row.period


# ------------------------------------------------------------------------------------------------
# Fees: collection rate by amount and by household, arrears recovery, arrears ageing
# ------------------------------------------------------------------------------------------------

@dataclass
class Collection:
    due: float = 0.0
    collected: float = 0.0
    households: int = 0
    households_paid: int = 0

    @property
    def amount_rate(self):
        return Ratio(self.collected, self.due)

    @property
    def household_rate(self):
        return Ratio(self.households_paid, self.households)


def fee_collection(session, registry, scope, months, by=None, fee_kind="management"):
    """{period: Collection} for charges of `fee_kind` whose period starts in each month, paid by its end.

    One statement, a branch per month: the month's charges (a range of the period_start index)
    with their payments up to its end (capped at the amount due) add up per unit, a household,
    and the units to the month's totals. Branches keep each per-unit sort to one month and need
    no second sort of every unit's row by month.
    """
    t = _t(registry)
    dialect = dialect_of(session)
    charge, fee_item, unit, building = t["charge"], t["fee_item"], t["unit"], t["building"]
    due = charge.c.amount_due - charge.c.discount_amount
    keys = _key_columns(by, building.c.estate_id, unit.c.building_id)
    source = _charge_source(scope, by, charge, unit, building).join(fee_item, fee_item.c.id == charge.c.fee_item_id)

    def month_totals(n, month):
        charges = (select(charge.c.id, charge.c.unit_id, *keys, due.label("due")).select_from(source)
                   .where(charge.c.period_start >= month.start, charge.c.period_start < month.end,
                          fee_item.c.kind == fee_kind, charge.c.status != "waived",
                          *unit_conditions(scope, unit, building)))
        rows, paid_source, paid = _paid_in_month(t, dialect, charges, month, n)
        rk = [rows.c.k] if by else []
        per_unit = (select(rows.c.unit_id, *rk, func.sum(rows.c.due).label("due"),
                           func.sum(least(dialect, paid, rows.c.due)).label("got"))
                    .select_from(paid_source).group_by(rows.c.unit_id, *rk)).subquery(f"per_unit_{n}")
        uk = [per_unit.c.k] if by else []
        return (select(literal(n).label("n"), *uk, func.sum(per_unit.c.due).label("due"),
                       func.sum(per_unit.c.got).label("got"),
                       func.sum(case((per_unit.c.due > EPSILON, 1), else_=0)).label("households"),
                       func.sum(case((and_(per_unit.c.due > EPSILON, per_unit.c.got >= per_unit.c.due - EPSILON), 1),
                                     else_=0)).label("paid"))
                .group_by(*uk))

    branches = [month_totals(n, month) for n, month in enumerate(months)]
    out = {}
    for row in session.execute(union_all(*branches) if len(branches) > 1 else branches[0]):
        if not by and row.due is None:
            continue  # a month without charges has no figures
        period = months[row.n].label
        out[(period, row.k) if by else period] = Collection(num(row.due) or 0.0, num(row.got) or 0.0,
                                                             int(row.households or 0), int(row.paid or 0))
    return out


def _paid_in_month(t, dialect, charges, month, n):
    """(rows, source, amount) for `charges` (a SELECT of the month's charges with their id): the
    charges as a subquery, what to select from, and what each was paid, late fees aside, by the
    month's end.

    SQLite probes the allocation index once per charge (_paid_before()). PostgreSQL would start
    a sub-plan for each of the month's charges, so there the allocations of all of them are
    added up in one join.
    """
    rows = charges.subquery(f"charges_{n}")
    if dialect == "sqlite":
        return rows, rows, _paid_before(t, rows, month.end_at)
    alloc, payment = t["payment_allocation"], t["payment"]
    paid_charges = charges.subquery(f"paid_charges_{n}")
    paid = (select(alloc.c.charge_id, func.sum(alloc.c.amount - alloc.c.late_fee_amount).label("amount"))
            .select_from(alloc.join(payment, payment.c.id == alloc.c.payment_id)
                         .join(paid_charges, paid_charges.c.id == alloc.c.charge_id))
            .where(payment.c.paid_at < month.end_at, payment.c.is_voided == false())
            .group_by(alloc.c.charge_id)).subquery(f"paid_{n}")
    return rows, rows.outerjoin(paid, paid.c.charge_id == rows.c.id), func.coalesce(paid.c.amount, 0)


def arrears_recovery(session, registry, scope, month):
    """清欠率 for one month: Ratio(collected in the month on earlier arrears, arrears open at its start)."""
    t = _t(registry)
    charge, unit, building = t["charge"], t["unit"], t["building"]
    per_charge = _owed_at(t, charge, month.start_at, _scoped(scope), select(
        (charge.c.amount_due - charge.c.discount_amount).label("due"))
        .select_from(_charge_source(scope, None, charge, unit, building))
        .where(charge.c.due_date < month.start, *unit_conditions(scope, unit, building)),
        paid_before=[month.start_at, month.end_at])
    due, before_start, before_end = per_charge.c.due, per_charge.c.paid_0, per_charge.c.paid_1
    opening = case((due - before_start > EPSILON, due - before_start), else_=0)
    recovered = case((before_end > before_start, before_end - before_start), else_=0)
    recovered = case((recovered > opening, opening), else_=recovered)
    opening_total, recovered_total = session.execute(select(func.sum(opening), func.sum(recovered))).one()
    return Ratio(num(recovered_total) or 0.0, num(opening_total) or 0.0)


def _paid_before(t, charge, moment):
    """What the charge's payments before `moment` paid of it (late fees aside): one index probe.

    `charge`: the charge table, or a selection of charges with their id.
    """
    alloc, payment = t["payment_allocation"], t["payment"]
    return (select(func.coalesce(func.sum(alloc.c.amount - alloc.c.late_fee_amount), 0))
            .select_from(alloc.join(payment, payment.c.id == alloc.c.payment_id))
            .where(alloc.c.charge_id == charge.c.id, payment.c.paid_at < moment, payment.c.is_voided == false())
            .correlate(charge).scalar_subquery())


def _owed_at(t, charge, moment, scoped, stmt, paid_before):
    """`stmt` limited to the charges that may have been owed at `moment`, still open now or paid
    (in part) since then, as a subquery with a column paid_<i> for each moment of `paid_before`:
    what the charge's payments before it paid of it, late fees aside (one index probe each).

    The two kinds are a UNION ALL (a charge's status puts it in one at most): each half reads
    its own index (charge.status; payment.paid_at), so a year of paid charges is not read row by
    row, and the probes inside the halves run once per charge however often the totals use
    them. A charge marked paid with no payment recorded counts as settled; waived and
    written-off charges are never owed.
    """
    alloc, payment = t["payment_allocation"], t["payment"]
    paid_since = (select(alloc.c.charge_id).join(payment, payment.c.id == alloc.c.payment_id)
                  .where(payment.c.paid_at >= moment))
    # With an estate or building filter the unit -> building path is the selective one; reading
    # the status through an expression keeps SQLite's planner from preferring the status index.
    status = func.coalesce(charge.c.status, "") if scoped else charge.c.status
    stmt = stmt.add_columns(*[_paid_before(t, charge, m).label(f"paid_{i}") for i, m in enumerate(paid_before)])
    return union_all(stmt.where(status.in_(OPEN_CHARGE)),
                     stmt.where(status == "paid", charge.c.id.in_(paid_since))).subquery("owed")


def _scoped(scope):
    return scope.estate_ids is not None or bool(scope.building_id)


def _charge_source(scope, by, charge, unit, building):
    """charge, joined to unit and building only when a filter or a grouping needs them."""
    if scope.estate_ids is None and not scope.building_id and not by:
        return charge
    return charge.join(unit, unit.c.id == charge.c.unit_id).join(building, building.c.id == unit.c.building_id)


@dataclass
class Ageing:
    as_of: date
    buckets: dict = field(default_factory=dict)  # bucket -> {"amount", "charges", "units"}

    @property
    def total(self):
        return sum(b["amount"] for b in self.buckets.values())

    @property
    def units(self):
        return sum(b["units"] for b in self.buckets.values())


def arrears_ageing(session, registry, scope, as_of, by=None):
    """Outstanding overdue amounts at the start of `as_of` (a date), by days past due.

    {key: Ageing}; the key is None, or the estate/building id with `by`.
    """
    t = _t(registry)
    charge, unit, building = t["charge"], t["unit"], t["building"]
    cutoff = datetime.combine(as_of, datetime.min.time())
    # Buckets by position (the newest first): an integer groups faster than the bucket's name.
    bucket = case(*[(charge.c.due_date >= as_of - timedelta(days=hi), i)
                    for i, (_name, _lo, hi) in enumerate(AGE_BUCKETS) if hi], else_=len(AGE_BUCKETS) - 1)
    keys = _key_columns(by, building.c.estate_id, unit.c.building_id)
    per_charge = _owed_at(t, charge, cutoff, _scoped(scope), select(
        bucket.label("bucket"), charge.c.unit_id, *keys, (charge.c.amount_due - charge.c.discount_amount).label("due"))
        .select_from(_charge_source(scope, by, charge, unit, building))
        .where(charge.c.due_date < as_of, *unit_conditions(scope, unit, building)), paid_before=[cutoff])
    ik = [per_charge.c.k] if by else []
    owed = per_charge.c.due - per_charge.c.paid_0
    # Owed amounts are filtered inside the sums: a WHERE here would be copied into both halves
    # of the union and run each charge's payment probe twice.
    is_owed = owed > EPSILON
    q = (select(per_charge.c.bucket, *ik, func.sum(case((is_owed, owed))).label("amount"),
                func.count(case((is_owed, 1))).label("charges"),
                func.count(case((is_owed, per_charge.c.unit_id)).distinct()).label("units"))
         .group_by(per_charge.c.bucket, *ik))
    out = {}
    for row in session.execute(q):
        if not row.charges:
            continue
        key = row.k if by else None
        ageing = out.setdefault(key, Ageing(as_of, {name: {"amount": 0.0, "charges": 0, "units": 0}
                                                    for name, _lo, _hi in AGE_BUCKETS}))
        ageing.buckets[AGE_BUCKETS[row.bucket][0]] = {"amount": num(row.amount) or 0.0, "charges": int(row.charges),
                                                      "units": int(row.units)}
    if not by and None not in out:
        out[None] = Ageing(as_of, {name: {"amount": 0.0, "charges": 0, "units": 0} for name, _lo, _hi in AGE_BUCKETS})
    return out


# ------------------------------------------------------------------------------------------------
# Occupancy: live from unit.occupancy_status, closed months from occupancy_snapshot
# ------------------------------------------------------------------------------------------------

@dataclass
class Occupancy:
    total: int = 0
    delivered: int = 0
    occupied: int = 0
    vacant: int = 0
    renovating: int = 0
    rented: int = 0
    source: str = "live"  # live | snapshot | none

    @property
    def occupancy_rate(self):
        return Ratio(self.occupied, self.delivered)

    @property
    def vacancy_rate(self):
        return Ratio(self.vacant, self.delivered)


def live_occupancy(session, registry, scope, by=None):
    """{key: Occupancy} from the units' status now (key None, or estate/building id with `by`).

    The units are counted per status (company-wide the status index alone answers) and the
    counts added up here.
    """
    t = _t(registry)
    unit, building = t["unit"], t["building"]
    keys = _key_columns(by, building.c.estate_id, unit.c.building_id)
    source = unit.join(building, building.c.id == unit.c.building_id) if by or _scoped(scope) else unit
    status = unit.c.occupancy_status
    q = (select(*keys, status.label("status"), func.count().label("n")).select_from(source)
         .where(*unit_conditions(scope, unit, building)).group_by(*keys, status))
    out = {}
    for row in session.execute(q):
        occ = out.setdefault(row.k if by else None, Occupancy())
        n = int(row.n)
        occ.total += n
        occ.delivered += n if row.status != "unsold" else 0
        occ.occupied += n if row.status in OCCUPIED else 0
        occ.vacant += n if row.status in VACANT else 0
        occ.renovating += n if row.status == "renovating" else 0
        occ.rented += n if row.status == "rented" else 0
    if not by and None not in out:
        out[None] = Occupancy()
    return out


def snapshot_occupancy(session, registry, scope, months, by=None):
    """{period or (period, estate id): Occupancy} summed from the months' snapshots (estate level only)."""
    snap = _t(registry)["occupancy_snapshot"]
    if scope.building_id or by == "building":
        return {}
    conds = [snap.c.period.in_([m.label for m in months])]
    if scope.estate_ids is not None:
        conds.append(snap.c.estate_id.in_(scope.estate_ids))
    keys = [snap.c.estate_id.label("k")] if by == "estate" else []
    q = (select(snap.c.period, *keys, func.sum(snap.c.units_total).label("total"),
                func.sum(snap.c.units_delivered).label("delivered"), func.sum(snap.c.units_occupied).label("occupied"),
                func.sum(snap.c.units_vacant).label("vacant"), func.sum(snap.c.units_renovating).label("renovating"),
                func.sum(snap.c.units_rented).label("rented"))
         .where(*conds).group_by(snap.c.period, *keys))
    return {_key(row, by): Occupancy(int(row.total), int(row.delivered), int(row.occupied), int(row.vacant),
                                     int(row.renovating), int(row.rented), "snapshot")
            for row in session.execute(q)}


def occupancy_by_month(session, registry, scope, months, today):
    """{period: Occupancy}: the current month (and later) live, closed months from snapshots, else 'none'."""
    current = Month.of(today)
    snaps = snapshot_occupancy(session, registry, scope, [m for m in months if m < current])
    live = None
    out = {}
    for m in months:
        if m >= current:
            if live is None:
                live = live_occupancy(session, registry, scope).get(None, Occupancy())
            out[m.label] = live
        else:
            out[m.label] = snaps.get(m.label, Occupancy(source="none"))
    return out


# ------------------------------------------------------------------------------------------------
# Paid services
# ------------------------------------------------------------------------------------------------

@dataclass
class Income:
    orders: int = 0
    amount: float = 0.0

    @property
    def average(self):
        return Ratio(self.amount, self.orders)


def paid_service_income(session, registry, scope, months, by=None):
    """{period: Income}: chargeable work orders whose paid_at falls in the month."""
    t = _t(registry)
    dialect = dialect_of(session)
    wo, unit, building = t["work_order"], t["unit"], t["building"]
    keys = _key_columns(by, func.coalesce(wo.c.estate_id, building.c.estate_id), unit.c.building_id)
    source = (wo.outerjoin(unit, unit.c.id == wo.c.unit_id).outerjoin(building, building.c.id == unit.c.building_id)
              if by else wo)
    period = month_key(dialect, wo.c.paid_at).label("period")
    q = (select(period, *keys, func.count().label("orders"),
                func.coalesce(func.sum(wo.c.total_amount), 0).label("amount"))
         .select_from(source)
         .where(wo.c.paid_at >= months[0].start_at, wo.c.paid_at < months[-1].end_at, wo.c.is_paid.is_(True),
                wo.c.status != "cancelled", *estate_or_unit_conditions(scope, wo, unit, building))
         .group_by(period, *keys))
    return {_key(row, by): Income(int(row.orders), num(row.amount) or 0.0) for row in session.execute(q)}


# ------------------------------------------------------------------------------------------------
# Complaints: volume, timeliness, follow-up, reopen, response and resolution times
# ------------------------------------------------------------------------------------------------

@dataclass
class ComplaintFigures:
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    closed: int = 0
    closed_followed_up: int = 0
    closed_reopened: int = 0
    response_hours: float | None = None
    resolve_hours: float | None = None

    @property
    def timeliness(self):
        return Ratio(self.resolved_on_time, self.resolved)

    @property
    def follow_up_rate(self):
        return Ratio(self.closed_followed_up, self.closed)

    @property
    def reopen_rate(self):
        return Ratio(self.closed_reopened, self.closed)


def _complaint_from(t):
    c, unit, building = t["complaint"], t["unit"], t["building"]
    return c, unit, building, (c.outerjoin(unit, unit.c.id == c.c.unit_id)
                               .outerjoin(building, building.c.id == unit.c.building_id))


def complaint_figures(session, registry, scope, months, by=None):
    """{period: ComplaintFigures}: three grouped queries (received / resolved / closed in the month).

    Each reads the whole window once and groups by the month of its own timestamp; received_at
    is indexed, the closed query also narrows by the indexed status.
    """
    t = _t(registry)
    dialect = dialect_of(session)
    c, unit, building, joined = _complaint_from(t)
    follow = t["follow_up"]
    start, end = months[0].start_at, months[-1].end_at
    keys = _key_columns(by, func.coalesce(c.c.estate_id, building.c.estate_id), unit.c.building_id)
    where = [c.c.status.not_in(NOT_COUNTED_COMPLAINT), c.c.is_valid.is_(True),
             *estate_or_unit_conditions(scope, c, unit, building)]
    source = joined if by else c
    out = {}

    def fig(row):
        return out.setdefault(_key(row, by), ComplaintFigures())

    def grouped(column, *columns, extra=()):
        period = month_key(dialect, column).label("period")
        return (select(period, *keys, *columns).select_from(source)
                .where(column >= start, column < end, *where, *extra).group_by(period, *keys))

    received = grouped(c.c.received_at, func.count().label("n"),
                       func.avg(case((c.c.responded_at.is_not(None),
                                      hours_between(dialect, c.c.responded_at, c.c.received_at)))).label("resp"),
                       func.avg(case((c.c.resolved_at.is_not(None),
                                      hours_between(dialect, c.c.resolved_at, c.c.received_at)))).label("res"))
    for row in session.execute(received):
        f = fig(row)
        f.received, f.response_hours, f.resolve_hours = int(row.n), num(row.resp), num(row.res)
    resolved = grouped(c.c.resolved_at, func.sum(case((c.c.due_resolve_at.is_not(None), 1), else_=0)).label("n"),
                       func.sum(case((c.c.resolved_at <= c.c.due_resolve_at, 1), else_=0)).label("on_time"))
    for row in session.execute(resolved):
        f = fig(row)
        f.resolved, f.resolved_on_time = int(row.n or 0), int(row.on_time or 0)
    followed = exists().where(follow.c.complaint_id == c.c.id)
    closed = grouped(c.c.closed_at, func.count().label("n"), func.sum(case((followed, 1), else_=0)).label("followed"),
                     func.sum(case((c.c.reopen_count > 0, 1), else_=0)).label("reopened"),
                     extra=(c.c.status == "closed",))
    for row in session.execute(closed):
        f = fig(row)
        f.closed, f.closed_followed_up, f.closed_reopened = int(row.n), int(row.followed or 0), int(row.reopened or 0)
    return out


def complaint_times_by_severity(session, registry, scope, month):
    """{severity: {"received", "response_hours", "resolve_hours", "responded", "resolved"}} for one month."""
    t = _t(registry)
    dialect = dialect_of(session)
    c, unit, building, joined = _complaint_from(t)
    q = (select(c.c.severity, func.count().label("n"),
                func.count(c.c.responded_at).label("responded"), func.count(c.c.resolved_at).label("resolved"),
                func.avg(case((c.c.responded_at.is_not(None),
                               hours_between(dialect, c.c.responded_at, c.c.received_at)))).label("resp"),
                func.avg(case((c.c.resolved_at.is_not(None),
                               hours_between(dialect, c.c.resolved_at, c.c.received_at)))).label("res"))
         .select_from(c)
         .where(c.c.received_at >= month.start_at, c.c.received_at < month.end_at,
                c.c.status.not_in(NOT_COUNTED_COMPLAINT), c.c.is_valid.is_(True),
                *estate_or_unit_conditions(scope, c, unit, building))
         .group_by(c.c.severity))
    out = {s: {"received": 0, "responded": 0, "resolved": 0, "response_hours": None, "resolve_hours": None}
           for s in SEVERITIES}
    for row in session.execute(q):
        out[row.severity] = {"received": int(row.n), "responded": int(row.responded), "resolved": int(row.resolved),
                             "response_hours": num(row.resp), "resolve_hours": num(row.res)}
    return out


def complaints_by_category(session, registry, scope, month):
    """{category: count} of valid complaints received in the month."""
    t = _t(registry)
    c, unit, building, joined = _complaint_from(t)
    q = (select(c.c.category, func.count()).select_from(c)
         .where(c.c.received_at >= month.start_at, c.c.received_at < month.end_at,
                c.c.status.not_in(NOT_COUNTED_COMPLAINT), c.c.is_valid.is_(True),
                *estate_or_unit_conditions(scope, c, unit, building))
         .group_by(c.c.category).order_by(func.count().desc()))
    return {cat: int(n) for cat, n in session.execute(q)}


# ------------------------------------------------------------------------------------------------
# Renovation inspection coverage
# ------------------------------------------------------------------------------------------------

@dataclass
class Coverage:
    applications: int = 0
    due: int = 0
    made: int = 0

    @property
    def rate(self):
        return Ratio(self.made, self.due)


def inspection_coverage(session, registry, scope, months, today, every_days=2):
    """{period: Coverage}: inspections made vs due for permitted renovations working in each month."""
    t = _t(registry)
    dialect = dialect_of(session)
    ra, insp, unit, building = t["renovation_application"], t["renovation_inspection"], t["unit"], t["building"]
    m = months_table(months)
    works_end = func.coalesce(ra.c.extension_until, ra.c.end_date)
    # The works days inside the month, up to today: [max(start, month start), min(end + 1, month end, today + 1)).
    tomorrow = today + timedelta(days=1)
    lo = case((ra.c.start_date > m.c.start, ra.c.start_date), else_=m.c.start)
    hi_end = works_end + timedelta(days=1) if dialect != "sqlite" else func.date(works_end, "+1 day")
    hi = case((hi_end < m.c.end, hi_end), else_=m.c.end)
    hi = case((hi > literal(tomorrow), literal(tomorrow)), else_=hi)
    days = days_between(dialect, hi, lo)
    made = (select(func.count()).select_from(insp)
            .where(insp.c.renovation_application_id == ra.c.id, insp.c.inspected_at >= m.c.start_at,
                   insp.c.inspected_at < m.c.end_at).correlate(ra, m).scalar_subquery())
    per_app = (select(m.c.period, ra.c.id, days.label("days"), made.label("made"))
               .select_from(ra.join(m, and_(ra.c.start_date < m.c.end, works_end >= m.c.start))
                            .join(unit, unit.c.id == ra.c.unit_id)
                            .join(building, building.c.id == unit.c.building_id))
               .where(ra.c.status.in_(PERMITTED_RENOVATION), ra.c.permit_issued_at.is_not(None),
                      *unit_conditions(scope, unit, building))).subquery("per_app")
    due = case((per_app.c.days > 0, (per_app.c.days + (every_days - 1)) // every_days), else_=0)
    q = (select(per_app.c.period, func.count().label("apps"), func.sum(due).label("due"),
                func.sum(per_app.c.made).label("made"))
         .where(per_app.c.days > 0).group_by(per_app.c.period))
    return {row.period: Coverage(int(row.apps), int(num(row.due) or 0), int(row.made or 0))
            for row in session.execute(q)}


# ------------------------------------------------------------------------------------------------
# Budget execution and training completion (organisation units under the estates' centres)
# ------------------------------------------------------------------------------------------------

def budget_execution(session, registry, scope, year, upto):
    """{category: Ratio(approved spend to `upto`, budget)} for the year's budget lines, plus 'total'."""
    t = _t(registry)
    line, pr = t["budget_line"], t["purchase_request"]
    orgs = org_units_of(t, scope.estate_ids)
    upto_at = datetime.combine(upto, datetime.min.time())
    spent = (select(func.coalesce(func.sum(pr.c.total_estimate), 0))
             .where(pr.c.budget_line_id == line.c.id, pr.c.status.in_(APPROVED_PURCHASE),
                    func.coalesce(pr.c.approved_at, pr.c.created_at) < upto_at)
             .correlate(line).scalar_subquery())
    conds = [line.c.budget_year == year]
    if orgs is not None:
        conds.append(line.c.org_unit_id.in_(orgs))
    q = (select(line.c.category, func.sum(line.c.amount_budgeted).label("budget"), func.sum(spent).label("spent"))
         .where(*conds).group_by(line.c.category).order_by(line.c.category))
    out = {row.category: Ratio(num(row.spent) or 0.0, num(row.budget) or 0.0) for row in session.execute(q)}
    total = Ratio()
    for r in out.values():
        total = total + r
    out["total"] = total
    return out


@dataclass
class Training:
    planned: int = 0
    held: int = 0
    expected: int = 0
    attended: int = 0
    passed: int = 0
    staff_trained: int = 0

    @property
    def completion(self):
        return Ratio(self.held, self.planned)

    @property
    def attendance(self):
        return Ratio(self.attended, self.expected)


def training_completion(session, registry, scope, year, upto):
    """Training plans of `year`: sessions planned vs held up to `upto`, attendance at the sessions held."""
    t = _t(registry)
    plan, sess, att = t["training_plan"], t["training_session"], t["training_attendance"]
    orgs = org_units_of(t, scope.estate_ids)
    plan_conds = [plan.c.plan_year == year, plan.c.status != "draft"]
    if orgs is not None:
        plan_conds.append(plan.c.org_unit_id.in_(orgs))
    scheduled = (select(func.count()).where(sess.c.training_plan_id == plan.c.id, sess.c.status != "cancelled")
                 .correlate(plan).scalar_subquery())
    planned = select(func.sum(func.coalesce(plan.c.planned_sessions, scheduled))).where(*plan_conds)
    plan_ids = select(plan.c.id).where(*plan_conds)
    held_conds = [sess.c.training_plan_id.in_(plan_ids), sess.c.status == "held", sess.c.session_date <= upto]
    held = select(func.count()).select_from(sess).where(*held_conds)
    attendance = (select(func.count(), func.sum(case((att.c.attended.is_(True), 1), else_=0)),
                         func.sum(case((att.c.passed.is_(True), 1), else_=0)),
                         func.count(case((att.c.attended.is_(True), att.c.staff_id)).distinct()))
                  .select_from(att.join(sess, sess.c.id == att.c.training_session_id)).where(*held_conds))
    expected, attended, passed, staff = session.execute(attendance).one()
    return Training(int(num(session.execute(planned).scalar()) or 0), int(session.execute(held).scalar() or 0),
                    int(expected or 0), int(attended or 0), int(passed or 0), int(staff or 0))


# ------------------------------------------------------------------------------------------------
# Everything one month needs, for the summary table and the monthly report
# ------------------------------------------------------------------------------------------------

def month_summary(session, registry, scope, month, today, every_days=2):
    """The month's headline figures: {code: value} with Ratio / float / int values."""
    coll = fee_collection(session, registry, scope, [month]).get(month.label, Collection())
    occ = occupancy_by_month(session, registry, scope, [month], today)[month.label]
    inc = paid_service_income(session, registry, scope, [month]).get(month.label, Income())
    comp = complaint_figures(session, registry, scope, [month]).get(month.label, ComplaintFigures())
    cov = inspection_coverage(session, registry, scope, [month], today, every_days).get(month.label, Coverage())
    as_of = min(month.end, today)
    ageing = arrears_ageing(session, registry, scope, as_of)[None]
    budget = budget_execution(session, registry, scope, month.year, min(month.end, today + timedelta(days=1)))
    training = training_completion(session, registry, scope, month.year, min(month.last_day, today))
    return {
        "collection": coll, "occupancy": occ, "income": inc, "complaints": comp, "coverage": cov,
        "ageing": ageing, "budget": budget, "training": training,
        "recovery": arrears_recovery(session, registry, scope, month),
    }


def trend(session, registry, scope, months, today):
    """Twelve-month series for the charts: {series: [value or None per month]}."""
    labels = [m.label for m in months]
    coll = fee_collection(session, registry, scope, months)
    occ = occupancy_by_month(session, registry, scope, months, today)
    inc = paid_service_income(session, registry, scope, months)
    comp = complaint_figures(session, registry, scope, months)
    return {
        "labels": labels,
        "collection_amount": [coll.get(p, Collection()).amount_rate.pct for p in labels],
        "collection_households": [coll.get(p, Collection()).household_rate.pct for p in labels],
        "occupancy": [occ[p].occupancy_rate.pct if occ[p].source != "none" else None for p in labels],
        "vacancy": [occ[p].vacancy_rate.pct if occ[p].source != "none" else None for p in labels],
        "occupancy_source": [occ[p].source for p in labels],
        "paid_service_income": [inc.get(p, Income()).amount for p in labels],
        "paid_service_orders": [inc.get(p, Income()).orders for p in labels],
        "complaints_received": [comp.get(p, ComplaintFigures()).received for p in labels],
        "complaint_timeliness": [comp.get(p, ComplaintFigures()).timeliness.pct for p in labels],
        "follow_up_rate": [comp.get(p, ComplaintFigures()).follow_up_rate.pct for p in labels],
        "reopen_rate": [comp.get(p, ComplaintFigures()).reopen_rate.pct for p in labels],
    }


def by_group(session, registry, scope, month, today, by):
    """The month's KPIs per estate (or per building): {id: {code: value}}."""
    coll = fee_collection(session, registry, scope, [month], by=by)
    inc = paid_service_income(session, registry, scope, [month], by=by)
    comp = complaint_figures(session, registry, scope, [month], by=by)
    ageing = arrears_ageing(session, registry, scope, min(month.end, today), by=by)
    if month >= Month.of(today):
        occ = live_occupancy(session, registry, scope, by=by)
    else:
        occ = {k: v for (p, k), v in snapshot_occupancy(session, registry, scope, [month], by=by).items()}
    keys = {k for (_p, k) in coll} | {k for (_p, k) in inc} | {k for (_p, k) in comp} | set(ageing) | set(occ)
    out = {}
    for k in keys:
        if k is None:
            continue
        out[k] = {
            "collection": coll.get((month.label, k), Collection()),
            "income": inc.get((month.label, k), Income()),
            "complaints": comp.get((month.label, k), ComplaintFigures()),
            "ageing": ageing.get(k),
            "occupancy": occ.get(k, Occupancy(source="none")),
        }
    return out
