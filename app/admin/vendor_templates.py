"""Flask-Admin's own templates, reachable as ``flask_admin/<name>``.

Our templates folder is searched before Flask-Admin's, so a file such as
``templates/admin/actions.html`` replaces Flask-Admin's. With the originals reachable under a
prefix, such a file can import the original and change one macro (an inline event handler the
CSP would refuse) instead of copying the whole file.
"""

from pathlib import Path

import flask_admin
from jinja2 import ChoiceLoader
from jinja2 import FileSystemLoader
from jinja2 import PrefixLoader

PREFIX = "flask_admin"


def init_app(app, admin):
    folder = Path(flask_admin.__file__).parent / "templates" / admin.theme.folder
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PrefixLoader({PREFIX: FileSystemLoader(str(folder))})])
