"""The admin site, built per application: the front-desk home and one screen per table."""

from pathlib import Path

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from app import csp
from app.i18n import LazyText
from app.schema import registry_of

from .generate import build_views
from .translations import compile_admin_catalogues
from . import menu
from . import panels
from . import static_urls
from . import vendor_templates
from .views import history as history_views
from .views import dashboards as dashboard_views
from .views import workflow as workflow_views
from .views.home import FrontDeskHome


def init_app(app):
    registry = registry_of(app)
    translations = compile_admin_catalogues(Path(app.instance_path) / "translations")
    admin = Admin(
        app,
        name=LazyText("PropertyDesk"),
        theme=Bootstrap4Theme(fluid=True, base_template="admin/pd_base.html"),
        index_view=FrontDeskHome(name=LazyText("Home"), url="/admin", template="admin/frontdesk_home.html"),
        translations_path=translations,
        csp_nonce_generator=csp.nonce,
    )
    vendor_templates.init_app(app, admin)
    groups = registry.notes.groups
    for view in build_views(registry, groups):
        admin.add_view(view)
    workflow_views.init_app(app, admin)
    dashboard_views.init_app(app, admin)
    menu.init_app(app)
    static_urls.init_app(app)
    panels.register(app, history_views.history_panel)
    app.extensions["propertydesk_admin"] = admin
    return admin
