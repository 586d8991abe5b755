"""Load test on loopback: many front-desk users at once against gunicorn with several workers.

    .venv/bin/python -m bench.load --database-url postgresql://postgres@127.0.0.1:5432/propertydesk_bench
    make load DB=pg USERS=50 SECONDS=60 WORKERS=5

The app is served by gunicorn with gunicorn.conf.py (preloaded, forked workers) on 127.0.0.1.
Each simulated user logs in as a clerk, a supervisor or a clerk limited to one estate (every third
user: bench.generate.SCOPED_USER, who opens that estate's complaints and registers calls there),
and loops over a front-desk shift with
no think time: look a caller up by phone, by name or by unit; open the owner's record; the
complaint and contact lists and the next list page; a complaint's form; the inbox; and one in
ten rounds registers a call (a real write, with the form's CSRF token). With --think N each
request waits about N seconds first (a person reading the page); without, users click as fast
as the server answers, which measures saturation rather than a front desk. Every response is
checked (status and a marker in the page); any other answer is an error and is printed.
Reported: requests, errors, requests per second, and median / p95 / max per page as the client
sees it, and for all requests the time inside the workers (gunicorn's access log): the difference
is waiting for a free worker or a CPU, which the load generator shares.
"""

import argparse
import html
import multiprocessing
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from bench.generate import SCOPED_ESTATE
from bench.generate import SCOPED_USER
from bench.run import ROOT
from bench.run import Server
from bench.run import free_port
from bench.run import http
from bench.run import login
from bench.run import p95
from bench.run import session_cookie
from bench.run import sqlalchemy_url

MAX_USERS, MAX_SECONDS = 200, 600


class LoadServer(Server):
    """Our app under gunicorn.conf.py: several workers, preloaded."""

    def __init__(self, database_url, log_dir, workers):
        self.kind = "ours"
        self.port = free_port()
        log_dir.mkdir(parents=True, exist_ok=True)
        # The access log gives each request's time inside the worker (%(D)s), beside the client's.
        self.access_log = Path(os.environ.get("LOAD_ACCESS_LOG") or log_dir / "access-load.log")
        self.access_log.unlink(missing_ok=True)
        env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=database_url, SECRET_KEY=secrets.token_hex(32),
                   PROPERTYDESK_BIND=f"127.0.0.1:{self.port}", PROPERTYDESK_WORKERS=str(workers),
                   PROPERTYDESK_ACCESS_LOG=str(self.access_log), PROPERTYDESK_LOG_LEVEL="warning")
        self.log_path = log_dir / "gunicorn-load.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
                                     env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)


def server_times(access_log, offset):
    """Milliseconds each request spent in a worker, from gunicorn's access log (%(D)s, in µs),
    for the lines written after `offset` bytes (the logins before the test are left out)."""
    with open(access_log, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", errors="replace")
    return sorted(int(m.group(1)) / 1000 for m in re.finditer(r" (\d+)us$", text, re.M))


def terms(database_url, n=200):
    """Phone fragments, two-character names and unit codes of real rows (fixed seed)."""
    from sqlalchemy import create_engine
    from sqlalchemy import text

    engine = create_engine(sqlalchemy_url(database_url))
    with engine.connect() as conn:
        phones = [p for (p,) in conn.execute(text("SELECT phone FROM party WHERE phone IS NOT NULL AND id % 97 = 0"))]
        names = [n for (n,) in conn.execute(text(
            "SELECT name FROM party WHERE party_type = 'person' AND id % 89 = 0"))]
        units = [c for (c,) in conn.execute(text("SELECT code FROM unit WHERE id % 83 = 0"))]
        complaints = [i for (i,) in conn.execute(text("SELECT id FROM complaint WHERE id % 211 = 0"))]
        scoped = [i for (i,) in conn.execute(text("SELECT id FROM complaint WHERE estate_id = :e AND id % 7 = 0"),
                                              {"e": SCOPED_ESTATE})]
    engine.dispose()
    rnd = random.Random(20261129)
    return {"phone": [p[-4:] for p in rnd.sample(phones, min(n, len(phones)))],
            "name": [nm[1:3] if len(nm) >= 3 else nm for nm in rnd.sample(names, min(n, len(names)))],
            "unit": rnd.sample(units, min(n, len(units))),
            "complaint": rnd.sample(complaints, min(n, len(complaints))),
            "scoped_complaint": rnd.sample(scoped, min(n, len(scoped)))}


USER_KINDS = ("clerk", "supervisor", SCOPED_USER)  # user i logs in as USER_KINDS[i % 3]


class User(threading.Thread):
    def __init__(self, index, port, cookie, words, stop_at, results, errors, think=0.0):
        super().__init__(daemon=True)
        self.think = think
        self.scoped = USER_KINDS[index % len(USER_KINDS)] == SCOPED_USER
        self.rnd = random.Random(index)
        self.index = index
        self.port, self.cookie, self.words, self.stop_at = port, cookie, words, stop_at
        self.results, self.errors = results, errors

    def pause(self):
        """A person reads the page before the next click: `think` seconds on average."""
        if self.think:
            time.sleep(min(self.rnd.uniform(0.5, 1.5) * self.think, max(0.0, self.stop_at - time.monotonic())))

    def over(self):
        """Time is up: the round's remaining clicks are not made. (Made without their think
        time, every user's would land on the server in the same second.)"""
        return time.monotonic() >= self.stop_at

    def get(self, page, path, expect=200, marker=None):
        self.pause()
        if self.over():
            return None
        t0 = time.perf_counter()
        try:
            status, headers, body = http(self.port, path, cookie=self.cookie, timeout=60)
        except OSError as exc:
            self.errors.append(f"{page} {path}: {type(exc).__name__} {exc}")
            return None
        # Keep the session as a browser does: the first form after login adds its CSRF secret.
        self.cookie = session_cookie(headers) or self.cookie
        ms = (time.perf_counter() - t0) * 1000
        ok = status == expect if isinstance(expect, int) else status in expect
        if ok and marker and marker.encode() not in body:
            ok = False
        if not ok:
            self.errors.append(f"{page} {path}: HTTP {status}")
            return None
        self.results[page].append(ms)
        return status, headers, body

    def post(self, page, path, data, expect=302):
        self.pause()
        if self.over():
            return
        t0 = time.perf_counter()
        try:
            status, headers, body = http(self.port, path, "POST", cookie=self.cookie, body=data, timeout=60)
        except OSError as exc:
            self.errors.append(f"{page} {path}: {type(exc).__name__} {exc}")
            return
        if status != expect:
            self.errors.append(f"{page} {path}: HTTP {status} {body[:200]!r}")
            return
        self.results[page].append((time.perf_counter() - t0) * 1000)

    def round(self, n):
        w, r = self.words, self.rnd
        kind = ("phone", "name", "unit")[n % 3]
        term = r.choice(w[kind])
        got = self.get(f"lookup_{kind}", f"/admin/?q={quote(term)}", expect=(200, 302))
        if got and got[0] == 302:
            location = re.sub(r"^https?://[^/]+", "", got[1]["location"][0])
            self.get("owner_record", location, marker="<h4")
        page = self.get("complaint_list", "/admin/complaint/", marker="model-list")
        if page:
            nxt = re.search(rb'<a class="page-link" href="([^"]*after=[^"]*)">&gt;</a>', page[2])
            if nxt:
                self.get("complaint_next_page", html.unescape(nxt.group(1).decode()), marker="model-list")
        self.get("contact_list", "/admin/contact_record/", marker="model-list")
        complaint = r.choice(w["scoped_complaint"] if self.scoped else w["complaint"])
        self.get("complaint_form", f"/admin/complaint/edit/?id={complaint}", marker="csrf_token")
        self.get("inbox", "/admin/inbox/")
        if (n + self.index) % 10 == 9:  # staggered: with think time a user runs only a few rounds a minute
            form = self.get("contact_form", "/admin/contact_record/new/", marker="csrf_token")
            if form:
                token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', form[2]) or re.search(
                    rb'name="csrf_token" value="([^"]+)"', form[2])
                self.post("contact_save", "/admin/contact_record/new/", {
                    "csrf_token": token.group(1).decode() if token else "",
                    "received_at": datetime.now().strftime("%Y-%m-%d %H:%M:%S"), "channel": "phone",
                    "category": "inquiry", "status": "open", "subject": f"負載測試來電 {n}", "caller_name": "測試",
                    **({"estate_id": str(SCOPED_ESTATE)} if self.scoped else {})})

    def run(self):
        n = 0
        while time.monotonic() < self.stop_at:
            self.round(n)
            n += 1


CLIENT_PROCESSES = 4


def _client(indexes, port, cookies, words, stop_at, think, queue):
    """One client process: a thread per user; hands back {page: [ms]} and the errors."""
    results, errors = defaultdict(list), []
    threads = [User(i, port, cookies[i], words, stop_at, results, errors, think) for i in indexes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, stop_at - time.monotonic()) + 120)
    queue.put((dict(results), errors))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a user reads a page before the next request (0: as fast as possible)")
    args = parser.parse_args(argv)
    users, seconds = min(args.users, MAX_USERS), min(args.seconds, MAX_SECONDS)
    words = terms(args.database_url)
    server = LoadServer(args.database_url, ROOT / "bench" / "data" / "logs", args.workers)
    try:
        server.wait_ready()
        cookies = [login(server.port, USER_KINDS[i % len(USER_KINDS)]) for i in range(users)]
        logged_in_at = server.access_log.stat().st_size if server.access_log.exists() else 0
        stop_at = time.monotonic() + seconds
        started = time.monotonic()
        # Users run as threads in several client processes, so one process's GIL does not add its
        # queue to the times measured.
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        groups = [list(range(i, users, CLIENT_PROCESSES)) for i in range(min(CLIENT_PROCESSES, users))]
        procs = [ctx.Process(target=_client, args=(group, server.port, cookies, words, stop_at, args.think, queue))
                 for group in groups]
        for proc in procs:
            proc.start()
        results, errors = defaultdict(list), []
        for _ in procs:
            part_results, part_errors = queue.get(timeout=seconds + 180)
            for page, values in part_results.items():
                results[page].extend(values)
            errors.extend(part_errors)
        for proc in procs:
            proc.join(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    inside = server_times(server.access_log, logged_in_at)
    total = sum(len(v) for v in results.values())
    print(f"load test: {users} users, {seconds} s, think time {args.think:g} s, gunicorn {args.workers} workers "
          f"(gunicorn.conf.py), {sqlalchemy_url(args.database_url).split('://')[0]}")
    print(f"{'page':<22}{'requests':>10}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for page in sorted(results):
        v = sorted(results[page])
        print(f"{page:<22}{len(v):>10}{v[len(v) // 2]:>11.1f}{p95(v):>9.1f}{v[-1]:>9.1f}")
    every = sorted(x for v in results.values() for x in v)
    print(f"{'all':<22}{total:>10}{every[len(every) // 2]:>11.1f}{p95(every):>9.1f}{every[-1]:>9.1f}")
    if inside:  # the rest of the client's time: waiting for a free worker and a CPU, and the network
        print(f"{'inside the workers':<22}{len(inside):>10}{inside[len(inside) // 2]:>11.1f}{p95(inside):>9.1f}"
              f"{inside[-1]:>9.1f}")
    print(f"throughput {total / elapsed:.1f} requests/s; errors {len(errors)}")
    for line in errors[:20]:
        print("  error:", line)
    print(f"load_users={users} load_seconds={seconds} load_think_s={args.think:g} load_requests={total} load_errors={len(errors)} "
          f"load_p95_ms={p95(every):.0f} load_server_p95_ms={p95(inside) if inside else -1:.0f} "
          f"load_rps={total / elapsed:.1f}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
