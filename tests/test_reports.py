"""Reports (issue 7): each KPI against a hand-computed value on a small fixed dataset, the edge
cases (no data, partial payments, reopened complaints, mid-month move-ins), role restrictions,
exports (formula injection, masking, audit), the snapshot freeze and the survey entry page."""

import csv
import io
import json
import re
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from app.extensions import db
from app.reports import charts
from app.reports import export
from app.reports import kpis
from app.reports import supervisor as day
from app.reports import survey as surveys
from app.reports.periods import Month
from app.reports.periods import last_months
from app.reports.scope import Scope
from app.reports.snapshot import SnapshotError
from app.reports.snapshot import freeze_month
from app.reports.sqlx import Ratio
from app.reports.tables import Col
from app.reports.tables import L
from app.reports.tables import ReportTable

TODAY = date(2026, 11, 15)  # a Sunday; the week runs from Monday 9 November
NOW = datetime(2026, 11, 15, 10, 0)
OCT = Month(2026, 10)


def dt(text):
    return datetime.fromisoformat(text)


def d(text):
    return date.fromisoformat(text)


class World:
    """The fixed dataset: one estate of six units, with every record the KPIs read."""


@pytest.fixture
def world(rows):
    w = World()
    w.centre = rows.make("org_unit", name="測試管理處", org_level="service_centre", code="RPT-C")
    w.dept = rows.make("org_unit", name="客戶服務部", org_level="department", parent_id=w.centre.id, code="RPT-D")
    other_org = rows.make("org_unit", name="他處", org_level="service_centre", code="RPT-X")
    w.estate = rows.make("estate", code="RPT-E", name="報表花園", org_unit_id=w.centre.id)
    w.other_estate = rows.make("estate", code="RPT-O", name="他處花園", org_unit_id=other_org.id)
    w.b1 = rows.make("building", estate_id=w.estate.id, code="B1", name="第一座")
    w.b2 = rows.make("building", estate_id=w.estate.id, code="B2", name="第二座")
    ob = rows.make("building", estate_id=w.other_estate.id, code="OB", name="他座")
    statuses = [("U1", w.b1, "owner_occupied"), ("U2", w.b1, "rented"), ("U3", w.b1, "renovating"),
                ("U4", w.b2, "delivered_vacant"), ("U5", w.b2, "vacant"), ("U6", w.b2, "unsold")]
    w.units = {}
    for i, (code, b, status) in enumerate(statuses, start=1):
        w.units[code] = rows.make("unit", code=f"RPT-{code}", building_id=b.id, floor=str(i), unit_no="01",
                                  occupancy_status=status)
    rows.make("unit", code="RPT-OTHER", building_id=ob.id, floor="1", unit_no="01", occupancy_status="owner_occupied")
    u = w.units
    w.party = rows.make("party", name="陳大文", phone="91234567")

    # Fees: management charges for October, partial payments, a discount, a waived charge, a late fee.
    mgmt = rows.make("fee_item", estate_id=w.estate.id, name="管理費", kind="management", code="RPT-M")
    water = rows.make("fee_item", estate_id=w.estate.id, name="水費", kind="water", code="RPT-W")

    def charge(unit, item, start, due, amount, **kw):
        return rows.make("charge", unit_id=unit.id, fee_item_id=item.id, period_start=d(start), due_date=d(due),
                         amount_due=Decimal(amount), **kw)

    c1 = charge(u["U1"], mgmt, "2026-10-01", "2026-10-15", "1000")
    c2 = charge(u["U2"], mgmt, "2026-10-01", "2026-10-15", "1000", status="partially_paid")
    c3 = charge(u["U3"], mgmt, "2026-10-01", "2026-10-15", "800", discount_amount=Decimal("100"))
    c4 = charge(u["U4"], mgmt, "2026-10-16", "2026-10-31", "500")  # moved in mid-month: half a month
    charge(u["U5"], mgmt, "2026-10-01", "2026-10-15", "1000", status="waived")
    c6 = charge(u["U1"], water, "2026-10-01", "2026-10-15", "300")
    c7 = charge(u["U2"], mgmt, "2026-08-01", "2026-08-10", "1000", status="overdue")
    c8 = charge(u["U1"], mgmt, "2026-09-01", "2026-09-30", "800", status="partially_paid")
    charge(u["U3"], mgmt, "2026-04-01", "2026-04-10", "200", status="overdue")
    charge(u["U4"], water, "2026-11-01", "2026-11-01", "150")
    charge(u["U5"], mgmt, "2026-03-01", "2026-03-01", "999", status="written_off")
    w.charges = {"c7": c7}
    n = iter(range(1, 100))

    def pay(c, amount, at, late=Decimal("0"), voided=False):
        p = rows.make("payment", receipt_no=f"RPT-R{next(n)}", paid_at=dt(at), amount=Decimal(amount) + late,
                      unit_id=c.unit_id, is_voided=voided)
        rows.make("payment_allocation", payment_id=p.id, charge_id=c.id, amount=Decimal(amount) + late,
                  late_fee_amount=late)

    pay(c1, "1000", "2026-10-10 10:00")
    pay(c2, "400", "2026-10-20 10:00")
    pay(c2, "600", "2026-11-05 10:00")  # after the month: not October's collection
    pay(c2, "100", "2026-10-21 10:00", voided=True)
    pay(c3, "700", "2026-10-25 10:00", late=Decimal("20"))
    pay(c4, "500", "2026-10-31 23:00")
    pay(c6, "300", "2026-10-15 09:00")
    pay(c8, "300", "2026-10-05 09:00")  # arrears recovered in October

    # Paid services.
    for status, paid_at, amount, is_paid in (("paid", "2026-10-12 10:00", "350", True),
                                             ("closed", "2026-10-20 10:00", "150", True),
                                             ("paid", "2026-11-02 10:00", "999", True),
                                             ("cancelled", "2026-10-22 10:00", "500", True),
                                             ("completed", None, "80", False)):
        rows.make("work_order", estate_id=w.estate.id, unit_id=u["U1"].id, description="維修", status=status,
                  is_paid=is_paid, paid_at=dt(paid_at) if paid_at else None, total_amount=Decimal(amount))

    # Complaints.
    def complaint(**kw):
        kw.setdefault("estate_id", w.estate.id)
        kw.setdefault("phone", "91234567")
        kw.setdefault("content", "內容")
        kw.setdefault("subject", "投訴")
        return rows.make("complaint", **kw)

    k1 = complaint(severity="general", received_at=dt("2026-10-02 09:00"), responded_at=dt("2026-10-02 11:00"),
                   due_resolve_at=dt("2026-10-05 09:00"), resolved_at=dt("2026-10-04 09:00"),
                   closed_at=dt("2026-10-06 09:00"), status="closed", unit_id=u["U1"].id)
    complaint(severity="urgent", received_at=dt("2026-10-03 10:00"), responded_at=dt("2026-10-03 11:00"),
              due_resolve_at=dt("2026-10-04 10:00"), resolved_at=dt("2026-10-05 10:00"),
              closed_at=dt("2026-10-08 10:00"), status="closed", reopen_count=1, unit_id=u["U4"].id)
    w.k3 = complaint(severity="general", received_at=dt("2026-10-10 08:00"), responded_at=dt("2026-10-10 12:00"),
                     due_resolve_at=dt("2026-10-12 08:00"), status="in_progress", complainant_name="李先生")
    complaint(severity="general", received_at=dt("2026-10-11 08:00"), status="invalid", is_valid=False)
    k5 = complaint(severity="general", received_at=dt("2026-09-28 08:00"), responded_at=dt("2026-09-28 09:00"),
                   due_resolve_at=dt("2026-10-02 08:00"), resolved_at=dt("2026-10-01 10:00"),
                   closed_at=dt("2026-10-03 10:00"), status="closed")
    rows.make("follow_up", subject_type="complaint", complaint_id=k1.id, visit_at=dt("2026-10-06 09:00"))
    rows.make("follow_up", subject_type="complaint", complaint_id=k5.id, visit_at=dt("2026-10-03 09:00"))
    complaint(severity="general", received_at=dt("2026-10-05 08:00"), estate_id=w.other_estate.id)

    # Renovations: inspections made vs due (every 2 days).
    a1 = rows.make("renovation_application", unit_id=u["U3"].id, applicant_party_id=w.party.id, scope_text="裝修",
                   start_date=d("2026-10-11"), end_date=d("2026-10-20"), status="in_progress",
                   permit_issued_at=dt("2026-10-09 10:00"))
    rows.make("renovation_application", unit_id=u["U5"].id, applicant_party_id=w.party.id, scope_text="裝修",
              start_date=d("2026-10-01"), end_date=d("2026-10-31"), status="draft")
    a3 = rows.make("renovation_application", unit_id=u["U2"].id, applicant_party_id=w.party.id, scope_text="裝修",
                   start_date=d("2026-09-20"), end_date=d("2026-10-02"), status="closed",
                   permit_issued_at=dt("2026-09-18 10:00"))
    for at in ("2026-10-12 10:00", "2026-10-14 10:00", "2026-10-18 10:00"):
        rows.make("renovation_inspection", renovation_application_id=a1.id, inspected_at=dt(at))
    rows.make("renovation_inspection", renovation_application_id=a3.id, inspected_at=dt("2026-10-01 10:00"))
    rows.make("renovation_inspection", renovation_application_id=a3.id, inspected_at=dt("2026-09-25 10:00"))

    # Budget 2026 and purchases charged to it.
    bl1 = rows.make("budget_line", budget_year=2026, org_unit_id=w.dept.id, category="materials", item_name="物料",
                    amount_budgeted=Decimal("10000"))
    bl2 = rows.make("budget_line", budget_year=2026, org_unit_id=w.centre.id, category="training", item_name="培訓",
                    amount_budgeted=Decimal("5000"))
    rows.make("budget_line", budget_year=2026, org_unit_id=other_org.id, category="materials", item_name="他處",
              amount_budgeted=Decimal("99999"))
    for line, status, amount, approved in ((bl1, "head_approved", "2000", "2026-03-01 10:00"),
                                           (bl1, "received", "1000", "2026-06-01 10:00"),
                                           (bl1, "draft", "5000", None),
                                           (bl2, "closed", "500", "2026-11-10 10:00")):
        rows.make("purchase_request", org_unit_id=line.org_unit_id, budget_line_id=line.id, status=status,
                  total_estimate=Decimal(amount), approved_at=dt(approved) if approved else None, reason="申購")

    # Training 2026.
    plan = rows.make("training_plan", plan_year=2026, title="年度培訓", org_unit_id=w.dept.id, status="approved",
                     planned_sessions=4)
    sa, sb, sc = (rows.make("staff", staff_no=f"RPT-S{i}", name=f"員工{i}", org_unit_id=w.dept.id) for i in "ABC")
    ts1 = rows.make("training_session", training_plan_id=plan.id, session_date=d("2026-03-10"), topic="禮儀",
                    status="held")
    ts2 = rows.make("training_session", training_plan_id=plan.id, session_date=d("2026-09-05"), topic="消防",
                    status="held")
    rows.make("training_session", training_plan_id=plan.id, session_date=d("2026-12-01"), topic="投訴", status="planned")
    ts4 = rows.make("training_session", training_plan_id=plan.id, session_date=d("2026-11-05"), topic="急救",
                    status="held")
    rows.make("training_attendance", training_session_id=ts1.id, staff_id=sa.id, attended=True)
    rows.make("training_attendance", training_session_id=ts1.id, staff_id=sb.id, attended=False)
    rows.make("training_attendance", training_session_id=ts2.id, staff_id=sa.id, attended=True, passed=True)
    rows.make("training_attendance", training_session_id=ts2.id, staff_id=sc.id, attended=True)
    rows.make("training_attendance", training_session_id=ts4.id, staff_id=sc.id, attended=True)

    # A satisfaction survey: two valid responses and one invalid.
    w.survey = rows.make("survey", title="2026 上半年滿意度調查", estate_id=w.estate.id, status="closed",
                         start_date=d("2026-09-01"), end_date=d("2026-09-30"), target_households=4, distributed=4)
    w.questions = {}
    w.options = {}
    for seq, dim, weight in ((1, "cleaning", "1"), (2, "security_fire", "2")):
        q = rows.make("survey_question", survey_id=w.survey.id, seq=seq, dimension=dim, qtype="scale",
                      question_text=f"題目{seq}", weight=Decimal(weight))
        w.questions[dim] = q
        for oseq, (label, score, sat) in enumerate((("很滿意", 5, True), ("滿意", 4, True), ("不滿意", 2, False),
                                                    ("很不滿意", 1, False)), start=1):
            w.options[(dim, score)] = rows.make("survey_option", survey_question_id=q.id, seq=oseq, label=label,
                                                score=Decimal(score), counts_as_satisfied=sat)
    w.text_q = rows.make("survey_question", survey_id=w.survey.id, seq=3, dimension="other", qtype="text",
                         question_text="其他意見", is_required=False)
    for valid, c_score, s_score in ((True, 5, 4), (True, 2, 5), (False, 1, 1)):
        r = rows.make("survey_response", survey_id=w.survey.id, is_valid=valid, submitted_at=dt("2026-09-10 10:00"))
        for dim, score in (("cleaning", c_score), ("security_fire", s_score)):
            rows.make("survey_answer", survey_response_id=r.id, survey_question_id=w.questions[dim].id,
                      survey_option_id=w.options[(dim, score)].id, score=Decimal(score))
    w.scope = Scope(estate_ids=(w.estate.id,))
    return w


def approx(value, expected):
    assert value is not None and abs(value - expected) < 1e-6, f"{value} != {expected}"


# ------------------------------------------------------------------------------------------------
# KPIs against hand-computed values
# ------------------------------------------------------------------------------------------------

def test_fee_collection_by_amount_and_household(world, ctx, registry):
    """Partial payments, a discount, a late fee, a voided payment, a waived charge, a payment after month end."""
    coll = kpis.fee_collection(ctx, registry, world.scope, [OCT])[OCT.label]
    approx(coll.due, 3200)  # 1000 + 1000 + (800 − 100) + 500; waived and water excluded
    approx(coll.collected, 2600)  # 1000 + 400 + 700 (late fee excluded) + 500 (mid-month move-in)
    approx(coll.amount_rate.pct, 81.25)
    assert (coll.households_paid, coll.households) == (3, 4)  # U2 paid only part by month end
    approx(coll.household_rate.pct, 75.0)
    by_building = kpis.fee_collection(ctx, registry, world.scope, [OCT], by="building")
    assert by_building[(OCT.label, world.b2.id)].households == 1
    approx(by_building[(OCT.label, world.b1.id)].due, 2700)


def test_arrears_recovery_and_ageing(world, ctx, registry):
    """清欠率: 300 recovered of 2,000 open on 1 October; ageing buckets as of 15 November."""
    approx(kpis.arrears_recovery(ctx, registry, world.scope, OCT).pct, 15.0)
    ageing = kpis.arrears_ageing(ctx, registry, world.scope, TODAY)[None]
    assert {b: v["amount"] for b, v in ageing.buckets.items()} == {"0-30": 150, "31-90": 500, "91-180": 1000,
                                                                    ">180": 200}
    assert ageing.total == 1850 and ageing.units == 4


def test_fee_collection_households_and_month_ends(ctx, registry, rows):
    """A unit billed twice in a month (new owner from the 16th) is one household, paid only when both
    are; charges and payments either side of a month's first moment belong to their own month."""
    estate = rows.make("estate", code="RPT-F", name="月界花園")
    b = rows.make("building", estate_id=estate.id, code="F1", name="第一座")
    u1, u2 = (rows.make("unit", code=f"RPT-F{i}", building_id=b.id, floor="1", unit_no=f"0{i}") for i in (1, 2))
    mgmt = rows.make("fee_item", estate_id=estate.id, name="管理費", kind="management", code="RPT-FM")
    n = iter(range(1, 100))

    def charge(unit, start, amount):
        return rows.make("charge", unit_id=unit.id, fee_item_id=mgmt.id, period_start=d(start), due_date=d(start),
                         amount_due=Decimal(amount))

    def pay(c, amount, at):
        p = rows.make("payment", receipt_no=f"RPT-F{next(n)}", paid_at=dt(at), amount=Decimal(amount),
                      unit_id=c.unit_id)
        rows.make("payment_allocation", payment_id=p.id, charge_id=c.id, amount=Decimal(amount))

    pay(charge(u1, "2026-10-01", "300"), "300", "2026-10-10 10:00")
    pay(charge(u1, "2026-10-16", "300"), "300", "2026-11-01 00:00")  # the first moment of November: too late
    pay(charge(u2, "2026-10-31", "500"), "500", "2026-10-31 23:59:59")
    pay(charge(u2, "2026-11-01", "500"), "500", "2026-10-31 12:00")  # paid ahead: November's is paid
    coll = kpis.fee_collection(ctx, registry, Scope(estate_ids=(estate.id,)), [OCT.previous(), OCT, OCT.next()])
    assert "2026-09" not in coll  # a month without charges has no figures
    october, november = coll["2026-10"], coll["2026-11"]
    assert (october.households_paid, october.households) == (1, 2)
    approx(october.due, 1100)
    approx(october.collected, 800)
    assert (november.households_paid, november.households) == (1, 1)
    approx(november.amount_rate.pct, 100.0)


def test_arrears_owed_at_the_start_though_marked_paid_since(ctx, registry, rows):
    """A charge marked paid whose payment came after the cut-off was owed then; an open charge paid
    in full before it was not, and its building has no ageing at all."""
    estate = rows.make("estate", code="RPT-A", name="欠費花園")
    b1 = rows.make("building", estate_id=estate.id, code="A1", name="第一座")
    b2 = rows.make("building", estate_id=estate.id, code="A2", name="第二座")
    u1 = rows.make("unit", code="RPT-A1", building_id=b1.id, floor="1", unit_no="01")
    u2 = rows.make("unit", code="RPT-A2", building_id=b2.id, floor="1", unit_no="01")
    mgmt = rows.make("fee_item", estate_id=estate.id, name="管理費", kind="management", code="RPT-AM")
    n = iter(range(1, 100))

    def charge(unit, amount, status):
        return rows.make("charge", unit_id=unit.id, fee_item_id=mgmt.id, period_start=d("2026-09-01"),
                         due_date=d("2026-09-10"), amount_due=Decimal(amount), status=status)

    def pay(c, amount, at):
        p = rows.make("payment", receipt_no=f"RPT-A{next(n)}", paid_at=dt(at), amount=Decimal(amount),
                      unit_id=c.unit_id)
        rows.make("payment_allocation", payment_id=p.id, charge_id=c.id, amount=Decimal(amount))

    pay(charge(u1, "400", "paid"), "400", "2026-10-20 10:00")
    pay(charge(u2, "200", "billed"), "200", "2026-09-05 10:00")  # settled, though its status says billed
    scope = Scope(estate_ids=(estate.id,))
    recovery = kpis.arrears_recovery(ctx, registry, scope, OCT)
    assert (recovery.numerator, recovery.denominator) == (400, 400)
    ageing = kpis.arrears_ageing(ctx, registry, scope, d("2026-10-15"))[None]
    assert ageing.buckets["31-90"] == {"amount": 400, "charges": 1, "units": 1}
    assert ageing.total == 400
    by_building = kpis.arrears_ageing(ctx, registry, scope, d("2026-10-15"), by="building")
    assert set(by_building) == {b1.id}


def test_complaint_months_cut_at_midnight(ctx, registry, rows):
    """Complaints received, resolved and closed on either side of midnight on 1 November count in
    October and November respectively."""
    estate = rows.make("estate", code="RPT-C", name="投訴花園")
    base = {"estate_id": estate.id, "phone": "91234567", "content": "內容", "subject": "月界"}
    rows.make("complaint", received_at=dt("2026-10-31 23:59:59"), resolved_at=dt("2026-10-31 23:59:59"),
              due_resolve_at=dt("2026-11-01 00:00"), status="resolved", **base)
    rows.make("complaint", received_at=dt("2026-10-31 20:00"), responded_at=dt("2026-11-01 00:00"),
              resolved_at=dt("2026-11-01 00:00"), due_resolve_at=dt("2026-11-01 00:00"),
              closed_at=dt("2026-11-01 00:00"), status="closed", **base)
    rows.make("complaint", received_at=dt("2026-11-01 00:00"), status="received", **base)
    figures = kpis.complaint_figures(ctx, registry, Scope(estate_ids=(estate.id,)), [OCT, OCT.next()])
    october, november = figures["2026-10"], figures["2026-11"]
    assert (october.received, october.resolved, october.resolved_on_time, october.closed) == (2, 1, 1, 0)
    assert (november.received, november.resolved, november.resolved_on_time, november.closed) == (1, 1, 1, 1)
    approx(october.response_hours, 4)


def test_occupancy_live_and_mid_month_move_in(world, ctx, registry):
    """Live: 3 occupied (owner, let, renovating) of 5 handed over; a move-in changes the live figure."""
    occ = kpis.live_occupancy(ctx, registry, world.scope)[None]
    assert (occ.total, occ.delivered, occ.occupied, occ.vacant, occ.rented, occ.renovating) == (6, 5, 3, 2, 1, 1)
    approx(occ.occupancy_rate.pct, 60.0)
    approx(occ.vacancy_rate.pct, 40.0)
    world.units["U4"].occupancy_status = "owner_occupied"  # moved in on 10 November
    ctx.flush()
    by_month = kpis.occupancy_by_month(ctx, registry, world.scope, [OCT, OCT.next()], TODAY)
    approx(by_month["2026-11"].occupancy_rate.pct, 80.0)
    assert by_month["2026-10"].source == "none"  # a closed month without a snapshot is not guessed


def test_snapshot_freeze_locks_the_month(world, ctx, registry):
    """Freezing October records the counts once; later changes and a second freeze leave it as it was."""
    row, created = freeze_month(ctx, registry, world.estate.id, OCT, NOW)
    assert created and row.is_locked
    assert (row.units_occupied, row.units_delivered, row.paid_service_count) == (3, 5, 2)
    assert float(row.occupancy_rate) == 60.0 and float(row.paid_service_income) == 500.0
    world.units["U4"].occupancy_status = "owner_occupied"
    ctx.flush()
    again, created = freeze_month(ctx, registry, world.estate.id, OCT, NOW)
    assert not created and again.units_occupied == 3
    by_month = kpis.occupancy_by_month(ctx, registry, world.scope, [OCT, OCT.next()], TODAY)
    assert by_month["2026-10"].source == "snapshot"
    approx(by_month["2026-10"].occupancy_rate.pct, 60.0)
    approx(by_month["2026-11"].occupancy_rate.pct, 80.0)
    with pytest.raises(SnapshotError):
        freeze_month(ctx, registry, world.estate.id, Month(2026, 8), NOW)


def test_paid_service_income(world, ctx, registry):
    inc = kpis.paid_service_income(ctx, registry, world.scope, [OCT, OCT.next()])
    assert (inc[OCT.label].orders, inc[OCT.label].amount) == (2, 500)
    approx(inc[OCT.label].average.value, 250)
    assert inc["2026-11"].amount == 999


def test_complaint_kpis_with_a_reopened_complaint(world, ctx, registry):
    f = kpis.complaint_figures(ctx, registry, world.scope, [OCT])[OCT.label]
    assert f.received == 3  # the invalid one and the other estate's are left out
    assert (f.resolved_on_time, f.resolved) == (2, 3)
    assert (f.closed_followed_up, f.closed) == (2, 3)
    assert f.closed_reopened == 1
    approx(f.reopen_rate.pct, 100 / 3)
    approx(f.response_hours, 7 / 3)
    approx(f.resolve_hours, 48)
    sev = kpis.complaint_times_by_severity(ctx, registry, world.scope, OCT)
    approx(sev["general"]["response_hours"], 3)
    approx(sev["general"]["resolve_hours"], 48)
    approx(sev["urgent"]["response_hours"], 1)
    assert sev["major"]["received"] == 0 and sev["major"]["response_hours"] is None


def test_inspection_coverage(world, ctx, registry):
    """A1: 10 works days in October → 5 due, 3 made; A3: 2 days → 1 due, 1 made; the draft is not counted."""
    cov = kpis.inspection_coverage(ctx, registry, world.scope, [OCT], TODAY, every_days=2)[OCT.label]
    assert (cov.applications, cov.due, cov.made) == (2, 6, 4)
    approx(cov.rate.pct, 400 / 6)


def test_budget_execution(world, ctx, registry):
    """Approved requests to 1 November against the estate's budget lines (its centre and departments)."""
    b = kpis.budget_execution(ctx, registry, world.scope, 2026, date(2026, 11, 1))
    approx(b["materials"].pct, 30.0)
    assert b["training"].numerator == 0 and b["training"].pct == 0
    approx(b["total"].pct, 20.0)


def test_training_completion(world, ctx, registry):
    t = kpis.training_completion(ctx, registry, world.scope, 2026, date(2026, 10, 31))
    assert (t.held, t.planned, t.attended, t.expected, t.passed, t.staff_trained) == (2, 4, 3, 4, 1, 2)
    approx(t.completion.pct, 50.0)
    approx(t.attendance.pct, 75.0)


def test_satisfaction_by_dimension_and_survey_rates(world, ctx, registry):
    dims = surveys.dimension_results(ctx, registry, [world.survey.id])
    approx(dims["cleaning"].rate.pct, 50.0)
    approx(dims["cleaning"].index.pct, 70.0)
    approx(dims["security_fire"].rate.pct, 100.0)
    approx(dims["security_fire"].index.pct, 90.0)
    approx(dims["all"].rate.pct, 75.0)
    approx(dims["all"].index.pct, 25 / 30 * 100)
    sv = surveys.surveys(ctx, registry, (world.estate.id,))[0]
    assert (sv.entered, sv.entered_valid) == (3, 2)
    approx(sv.distribution_rate.pct, 100.0)
    approx(sv.return_rate.pct, 75.0)  # returned count blank: 3 responses entered of 4 distributed
    weakest = surveys.question_results(ctx, registry, world.survey.id)[0]
    assert weakest["dimension"] == "cleaning"


def test_no_data_gives_no_value_not_an_error(registry, ctx, rows):
    """An estate with nothing in it: every rate is None (shown as “—”), nothing divides by zero."""
    empty = rows.make("estate", code="RPT-EMPTY", name="空置項目")
    scope = Scope(estate_ids=(empty.id,))
    summary = kpis.month_summary(ctx, registry, scope, OCT, TODAY)
    assert summary["collection"].amount_rate.pct is None
    assert summary["collection"].household_rate.value is None
    assert summary["occupancy"].source == "none"
    assert summary["complaints"].timeliness.pct is None and summary["complaints"].response_hours is None
    assert summary["coverage"].rate.pct is None and summary["recovery"].pct is None
    assert summary["budget"]["total"].pct is None and summary["training"].completion.pct is None
    assert surveys.dimension_results(ctx, registry, [])["all"].rate.pct is None
    series = kpis.trend(ctx, registry, scope, last_months(OCT), TODAY)
    assert series["collection_amount"] == [None] * 12
    assert Ratio(5, 0).pct is None


def test_supervisor_day(world, ctx, registry, rows):
    u = world.units
    base = {"estate_id": world.estate.id, "phone": "98765432", "content": "內容", "subject": "今日"}
    rows.make("complaint", status="received", received_at=dt("2026-11-15 08:00"),
              due_response_at=dt("2026-11-15 09:00"), due_resolve_at=dt("2026-11-17 08:00"), **base)
    rows.make("complaint", status="dispatched", received_at=dt("2026-11-14 08:00"),
              responded_at=dt("2026-11-14 09:00"), due_resolve_at=dt("2026-11-20 08:00"), **base)
    rows.make("complaint", status="follow_up_pending", received_at=dt("2026-11-10 08:00"),
              due_follow_up_at=dt("2026-11-15 18:00"), **base)
    rows.make("complaint", status="follow_up_pending", received_at=dt("2026-11-10 08:00"),
              due_follow_up_at=dt("2026-11-18 18:00"), **base)
    for issued, released, returned in (("2026-11-10 09:00", "2026-11-10 12:00", "2026-11-11 09:00"),
                                       ("2026-11-12 09:00", "2026-11-12 12:00", None),
                                       ("2026-11-06 09:00", None, None)):
        rows.make("goods_release_pass", unit_id=u["U1"].id, planned_date=dt(issued).date(), applicant_name="搬運",
                  status="released" if released else "issued", issued_at=dt(issued),
                  released_at=dt(released) if released else None,
                  returned_to_cs_at=dt(returned) if returned else None)
    for status, next_action, promised, deferral in (("open", "2026-11-14", None, None),
                                                    ("promised", "2026-11-01", "2026-11-20", None),
                                                    ("settled", "2026-11-01", None, None),
                                                    ("deferred", None, None, "2026-11-15")):
        rows.make("dunning_case", unit_id=u["U2"].id, status=status, total_arrears=Decimal("1000"),
                  next_action_date=d(next_action) if next_action else None,
                  promised_date=d(promised) if promised else None, deferral_until=d(deferral) if deferral else None)
    overdue = day.overdue_complaints(ctx, registry, world.scope, NOW)
    assert overdue.count == 2  # K3 past its resolve-by time, and one not responded to in time
    assert {r["id"] for r in overdue.rows} >= {world.k3.id}
    assert day.follow_ups_due(ctx, registry, world.scope, NOW).count == 1
    week = day.passes_this_week(ctx, registry, world.scope, NOW)
    assert (week.issued, week.released, week.returned, week.outstanding) == (2, 2, 1, 1)
    assert day.dunning_due(ctx, registry, world.scope, NOW).count == 2


# ------------------------------------------------------------------------------------------------
# Exports, charts, survey entry (domain functions)
# ------------------------------------------------------------------------------------------------

def _table():
    return ReportTable("t", L("測試", "Test"), [Col("name", L("名稱", "Name")), Col("phone", L("電話", "Phone"), pii="phone"),
                                                 Col("amount", L("金額", "Amount"), "money"),
                                                 Col("rate", L("比率", "Rate"), "pct")],
                       [{"name": "=SUM(A1:A9)", "phone": "91234567", "amount": -12.5, "rate": Ratio(1, 3)},
                        {"name": "+cmd|' /C calc'!A0", "phone": "13812345678", "amount": 3, "rate": Ratio(1, 0)},
                        {"name": "@SUM(1)", "phone": None, "amount": None, "rate": None},
                        {"name": "-2+3", "phone": "", "amount": 0, "rate": 50.0},
                        {"name": "\tTAB", "phone": "1", "amount": 1, "rate": 1},
                        {"name": "\rCR", "phone": "2", "amount": 2, "rate": 2},
                        {"name": "陳大文", "phone": "61234567", "amount": 2, "rate": 2}], "complaint")


def test_export_neutralises_formulas_and_masks_phones():
    text = export.to_csv(_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["名稱", "電話", "金額", "比率"]
    names = [r[0] for r in rows[1:]]
    assert names[:6] == ["'=SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'@SUM(1)", "'-2+3", "'\tTAB", "'\rCR"]
    assert names[6] == "陳大文"
    assert rows[1][1] == "****4567" and rows[2][1] == "138****5678" and rows[7][1] == "****4567"
    assert rows[1][2] == "-12.5"  # a number, not text: negative amounts stay numbers
    assert rows[1][3] == "33.3" and rows[2][3] == ""


def test_xlsx_opens_with_openpyxl():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export.to_xlsx(_table(), filters={"月份": "2026-10"})))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["名稱", "電話", "金額", "比率"]
    assert ws["A2"].value == "'=SUM(A1:A9)" and ws["A2"].data_type == "s"
    assert ws["B2"].value == "****4567"
    assert ws["C2"].value == -12.5
    assert wb.worksheets[1]["B1"].value == "2026-10"


def test_charts_are_inline_svg_with_escaped_labels():
    svg = charts.line_chart(["9月", "10月"], [("收繳率<script>", [None, 81.25])], title="收繳率", unit="%", target=95)
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "81.2%" in svg or "81.3%" in svg
    assert "<svg" in charts.bar_chart(["A"], [("n", [None])]) and "—" in charts.hbar_chart([("空", None)])


def test_record_response_checks_the_answers(world, ctx, registry):
    q = world.questions
    choices = {q["cleaning"].id: [world.options[("cleaning", 4)].id],
               q["security_fire"].id: [world.options[("security_fire", 5)].id]}
    r = surveys.record_response(ctx, registry, world.survey.id, choices, {world.text_q.id: "多謝"}, now=NOW)
    assert float(r.total_score) == 9
    Answer = registry.model("survey_answer")
    assert ctx.execute(select(func.count()).where(Answer.survey_response_id == r.id)).scalar() == 3
    with pytest.raises(surveys.SurveyEntryError):
        surveys.record_response(ctx, registry, world.survey.id, {q["cleaning"].id: [world.options[("cleaning", 4)].id]})
    with pytest.raises(surveys.SurveyEntryError):  # an option of another question
        surveys.record_response(ctx, registry, world.survey.id,
                                {q["cleaning"].id: [world.options[("security_fire", 4)].id],
                                 q["security_fire"].id: [world.options[("security_fire", 4)].id]})


# ------------------------------------------------------------------------------------------------
# Screens: roles, menu, filters, exports with audit, freeze, survey entry
# ------------------------------------------------------------------------------------------------

MANAGER_URL = "/admin/reports/manager/"
SUPERVISOR_URL = "/admin/reports/supervisor/"


@pytest.fixture
def pinned(app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORTS_NOW", NOW)


@pytest.mark.parametrize("role, manager, supervisor", [
    ("clerk", 403, 403), ("supervisor", 403, 200), ("manager", 200, 200), ("director", 200, 200),
    ("engineer", 403, 403), ("guard", 403, 403), ("admin", 200, 200)])
def test_dashboards_by_role(role, manager, supervisor, login_as, pinned):
    c = login_as(role)
    assert c.get(MANAGER_URL).status_code == manager
    assert c.get(SUPERVISOR_URL).status_code == supervisor
    menu = c.get("/admin/").get_data(as_text=True)
    assert (MANAGER_URL.rstrip("/") in menu) == (manager == 200)
    assert (SUPERVISOR_URL.rstrip("/") in menu) == (supervisor == 200)
    assert c.post(MANAGER_URL + "export/trend.csv").status_code in ((403,) if manager == 403 else (200,))


def test_anonymous_is_sent_to_login(client):
    assert client.get(MANAGER_URL).status_code == 302


def test_manager_dashboard_shows_the_kpis_with_formulas(world, login_as, pinned):
    c = login_as("manager")
    html = c.get(MANAGER_URL + f"?estate={world.estate.id}&month=2026-10").get_data(as_text=True)
    assert "81.2%" in html or "81.3%" in html  # collection rate by amount
    assert "75.0%" in html  # by household
    assert 'title="本期實收物業費 ÷ 本期應收物業費' in html  # the formula on hover
    assert "<svg" in html and "cdn" not in html.lower()
    assert "第一座" in html and "第二座" in html  # the by-building table for one estate
    empty = c.get(MANAGER_URL + f"?estate={world.estate.id}&month=2024-01").get_data(as_text=True)
    assert "—" in empty


def test_filters_outside_the_users_estates_are_ignored(world, login_as, pinned):
    c = login_as("manager")
    assert c.get(MANAGER_URL + "?estate=999999&building=abc&month=garbage").status_code == 200


def test_supervisor_export_csv_is_masked_neutralised_and_audited(world, login_as, pinned, ctx, registry, rows):
    rows.make("complaint", estate_id=world.estate.id, subject="=HYPERLINK(\"http://x\")", complainant_name="+陳",
              phone="61234567", content="內容", status="dispatched", received_at=dt("2026-11-01 08:00"),
              responded_at=dt("2026-11-01 09:00"), due_resolve_at=dt("2026-11-02 08:00"))
    c = login_as("supervisor")
    response = c.post(SUPERVISOR_URL + "export/overdue_complaints.csv", data={"estate": str(world.estate.id)})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert table[0][0] == "編號"
    body = [r for r in table[1:] if r[1].startswith("'=HYPERLINK")]
    assert body and body[0][5] == "'+陳" and body[0][6] == "****4567"
    assert all("61234567" not in cell for r in table for cell in r)
    Audit = registry.model("audit_log")
    ctx.expire_all()
    audit = ctx.execute(select(Audit).where(Audit.action == "export").order_by(Audit.id.desc())).scalars().first()
    assert audit.table_name == "complaint" and audit.username == "supervisor"
    changes = json.loads(audit.changes)
    assert changes["estate_id"] == world.estate.id and changes["format"] == "csv"
    assert changes["report"] == "supervisor_dashboard.overdue_complaints"


def test_manager_export_xlsx_applies_the_filters(world, login_as, pinned):
    from openpyxl import load_workbook

    c = login_as("manager")
    response = c.post(MANAGER_URL + "export/kpi_summary.xlsx", data={"estate": str(world.estate.id),
                                                                     "month": "2026-10"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    values = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2)}
    assert values["物業費收繳率（金額）"] == 81.2 or values["物業費收繳率（金額）"] == 81.3
    assert values["戶數收繳率"] == 75.0
    assert c.post(MANAGER_URL + "export/nope.csv").status_code == 404
    assert c.post(MANAGER_URL + "export/trend.exe").status_code == 404


def test_freeze_button(world, login_as, pinned, ctx, registry):
    c = login_as("manager")
    data = {"estate": str(world.estate.id), "month": "2026-10"}
    assert c.post(MANAGER_URL + "freeze", data=data).status_code == 302
    Snapshot = registry.model("occupancy_snapshot")
    ctx.expire_all()
    row = ctx.execute(select(Snapshot).where(Snapshot.estate_id == world.estate.id)).scalar_one()
    assert row.is_locked and row.period == "2026-10" and row.units_occupied == 3
    assert c.post(MANAGER_URL + "freeze", data=data).status_code == 302
    assert login_as("director").post(MANAGER_URL + "freeze", data=data).status_code == 403


def test_monthly_report_pdf(world, login_as, pinned, registry, ctx):
    c = login_as("manager")
    view = c.get(MANAGER_URL + f"monthly?estate={world.estate.id}&month=2026-10")
    assert view.status_code == 200 and "81.2%" in view.get_data(as_text=True) or "81.3%" in view.get_data(as_text=True)
    response = c.post(MANAGER_URL + "monthly", data={"estate": str(world.estate.id), "month": "2026-10"})
    assert response.status_code == 200 and response.get_data()[:4] == b"%PDF"


def test_survey_entry_page(world, login_as, pinned, ctx, registry):
    c = login_as("clerk")
    url = f"/admin/reports/surveys/{world.survey.id}/entry"
    page = c.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<kbd>1</kbd>" in html and "survey_entry.js" in html
    q = world.questions
    data = {f"q{q['cleaning'].id}": str(world.options[("cleaning", 5)].id),
            f"q{q['security_fire'].id}": str(world.options[("security_fire", 2)].id),
            f"q{world.text_q.id}": "電梯要修", "suggestions": "多謝", "channel": "paper", "unit": "RPT-U1"}
    saved = c.post(url, data=data)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/entry?channel=paper")
    Response_ = registry.model("survey_response")
    ctx.expire_all()
    latest = ctx.execute(select(Response_).where(Response_.survey_id == world.survey.id)
                         .order_by(Response_.id.desc())).scalars().first()
    assert latest.unit_id == world.units["U1"].id and float(latest.total_score) == 7
    missing = c.post(url, data={f"q{q['cleaning'].id}": str(world.options[("cleaning", 5)].id)})
    assert missing.status_code == 200 and "必答題" in missing.get_data(as_text=True)
    assert login_as("engineer").get(url).status_code == 403


def test_survey_analysis_and_pdf(world, login_as, pinned):
    c = login_as("supervisor")
    html = c.get(f"/admin/reports/surveys/{world.survey.id}").get_data(as_text=True)
    assert "75.0%" in html and "保潔" in html
    assert c.get("/admin/reports/surveys/").status_code == 200
    pdf = c.post(f"/admin/reports/surveys/{world.survey.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.get_data()[:4] == b"%PDF"
    exported = c.post(f"/admin/reports/surveys/{world.survey.id}/export/survey_dimensions.csv")
    assert exported.status_code == 200 and "保潔" in exported.get_data().decode("utf-8-sig")
    assert login_as("clerk").get(f"/admin/reports/surveys/{world.survey.id}").status_code == 403


def test_manager_figures_are_kept_for_minutes_and_computed_again_on_request(world, login_as, pinned, app, rows,
                                                                            monkeypatch):
    """The KPI figures are kept per filter (FiguresCache): a complaint registered meanwhile shows
    after "compute again", and the page says when the figures were computed."""
    from app.admin.views.dashboards import FIGURES_CACHE
    from app.reports.figures_cache import FiguresCache

    monkeypatch.setitem(app.extensions, FIGURES_CACHE, FiguresCache(ttl_seconds=300))
    c = login_as("manager")
    url = MANAGER_URL + f"?estate={world.estate.id}&month=2026-11"

    def received(page):
        cell = re.search(r'id="kpi-complaints_received".*?<div class="pd-kpi-value">\s*([\d,]+)', page, re.S)
        return int(cell.group(1).replace(",", "")) if cell else None

    first = c.get(url).get_data(as_text=True)
    assert "數據計算於" in first and "重新計算" in first
    rows.make("complaint", estate_id=world.estate.id, subject="新投訴", status="received",
              received_at=dt("2026-11-10 10:00"))
    kept = c.get(url).get_data(as_text=True)
    fresh = c.get(url + "&refresh=1").get_data(as_text=True)
    assert received(kept) == received(first) is not None
    assert received(fresh) == received(first) + 1
    other = c.get(MANAGER_URL + f"?estate={world.estate.id}&month=2026-10").get_data(as_text=True)
    assert "數據計算於" in other  # another month is another key, computed on its own


def test_figures_cache_expires_and_bounds_its_size():
    from app.reports.figures_cache import FiguresCache

    now = [0.0]
    cache = FiguresCache(ttl_seconds=60, max_entries=2, clock=lambda: now[0])
    calls = []

    def compute(tag):
        return lambda: calls.append(tag) or len(calls)

    assert cache.get("a", compute("a"))[0] == 1
    assert cache.get("a", compute("a"))[0] == 1  # kept
    now[0] = 61
    assert cache.get("a", compute("a"))[0] == 2  # expired
    cache.get("b", compute("b"))
    cache.get("c", compute("c"))  # the oldest entry ("a") makes room
    assert len(cache._entries) == 2 and "a" not in cache._entries


def test_stale_figures_answer_at_once_while_computed_again_in_the_background():
    """Past their ttl but within stale_seconds, the kept figures are answered at once and one
    background computation replaces them; past stale_seconds (or on "compute again") the page
    computes them itself."""
    from app.reports.figures_cache import FiguresCache

    now, later, calls = [0.0], [], []
    cache = FiguresCache(ttl_seconds=60, stale_seconds=600, clock=lambda: now[0], run_later=later.append)

    def compute():
        calls.append(now[0])
        return len(calls)

    assert cache.get("k", compute)[0] == 1
    now[0] = 61
    assert cache.get("k", compute)[0] == 1 and cache.get("k", compute)[0] == 1  # stale, answered at once
    assert len(later) == 1 and len(calls) == 1  # one background computation scheduled, none run inline
    later.pop()()
    assert cache.get("k", compute)[0] == 2  # the background's figures
    now[0] = 61 + 700
    assert cache.get("k", compute)[0] == 3 and not later  # too old to show: computed while the page waits
    assert cache.get("k", compute, refresh=True)[0] == 4


def test_the_background_runner_reads_in_its_own_thread_and_app_context(app):
    """Figures computed again in the background run in a thread of their own, inside the app's
    context, with a read-only transaction (SQLite: no write lock held for seconds)."""
    import threading

    from flask import current_app

    from app.background import runner
    from app.schema import pragmas

    seen = {}

    def work():
        seen.update(thread=threading.current_thread().name, app=current_app.name,
                    writes=pragmas.write_intent.get(), rows=db.session.execute(text("SELECT 1")).scalar())

    thread = runner(app)(work)
    thread.join(10)
    assert not thread.is_alive()
    assert seen == {"thread": "propertydesk-background", "app": app.name, "writes": False, "rows": 1}
