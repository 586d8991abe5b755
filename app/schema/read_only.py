"""A transaction that only read ends with COMMIT, so PostgreSQL keeps its prepared statements.

psycopg prepares a statement on its fifth run on a connection; the server then parses it once
and, after a few runs more, keeps its plan. But psycopg forgets them all at every ROLLBACK, and
every request that only read ended with one (closing the session rolls back): no statement
ever stayed prepared, and each request parsed and planned every statement again (a record
page's ten-way join alone: 4-5 ms). For a transaction that wrote nothing, COMMIT and ROLLBACK
do the same, so such a transaction is committed when the request ends; one that wrote, or
failed, is rolled back as before.

What a transaction wrote is read off its connection: every statement other than a SELECT (or a
WITH without INSERT, UPDATE, DELETE or MERGE) counts as a write, and so does anything the
session still has to flush.
"""

import logging
import re

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

_READS = ("SELECT", "BEGIN", "PRAGMA", "SHOW")
_WRITE_IN_WITH = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
log = logging.getLogger(__name__)
WROTE = "propertydesk_wrote"  # in Connection.info: this transaction ran a statement that may write


def is_read(statement):
    head = statement.lstrip()[:6].upper()
    if head.startswith(_READS):
        return True
    return head.startswith("WITH") and not _WRITE_IN_WITH.search(statement)


def install(engine):
    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.info[WROTE] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _watch(conn, _cursor, statement, _parameters, _context, _executemany):
        if not is_read(statement):
            conn.info[WROTE] = True


def commit_if_read_only(scoped_session):
    """Commit the current session's transaction when it wrote nothing; True if it did so."""
    if not scoped_session.registry.has():
        return False
    session = scoped_session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    if session.connection().info.get(WROTE, True):
        return False
    try:
        session.commit()
    except SQLAlchemyError:  # a lost connection: the page is made; closing the session cleans up
        log.warning("committing a read-only transaction failed", exc_info=True)
        return False
    return True
