"""A demo complaint photo: a small PNG drawn here (no binary in the repository), attached to
the first demo complaint through the same checks as an upload. Deterministic, added once."""

import io
import struct
import zlib

from sqlalchemy import select

from app.attachments import operations
from app.attachments.storage import Store
from app.auth.policy import Grants

COMPLAINT_NO = "TS-2026-000001"
FILENAME = "電梯按鈕故障.png"


def photo(width=96, height=64):
    """A PNG of a lift button panel in flat colours; the same bytes every time."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            lit = (x // 16 + y // 16) % 2 and 16 <= x < 80 and 8 <= y < 56
            row += bytes((230, 190, 40) if lit else (120, 125, 135))
        rows.append(bytes(row))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def load(session, registry, attachments_dir):
    """Attach the photo to the first demo complaint unless it is there already; return 0 or 1."""
    if not operations.enabled(registry) or "complaint" not in registry.specs:
        return 0
    complaint = registry.model("complaint")
    record_id = session.execute(select(complaint.id).where(complaint.doc_no == COMPLAINT_NO)).scalar()
    if record_id is None:
        return 0
    if any(a.filename == FILENAME for a in operations.for_record(session, registry, "complaint", record_id)):
        return 0
    system = operations.Actor(None, Grants(role="system", is_admin=True))
    operations.attach(session, registry, Store(attachments_dir), system, "complaint", record_id,
                      [operations.Incoming(FILENAME, io.BytesIO(photo()))], operations.Limits(10 * 1024 * 1024, 50),
                      caption="業戶提供的現場相片（示範）")
    return 1
