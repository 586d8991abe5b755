"""Record panels: features (workflow actions, print buttons, history) add blocks to a record's
details and edit pages without touching the generated views or each other.

A provider is `provider(view, record) -> Markup | None`; it is registered per application.
"""

from flask import current_app

KEY = "propertydesk_panels"


def register(app, provider):
    """Add a panel provider to `app`; panels render in registration order."""
    app.extensions.setdefault(KEY, []).append(provider)


def render(view, record):
    """The HTML of every panel that has something to show for `record`."""
    out = []
    for provider in current_app.extensions.get(KEY, []):
        html = provider(view, record)
        if html:
            out.append(html)
    return out
