"""bench/generate.py without a database: complaint histories follow workflows.toml, payments add up."""

from datetime import datetime
from datetime import timedelta

import pytest

from bench import generate as g

STATUSES = g.NEW_COMPLAINT_STATUS[0]
END_TS = g.to_secs(g.END)


@pytest.fixture(scope="module")
def cflow():
    return g.complaint_flow()


def _complaint(data, t, status, severity, reopen_count=0):
    times = data.complaint_times(g.from_secs(t), status, severity)
    dispatched, responded, resolved, closed = (g.to_secs(x) if x else None for x in times)
    return data.complaint_path(t, status, severity, responded, dispatched - t if dispatched else None, resolved,
                               closed, reopen_count)


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_path_through_the_flow(cflow, status):
    data = g.Dataset(seed=7)
    data.cflow = cflow
    for hours_before_end in (0.2, 3, 30, 24 * 20, 24 * 400):
        for severity in g.SLA:
            for reopen_count in ((1, 2) if status == "reopened" else (0,)):
                t = END_TS - int(hours_before_end * 3600)
                path = _complaint(data, t, status, severity, reopen_count)
                events, stamped = cflow.walk(severity, status, path)  # raises on a step the flow does not allow
                times = [p >> 4 for p in events]
                assert times == sorted(times) and times[0] == t and times[-1] <= END_TS
                names = [cflow.names[p & 15] for p in events]
                assert names.count("reopen") == reopen_count
                assert stamped["due_response_at"] == t + cflow.due_off[severity]["received"]
                if "dispatch" in names:
                    last = max(i for i, n in enumerate(names) if n in ("dispatch", "reopen"))
                    state = cflow.target[events[last] & 15]
                    assert stamped["due_resolve_at"] == times[last] + cflow.due_off[severity][state]
                else:
                    assert stamped["due_resolve_at"] is None
                assert (stamped["responded_at"] is not None) == ("classify" in names)


def test_escalation_is_automatic_once_the_deadline_has_passed(cflow):
    data = g.Dataset(seed=11)
    data.cflow = cflow
    seen = set()
    for k in range(200):
        t = END_TS - 3600 * (1 + 7 * k)
        events, _ = cflow.walk("general", "escalated", _complaint(data, t, "escalated", "general"))
        *_, before, last = events
        name = cflow.names[last & 15]
        seen.add(name)
        due = (before >> 4) + cflow.due_off["general"][cflow.target[before & 15]]
        assert (name == "escalate_overdue") == (due < END_TS)
        if name == "escalate_overdue":
            assert due <= last >> 4 <= due + 3600
    assert seen == {"escalate", "escalate_overdue"}


def test_status_history_rows_in_time_order_with_chained_states(cflow):
    data = g.Dataset(seed=3)
    data.cflow = cflow
    statuses = ["closed", "received", "reopened", "escalated", "in_progress"]
    data.complaint_events, data.complaint_severity, data.complaint_creator = [], [], []
    for k, status in enumerate(statuses):
        t = END_TS - 86400 * (30 - k)
        events, _ = cflow.walk("urgent", status, _complaint(data, t, status, "urgent", 2 * (status == "reopened")))
        data.complaint_events.append(events)
        data.complaint_severity.append("urgent")
        data.complaint_creator.append(None if k % 2 else 1)
    data.facts = {}
    users = {"clerk": 1, "supervisor": 2, "manager": 3, "engineer": 5}
    cols, rows = data.status_history(users)
    rows = [dict(zip(cols, row)) for row in rows]
    assert [r["id"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["created_at"] for r in rows] == sorted(r["created_at"] for r in rows)
    for k, status in enumerate(statuses):
        mine = [r for r in rows if r["subject_id"] == k + 1]
        assert mine[0]["transition"] == "create" and mine[0]["from_status"] is None
        assert mine[0]["actor_id"] == (None if k % 2 else 1)
        assert all(b["from_status"] == a["to_status"] for a, b in zip(mine, mine[1:]))
        assert mine[-1]["to_status"] == status
        for r in mine:
            t = cflow.flow.transitions.get(r["transition"])
            if t is not None and t.comment == "required" and not t.auto:
                assert r["comment"]
            off = cflow.due_off["urgent"].get(r["to_status"])
            want = None if off is None else g.ts(datetime.fromisoformat(r["created_at"]) + timedelta(seconds=off))
            assert r["due_at"] == want
    assert data.facts["waiting_with_deadline"] == 4  # all but the closed one, weeks past their deadlines
    assert data.facts["overdue_at_end"] == 4


def _bills(statuses, cents=250_000):  # as Dataset.charges passes them
    bills = []
    for m, status in zip(range(7, 12), statuses):
        nxt, due = g.to_secs(datetime(2026, m + 1, 1)), g.to_secs(datetime(2026, m, 15))
        bills.append((100 + m, nxt, due, status, cents, g.to_secs(datetime(2026, m, 1, 2))))
    return bills


def test_payments_settle_paid_charges_and_add_up():
    data = g.Dataset(seed=5)
    data.staff_by_estate = [{"CS": [7, 8, 9]}]
    data.facts = {"fees": {"due": 0, "collected": 0, "on_time": 0}}
    data.payment_plan = []
    patterns = [["paid"] * 5, ["paid", "overdue", "partially_paid", "paid", "billed"],
                ["partially_paid", "paid", "waived", "written_off", "paid"]]
    settled = {}
    for u in range(1, 601):
        bills = _bills(patterns[u % 3])
        paid_at = data.pay_unit(u, 0, u, bills)
        for cid, _nxt, _due, status, cents, billed in bills:
            key = (u, cid)
            settled[key] = (status, cents, billed, paid_at.get(cid))
    got = {}
    for secs, u, _payer, method, cashier, allocs, voided in data.payment_plan:
        assert (cashier is not None) == (method in g.COUNTER_METHODS)
        assert secs <= END_TS
        months = sorted(cid for cid, _ in allocs)
        assert months == list(range(months[0], months[0] + len(months)))  # arrears go with the next month
        for cid, cents in allocs:
            status, due_cents, billed, last = settled[(u, cid)]
            assert secs >= billed
            if not voided:
                got[(u, cid)] = got.get((u, cid), 0) + cents
                assert secs <= last
    for key, (status, cents, _billed, last) in settled.items():
        if status == "paid":
            assert got[key] == cents and last is not None
        elif status == "partially_paid":
            assert 0 < got[key] < cents and got[key] % 100 == 0
        else:
            assert key not in got and last is None
    fees = data.facts["fees"]
    assert fees["collected"] == sum(got.values()) and fees["on_time"] < fees["collected"] < fees["due"]
    assert any(len(p[5]) == 2 for p in data.payment_plan)

    cols, rows = data.payments()
    payments = [dict(zip(cols, row)) for row in rows]
    a_cols, a_rows = data.payment_allocations()
    allocations = [dict(zip(a_cols, row)) for row in a_rows]
    assert [p["paid_at"] for p in payments] == sorted(p["paid_at"] for p in payments)
    assert len({p["receipt_no"] for p in payments}) == len(payments)
    total = {}
    for a in allocations:
        total[a["payment_id"]] = total.get(a["payment_id"], 0) + int(a["amount"].replace(".", ""))
    assert all(int(p["amount"].replace(".", "")) == total[p["id"]] for p in payments)
    assert all(p["created_at"] >= p["paid_at"] for p in payments)
