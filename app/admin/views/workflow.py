"""Workflow screens: the actions on a record, the inbox (待我處理), the overview, the guard's gate.

Thin adapters: parse the request, check access, call app.workflows.engine, commit, flash, redirect.
"""

from datetime import datetime

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_admin import BaseView
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms import BooleanField
from wtforms import DateField
from wtforms import DateTimeLocalField
from wtforms import DecimalField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Optional

from app.auth import scope
from app.extensions import db
from app.i18n import LazyText
from app.i18n import _
from app.schema import registry_of
from app.schema.annotations import current_lang
from app.workflows import engine
from app.workflows import flows_of
from app.workflows import inbox as inbox_queries

from .. import validators as v
from ..access import LoginOr403
from ..base import AdminForm

SUPERVISING_ROLES = ("supervisor", "manager", "director")


def actor_of(user):
    return engine.Actor(user.id, user.role, user.grants.is_admin)


def _registry():
    return registry_of(current_app)


def _flows():
    return flows_of(current_app)


class AcceptedBox:
    """A required checkbox (documents checked, fees paid): it must be ticked."""

    def __call__(self, form, field):
        if not field.data:
            from wtforms.validators import StopValidation

            raise StopValidation(_("This field is required."))


def transition_form(spec, transition, registry, record):
    """A form with exactly the fields this step asks for, from their column specs."""

    class F(AdminForm):
        pass

    for name in transition.fields:
        col = spec.columns[name]
        required = name in transition.required
        validators = [v.Required() if required and col.kind != "boolean" else Optional(), v.NoControlChars()]
        if col.range:
            validators.append(v.InRange(col.range, col.kind == "integer"))
        label = col.labels
        if col.choices:
            field = SelectField(label, choices=[("", "")] + [(c, col.choice_labels[c]) for c in col.choices],
                                validators=validators)
        elif col.foreign_table:
            target = registry.model(col.foreign_table)
            options = db.session.execute(select(target).order_by(target.id).limit(300)).scalars().all()
            field = SelectField(label, choices=[("", "")] + [(str(o.id), str(o)) for o in options],
                                validators=validators)
        elif col.kind == "boolean":
            field = BooleanField(label, validators=[AcceptedBox()] if required else [])
        elif col.kind == "date":
            field = DateField(label, validators=validators)
        elif col.kind == "datetime":
            field = DateTimeLocalField(label, format="%Y-%m-%dT%H:%M", validators=validators)
        elif col.kind == "decimal":
            field = DecimalField(label, places=col.scale or 2, validators=validators + [
                v.FitsColumn("decimal", col.precision, col.scale)])
        elif col.kind == "integer":
            field = IntegerField(label, validators=validators + [v.FitsColumn("integer")])
        elif col.kind == "text":
            field = TextAreaField(label, validators=validators)
        else:
            field = StringField(label, validators=validators + [v.MaxChars(col.max_length or 10000)])
        setattr(F, name, field)
    comment_validators = [v.Required()] if transition.comment == "required" else [Optional()]
    F.comment = TextAreaField(LazyText("Comment"), validators=comment_validators + [v.NoControlChars()])
    F.version = HiddenField()
    return F


def _coerce(spec, name, data):
    col = spec.columns[name]
    if data in ("", None):
        return None
    if col.foreign_table:
        return int(data)
    return data


def record_panel(view, record):
    """Buttons for the transitions the user may fire, the timeline and the signatures."""
    flows = _flows()
    flow = flows.for_table(view.spec.name)
    if flow is None or record is None:
        return None
    registry = _registry()
    actions = engine.available(flow, record, actor_of(current_user), db.session, registry)
    timeline = engine.history(db.session, registry, flow.table, record.id)
    signatures = engine.signatures(db.session, registry, flow.table, record.id, english=current_lang.get() == "en")
    status_col = view.spec.columns[flow.status_column]
    return Markup(render_template(
        "admin/workflow_panel.html", flow=flow, record=record, actions=actions, timeline=timeline,
        signatures=signatures, status_label=lambda s: status_col.choice_labels.get(s, s) if s else "",
        table=flow.table))


class WorkflowView(BaseView):
    """/admin/workflow/<table>/<id>/<transition>: ask for the step's fields, then fire it."""

    def is_accessible(self):
        return current_user.is_authenticated

    def is_visible(self):
        return False

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @expose("/")
    def index(self):
        return redirect(url_for("inbox.index"))

    @expose("/<table>/<int:record_id>/<action>", methods=("GET", "POST"))
    def fire(self, table, record_id, action):
        name = action
        registry = _registry()
        flow = _flows().for_table(table)
        if flow is None or name not in flow.transitions or not current_user.can("view", table):
            abort(404 if flow is None or name not in flow.transitions else 403)
        record = db.session.get(registry.model(table), record_id)
        if record is None or not scope.is_visible(db.session, registry, registry.estate_paths, table, record_id,
                                                  current_user.grants.estate_ids):
            abort(404)
        transition = flow.transitions[name]
        spec = registry.spec(table)
        actor = actor_of(current_user)
        details_url = url_for(f"{table}.details_view", id=record_id)
        form_class = transition_form(spec, transition, registry, record)
        if request.method == "GET":
            if transition not in engine.available(flow, record, actor, db.session, registry):
                flash(_("You may not take this action on this record now."), "error")
                return redirect(details_url)
            form = form_class(obj=record)
            form.version.data = str(getattr(record, "version", "") or "")
            return self.render("admin/workflow_fire.html", form=form, flow=flow, transition=transition,
                               record=record, details_url=details_url)
        form = form_class(request.form)
        if form.validate():
            values = {f: _coerce(spec, f, form[f].data) for f in transition.fields}
            try:
                outcome = engine.fire(db.session, registry, _flows(), table, record_id, name, actor,
                                      seen_version=form.version.data or None, values=values,
                                      comment=form.comment.data)
                db.session.commit()
            except engine.TransitionError as exc:
                db.session.rollback()
                for field in exc.details.get("fields", ()):
                    if field in form:
                        form[field].errors = list(form[field].errors) + [_("This field is required.")]
                flash(_(str(exc)), "error")
            else:
                if outcome.completed:
                    flash(_("Done: %(action)s.", action=str(transition.labels)), "success")
                else:
                    flash(_("Your signature is recorded; waiting for: %(roles)s.",
                            roles="、".join(outcome.waiting_for)), "success")
                return redirect(details_url)
        return self.render("admin/workflow_fire.html", form=form, flow=flow, transition=transition,
                           record=record, details_url=details_url)


class RecordLinks:
    """A list's links to records and their steps, each kind built once by url_for and then
    completed per record: the inbox shows a hundred or more, and url_for took a tenth of it."""

    _SAMPLE_ID = 987654321  # stands for the record's id while a link's pattern is built

    def __init__(self):
        self._details, self._steps = {}, {}

    def details(self, table, record_id):
        prefix = self._details.get(table)
        if prefix is None:
            prefix = self._details[table] = url_for(f"{table}.details_view", id=self._SAMPLE_ID).removesuffix(
                str(self._SAMPLE_ID))
        return prefix + str(record_id)

    def step(self, table, record_id, action):
        parts = self._steps.get((table, action))
        if parts is None:
            parts = self._steps[(table, action)] = url_for(
                "workflow.fire", table=table, record_id=self._SAMPLE_ID, action=action).split(str(self._SAMPLE_ID))
        return str(record_id).join(parts)


class InboxView(LoginOr403, BaseView):
    """待我處理: everything waiting on the user's role, overdue first."""

    def is_accessible(self):
        return current_user.is_authenticated and current_user.role != "guard"

    @expose("/")
    def index(self):
        now = datetime.now()
        flows = [f for f in _flows() if current_user.can("view", f.table)]
        more = set()
        items = inbox_queries.inbox(db.session, _registry(), flows, actor_of(current_user), now=now,
                                    limit_per_flow=current_app.config.get("INBOX_LIMIT_PER_FLOW", 50),
                                    estate_ids=current_user.grants.estate_ids, more=more)
        return self.render("admin/workflow_inbox.html", items=items, now=now, specs=_registry().specs,
                           left=_time_left, more=sorted(more), links=RecordLinks())


class OverviewView(LoginOr403, BaseView):
    """For supervisors and managers: open items by flow and state, overdue items, slow approvals."""

    def is_accessible(self):
        return current_user.is_authenticated and (current_user.role in SUPERVISING_ROLES or current_user.grants.is_admin)

    @expose("/")
    def index(self):
        now = datetime.now()
        registry = _registry()
        flows = [f for f in _flows() if current_user.can("view", f.table)]
        estates = current_user.grants.estate_ids
        return self.render(
            "admin/workflow_overview.html", now=now, specs=registry.specs, left=_time_left,
            counts=inbox_queries.overview(db.session, registry, flows, now, estate_ids=estates),
            overdue=inbox_queries.overdue(db.session, registry, flows, now, estate_ids=estates),
            waiting=inbox_queries.waiting_approvals(db.session, registry, flows, now=now, estate_ids=estates))


class GateView(LoginOr403, BaseView):
    """The guard's gate: type or scan a pass number, see the items, release or refuse in one step."""

    def is_accessible(self):
        return current_user.is_authenticated and current_user.can("view", "goods_release_pass") and \
            current_user.can("edit", "goods_release_pass")

    @expose("/", methods=("GET", "POST"))
    def index(self):
        registry = _registry()
        Pass = registry.model("goods_release_pass")
        Item = registry.model("goods_release_item")
        number = (request.values.get("no") or "").strip().upper()[:30]
        found = None
        items = []
        if request.method == "POST" and number:
            name = request.form.get("action")
            found = db.session.execute(select(Pass).where(Pass.doc_no == number)).scalar_one_or_none()
            if found is not None and name in ("release", "refuse_at_gate"):
                note = (request.form.get("guard_note") or "").strip()[:200] or None
                try:
                    engine.fire(db.session, registry, _flows(), "goods_release_pass", found.id, name,
                                actor_of(current_user), seen_version=request.form.get("version") or None,
                                values={"guard_note": note, "guard_id": current_user.staff_id}, comment=note)
                    db.session.commit()
                    flash(_("Done: %(action)s.", action=str(_flows().for_table("goods_release_pass")
                                                             .transitions[name].labels)), "success")
                except engine.TransitionError as exc:
                    db.session.rollback()
                    flash(_(str(exc)), "error")
                return redirect(url_for(".index", no=number))
        if number:
            found = db.session.execute(select(Pass).where(Pass.doc_no == number)).scalar_one_or_none()
            if found is not None:
                items = db.session.execute(select(Item).where(Item.goods_release_pass_id == found.id)).scalars().all()
        state = _pass_state(found)
        return self.render("admin/gate.html", number=number, found=found, items=items, state=state,
                           spec=registry.spec("goods_release_pass"),
                           item_spec=registry.spec("goods_release_item"))


def _pass_state(found):
    if found is None:
        return None
    if found.status == "issued":
        if found.valid_until and found.valid_until < datetime.now().date():
            return "expired"
        return "valid"
    return found.status


def _time_left(due_at, now):
    """'2 小時 5 分' left, or overdue by the same, in the user's language."""
    if due_at is None:
        return ""
    seconds = int((due_at - now).total_seconds())
    minutes = abs(seconds) // 60
    days, rem = divmod(minutes, 1440)
    hours, mins = divmod(rem, 60)
    text = (_("%(n)s d", n=days) + " " if days else "") + (_("%(n)s h", n=hours) + " " if hours or days else "") + \
        _("%(n)s min", n=mins)
    return _("overdue by %(t)s", t=text) if seconds < 0 else _("%(t)s left", t=text)


def init_app(app, admin):
    from .. import panels

    panels.register(app, record_panel)
    admin.add_view(WorkflowView(name=LazyText("Workflow"), endpoint="workflow", url="/admin/workflow"))
    admin.add_view(InboxView(name=LazyText("My inbox"), endpoint="inbox", url="/admin/inbox"))
    admin.add_view(OverviewView(name=LazyText("Workflow overview"), endpoint="workflow_overview",
                                url="/admin/workflow-overview"))
    admin.add_view(GateView(name=LazyText("Gate"), endpoint="gate", url="/admin/gate"))
