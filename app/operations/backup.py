"""Online, consistent backups and restores: SQLite's backup API, or pg_dump/pg_restore.

Domain code: takes an engine URL and paths; no Flask.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def _pg_args(url):
    u = make_url(url)
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = dict(os.environ, PGPASSWORD=u.password or "")
    return args, u.database, env


def backup(url, target_dir, now=None):
    """Write a backup of the database at `url` into `target_dir`; return its path.

    SQLite: the backup API copies a consistent snapshot while other connections keep writing
    (copying the file alone would miss pages still in the WAL). PostgreSQL: pg_dump -Fc.
    """
    now = now or datetime.now()
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        out = target_dir / f"propertydesk-{stamp}.db"
        source = sqlite3.connect(u.database)
        dest = sqlite3.connect(out)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return out
    if not shutil.which("pg_dump"):
        raise BackupError("pg_dump is not installed (Debian package postgresql-client)")
    args, database, env = _pg_args(url)
    out = target_dir / f"propertydesk-{stamp}.dump"
    result = subprocess.run(["pg_dump", "-Fc", "-f", str(out), *args, database], env=env,
                            capture_output=True, text=True)
    if result.returncode:
        raise BackupError(result.stderr.strip() or "pg_dump failed")
    return out


def restore(url, source):
    """Replace the database at `url` with the backup `source`. Stop the application first."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"no such backup: {source}")
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        check = sqlite3.connect(source)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("the backup file is damaged")
            target = sqlite3.connect(u.database)
            try:
                with target:
                    check.backup(target)
            finally:
                target.close()
        finally:
            check.close()
        return
    if not shutil.which("pg_restore"):
        raise BackupError("pg_restore is not installed (Debian package postgresql-client)")
    args, database, env = _pg_args(url)
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", database, *args,
                             str(source)], env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(result.stderr.strip() or "pg_restore failed")
