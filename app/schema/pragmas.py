"""SQLite connection settings: foreign keys, WAL, busy timeout, and BEGIN IMMEDIATE for writes.

pysqlite's own transaction handling starts a transaction only before the first write, so a
read-then-write request reads outside it and loses concurrent updates; a deferred BEGIN fails
with "database is locked" instead of waiting. Writes therefore start with BEGIN IMMEDIATE.
Reads (GET requests) use a plain BEGIN so they stay concurrent under WAL.
"""

import contextvars

from sqlalchemy import event

# True while the current unit of work may write (set per request by the web layer).
write_intent = contextvars.ContextVar("write_intent", default=True)


def install(engine):
    if engine.dialect.name != "sqlite":
        return
    is_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        if not is_memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")
