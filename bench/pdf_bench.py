"""PDF notice benchmark (issue 4): ms per payment reminder for 1, 100 and 1,000 notices, ours beside
plain WeasyPrint with Debian's Noto CJK as the baseline, in the same run.

    make bench-pdf            # or: .venv/bin/python -m bench.pdf_bench [--quick]

Ours is the whole path a user waits for:
* single: an HTTP request (Flask test client, logged in as a clerk) that prints a reminder for a
  unit never printed before (context from the database, a new number, render, archive, commit),
  then the request that downloads the PDF: request to PDF;
* batch of N: `print_batch` for N units never printed before: contexts, numbers, render on every
  core, archive each notice, commit per chunk, and the merged PDF of N pages.
The baseline renders the very same HTML (our templates, same data) the stock way: `HTML(string=…)
.write_pdf()` with the stylesheet inline (parsed per document), a new FontConfiguration each
time, Debian's "Noto Sans CJK TC" through fontconfig; a batch is one HTML document of N notices
rendered to one PDF on one core. It does no database or archive work.

Medians: single = median of SINGLE_RUNS requests; batch_ms_per_notice = median over the 100-notice
batches (BATCH_RUNS runs). The 1,000-notice figures are one run each. The last line is
`single_ms=N batch_ms_per_notice=N baseline_single_ms=N baseline_batch_ms_per_notice=N`.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SINGLE_RUNS = 15
BATCH_RUNS = 3


def build_data(app, units_needed):
    """An estate, a building and `units_needed` units, each with an owner and three overdue charges."""
    from app.extensions import db
    from app.schema import registry_of
    from app.seeding import load_all

    with app.app_context():
        registry = registry_of(app)
        session = db.session
        load_all(session, registry, demo=False)
        m = registry.model
        estate = m("estate")(code="BENCH", name="海濱花園", name_en="Harbour View Gardens",
                             address="香港九龍海濱道 88 號", service_phone="2345 6789")
        session.add(estate)
        session.flush()
        building = m("building")(estate_id=estate.id, code="A", name="第一座")
        session.add(building)
        session.flush()
        fee = m("fee_item")(estate_id=estate.id, name="管理費", kind="management",
                            late_fee_rate_per_day=Decimal("0.0030"), fixed_amount=Decimal("1234.50"))
        parking = m("fee_item")(estate_id=estate.id, name="停車場月費", kind="parking", code="P",
                                late_fee_rate_per_day=Decimal("0.0030"), fixed_amount=Decimal("800"))
        session.add_all([fee, parking])
        session.flush()
        surnames = "陳李黃張劉林王吳鄭何梁周謝郭馮曾蔡許羅葉"
        given = "大文志明淑儀國華建業永康美玲家豪嘉欣子軒詠詩俊傑堃喆媖峯"
        ids = []
        today = date.today()
        for i in range(units_needed):
            unit = m("unit")(code=f"A-{i // 20 + 1:02d}-{i % 20 + 1:02d}", building_id=building.id,
                             floor=str(i // 20 + 1), unit_no=f"{i % 20 + 1:02d}", handover_date=date(2020, 5, 1))
            name = surnames[i % len(surnames)] + given[(i * 7) % len(given)] + given[(i * 3 + 1) % len(given)]
            party = m("party")(name=name, salutation=("mr", "ms", "mrs")[i % 3], phone=f"9{i:07d}",
                               address="香港九龍海濱道 88 號")
            session.add_all([unit, party])
            session.flush()
            session.add(m("unit_party")(unit_id=unit.id, party_id=party.id, role="owner", status="active",
                                        is_payer=True))
            for k, item in enumerate((fee, fee, parking)):
                start = date(today.year - 1, 1 + k, 1)
                session.add(m("charge")(unit_id=unit.id, fee_item_id=item.id, period_start=start,
                                        period_end=start + timedelta(days=27), amount_due=item.fixed_amount,
                                        due_date=start + timedelta(days=27), status="overdue",
                                        late_fee=Decimal("11.10") if k == 0 else Decimal(0)))
            ids.append(unit.id)
        session.commit()
        return ids


# --- ours ---------------------------------------------------------------------------------------

def ours_single(app, unit_ids):
    """Request to PDF: POST the print button, GET the PDF; one unit each, never printed before."""
    from app.seeding import demo_password

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "clerk", "password": demo_password("clerk"), "csrf_token": token})
    page = client.get("/admin/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    times = []
    for unit_id in unit_ids:
        start = time.perf_counter()
        response = client.post(f"/documents/print/payment_reminder/{unit_id}", data={"csrf_token": token})
        assert response.status_code == 302, response.status_code
        pdf = client.get(response.headers["Location"]).data
        times.append((time.perf_counter() - start) * 1000)
        assert pdf.startswith(b"%PDF")
    return times


def ours_batch(app, unit_ids):
    from app.documents import printing
    from app.documents.render import get_renderer
    from app.extensions import db
    from app.schema import registry_of

    with app.app_context():
        settings = printing.Settings(app.config["DOCUMENTS_DIR"], "http://127.0.0.1:5000", app.config["SECRET_KEY"])
        renderer = get_renderer(app.config["DOCUMENTS_TEMPLATES"], app.config["DOCUMENTS_FONT_DIR"])
        start = time.perf_counter()
        result = printing.print_batch(db.session, registry_of(app), app.extensions["propertydesk_documents"],
                                      "payment_reminder", unit_ids, actor=printing.SYSTEM, settings=settings,
                                      renderer=renderer, commit=db.session.commit)
        elapsed = (time.perf_counter() - start) * 1000
        assert result.new_count == len(unit_ids) and result.pdf.startswith(b"%PDF")
        db.session.remove()
    return elapsed / len(unit_ids)


# --- baseline: plain WeasyPrint, Debian Noto CJK -------------------------------------------------

def baseline_html(app, unit_ids):
    """Our templates over the same contexts, with the stylesheet inline and the system CJK font."""
    from app.documents import contexts
    from app.documents import printing
    from app.documents.render import get_renderer
    from app.extensions import db
    from app.schema import registry_of

    css = (Path(app.config["DOCUMENTS_TEMPLATES"]) / "notice.css").read_text(encoding="utf-8")
    css = css.replace("var(--font-stack)", '"Noto Sans CJK TC"')
    with app.app_context():
        registry = registry_of(app)
        catalogue = app.extensions["propertydesk_documents"]
        ntype = catalogue.get("payment_reminder")
        renderer = get_renderer(app.config["DOCUMENTS_TEMPLATES"], app.config["DOCUMENTS_FONT_DIR"])
        settings = printing.Settings(app.config["DOCUMENTS_DIR"], "http://127.0.0.1:5000", app.config["SECRET_KEY"])
        bodies = []
        for n, unit_id in enumerate(unit_ids, 1):
            record = db.session.get(registry.model("unit"), unit_id)
            data = contexts.build_data(db.session, registry, ntype, record)
            ctx = printing._context(ntype, data, f"CJ-2026-{n:06d}", date.today(), printing.SYSTEM, settings)
            html = renderer.html(ntype.template, ctx)
            bodies.append(html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0])
        db.session.remove()
    head = f'<!DOCTYPE html><html lang="zh-Hant-HK"><head><meta charset="utf-8"><style>{css}</style></head><body>'
    return head, bodies


def baseline_single(head, bodies):
    from weasyprint import HTML

    times = []
    for body in bodies:
        start = time.perf_counter()
        pdf = HTML(string=head + body + "</body></html>").write_pdf()
        times.append((time.perf_counter() - start) * 1000)
        assert pdf.startswith(b"%PDF")
    return times


def baseline_batch(head, bodies):
    from weasyprint import HTML

    html = head + "".join(f'<div style="break-before: page">{b}</div>' for b in bodies) + "</body></html>"
    start = time.perf_counter()
    pdf = HTML(string=html).write_pdf()
    elapsed = (time.perf_counter() - start) * 1000
    assert pdf.startswith(b"%PDF")
    return elapsed / len(bodies)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-notice runs")
    args = parser.parse_args(argv)
    from app import create_app

    big = 0 if args.quick else 1000
    need = 2 + SINGLE_RUNS + 100 * BATCH_RUNS + big
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench-" + "x" * 40,
                          "DOCUMENTS_DIR": f"{tmp}/documents", "DOCUMENTS_BASE_URL": "http://127.0.0.1:5000"})
        print(f"building {need} units with overdue charges …", flush=True)
        ids = build_data(app, need)
        warm, ids = ids[:2], ids[2:]
        single_ids, ids = ids[:SINGLE_RUNS], ids[SINGLE_RUNS:]
        batch_ids = [ids[i * 100:(i + 1) * 100] for i in range(BATCH_RUNS)]
        big_ids = ids[100 * BATCH_RUNS:]
        print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start", flush=True)

        ours_single(app, warm)  # first request: fonts loaded, stylesheet parsed, workers not yet forked
        o_single = ours_single(app, single_ids)
        o_batch = [ours_batch(app, b) for b in batch_ids]
        o_big = ours_batch(app, big_ids) if big_ids else None

        head, bodies = baseline_html(app, single_ids + [u for b in batch_ids for u in b] + big_ids)
        baseline_single(head, bodies[:1])  # warm-up: imports and fontconfig cache
        b_single = baseline_single(head, bodies[:SINGLE_RUNS])
        offset = SINGLE_RUNS
        b_batch = []
        for _ in range(BATCH_RUNS):
            b_batch.append(baseline_batch(head, bodies[offset:offset + 100]))
            offset += 100
        b_big = baseline_batch(head, bodies[offset:offset + big]) if big else None

    rows = [("1 notice (request to PDF)", statistics.median(o_single), statistics.median(b_single)),
            ("100 notices, ms per notice", statistics.median(o_batch), statistics.median(b_batch))]
    if big:
        rows.append(("1,000 notices, ms per notice", o_big, b_big))
    print()
    print(f"{'':32}{'ours':>10}{'baseline':>12}{'ratio':>9}")
    for label, ours, base in rows:
        print(f"{label:32}{ours:10.1f}{base:12.1f}{base / ours:8.1f}x")
    print(f"(single: median of {SINGLE_RUNS}; 100: median of {BATCH_RUNS} runs; 1,000: one run; "
          f"load average {os.getloadavg()[0]:.2f} at the end)")
    print(f"single_ms={round(statistics.median(o_single))} batch_ms_per_notice={round(statistics.median(o_batch))} "
          f"baseline_single_ms={round(statistics.median(b_single))} "
          f"baseline_batch_ms_per_notice={round(statistics.median(b_batch))}")


if __name__ == "__main__":
    main()
