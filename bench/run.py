"""The benchmark of issue 6: PropertyDesk vs stock Flask-Admin (baseline) vs bare Flask (floor).

    .venv/bin/python -m bench.run                                    # SQLite, bench/data/large.db
    .venv/bin/python -m bench.run --database-url postgresql://postgres@127.0.0.1:5432/propertydesk_bench

Each app is served in turn by gunicorn (1 sync worker, 127.0.0.1, a free port): ours is wsgi:app
with DATABASE_URL, the baseline bench.stock_app:app, the floor bench.floor_app:app. The runner logs
in to ours as admin (as clerk for the front-desk lookup, as estate_clerk, limited to one estate, for
the scoped pages), warms every URL up, then takes up to
--samples sequential samples per URL (at least 3, stopping early when --page-budget seconds are
spent), and reports median and p95 in milliseconds; then the throughput of complaint list page 1
with --clients concurrent clients for --throughput-seconds, and the worker's peak RSS (VmHWM).

Loopback only, bounded in count and time (SECURITY.md R8): every request goes to 127.0.0.1, every
loop has a sample cap and a deadline, and the servers are stopped (by their own pid) at the end.

The last line printed is always
    list_p95_ms=N deep_p95_ms=N lookup_p95_ms=N baseline_list_p95_ms=N baseline_deep_p95_ms=N baseline_lookup_p95_ms=N
(lookup: the worst of the three lookups).
"""

import argparse
import json
import math
import multiprocessing
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

HOST = "127.0.0.1"  # loopback only
APPS = ("ours", "stock", "floor")
APP_TITLES = {"ours": "ours", "stock": "baseline", "floor": "floor"}
STATUS_FILTER = "in_progress"
SORT_COLUMN = "severity"
DEEP_PAGE = 5000  # 1-based; Flask-Admin's ?page= is 0-based
EDIT_ID = 100_000
LOOKUPS = ("lookup_phone", "lookup_name", "lookup_unit")
# The KPI page: the first of these that answers 200 to admin is measured (--kpi-path puts its own first).
KPI_PATHS = ["/admin/kpi/", "/admin/reports/manager/"]

# key, label, optional (n/a when ours does not answer 200)
PAGES = [
    ("list", "complaint list, page 1", False),
    ("deep", f"complaint list, page {DEEP_PAGE:,}", False),
    ("status", f"complaints, status = {STATUS_FILTER}", False),
    ("sorted", f"complaints sorted by {SORT_COLUMN} desc", False),
    ("lookup_phone", "lookup: phone fragment", False),
    ("lookup_name", "lookup: 2-char name fragment", False),
    ("lookup_unit", "lookup: unit code", False),
    ("edit", "complaint edit form", False),
    ("contacts", "contact_record list, page 1", False),
    ("inbox", "inbox", True),
    ("kpi", "KPI page", True),
    ("scoped_list", "complaint list, one estate's clerk", True),
    ("scoped_contacts", "contact list, one estate's clerk", True),
    ("scoped_inbox", "inbox, one estate's clerk", True),
]
# Who asks for each page (others: admin). The scoped pages are asked by a clerk limited to one
# estate (bench.generate.SCOPED_USER): every statement then carries the estate scope.
PAGE_USERS = {**dict.fromkeys(LOOKUPS, "clerk"),
              **dict.fromkeys(("scoped_list", "scoped_contacts", "scoped_inbox"), generate.SCOPED_USER)}


# ------------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client over a raw socket (one connection per request, as gunicorn sync serves)
# ------------------------------------------------------------------------------------------------


def http(port, path, method="GET", cookie=None, body=None, timeout=900):
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close", "User-Agent: pd-bench"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    payload = b""
    if body is not None:
        payload = urlencode(body).encode()
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(payload)}"]
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        chunks = []
        while chunk := sock.recv(262144):
            chunks.append(chunk)
    raw = b"".join(chunks)
    header_blob, _, content = raw.partition(b"\r\n\r\n")
    lines = header_blob.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, content


def fetch(port, path, cookie=None, follow=False):
    """(status, milliseconds, bytes, body); a redirect is followed (and timed) when `follow`."""
    t0 = time.perf_counter()
    status, headers, body = http(port, path, cookie=cookie)
    hops = 0
    while follow and status in (301, 302, 303) and hops < 3:
        location = headers.get("location", [""])[0]
        location = re.sub(r"^https?://[^/]+", "", location)
        status, headers, body = http(port, location, cookie=cookie)
        hops += 1
    return status, (time.perf_counter() - t0) * 1000, len(body), body


def session_cookie(headers):
    for value in headers.get("set-cookie", []):
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return None


def login(port, username):
    status, headers, body = http(port, "/login")
    cookie = session_cookie(headers)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    if status != 200 or not token:
        raise RuntimeError(f"login page answered {status}")
    status, headers, _ = http(port, "/login", "POST", cookie=cookie, body={
        "username": username, "password": f"{username}-demo-2026", "csrf_token": token.group(1).decode(), "next": ""})
    new_cookie = session_cookie(headers)
    if status != 302 or not new_cookie:
        raise RuntimeError(f"login as {username} failed: HTTP {status}")
    return new_cookie


# ------------------------------------------------------------------------------------------------
# gunicorn servers
# ------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    MODULES = {"ours": "wsgi:app", "stock": "bench.stock_app:app", "floor": "bench.floor_app:app"}
    PROBES = {"ours": "/login", "stock": "/admin/", "floor": "/"}

    def __init__(self, kind, database_url, log_dir, ours_root=ROOT, config=None):
        self.kind = kind
        self.port = free_port()
        app_root = Path(ours_root) if kind == "ours" else ROOT
        env = dict(os.environ, PYTHONPATH=str(app_root))
        if kind == "ours":
            env.update(DATABASE_URL=database_url, SECRET_KEY=secrets.token_hex(32))
        else:
            env.update(BENCH_DATABASE_URL=database_url, BENCH_VIEW_CONFIG=json.dumps(config or {}))
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"gunicorn-{kind}.log"
        self.log = open(self.log_path, "w")
        cmd = [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync",
               "--bind", f"{HOST}:{self.port}", "--timeout", "900", "--graceful-timeout", "10",
               "--chdir", str(app_root), "--log-level", "warning", self.MODULES[kind]]
        self.proc = subprocess.Popen(cmd, env=env, cwd=app_root, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} server exited; see {self.log_path}")
            try:
                http(self.port, self.PROBES[self.kind], timeout=60)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.kind} server did not answer within {timeout} s")

    def worker_pid(self):
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else None

    def memory_mib(self):
        """(peak RSS, current RSS) of the worker in MiB, from /proc/<pid>/status."""
        pid = self.worker_pid()
        if pid is None:
            return None, None
        fields = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                fields[name] = int(value.split()[0]) / 1024
        return fields.get("VmHWM"), fields.get("VmRSS")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the master stops its worker
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------------------------
# What to request
# ------------------------------------------------------------------------------------------------


def sqlalchemy_url(url):
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url) if url.startswith("postgres") else url


MEASURED_TABLES = ("complaint", "contact_record", "party", "unit")


def _column_key(item):
    if isinstance(item, str):
        return item
    column = getattr(item, "column", item)
    return getattr(column, "key", None) or getattr(column, "name", None) or str(column)


def view_config(view):
    """A view's search columns, filter columns and default sort, as plain data."""
    filters = []
    for item in view.column_filters or ():
        key = _column_key(item)
        if key not in filters:
            filters.append(key)
    sort = view.column_default_sort
    if sort and not isinstance(sort, list):
        sort = [sort]
    sort = [(item, False) if isinstance(item, str) else (_column_key(item[0]), bool(item[1])) for item in sort or ()]
    return {"search": [_column_key(c) for c in view.column_searchable_list or ()], "filters": filters, "sort": sort}


def dataset_params(database_url, complaint_sort):
    """Search terms and keys taken from the data itself (deterministic: fixed ids), and the keyset
    cursor of the deep page in our app's complaint order."""
    from sqlalchemy import create_engine
    from sqlalchemy import text

    order = ", ".join(f"{col} {'DESC' if desc else 'ASC'}" for col, desc in complaint_sort)
    engine = create_engine(sqlalchemy_url(database_url))
    with engine.connect() as conn:
        phone = conn.execute(text("SELECT phone FROM party WHERE id = 23456")).scalar_one()
        name = conn.execute(text(
            "SELECT name FROM party WHERE party_type = 'person' AND length(name) = 3 AND id >= 34567 "
            "ORDER BY id LIMIT 1")).scalar_one()
        unit_code = conn.execute(text("SELECT code FROM unit WHERE id = 54321")).scalar_one()
        cursor = conn.execute(text(
            f"SELECT {', '.join(col for col, _desc in complaint_sort)} FROM complaint ORDER BY {order} "
            "LIMIT 1 OFFSET :n"), {"n": (DEEP_PAGE - 1) * 20 - 1}).one()
        edit_id = conn.execute(text("SELECT id FROM complaint WHERE id = :id"), {"id": EDIT_ID}).scalar_one()
    engine.dispose()
    return {"phone_fragment": phone[-4:], "name_fragment": name[1:3], "unit_code": unit_code,
            "deep_cursor": "|".join(str(v) for v in cursor), "edit_id": edit_id,
            # our pager's next-page link from page 4,998: the last row's sort values (app/admin/keyset.py)
            "deep_after": json.dumps([v if isinstance(v, int) else str(v) for v in cursor], separators=(",", ":"))}


def flask_admin_args(view, status_column, sort_column):
    """The ?flt..=... argument of an 'equals' filter on status_column, and the ?sort= index of sort_column."""
    flt_arg = None
    for index, flt in enumerate(view._filters):
        column = getattr(flt, "column", None)
        if type(flt).__name__ == "FilterEqual" and getattr(column, "key", None) == status_column:
            flt_arg = "flt0_" + view.get_filter_arg(index, flt)
            break
    sort_index = next((i for i, (name, _label) in enumerate(view._list_columns) if name == sort_column), None)
    if flt_arg is None or sort_index is None:
        raise RuntimeError(f"{view.endpoint}: no '{status_column}' equals filter or no '{sort_column}' column")
    return flt_arg, sort_index


def plan(database_url, ours_root):
    """What each app is asked: our views' configuration (handed to the baseline and the floor, so all
    three search, filter and sort the same way), the search terms, and every page's URL per app."""
    if str(ours_root) not in sys.path[:1]:
        sys.path.insert(0, str(ours_root))
    from app import create_app as create_ours
    from app.extensions import db
    from bench import stock_app

    ours_app = create_ours({"DATABASE_URL": database_url, "SECRET_KEY": "bench-" + "x" * 40})
    ours_views = {getattr(v, "endpoint", None): v for v in ours_app.extensions["propertydesk_admin"]._views}
    config = {table: view_config(ours_views[table]) for table in MEASURED_TABLES}
    stock_app_ = stock_app.create_app(database_url, config)
    stock_views = {getattr(v, "endpoint", None): v for v in stock_app_.extensions["admin"][0]._views}
    notes = []
    for table in MEASURED_TABLES:
        ours_cfg, stock_cfg = config[table], view_config(stock_views[table])
        for part in ("search", "filters", "sort"):
            if ours_cfg[part] != stock_cfg[part]:
                notes.append(f"{table} {part} differ: ours {ours_cfg[part]}, baseline {stock_cfg[part]}")
    ours_flt, ours_sort = flask_admin_args(ours_views["complaint"], "status", SORT_COLUMN)
    stock_flt, stock_sort = flask_admin_args(stock_views["complaint"], "status", SORT_COLUMN)
    with ours_app.app_context():
        db.engine.dispose()
    with stock_app_.app_context():
        stock_app_.extensions["sqlalchemy"].engine.dispose()
    p = params = dataset_params(database_url, config["complaint"]["sort"])
    q = {k: quote(p[v]) for k, v in (("phone", "phone_fragment"), ("name", "name_fragment"), ("unit", "unit_code"))}
    deep = DEEP_PAGE - 1
    urls = {
        "ours": {
            "list": "/admin/complaint/", "deep": f"/admin/complaint/?page={deep}&after={quote(p['deep_after'])}",
            "status": f"/admin/complaint/?{ours_flt}={STATUS_FILTER}", "sorted": f"/admin/complaint/?sort={ours_sort}&desc=1",
            "lookup_phone": f"/admin/?q={q['phone']}", "lookup_name": f"/admin/?q={q['name']}",
            "lookup_unit": f"/admin/?q={q['unit']}", "edit": f"/admin/complaint/edit/?id={p['edit_id']}",
            "contacts": "/admin/contact_record/", "inbox": "/admin/inbox/", "kpi": KPI_PATHS,
            "scoped_list": "/admin/complaint/", "scoped_contacts": "/admin/contact_record/",
            "scoped_inbox": "/admin/inbox/",
        },
        "stock": {
            "list": "/admin/complaint/", "deep": f"/admin/complaint/?page={deep}",
            "status": f"/admin/complaint/?{stock_flt}={STATUS_FILTER}",
            "sorted": f"/admin/complaint/?sort={stock_sort}&desc=1",
            "lookup_phone": f"/admin/party/?search={q['phone']}", "lookup_name": f"/admin/party/?search={q['name']}",
            "lookup_unit": f"/admin/unit/?search={q['unit']}", "edit": f"/admin/complaint/edit/?id={p['edit_id']}",
            "contacts": "/admin/contact_record/", "inbox": None, "kpi": None, "scoped_list": None, "scoped_contacts": None,
            "scoped_inbox": None,
        },
        "floor": {
            "list": "/complaint", "deep": f"/complaint?before={quote(p['deep_cursor'])}",
            "status": f"/complaint?status={STATUS_FILTER}", "sorted": f"/complaint?sort={SORT_COLUMN}",
            "lookup_phone": f"/lookup?q={q['phone']}", "lookup_name": f"/lookup?q={q['name']}",
            "lookup_unit": f"/lookup?q={q['unit']}", "edit": f"/complaint/edit?id={p['edit_id']}",
            "contacts": "/contact_record", "inbox": "/inbox", "kpi": "/kpi", "scoped_list": None, "scoped_contacts": None,
            "scoped_inbox": None,
        },
    }
    return config, params, urls, notes


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(port, path, cookie, follow, samples, warmup, budget, optional):
    """Warm up, then sample sequentially: at most `samples`, at least 3, stopping after `budget` seconds."""
    status, ms, size, body = fetch(port, path, cookie, follow)
    if status != 200:
        return {"status": status, "na": optional, "error": not optional}
    warm_spent = ms / 1000
    # A page slower than a third of the budget per request (stock edit forms: minutes) gets 2 samples.
    min_samples = 3 if warm_spent < budget / 3 else 2
    for _ in range(warmup - 1):
        if warm_spent > budget / 4:
            break
        status, ms, size, body = fetch(port, path, cookie, follow)
        warm_spent += ms / 1000
    times, errors = [], 0
    start = time.monotonic()
    while len(times) < samples and (len(times) < min_samples or time.monotonic() - start < budget):
        status, ms, size, body = fetch(port, path, cookie, follow)
        if status != 200:
            errors += 1
            if errors > 3:
                break
            continue
        times.append(ms)
    if not times:
        return {"status": status, "error": True}
    return {"status": 200, "n": len(times), "median": statistics.median(times), "p95": p95(times),
            "min": min(times), "max": max(times), "bytes": size, "errors": errors,
            "doc_nos": sorted(set(re.findall(rb"CP\d{10}", body)))[:40]}


def _hammer(port, path, cookie, start_at, stop_at, queue):
    while time.time() < start_at:
        time.sleep(0.001)
    ok = errors = 0
    while time.time() < stop_at:
        try:
            status, _headers, _body = http(port, path, cookie=cookie, timeout=60)
        except OSError:
            status = 0
        if status == 200:
            ok += 1
        else:
            errors += 1
    queue.put((ok, errors))


def throughput(port, path, cookie, clients, seconds):
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start_at = time.time() + 0.5
    stop_at = start_at + seconds
    procs = [ctx.Process(target=_hammer, args=(port, path, cookie, start_at, stop_at, queue)) for _ in range(clients)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=seconds + 960) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return {"rps": ok / seconds, "requests": ok, "errors": errors, "clients": clients, "seconds": seconds}


def run_app(kind, database_url, urls, config, args, log):
    server = Server(kind, database_url, ROOT / "bench" / "data" / "logs", args.ours_root, config)
    out = {"pages": {}}
    try:
        t0 = time.monotonic()
        server.wait_ready()
        out["startup_s"] = time.monotonic() - t0
        cookies = {}
        if kind == "ours":
            cookies = {user: login(server.port, user) for user in {"admin", *PAGE_USERS.values()}}
        for key, label, optional in PAGES:
            path = urls[kind][key]
            if args.pages and key not in args.pages.split(","):
                continue
            user = PAGE_USERS.get(key, "admin")
            if isinstance(path, list):  # candidates: the first that answers 200
                path = next((p for p in path if http(server.port, p, cookie=cookies.get(user))[0] == 200), path[0])
            if path is None:
                out["pages"][key] = {"na": True}
                continue
            started = time.monotonic()
            try:
                result = measure(server.port, path, cookies.get(user), follow=key in LOOKUPS, samples=args.samples,
                                 warmup=args.warmup, budget=args.page_budget, optional=optional)
            except OSError as exc:  # a request past the client timeout, a dropped connection
                result = {"status": 0, "error": True, "exception": f"{type(exc).__name__}: {exc}"}
            result["path"] = path
            out["pages"][key] = result
            shown = (f"median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, n={result['n']}, "
                     f"{result['bytes'] / 1024:.0f} KiB" if "median" in result else f"HTTP {result.get('status')}")
            log(f"  {APP_TITLES[kind]:<8} {label:<34} {shown}  ({time.monotonic() - started:.0f} s)")
        out["throughput"] = throughput(server.port, urls[kind]["list"], cookies.get("admin"), args.clients,
                                       args.throughput_seconds)
        log(f"  {APP_TITLES[kind]:<8} throughput, list page 1, {args.clients} clients: "
            f"{out['throughput']['rps']:.1f} req/s ({out['throughput']['errors']} errors)")
        out["peak_rss_mib"], out["rss_mib"] = server.memory_mib()
    finally:
        server.stop()
    return out


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------


def cell(page):
    if not page or page.get("na"):
        return "n/a"
    if "median" not in page:
        return f"HTTP {page.get('status')}"
    mark = "" if page["n"] >= 30 else f" (n={page['n']})"
    return f"{page['median']:.1f} / {page['p95']:.1f}{mark}"


def ratio(a, b, field):
    if not a or not b or field not in a or field not in b or not b[field]:
        return "n/a"
    value = a[field] / b[field]
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}" if value >= 0.001 else f"{value:.1e}"


def code_version(ours_root=ROOT):
    """The commit measured, and how many app files differ from it (others edit the app meanwhile)."""
    ours_root = Path(ours_root).resolve()
    commit = ours_root / ".commit"  # written by whoever made the snapshot (git archive has no .git)
    if ours_root != ROOT or not (ROOT / ".git").exists():
        return (f"snapshot of {commit.read_text().strip()[:10]}" if commit.exists() else "snapshot") + \
            f" served from {ours_root}"
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app", "templates", "schema.sql", "wsgi.py"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}" + (f" + {len(dirty)} uncommitted app/templates/schema change(s)" if dirty else "")


def report(results, params, info, args, notes, db_label):
    lines = []
    w = 36
    lines.append("")
    lines.append(f"PropertyDesk benchmark on {db_label}: {info}")
    lines.append(f"code: {results.get('_code', '?')}; "
                 f"{datetime.now():%Y-%m-%d %H:%M}; {os.cpu_count()} CPUs; load average at start "
                 f"{results.get('_load_start', '?')}, at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines.append(f"gunicorn, 1 sync worker per app, 127.0.0.1; up to {args.samples} samples per page after "
                 f"{args.warmup} warm-up requests (at least 3, budget {args.page_budget:.0f} s per page); ms")
    lines.append(f"terms: phone '{params['phone_fragment']}', name '{params['name_fragment']}', unit "
                 f"'{params['unit_code']}', complaint id {params['edit_id']}")
    ours_pages = results.get("ours", {}).get("pages", {})
    lines.append("ours, inbox and KPI pages: " + ", ".join(
        f"{ours_pages[k].get('path')} -> {'HTTP 200' if 'median' in ours_pages[k] else 'n/a'}"
        for k in ("inbox", "kpi") if k in ours_pages))
    for note in notes:
        lines.append("note: " + note)
    lines.append("")
    header = (f"{'page':<{w}} {'ours med / p95':>20} {'baseline med / p95':>28} {'floor med / p95':>16}"
              f" {'ours/base med':>13} {'p95':>7} {'ours/floor med':>14} {'p95':>6}")
    lines.append(header)
    lines.append("-" * len(header))
    for key, label, _optional in PAGES:
        o, s, f = (results.get(app, {}).get("pages", {}).get(key) for app in APPS)
        lines.append(f"{label:<{w}} {cell(o):>20} {cell(s):>28} {cell(f):>16}"
                     f" {ratio(o, s, 'median'):>13} {ratio(o, s, 'p95'):>7} {ratio(o, f, 'median'):>14} {ratio(o, f, 'p95'):>6}")
    lines.append("")
    lines.append(f"{'response size (KiB)':<{w}} {'ours':>10} {'baseline':>10} {'floor':>10}")
    for key, label, _optional in PAGES:
        sizes = []
        for app in APPS:
            page = results.get(app, {}).get("pages", {}).get(key) or {}
            sizes.append(f"{page['bytes'] / 1024:.0f}" if "bytes" in page else "n/a")
        lines.append(f"{label:<{w}} {sizes[0]:>10} {sizes[1]:>10} {sizes[2]:>10}")
    lines.append("")
    tp = {app: results.get(app, {}).get("throughput") for app in APPS}
    tp_cells = [f"{t['rps']:.1f} ({t['errors']} err)" if t else "n/a" for t in (tp[a] for a in APPS)]
    lines.append(f"{'throughput, list page 1, %d clients, %ds' % (args.clients, args.throughput_seconds):<{w}}"
                 f" {'ours':>18} {'baseline':>18} {'floor':>18}")
    lines.append(f"{'requests per second':<{w}} {tp_cells[0]:>18} {tp_cells[1]:>18} {tp_cells[2]:>18}")
    if tp["ours"] and tp["stock"] and tp["stock"]["rps"]:
        lines.append(f"{'ours / baseline':<{w}} {tp['ours']['rps'] / tp['stock']['rps']:>18.2f}")
    mem = [results.get(app, {}).get("peak_rss_mib") for app in APPS]
    lines.append(f"{'worker peak RSS, MiB (VmHWM)':<{w}} " + " ".join(f"{m:>18.0f}" if m else f"{'n/a':>18}" for m in mem))
    start = [results.get(app, {}).get("startup_s") for app in APPS]
    lines.append(f"{'start-up until first answer, s':<{w}} " + " ".join(f"{s:>18.1f}" if s else f"{'n/a':>18}" for s in start))
    same = []
    for key in ("list", "deep", "status"):
        o, s, f = (results.get(app, {}).get("pages", {}).get(key, {}).get("doc_nos") for app in APPS)
        if o is not None and s is not None and f is not None:
            same.append(f"{key}: {'same' if o == s == f else 'DIFFERENT'}")
    if same:
        lines.append("rows shown (complaint numbers on the page, ours/baseline/floor): " + ", ".join(same))
    return lines


def final_line(results):
    def p(app, key):
        page = results.get(app, {}).get("pages", {}).get(key) or {}
        return round(page["p95"]) if "p95" in page else -1

    def worst(app):
        values = [p(app, k) for k in LOOKUPS]
        return -1 if any(v < 0 for v in values) else max(values)

    return (f"list_p95_ms={p('ours', 'list')} deep_p95_ms={p('ours', 'deep')} lookup_p95_ms={worst('ours')} "
            f"baseline_list_p95_ms={p('stock', 'list')} baseline_deep_p95_ms={p('stock', 'deep')} "
            f"baseline_lookup_p95_ms={worst('stock')}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="PropertyDesk benchmark (issue 6)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", generate.DEFAULT_SQLITE_URL))
    parser.add_argument("--samples", type=int, default=30, help="samples per page (default 30)")
    # A worker in service, not one starting: PostgreSQL plans a statement afresh on its first runs
    # on a connection (psycopg prepares it on the fifth; the server keeps a generic plan from about
    # the tenth). The stock edit form's first request already spends the warm-up budget.
    parser.add_argument("--warmup", type=int, default=12, help="warm-up requests per page (default 12)")
    parser.add_argument("--page-budget", type=float, default=60, help="seconds of sampling per page (default 60)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput (default 8)")
    parser.add_argument("--throughput-seconds", type=float, default=10)
    parser.add_argument("--apps", default=",".join(APPS), help="which of ours,stock,floor to run")
    parser.add_argument("--kpi-path", help="our KPI page (default: the first of %s that answers 200)" % KPI_PATHS)
    parser.add_argument("--pages", default="", help="only these page keys (" + ",".join(k for k, _l, _o in PAGES) + ")")
    parser.add_argument("--no-generate", action="store_true", help="fail instead of building missing data")
    parser.add_argument("--ours-root", default=str(ROOT),
                        help="serve our app from this checkout (e.g. a `git archive HEAD` copy); default: here")
    parser.add_argument("--json", help="also write the results here (default bench/data/results/...)")
    args = parser.parse_args(argv)
    if args.samples < 3 or args.samples > 1000 or args.clients < 1 or args.clients > 64 \
            or not 0 < args.throughput_seconds <= 120 or not 0 < args.page_budget <= 900:
        parser.error("bounded load only: 3-1000 samples, 1-64 clients, up to 120 s of throughput, 900 s per page")

    def log(msg):
        print(msg, flush=True)

    url = generate.normalise_url(args.database_url)
    if args.no_generate and not generate.marker_matches(generate.read_marker(url)):
        sys.exit(f"no complete benchmark data at {generate.redact(url)}; run bench/generate.py first")
    data = generate.ensure(url, log=log)
    db_label = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    counts = data.get("counts", {})
    info = ", ".join(f"{k} {counts[k]:,}" for k in ("building", "unit", "party", "contact_record", "complaint",
                                                      "charge") if k in counts)
    if args.kpi_path:
        KPI_PATHS.insert(0, args.kpi_path)
    config, params, urls, notes = plan(url, Path(args.ours_root).resolve())
    results = {"_load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()), "_code": code_version(args.ours_root)}
    apps = [a.strip() for a in args.apps.split(",") if a.strip() in APPS]
    t0 = time.monotonic()
    for app in apps:
        log(f"serving {APP_TITLES[app]} ...")
        results[app] = run_app(app, url, urls, config, args, log)
    for line in report(results, params, info, args, notes, db_label):
        print(line)
    out_path = Path(args.json) if args.json else (
        ROOT / "bench" / "data" / "results" / f"{db_label.lower()}-{datetime.now():%Y%m%d-%H%M%S}.json")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    for app in results.values():
        if not isinstance(app, dict):
            continue
        for page in app.get("pages", {}).values():
            page.pop("doc_nos", None)
    out_path.write_text(json.dumps({"database": db_label, "params": params, "urls": urls, "view_config": config,
                                    "results": results,
                                    "args": vars(args), "data": {k: v for k, v in data.items() if k != "sizes"}},
                                   indent=2, default=str))
    print(f"total {time.monotonic() - t0:.0f} s; results in {out_path.relative_to(ROOT)}")
    print(final_line(results), flush=True)


if __name__ == "__main__":
    main()
