"""Safe names for uploaded files: the browser's name is kept only as a label, never as a path.

Paths, control and format characters (including the bidi overrides that disguise "gpj.exe"),
Windows-reserved names and characters are removed; CJK and other letters stay. Pure.
"""

import re
import unicodedata

MAX_NAME = 120  # characters, extension included (the column holds 200)
MAX_CAPTION = 200
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})  # control, format, surrogate, private, unassigned
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def _plain(text):
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED)
    return re.sub(r"\s+", " ", text).strip()


def clean_filename(raw):
    """The last path segment of `raw`, made harmless; may be "" (see final_name)."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = re.sub(r'[<>:"|?*]', "_", _plain(name))
    return name.strip(" .")


def final_name(cleaned, kind):
    """The name shown and offered for download: the kind's extension added when the name has
    none, a reserved device name defused, the length limited with the extension kept."""
    from .kinds import extension

    ext = extension(cleaned)
    stem = cleaned[: -len(ext)] if ext else cleaned
    ext = ext or kind.extensions[0]
    stem = stem.strip(" .") or "attachment"
    if stem.lower().split(".")[0] in _RESERVED:
        stem = "_" + stem
    return stem[: MAX_NAME - len(ext)].rstrip(" .") + ext


def clean_caption(raw):
    """An optional one-line caption: control characters dropped, length limited; None when empty."""
    text = _plain(raw)[:MAX_CAPTION].strip()
    return text or None


def human_size(n):
    """1536 -> "1.5 KB": sizes as people read them."""
    if n < 1024:
        return f"{n} B"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}".replace(".0 ", " ")
        value /= 1024
    return f"{value:.1f} GB".replace(".0 ", " ")
