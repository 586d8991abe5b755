"""Computed KPI figures kept for a few minutes, per filter and scope.

A company-wide month with a twelve-month trend aggregates every charge, payment and complaint
of the period: seconds of database work on a large company, the same answer for every manager
who opens the page in the next few minutes. The figures are kept per key (the dashboard, its
filters, the user's estate scope and the day) for `ttl` seconds; the page says when they were
computed and offers to compute them again. Only plain values are kept (numbers, dates,
dataclasses of them), never database rows.

Figures past their `ttl` but younger than `stale_seconds` are still answered at once when the
cache has a `run_later` (the web layer's background runner), which computes them again meanwhile:
on PostgreSQL at the benchmark's size a company-wide month takes 5 s, and each worker would
otherwise make a manager wait that long every few minutes.
"""

import threading
import time
from datetime import datetime


class FiguresCache:
    def __init__(self, ttl_seconds=300, max_entries=256, clock=time.monotonic, stale_seconds=0, run_later=None):
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self.stale_seconds = stale_seconds
        self.run_later = run_later  # run_later(fn): fn runs soon, elsewhere (None: never answer stale)
        self._entries = {}  # key -> (stored at (clock), computed at (datetime), value)
        self._refreshing = set()  # keys being computed again in the background
        self._lock = threading.Lock()

    def get(self, key, compute, refresh=False):
        """(value, computed_at): the kept value when fresh; a stale one while it is computed again
        in the background; else compute() now and keep it."""
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and not refresh and self.ttl > 0:
            age = now - entry[0]
            if age < self.ttl:
                return entry[2], entry[1]
            if self.run_later is not None and age < self.stale_seconds:
                self._refresh_later(key, compute)
                return entry[2], entry[1]
        return self._store(key, compute(), now)

    def _refresh_later(self, key, compute):
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def job():
            try:
                started = self.clock()
                self._store(key, compute(), started)
            finally:
                with self._lock:
                    self._refreshing.discard(key)

        try:
            self.run_later(job)
        except Exception:
            with self._lock:
                self._refreshing.discard(key)
            raise

    def _store(self, key, value, stored_at):
        computed_at = datetime.now()
        with self._lock:
            if key not in self._entries and len(self._entries) >= self.max_entries:
                oldest = min(self._entries, key=lambda k: self._entries[k][0])
                self._entries.pop(oldest, None)
            self._entries[key] = (stored_at, computed_at, value)
        return value, computed_at
