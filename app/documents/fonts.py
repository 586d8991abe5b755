"""The notice fonts: Noto Sans CJK (Hong Kong forms) cut into a small core font and an extension.

A notice is mostly the template's own words, figures and common characters; names and addresses
bring the odd rare one (堃 喆 媖 峯, HKSCS 𨋢 啲 嘅 喺). WeasyPrint copies, subsets and embeds
every font a document uses, and the cost grows with the font: the 19 MB Noto CJK collection
costs about 150 ms per document. So the set-up cuts two fonts from Debian's fonts-noto-cjk:

* ``PDSansTC-Core-{Regular,Bold}.ttf``: ASCII, punctuation, symbols and the 5,401 characters of
  Big5 level 1 (常用字), as TrueType outlines (subsetting TrueType is about twice as fast as CFF
  and gives files half the size);
* ``PDSansTC-Ext{1..5}-Regular.ttf``: every other character the Hong Kong face covers (Big5
  level 2, HKSCS, the CJK extensions; Hangul left out), in slices of 6,000 code points. One 26,000
  glyph extension font cost 40 ms more per document that used one rare character (WeasyPrint's
  subsetting walks every glyph id up to the highest one used); a slice costs about 5 ms.

The stylesheet names them all (``font-family: "PD Sans TC", "PD Sans TC Ext1", …``): Pango takes
each character from the first font that has it, so an extension is embedded only in the documents
that need it, and they look the same because they are one design. ``manifest.json`` lists them.

Built once per machine (``make fonts``, or on first use) into a folder of their own; subsetting
uses HarfBuzz (libharfbuzz-subset0) and outline conversion fontTools (installed with WeasyPrint).
"""

import io
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

NOTO_DIR = Path(os.environ.get("PROPERTYDESK_NOTO_DIR", "/usr/share/fonts/opentype/noto"))
FACE_INDEX_HK = 4  # Noto Sans CJK HK in the Debian collection (JP, KR, SC, TC, HK, then the Mono faces)
FAMILY = "PD Sans TC"
EXT_SLICE = 6000  # code points per extension font
BUILD_VERSION = "3"  # change to rebuild every machine's fonts
MANIFEST = "manifest.json"

_COMMON_RANGES = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x218F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
    (0x2600, 0x26FF), (0x3000, 0x303F), (0x3100, 0x312F), (0x3200, 0x32FF), (0x3300, 0x33FF),
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF))


def core_codepoints():
    """ASCII, punctuation and symbols, and Big5 level 1 (the 5,401 常用字)."""
    points = set()
    for lo, hi in _COMMON_RANGES:
        points.update(range(lo, hi + 1))
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            code = (lead << 8) | trail
            if not 0xA440 <= code <= 0xC67E:
                continue
            try:
                points.add(ord(bytes((lead, trail)).decode("big5")))
            except UnicodeDecodeError:
                continue
    return points


def read_manifest(font_dir):
    """{"version", "fonts": [{"file", "family", "weight"}], "stack": [families]} or None."""
    import json

    path = Path(font_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("version") != BUILD_VERSION:
        return None
    if not all((Path(font_dir) / f["file"]).exists() for f in manifest["fonts"]):
        return None
    return manifest


def template_text(templates_dir):
    """Every character of the notice templates and their declarations (their glyphs go first)."""
    text = []
    for path in sorted(Path(templates_dir).glob("*")):
        if path.suffix in (".html", ".toml"):
            text.append(path.read_text(encoding="utf-8"))
    return "".join(sorted(set("".join(text))))


def is_built(font_dir):
    return read_manifest(font_dir) is not None


def ensure_fonts(font_dir, priority_text=""):
    """Build the notice fonts into `font_dir` unless they are there. Safe when several processes race."""
    font_dir = Path(font_dir)
    if is_built(font_dir):
        return font_dir
    font_dir.mkdir(parents=True, exist_ok=True)
    import fcntl

    with open(font_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_built(font_dir):
            build_fonts(font_dir, priority_text)
    return font_dir


def build_fonts(font_dir, priority_text=""):
    """Cut the core and extension fonts from Debian's Noto Sans CJK (fonts-noto-cjk).

    :param priority_text: characters to give the lowest glyph ids (the templates' own wording):
        WeasyPrint's subsetting walks every glyph id up to the highest one a document uses.
    """
    font_dir = Path(font_dir)
    font_dir.mkdir(parents=True, exist_ok=True)
    sources = {w: NOTO_DIR / f"NotoSansCJK-{w}.ttc" for w in ("Regular", "Bold")}
    for path in sources.values():
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: install the Debian package fonts-noto-cjk")
    import json

    core = core_codepoints()
    full = _face_codepoints(sources["Regular"], FACE_INDEX_HK)
    hangul = set()
    for lo, hi in _HANGUL:
        hangul.update(range(lo, hi + 1))
    rest = sorted(full - core - hangul)
    plan = [("PDSansTC-Core-Regular.ttf", FAMILY, "Regular", core & full),
            ("PDSansTC-Core-Bold.ttf", FAMILY, "Bold", core & full)]
    for n, start in enumerate(range(0, len(rest), EXT_SLICE), 1):
        plan.append((f"PDSansTC-Ext{n}-Regular.ttf", f"{FAMILY} Ext{n}", "Regular",
                     set(rest[start:start + EXT_SLICE])))
    fonts = []
    for filename, family, weight, points in plan:
        log.info("building %s (%d code points)", filename, len(points))
        data = _hb_subset(sources[weight], FACE_INDEX_HK, points)
        _atomic_write(font_dir / filename, _to_truetype(data, family, weight, priority_text))
        fonts.append({"file": filename, "family": family, "weight": 700 if weight == "Bold" else 400})
    stack = list(dict.fromkeys(f["family"] for f in fonts))
    manifest = {"version": BUILD_VERSION, "source": "Noto Sans CJK HK (fonts-noto-cjk), SIL OFL 1.1",
                "fonts": fonts, "stack": stack}
    _atomic_write(font_dir / MANIFEST, json.dumps(manifest, indent=1).encode())


def _face_codepoints(path, index):
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    return set(collection.fonts[index].getBestCmap())


_HB = None


def _harfbuzz():
    """A small cffi binding to libharfbuzz-subset (WeasyPrint's own omits the unicode set)."""
    global _HB
    if _HB is None:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef("""
            typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
            typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
            typedef uint32_t hb_codepoint_t; typedef uint32_t hb_tag_t;
            hb_blob_t *hb_blob_create_from_file(const char *file_name);
            void hb_blob_destroy(hb_blob_t *blob);
            const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
            hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
            void hb_face_destroy(hb_face_t *face);
            hb_blob_t *hb_face_reference_blob(hb_face_t *face);
            void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
            hb_tag_t hb_tag_from_string(const char *str, int len);
            hb_subset_input_t *hb_subset_input_create_or_fail(void);
            void hb_subset_input_destroy(hb_subset_input_t *input);
            hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
            hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
            void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
            hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
        """)
        lib = ffi.dlopen("libharfbuzz-subset.so.0")
        _HB = ffi, lib
    return _HB


def _hb_subset(path, index, codepoints):
    ffi, hb = _harfbuzz()
    blob = hb.hb_blob_create_from_file(str(path).encode())
    face = hb.hb_face_create(blob, index)
    subset_input = hb.hb_subset_input_create_or_fail()
    try:
        unicodes = hb.hb_subset_input_unicode_set(subset_input)
        for cp in sorted(codepoints):
            hb.hb_set_add(unicodes, cp)
        drop = hb.hb_subset_input_set(subset_input, 3)  # HB_SUBSET_SETS_DROP_TABLE_TAG
        # Layout tables go: WeasyPrint drops them from what it embeds anyway, and without GSUB no
        # locale feature swaps the Hong Kong forms for others.
        for tag in (b"GSUB", b"GPOS", b"BASE", b"VORG", b"vhea", b"vmtx", b"DSIG", b"JSTF"):
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
        hb.hb_subset_input_set_flags(subset_input, 0x1 | 0x4 | 0x40)  # NO_HINTING | DESUBROUTINIZE | NOTDEF_OUTLINE
        result = hb.hb_subset_or_fail(face, subset_input)
        if result == ffi.NULL:
            raise RuntimeError(f"HarfBuzz could not subset {path}")
        out_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = ffi.unpack(hb.hb_blob_get_data(out_blob, length), length[0])
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return data
    finally:
        hb.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


PRIORITY = (" 0123456789,.:;-/()%$#*" + "".join(chr(c) for c in range(0x21, 0x7F))
            + "，。、；：？！「」『』（）【】《》〈〉…—．／　" + "年月日時分第頁共號樓室座單位業主先生女士太太管理處費用金額合計")


def _to_truetype(otf_bytes, family, weight, priority_text=""):
    """Rename the font, convert its CFF outlines to TrueType quadratic ones (fontTools cu2qu), and
    give the frequent glyphs (figures, punctuation, the templates' words) the lowest glyph ids."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont
    from fontTools.ttLib import newTable

    font = TTFont(io.BytesIO(otf_bytes))
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    cmap = font.getBestCmap()
    first = []
    for ch in PRIORITY + priority_text:
        name = cmap.get(ord(ch))
        if name and name not in first:
            first.append(name)
    chosen = set(first)
    new_order = [order[0]] + [n for n in first if n != order[0]] + [n for n in order[1:] if n not in chosen]
    font.setGlyphOrder(new_order)
    glyf.glyphOrder = new_order
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    ps_name = family.replace(" ", "") + "-" + weight
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (2, 17):
            record.string = weight
        elif record.nameID == 3:
            record.string = f"{ps_name};{BUILD_VERSION}"
        elif record.nameID == 4:
            record.string = f"{family} {weight}"
        elif record.nameID == 6:
            record.string = ps_name
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _atomic_write(path, data):
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


if __name__ == "__main__":  # python -m app.documents.fonts [FOLDER]: what `make fonts` runs
    import sys

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "instance/fonts")
    notices = Path(__file__).resolve().parents[2] / "templates" / "notices"
    ensure_fonts(target, template_text(notices))
    print(f"notice fonts ready in {target}")
