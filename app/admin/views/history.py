"""Record pages: the History tab (who changed what, old and new values, revert) and the reveal button."""

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from app.privacy import mask


def _shown(col, value, revealed):
    if value is None:
        return "—"
    if col is not None and col.secret:
        return "••••"
    if col is not None and col.pii and not revealed:
        return mask(str(value), col.pii)
    if col is not None and col.choices:
        return str(col.choice_labels.get(value, value))
    return str(value)


def history_panel(view, record):
    if record is None or getattr(record, "id", None) is None or view.spec.name == "audit_log":
        return None
    from flask import g

    revealed = getattr(g, "revealed", None) == (view.spec.name, record.id)
    rows = []
    for entry_id, at, action, who, diff in view.history_entries(record):
        lines = []
        for column, (old, new) in sorted(diff.items()):
            if column.startswith("_") or column in ("version", "updated_at"):
                continue
            col = view.spec.columns.get(column)
            label = str(col.labels) if col is not None else column
            lines.append((label, _shown(col, old, revealed), _shown(col, new, revealed)))
        rows.append((entry_id, at, action, who, lines))
    may_revert = view.allows("edit") and not view.spec.append_only
    return Markup(render_template("admin/history_panel.html", rows=rows, record=record, view=view,
                                  may_revert=may_revert, may_reveal=view.may_reveal() and not revealed,
                                  action_labels=view.registry.spec("audit_log").columns["action"].choice_labels))
