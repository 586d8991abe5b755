"""Online, consistent backups and restores: SQLite's backup API, or pg_dump/pg_restore; and the
attachment files beside them.

Domain code: takes an engine URL and paths; no Flask.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
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


FILES = "attachments"  # the folder, beside the database backups, that holds the attachment files


def backup_files(files_dir, target_dir):
    """Copy the attachment files into `target_dir`/attachments; return how many were new.

    Run it after the database backup: a file is written before its row is committed, so every
    file a backed-up row names is there. Files never change (their name is their SHA-256), so
    the folder is shared by all the backups in `target_dir` and each run copies only new files.
    """
    return _copy_new(Path(files_dir), Path(target_dir) / FILES)


def restore_files(backup_dir, files_dir):
    """Bring back the attachment files kept beside the backups in `backup_dir`; return how many.

    Files already in place are left as they are (the same name is the same content); files
    newer than the backup stay too, unused, so a restore never destroys an upload.
    """
    return _copy_new(Path(backup_dir) / FILES, Path(files_dir))


def _copy_new(source, target):
    if not source.is_dir():
        return 0
    copied = 0
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue  # uploads still being staged, temporary files
        dest = target / relative
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        os.close(fd)
        try:
            shutil.copyfile(path, tmp)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        copied += 1
    return copied
