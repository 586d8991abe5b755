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

    def field(match):
        name = match.group(1)
        if name in spec.columns:
            col = spec.columns[name]
            value = getattr(record, name, None)
            if value is None:
                return ""
            if col.choices:
                return str(col.choice_labels.get(value, value))
            return mask(str(value), col.pii) if col.pii else str(value)
        related = getattr(record, name, None)
        return "" if related is None else str(related)

    text = _FIELD.sub(field, spec.title_template).strip()
    text = re.sub(r"\(\s*\)", "", text).strip()
    return text or f"#{getattr(record, 'id', '')}"
