"""Web pages without their templates' indentation.

A fifth of a list page was the indentation and blank lines of the templates (ours and
Flask-Admin's): bytes to build, send and parse on every request. They are dropped from the
template source once, when a template is compiled, so a request pays nothing for it. Values put
into a page are untouched; no template holds a literal <pre> or multi-line <textarea> text. The
PDF notices and reports use their own Jinja environments and keep their source as written.
"""

import re

from jinja2.ext import Extension

_INDENTATION = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def strip_indentation(source):
    """Each line's leading blanks and every blank line removed; line breaks kept."""
    return _INDENTATION.sub("\n", source)


class StripIndentation(Extension):
    def preprocess(self, source, name, filename=None):
        return strip_indentation(source)


def init_app(app):
    app.jinja_env.add_extension(StripIndentation)
    app.json.ensure_ascii = False  # Chinese in page data as itself, not as \uXXXX (half the bytes)
