"""Reflected tables kept on disk, so a new worker does not ask the database about 90 tables.

Reflection reads every table's columns, keys, indexes and checks: a second or more per process.
The cache file is named after a fingerprint of the database's own schema (SQLite's
schema_version; on PostgreSQL a digest of the catalogue's tables, columns and constraints), the
table list and the library version, so any change to the database makes a new file rather than
a stale answer. Files are written to a temporary name and renamed, so workers starting together
never read half a file; an unreadable file is ignored and rebuilt.
"""

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

import sqlalchemy
from sqlalchemy import text

log = logging.getLogger(__name__)

_PG_FINGERPRINT = text(
    "SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) FROM ("
    " SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':'"
    "        || coalesce(column_default, '') AS x"
    " FROM information_schema.columns WHERE table_schema = current_schema()"
    " UNION ALL SELECT conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint"
    "  WHERE connamespace = current_schema()::regnamespace"
    " UNION ALL SELECT indexname || ':' || indexdef FROM pg_indexes WHERE schemaname = current_schema()) s")


def fingerprint(engine, only):
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            db_part = str(conn.exec_driver_sql("PRAGMA schema_version").scalar())
            db_part += str(conn.exec_driver_sql("PRAGMA main.page_size").scalar())
            db_part += str(engine.url.database)
        else:
            db_part = conn.execute(_PG_FINGERPRINT).scalar() + str(engine.url.database)
    key = "|".join([engine.dialect.name, sqlalchemy.__version__, db_part, ",".join(sorted(only or ()))])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _path(cache_dir, engine, only):
    return Path(cache_dir) / f"reflection-{fingerprint(engine, only)}.pickle"


def load(cache_dir, engine, only):
    path = _path(cache_dir, engine, only)
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file: reflect again and overwrite it
        log.warning("reflection cache %s unreadable; reflecting again", path.name)
        return None


def save(cache_dir, engine, only, metadata):
    folder = Path(cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = _path(folder, engine, only)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".reflection-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(metadata, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(folder)
    except OSError as exc:  # a read-only instance folder only costs the next start its speed
        log.warning("reflection cache not written: %s", exc)


KEEP = 20  # databases come and go (tests, backups restored elsewhere): keep the newest files only


def _prune(folder):
    files = sorted(folder.glob("reflection-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
