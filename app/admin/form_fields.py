"""A record's form as HTML: the markup of Flask-Admin's `lib.render_form` (Bootstrap 4).

The edit and create pages rendered every field through `lib.render_field`: seven template calls
and a dozen attribute lookups a field, a quarter of a complaint's edit page for its 24 fields.
This writes the same markup in Python, so Flask-Admin's style sheets and scripts (select2, date
pickers, `is-invalid`) work unchanged. The widgets themselves are still WTForms' and
Flask-Admin's, but for the FK pickers (Picker), which keep their search address. What follows
from the form class and the language alone (labels, and enumerations and checkboxes by value)
is kept per form class; tests/test_form_markup.py checks it against the markup made afresh.
"""

import weakref

from flask import json
from flask import request
from flask import url_for
from flask_admin import helpers as h
from flask_admin.babel import gettext
from flask_admin.form.fields import Select2Field
from flask_admin.model.widgets import AjaxSelect2Widget
from markupsafe import Markup
from markupsafe import escape
from wtforms.fields import BooleanField
from wtforms.widgets import html_params

from app.kept import kept
from app.schema.annotations import current_lang

_lookup_urls = {}  # (site root, view, picker) -> the picker's search address
_kept_markup = weakref.WeakKeyDictionary()  # form class -> {(part, field, language, ...): markup}
MAX_KEPT = 2000  # per form class; emptied whole when full
_CLOSED = (Select2Field, BooleanField)  # fields whose input's markup follows from their value and language


def render_field(field, kwargs=None, store=None, lang=None):
    """One field: label (with * when required), input, and its errors or its description.

    With `store` (the form class's kept markup, see render_fields) and the language, what follows from
    them alone is made once: the label part of every field, and the whole input of a field whose
    markup follows from its value (an enumeration lists and translates all its choices, a third
    of a record form's field time)."""
    kwargs = dict(kwargs or {})
    input_type = getattr(field.widget, "input_type", None)
    checkbox = input_type == "checkbox"
    errors = [e for e in field.errors if isinstance(e, str)] if h.is_field_error(field.errors) else []
    kwargs.setdefault("class", "" if checkbox else "form-control-file" if input_type == "file" else "form-control")
    if errors:
        kwargs["class"] += " is-invalid"
    column_class = kwargs.pop("column_class", "")
    if store is None:
        head, widget = _head(field, column_class, checkbox), str(field(**kwargs))
    else:
        head = kept(store, ("head", field.name, lang, column_class), lambda: _head(field, column_class, checkbox),
                    MAX_KEPT)
        value = _hashable(field.data) if isinstance(field, _CLOSED) and not errors and not field.render_kw else None
        if value is None:
            widget = str(field(**kwargs))
        else:
            key = ("input", field.name, lang, value, tuple(sorted(kwargs.items())))
            widget = kept(store, key, lambda: str(field(**kwargs)), MAX_KEPT)
    out = [head, widget]
    tight = " mt-0" if checkbox else ""
    if errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in errors)
        out.append(f'\n<div class="invalid-feedback"><ul class="form-text text-danger{tight}">{items}</ul></div>')
    elif field.description:
        out.append(f'\n<small class="form-text text-muted{tight}">{field.description}</small>')  # trusted, as |safe
    out.append("\n</div>\n")
    return Markup("".join(out))


def _head(field, column_class, checkbox):
    mark = '<strong class="text-danger">&#42;</strong>' if h.is_required_form_field(field) else "&nbsp;"
    return (f'<div class="form-group {escape(column_class)}">'
            f'<label for="{escape(field.id)}" class="col-form-label{" d-block mb-0" if checkbox else ""}">'
            f"{escape(field.label.text)} {mark}</label>\n")


def _hashable(value):
    """`value` as a key (None stands for a value that cannot be one)."""
    try:
        hash(value)
    except TypeError:
        return None
    return ("value", value)


class Picker(AjaxSelect2Widget):
    """An FK field's search-as-you-type picker: the markup of Flask-Admin's AjaxSelect2Widget
    (its select2 script reads it), with the search address built once per view and picker.
    Flask-Admin's widget runs a url_for, and a gettext for a placeholder ours always replaces,
    for every picker of every form: a fifth of a record form's field time."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("data-role", "select2-ajax")
        kwargs.setdefault("data-url", _lookup_url(field.loader.name))
        if getattr(field, "allow_blank", False):
            kwargs["data-allow-blank"] = "1"
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("type", "hidden")
        data = field.loader.format(field.data)
        if data:
            kwargs["value"] = data[0]
            kwargs["data-json"] = json.dumps(data)
        kwargs.setdefault("data-placeholder", field.loader.options.get("placeholder") or "")
        kwargs.setdefault("data-minimum-input-length", int(field.loader.options.get("minimum_input_length", 1)))
        kwargs.setdefault("data-separator", ",")
        return Markup(f"<input {html_params(name=field.name, **kwargs)}>")


def _lookup_url(name):
    key = (request.script_root, request.blueprint, name)
    url = _lookup_urls.get(key)
    if url is None:
        url = _lookup_urls[key] = url_for(".ajax_lookup", name=name)
    return url


def render_fields(form, form_opts=None):
    """Every field of `form` that is not hidden (the hidden ones go with the form's hidden tag)."""
    widget_args = getattr(form_opts, "widget_args", None) or {}
    store = _kept_markup.setdefault(type(form), {})  # goes with the form class
    lang = current_lang.get()
    return Markup("").join(render_field(f, widget_args.get(f.short_name), store, lang)
                           for f in form if getattr(f.widget, "input_type", None) != "hidden")


def save_buttons(can_create, can_edit):
    """The form's other submit buttons, as Flask-Admin's `lib.extra` draws them."""
    buttons = []
    if can_create:
        buttons.append(f'<input name="_add_another" type="submit" class="btn btn-secondary" '
                       f'value="{escape(gettext("Save and Add Another"))}" />')
    if can_edit:
        buttons.append(f'<input name="_continue_editing" type="submit" class="btn btn-secondary" '
                       f'value="{escape(gettext("Save and Continue Editing"))}" />')
    return Markup("\n".join(buttons))


def render_form(form, cancel_url, extra=None, form_opts=None):
    """The form tag, the hidden fields with the CSRF token, the fields, then Save, `extra` (the
    page's other submit buttons, already HTML) and Cancel."""
    cancel = (f'<a href="{escape(cancel_url)}" class="btn btn-danger" role="button">{escape(gettext("Cancel"))}</a>'
              if cancel_url else "")
    return Markup(
        '<form action="" method="POST" role="form" class="admin-form" enctype="multipart/form-data">\n<fieldset>\n'
        f"{form.hidden_tag()}\n{render_fields(form, form_opts)}"
        '<hr>\n<div class="form-group">\n<div class="col-md-offset-2 col-md-10 submit-row">\n'
        f'<input type="submit" class="btn btn-primary" value="{escape(gettext("Save"))}" />\n{extra or ""}\n{cancel}\n'
        "</div>\n</div>\n</fieldset>\n</form>")
