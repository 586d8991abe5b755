"""A list page's chrome (app.admin.chrome), filled with each request's rows.

Flask-Admin's list template (its tabs, search, filter menu and data, table header with sort
links, page-size menu, actions, the site menu and scripts) was two thirds of a list page's
time. Only the rows, the pager and the count change with the data, so those are the list's
marks (templates/admin/pd_list_parts.html renders what fills them).

The search, filters, sort, page size and page are in the chrome, so its key holds the full
address with its query string. Nothing in it comes from the data: a page with an FK filter
applied (whose picker shows a record's title) is rendered whole every time.
tests/test_list_chrome.py checks that a kept chrome filled gives the page a whole render gives.
"""

from markupsafe import Markup
from markupsafe import escape

from .chrome import Chrome
from .chrome import mark

ROWS, PAGER, COUNT = mark("rows"), mark("pager"), mark("count")
SLOT_MARK = Markup("<!--pd-slot-->")  # between the rows and the pager in pd_list_parts.html


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


class ListChrome(Chrome):
    actions = False  # whether the rows have select boxes (the view sets it)

    def cut(self, html):
        mark_at = html.index(ROWS)
        start, end = html.rindex("<tr>", 0, mark_at), html.index("</tr>", mark_at) + len("</tr>")
        html = html[:start] + ROWS + html[end:]  # Flask-Admin's <tr> around the one marked row goes
        return html.replace(" (" + COUNT + ")", COUNT)  # "List (N)"; no count shows no brackets

    def fill_list(self, rows, pager, count, nonce, csrf):
        return self.fill({ROWS: rows, PAGER: pager, COUNT: f" ({escape(str(count))})" if count else ""},
                         nonce, csrf)
