"""The base of every reflected class: a readable title for FK pickers, lists and logs."""

import re

from app.privacy import mask

_FIELD = re.compile(r"{(\w+)}")


class RecordBase:
    __spec__ = None  # the TableSpec, set when the registry is built

    def __str__(self):
        spec = type(self).__spec__
        if spec is None:
            return f"#{getattr(self, 'id', '?')}"
        return render_title(self, spec)

    def __repr__(self):
        pk = getattr(self, "id", None)
        return f"<{type(self).__name__} {pk}>"


def render_title(record, spec):
    """Fill the table's #title template; FK names render the referenced record's own title;
    personal data in a title is always masked."""
    renderer = spec.__dict__.get("_title_renderer")
    if renderer is None or renderer[0] != spec.title_template:
        renderer = spec.__dict__["_title_renderer"] = (spec.title_template, _compile_title(spec))
    text = renderer[1](record)
    if "(" in text:
        text = _EMPTY_BRACKETS.sub("", text).strip()
    return text or f"#{getattr(record, 'id', '')}"


_EMPTY_BRACKETS = re.compile(r"\(\s*\)")


def _compile_title(spec):
    """The template cut once into its text and one reader per field: a list shows dozens of
    titles per page, and parsing the template for each was a tenth of the page."""
    parts = _FIELD.split(spec.title_template)  # text, field, text, field, ..., text
    readers = [_field_reader(spec, name) for name in parts[1::2]]
    texts = parts[0::2]

    def render(record):
        out = [texts[0]]
        for reader, text in zip(readers, texts[1:]):
            out.append(reader(record))
            out.append(text)
        return "".join(out).strip()

    return render


def _field_reader(spec, name):
    col = spec.columns.get(name)
    if col is None:  # a relationship: the referenced record's own title
        def related(record):
            value = getattr(record, name, None)
            return "" if value is None else str(value)
        return related

    def value(record):
        v = getattr(record, name, None)
        if v is None:
            return ""
        if col.choices:
            return str(col.choice_labels.get(v, v))
        return mask(str(v), col.pii) if col.pii else str(v)

    return value
