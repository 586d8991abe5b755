"""BASELINE: a stock Flask-Admin 2.2.1 app over the benchmark database (issue 6).

SQLAlchemy automap of the reflected database, one plain `ModelView` per mapped table, no auth,
Flask-Admin's defaults for everything (Bootstrap 4 theme, page size 20, COUNT on every list page,
OFFSET paging, ILIKE '%x%' search over CAST(col AS text), list columns and FK dropdowns in forms
listing every row of the referenced table), except what keeps the comparison about the same pages:

  * for the measured tables (complaint, contact_record, party, unit) the search columns, filter
    columns and default sort are PropertyDesk's own, read from its views by bench/run.py and handed
    over in BENCH_VIEW_CONFIG (JSON: {table: {"search": [...], "filters": [...], "sort": [[col, desc], ...]}});
    FK filter columns become plain column filters (stock has no option lists of record titles);
  * every other table gets the same rules computed here: VARCHAR(n <= 200) non-FK, non-enumeration
    columns searchable; enumeration (CHECK ... IN), boolean, date, timestamp and FK columns as
    filters; newest first by received_at / created_at, then id.

The only non-default code is automap's relationship naming: the default names collide as soon
as a table has two foreign keys to the same table (complaint has three to staff), and automap
then refuses to map; the naming functions follow the SQLAlchemy automap documentation. And
Babel(app): Flask-Admin uses Flask-Babel whenever it is installed.

    BENCH_DATABASE_URL=sqlite:////abs/path/large.db gunicorn -w 1 -b 127.0.0.1:8001 bench.stock_app:app
"""

import json
import os
import re
import secrets
from pathlib import Path

from flask import Flask
from flask import redirect
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.automap import automap_base

ROOT = Path(__file__).resolve().parent.parent
SEARCH_MAX_LENGTH = 200
DEFAULT_SORT_CANDIDATES = ("received_at", "created_at", "id")


def sqlalchemy_url(url):
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url) if url.startswith("postgres") else url


def enum_columns(schema_text):
    """{table: {column, ...}} for the `col VARCHAR(n) ... CHECK (col IN (...))` lines of schema.sql."""
    found, table = {}, None
    for line in schema_text.splitlines():
        if m := re.match(r"\s*CREATE TABLE (\w+)", line, re.IGNORECASE):
            table = m.group(1).lower()
            found.setdefault(table, set())
        elif table and (m := re.match(r"\s+(\w+)\s.*CHECK\s*\(\s*(\w+)\s+IN\s*\(", line, re.IGNORECASE)):
            if m.group(1).lower() == m.group(2).lower():
                found[table].add(m.group(1).lower())
    return found


def _scalar_name(base, local_cls, referred_cls, constraint):
    cols = list(constraint.columns)
    if len(cols) == 1 and cols[0].name.endswith("_id") and cols[0].name[:-3] not in local_cls.__table__.columns:
        return cols[0].name[:-3]
    return referred_cls.__name__.lower() + "_ref"


def _collection_name(base, local_cls, referred_cls, constraint):
    if constraint.table is not local_cls.__table__ and constraint.table is not referred_cls.__table__:
        return referred_cls.__name__.lower() + "_collection"
    return f"{referred_cls.__name__.lower()}_by_{list(constraint.columns)[0].name}"


def view_attrs(table, enums, config=None):
    if config:
        return {"column_searchable_list": list(config["search"]), "column_filters": list(config["filters"]),
                "column_default_sort": [(col, bool(desc)) for col, desc in config["sort"]] or None}
    searchable = [c.name for c in table.columns
                  if isinstance(c.type, sqltypes.String) and getattr(c.type, "length", None)
                  and c.type.length <= SEARCH_MAX_LENGTH and not c.foreign_keys and not c.primary_key
                  and c.name not in enums and c.name != "password_hash"]
    filters = [c.name for c in table.columns if not c.primary_key and (
        c.name in enums or c.foreign_keys
        or isinstance(c.type, (sqltypes.Boolean, sqltypes.Date, sqltypes.DateTime)))]
    attrs = {"column_searchable_list": searchable, "column_filters": filters}
    sort = next((n for n in DEFAULT_SORT_CANDIDATES if n in table.columns), None)
    if sort:
        attrs["column_default_sort"] = [(sort, True)] + ([("id", True)] if sort != "id" and "id" in table.columns else [])
    return attrs


def create_app(database_url=None, view_config=None):
    url = database_url or os.environ["BENCH_DATABASE_URL"]
    if view_config is None:
        view_config = json.loads(os.environ.get("BENCH_VIEW_CONFIG") or "{}")
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(url)
    app.config["SECRET_KEY"] = secrets.token_hex(16)
    Babel(app)  # Flask-Admin uses Flask-Babel whenever it is installed (it is, for PropertyDesk)
    db = SQLAlchemy()
    db.init_app(app)
    enums = enum_columns((ROOT / "schema.sql").read_text(encoding="utf-8"))
    with app.app_context():
        Base = automap_base()
        Base.prepare(autoload_with=db.engine, name_for_scalar_relationship=_scalar_name,
                     name_for_collection_relationship=_collection_name)
    admin = Admin(app, name="Stock Flask-Admin")
    for cls in sorted(Base.classes, key=lambda c: c.__table__.name):
        table = cls.__table__
        attrs = view_attrs(table, enums.get(table.name, set()), view_config.get(table.name))
        view = type(f"{table.name}_view", (ModelView,), attrs)
        admin.add_view(view(cls, db, name=table.name, endpoint=table.name, url=f"/admin/{table.name}"))
    app.add_url_rule("/", "root", lambda: redirect("/admin/"))
    app.extensions["bench_models"] = {cls.__table__.name: cls for cls in Base.classes}
    return app


if os.environ.get("BENCH_DATABASE_URL"):
    app = create_app()
