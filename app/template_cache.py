"""Compile the page templates ahead of the first request.

Jinja compiles a template the first time it renders, and a page extends and includes several:
in a fresh process a list page's first answer took 86 ms instead of 6, the login 260 ms instead
of 90. gunicorn's master compiles them once before it forks (gunicorn.conf.py), so no worker,
new or recycled, makes its first users wait for it.
"""

# Rendered by the notice printer's own environment (app.documents.render), not by Flask's.
OTHER_ENVIRONMENTS = ("notices/",)


def compile_templates(app):
    """Load every HTML template of the app's Jinja environment into its cache; returns how many.
    A template that does not compile raises here, at start-up, instead of on the page that uses it."""
    env = app.jinja_env
    names = [n for n in env.list_templates() if n.endswith(".html") and not n.startswith(OTHER_ENVIRONMENTS)]
    with app.app_context():
        for name in names:
            env.get_template(name)
    return len(names)
