"""Freezing a month's occupancy statistics (月度入住統計): computed once, then locked for good."""

from datetime import datetime

from sqlalchemy import select

from . import kpis
from .periods import Month
from .scope import Scope


class SnapshotError(Exception):
    pass


def freeze_month(session, registry, estate_id, month, now=None):
    """Compute and lock `month`'s occupancy_snapshot row for one estate; return (row, created).

    The counts are the units' statuses at the moment of freezing (run it at the month's close)
    and the month's paid-service income. A locked row is returned unchanged: a closed month is
    never recomputed. Only the current and the previous month may be frozen, because earlier
    statuses are no longer known. Flushes only; the caller commits.
    """
    now = now or datetime.now()
    current = Month.of(now.date())
    if month > current or month < current.previous():
        raise SnapshotError("Only the current or the previous month can be frozen.")
    Snapshot = registry.model("occupancy_snapshot")
    row = session.execute(select(Snapshot).where(Snapshot.estate_id == estate_id,
                                                 Snapshot.period == month.label)).scalar_one_or_none()
    if row is not None and row.is_locked:
        return row, False
    scope = Scope(estate_ids=(estate_id,))
    occ = kpis.live_occupancy(session, registry, scope).get(None, kpis.Occupancy())
    income = kpis.paid_service_income(session, registry, scope, [month]).get(month.label, kpis.Income())
    created = row is None
    if created:
        row = Snapshot(estate_id=estate_id, period=month.label)
        session.add(row)
    row.units_total = occ.total
    row.units_delivered = occ.delivered
    row.units_occupied = occ.occupied
    row.units_vacant = occ.vacant
    row.units_renovating = occ.renovating
    row.units_rented = occ.rented
    row.occupancy_rate = _round(occ.occupancy_rate.pct)
    row.vacancy_rate = _round(occ.vacancy_rate.pct)
    row.paid_service_count = income.orders
    row.paid_service_income = round(income.amount, 2)
    row.is_locked = True
    row.generated_at = now.replace(microsecond=0)
    session.flush()
    return row, True


def _round(value):
    return None if value is None else round(value, 2)
