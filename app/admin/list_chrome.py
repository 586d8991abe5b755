"""A list page's chrome, rendered once and filled with each request's rows.

Flask-Admin's list template (its tabs, search, filter menu and data, table header with sort
links, page-size menu, actions, the site menu and scripts) was two thirds of a list page's
time, and all of it is the same from one request to the next for one user on one address:
only the rows, the pager and the count change with the data, and the CSRF token and the CSP
nonce with the request. So the page is rendered once with marks in those places, kept, and
later requests fill the marks with their own rows (templates/admin/pd_list_parts.html), count,
token and nonce.

What the chrome depends on is its key: the view, the user and their rights (grants.key: role,
table rights, estates), their name, the language and the full address with its query string
(search, filters, sort, page size, page). A permission change, a new name or another language
makes another key. Nothing in it comes from the data: a page with messages to flash, or with
an FK filter applied (whose picker shows a record's title), is rendered whole every time. A
chrome is kept for a minute at most all the same. tests/test_list_chrome.py checks that a kept
chrome filled gives the page a whole render gives.
"""

import re
import time

from markupsafe import Markup
from markupsafe import escape

NONCE, CSRF, ROWS, PAGER, COUNT = (f"\x00pd-{name}\x00" for name in ("nonce", "csrf", "rows", "pager", "count"))
SLOT_MARK = Markup("<!--pd-slot-->")  # between the rows and the pager in pd_list_parts.html
_MARKS = re.compile("(\x00pd-[a-z]+\x00)")
KEEP_SECONDS = 60
MAX_KEPT = 300  # per view; past that the view's chrome is dropped whole


class Slots:
    """What pd_list.html writes instead of the rows and the pager when it renders a chrome."""

    rows = Markup(ROWS)
    pager = Markup(PAGER)


class CountMark(int):
    """The count as the tab shows it ("List (10,000+)"), kept out of the chrome: truthy, and
    printed as a mark that each request replaces with its own count."""

    def __new__(cls):
        return super().__new__(cls, 1)

    def __str__(self):
        return COUNT

    __html__ = __str__


class Chrome:
    """A rendered list page cut at its marks: text, then (mark, text) pairs."""

    def __init__(self, html, nonce, csrf):
        if nonce:
            html = html.replace(nonce, NONCE)
        if csrf:
            html = html.replace(csrf, CSRF)
        mark = html.index(ROWS)
        start, end = html.rindex("<tr>", 0, mark), html.index("</tr>", mark) + len("</tr>")
        html = html[:start] + ROWS + html[end:]  # Flask-Admin's <tr> around the one marked row goes
        html = html.replace(" (" + COUNT + ")", COUNT)  # "List (N)"; no count shows no brackets
        self.parts = _MARKS.split(html)
        self.made = time.monotonic()
        self.actions = False  # whether the rows have select boxes (the view sets it)

    def fill(self, rows, pager, count, nonce, csrf):
        values = {ROWS: rows, PAGER: pager, COUNT: f" ({escape(str(count))})" if count else "", NONCE: nonce, CSRF: csrf}
        parts = self.parts
        return "".join(parts[i] if i % 2 == 0 else values[parts[i]] for i in range(len(parts)))


class ChromeCache:
    """One view's chromes by key, each for KEEP_SECONDS."""

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
