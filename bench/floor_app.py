"""FLOOR: a bare Flask page per measured URL, one hand-written SQL query each, plain HTML (issue 6).

What a page costs with no framework on top: a DB-API connection (sqlite3 or psycopg) kept by the
worker, one SQL statement, a tiny Jinja template. The rows are the ones PropertyDesk shows (same
order, same columns with their FK labels joined in, phones masked), but each query is written the
best way the current schema allows:

  /complaint                   page 1 in PropertyDesk's default order (BENCH_VIEW_CONFIG, handed over by
                               bench/run.py; default received_at DESC, id DESC), LIMIT 20
  /complaint?before=<k1|k2>    a deep page by keyset on that order (the same 20 rows as page 5,000 with OFFSET)
  /complaint?status=<s>        status filter
  /complaint?sort=<col>        sorted by an enumeration column, descending
  /lookup?q=<text>             front-desk lookup: the same matching rules as app/frontdesk/lookup.py
                               (phone digits in phone/phone2, else name; unit code/unit no.),
                               parties and units in one UNION ALL statement
  /complaint/edit?id=<id>      a complaint's edit form (FKs as their labels, no option lists)
  /contact_record              contact records page 1, in PropertyDesk's default order
  /inbox                       20 open complaints by resolve-by time (an approximation of the inbox)
  /kpi                         complaint counts by status for the month (one GROUP BY)

    BENCH_DATABASE_URL=sqlite:////abs/path/large.db gunicorn -w 1 -b 127.0.0.1:8002 bench.floor_app:app
"""

import json
import os
import re
import sqlite3
import unicodedata

from flask import Flask
from flask import abort
from flask import request

OPEN_EXCLUDED = ("closed", "invalid", "cancelled")
SORTABLE = ("severity", "category", "status", "channel", "doc_no", "received_at")

# The 20 complaints are chosen first (inner query), their FK labels joined afterwards.
COMPLAINT_PAGE = """
SELECT c.id, c.doc_no, c.received_at, c.status, c.severity, c.category, c.subject,
       b.name, u.floor, u.unit_no, p.name, p.phone
FROM (SELECT * FROM complaint WHERE {where} ORDER BY {order} LIMIT 20) c
LEFT JOIN unit u ON u.id = c.unit_id
LEFT JOIN building b ON b.id = u.building_id
LEFT JOIN party p ON p.id = c.complainant_party_id
ORDER BY {outer_order}
"""

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<h1>{{ title }}</h1>
<table><thead><tr>{% for h in head %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell if cell is not none else '' }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></body></html>"""

FORM = """<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<h1>{{ title }}</h1><form method="post">
{% for name, value in fields %}<label>{{ name }} <input name="{{ name }}" value="{{ value if value is not none else '' }}"></label><br>
{% endfor %}<button>Save</button></form></body></html>"""


def mask_phone(value):
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]


def unit_label(building, floor, unit_no):
    return f"{building} {floor}樓 {unit_no}室" if building else ""


def party_label(name, phone):
    return f"{name} ({mask_phone(phone)})" if name and phone else (name or "")


def _like(term):
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Database:
    """One connection per worker; `?` placeholders on both databases."""

    def __init__(self, url):
        self.url = url
        self.conn = None
        self.pg = url.startswith("postgres")
        # SQLite's planner, without ANALYZE statistics, prefers a low-selectivity index (status) or an
        # index walk in name order over a scan; a unary + on the column tells it not to. PostgreSQL
        # plans from statistics and has no unary + on text.
        self.noindex = "" if self.pg else "+"

    def query(self, sql, params=()):
        if self.conn is None:
            if self.pg:
                import psycopg

                self.conn = psycopg.connect(re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", self.url),
                                            autocommit=True)
            else:
                self.conn = sqlite3.connect(self.url[len("sqlite:///"):], check_same_thread=False)
        if self.pg:
            sql = sql.replace("?", "%s")
        return self.conn.execute(sql, params).fetchall()


DEFAULT_SORT = [["received_at", True], ["id", True]]


def order_sql(sort, prefix=""):
    return ", ".join(f"{prefix}{col} {'DESC' if desc else 'ASC'}" for col, desc in sort)


def create_app(database_url=None, view_config=None):
    app = Flask(__name__)
    db = Database(database_url or os.environ["BENCH_DATABASE_URL"])
    if view_config is None:
        view_config = json.loads(os.environ.get("BENCH_VIEW_CONFIG") or "{}")
    complaint_sort = view_config.get("complaint", {}).get("sort") or DEFAULT_SORT
    contact_sort = view_config.get("contact_record", {}).get("sort") or DEFAULT_SORT
    if not all(desc for _col, desc in complaint_sort):
        raise ValueError("the floor's keyset page expects a descending default sort")
    key_columns = [col for col, _desc in complaint_sort]
    templates = {"page": app.jinja_env.from_string(PAGE), "form": app.jinja_env.from_string(FORM)}  # compiled once

    def render(name, **context):
        return templates[name].render(**context)

    def complaint_rows(where="1 = 1", params=(), sort=complaint_sort):
        sql = COMPLAINT_PAGE.format(where=where, order=order_sql(sort), outer_order=order_sql(sort, "c."))
        rows = db.query(sql, params)
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], unit_label(r[7], r[8], r[9]), party_label(r[10], r[11]))
                for r in rows]

    head = ("id", "doc_no", "received_at", "status", "severity", "category", "subject", "unit", "complainant")

    @app.route("/complaint")
    def complaints():
        if before := request.args.get("before"):
            values = before.split("|")
            if len(values) != len(key_columns):
                abort(400)
            values = [int(v) if col == "id" else v for col, v in zip(key_columns, values)]
            rows = complaint_rows(f"({', '.join(key_columns)}) < ({', '.join('?' * len(values))})", tuple(values))
        elif status := request.args.get("status"):
            rows = complaint_rows(f"{db.noindex}status = ?", (status,))
        elif sort := request.args.get("sort"):
            if sort not in SORTABLE:
                abort(400)
            rows = complaint_rows(sort=[[sort, True]])
        else:
            rows = complaint_rows()
        return render("page", title="Complaints", head=head, rows=rows)

    @app.route("/complaint/edit")
    def complaint_edit():
        rows = db.query("""
            SELECT c.*, b.name AS unit_building, u.floor AS unit_floor, u.unit_no AS unit_no,
                   p.name AS party_name, s.name AS assignee_name, e.name AS estate_name
            FROM complaint c
            LEFT JOIN unit u ON u.id = c.unit_id LEFT JOIN building b ON b.id = u.building_id
            LEFT JOIN party p ON p.id = c.complainant_party_id LEFT JOIN staff s ON s.id = c.assignee_id
            LEFT JOIN estate e ON e.id = c.estate_id
            WHERE c.id = ?""", (request.args.get("id", type=int),))
        if not rows:
            abort(404)
        row = rows[0]
        names = [f"f{i}" for i in range(len(row))]
        return render("form", title=f"Complaint {row[1]}", fields=list(zip(names, row)))

    @app.route("/contact_record")
    def contact_records():
        rows = db.query(f"""
            SELECT r.id, r.received_at, r.channel, r.category, r.subject, r.status,
                   b.name, u.floor, u.unit_no, p.name, p.phone, e.name
            FROM contact_record r
            LEFT JOIN unit u ON u.id = r.unit_id LEFT JOIN building b ON b.id = u.building_id
            LEFT JOIN party p ON p.id = r.party_id LEFT JOIN estate e ON e.id = r.estate_id
            ORDER BY {order_sql(contact_sort, "r.")} LIMIT 20""")
        rows = [r[:6] + (unit_label(r[6], r[7], r[8]), party_label(r[9], r[10]), r[11]) for r in rows]
        return render("page", title="Contact records", rows=rows,
                                      head=("id", "received_at", "channel", "category", "subject", "status",
                                            "unit", "party", "estate"))

    @app.route("/lookup")
    def lookup():
        q = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", request.args.get("q", ""))).strip()
        if len(q) < 2:
            return render("page", title="Lookup", head=(), rows=[])
        digits = re.sub(r"[\s\-+()]", "", q)
        is_phone = digits.isdigit() and len(digits) >= 3
        if is_phone:
            party_cond, party_params = "(phone LIKE ? ESCAPE '\\' OR phone2 LIKE ? ESCAPE '\\')", (_like(digits),) * 2
        else:
            party_cond, party_params = "name LIKE ? ESCAPE '\\'", (_like(q),)
        sql = (f"SELECT * FROM (SELECT 'party', id, name, phone, NULL FROM party WHERE {party_cond} "
               f"ORDER BY {db.noindex}name LIMIT 30) AS parties")
        params = party_params
        if not (digits.isdigit() and len(digits) >= 7):
            sql += (" UNION ALL SELECT 'unit', u.id, b.name, u.floor, u.unit_no FROM (SELECT id, building_id, floor, "
                    "unit_no FROM unit WHERE code LIKE ? ESCAPE '\\' OR unit_no LIKE ? ESCAPE '\\' ORDER BY id LIMIT 30) "
                    "AS u JOIN building b ON b.id = u.building_id")
            params += (_like(q),) * 2
        rows = [(kind, rid, party_label(a, b) if kind == "party" else unit_label(a, b, c))
                for kind, rid, a, b, c in db.query(sql, params)]
        return render("page", title="Lookup", head=("kind", "id", "label"), rows=rows)

    @app.route("/inbox")
    def inbox():
        marks = ", ".join("?" * len(OPEN_EXCLUDED))
        rows = complaint_rows(f"status NOT IN ({marks})", OPEN_EXCLUDED, sort=[["due_resolve_at", False]])
        return render("page", title="Inbox", head=head, rows=rows)

    @app.route("/kpi")
    def kpi():
        month = request.args.get("month", "2026-11")
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            abort(400)
        rows = db.query(f"SELECT status, count(*) FROM complaint WHERE received_at >= ? GROUP BY {db.noindex}status "
                        "ORDER BY status", (month + "-01",))
        return render("page", title="KPI", head=("status", "count"), rows=rows)

    @app.route("/")
    def root():
        return "floor"

    return app


if os.environ.get("BENCH_DATABASE_URL"):
    app = create_app()
