"""Workflows declared as data: every flow end to end, refusals that write nothing, deadlines,
escalation with a controllable clock, the approval race, and a new flow without Python."""

import threading
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.workflows import engine
from app.workflows import flows_of
from app.workflows.engine import Actor
from app.workflows.engine import TransitionError

# Tomorrow 09:00: later than the database's CURRENT_TIMESTAMP defaults, so stamps pass the CHECKs.
NOW = (datetime.now() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def flows(app):
    return flows_of(app)


@pytest.fixture
def users(ctx, registry):
    """role -> Actor for the demo users; `other_<role>` for a second user of the same role."""
    User = registry.model("app_user")
    Role = registry.model("app_role")
    rows = ctx.execute(select(User.id, Role.code, Role.is_admin).join(Role, Role.id == User.role_id)).all()
    out = {code: Actor(uid, code, admin) for uid, code, admin in rows if code not in ("admin",) or True}
    by_name = {u.username: u.id for u in ctx.execute(select(User)).scalars()}
    out = {name: next(a for a in out.values() if a.user_id == uid) for name, uid in by_name.items()
           if name in ("clerk", "supervisor", "manager", "director", "engineer", "guard", "admin")}
    return out


def fire(ctx, registry, flows, table, record, name, actor, now=NOW, **kw):
    outcome = engine.fire(ctx, registry, flows, table, record.id, name, actor, now=now, **kw)
    ctx.expire_all()
    return outcome


def status(ctx, registry, table, record_id):
    Model = registry.model(table)
    ctx.expire_all()
    return ctx.execute(select(Model.status).where(Model.id == record_id)).scalar_one()


def history_count(ctx, registry):
    History = registry.model("status_history")
    return ctx.execute(select(func.count()).select_from(History)).scalar()


def test_declaration_is_checked_against_the_schema(flows, registry):
    """Are all ten flows loaded, and does a typo in the declaration fail at start-up?"""
    from app.workflows import definitions

    assert {f.code for f in flows} >= {"complaint", "renovation_application", "goods_release_pass", "move_in",
                                        "purchase_request", "staff_change", "reward_penalty",
                                        "rectification_notice", "notice", "major_complaint_report"}
    bad = definitions.parse('[flows.x]\ntable = "complaint"\n[[flows.x.transitions]]\nname = "go"\n'
                            'from = ["received"]\nto = "nowhere"\nroles = ["clerk"]\n')
    with pytest.raises(definitions.DefinitionError, match="unknown state nowhere"):
        definitions.check(bad, registry.specs, {"clerk"})
    bad_end = definitions.parse('[flows.x]\ntable = "complaint"\nended = ["shut"]\n')
    with pytest.raises(definitions.DefinitionError, match="ended state shut unknown"):
        definitions.check(bad_end, registry.specs, {"clerk"})


def test_complaint_end_to_end_with_deadlines(ctx, registry, flows, rows, users):
    """received → classified → dispatched → in_progress → resolved → follow-up → closed, with due times."""
    rule = registry.model("complaint_deadline_rule")
    ctx.query(rule).filter(rule.severity == "urgent").delete()
    rows.make("complaint_deadline_rule", severity="urgent", response_hours=2, resolve_hours=24, follow_up_days=3)
    complaint = rows.make("complaint", status="received", severity="general", created_by_id=users["clerk"].user_id)
    staff = rows.make("staff")
    fire(ctx, registry, flows, "complaint", complaint, "classify", users["clerk"],
         values={"category": "engineering", "severity": "urgent"})
    record = ctx.get(registry.model("complaint"), complaint.id)
    assert record.status == "classified" and record.severity == "urgent" and record.responded_at == NOW
    outcome = fire(ctx, registry, flows, "complaint", complaint, "dispatch", users["supervisor"],
                   values={"assignee_id": staff.id})
    assert outcome.due_at == NOW + timedelta(hours=24)  # urgent: resolve within 24 h, from the rule table
    assert ctx.get(registry.model("complaint"), complaint.id).due_resolve_at == NOW + timedelta(hours=24)
    fire(ctx, registry, flows, "complaint", complaint, "start", users["engineer"])
    fire(ctx, registry, flows, "complaint", complaint, "resolve", users["engineer"],
         values={"resolution": "已更換水管"})
    outcome = fire(ctx, registry, flows, "complaint", complaint, "await_follow_up", users["clerk"])
    assert outcome.due_at == NOW + timedelta(days=3)  # follow-up within 3 days
    fire(ctx, registry, flows, "complaint", complaint, "close", users["supervisor"], comment="業主表示滿意")
    assert status(ctx, registry, "complaint", complaint.id) == "closed"
    timeline = engine.history(ctx, registry, "complaint", complaint.id)
    assert [t[3] for t in timeline] == ["classified", "dispatched", "in_progress", "resolved",
                                        "follow_up_pending", "closed"]
    assert timeline[-1][5] == "業主表示滿意"


def test_refusals_write_nothing(ctx, registry, flows, rows, users):
    """Wrong role, wrong state, missing field, own request: refused with a reason, nothing written."""
    complaint = rows.make("complaint", status="received", created_by_id=users["clerk"].user_id)
    before = history_count(ctx, registry)
    cases = [
        ("dispatch", users["guard"], {}, "wrong_state"),
        ("classify", users["guard"], {"category": "fees", "severity": "general"}, "forbidden"),
        ("classify", users["clerk"], {"category": None}, "missing"),
        ("close", users["supervisor"], {}, "wrong_state"),
    ]
    for name, actor, values, code in cases:
        with pytest.raises(TransitionError) as info:
            engine.fire(ctx, registry, flows, "complaint", complaint.id, name, actor, values=values, now=NOW)
        assert info.value.code == code, (name, info.value.code)
    assert status(ctx, registry, "complaint", complaint.id) == "received"
    assert history_count(ctx, registry) == before

    request = rows.make("purchase_request", status="submitted", total_estimate=Decimal("800"),
                        created_by_id=users["manager"].user_id)
    with pytest.raises(TransitionError) as info:
        engine.fire(ctx, registry, flows, "purchase_request", request.id, "dept_approve", users["manager"], now=NOW)
    assert info.value.code == "own_request"
    assert status(ctx, registry, "purchase_request", request.id) == "submitted"


def test_stale_version_is_refused(ctx, registry, flows, rows, users):
    complaint = rows.make("complaint", status="received")
    seen = complaint.version
    fire(ctx, registry, flows, "complaint", complaint, "classify", users["clerk"],
         values={"category": "fees", "severity": "general"}, seen_version=seen)
    with pytest.raises(TransitionError) as info:
        engine.fire(ctx, registry, flows, "complaint", complaint.id, "mark_invalid", users["supervisor"],
                    seen_version=seen, comment="重複", now=NOW)
    assert info.value.code == "stale"
    assert status(ctx, registry, "complaint", complaint.id) == "classified"


def test_major_complaint_needs_acknowledged_report(ctx, registry, flows, rows, users):
    complaint = rows.make("complaint", status="follow_up_pending", severity="major")
    with pytest.raises(TransitionError) as info:
        engine.fire(ctx, registry, flows, "complaint", complaint.id, "close", users["supervisor"],
                    comment="ok", now=NOW)
    assert info.value.code == "guard"
    report = rows.make("major_complaint_report", complaint_id=complaint.id, status="draft",
                       summary="多戶聯名投訴", created_by_id=users["manager"].user_id)
    fire(ctx, registry, flows, "major_complaint_report", report, "submit", users["manager"],
         values={"summary": "多戶聯名投訴", "resolution": "已維修", "customer_reaction": "接受"})
    with pytest.raises(TransitionError):  # the author cannot acknowledge their own report
        engine.fire(ctx, registry, flows, "major_complaint_report", report.id, "acknowledge", users["manager"],
                    now=NOW)
    fire(ctx, registry, flows, "major_complaint_report", report, "acknowledge", users["director"])
    fire(ctx, registry, flows, "complaint", complaint, "close", users["supervisor"], comment="ok")
    assert status(ctx, registry, "complaint", complaint.id) == "closed"


def test_escalation_when_overdue_with_a_controlled_clock(ctx, registry, flows, rows, users):
    rule = registry.model("complaint_deadline_rule")
    ctx.query(rule).filter(rule.severity == "general").delete()
    rows.make("complaint_deadline_rule", severity="general", response_hours=48, resolve_hours=168, follow_up_days=3)
    complaint = rows.make("complaint", status="received", severity="general")
    engine.record_created(ctx, registry, flows.for_table("complaint"), complaint, users["clerk"], now=NOW)
    early = engine.tick(ctx, registry, flows, now=NOW + timedelta(hours=47))
    assert ("complaint", complaint.id, "escalate_overdue") not in early
    fired = engine.tick(ctx, registry, flows, now=NOW + timedelta(hours=49))
    assert ("complaint", complaint.id, "escalate_overdue") in fired
    assert status(ctx, registry, "complaint", complaint.id) == "escalated"
    with pytest.raises(TransitionError):  # a user cannot fire the clock's transition
        engine.fire(ctx, registry, flows, "complaint", complaint.id, "escalate_overdue", users["admin"], now=NOW)


def test_goods_pass_release_and_expiry(ctx, registry, flows, rows, users):
    gate_day = NOW.date()
    issued = rows.make("goods_release_pass", status="requested", planned_date=gate_day)
    fire(ctx, registry, flows, "goods_release_pass", issued, "verify", users["clerk"],
         values={"authorisation_method": "written_declaration"})
    fire(ctx, registry, flows, "goods_release_pass", issued, "issue", users["clerk"],
         values={"valid_until": gate_day})
    with pytest.raises(TransitionError):
        engine.fire(ctx, registry, flows, "goods_release_pass", issued.id, "release", users["clerk"], now=NOW)
    fire(ctx, registry, flows, "goods_release_pass", issued, "release", users["guard"],
         values={"guard_note": "數量相符"})
    assert status(ctx, registry, "goods_release_pass", issued.id) == "released"
    fire(ctx, registry, flows, "goods_release_pass", issued, "archive", users["clerk"])

    stale = rows.make("goods_release_pass", status="requested", planned_date=gate_day)
    fire(ctx, registry, flows, "goods_release_pass", stale, "verify", users["clerk"],
         values={"authorisation_method": "in_person"})
    fire(ctx, registry, flows, "goods_release_pass", stale, "issue", users["clerk"], values={"valid_until": gate_day})
    same_day = engine.tick(ctx, registry, flows, now=NOW.replace(hour=23))
    assert ("goods_release_pass", stale.id, "expire") not in same_day
    assert status(ctx, registry, "goods_release_pass", stale.id) == "issued"
    engine.tick(ctx, registry, flows, now=NOW + timedelta(days=1))
    assert status(ctx, registry, "goods_release_pass", stale.id) == "expired"


def test_move_in_updates_unit_and_owner_links_in_one_transaction(ctx, registry, flows, rows, users):
    unit = rows.make("unit", occupancy_status="delivered_vacant")
    owner = rows.make("party")
    move = rows.make("move_in", status="notified", unit_id=unit.id, owner_party_id=owner.id)
    steps = [("book", {"appointment_at": NOW}), ("verify_documents", {"docs_checked": True}),
             ("record_fees", {"fees_paid": True, "covenant_signed": True, "fire_pledge_signed": True}),
             ("inspect", {"water_reading": Decimal("12.5")}), ("hand_keys", {"keys_count": 3}), ("complete", {})]
    for name, values in steps:
        fire(ctx, registry, flows, "move_in", move, name, users["clerk"], values=values)
    assert status(ctx, registry, "move_in", move.id) == "completed"
    assert ctx.get(registry.model("unit"), unit.id).occupancy_status == "owner_occupied"
    Link = registry.model("unit_party")
    link = ctx.execute(select(Link).where(Link.unit_id == unit.id, Link.party_id == owner.id)).scalar_one()
    assert link.role == "owner" and link.status == "active"


def test_move_in_missing_checkbox_refused(ctx, registry, flows, rows, users):
    move = rows.make("move_in", status="booked")
    with pytest.raises(TransitionError) as info:
        engine.fire(ctx, registry, flows, "move_in", move.id, "verify_documents", users["clerk"],
                    values={"docs_checked": None}, now=NOW)
    assert info.value.details["fields"] == ("docs_checked",)


@pytest.mark.parametrize(("amount", "signers"), [(Decimal("3000"), ["manager"]), (Decimal("8000"), ["director"])])
def test_purchase_request_amount_bands(ctx, registry, flows, rows, users, amount, signers):
    """Up to 5,000 the manager signs; above it, the director."""
    request = rows.make("purchase_request", status="finance_checked", total_estimate=amount,
                        created_by_id=users["clerk"].user_id)
    other = "director" if signers == ["manager"] else "manager"
    with pytest.raises(TransitionError):
        engine.fire(ctx, registry, flows, "purchase_request", request.id, "head_approve", users[other], now=NOW)
    outcome = fire(ctx, registry, flows, "purchase_request", request, "head_approve", users[signers[0]])
    assert outcome.completed
    assert status(ctx, registry, "purchase_request", request.id) == "head_approved"


def test_all_must_sign(ctx, registry, flows, rows, users):
    """會簽: the transition completes only when every listed role has signed."""
    from dataclasses import replace

    from app.workflows.definitions import ApprovalStep

    flow = flows.for_table("notice")
    original = flow.transitions["approve"]
    flow.transitions["approve"] = replace(original, approvals=(ApprovalStep(("supervisor", "manager"), "all"),))
    try:
        notice = rows.make("notice", status="pending_approval", created_by_id=users["clerk"].user_id)
        first = fire(ctx, registry, flows, "notice", notice, "approve", users["supervisor"])
        assert not first.completed and first.waiting_for == ("manager",)
        assert status(ctx, registry, "notice", notice.id) == "pending_approval"
        with pytest.raises(TransitionError):
            engine.fire(ctx, registry, flows, "notice", notice.id, "approve", users["supervisor"], now=NOW)
        second = fire(ctx, registry, flows, "notice", notice, "approve", users["manager"])
        assert second.completed
        assert len(engine.signatures(ctx, registry, "notice", notice.id)) == 2
        Role = registry.model("app_role")
        names = dict(ctx.execute(select(Role.code, Role.name_en)).all())
        signed_as = {row[3] for row in engine.signatures(ctx, registry, "notice", notice.id, english=True)}
        assert signed_as == {names["supervisor"], names["manager"]}  # the panel's roles in an English UI
    finally:
        flow.transitions["approve"] = original


def test_staff_change_updates_the_staff_record_when_effective(ctx, registry, flows, rows, users):
    staff = rows.make("staff")
    new_unit = rows.make("org_unit")
    change = rows.make("staff_change", staff_id=staff.id, change_type="transfer", status="draft",
                       to_org_unit_id=new_unit.id, reason="調往工程部", created_by_id=users["supervisor"].user_id)
    fire(ctx, registry, flows, "staff_change", change, "submit", users["supervisor"])
    fire(ctx, registry, flows, "staff_change", change, "dept_approve", users["manager"])
    fire(ctx, registry, flows, "staff_change", change, "hr_review", users["manager"])
    assert ctx.get(registry.model("staff"), staff.id).org_unit_id != new_unit.id
    fire(ctx, registry, flows, "staff_change", change, "approve", users["director"],
         values={"effective_date": NOW.date() + timedelta(days=30)})
    fire(ctx, registry, flows, "staff_change", change, "make_effective", users["manager"])
    assert ctx.get(registry.model("staff"), staff.id).org_unit_id == new_unit.id


def test_renovation_end_to_end(ctx, registry, flows, rows, users):
    unit = rows.make("unit")
    app_ = rows.make("renovation_application", status="draft", unit_id=unit.id,
                     created_by_id=users["clerk"].user_id)
    sequence = [("submit", "clerk", {}), ("cs_check", "supervisor", {}), ("eng_review", "engineer", {}),
                ("approve", "manager", {"deposit_amount": Decimal("2000")}),
                ("issue_permit", "clerk", {"deposit_amount": Decimal("2000")}), ("start_works", "clerk", {}),
                ("suspend", "engineer", {}), ("resume", "manager", {}), ("request_acceptance", "clerk", {}),
                ("fail_acceptance", "engineer", {}), ("request_acceptance", "clerk", {}), ("accept", "engineer", {}),
                ("request_refund", "clerk", {"refund_amount": Decimal("1800"), "deduction_amount": Decimal("200"),
                                             "deduction_reason": "走廊牆身損壞"}),
                ("refund", "manager", {})]
    for name, role, values in sequence:
        comment = "見記錄" if flows.for_table("renovation_application").transitions[name].comment == "required" else None
        fire(ctx, registry, flows, "renovation_application", app_, name, users[role], values=values, comment=comment)
    record = ctx.get(registry.model("renovation_application"), app_.id)
    assert record.status == "closed" and record.refund_amount == Decimal("1800")
    assert ctx.get(registry.model("unit"), unit.id).occupancy_status == "owner_occupied"


def test_rectification_and_reward_and_notice_flows(ctx, registry, flows, rows, users):
    notice = rows.make("rectification_notice", status="draft")
    fire(ctx, registry, flows, "rectification_notice", notice, "issue", users["engineer"],
         values={"rectify_by": NOW.date() + timedelta(days=7)})
    fire(ctx, registry, flows, "rectification_notice", notice, "acknowledge", users["clerk"])
    fire(ctx, registry, flows, "rectification_notice", notice, "start", users["clerk"])
    fire(ctx, registry, flows, "rectification_notice", notice, "fail", users["engineer"], comment="未拆除")
    fire(ctx, registry, flows, "rectification_notice", notice, "escalate", users["manager"],
         values={"stage": "stop_work"}, comment="停工")
    fire(ctx, registry, flows, "rectification_notice", notice, "close", users["manager"])
    assert status(ctx, registry, "rectification_notice", notice.id) == "closed"

    reward = rows.make("reward_penalty", status="proposed", created_by_id=users["supervisor"].user_id)
    fire(ctx, registry, flows, "reward_penalty", reward, "approve", users["director"])
    fire(ctx, registry, flows, "reward_penalty", reward, "execute", users["supervisor"])
    assert status(ctx, registry, "reward_penalty", reward.id) == "executed"

    board = rows.make("notice", status="draft", created_by_id=users["clerk"].user_id)
    fire(ctx, registry, flows, "notice", board, "submit", users["clerk"])
    fire(ctx, registry, flows, "notice", board, "approve", users["supervisor"])
    fire(ctx, registry, flows, "notice", board, "publish", users["clerk"])
    assert status(ctx, registry, "notice", board.id) == "published"


def test_inbox_lists_what_waits_on_the_role_overdue_first(ctx, registry, flows, rows, users):
    from app.workflows import inbox

    rule = registry.model("complaint_deadline_rule")
    ctx.query(rule).filter(rule.severity == "general").delete()
    rows.make("complaint_deadline_rule", severity="general", response_hours=48, resolve_hours=168, follow_up_days=3)
    early = rows.make("complaint", status="received", severity="general")
    late = rows.make("complaint", status="received", severity="general")
    engine.record_created(ctx, registry, flows.for_table("complaint"), late, users["clerk"], now=NOW - timedelta(days=9))
    engine.record_created(ctx, registry, flows.for_table("complaint"), early, users["clerk"], now=NOW)
    items = inbox.inbox(ctx, registry, flows, users["clerk"], now=NOW + timedelta(hours=1))
    ids = [i.record.id for i in items if i.flow.table == "complaint"]
    assert ids.index(late.id) < ids.index(early.id)
    assert items[0].is_overdue(NOW + timedelta(hours=1))
    guard_items = inbox.inbox(ctx, registry, flows, users["guard"], now=NOW)
    assert all(i.flow.table == "goods_release_pass" for i in guard_items)


def test_each_record_stands_where_its_latest_entry_puts_it(ctx, registry, flows, rows, users):
    """workflow_position holds one row per record, kept by the database from status_history: the
    latest status, since when and until when. A deadline the record has left behind no longer
    counts as overdue."""
    from app.workflows import inbox

    Position, History = registry.model("workflow_position"), registry.model("status_history")
    complaint = rows.make("complaint", status="received", severity="general", created_by_id=users["clerk"].user_id)
    flow = flows.for_table("complaint")
    first_due = engine.record_created(ctx, registry, flow, complaint, users["clerk"], now=NOW - timedelta(days=30))
    assert first_due is not None and first_due < NOW
    assert complaint.id in {r.id for _f, r, _d in inbox.overdue(ctx, registry, [flow], now=NOW, limit=100000)}
    staff = rows.make("staff")
    fire(ctx, registry, flows, "complaint", complaint, "classify", users["clerk"],
         values={"category": "engineering", "severity": "general"})
    outcome = fire(ctx, registry, flows, "complaint", complaint, "dispatch", users["supervisor"],
                   values={"assignee_id": staff.id})

    positions = ctx.execute(select(Position).where(Position.subject_table == "complaint",
                                                   Position.subject_id == complaint.id)).scalars().all()
    latest = ctx.execute(select(History).where(History.subject_table == "complaint", History.subject_id == complaint.id)
                         .order_by(History.id.desc()).limit(1)).scalar_one()
    assert len(positions) == 1
    position = positions[0]
    assert (position.status, position.since, position.due_at, position.history_id) == (
        "dispatched", NOW, outcome.due_at, latest.id)
    assert outcome.due_at > NOW
    assert complaint.id not in {r.id for _f, r, _d in inbox.overdue(ctx, registry, [flow], now=NOW, limit=100000)}
    items = {i.record.id: i for i in inbox.inbox(ctx, registry, [flow], users["admin"], now=NOW, limit_per_flow=100000)}
    assert items[complaint.id].due_at == outcome.due_at and items[complaint.id].since == NOW


def test_an_ended_state_waits_on_nobody(ctx, registry, flows, rows, users):
    """A closed complaint may still be reopened by a supervisor, but it is not in their inbox nor
    counted open on the overview; a complaint waiting for its follow-up is in both."""
    from app.workflows import inbox

    closed = rows.make("complaint", status="closed", subject="已結案不待辦")
    pending = rows.make("complaint", status="follow_up_pending", subject="待回訪")
    for record in (closed, pending):
        engine.record_created(ctx, registry, flows.for_table("complaint"), record, users["clerk"], now=NOW)
    complaint_flow = flows.for_table("complaint")
    assert "closed" in complaint_flow.ended and "closed" not in complaint_flow.open_states
    waiting = {i.record.id for i in inbox.inbox(ctx, registry, [complaint_flow], users["supervisor"], now=NOW,
                                               limit_per_flow=100000)}
    assert pending.id in waiting and closed.id not in waiting
    counted = {c.state for c in inbox.overview(ctx, registry, [complaint_flow], now=NOW)}
    assert "follow_up_pending" in counted and "closed" not in counted
    assert any(t.name == "reopen" for t in engine.available(complaint_flow, closed, users["supervisor"], ctx, registry))


def test_inbox_shows_a_limited_number_per_flow_within_the_users_estates(ctx, registry, flows, rows, users):
    """The most urgent `limit_per_flow` items per flow, the flow marked as having more; a user
    limited to estates gets their own estates' items up to the limit (scope inside the query)."""
    from app.workflows import inbox

    mine, other = rows.make("estate"), rows.make("estate")
    made = {e.id: [rows.make("complaint", status="received", estate_id=e.id) for _ in range(4)]
            for e in (mine, other)}
    more = set()
    items = inbox.inbox(ctx, registry, flows, users["clerk"], now=NOW, limit_per_flow=3, more=more)
    assert len([i for i in items if i.flow.table == "complaint"]) == 3 and "complaint" in more
    scoped_more = set()
    scoped = inbox.inbox(ctx, registry, flows, users["clerk"], now=NOW, limit_per_flow=3,
                         estate_ids=frozenset({mine.id}), more=scoped_more)
    shown = {i.record.id for i in scoped if i.flow.table == "complaint"}
    assert len(shown) == 3 and shown <= {c.id for c in made[mine.id]} and "complaint" in scoped_more
    everything = inbox.inbox(ctx, registry, flows, users["clerk"], now=NOW, limit_per_flow=3,
                             estate_ids=frozenset({mine.id, other.id}))
    assert {i.record.estate_id for i in everything if i.flow.table == "complaint"} <= {mine.id, other.id}


# --- through the web -----------------------------------------------------------------------------

def test_buttons_form_and_fire_through_the_web(login_as, rows, registry, ctx, users):
    complaint = rows.make("complaint", status="received", content="樓上漏水")
    clerk = login_as("clerk")
    page = clerk.get(f"/admin/complaint/details/?id={complaint.id}").get_data(as_text=True)
    assert "分類定級" in page and "workflow-panel" in page
    assert f"/admin/workflow/complaint/{complaint.id}/dispatch" not in page  # a clerk may not dispatch
    form = clerk.get(f"/admin/workflow/complaint/{complaint.id}/classify").get_data(as_text=True)
    assert 'name="category"' in form and 'name="severity"' in form
    bad = clerk.post(f"/admin/workflow/complaint/{complaint.id}/classify",
                     data={"category": "", "severity": "general", "version": complaint.version})
    assert bad.status_code == 200 and "此欄位必須填寫" in bad.get_data(as_text=True)
    ok = clerk.post(f"/admin/workflow/complaint/{complaint.id}/classify",
                    data={"category": "engineering", "severity": "general", "version": complaint.version})
    assert ok.status_code == 302
    assert status(ctx, registry, "complaint", complaint.id) == "classified"
    again = clerk.post(f"/admin/workflow/complaint/{complaint.id}/classify",
                       data={"category": "fees", "severity": "general", "version": complaint.version})
    assert "此記錄" in again.get_data(as_text=True) or again.status_code == 302
    assert status(ctx, registry, "complaint", complaint.id) == "classified"
    assert login_as("guard").get(f"/admin/workflow/complaint/{complaint.id}/dispatch").status_code == 403


def test_inbox_overview_and_gate_pages(login_as, rows, registry, ctx):
    waiting = rows.make("complaint", status="received", content="垃圾房異味")
    inbox = login_as("clerk").get("/admin/inbox/").get_data(as_text=True)
    assert "待我處理" in inbox
    # the record's and its steps' links, completed per record from one pattern each
    assert f'href="/admin/complaint/details/?id={waiting.id}"' in inbox
    assert f'href="/admin/workflow/complaint/{waiting.id}/classify"' in inbox
    assert login_as("clerk").get("/admin/workflow-overview/").status_code == 403
    assert "流程總覽" in login_as("manager").get("/admin/workflow-overview/").get_data(as_text=True)
    guard = login_as("guard")
    assert guard.get("/admin/inbox/").status_code == 403
    gate_pass = rows.make("goods_release_pass", status="issued", doc_no="FX-TEST-0001",
                          planned_date=date.today(), valid_until=date.today() + timedelta(days=1))
    rows.make("goods_release_item", goods_release_pass_id=gate_pass.id, description="雪櫃", qty=1)
    page = guard.get("/admin/gate/?no=fx-test-0001").get_data(as_text=True)
    assert "雪櫃" in page and "有效，可放行" in page
    response = guard.post("/admin/gate/", data={"no": "FX-TEST-0001", "action": "release",
                                                "version": gate_pass.version})
    assert response.status_code == 302
    assert status(ctx, registry, "goods_release_pass", gate_pass.id) == "released"


# --- the race: two approvers, two real connections ---------------------------------------------

def test_two_approvers_at_once_exactly_one_wins(committed_app):
    """Two supervisors approve the same notice at the same moment on two connections."""
    app, registry = committed_app
    flows = flows_of(app)
    from app.extensions import db

    with app.app_context():
        engine_ = db.engine
    with Session(engine_) as s:
        User = registry.model("app_user")
        Role = registry.model("app_role")
        clerk = s.execute(select(User).where(User.username == "clerk")).scalar_one()
        from tests.factories import RowFactory

        notice = RowFactory(registry, s).make("notice", status="pending_approval", created_by_id=clerk.id)
        s.commit()
        notice_id, version = notice.id, notice.version
        approvers = []
        for name in ("supervisor", "manager"):
            row = s.execute(select(User.id, Role.code).join(Role, Role.id == User.role_id)
                            .where(User.username == name)).one()
            approvers.append(Actor(row[0], row[1]))
    barrier = threading.Barrier(2)
    results = []

    def approve(actor):
        with Session(engine_) as s:
            barrier.wait()
            try:
                engine.fire(s, registry, flows, "notice", notice_id, "approve", actor, seen_version=version)
                s.commit()
                results.append("ok")
            except TransitionError as exc:
                s.rollback()
                results.append(exc.code)

    threads = [threading.Thread(target=approve, args=(a,)) for a in approvers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok", "stale"], results
    with Session(engine_) as s:
        Notice = registry.model("notice")
        Step = registry.model("approval_step")
        assert s.get(Notice, notice_id).status == "approved"
        assert s.execute(select(func.count()).select_from(Step).where(Step.subject_id == notice_id,
                                                                       Step.subject_table == "notice")).scalar() == 1


def test_inbox_page_points_to_the_full_list_when_more_wait(app, login_as, rows, monkeypatch):
    monkeypatch.setitem(app.config, "INBOX_LIMIT_PER_FLOW", 1)
    for _ in range(2):
        rows.make("complaint", status="received")
    page = login_as("clerk").get("/admin/inbox/").get_data(as_text=True)
    assert page.count('href="/admin/complaint/details/') == 1
    assert "打開完整列表" in page and 'href="/admin/complaint/"' in page


@pytest.mark.parametrize("few_estates", [False, True], ids=["tested-one-by-one", "through-estate-ids"])
def test_the_inbox_finds_a_limited_users_records_by_every_way_to_the_estate(
        ctx, registry, flows, rows, users, monkeypatch, few_estates):
    """Both ways of applying the estate limit (each record tested along the deadline walk; the
    estates' ids gathered first, for a user of few estates) give the same records, reached
    through the record's own estate, its unit's, or its contact record's, first way set."""
    from app.workflows import inbox

    monkeypatch.setattr(inbox, "_few_estates", lambda *_args: few_estates)
    mine, other = rows.make("estate"), rows.make("estate")
    my_unit = rows.make("unit", building_id=rows.make("building", estate_id=mine.id).id)
    my_call = rows.make("contact_record", estate_id=mine.id, unit_id=None)
    reached = [rows.make("complaint", status="received", estate_id=mine.id),
               rows.make("complaint", status="received", estate_id=None, unit_id=my_unit.id),
               rows.make("complaint", status="received", estate_id=None, unit_id=None, contact_record_id=my_call.id)]
    outside = [rows.make("complaint", status="received", estate_id=other.id),
               rows.make("complaint", status="received", estate_id=other.id, unit_id=my_unit.id)]  # its estate decides
    complaint_flow = flows.for_table("complaint")
    dated = reached[:2] + outside[:1]  # with a deadline (the dated walk); the others wait undated
    for record in dated:
        assert engine.record_created(ctx, registry, complaint_flow, record, users["clerk"], now=NOW) is not None
    ctx.flush()
    items = inbox.inbox(ctx, registry, [complaint_flow], users["clerk"], now=NOW, limit_per_flow=50,
                        estate_ids=frozenset({mine.id}))
    assert {i.record.id for i in items} == {c.id for c in reached}
    late = inbox.overdue(ctx, registry, [complaint_flow], now=datetime(2100, 1, 1), estate_ids=frozenset({mine.id}))
    assert {record.id for _flow, record, _due in late} == {c.id for c in reached[:2]}


def test_only_a_user_of_few_estates_on_sqlite_has_them_found_through_their_ids(ctx, registry):
    from app.workflows import inbox

    estates = ctx.execute(select(func.count()).select_from(registry.model("estate"))).scalar()
    sqlite = ctx.get_bind().dialect.name == "sqlite"
    assert inbox._few_estates(ctx, registry, None) is False  # not limited
    assert inbox._few_estates(ctx, registry, frozenset(range(1, estates + 1))) is False
    one = frozenset({1})
    assert inbox._few_estates(ctx, registry, one) is (sqlite and 1 <= inbox.FEW_ESTATES * estates)


def test_record_links_are_url_fors_links(app):
    from flask import url_for

    from app.admin.views.workflow import RecordLinks

    with app.test_request_context("/admin/inbox/"):
        links = RecordLinks()
        for table, record_id in (("complaint", 7), ("complaint", 123456789012), ("goods_release_pass", 1)):
            assert links.details(table, record_id) == url_for(f"{table}.details_view", id=record_id)
            for action in ("classify", "close"):
                assert links.step(table, record_id, action) == url_for(
                    "workflow.fire", table=table, record_id=record_id, action=action)
