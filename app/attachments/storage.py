"""The attachment files on disk: content-addressed by SHA-256 under one folder outside static/.

An upload is first streamed into a staging file (hashed and counted on the way, refused as soon
as it is too large or its first bytes are not wanted), then renamed atomically to
<root>/<ab>/<sha256>. Files are never changed or deleted: the same bytes uploaded twice are one
file, and a file whose database row was never committed is simply never served. Names on disk
carry no extension, so nothing under the folder can be run or served as a page by mistake.
Pure: paths and streams, no Flask.
"""

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 64 * 1024
HEAD = 16  # bytes handed to `inspect`: enough for any file signature
STAGING = ".incoming"
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}$")


class StorageError(Exception):
    """A stored file is missing, outside the folder, or no longer matches its SHA-256."""


class Empty(Exception):
    """The upload has no bytes."""


class TooLarge(Exception):
    """The upload is over the size limit; nothing was kept."""


@dataclass
class Staged:
    path: Path
    sha256: str
    size: int


class Store:
    def __init__(self, root):
        self.root = Path(root)

    def stage(self, stream, max_bytes, inspect=None):
        """Copy `stream` into a staging file; return Staged.

        :param inspect: called with the first bytes before anything is written; it refuses a
            file by raising, so an unwanted file never reaches the disk.
        """
        head = b""
        while len(head) < HEAD:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            head += chunk
        if not head:
            raise Empty()
        if inspect is not None:
            inspect(head)
        staging = self.root / STAGING
        staging.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=staging, prefix="up-")
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out:
                chunk = head
                while chunk:
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge()
                    digest.update(chunk)
                    out.write(chunk)
                    chunk = stream.read(CHUNK)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Staged(Path(tmp), digest.hexdigest(), size)

    def keep(self, staged):
        """Move a staged file to its place (atomic rename); return its storage key."""
        key = f"{staged.sha256[:2]}/{staged.sha256}"
        target = self.root / key
        if target.exists():
            staged.path.unlink(missing_ok=True)  # the same bytes are already kept
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.path, target)
        return key

    @staticmethod
    def discard(staged):
        staged.path.unlink(missing_ok=True)

    def path(self, key):
        """The file of a storage key; refuses keys that are not ours (no way out of the folder)."""
        if not _KEY.match(key or ""):
            raise StorageError(f"not a storage key: {key!r}")
        return self.root / key

    def verified_path(self, key, sha256, size):
        """The file's path after checking it is there, of the recorded size and SHA-256."""
        path = self.path(key)
        try:
            if path.stat().st_size != size:
                raise StorageError(f"{key}: size differs from the record")
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(CHUNK), b""):
                    digest.update(chunk)
        except OSError as exc:
            raise StorageError(f"{key}: file is missing") from exc
        if digest.hexdigest() != sha256:
            raise StorageError(f"{key}: file does not match its SHA-256")
        return path
