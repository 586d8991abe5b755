"""Computed KPI figures kept for a few minutes, per filter and scope.

A company-wide month with a twelve-month trend aggregates every charge, payment and complaint
of the period: seconds of database work on a large company, the same answer for every manager
who opens the page in the next few minutes. The figures are kept per key (the dashboard, its
filters, the user's estate scope and the day) for `ttl` seconds; the page says when they were
computed and offers to compute them again. Only plain values are kept (numbers, dates,
dataclasses of them), never database rows.
"""

import threading
import time
from datetime import datetime


class FiguresCache:
    def __init__(self, ttl_seconds=300, max_entries=256, clock=time.monotonic):
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self._entries = {}  # key -> (stored at (clock), computed at (datetime), value)
        self._lock = threading.Lock()

    def get(self, key, compute, refresh=False):
        """(value, computed_at): the kept value when fresh, else compute() now and keep it."""
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and not refresh and self.ttl > 0 and now - entry[0] < self.ttl:
            return entry[2], entry[1]
        value, computed_at = compute(), datetime.now()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                oldest = min(self._entries, key=lambda k: self._entries[k][0])
                self._entries.pop(oldest, None)
            self._entries[key] = (now, computed_at, value)
        return value, computed_at
