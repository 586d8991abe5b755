"""Per-request database overhead, in-process: statements, round trips, CPU here and in the server.

    PG=postgresql://postgres@127.0.0.1:5432/propertydesk_bench
    .venv/bin/python -m bench.db_overhead --database-url $PG --variants base,sqlite      # PostgreSQL vs SQLite
    .venv/bin/python -m bench.db_overhead --database-url $PG --variants base,pre_ping --rounds 5
    .venv/bin/python -m bench.db_overhead --database-url $PG --trace [--verbose]          # what goes over the wire
    .venv/bin/python -m bench.db_overhead --database-url $PG --explain                    # plan vs execution time
    .venv/bin/python -m bench.db_overhead --database-url $PG --profile 100                # CPU by library
    .venv/bin/python -m bench.db_overhead --root /tmp/pd-snap ...                         # another checkout's app/

Each variant is an application built with extra SQLALCHEMY_ENGINE_OPTIONS (VARIANTS below; "sqlite"
is the same app on bench/data/large.db); all are built in one process first, then measured in
alternation (round 1: A, B, ..., round 2: A, B, ...), so a noisy machine spreads over all of them.
Per page and variant: the median over all rounds of each request's wall time and of this thread's
CPU time (Flask's test client runs the app in the calling thread: the app's, the driver's and the
test client's CPU, not the database server's), and the mean CPU time of the PostgreSQL backends
the app talked to (read from /proc, so the server must run on this machine).

--trace records, for one request per page, what really goes over the connection: on PostgreSQL
libpq's protocol trace (Parse/Bind/Execute/Sync, and simple Query messages such as BEGIN and
ROLLBACK that psycopg sends outside SQLAlchemy's cursor events); on SQLite the statements sqlite3
runs (set_trace_callback), BEGIN/COMMIT/ROLLBACK included.
"""

import argparse
import gc
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.profile_pages import BENCH_ROOT
from bench.profile_pages import login

# name -> engine options merged over the app's own SQLALCHEMY_ENGINE_OPTIONS.
VARIANTS = {
    "base": {},
    "sqlite": {"_sqlite": True},  # the same app on the SQLite benchmark database
    "pre_ping": {"pool_pre_ping": True},
    "no_reset": {"pool_reset_on_return": None},
    "no_prepare": {"connect_args": {"prepare_threshold": None}},
    "prepare_0": {"connect_args": {"prepare_threshold": 0}},
    "prepare_1": {"connect_args": {"prepare_threshold": 1}},
    "no_cache": {"query_cache_size": 0},
    # Experiments, not for the app as they stand: psycopg forgets its prepared statements at every
    # ROLLBACK, and every GET ends in one, so the app's statements are never prepared. These keep
    # them (through psycopg internals) to see what server-side parse/plan caching would be worth.
    "keep_prepared": {"_keep_prepared": True},
    "keep_prepared_1": {"_keep_prepared": True, "connect_args": {"prepare_threshold": 1}},
    "keep_prepared_custom": {"_keep_prepared": True,
                             "connect_args": {"options": "-c plan_cache_mode=force_custom_plan"}},
}


def _keep_prepared_connection_class():
    """A psycopg connection whose prepared statements survive ROLLBACK (psycopg 3.3 internals)."""
    import psycopg
    from psycopg._preparing import PrepareManager

    class KeepOnRollback(PrepareManager):
        def clear(self):
            if getattr(self, "in_rollback", False):
                return False
            return super().clear()

    class KeepPreparedConnection(psycopg.Connection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            manager = KeepOnRollback()
            manager.prepare_threshold = self._prepared.prepare_threshold
            manager.prepared_max = self._prepared.prepared_max
            self._prepared = manager

        def rollback(self):
            self._prepared.in_rollback = True
            try:
                super().rollback()
            finally:
                self._prepared.in_rollback = False

    return KeepPreparedConnection


def build_app(url, options):
    from app import config as app_config
    from app import create_app

    config = {"DATABASE_URL": url, "SECRET_KEY": "bench-overhead-" + "x" * 40}
    options = dict(options or {})
    keep_prepared = options.pop("_keep_prepared", False)
    if options:
        defaults = dict(app_config.DEFAULTS.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        merged = {**defaults, **options}
        merged["connect_args"] = {**defaults.get("connect_args", {}), **options.get("connect_args", {})}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = merged
    application = create_app(config)
    if keep_prepared:
        from sqlalchemy import event

        from app.extensions import db

        cls = _keep_prepared_connection_class()
        with application.app_context():
            engine = db.engine
            event.listen(engine, "do_connect", lambda _d, _r, cargs, cparams: cls.connect(*cargs, **cparams))
            engine.dispose()
    return application


def page_paths(application, url):
    from urllib.parse import quote

    from bench import run as bench_run

    views = {getattr(v, "endpoint", None): v for v in application.extensions["propertydesk_admin"]._views}
    params = bench_run.dataset_params(url, bench_run.view_config(views["complaint"])["sort"])
    status_filter, sort = bench_run.flask_admin_args(views["complaint"], "status", bench_run.SORT_COLUMN)
    return {
        "list": ("/admin/complaint/", "admin", False),
        "edit": (f"/admin/complaint/edit/?id={params['edit_id']}", "admin", False),
        "lookup_phone": (f"/admin/?q={quote(params['phone_fragment'])}", "clerk", True),
        "contacts": ("/admin/contact_record/", "admin", False),
        "status": (f"/admin/complaint/?{status_filter}={bench_run.STATUS_FILTER}", "admin", False),
        "sorted": (f"/admin/complaint/?sort={sort}&desc=1", "admin", False),
        "lookup_name": (f"/admin/?q={quote(params['name_fragment'])}", "clerk", True),
        "lookup_unit": (f"/admin/?q={quote(params['unit_code'])}", "clerk", True),
        "deep": (f"/admin/complaint/?page={bench_run.DEEP_PAGE - 1}&after={quote(params['deep_after'])}",
                 "admin", False),
        "kpi": (bench_run.KPI_PATHS[-1], "admin", False),
        "inbox": ("/admin/inbox/", "admin", False),
    }


class Target:
    def __init__(self, name, url, options):
        if options.get("_sqlite"):
            from bench import generate

            url, options = generate.normalise_url(generate.DEFAULT_SQLITE_URL), {}
        self.name = name
        self.app = build_app(url, options)
        self.paths = page_paths(self.app, url)
        self.clients = {user: login(self.app, user) for user in ("admin", "clerk")}
        self.backend_pids = set()
        if url.startswith("postgres"):
            from sqlalchemy import event

            from app.extensions import db

            with self.app.app_context():
                engine = db.engine
            event.listen(engine, "checkout", lambda dbapi_conn, _rec, _proxy:
                         self.backend_pids.add(dbapi_conn.info.backend_pid))

    def server_cpu(self):
        """CPU seconds used so far by the PostgreSQL backends this app has talked to (same machine)."""
        total = 0.0
        for pid in self.backend_pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def get(self, page):
        path, user, follow = self.paths[page]
        response = self.clients[user].get(path, follow_redirects=follow)
        if response.status_code != 200:
            raise RuntimeError(f"{page}: {path} -> {response.status_code}")
        return response


def measure(target, page, requests, warmup):
    for _ in range(warmup):
        target.get(page)
    walls, cpus = [], []
    s0 = target.server_cpu()
    for _ in range(requests):
        w0, c0 = time.perf_counter(), time.thread_time()
        target.get(page)
        cpus.append((time.thread_time() - c0) * 1000)
        walls.append((time.perf_counter() - w0) * 1000)
    return walls, cpus, (target.server_cpu() - s0) * 1000 / requests


# --- what goes over the connection --------------------------------------------------------------

PQ_MESSAGE = re.compile(r"^F\t\d+\t(Query|Parse|Bind|Execute|Sync|Describe|Close|Terminate)\b\s*(.*)$", re.S)


class Tracer:
    """Turns the driver's own statement trace on for every pooled connection of one engine."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.engine = engine
        self.on = False
        self.sqlite_lines = []
        self.file = tempfile.NamedTemporaryFile("w+", prefix="pd-pqtrace-", suffix=".txt")
        self.traced = {}  # id -> DB-API connection
        event.listen(engine, "checkout", self._checkout)

    def _checkout(self, dbapi_connection, _record, _proxy):
        if self.on:  # a connection made during the traced request
            self._trace(dbapi_connection)

    def _trace(self, dbapi_connection):
        if id(dbapi_connection) in self.traced:
            return
        self.traced[id(dbapi_connection)] = dbapi_connection
        if self.engine.dialect.name == "sqlite":
            dbapi_connection.set_trace_callback(self.sqlite_lines.append)
        else:
            from psycopg import pq

            pgconn = dbapi_connection.pgconn
            pgconn.trace(self.file.fileno())
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def start(self):
        self.traced.clear()
        self.sqlite_lines.clear()
        self.file.seek(0)
        self.file.truncate()
        # connections waiting in the pool: traced from now, so a ping or reset at checkout shows
        waiting = getattr(self.engine.pool, "_pool", None)
        for record in list(waiting.queue) if waiting is not None else []:
            if record.dbapi_connection is not None:
                self._trace(record.dbapi_connection)
        self.on = True

    def stop(self):
        self.on = False
        for conn in self.traced.values():
            if self.engine.dialect.name == "sqlite":
                conn.set_trace_callback(None)
            else:
                conn.pgconn.untrace()  # also flushes libpq's buffered trace
        self.traced.clear()
        if self.engine.dialect.name == "sqlite":
            # "-- ..." lines are statements SQLite runs inside another (FTS5 shadow tables, triggers)
            return [("SQL", line) for line in self.sqlite_lines if not line.startswith("--")]
        self.file.flush()
        with open(self.file.name, encoding="utf-8", errors="replace") as handle:
            # one message per entry; a statement's text may span lines
            entries = re.split(r"\n(?=[FB]\t)", handle.read())
        messages = []
        for entry in entries:
            m = PQ_MESSAGE.match(entry)
            if m:
                messages.append((m.group(1), m.group(2)))
        return messages


def summarise_pg(messages):
    """Statements and round trips from libpq's frontend messages (each Query or Sync waits for the server)."""
    kinds = Counter()
    statements = []
    round_trips = 0
    for kind, rest in messages:
        if kind == "Query":
            round_trips += 1
            text = rest.strip().strip('"')
            statements.append(("simple", text))
            kinds[text.split()[0].upper() if text and text != ";" else "; (pre-ping)"] += 1
        elif kind == "Parse":
            m = re.match(r'"([^"]*)"\s+"(.*)', rest.strip(), re.S)
            name, text = (m.group(1), m.group(2)) if m else ("", rest)
            statements.append(("parse" + (f" {name}" if name else ""), text))
        elif kind == "Bind":
            m = re.match(r'"[^"]*"\s+"([^"]*)"', rest.strip())
            if m and m.group(1):
                statements.append(("bind " + m.group(1), ""))
        elif kind == "Sync":
            round_trips += 1
    for kind, text in statements:
        if kind.startswith("parse") or kind.startswith("bind"):
            kinds[(text.split()[0].upper() if text else "prepared")] += 1
    return kinds, round_trips, statements


def trace_page(target, page, warmup):
    from app.extensions import db

    with target.app.app_context():
        tracer = target.__dict__.setdefault("tracer", Tracer(db.engine))
    for _ in range(max(1, warmup)):
        target.get(page)
    from sqlalchemy import event

    cache = Counter()

    def count_cache(_conn, _cursor, _statement, _parameters, context, _many):
        cache[context._get_cache_stats().split(" ")[0] if context is not None else "none"] += 1

    event.listen(tracer.engine, "before_cursor_execute", count_cache)
    tracer.start()
    target.get(page)
    messages = tracer.stop()
    event.remove(tracer.engine, "before_cursor_execute", count_cache)
    target.cache_stats = dict(cache)
    if target.app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        kinds = Counter(text.split()[0].upper() for _k, text in messages)
        return kinds, 0, [("sql", text) for _k, text in messages]
    return summarise_pg(messages)


# --- server time per statement --------------------------------------------------------------------

def explain_page(target, page, repeat=5):
    """Each SELECT of one request under EXPLAIN ANALYZE (best of `repeat`): planning vs execution, ms."""
    from sqlalchemy import event

    from app.extensions import db

    with target.app.app_context():
        engine = db.engine
    records = []

    def before(_conn, _cursor, statement, parameters, _context, _many):
        records.append((statement, parameters))

    target.get(page)
    event.listen(engine, "before_cursor_execute", before)
    try:
        target.get(page)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    raw = engine.raw_connection()
    total_plan = total_exec = 0.0
    print(f"\n== {target.name} {page}: {len(records)} statements (best of {repeat}; ms)")
    print(f"   {'plan':>7} {'exec':>7}  statement")
    try:
        cursor = raw.cursor()
        for statement, parameters in records:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plans, execs, jit = [], [], ""
            for _ in range(repeat):
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) " + statement, parameters)
                result = cursor.fetchone()[0][0]
                plans.append(result["Planning Time"])
                execs.append(result["Execution Time"])
                if "JIT" in result:
                    jit = f" [JIT {result['JIT']['Timing']['Total']:.1f} ms]"
            total_plan += min(plans)
            total_exec += min(execs)
            flat = re.sub(r"\s+", " ", statement)
            print(f"   {min(plans):7.3f} {min(execs):7.3f}  {flat[:110]}{jit}")
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    print(f"   {total_plan:7.3f} {total_exec:7.3f}  total")


# --- CPU profile -------------------------------------------------------------------------------

def profile_page(target, page, requests, warmup, top):
    """cProfile on a CPU clock (time.thread_time): waiting for the server costs nothing here, unlike
    profile_pages' wall-clock profile, where it shows up as self time of the driver."""
    import cProfile
    import pstats

    from bench.profile_pages import categorise
    from bench.profile_pages import short

    for _ in range(warmup):
        target.get(page)
    profiler = cProfile.Profile(time.thread_time)
    w0, c0 = time.perf_counter(), time.thread_time()
    profiler.enable()
    for _ in range(requests):
        target.get(page)
    profiler.disable()
    wall, cpu = (time.perf_counter() - w0) * 1000 / requests, (time.thread_time() - c0) * 1000 / requests
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values()) * 1000 / requests
    print(f"\n== {target.name} {page}: {requests} requests under a CPU-clock profiler: {cpu:.1f} ms CPU, "
          f"{wall:.1f} ms wall per request (profiler overhead included); profiled CPU {total:.1f} ms")
    for label, seconds in sorted(categorise(stats).items(), key=lambda kv: -kv[1]):
        ms = seconds * 1000 / requests
        if ms >= 0.05:
            print(f"   {ms:7.2f} ms {ms / total * 100:5.1f}%  {label}")
    for library in ("/psycopg/", "/sqlalchemy/"):
        rows = sorted(((tt, nc, f"{short(fn)}:{line}:{name}") for (fn, line, name), (_cc, nc, tt, _ct, _cl)
                       in stats.stats.items() if library in fn), reverse=True)[:top]
        print(f"   largest self CPU in {library.strip('/')} (ms per request, calls per request):")
        for tottime, calls, name in rows:
            print(f"     {tottime * 1000 / requests:7.3f} ms {calls / requests:7.1f}  {name}")


# --- main ---------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--root", default=str(BENCH_ROOT), help="the checkout whose app/ is measured")
    parser.add_argument("--pages", default="list,edit,lookup_phone")
    parser.add_argument("--variants", default="base")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page, variant and round")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trace", action="store_true", help="show what goes over the connection, then stop")
    parser.add_argument("--verbose", action="store_true", help="with --trace: every statement")
    parser.add_argument("--explain", action="store_true",
                        help="PostgreSQL: planning and execution time of each statement of one request")
    parser.add_argument("--top", type=int, default=12, help="with --profile: functions listed per library")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile N requests per page with a CPU-time clock: CPU per request by library")
    args = parser.parse_args(argv)
    if args.requests > 2000 or args.rounds > 50 or args.warmup > 500:
        sys.exit("at most 2000 requests, 50 rounds, 500 warm-ups")
    sys.path.insert(0, str(Path(args.root).resolve()))  # the app measured; bench comes from this checkout
    if str(BENCH_ROOT) not in sys.path:
        sys.path.append(str(BENCH_ROOT))
    from bench import generate

    url = generate.normalise_url(args.database_url or os.environ.get("BENCH_DATABASE_URL")
                                 or generate.DEFAULT_SQLITE_URL)
    pages = args.pages.split(",")
    names = args.variants.split(",")
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    import app as app_package

    print(f"app {Path(app_package.__file__).parent}; database {generate.redact(url)}; pages {pages}; "
          f"variants {names}", flush=True)
    targets = [Target(name, url, VARIANTS[name]) for name in names]

    if args.trace:
        for target in targets:
            for page in pages:
                kinds, round_trips, statements = trace_page(target, page, args.warmup)
                line = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
                rt = f"; {round_trips} round trips" if round_trips else ""
                rt += f"; SQLAlchemy compiled cache {target.cache_stats}"
                print(f"{target.name:>10} {page:<13} {len(statements)} messages{rt}: {line}")
                if args.verbose:
                    for kind, text in statements:
                        flat = re.sub(r"\s+", " ", text)
                        print(f"             {kind:<10} {flat[:150]}")
        for target in targets:
            if "tracer" in target.__dict__:
                target.tracer.file.close()
        return

    if args.explain:
        for target in targets:
            for page in pages:
                explain_page(target, page)
        return

    if args.profile:
        for target in targets:
            for page in pages:
                profile_page(target, page, min(args.profile, 1000), args.warmup, args.top)
        return

    results = {(t.name, p): ([], [], []) for t in targets for p in pages}
    gc.collect()
    for round_no in range(args.rounds):
        for target in targets:
            for page in pages:
                walls, cpus, server = measure(target, page, args.requests, args.warmup)
                results[(target.name, page)][0].extend(walls)
                results[(target.name, page)][1].extend(cpus)
                results[(target.name, page)][2].append(server)
        print(f"round {round_no + 1}/{args.rounds} done; load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"\n{'page':<13} {'variant':>10} {'wall med':>9} {'wall p90':>9} {'cpu med':>8} {'wall-cpu':>9} "
          f"{'server cpu':>10}   (ms per request, {args.rounds} x {args.requests} requests; server cpu: "
          f"the PostgreSQL backend's, mean)")
    for page in pages:
        for target in targets:
            walls, cpus, servers = results[(target.name, page)]
            walls_sorted = sorted(walls)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            server = f"{statistics.mean(servers):10.2f}" if target.backend_pids else f"{'-':>10}"
            print(f"{page:<13} {target.name:>10} {wall:9.2f} {walls_sorted[int(len(walls) * 0.9)]:9.2f} "
                  f"{cpu:8.2f} {wall - cpu:9.2f} {server}")


if __name__ == "__main__":
    main()
