"""Attachments: complaint photos, signed scans and drawings on the records of tables tagged
#attachments in schema.sql.

Domain modules (no Flask): kinds (what is accepted, by content), names (safe file names),
storage (content-addressed files under the instance folder), operations (the verbs and who may
use them). The web adapter, web, adds the Attachments panel and the upload, download and
remove routes; `init_app` registers them.
"""

from pathlib import Path


def init_app(app):
    """Check the storage folder and the tagged tables; register the routes and the panel."""
    from app.admin import panels
    from app.schema import registry_of

    from . import web

    folder = Path(app.config["ATTACHMENTS_DIR"]).resolve()
    static = Path(app.static_folder).resolve() if app.static_folder else None
    if static is not None and (folder == static or static in folder.parents):
        raise RuntimeError(f"ATTACHMENTS_DIR must not be under the static folder: {folder}")
    app.config["ATTACHMENTS_DIR"] = str(folder)
    registry = registry_of(app)
    unfit = [name for name, spec in registry.specs.items() if spec.attachments and spec.pk != ["id"]]
    if unfit:
        raise RuntimeError(f"tables tagged #attachments need an `id` primary key: {', '.join(unfit)}")
    if any(spec.attachments for spec in registry.specs.values()) and "attachment" not in registry.specs:
        # A database made before the table existed: run its CREATE TABLE from schema.sql to switch them on.
        app.logger.warning("schema.sql tags tables #attachments but the database has no attachment table")
    app.register_blueprint(web.bp)
    panels.register(app, web.record_panel)
