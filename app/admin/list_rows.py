"""A list page's rows as HTML, made in Python.

Twenty rows of nine cells with their view, edit and delete buttons went through a Jinja macro
and some four hundred escapes a page: once the page's chrome is kept (list_chrome.py), the
largest part of what is left. The buttons are the same on every row but for the record's id,
so their HTML is made and escaped once per page here, and each row adds its id and its cells.
"""

from markupsafe import Markup
from markupsafe import escape


class RowMaker:
    """Makes one list row's cells (the <td>s, without the <tr>): the select box when the page has
    actions, the buttons column, then the list columns from `cells` (SecureModelView._row_cells).
    A missing URL or title leaves its button out."""

    def __init__(self, pk_value, cells, *, select_title=None, buttons=True, details_url=None,
                 details_title="", edit_url=None, edit_title="", may_delete=False, delete_title="",
                 delete_question=""):
        self.pk_value, self.cells, self.buttons = pk_value, cells, buttons
        self.select = (None if select_title is None else
                       Markup('<td><input type="checkbox" name="rowid" class="action-checkbox" value="'),
                       Markup('" title="%s"></td>') % select_title)
        self.details = None if details_url is None else (
            Markup('<a class="icon" href="%s') % details_url,
            Markup('" title="%s"><span class="fa fa-eye glyphicon glyphicon-eye-open"></span></a>') % details_title)
        self.edit = None if edit_url is None else (
            Markup('<a class="icon" href="%s') % edit_url,
            Markup('" title="%s"><span class="fa fa-pencil glyphicon glyphicon-pencil"></span></a>') % edit_title)
        self.delete = None if not may_delete else (
            Markup('<button type="submit" class="icon pd-row-delete" form="pd-row-delete" name="id" value="'),
            Markup('" data-confirm="%s" title="%s"><span class="fa fa-trash glyphicon glyphicon-trash">'
                   '</span></button>') % (delete_question, delete_title))

    def __call__(self, row):
        row_id = str(escape(self.pk_value(row)))
        out = []
        if self.select[0] is not None:
            out += (self.select[0], row_id, self.select[1])
        if self.buttons:
            out.append('\n<td class="list-buttons-column">')
            for button in (self.details, self.edit, self.delete):
                if button is not None:
                    out += (button[0], row_id, button[1])
            out.append("</td>")
        out.append(self.cells(row))
        return Markup("".join(out))
