"""Report PDFs: a Jinja template over plain values, laid out by WeasyPrint.

A stand-in until app/documents/render.py (the notice machinery) exists: the same shape,
render_pdf(template, context) -> bytes, so the switch is one import. Templates cannot fetch
files or URLs (the fetcher refuses everything but inline data: URLs).
"""

import functools

from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined
from jinja2 import select_autoescape

from app.config import ROOT


@functools.cache
def _env():
    return Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined)


def _refuse(url, *args, **kwargs):
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"report templates may not fetch {url[:40]}")


def render_html(template, context):
    return _env().get_template(template).render(**context)


def render_pdf(template, context):
    """PDF bytes of `template` rendered with `context` (plain values only)."""
    from weasyprint import HTML

    html = render_html(template, context)
    return HTML(string=html, base_url=str(ROOT / "templates"), url_fetcher=_refuse).write_pdf()
