"""PropertyDesk (物業客服台): the customer-service centre's admin panel, generated from schema.sql."""

from flask import Flask

from . import admin
from . import attachments
from . import auth
from . import cli
from . import config
from . import documents
from . import errors
from . import i18n
from . import schema
from . import templating
from . import web
from . import workflows
from .audit import recorder
from .config import ROOT
from .extensions import babel
from .extensions import csrf
from .extensions import db


def create_app(test_config=None):
    """Build a PropertyDesk application: config, database, schema registry, auth, admin, CLI."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(ROOT / "templates"))
    config.load(app, test_config)
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_babel_locale,
                   default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"])
    registry = schema.init_app(app)  # pragmas, schema.sql on an empty database, reflection
    workflows.load(app, registry)  # workflows.toml, checked against the schema
    recorder.install()  # every ORM write leaves an audit row in its own transaction
    templating.init_app(app)  # page templates without their indentation
    web.init_app(app)  # write intent per request (first: nothing may open a transaction before it), headers
    i18n.init_app(app)
    auth.init_app(app)
    admin.init_app(app)
    documents.init_app(app)  # printable notices: catalogue, print routes, verification, batches
    attachments.init_app(app)  # files on tagged records: panel, upload, download (after the permission check)
    errors.init_app(app)
    cli.init_app(app)
    return app
