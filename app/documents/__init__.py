"""Printable notices (PDF): numbered, archived, verifiable; in Traditional Chinese.

Domain modules (no Flask): catalogue (notice types as data), contexts (records -> plain values),
numbering (doc_sequence), archive (generated_document + files), render (Jinja2 + WeasyPrint),
fonts (the notice fonts), verify (pass QR tokens and states), printing (the verbs).
Web and CLI adapters: web, cli; `init_app` registers them.
"""

import os
from pathlib import Path

from app.config import ROOT

from . import catalogue as catalogue_module

KEY = "propertydesk_documents"


def init_app(app):
    """Load and check the notice catalogue; register the print routes, panels, pages and CLI."""
    from app.schema import registry_of

    from . import cli
    from . import web

    instance = Path(app.instance_path)
    app.config.setdefault("DOCUMENTS_TEMPLATES", str(ROOT / "templates" / "notices"))
    app.config.setdefault("DOCUMENTS_DIR", str(instance / "documents"))
    app.config.setdefault("DOCUMENTS_FONT_DIR", str(instance / "fonts"))
    app.config.setdefault("DOCUMENTS_BASE_URL", os.environ.get("DOCUMENTS_BASE_URL"))  # default: the request's
    app.config.setdefault("DOCUMENTS_BATCH_BACKGROUND_OVER", 40)  # longer batches run in a thread, with progress
    app.config.setdefault("DOCUMENTS_WORKERS", None)  # processes for big batches (default: one per core)
    templates = Path(app.config["DOCUMENTS_TEMPLATES"])
    app.extensions[KEY] = catalogue_module.load(templates / "notices.toml", registry_of(app), templates)
    web.init_app(app)
    app.cli.add_command(cli.print_notice_command)
    return app.extensions[KEY]
