"""CSV and XLSX files from report tables: masked personal data, no spreadsheet formulas.

A cell that starts with = + - @ or a tab or carriage return would be run as a formula by Excel
or LibreOffice (CSV injection); such text gets a leading apostrophe. Numbers stay numbers.
Phone and ID columns are masked with app.privacy, as on screen.
"""

import csv
import io
from datetime import date
from datetime import datetime

from app.privacy import mask

from .sqlx import Ratio

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would read as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(col, value):
    """The exported value of one cell: a number, a date, or neutralised text."""
    if value is None:
        return None
    if isinstance(value, Ratio):
        value = value.pct
        return None if value is None else round(value, 1)
    if col.pii:
        value = mask(str(value), col.pii)
    if col.kind in ("pct", "hours", "index") and isinstance(value, (int, float)):
        return round(float(value), 1)
    if col.kind == "money" and isinstance(value, (int, float)):
        return round(float(value), 2)
    if isinstance(value, (int, float, date, datetime)):
        return value
    return neutralise(str(value))


def _rows(table, lang):
    header = [c.label.get(lang) for c in table.columns]
    body = [[cell_value(c, row.get(c.key)) for c in table.columns] for row in table.rows]
    return header, body


def to_csv(table, lang="zh_Hant"):
    """UTF-8 CSV with a byte-order mark (Excel opens Chinese text correctly with it)."""
    header, body = _rows(table, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in body:
        writer.writerow(["" if v is None else (v.isoformat(sep=" ") if isinstance(v, datetime) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table, lang="zh_Hant", filters=None):
    """An .xlsx workbook: the table on the first sheet, the filters used on a second one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, body = _rows(table, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(table.title.get(lang))
    ws.append([neutralise(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in body:
        ws.append(row)
    for index, col in enumerate(table.columns, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        if col.kind == "money":
            fmt = "#,##0.00"
        elif col.kind in ("pct", "hours", "index"):
            fmt = "0.0"
        elif col.kind == "datetime":
            fmt = "yyyy-mm-dd hh:mm"
        elif col.kind == "date":
            fmt = "yyyy-mm-dd"
        else:
            fmt = None
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        width = max([len(str(header[index - 1]))] + [len(str(r[index - 1])) for r in body[:200] if r[index - 1]])
        ws.column_dimensions[letter].width = min(60, max(8, width * 1.6 + 2))
    ws.freeze_panes = "A2"
    if filters:
        info = wb.create_sheet("篩選條件" if lang != "en" else "Filters")
        for key, value in filters.items():
            info.append([neutralise(str(key)), neutralise(str(value))])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(text):
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31] or "Report"
