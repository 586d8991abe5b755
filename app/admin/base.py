"""SecureModelView: the one base of every generated screen.

Deny by default (every entry point asks the permission data), CSRF on every form, records
opened by id go through the same query as the list, constraint checks before the database is
asked, and database errors shown as a plain sentence in the user's language.
"""

import logging
import time
from datetime import datetime
from functools import cached_property
from math import ceil
from urllib.parse import urlencode

from flask import abort
from flask import current_app
from flask import g
from flask import flash
from flask import has_request_context
from flask import jsonify
from flask import redirect
from flask import request
from flask import session
from flask import url_for

from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import BaseForm
from flask_admin.model.fields import AjaxSelectField
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from markupsafe import escape
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app import csp
from app.audit import history
from app.audit import recorder
from app.auth import accounts
from app.auth import scope
from app.extensions import db
from app.i18n import WTFormsTranslations
from app.i18n import _
from app.kept import kept
from app.privacy import mask
from app.schema.record import RecordBase
from app.workflows import engine
from app.workflows import flows_of

from . import chrome
from . import constraint_errors
from . import form_fields
from . import keyset
from . import list_chrome
from . import list_records
from . import list_rows
from .access import LoginOr403
from . import panels
from . import record_pages

log = logging.getLogger(__name__)

_OPS = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b, "<": lambda a, b: a < b}
_COMPARE_MESSAGES = {">=": "%(left)s must be on or after %(right)s.", ">": "%(left)s must be after %(right)s.",
                     "<=": "%(left)s must be on or before %(right)s.", "<": "%(left)s must be before %(right)s."}


class AdminForm(BaseForm, FlaskForm):
    """Flask-Admin's form with Flask-WTF's CSRF token and our WTForms translations."""

    class Meta(FlaskForm.Meta):
        _translations = WTFormsTranslations()

        def get_translations(self, form):
            return self._translations


class CappedCount(int):
    """A row count that may stop at a cap: shown as "10,000+" then."""

    def __new__(cls, value, capped=False):
        obj = super().__new__(cls, value)
        obj.capped = capped
        return obj

    def __str__(self):
        return f"{int(self):,}+" if self.capped else f"{int(self):,}"


def _permission(action):
    def getter(self):
        if not has_request_context():
            return True  # start-up: let Flask-Admin build every form and column cache
        return self.allows(action)

    return property(getter)


_PAGE_SENTINEL = 987654321


def _one_url_per_page(pager_url):
    """Flask-Admin's pager_url, built once for page 1 (a page number stands in) and once for
    the first page instead of once for every link of the pager: the links differ only in it."""
    made = {}

    def url(p):
        if not p:
            if 0 not in made:
                made[0] = pager_url(p)
            return made[0]
        if "pattern" not in made:
            pattern = pager_url(_PAGE_SENTINEL)
            made["pattern"] = pattern if pattern.count(f"page={_PAGE_SENTINEL}") == 1 else None
        if made["pattern"] is None:
            return pager_url(p)
        return made["pattern"].replace(f"page={_PAGE_SENTINEL}", f"page={int(p)}")

    return url


class SecureModelView(LoginOr403, ModelView):
    spec = None  # TableSpec of the table this view shows
    registry = None
    secret_fields = {}  # column -> write-only form field (passwords: typed, hashed, never shown)
    form_base_class = AdminForm
    can_create = _permission("create")
    can_edit = _permission("edit")
    can_delete = _permission("delete")
    can_export = _permission("export")
    can_view_details = _permission("view")
    can_set_page_size = True
    page_size = 20
    page_size_options = (20, 50, 100)
    export_types = ["csv"]
    details_template = "admin/pd_details.html"
    list_template = "admin/pd_list.html"
    edit_template = "admin/pd_edit.html"
    create_template = "admin/pd_create.html"

    def record_panels(self, record):
        """Blocks other features add to this record's page (see app.admin.panels)."""
        return panels.render(self, record)

    # --- access -------------------------------------------------------------------------
    def allows(self, action):
        """The current user's right on this table; system-written tables are read-only for all."""
        if self.spec.append_only and action in ("create", "edit", "delete"):
            return False
        return current_user.can(action, self.spec.name)

    def is_accessible(self):
        return current_user.is_authenticated and current_user.can("view", self.spec.name)

    # Which right each Flask-Admin entry point needs, beyond `view` (checked by is_accessible).
    ENTRY_RIGHTS = {"create_view": "create", "edit_view": "edit", "delete_view": "delete",
                    "export": "export", "ajax_update": "edit", "details_view": "view",
                    "revert_view": "edit", "reveal_view": "view", "filter_lookup_view": "view"}

    def _handle_view(self, name, **kwargs):
        """Answer 403 for a forbidden entry point (Flask-Admin would redirect with a flash)."""
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        right = self.ENTRY_RIGHTS.get(name)
        if right and not self.allows(right):
            abort(403)
        if name == "action_view" and not self.allows(request.form.get("action", "delete")):
            abort(403)
        # AJAX lookups serve the form's pickers: they need create or edit here, as well as view.
        if name == "ajax_lookup" and not (self.can_create or self.can_edit):
            abort(403)
        return None

    # --- row scope: one choke point for list, count, details, edit, delete ------------------
    def scope_filter(self, query):
        """Limit a query to the estates the current user is limited to (none: all)."""
        return scope.apply(query, self.registry, self.registry.estate_paths, self.spec.name,
                           current_user.grants.estate_ids)

    def get_query(self):
        return self.scope_filter(super().get_query())

    def get_count_query(self):
        return self.scope_filter(super().get_count_query())

    # --- lists that stay fast on big tables -------------------------------------------------
    COUNT_CAP = 10000
    title_loads = ()  # the list's named records and their titles, for ORM rows (no N+1)
    record_loads = ()  # one record's pages: the records it names, joined

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """Flask-Admin's get_list, with a capped count and the page picked by primary key first.

        Counting every row of a million-row table on every page costs more than the page; past
        COUNT_CAP the list says "10,000+". Deep pages select the page's ids alone (an index-only
        OFFSET), then load those rows with their joins, instead of joining every skipped row.
        A list's first page without search or filters, the page most opened, runs statements
        made once (see _first_pages).
        """
        list_page = has_request_context() and request.endpoint == f"{self.endpoint}.index_view"
        plain = list_page and self.spec is not None and not self.column_editable_list  # rows only shown
        first_page = execute and plain and not search and not filters and not page
        key = ((current_user.grants.estate_ids, sort_column, bool(sort_desc), page_size, self.COUNT_CAP)
               if first_page else None)
        def make():
            return self._list_statements(page, sort_column, sort_desc, search, filters, page_size, list_page, plain)
        made = make() if key is None else kept(self._first_pages, key, make, 200)
        count_statement, rows_statement, keys = made
        if keys and list_page:
            g.keyset_keys = keys  # render() builds the next page's link from the last row
        count = self._capped_count(count_statement, (search, tuple(tuple(f) for f in filters or ())))
        if plain:  # rows_statement selects the page's ids (app.admin.list_records)
            ids = db.session.execute(rows_statement).scalars().all()
            return count, self._list_reader.records(db.session, ids)
        rows = db.session.execute(rows_statement).unique().scalars()
        return count, (rows.all() if execute else rows)

    @cached_property
    def _list_reader(self):
        return list_records.ListReader(self.spec, self.registry, extra_columns=[n for n, _d in self._orders(None, None)])

    @cached_property
    def _first_pages(self):
        """(estates, sort, direction, page size, count cap) -> the first page's statements. A statement
        object used again keeps its cache key, which SQLAlchemy otherwise works out anew for
        each request; building the statements through Flask-Admin's query machinery and that
        key were a third of the list's database time."""
        return {}

    def _list_statements(self, page, sort_column, sort_desc, search, filters, page_size, list_page, plain):
        """(count statement, rows statement, keyset sort keys or None) for one list request; for a
        `plain` list page the rows statement selects the page's ids, in the list's order."""
        joins, count_joins = {}, {}
        query = self.get_query()
        if self._search_supported and search:
            query, _cq, joins, count_joins = self._apply_search(query, None, joins, count_joins, search)
        if filters and self._filters:
            query, _cq, joins, count_joins = self._apply_filters(query, None, joins, count_joins, filters)
        pk = getattr(self.model, self.spec.pk[0])
        counted = query.with_entities(pk).order_by(None).limit(self.COUNT_CAP + 1).subquery()
        count_statement = select(func.count()).select_from(counted)
        query, joins = self._apply_sorting(query, joins, sort_column, sort_desc)
        if sort_column is not None:
            query = query.order_by(pk.desc() if sort_desc else pk)  # a total order: no row on two pages
        ids = query.with_entities(pk)
        keys = keyset.sort_keys(self.model.__table__, self._orders(sort_column, sort_desc), self.spec.pk[0])
        values = None
        if keys and list_page and page:
            values = keyset.decode(request.args.get("after"), self.model.__table__, keys,
                                   db.session.get_bind().dialect.name)
        if values is not None:
            page_ids = ids.filter(keyset.after(self.model, keys, values)).limit(page_size or self.page_size)
        else:
            page_ids = self._apply_pagination(ids, page, page_size)
        keys = keys if list_page else None
        if plain:
            return count_statement, page_ids.statement, keys
        page_ids = page_ids.subquery()
        rows = query.filter(pk.in_(select(page_ids.c[0])))
        rows = rows.options(*self.title_loads)
        return count_statement, rows.statement, keys

    def delete_form(self):
        """The list's rows share one delete form (pd_list.html): the per-row form Flask-Admin
        builds for every list page, CSRF token and all, is not made there. The delete view
        itself still builds and checks it."""
        if (not self.column_editable_list and has_request_context()
                and request.endpoint == f"{self.endpoint}.index_view"):
            return None
        return super().delete_form()

    def _get_list_extra_args(self):
        """The list's arguments; a keyset token belongs to one link and is never carried on."""
        view_args = super()._get_list_extra_args()
        view_args.extra_args.pop("after", None)
        return view_args

    def _orders(self, sort_column, sort_desc):
        """The list's ORDER BY as (column name, desc) pairs."""
        if sort_column is not None:
            return [(sort_column, bool(sort_desc))]
        default = self.column_default_sort
        if isinstance(default, str):
            return [(default, False)]
        if isinstance(default, tuple):
            return [default]
        return [(d, False) if isinstance(d, str) else tuple(d) for d in default or ()]

    def render(self, template, **kwargs):
        if template in (self.edit_template, self.create_template, self.details_template):
            return self._render_record_page(template, kwargs)
        if template == self.list_template:
            kwargs["row_lib"] = self._row_links(kwargs)
            kwargs["filter_groups"] = self._title_filter_labels(kwargs.get("filter_groups"), kwargs.get("active_filters"))
            self._pager_links(kwargs)
            key = self._chrome_key(kwargs.get("active_filters"))
            if key is not None:
                return self._render_in_chrome(key, template, kwargs)
        return super().render(template, **kwargs)

    # --- the list page's chrome, kept (app.admin.list_chrome) -------------------------------
    @expose("/")
    def index_view(self):
        """The list page: with its chrome kept, only what fills it is worked out (the rows, the
        count, the pager); otherwise Flask-Admin's list view, rendered in a chrome to keep."""
        filled = self._list_in_kept_chrome()
        return filled if filled is not None else super().index_view()

    def _list_in_kept_chrome(self):
        """What Flask-Admin's index_view does for the rows and the pager, when this request's
        chrome is kept: its action form, actions, filter groups, search and clear links are in
        the chrome already, and building them was a tenth of the page. None otherwise."""
        if self.column_editable_list or not current_app.config.get("CHROME_CACHE", True):
            return None
        view_args = self._get_list_extra_args()
        key = self._chrome_key(view_args.filters)
        kept = self._chromes.get(key) if key is not None else None
        if kept is None:
            return None
        sort = self._get_column_by_idx(view_args.sort)
        page_size = self.get_safe_page_size(view_args.page_size)
        count, data = self.get_list(view_args.page, sort[0] if sort is not None else None, view_args.sort_desc,
                                    view_args.search, view_args.filters, page_size=page_size)
        if count is not None and page_size:
            num_pages = int(ceil(count / float(page_size)))
        else:
            num_pages = 0 if not page_size else None

        def pager_url(p):  # as Flask-Admin's: no page number for the first page
            return self._get_list_url(view_args.clone(page=p or None))

        kwargs = {"data": data, "count": count, "num_pages": num_pages, "page": view_args.page,
                  "page_size": page_size, "pager_url": pager_url, "actions": kept.actions,
                  "return_url": self._get_list_url(view_args)}
        kwargs["row_lib"] = self._row_links(kwargs)
        self._pager_links(kwargs)
        return self._render_in_chrome(key, self.list_template, kwargs)

    def _chrome_key(self, active_filters):
        """What the list page's chrome depends on, or None where it is rendered whole: with
        messages to flash, and with an FK filter applied (its picker shows a record's title,
        which is data)."""
        if (not current_app.config.get("CHROME_CACHE", True) or self.column_editable_list
                or request.method != "GET" or session.get("_flashes")
                or any(getattr(self._filters[index], "loader", None) is not None
                       for index, _name, _value in active_filters or ())):
            return None
        user = current_user
        return (user.id, user.display_name, user.grants.key, str(get_locale()), request.full_path)

    @cached_property
    def _chromes(self):
        return chrome.ChromeCache()

    def _render_in_chrome(self, key, template, kwargs):
        nonce, csrf = csp.nonce(), generate_csrf()
        kept = self._chromes.get(key)
        if kept is None:
            marked = dict(kwargs, chrome_slots=list_chrome.Slots, count=list_chrome.CountMark(),
                          data=kwargs.get("data")[:1] or [None])
            kept = list_chrome.ListChrome(super().render(template, **marked), nonce, csrf)
            kept.actions = bool(kwargs.get("actions"))  # the rows' select boxes, the same for the key
            self._chromes.put(key, kept)
        rows, pager = super().render("admin/pd_list_parts.html", slot_mark=list_chrome.SLOT_MARK,
                                     **kwargs).split(list_chrome.SLOT_MARK, 1)
        return kept.fill_list(rows, pager, kwargs.get("count"), nonce, csrf)

    # --- a record's pages, their chrome kept (app.admin.record_pages) -------------------------
    def _render_record_page(self, template, kwargs):
        page = self._record_page(template, kwargs)
        key = self._record_chrome_key(template)
        if key is None:
            return super().render(template, record_page=page, **kwargs)
        nonce, csrf = csp.nonce(), generate_csrf()
        kept = self._record_chromes.get(key)
        if kept is None:
            kept = chrome.Chrome(super().render(template, record_page=record_pages.MARKED, **kwargs), nonce, csrf)
            self._record_chromes.put(key, kept)
        return kept.fill(page.values(), nonce, csrf)

    def _record_page(self, template, kwargs):
        """This request's body and links of a record page (edit, create or details)."""
        return_url = kwargs.get("return_url") or self.get_url(".index_view")
        record_id = request.args.get("id")
        panels = (Markup("") if template == self.create_template
                  else Markup("").join(self.record_panels(kwargs["model"])))
        if template == self.details_template:
            body = panels + super().render("admin/pd_details_table.html", **kwargs)
        else:
            body = panels + form_fields.render_form(kwargs["form"], return_url, form_fields.save_buttons(
                self.can_create, self.can_edit), kwargs.get("form_opts"))
        return record_pages.RecordPage(
            body=body, here=request.full_path, list_url=return_url,
            create_url=self.get_url(".create_view", url=return_url) if self.can_create else "",
            edit_url=self.get_url(".edit_view", id=record_id, url=return_url) if self.can_edit else "",
            details_url=(self.get_url(".details_view", id=record_id, url=return_url)
                         if self.can_view_details else ""))

    def _record_chrome_key(self, template):
        """What a record page's chrome depends on, or None where it is rendered whole (with
        messages to flash)."""
        if not current_app.config.get("CHROME_CACHE", True) or session.get("_flashes"):
            return None
        user = current_user
        return (template, user.id, user.display_name, user.grants.key, str(get_locale()))

    @cached_property
    def _record_chromes(self):
        return chrome.ChromeCache()

    def _pager_links(self, kwargs):
        """The pager's next-page link carries the last row's sort values (app.admin.keyset), and a
        capped count ("10,000+") does not stop the pager at its 500th page."""
        data, page, page_size = kwargs.get("data") or [], kwargs.get("page") or 0, kwargs.get("page_size")
        full = bool(page_size) and len(data) == page_size
        count = kwargs.get("count")
        if getattr(count, "capped", False) and full and kwargs.get("num_pages") is not None:
            kwargs["num_pages"] = max(kwargs["num_pages"], page + 2)
        plain = _one_url_per_page(kwargs["pager_url"])
        kwargs["pager_url"] = plain
        keys = g.get("keyset_keys")
        if not (keys and full):
            return
        token = keyset.encode(db.session, self.model, data[-1], keys)

        def pager_url(p):
            url = plain(p)
            if p == page + 1:
                url += ("&" if "?" in url else "?") + urlencode({"after": token})
            return url

        kwargs["pager_url"] = pager_url

    def _row_links(self, kwargs):
        """What the list needs of its rows, worked out once per page: the buttons' links and
        words, and the maker of each row's HTML (app.admin.list_rows)."""
        return_url = kwargs.get("return_url")

        def prefix(endpoint):
            return self.get_url(endpoint, url=return_url) + "&id="

        links = {
            "details_url": prefix(".details_view") if self.can_view_details else None,
            "details_title": admin_gettext("View Record"),
            "edit_url": prefix(".edit_view") if self.can_edit else None,
            "edit_title": admin_gettext("Edit Record"),
            "may_delete": self.can_delete,
            "delete_title": admin_gettext("Delete Record"),
            "delete_question": admin_gettext("Are you sure you want to delete this record?"),
        }
        links["row"] = list_rows.RowMaker(
            self.get_pk_value, self._row_cells(),
            select_title=admin_gettext("Select record") if kwargs.get("actions") else None,
            buttons=self.column_display_actions, **links)
        return links

    def _row_cells(self):
        """A row's <td> cells as one string: for each list column the value Flask-Admin's
        get_list_value gives (our formatters, choices, its type formatters), escaped as the
        template would, read by a function made once per view (see _cell_reader)."""
        readers = self._cell_readers

        def cells(row):
            return Markup("".join([f"{td}{escape(read(row))}</td>" for td, read in readers]))

        return cells

    @cached_property
    def _cell_readers(self):
        return [(Markup('<td class="col-%s">') % name, self._cell_reader(name)) for name, _label in self._list_columns]

    def _cell_reader(self, name):
        """What Flask-Admin's _get_list_value does for one column, with its lookups (formatter,
        choices, the type formatters tried one by one) done once instead of for every cell:
        they were a third of a list page."""
        formatter = self.column_formatters.get(name)
        choices = self._column_choices_map.get(name) or {}
        general = self._get_list_value
        formatters, types = self.column_formatters, self.column_type_formatters
        # Values no type formatter takes are shown as they are: a referenced record (its
        # title), text, a number. Anything else (None, bool, lists) goes the general way.
        plain = (RecordBase,) + tuple(kind for kind in (str, int)
                                      if not any(issubclass(kind, t) for t in types))
        if formatter is not None and not choices and str in plain:
            # Our formatters (app.admin.generate) return text.
            return lambda row: formatter(self, None, row, name)
        if formatter is not None or choices:
            return lambda row: general(None, row, name, formatters, types)

        def read(row):
            value = getattr(row, name, None)
            if isinstance(value, plain) and not isinstance(value, bool):
                return str(value) if isinstance(value, RecordBase) else value
            return general(None, row, name, formatters, types)

        return read

    def _get_filter_groups(self):
        """The filter menu's data, built once per language: the labels and choices are the
        schema's, the same for every user. FK filters (app.admin.generate.TitleFilter) carry the
        address of their search instead of a list of choices; static/js/title_filters.js turns
        their box into a picker."""
        key = (str(get_locale()), request.script_root)
        groups = self._filter_groups_cache.get(key)
        if groups is None:
            groups = super()._get_filter_groups()
            for items in (groups or {}).values():
                for item in items:
                    if getattr(self._filters[item["index"]], "loader", None) is not None:
                        item["url"] = self.get_url(".filter_lookup_view", flt=item["index"])
            self._filter_groups_cache[key] = groups
        return groups

    @cached_property
    def _filter_groups_cache(self):
        return {}

    def _title_filter_labels(self, filter_groups, active_filters):
        """The filter menu's data with the title of the record each active FK filter is set to,
        for its picker to show (on copies: the menu data is shared between requests)."""
        if not filter_groups:
            return filter_groups
        shown = dict(filter_groups)
        for index, name, value in active_filters or ():
            loader = getattr(self._filters[index], "loader", None)
            record = loader.get_one(value) if loader is not None else None
            if record is None or name not in shown:
                continue
            shown[name] = [dict(item, titles={str(value): str(record)}) if item["index"] == index else item
                           for item in shown[name]]
        return shown

    @expose("/filter-lookup/")
    def filter_lookup_view(self):
        """An FK filter's search: [[id, title], ...] of the target's rows within the user's
        estates, as the FK pickers answer (needs only the view right on this table)."""
        index = request.args.get("flt", type=int)
        flt = self._filters[index] if self._filters and index is not None and 0 <= index < len(self._filters) else None
        loader = getattr(flt, "loader", None)
        if loader is None:
            abort(404)
        rows = loader.get_list(request.args.get("query"), request.args.get("offset", 0, type=int),
                               request.args.get("limit", 10, type=int))
        return jsonify([loader.format(row) for row in rows])

    CAPPED_COUNT_SECONDS = 60

    def _capped_count(self, count_statement, criteria):
        """The rows matching the list's search and filters, counted up to COUNT_CAP.

        A count that reached the cap ("10,000+") is kept for a minute per search, filters and
        estate scope: a table past ten thousand rows does not fall below it between two pages,
        and reading ten thousand index entries was a tenth of the page. Counts below the cap are
        exact and read every time."""
        key = (criteria, current_user.grants.estate_ids, self.COUNT_CAP) if has_request_context() else None
        kept = self._capped_counts.get(key)
        if kept is not None and time.monotonic() - kept < self.CAPPED_COUNT_SECONDS:
            return CappedCount(self.COUNT_CAP, capped=True)
        n = db.session.execute(count_statement).scalar()
        if n > self.COUNT_CAP and key is not None:
            if len(self._capped_counts) >= 1000:
                self._capped_counts.clear()
            self._capped_counts[key] = time.monotonic()
        return CappedCount(min(n, self.COUNT_CAP), capped=n > self.COUNT_CAP)

    @cached_property
    def _capped_counts(self):
        return {}  # (search and filters, estates) -> when the count was last seen past the cap

    def get_one(self, id):
        """The record for its edit and details pages, within the user's estates, with the records
        it names (their pickers show their titles) in the same statement."""
        try:
            key = int(id)
        except (TypeError, ValueError):
            return None
        estate_ids = current_user.grants.estate_ids

        def build():
            # On PostgreSQL the first runs of this ten-way outer join take 5 ms to plan; psycopg
            # prepares a statement on its fifth run and the server then keeps a generic plan, so
            # from the tenth run on each connection it costs 1.2 ms, against 3.7 ms for the
            # eight lookups it replaces.
            within = scope.condition(self.registry, self.registry.estate_paths, self.spec.name, estate_ids)
            return (select(self.model).where(getattr(self.model, self.spec.pk[0]) == bindparam("pk"),
                                             *([within] if within is not None else []))
                    .options(*self.record_loads))
        statement = self.registry.statement(("record_page", self.spec.name, estate_ids), build)
        return db.session.execute(statement, {"pk": key}).unique().scalar_one_or_none()

    # --- validation before the database is asked ------------------------------------------
    def validate_form(self, form):
        if not super().validate_form(form):
            return False
        # Both checks run so every field with a problem gets its message at once.
        compares_ok = self._check_compares(form)
        secrets_ok = self._check_secrets(form)
        pickers_ok = self._check_pickers(form)
        return self._check_uniques(form) and compares_ok and secrets_ok and pickers_ok

    def _check_pickers(self, form):
        """An FK picker sent an id that no record within the user's estates has (the loader
        found none): one clear message, where a nullable field would silently go empty."""
        ok = True
        for field in form:
            if isinstance(field, AjaxSelectField) and getattr(field, "_formdata", None) and field.data is None:
                field.errors = [_("No such record within your estates: choose one from the list.")]
                ok = False
        return ok

    def _check_secrets(self, form):
        ok = True
        creating = getattr(form, "_obj", None) is None
        for column, field in self.secret_fields.items():
            if field not in form._fields:
                continue
            value = form[field].data or ""
            if not value and creating and not self.spec.columns[column].nullable:
                form[field].errors = list(form[field].errors) + [_("This field is required.")]
                ok = False
            elif value:
                try:
                    accounts.check_password_policy(value)
                except accounts.AccountError:
                    form[field].errors = list(form[field].errors) + [
                        _("At least %(n)s characters.", n=accounts.MIN_PASSWORD_LENGTH)]
                    ok = False
        return ok

    def _form_value(self, form, column):
        spec_col = self.spec.columns[column]
        name = spec_col.relationship if spec_col.foreign_table and spec_col.relationship else column
        if name in form._fields:
            value = form[name].data
            if spec_col.foreign_table and value is not None and hasattr(value, "__table__"):
                value = getattr(value, "id", None)
            return name, value, True
        obj = getattr(form, "_obj", None)
        return name, (getattr(obj, column, None) if obj is not None else None), False

    def _check_compares(self, form):
        ok = True
        for rule in self.spec.compares:
            lname, left, _lf = self._form_value(form, rule.left)
            _rname, right, _rf = self._form_value(form, rule.right)
            if left is None or right is None or lname not in form._fields:
                continue
            try:
                holds = _OPS[rule.op](left, right)
            except TypeError:
                continue
            if not holds:
                form[lname].errors = list(form[lname].errors) + [_(
                    _COMPARE_MESSAGES[rule.op],
                    left=str(self.spec.columns[rule.left].labels),
                    right=str(self.spec.columns[rule.right].labels))]
                ok = False
        return ok

    def _check_uniques(self, form):
        ok = True
        obj = getattr(form, "_obj", None)
        for columns in self.spec.uniques:
            values = {}
            shown = []
            for column in columns:
                name, value, in_form = self._form_value(form, column)
                values[column] = value
                if in_form:
                    shown.append(name)
            if not shown or any(v is None for v in values.values()):
                continue
            conds = [getattr(self.model, c) == v for c, v in values.items()]
            query = select(func.count()).select_from(self.model).where(and_(*conds))
            if obj is not None and getattr(obj, "id", None) is not None and "id" in self.spec.columns:
                query = query.where(self.model.id != obj.id)
            if db.session.execute(query).scalar():
                target = shown[-1]
                if len(columns) == 1:
                    message = _("“%(value)s” is already used by another record.", value=values[columns[0]])
                else:
                    message = _("This combination (%(fields)s) already exists.",
                                fields="、".join(str(self.spec.columns[c].labels) for c in columns))
                form[target].errors = list(form[target].errors) + [message]
                ok = False
        return ok

    def _record_creation(self, model):
        """Who submitted it (for "nobody approves their own request") and, for a record with a
        workflow, its first history entry and the deadline of its initial state."""
        column = self.spec.columns.get("created_by_id")
        if column is not None and column.foreign_table == "app_user" and getattr(model, "created_by_id", None) is None:
            model.created_by_id = current_user.id
        flow = flows_of(current_app).for_table(self.spec.name)
        if flow is not None:
            db.session.flush()
            engine.record_created(db.session, self.registry, flow, model,
                                  engine.Actor(current_user.id, current_user.role, current_user.grants.is_admin))

    # --- history, revert, reveal ------------------------------------------------------------
    @expose("/revert/", methods=("POST",))
    def revert_view(self):
        """Put a record back as it was before one of its history entries (itself recorded)."""
        record_id = request.form.get("id", type=int)
        entry_id = request.form.get("entry", type=int)
        if record_id is None or entry_id is None:
            abort(400)
        if self.get_one(record_id) is None and not history.was_deleted(db.session, self.registry, self.spec.name,
                                                                       record_id):
            abort(404)
        if not scope.is_visible(db.session, self.registry, self.registry.estate_paths, self.spec.name,
                                record_id, current_user.grants.estate_ids):
            abort(404)
        protected = {f.status_column for f in flows_of(current_app) if f.table == self.spec.name}
        try:
            history.revert(db.session, self.registry, self.spec.name, record_id, entry_id, protected)
            db.session.commit()
            flash(_("The record is back as it was before that change."), "success")
        except history.RevertError as exc:
            db.session.rollback()
            flash(_(str(exc)), "error")
        except SQLAlchemyError as exc:
            db.session.rollback()
            flash(constraint_errors.describe(exc), "error")
        return redirect(url_for(".details_view", id=record_id))

    @expose("/reveal/", methods=("POST",))
    def reveal_view(self):
        """Show one record's personal data unmasked, for a role with the reveal right; recorded."""
        record_id = request.form.get("id", type=int)
        if not current_user.grants.reveal or not any(c.pii for c in self.spec.columns.values()):
            abort(403)
        if record_id is None or self.get_one(record_id) is None:
            abort(404)
        recorder.record(db.session, self.registry.metadata, "reveal", self.spec.name, record_id,
                        {"columns": [[None, c.name] for c in self.spec.columns.values() if c.pii]})
        db.session.commit()
        g.revealed = (self.spec.name, record_id)
        return self.render(self.details_template, model=self.get_one(record_id),
                           details_columns=self._details_columns, get_value=self.get_detail_value,
                           return_url=self.get_url(".index_view"))

    def may_reveal(self):
        return bool(current_user.grants.reveal and any(c.pii for c in self.spec.columns.values()))

    def history_entries(self, record):
        return history.entries(db.session, self.registry, self.spec.name, record.id)

    # --- prefilled create forms (from the owner's record) -----------------------------------
    def create_form(self, obj=None):
        """A new record's form takes starting values from the query string (?unit=12&...):
        FK fields by id (within the user's scope), other fields as text; personal data never."""
        form = super().create_form(obj)
        if request.method != "GET":
            return form
        for col in self.spec.form_columns:
            name = col.relationship if col.foreign_table and col.relationship else col.name
            raw = request.args.get(name)
            if raw is None or name not in form or col.pii:
                continue
            if col.foreign_table:
                try:
                    target_id = int(raw)
                except ValueError:
                    continue
                if scope.is_visible(db.session, self.registry, self.registry.estate_paths, col.foreign_table,
                                    target_id, current_user.grants.estate_ids):
                    form[name].data = db.session.get(self.registry.model(col.foreign_table), target_id)
            elif col.kind in ("string", "text") and not col.choices:
                form[name].data = raw[: col.max_length or 2000]
        return form

    # --- no lost updates ----------------------------------------------------------------
    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and "version" in self.spec.columns and "seen_version" in form:
            if not form.seen_version.data:
                form.seen_version.data = str(obj.version)
        if obj is not None and not current_user.grants.reveal and request.method == "GET":
            for col in self.spec.form_columns:
                if col.pii and col.name in form:
                    # The field starts empty with the masked value as a hint; left empty, it keeps the value.
                    form[col.name].render_kw = {"placeholder": mask(getattr(obj, col.name), col.pii) or ""}
                    form[col.name].data = ""
        return form

    def update_model(self, form, model):
        kept = {}
        if not current_user.grants.reveal:
            kept = {c.name: getattr(model, c.name) for c in self.spec.form_columns
                    if c.pii and c.name in form and not (form[c.name].data or "").strip()}
        if "version" in self.spec.columns and "seen_version" in form and form.seen_version.data:
            seen = int(form.seen_version.data)
            table = self.model.__table__
            current = db.session.execute(select(table.c.version).where(table.c.id == model.id)
                                         .with_for_update()).scalar()
            if current != seen:
                self._explain_conflict(model, seen)
                return False
        for name, value in kept.items():
            form[name].data = value
        return super().update_model(form, model)

    def _explain_conflict(self, model, seen):
        changes = history.changes_since(db.session, self.registry, self.spec.name, model.id, seen)
        parts = []
        for who, at, column, old, new in changes:
            col = self.spec.columns.get(column)
            if col is None or col.secret or column in ("version", "updated_at"):
                continue
            show = (lambda v: mask(str(v), col.pii)) if col.pii else (
                lambda v: str(col.choice_labels.get(v, v)) if col.choices else v)
            parts.append(f"{col.labels}：{show(old) if old is not None else '—'} → "
                         f"{show(new) if new is not None else '—'}（{who or _('System')} {at:%H:%M}）")
        flash(_("Someone else saved this record after you opened it. Your entries are still in the form: "
                "check them against the changes below and save again.") + (" " + "；".join(parts) if parts else ""),
              "error")

    def on_form_prefill(self, form, id):
        if "seen_version" in form and not form.seen_version.data:
            record = self.get_one(id)
            if record is not None:
                form.seen_version.data = str(record.version)

    # --- exports --------------------------------------------------------------------------
    @expose("/export/<export_type>/")
    def export(self, export_type):
        recorder.record(db.session, self.registry.metadata, "export", self.spec.name, None,
                        {"query": [None, request.query_string.decode("utf-8", "replace")[:500]]})
        db.session.commit()
        return super().export(export_type)

    # --- bulk delete ----------------------------------------------------------------------
    @action("delete", admin_lazy_gettext("Delete"),
            admin_lazy_gettext("Are you sure you want to delete selected records?"))
    def action_delete(self, ids):
        """Flask-Admin's bulk delete, with the row ids as integers: they arrive as text, and
        PostgreSQL compares no integer column with text (the delete failed and showed the SQL)."""
        return super().action_delete([int(i) for i in ids if str(i).isdigit()])

    # --- database errors -----------------------------------------------------------------
    def handle_view_exception(self, exc):
        if isinstance(exc, SQLAlchemyError):
            log.warning("database error in %s: %s", self.endpoint, type(exc).__name__)
            flash(constraint_errors.describe(exc, deleting=request.endpoint.endswith("delete_view")
                                             or request.endpoint.endswith("action_view")), "error")
            return True
        log.exception("error in %s", self.endpoint)
        flash(_("The record could not be saved. Please check the entries and try again."), "error")
        return True

    def on_model_change(self, form, model, is_created):
        if "updated_at" in self.spec.columns and not is_created:
            model.updated_at = datetime.now()
        if "version" in self.spec.columns and not is_created:
            model.version = (model.version or 0) + 1
        if is_created:
            self._record_creation(model)
        for column, field in self.secret_fields.items():
            value = form[field].data if field in form._fields else None
            if value:
                setattr(model, column, accounts.hash_password(value))
                if "session_epoch" in self.spec.columns and not is_created:
                    model.session_epoch = (model.session_epoch or 0) + 1  # old sessions end
