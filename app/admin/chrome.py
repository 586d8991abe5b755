"""A page's chrome, rendered once and filled with each request's own content.

Around what a page shows of the data (a list's rows, a record's form) Flask-Admin's templates
draw the same things on every request: the site menu, the tabs, the user's name and language
menu, style sheets and scripts. Rendering them was half a page's time, and for one user, view
and language they only change with a few values of the request. So a page is rendered once
with marks in those places, kept, and later requests fill the marks: the CSRF token and the
CSP nonce always, and what each kind of page names (app.admin.list_chrome, app.admin.record_pages).

A chrome is kept under a key that holds everything else it depends on (the view, the user, their
grants and name, the language), for KEEP_SECONDS at most all the same. A page with messages to
flash is always rendered whole: the messages are in the chrome's place.
"""

import re
import time

KEEP_SECONDS = 60
MAX_KEPT = 300  # per view and kind of page; past that they are dropped whole
_MARKS = re.compile("(\x00pd-[a-z-]+\x00)")


def mark(name):
    """A place in a chrome that each request fills: text no page can otherwise contain."""
    return f"\x00pd-{name}\x00"


NONCE, CSRF = mark("nonce"), mark("csrf")


class Chrome:
    """A rendered page cut at its marks: text, then (mark, text) pairs."""

    def __init__(self, html, nonce, csrf):
        if nonce:
            html = html.replace(nonce, NONCE)
        if csrf:
            html = html.replace(csrf, CSRF)
        self.parts = _MARKS.split(self.cut(html))
        self.made = time.monotonic()

    def cut(self, html):
        """The page as kept; a kind of page trims around its marks here."""
        return html

    def fill(self, values, nonce, csrf):
        """The page with each mark replaced by its value in `values` (HTML, already escaped)."""
        values = {**values, NONCE: nonce, CSRF: csrf}
        parts = self.parts
        return "".join(parts[i] if i % 2 == 0 else values[parts[i]] for i in range(len(parts)))


class ChromeCache:
    """One view's chromes of one kind by key, each for KEEP_SECONDS."""

    def __init__(self):
        self.kept = {}

    def get(self, key):
        chrome = self.kept.get(key)
        if chrome is not None and time.monotonic() - chrome.made < KEEP_SECONDS:
            return chrome
        return None

    def put(self, key, chrome):
        if len(self.kept) >= MAX_KEPT:
            self.kept.clear()
        self.kept[key] = chrome
