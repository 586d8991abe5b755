"""A record form's fields as HTML: the markup of Flask-Admin's `lib.render_field` (Bootstrap 4).

The edit and create pages render every field through that Jinja macro: seven template calls and
a dozen attribute lookups a field, a quarter of a complaint's edit page for its 24 fields. This
writes the same markup in Python, so Flask-Admin's style sheets and scripts (select2, date
pickers, `is-invalid`) work unchanged. The widgets themselves are still WTForms' and
Flask-Admin's.
"""

from flask_admin import helpers as h
from markupsafe import Markup
from markupsafe import escape


def render_field(field, kwargs=None):
    """One field: label (with * when required), input, and its errors or its description."""
    kwargs = dict(kwargs or {})
    input_type = getattr(field.widget, "input_type", None)
    checkbox = input_type == "checkbox"
    errors = [e for e in field.errors if isinstance(e, str)] if h.is_field_error(field.errors) else []
    kwargs.setdefault("class", "" if checkbox else "form-control-file" if input_type == "file" else "form-control")
    if errors:
        kwargs["class"] += " is-invalid"
    mark = '<strong class="text-danger">&#42;</strong>' if h.is_required_form_field(field) else "&nbsp;"
    out = [f'<div class="form-group {escape(kwargs.pop("column_class", ""))}">'
           f'<label for="{escape(field.id)}" class="col-form-label{" d-block mb-0" if checkbox else ""}">'
           f"{escape(field.label.text)} {mark}</label>\n", str(field(**kwargs))]
    tight = " mt-0" if checkbox else ""
    if errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in errors)
        out.append(f'\n<div class="invalid-feedback"><ul class="form-text text-danger{tight}">{items}</ul></div>')
    elif field.description:
        out.append(f'\n<small class="form-text text-muted{tight}">{field.description}</small>')  # trusted, as |safe
    out.append("\n</div>\n")
    return Markup("".join(out))


def render_fields(form, form_opts=None):
    """Every field of `form` that is not hidden (the hidden ones go with the form's hidden tag)."""
    widget_args = getattr(form_opts, "widget_args", None) or {}
    return Markup("").join(render_field(f, widget_args.get(f.short_name))
                           for f in form if getattr(f.widget, "input_type", None) != "hidden")


def init_app(app):
    app.jinja_env.globals["pd_form_fields"] = render_fields
