"""URLs of Flask-Admin's static files, built once per file rather than on every page.

Every admin page links about twenty scripts and style sheets through Flask-Admin's
`admin_static.url` macro (templates/admin/static.html replaces it): a url_for each, the same
answer every time for a given site root.
"""

from flask import request
from flask import url_for

_cache = {}


def admin_static_url(admin_endpoint, **kwargs):
    key = (request.script_root, admin_endpoint, tuple(sorted(kwargs.items())))
    url = _cache.get(key)
    if url is None:
        url = _cache[key] = url_for(f"{admin_endpoint}.static", **kwargs)
    return url


def init_app(app):
    app.jinja_env.globals["admin_static_url"] = admin_static_url
