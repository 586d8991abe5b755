"""Generate one SecureModelView per reflected table from its TableSpec: no per-table Python."""

from datetime import date
from datetime import datetime
from decimal import Decimal

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla import filters as sqla_filters
from flask import g
from wtforms import HiddenField
from wtforms import PasswordField
from markupsafe import Markup
from markupsafe import escape
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.auth import scope
from app.frontdesk import lookup
from app.i18n import LazyText
from app.privacy import mask

from . import form_fields
from . import tuning
from .list_records import MAX_TITLE_DEPTH
from .list_records import title_fk_columns
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

    def get_one(self, pk):
        """The submitted or filtered-on row, only if the user's estates hold it: Flask-Admin's
        loader would accept any id, so a form could point at another estate's record."""
        try:
            key = int(pk)
        except (TypeError, ValueError):
            return None
        with db.session.no_autoflush:
            return self.get_query().filter(self.model.id == key).one_or_none()

    MAX_LIMIT = 50  # the picker asks for a page of 20; nobody gets the whole table through it

    def get_list(self, term, offset=0, limit=20):
        limit = max(1, min(int(limit or 20), self.MAX_LIMIT))
        offset = max(0, int(offset or 0))
        term = (term or "").strip()[:100]
        if not term:
            query = self.get_query().order_by(self.model.id.desc())
            return query.offset(offset).limit(limit).all()
        indexed = lookup.indexed_condition(db.session.get_bind().dialect.name, self.registry, self.table, term)
        if indexed is not None:
            query = self.get_query().filter(indexed).order_by(self.model.id)
            return query.offset(offset).limit(limit).all()
        return super().get_list(term.replace("%", r"\%").replace("_", r"\_"), offset, limit)


def title_loader(registry, table, name):
    """A search over `table`'s titles within the user's estates (FK pickers and FK filters)."""
    target = registry.specs.get(table)
    model = registry.classes.get(table)
    if target is None or model is None or len(target.pk) != 1:
        return None
    fields = [c.name for c in target.searchable_columns][:4] or ["id"]
    loader = TitleAjaxLoader(name, db, model, fields=fields, page_size=20,
                             placeholder=LazyText("Search or select…"), minimum_input_length=0)
    loader.registry, loader.table = registry, table
    return loader


def ajax_refs(spec, registry):
    refs = {}
    for col in spec.columns.values():
        if col.foreign_table and col.relationship and col.editable:
            loader = title_loader(registry, col.foreign_table, col.relationship)
            if loader is not None:
                refs[col.relationship] = loader
    return refs


class TitleFilter(sqla_filters.IntEqualFilter):
    """Equality on an FK column whose value is picked by searching the target's titles.

    The page carries no list of choices: the picker asks the view's filter_lookup_view as the
    user types, so a filter on staff or units works at any size and costs the page nothing."""

    def __init__(self, column, name, loader):
        super().__init__(column, name, data_type="pd-title-lookup")
        self.loader = loader


def column_filters(spec, registry):
    """The list's filters, with the operations a desk uses on each kind of column.

    Flask-Admin offers seven operations on every column, "contains" on a status and "equals to
    the second" on a time among them: a longer menu to read and seven copies of every status's
    choices on every list page."""
    model = registry.classes[spec.name]
    filters = []
    for col in spec.filter_columns:
        column, label = getattr(model, col.name), col.labels
        if col.foreign_table:
            loader = title_loader(registry, col.foreign_table, col.name)
            kinds = [lambda c, n, _l=loader: TitleFilter(c, n, _l)] if loader is not None else []
        elif col.choices:
            options = [(value, col.choice_labels[value]) for value in col.choices]
            kinds = [lambda c, n, _o=options, _f=f: _f(c, n, options=_o)
                     for f in (sqla_filters.FilterEqual, sqla_filters.FilterNotEqual, sqla_filters.FilterInList)]
        elif col.kind == "boolean":
            kinds = [sqla_filters.BooleanEqualFilter]
        elif col.kind == "datetime":
            kinds = [sqla_filters.DateTimeBetweenFilter, sqla_filters.DateTimeGreaterFilter,
                     sqla_filters.DateTimeSmallerFilter]
        elif col.kind == "date":
            kinds = [sqla_filters.DateBetweenFilter, sqla_filters.DateGreaterFilter, sqla_filters.DateSmallerFilter]
        else:
            kinds = []
        if kinds and col.nullable:
            kinds.append(sqla_filters.FilterEmpty)
        filters += [kind(column, label) for kind in kinds]
    return filters


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
    """Joined loads of the records the list's columns name, and of those their titles name (a
    unit's title shows its building): no query per row (editable lists, exports)."""
    return _named_record_loads(registry, model, [c for c in spec.list_columns if c.foreign_table and c.relationship])


def record_loads(spec, registry, model):
    """Loader options for one record's pages (edit, details): every record it names, and the
    records their titles name, in the record's own statement instead of one query per picker."""
    return _named_record_loads(registry, model, [c for c in spec.columns.values() if c.foreign_table and c.relationship])


def _named_record_loads(registry, model, fk_columns):
    """Joined loads of the records `fk_columns` name, following their titles to MAX_TITLE_DEPTH."""
    options = []

    def follow(path, owner, columns, depth):
        for col in columns:
            target_spec, target = registry.specs.get(col.foreign_table), registry.classes.get(col.foreign_table)
            if target_spec is None or target is None:
                continue
            step = getattr(owner, col.relationship)
            load = path.joinedload(step) if path is not None else joinedload(step)
            options.append(load)
            if depth < MAX_TITLE_DEPTH:
                follow(load, target, title_fk_columns(target_spec), depth + 1)

    follow(None, model, fk_columns, 1)
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
    pickers = ajax_refs(spec, registry)
    field_args = {field_name(c): form_args(spec, c) for c in spec.form_columns}
    for name in pickers:
        if name in field_args:
            field_args[name]["widget"] = form_fields.Picker()
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
        "column_filters": column_filters(spec, registry),
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
        "record_loads": record_loads(spec, registry, model),
        "form_columns": form_cols + list(extra_fields),
        "form_extra_fields": extra_fields,
        "secret_fields": secrets,
        "form_choices": choices,
        "form_args": field_args,
        "form_ajax_refs": pickers,
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
