"""A record's edit, create and details pages, with their chrome (app.admin.chrome) kept per
user, view and language whichever record they show.

Around the record the three pages draw the same menu, tabs, language menu and scripts. What
changes from one record to the next is the body (the record's panels with its form or its
details table), the tabs' links (they carry the record's id and the list's address) and the
language menu's way back to the page: the view works those out for each request as a
RecordPage, the templates print them, and a kept chrome has marks in their places.
tests/test_record_chrome.py checks that a kept chrome filled for another record gives the page a
whole render gives.
"""

from dataclasses import dataclass
from dataclasses import fields

from markupsafe import Markup
from markupsafe import escape

from .chrome import mark


@dataclass(frozen=True)
class RecordPage:
    """What a record page's template prints of the request (templates/admin/pd_edit.html etc.)."""

    body: Markup
    here: str  # this page's address, where the language menu comes back to
    list_url: str
    create_url: str = ""
    edit_url: str = ""
    details_url: str = ""

    def values(self):
        """The marks of MARKED with this page's values, as the templates print them."""
        values = {getattr(MARKED, name): escape(getattr(self, name)) for name in _NAMES}
        values[MARKED.body] = self.body
        return values


_NAMES = tuple(f.name for f in fields(RecordPage))
MARKED = RecordPage(**{name: mark(f"record-{name.replace('_', '-')}") for name in _NAMES})
