"""Generate one SecureModelView per reflected table from its TableSpec: no per-table Python."""

from datetime import date
from datetime import datetime
from decimal import Decimal

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.filters import FilterEqual
from flask import g
from flask import has_request_context
from wtforms import HiddenField
from wtforms import PasswordField
from markupsafe import Markup
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.auth import scope
from app.i18n import LazyText
from app.privacy import mask

from . import tuning
from . import validators as v
from .base import SecureModelView


def _now():
    return datetime.now().replace(second=0, microsecond=0)


def field_name(col):
    """The form/list attribute of a column: FK columns appear as their relationship."""
    return col.relationship if col.foreign_table and col.relationship else col.name


def form_args(spec, col):
    vals = [v.NoControlChars()]
    if col.kind != "boolean" and not col.nullable:
        vals.insert(0, v.Required())
    if col.foreign_table:
        return {"label": col.labels, "validators": vals}
    if col.range:
        vals.append(v.InRange(col.range, col.kind == "integer"))
    if col.kind in ("integer", "decimal"):
        vals.append(v.FitsColumn(col.kind, col.precision, col.scale))
    args = {"label": col.labels, "validators": vals}
    if col.default is not None:
        args["default"] = col.default
    elif col.has_default and not col.nullable and col.kind == "datetime":
        args["default"] = _now
    elif col.has_default and not col.nullable and col.kind == "date":
        args["default"] = date.today
    return args


class TitleAjaxLoader(QueryAjaxModelLoader):
    """Picker for an FK: searches the target's text columns, shows its title, newest first,
    limited to the user's estates like every other query."""

    registry = None
    table = None

    def get_query(self):
        from flask_login import current_user

        query = super().get_query()
        return scope.apply(query, self.registry, self.registry.estate_paths, self.table,
                           current_user.grants.estate_ids)

    MAX_LIMIT = 50  # the picker asks for a page of 20; nobody gets the whole table through it

    def get_list(self, term, offset=0, limit=20):
        limit = max(1, min(int(limit or 20), self.MAX_LIMIT))
        offset = max(0, int(offset or 0))
        term = (term or "").strip()[:100]
        if not term:
            query = self.get_query().order_by(self.model.id.desc())
            return query.offset(offset).limit(limit).all()
        return super().get_list(term.replace("%", r"\%").replace("_", r"\_"), offset, limit)


def ajax_refs(spec, registry):
    refs = {}
    for col in spec.columns.values():
        if not (col.foreign_table and col.relationship and col.editable):
            continue
        target = registry.specs.get(col.foreign_table)
        model = registry.classes.get(col.foreign_table)
        if target is None or model is None or len(target.pk) != 1:
            continue
        fields = [c.name for c in target.searchable_columns][:4] or ["id"]
        loader = TitleAjaxLoader(col.relationship, db, model, fields=fields, page_size=20,
                                 placeholder=LazyText("Search or select…"), minimum_input_length=0)
        loader.registry, loader.table = registry, col.foreign_table
        refs[col.relationship] = loader
    return refs


def fk_filters(spec, registry):
    """An equality filter with the target's titles as options, for small reference tables."""
    filters = []
    for col in spec.filter_columns:
        if not col.foreign_table:
            continue
        target = registry.specs.get(col.foreign_table)
        model = registry.classes.get(col.foreign_table)
        if target is None or model is None or target.large:
            continue
        filters.append(FilterEqual(
            column=getattr(registry.classes[spec.name], col.name), name=col.labels,
            options=_title_options(registry, col.foreign_table)))
    return filters


MAX_FILTER_OPTIONS = 200


def _title_options(registry, table):
    """The filter's choices: the target's titles within the user's estates, like every query."""
    def options():
        from flask_login import current_user

        if not has_request_context():
            return []  # start-up builds the filter cache; options are read per request
        cache = g.setdefault("title_options", {})  # several FKs to one table (staff) load it once
        if table not in cache:
            model = registry.classes[table]
            query = select(model).order_by(model.id).limit(MAX_FILTER_OPTIONS + 1)
            cond = scope.condition(registry, registry.estate_paths, table, current_user.grants.estate_ids)
            if cond is not None:
                query = query.where(cond)
            rows = db.session.execute(query).scalars().all()
            # A drop-down that silently shows part of the choices misleads: past the limit, none.
            cache[table] = [(str(r.id), str(r)) for r in rows] if len(rows) <= MAX_FILTER_OPTIONS else []
        return cache[table]

    return options


def _format_value(col):
    """List and details cell: enum label, masked personal data, money and dates as an office writes them."""

    def formatter(view, context, model, name):
        value = getattr(model, col.name, None)
        if value is None:
            return ""
        if col.choices:
            return str(col.choice_labels.get(value, value))
        if col.pii:
            if getattr(g, "revealed", None) == (view.spec.name, getattr(model, "id", None)):
                return str(value)  # revealed for this one record, and recorded
            return mask(str(value), col.pii)
        if isinstance(value, bool):
            return Markup("&#10003;") if value else ""
        if isinstance(value, Decimal):
            return f"{value:,.{col.scale if col.scale is not None else 2}f}"
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.strftime("%Y-%m-%d")
        if col.kind == "text":
            text = str(value)
            return escape(text if len(text) <= 80 else text[:80] + "…")
        return str(value)

    return formatter


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    return "'" + text if text and text.startswith(FORMULA_PREFIXES) else text


def _export_value(col):
    """Export cell: masked personal data, enumeration labels, no formulas."""

    def formatter(view, context, model, name):
        value = getattr(model, col.name, None)
        if value is None:
            return ""
        if col.pii:
            return neutralise(mask(str(value), col.pii))
        if col.choices:
            return neutralise(str(col.choice_labels.get(value, value)))
        if isinstance(value, (int, Decimal, datetime, date, bool)):
            return str(value)
        return neutralise(str(value))

    return formatter


def title_loads(spec, registry, model):
    """Eager loads for titles that name another record (a unit's title shows its building)."""
    options = []
    for col in spec.list_columns:
        if not (col.foreign_table and col.relationship):
            continue
        target_spec = registry.specs.get(col.foreign_table)
        target = registry.classes.get(col.foreign_table)
        if target_spec is None or target is None:
            continue
        for name in target_spec.title_columns:
            nested = target_spec.columns.get(name + "_id")
            if name not in target_spec.columns and nested is not None and nested.relationship == name:
                options.append(joinedload(getattr(model, col.relationship)).joinedload(getattr(target, name)))
    return tuple(options)


def view_class(spec, registry):
    """Build the ModelView subclass for one table; every attribute derives from the spec."""
    model = registry.classes[spec.name]
    columns = list(spec.columns.values())
    form_cols = [field_name(c) for c in spec.form_columns]
    form_cols += list(spec.many_to_many)
    list_cols = [field_name(c) for c in spec.list_columns]
    details_cols = [field_name(c) for c in columns if not c.secret and not c.hidden]
    labels = {field_name(c): c.labels for c in columns}
    labels.update({c.name: c.labels for c in columns})
    for rel, target in spec.many_to_many.items():
        labels[rel] = registry.specs[target].labels
    choices = {c.name: [(value, c.choice_labels[value]) for value in c.choices] for c in columns if c.choices}
    table_choice_cols = [c.name for c in columns if c.table_choices]
    for name in table_choice_cols:
        choices[name] = [(t, registry.specs[t].labels) for t in registry.specs]
    formatters = {c.name: _format_value(c) for c in columns
                  if c.choices or c.pii or c.kind in ("boolean", "decimal", "date", "datetime", "text")}
    for name in table_choice_cols:
        formatters[name] = (lambda view, ctx, model, n, _s=registry.specs: str(
            _s[getattr(model, n)].labels) if getattr(model, n) in _s else getattr(model, n))
    filters = [c.name for c in spec.filter_columns if not c.foreign_table] + fk_filters(spec, registry)
    secrets = {c.name: f"{c.name}__new" for c in columns if c.secret}
    extra_fields = {field: PasswordField(label=spec.columns[name].labels, validators=[v.NoControlChars()],
                                         render_kw={"autocomplete": "new-password"})
                    for name, field in secrets.items()}
    if "version" in spec.columns:
        extra_fields["seen_version"] = HiddenField()  # the version the user saw: a later save by someone else wins nothing
    attrs = {
        "spec": spec,
        "registry": registry,
        "column_list": list_cols,
        "column_details_list": details_cols,
        "column_export_list": [c.name for c in columns if not c.secret],
        "column_labels": labels,
        "column_searchable_list": [c.name for c in spec.searchable_columns],
        "column_filters": filters,
        "column_default_sort": ([(spec.default_sort, True)] + ([("id", True)] if "id" in spec.columns
                                                                and spec.default_sort != "id" else [])
                                if spec.default_sort else None),
        "column_choices": choices,
        "column_formatters": formatters,
        "column_formatters_detail": formatters,
        "column_formatters_export": {c.name: _export_value(c) for c in columns if not c.secret},
        "column_select_related_list": [getattr(model, c.relationship) for c in spec.list_columns
                                       if c.foreign_table and c.relationship],
        "title_loads": title_loads(spec, registry, model),
        "form_columns": form_cols + list(extra_fields),
        "form_extra_fields": extra_fields,
        "secret_fields": secrets,
        "form_choices": choices,
        "form_args": {field_name(c): form_args(spec, c) for c in spec.form_columns},
        "form_ajax_refs": ajax_refs(spec, registry),
    }
    attrs.update(tuning.for_table(spec.name))
    name = "".join(part.capitalize() for part in spec.name.split("_")) + "View"
    return type(name, (SecureModelView,), attrs)


def build_views(registry, groups):
    """One view instance per table that has a primary key and is not a pure link table."""
    views = []
    group_order = {code: i for i, code in enumerate(groups)}
    specs = sorted(registry.specs.values(), key=lambda s: (group_order.get(s.group, len(group_order)), s.order))
    for spec in specs:
        if spec.is_link_table or len(spec.pk) != 1:
            continue
        cls = view_class(spec, registry)
        views.append(cls(registry.classes[spec.name], db, name=spec.labels,
                         category=groups.get(spec.group), endpoint=spec.name,
                         url=f"/admin/{spec.name}"))
    return views
