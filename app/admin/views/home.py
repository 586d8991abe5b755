"""The front-desk home page: one search box, and the caller's record."""

from flask import abort
from flask import current_app
from flask import redirect
from flask import request
from flask import url_for
from flask_admin import AdminIndexView
from flask_admin import expose
from flask_login import current_user

from app.extensions import db
from app.frontdesk import lookup
from app.i18n import _
from app.schema import registry_of


class FrontDeskHome(AdminIndexView):
    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    def _can_lookup(self):
        return current_user.can("view", "party") or current_user.can("view", "unit")

    @expose("/")
    def index(self):
        query = request.args.get("q", "")
        result = None
        message = None
        if query and self._can_lookup():
            registry = registry_of(current_app)
            result = lookup.lookup(db.session, registry, query, current_user.grants.estate_ids)
            if not result.query or (len(result.query) < 2 and ord(result.query[0]) < 0x2E80):
                message = _("Enter at least two characters.")
            elif result.single_party is not None and current_user.can("view", "party"):
                return redirect(url_for(".party", party_id=result.single_party.id, q=result.query))
            elif not result.parties and not result.units:
                message = _("No owner, tenant or unit matches “%(q)s”.", q=result.query)
        return self.render("admin/frontdesk_home.html", query=query, result=result, message=message,
                           can_lookup=self._can_lookup())

    @expose("/party/<int:party_id>")
    def party(self, party_id):
        if not current_user.can("view", "party"):
            abort(403)
        registry = registry_of(current_app)
        record = lookup.party_record(db.session, registry, party_id, estate_ids=current_user.grants.estate_ids)
        if record is None:
            abort(404)
        return self.render("admin/frontdesk_party.html", record=record, query=request.args.get("q", ""),
                           specs=registry.specs, can=current_user.can)
