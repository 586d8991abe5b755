"""render_pdf(template_name, context) -> bytes: Jinja2 (autoescaped) to HTML, WeasyPrint to PDF.

Safe by construction (STYLE R11, SECURITY 9/23):
* the context holds plain values only (see contexts.py) and every value is HTML-escaped, so a
  name such as ``<script>`` or ``<a rel=attachment href=file:///etc/passwd>`` prints as text;
* the URL fetcher serves only ``pd-asset:fonts/<file>`` and ``pd-asset:static/<file>`` from our
  own folders, and ``data:`` URIs (the QR code); ``file://``, ``http(s)://`` and every other
  URL is refused and logged.

Fast (see bench/pdf_bench.py): what costs the same for every document is done once per process
and kept in a Renderer: the Jinja environment, WeasyPrint's FontConfiguration with our fonts
loaded, and the parsed stylesheet. The fonts are small and TrueType (fonts.py). Batches are
spread over one worker process per core (forked with the warm renderer).
Pure domain code: no Flask.
"""

import logging
import os
import re
import threading
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import jinja2
from weasyprint import CSS
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

from . import fonts as notice_fonts

log = logging.getLogger(__name__)

ASSET_SCHEME = "pd-asset:"
_ASSET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedURL(ValueError):
    pass


class LockedFetcher(URLFetcher):
    """Serve our own fonts and static files and data: URIs; refuse everything else."""

    def __init__(self, roots):
        super().__init__(timeout=1, allow_redirects=False)
        self.roots = {name: Path(path) for name, path in roots.items()}
        self.refused = []  # the URLs refused by this fetcher (last 100), for logs and tests

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(ASSET_SCHEME):
            root_name, _, name = url[len(ASSET_SCHEME):].partition("/")
            root = self.roots.get(root_name)
            if root is not None and _ASSET_NAME.match(name):
                path = root / name
                if path.is_file():
                    return URLFetcherResponse(url, path.read_bytes(),
                                              {"Content-Type": _TYPES.get(path.suffix, "application/octet-stream")})
        self.refused = (self.refused + [url])[-100:]
        log.warning("PDF renderer refused to fetch %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


# --- template filters: how notices write amounts and dates --------------------------------------

def money(value):
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)):,.2f}"


def zh_date(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def zh_datetime(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return zh_date(value)


def ymd(value):
    if value in (None, ""):
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def percent(value, places=2):
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)) * 100:.{places}f}%"


def tick(value):
    return "▣" if value else "□"


def _blank(value):
    return "" if value is None else value


def _notice_ua_stylesheet():
    """WeasyPrint's HTML user-agent stylesheet without its universal pseudo-element rules.

    ``::marker``, ``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker`` and
    ``::note-callback`` match every element, so the cascade computed seven styles per element: a
    reminder of 113 elements made 800 computed styles, the largest single cost of a notice (about
    a third of its time). Notices use no footnotes; markers are kept for list items only.
    """
    from weasyprint import html as weasy_html

    text = weasy_html.UA
    text = re.sub(r"^::(footnote|note)-[a-z]+ \{[^}]*\}\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"^::marker \{", "li::marker {", text, flags=re.MULTILINE)
    return CSS(string=text, counter_style=weasy_html.UA_COUNTER_STYLE)


BATCH_CSS = """
section.batch-notice { page: notice; break-before: page; string-set: pagetotal attr(data-total); }
@page :nth(1 of notice) { counter-reset: page 1; }
@page { @bottom-center { content: "第 " counter(page) " 頁／共 " string(pagetotal) " 頁"; } }
"""


class NoticeHTML(HTML):
    """An HTML document rendered with the notice user-agent stylesheet."""

    ua_stylesheet = None

    def _ua_stylesheets(self, forms=False):
        return [self.ua_stylesheet]


class Renderer:
    """Everything a notice needs that is the same for every document, made once per process."""

    def __init__(self, templates_dir, font_dir):
        self.templates_dir = Path(templates_dir)
        self.font_dir = notice_fonts.ensure_fonts(font_dir, notice_fonts.template_text(self.templates_dir))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.templates_dir)),
            autoescape=True, undefined=jinja2.StrictUndefined, finalize=_blank,
            trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(money=money, zh_date=zh_date, zh_datetime=zh_datetime, ymd=ymd,
                                percent=percent, tick=tick)
        self.fetcher = LockedFetcher({"fonts": self.font_dir, "static": self.templates_dir / "static"})
        self.font_config = FontConfiguration()
        manifest = notice_fonts.read_manifest(self.font_dir)
        faces = "".join(
            f'@font-face {{ font-family: "{f["family"]}"; src: url("{ASSET_SCHEME}fonts/{f["file"]}"); '
            f'font-weight: {f["weight"]}; }}\n' for f in manifest["fonts"])
        stack = ", ".join(f'"{family}"' for family in manifest["stack"])
        css = (self.templates_dir / "notice.css").read_text(encoding="utf-8")
        self.css = CSS(string=faces + css.replace("var(--font-stack)", stack), base_url=ASSET_SCHEME,
                       url_fetcher=self.fetcher, font_config=self.font_config)
        self.batch_css = CSS(string=BATCH_CSS, base_url=ASSET_SCHEME, url_fetcher=self.fetcher,
                             font_config=self.font_config)
        self.lock = threading.Lock()
        if NoticeHTML.ua_stylesheet is None:
            NoticeHTML.ua_stylesheet = _notice_ua_stylesheet()

    def html(self, template_name, context):
        return self.env.get_template(template_name).render(context)

    def document(self, html):
        return NoticeHTML(string=html, base_url=ASSET_SCHEME, url_fetcher=self.fetcher).render(
            stylesheets=[self.css], font_config=self.font_config)

    def render_pdf(self, template_name, context):
        with self.lock:
            return self.document(self.html(template_name, context)).write_pdf()

    def render_chunk(self, template_name, contexts):
        """Several notices (one paper copy each) laid out as one document, then cut into one PDF
        per notice. Returns ([(pdf, pages)], chunk_pdf).

        One document for many notices shares the per-document costs (parsing, cascade set-up,
        font subsetting, compression). Each notice is a page group whose page counter restarts
        (``@page :nth(1 of notice)``); its page total comes from a data attribute, guessed as 1
        and corrected by a second layout when a notice runs longer. The per-notice files are cut
        from the chunk's PDF with pikepdf, so they share the chunk's font subset.
        """
        import io

        import pikepdf

        bodies = []
        head = None
        for context in contexts:
            html = self.html(template_name, context)
            before, _, rest = html.partition("<body")
            head = head or before
            bodies.append(rest.split(">", 1)[1].rsplit("</body>", 1)[0])
        totals = [1] * len(bodies)
        with self.lock:
            for _attempt in range(3):
                html = head + '<body class="batch">' + "".join(
                    f'<section class="batch-notice" id="batch-notice-{i}" data-total="{totals[i]}">{body}</section>'
                    for i, body in enumerate(bodies)) + "</body></html>"
                doc = NoticeHTML(string=html, base_url=ASSET_SCHEME, url_fetcher=self.fetcher).render(
                    stylesheets=[self.css, self.batch_css], font_config=self.font_config)
                starts = {}
                for index, page in enumerate(doc.pages):
                    for anchor in page.anchors:
                        if anchor.startswith("batch-notice-"):
                            starts.setdefault(int(anchor.rsplit("-", 1)[1]), index)
                bounds = [starts[i] for i in range(len(bodies))] + [len(doc.pages)]
                counts = [bounds[i + 1] - bounds[i] for i in range(len(bodies))]
                if counts == totals:
                    break
                totals = counts
            chunk_pdf = doc.write_pdf()
        out = []
        with pikepdf.open(io.BytesIO(chunk_pdf)) as source:
            for i in range(len(bodies)):
                single = pikepdf.new()
                single.pages.extend(source.pages[bounds[i]:bounds[i + 1]])
                buffer = io.BytesIO()
                single.save(buffer, deterministic_id=True)
                out.append((buffer.getvalue(), counts[i]))
        return out, chunk_pdf

    def render_notice(self, template_name, context, copies=()):
        """One notice, one document per paper copy (each numbered 第 N 頁 / 共 M 頁 on its own),
        joined in one PDF. Returns (pdf bytes, page count)."""
        with self.lock:
            docs = []
            for index, copy_name in enumerate(copies or (None,)):
                doc = dict(context["doc"], copy_name=copy_name, copy_index=index + 1, copy_count=len(copies))
                docs.append(self.document(self.html(template_name, dict(context, doc=doc))))
            pages = [page for d in docs for page in d.pages]
            joined = docs[0] if len(docs) == 1 else docs[0].copy(pages)
            return joined.write_pdf(), len(pages)


_RENDERERS = {}
_RENDERERS_LOCK = threading.Lock()


def get_renderer(templates_dir, font_dir):
    """The process's renderer for these folders (made on first use)."""
    key = (str(templates_dir), str(font_dir))
    renderer = _RENDERERS.get(key)
    if renderer is None:
        with _RENDERERS_LOCK:
            renderer = _RENDERERS.get(key)
            if renderer is None:
                renderer = _RENDERERS[key] = Renderer(templates_dir, font_dir)
    return renderer


def render_pdf(template_name, context, renderer):
    """Render one notice template over a plain-value context to PDF bytes.

    :param template_name: a file under templates/notices, e.g. ``goods_release_pass.html``
    :param context: plain values only: str, numbers, dates, lists and dicts of them
    :param renderer: a Renderer (get_renderer gives the process's one for a pair of folders)
    """
    return renderer.render_pdf(template_name, context)


# --- both cores for batches ------------------------------------------------------------------

POOL_MIN = 12  # fewer notices than this render in the calling process
CHUNK = 6  # notices laid out together (and sent to one worker): layout time per page grows with a
# document's length, per-document costs shrink with it; 4 to 8 measured best
_POOL = {}


def _worker_init():
    for renderer in _RENDERERS.values():
        renderer.lock = threading.Lock()  # a lock held by another thread at fork time stays held


def _render_task(args):
    key, template_name, contexts = args
    renderer = _RENDERERS.get(key) or get_renderer(*key)
    return renderer.render_chunk(template_name, contexts)


def _pool(renderer, workers):
    import multiprocessing

    key = (str(renderer.templates_dir), str(renderer.font_dir), workers)
    pool = _POOL.get(key)
    if pool is None:
        # Fork while holding the render lock: no thread is inside WeasyPrint or Pango then.
        with renderer.lock:
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)
        _POOL[key] = pool
    return pool


def render_many(renderer, template_name, contexts, workers=None, on_chunk=None):
    """Render one notice per context, in order: ([(pdf, pages)], [chunk pdfs]). Chunks of CHUNK
    notices are laid out together; big batches spread the chunks over one process per core."""
    workers = workers or os.cpu_count() or 1
    key = (str(renderer.templates_dir), str(renderer.font_dir))
    parallel = len(contexts) >= POOL_MIN and workers > 1
    count = workers * -(-len(contexts) // (workers * CHUNK)) if parallel else -(-len(contexts) // CHUNK)
    size = max(1, -(-len(contexts) // max(1, count)))  # equal chunks, a multiple of the workers
    tasks = [(key, template_name, contexts[i:i + size]) for i in range(0, len(contexts), size)]
    if not parallel:
        results = (_render_task(task) for task in tasks)
    else:
        results = _pool(renderer, workers).imap(_render_task, tasks)
    notices, chunks = [], []
    for per_notice, chunk_pdf in results:
        notices.extend(per_notice)
        chunks.append(chunk_pdf)
        if on_chunk:
            on_chunk(len(per_notice))
    return notices, chunks


def merge_pdfs(pdfs):
    """One PDF of several (pikepdf/qpdf): the pages of each, in order."""
    import io

    import pikepdf

    if len(pdfs) == 1:
        return pdfs[0]
    out = pikepdf.new()
    sources = []
    for data in pdfs:
        src = pikepdf.open(io.BytesIO(data))
        sources.append(src)
        out.pages.extend(src.pages)
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources:
        src.close()
    return buffer.getvalue()
