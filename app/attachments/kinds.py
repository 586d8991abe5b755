"""Which files are accepted, decided by their first bytes: JPEG, PNG and WebP photos, PDF documents.

The name a browser sends and its Content-Type are the sender's claims; only the content counts.
Everything else (SVG, HTML, scripts, office files with macros, archives, executables, HEIC,
TIFF, GIF) is refused because it is not on this list, not because it was recognised as bad.
Pure: bytes in, answer out.
"""

import re
from dataclasses import dataclass

HEAD_BYTES = 16  # enough for every signature below


@dataclass(frozen=True)
class Kind:
    code: str
    mime: str
    label: str
    extensions: tuple  # accepted name endings; the first is added to a name that has none
    is_image: bool


JPEG = Kind("jpeg", "image/jpeg", "JPEG", (".jpg", ".jpeg", ".jpe", ".jfif"), True)
PNG = Kind("png", "image/png", "PNG", (".png",), True)
WEBP = Kind("webp", "image/webp", "WebP", (".webp",), True)
PDF = Kind("pdf", "application/pdf", "PDF", (".pdf",), False)
KINDS = (JPEG, PNG, WEBP, PDF)

# Only a short run of letters and digits after the last dot counts as an extension, so
# "會議紀錄 2026.03.15" has none (and gets ".pdf"), while "photo.jpg" and "page.html" do.
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def sniff(head):
    """The Kind whose signature `head` (the file's first bytes) starts with, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:16] in (b"VP8 ", b"VP8L", b"VP8X"):
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def extension(filename):
    """The name's extension in lower case (".jpg"), or "" when it has none."""
    m = _EXTENSION.search(filename or "")
    if not m or not re.search(r"[A-Za-z]", m.group(1)):
        return ""
    return "." + m.group(1).lower()


def name_fits(kind, filename):
    """False when the name claims another kind of file than the content is (a PDF named .jpg)."""
    ext = extension(filename)
    return not ext or ext in kind.extensions


def by_mime(mime):
    return next((k for k in KINDS if k.mime == mime), None)
