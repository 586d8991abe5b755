"""Where a page's time goes: one request per measured page, in-process, against the large database.

    .venv/bin/python -m bench.profile_pages                       # SQLite, every page
    .venv/bin/python -m bench.profile_pages --pages list,deep --database-url postgresql://...
    .venv/bin/python -m bench.profile_pages --root /tmp/pd-head   # profile another checkout of the app

For each page (the URLs bench/run.py measures on our app): two warm-up requests through Flask's test
client, then
  * one plain request, timed, with every SQL statement recorded from SQLAlchemy's cursor events
    (count, time, the statements that cost most);
  * one request under cProfile: its self time split by where the code lives (SQL driver,
    SQLAlchemy, Jinja templates, Flask-Admin, WTForms, our app, ...), and the functions with the
    largest cumulative time. cProfile slows Python code down (2-3x), so read these as shares.
    Its default clock is the wall clock: on PostgreSQL the time spent waiting for the server, and
    the time the server's backend runs on this CPU while the app is preempted, land in the driver's
    self time (psycopg wait / _execute_send). --clock cpu counts this thread's CPU time only.
Full pstats listings go to bench/data/profiles/<database>-<page>.txt.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = [  # (label, test on a pstats key (file, line, function)); the first match wins
    ("database: driver calls and waiting for the server (sqlite3 / psycopg)", lambda f, fn: (
        f == "~" and re.search(r"sqlite3\.(Cursor|Connection)|psycopg|pgconn", fn)) or "/psycopg" in f),
    ("Jinja templates (compiled .html)", lambda f, fn: f.endswith(".html") or "<template>" in f),
    ("Jinja runtime", lambda f, fn: "/jinja2/" in f),
    ("MarkupSafe", lambda f, fn: "/markupsafe/" in f),
    ("SQLAlchemy", lambda f, fn: "/sqlalchemy/" in f),
    ("Flask-Admin", lambda f, fn: "/flask_admin/" in f),
    ("WTForms / Flask-WTF", lambda f, fn: "/wtforms/" in f or "/flask_wtf/" in f),
    ("Babel / i18n", lambda f, fn: "/babel/" in f or "/flask_babel/" in f or "gettext" in f),
    ("Flask / Werkzeug", lambda f, fn: "/flask/" in f or "/werkzeug/" in f or "/flask_login/" in f
     or "/flask_sqlalchemy/" in f),
    ("our app (app/)", lambda f, fn: "/app/" in f),
    ("Python stdlib / builtins", lambda f, fn: f == "~" or ("/lib/python3" in f and "site-packages" not in f)),
]


# Named parts of a request: (label, file suffix or fragment, function name). Their cumulative times
# under cProfile overlap (the row actions are part of the rows, everything is part of the template).
FOCUS = [
    ("whole template render (flask render_template)", "flask/templating.py", "_render"),
    ("  list table rows (cells + actions)", "admin/model/list.html", "block_list_row"),
    ("    row actions column (view/edit/delete per row)", "admin/model/list.html", "block_list_row_actions_column"),
    ("    cell values (Flask-Admin get_list_value)", "flask_admin/model/base.py", "get_list_value"),
    ("  side menu (every table, every request)", "admin/base.html", "block_main_menu"),
    ("  filter groups and their options", "flask_admin/model/base.py", "_get_filter_groups"),
    ("  form field rendering (WTForms)", "wtforms/meta.py", "render_field"),
    ("url_for (all calls)", "flask/app.py", "url_for"),
    ("gettext (all calls)", "flask_babel/__init__.py", "gettext"),
    ("CSRF token", "flask_wtf/csrf.py", "generate_csrf"),
    ("list query + count (our get_list)", "app/admin/base.py", "get_list"),
    ("  capped count", "app/admin/base.py", "_capped_count"),
    ("ORM: rows to objects (sqlalchemy instances)", "sqlalchemy/orm/loading.py", "instances"),
    ("record titles (RecordBase.__str__)", "app/schema/record.py", "__str__"),
    ("login user load (load_user, 3-4 queries)", "app/auth/__init__.py", "load_user"),
    ("edit form build (Flask-Admin edit_form)", "flask_admin/model/base.py", "edit_form"),
    ("record panels (history, audit, ...)", "app/admin/panels.py", "render"),
    ("front-desk lookup()", "app/frontdesk/lookup.py", "lookup"),
    ("inbox queries (workflows.inbox)", "app/workflows/inbox.py", "inbox"),
]


def focus(stats, total_ms):
    rows = []
    for label, fragment, func in FOCUS:
        cum = calls = 0
        for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            if name == func and fragment in filename:
                cum, calls = max(cum, ct), calls + nc
        if cum * 1000 >= 0.3:
            rows.append((label, cum * 1000, calls))
    return rows


def categorise(stats):
    totals = defaultdict(float)
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        for label, test in CATEGORIES:
            if test(filename, func):
                totals[label] += tottime
                break
        else:
            totals["other libraries"] += tottime
    return totals


def short(filename):
    for marker in ("site-packages/", "/work/main/", str(BENCH_ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def top_cumulative(stats, n, include):
    rows = []
    for (filename, line, func), (_cc, nc, tottime, cumtime, _callers) in stats.stats.items():
        if include(filename):
            rows.append((cumtime, nc, tottime, f"{short(filename)}:{line}:{func}"))
    rows.sort(reverse=True)
    return rows[:n]


def normalise_sql(statement):
    text = re.sub(r"\s+", " ", statement).strip()
    text = re.sub(r"SELECT .{120,}? FROM", lambda m: m.group(0)[:60] + " … FROM", text, count=1)
    return text[:230]


class SqlRecorder:
    def __init__(self, engine):
        from sqlalchemy import event

        self.records = []
        self.active = False
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("pd_bench_t0", []).append(time.perf_counter())

    def after(self, conn, cursor, statement, parameters, context, executemany):
        t0 = conn.info["pd_bench_t0"].pop()
        if self.active:
            self.records.append((statement, (time.perf_counter() - t0) * 1000, parameters))


def replay(db, application, records):
    """execute + fetchall time of each recorded SELECT, re-run on a raw DB-API connection (ms)."""
    times = []
    with application.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, _ms, parameters in records:
                if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                    times.append(0.0)
                    continue
                t0 = time.perf_counter()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                times.append((time.perf_counter() - t0) * 1000)
            cursor.close()
            raw.rollback()
        finally:
            raw.close()
    return times


def login(application, user):
    """A test client logged in as a demo user through the real form."""
    client = application.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": user, "password": f"{user}-demo-2026",
                                           "csrf_token": token, "next": ""})
    if response.status_code != 302:
        sys.exit(f"login as {user} failed: {response.status_code}")
    return client


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--root", default=str(BENCH_ROOT), help="the checkout whose app/ is profiled")
    parser.add_argument("--pages", default="", help="comma-separated page keys of bench/run.py (default: all)")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=7, help="plain timed requests per page (median shown)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="the profiler's clock: wall (time spent waiting for the database server, or while "
                             "the server runs on this CPU, counts as driver self time) or cpu (this thread's CPU "
                             "time only; slower to profile)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))  # the app profiled; bench itself comes from this checkout
    if str(BENCH_ROOT) not in sys.path:
        sys.path.append(str(BENCH_ROOT))
    from bench import generate
    from bench import run as bench_run

    url = generate.normalise_url(args.database_url or os.environ.get("BENCH_DATABASE_URL")
                                 or generate.DEFAULT_SQLITE_URL)
    if not generate.marker_matches(generate.read_marker(url)):
        print("note: the benchmark database does not match this schema.sql/generator (profiling it anyway)")
    from app import create_app
    from app.extensions import db

    import app as app_package
    print(f"profiling {Path(app_package.__file__).parent} against {generate.redact(url)}")
    application = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-profile-" + "x" * 40})
    views = {getattr(v, "endpoint", None): v for v in application.extensions["propertydesk_admin"]._views}
    params = bench_run.dataset_params(url, bench_run.view_config(views["complaint"])["sort"])
    flt, sort = bench_run.flask_admin_args(views["complaint"], "status", bench_run.SORT_COLUMN)
    from urllib.parse import quote

    paths = {
        "list": "/admin/complaint/", "deep": f"/admin/complaint/?page={bench_run.DEEP_PAGE - 1}",
        "status": f"/admin/complaint/?{flt}={bench_run.STATUS_FILTER}", "sorted": f"/admin/complaint/?sort={sort}&desc=1",
        "lookup_phone": f"/admin/?q={quote(params['phone_fragment'])}",
        "lookup_name": f"/admin/?q={quote(params['name_fragment'])}",
        "lookup_unit": f"/admin/?q={quote(params['unit_code'])}",
        "edit": f"/admin/complaint/edit/?id={params['edit_id']}", "contacts": "/admin/contact_record/",
        "inbox": "/admin/inbox/", "kpi": bench_run.KPI_PATHS,
    }
    wanted = [p for p in (args.pages.split(",") if args.pages else paths) if p in paths]
    with application.app_context():
        recorder = SqlRecorder(db.engine)
    db_label = "postgresql" if url.startswith("postgres") else "sqlite"
    out_dir = BENCH_ROOT / "bench" / "data" / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    clients = {user: login(application, user) for user in ("admin", "clerk")}
    for key in wanted:
        path = paths[key]
        client = clients["clerk" if key in bench_run.LOOKUPS else "admin"]
        follow = key in bench_run.LOOKUPS
        if isinstance(path, list):  # candidates: the first that answers 200
            path = next((p for p in path if client.get(p).status_code == 200), path[0])
        first = client.get(path, follow_redirects=follow)
        if first.status_code != 200:
            print(f"\n== {key}: {path} -> HTTP {first.status_code}, skipped")
            continue
        client.get(path, follow_redirects=follow)
        walls, cpus = [], []
        for _ in range(args.repeat):  # the median of a few plain requests; the SQL of the last one
            recorder.records, recorder.active = [], True
            t0, c0 = time.perf_counter(), time.thread_time()
            response = client.get(path, follow_redirects=follow)
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.thread_time() - c0) * 1000)
            recorder.active = False
        wall = sorted(walls)[len(walls) // 2]
        cpu = sorted(cpus)[len(cpus) // 2]
        records = recorder.records
        profiler = cProfile.Profile(time.thread_time) if args.clock == "cpu" else cProfile.Profile()
        profiler.enable()
        client.get(path, follow_redirects=follow)
        profiler.disable()
        stats = pstats.Stats(profiler)
        total_profiled = sum(v[2] for v in stats.stats.values()) * 1000
        # The cursor events time execute() only; SQLite hands rows over while it scans, so much of a
        # scan happens in fetchall(). Each SELECT is therefore replayed with execute + fetchall.
        replayed = replay(db, application, records)
        sql_ms = sum(replayed)
        by_statement = defaultdict(lambda: [0, 0.0])
        for (statement, _ms, _params), ms in zip(records, replayed):
            entry = by_statement[normalise_sql(statement)]
            entry[0] += 1
            entry[1] += ms
        print(f"\n== {key}: GET {path}  ->  {response.status_code}, {len(response.data) / 1024:.0f} KiB")
        print(f"   wall {wall:.1f} ms, CPU {cpu:.1f} ms (medians of {len(walls)}, in-process, no profiler; CPU: this "
              f"thread's, so not the database server's); {len(records)} SQL statements, "
              f"{sql_ms:.1f} ms replayed with fetch ({sql_ms / wall * 100:.0f}%); Python and the rest {wall - sql_ms:.1f} ms")
        for statement, (count, ms) in sorted(by_statement.items(), key=lambda kv: -kv[1][1])[:6]:
            print(f"   {ms:8.2f} ms  x{count:<3} {statement}")
        print(f"   self time under cProfile, {args.clock} clock ({total_profiled:.0f} ms in all):")
        for label, seconds in sorted(categorise(stats).items(), key=lambda kv: -kv[1]):
            if seconds * 1000 >= 0.5:
                print(f"     {seconds * 1000:8.1f} ms  {seconds * 100000 / total_profiled:5.1f}%  {label}")
        print("   named parts (cumulative under cProfile; nested parts overlap):")
        for label, ms, calls in focus(stats, total_profiled):
            print(f"     {ms:8.1f} ms  {ms / total_profiled * 100:5.1f}%  {calls:>6} calls  {label}")
        print("   largest self times:")
        selfs = sorted(((tt, nc, f"{short(fn)}:{line}:{name}") for (fn, line, name), (_cc, nc, tt, _ct, _cl)
                        in stats.stats.items()), reverse=True)[:args.top]
        for tottime, calls, name in selfs:
            print(f"     {tottime * 1000:8.1f} ms  {calls:>7} calls  {name}")
        print("   largest cumulative times (our app, Flask-Admin, templates):")
        interesting = lambda f: ("/app/" in f or "/flask_admin/" in f or f.endswith(".html")) and "/site-packages/flask/" not in f  # noqa: E731
        for cumtime, calls, _tot, name in top_cumulative(stats, args.top, interesting):
            print(f"     {cumtime * 1000:8.1f} ms  {calls:>7} calls  {name}")
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(80)
        buffer.write("\n\nSQL statements of the unprofiled request, in order:\n")
        for statement, ms, parameters in records:
            flat = re.sub(r"\s+", " ", statement)
            buffer.write(f"{ms:8.2f} ms  {flat}  {str(parameters)[:200]}\n")
        (out_dir / f"{db_label}-{key}.txt").write_text(buffer.getvalue())
    print(f"\nfull listings: {out_dir.relative_to(BENCH_ROOT)}/{db_label}-<page>.txt")


if __name__ == "__main__":
    main()
