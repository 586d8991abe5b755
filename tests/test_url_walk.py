"""Every URL the app exposes, requested as an anonymous visitor and as every demo role.

Who may open what comes from the permission data: on the generated screens, each role's
role_permission rows (its Grants); on the other routes, the ROUTES table below, which names the
right, role or notice type each route asks for. A rule in url_map that is in neither fails the
walk, so a new route cannot ship unreviewed. Along the way: no response is a 500, a visitor who
has not logged in is sent to the login page everywhere but the few PUBLIC routes, a POST without
its CSRF token is refused and writes nothing, a refused request writes nothing, a GET writes
nothing but an export's record, and every response carries the security headers.
"""

import io
from dataclasses import dataclass
from dataclasses import field
from typing import Callable
from urllib.parse import urlencode

import pytest
from sqlalchemy import func
from sqlalchemy import select

from app.admin.base import SecureModelView
from app.admin.views.dashboards import MANAGER_ROLES
from app.admin.views.dashboards import SUPERVISOR_ROLES
from app.admin.views.workflow import SUPERVISING_ROLES
from app.auth import accounts
from app.documents import verify
from app.documents.web import BATCH_TYPE
from app.documents.web import KEY as DOCUMENTS
from app.seeding import demo_attachments
from app.workflows import flows_of

from .conftest import Client
from .helpers import screen_tables

ROLES = ["clerk", "supervisor", "manager", "director", "engineer", "guard", "admin"]
WRITES = ("POST", "PUT", "PATCH", "DELETE")
NO_SUCH_ID = 987654321

# Routes open to a visitor who has not logged in, and why each may be.
PUBLIC = {
    "auth.login": "the login page itself",
    "auth.root": "only redirects to the front desk, which asks for a login",
    "auth.set_language": "the login page offers the language switch; it stores the choice in the session",
    "static": "our CSS and JS; nothing private is kept there",
    "admin.static": "Flask-Admin's CSS and JS",
}


# ------------------------------------------------------------------------------------------------
# The rules: who may use each route, and what a request looks like
# ------------------------------------------------------------------------------------------------

@dataclass
class Route:
    """One route: `who(user)` says whether the user may use it; a request the user may make
    answers with a status in `ok`, one they may not with a status in `denied`."""

    who: Callable
    why: str
    args: Callable = lambda s: {}  # path values, from the sample records
    query: Callable = lambda s: {}
    form: Callable = lambda s: {}
    ok: dict = field(default_factory=lambda: {"GET": {200}, "POST": {200, 302}})
    denied: frozenset = frozenset({403})
    many: Callable = None  # several concrete URLs for one rule: s -> [(args, user -> allowed)]
    to_login: bool = False  # an allowed answer may send the user to the login page (logging out)
    writes: bool = False  # an allowed request must leave an audit row (a refused one never does)


def anyone(u):
    return True


def logged_in(u):
    return u is not None


def has_role(roles):
    return lambda u: u is not None and (u.is_admin or u.role in roles)


def can(*rights):
    """All of (action, table)."""
    return lambda u: u is not None and all(u.can(a, t) for a, t in rights)


def all_of(*checks):
    return lambda u: all(c(u) for c in checks)


def notice_printer(code):
    """What app.documents.web.may_print asks: a role the notice type names, and view on its table."""
    def check(u):
        ntype = u and u.catalogue.get(code)
        return u is not None and ntype.may_print(u.role, u.is_admin) and u.can("view", ntype.table)
    return check


def pass_verifier(u):
    return u is not None and (u.is_admin or u.role in u.catalogue.get("goods_release_pass").verify_roles)


def print_urls(s):
    """Every notice type: its print route, for a record that does not exist (404 once allowed)."""
    return [({"code": t.code, "record_id": NO_SUCH_ID}, notice_printer(t.code)) for t in s.catalogue]


def fire_urls(s):
    """Every workflow: its first transition on a record of its table."""
    return [({"table": table, "record_id": rid, "action": action}, can(("view", table)))
            for table, rid, action in s.transitions]


ROUTES = {
    "auth.login": Route(anyone, PUBLIC["auth.login"], ok={"GET": {200, 302}, "POST": {302, 401}}),
    "auth.root": Route(anyone, PUBLIC["auth.root"], ok={"GET": {302}}),
    "auth.set_language": Route(anyone, PUBLIC["auth.set_language"], args=lambda s: {"code": "en"},
                               form=lambda s: {"next": "/admin/"}, ok={"POST": {302}}),
    "static": Route(anyone, PUBLIC["static"], args=lambda s: {"filename": "propertydesk.css"}),
    "admin.static": Route(anyone, PUBLIC["admin.static"], args=lambda s: {"filename": "admin/js/helpers.js"}),
    "auth.logout": Route(logged_in, "every user may log out", ok={"POST": {302}}, to_login=True),
    "auth.change_password": Route(logged_in, "every user changes their own password (the current one is asked)",
                                  form=lambda s: {"current_password": "wrong"}, ok={"GET": {200}, "POST": {400}}),
    "admin.index": Route(logged_in, "the front-desk home: every user"),
    "admin.party": Route(can(("view", "party")), "an owner's record: view on party",
                         args=lambda s: {"party_id": s.ids["party"]}),
    "inbox.index": Route(lambda u: u is not None and u.role != "guard", "待我處理: every role but the guard's"),
    "workflow.index": Route(logged_in, "only redirects to the inbox", ok={"GET": {302}}),
    "workflow.fire": Route(None, "a transition: view on its table; the engine checks the step's roles",
                           many=fire_urls, ok={"GET": {200, 302}, "POST": {200, 302}}),
    "workflow_overview.index": Route(has_role(SUPERVISING_ROLES), "supervisors, managers, the director"),
    "gate.index": Route(can(("view", "goods_release_pass"), ("edit", "goods_release_pass")),
                        "the guard's gate: view and edit on goods_release_pass", ok={"GET": {200}, "POST": {200, 302}}),
    "supervisor_dashboard.index": Route(has_role(SUPERVISOR_ROLES), "supervisor, manager, director"),
    "supervisor_dashboard.export": Route(
        all_of(has_role(SUPERVISOR_ROLES), can(("export", "complaint"))),
        "the dashboard's roles, and export on the table's source (complaint)",
        args=lambda s: {"table_name": "overdue_complaints", "fmt": "csv"}, ok={"POST": {200}}),
    "manager_dashboard.index": Route(has_role(MANAGER_ROLES), "manager, director"),
    "manager_dashboard.export": Route(
        all_of(has_role(MANAGER_ROLES), can(("export", "charge"))),
        "the dashboard's roles, and export on the table's source (charge)",
        args=lambda s: {"table_name": "kpi_summary", "fmt": "csv"}, ok={"POST": {200}}),
    "manager_dashboard.freeze": Route(
        all_of(has_role(MANAGER_ROLES), can(("create", "occupancy_snapshot"), ("edit", "occupancy_snapshot"))),
        "the dashboard's roles, and create and edit on occupancy_snapshot", ok={"POST": {302}}),
    "manager_dashboard.monthly": Route(has_role(MANAGER_ROLES), "manager, director (the PDF is recorded)"),
    "survey_reports.index": Route(has_role(SUPERVISOR_ROLES), "supervisor, manager, director"),
    "survey_reports.analysis": Route(has_role(SUPERVISOR_ROLES), "supervisor, manager, director",
                                     args=lambda s: {"survey_id": s.ids["survey"]}),
    "survey_reports.report_pdf": Route(has_role(SUPERVISOR_ROLES), "supervisor, manager, director",
                                       args=lambda s: {"survey_id": NO_SUCH_ID}, ok={"POST": {404}}),
    "survey_reports.export_survey": Route(
        all_of(has_role(SUPERVISOR_ROLES), can(("export", "survey"))),
        "the report's roles, and export on survey",
        args=lambda s: {"survey_id": s.ids["survey"], "table_name": "survey_counts", "fmt": "csv"},
        ok={"POST": {200}}),
    "survey_reports.entry": Route(
        can(("view", "survey"), ("create", "survey_response"), ("create", "survey_answer")),
        "typing in paper questionnaires: view on survey, create on survey_response and survey_answer",
        args=lambda s: {"survey_id": s.ids["survey"]}, ok={"GET": {200}, "POST": {200, 302}}),
    "survey_reports.export": Route(
        lambda u: has_role(SUPERVISOR_ROLES)(u) or ROUTES["survey_reports.entry"].who(u),
        "the survey screens' users; the page has no exportable table, so 404",
        args=lambda s: {"table_name": "survey_counts", "fmt": "csv"}, ok={"POST": {404}}),
    "documents.print_notice": Route(None, "each notice type: a role it names, and view on its table",
                                    many=print_urls, ok={"POST": {404}}),
    "documents.pdf": Route(lambda u: u is not None and u.can("view", "complaint"),
                           "an archived PDF: view on the table it was printed from (here complaint)",
                           args=lambda s: {"document_id": s.ids["document"]}, ok={"GET": {200, 404}}),
    "notice_batch.index": Route(notice_printer(BATCH_TYPE), "batch reminders: who may print a payment reminder",
                                ok={"GET": {200}, "POST": {302}}),
    "notice_batch.status": Route(notice_printer(BATCH_TYPE), "a batch's page: who may print reminders, own batch",
                                 args=lambda s: {"key": "0" * 32}, ok={"GET": {404}}),
    "notice_batch.download": Route(notice_printer(BATCH_TYPE), "a batch's PDF: who may print reminders, own batch",
                                   args=lambda s: {"key": "0" * 32}, ok={"GET": {404}}),
    "verify.index": Route(logged_in, "only redirects to the front desk", ok={"GET": {302}}),
    "verify.verify_pass": Route(pass_verifier, "a scanned pass: the roles the pass type names for verifying",
                                args=lambda s: {"token": s.ids["pass_token"]}),
    "attachments.upload": Route(
        can(("view", "complaint"), ("edit", "complaint")),
        "attaching a file: view and edit on the record's table; 404 when the record is not visible, "
        "refused with a message (303, nothing kept) when it is but may not be changed",
        args=lambda s: {"table": "complaint", "record_id": s.ids["complaint"]},
        form=lambda s: {"file": (demo_attachments.photo(2, 2), "walk.png")},
        ok={"POST": {303}}, denied=frozenset({303, 404}), writes=True),
    "attachments.download": Route(
        can(("view", "complaint")), "a file: view on its record's table; 404 whatever the reason otherwise",
        args=lambda s: {"attachment_id": s.ids["attachment"]}, ok={"GET": {200}}, denied=frozenset({404})),
    "attachments.remove": Route(
        can(("view", "complaint"), ("delete", "complaint")),
        "removing someone else's file: view and delete on its record's table (one's own: edit)",
        args=lambda s: {"attachment_id": s.ids["attachment"]}, ok={"POST": {303}},
        denied=frozenset({303, 404}), writes=True),
}

# The generated screens: which rights each Flask-Admin entry point asks for (append-only tables
# lose create, edit and delete), and what a request to it looks like.
GENERATED = {
    "index_view": (("view",), "GET", {200}),
    "details_view": (("view",), "GET", {200}),
    "create_view": (("view", "create"), "GET", {200}),
    "edit_view": (("view", "edit"), "GET", {200}),
    # An empty form: refused with the form shown again, or saved where nothing is required.
    "create_view POST": (("view", "create"), "POST", {200, 302}),
    "edit_view POST": (("view", "edit"), "POST", {200, 302}),
    "export": (("view", "export"), "GET", {200}),
    "ajax_lookup": (("view", "create|edit"), "GET", {200}),
    "filter_lookup_view": (("view",), "GET", {200}),
    "delete_view": (("view", "delete"), "POST", {302}),
    "action_view": (("view", "delete"), "POST", {302}),
    "ajax_update": (("view", "edit"), "POST", {404}),  # no list-editable columns: refused after the check
    "revert_view": (("view", "edit"), "POST", {302, 404}),
    "reveal_view": (("view", "reveal"), "POST", {200}),
}


# ------------------------------------------------------------------------------------------------
# The walk
# ------------------------------------------------------------------------------------------------

class User:
    """A demo user's rights as the tests see them (from the database, as the app loads them),
    and the notice catalogue that names roles for printing and verifying."""

    def __init__(self, grants, catalogue):
        self.grants = grants
        self.role = grants.role
        self.is_admin = grants.is_admin
        self.catalogue = catalogue

    def can(self, action, table):
        return self.grants.can(action, table)


def user_of(app, ctx, registry, username):
    if username is None:
        return None
    users = registry.model("app_user")
    row = ctx.execute(select(users).where(users.username == username)).scalar_one()
    return User(accounts.load_grants(ctx, registry, row.role_id, row.id), app.extensions[DOCUMENTS])


@dataclass
class Request:
    method: str
    url: str
    form: dict  # a file is (bytes, name)
    endpoint: str
    why: str  # the rule that decides, in words
    allowed: bool
    ok: set
    denied: frozenset
    to_login: bool = False
    writes: bool = False
    target: tuple = None  # (table, field): the row to delete, made just before sending; its id goes there


def body(form):
    """The form as the client sends it: each file a fresh stream (a stream is read once)."""
    return {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in form.items()}


def generated_views(app):
    admin = app.extensions["propertydesk_admin"]
    return {v.endpoint: v for v in admin._views if isinstance(v, SecureModelView)}


def pattern_of(registry, views, users, table):
    """What decides the answers on a table: each role's rights, append-only, personal data, pickers."""
    spec = registry.spec(table)
    view = views[table]
    rights = tuple(frozenset(a for a in ("view", "create", "edit", "delete", "export") if u.can(a, table))
                   for u in users.values() if u is not None)
    return rights, spec.append_only, any(c.pii for c in spec.columns.values()), bool(view._form_ajax_refs)


class Samples:
    """The records the walk asks about: the first demo row of a table, or one made for it."""

    def __init__(self, app, ctx, registry, rows, admin):
        self.ctx, self.registry, self.rows = ctx, registry, rows
        self.views = generated_views(app)
        self.catalogue = app.extensions[DOCUMENTS]
        self.ids = {t: self.first(t) for t in ("party", "survey", "complaint")}
        self.ids["document"] = rows.make("generated_document", subject_table="complaint",
                                         subject_id=self.ids["complaint"]).id
        photo = {"file": (io.BytesIO(demo_attachments.photo(2, 2)), "walk.png")}
        assert admin.post(f"/attachments/complaint/{self.ids['complaint']}", data=photo).status_code == 303
        self.ids["attachment"] = ctx.execute(select(func.max(registry.model("attachment").id))).scalar()
        self.ids["pass_token"] = verify.token_for(app.config["SECRET_KEY"], "GP-0000-000000")
        self.transitions = []
        for flow in flows_of(app):
            rid = self.first(flow.table)
            action = next(iter(flow.transitions))
            self.transitions.append((flow.table, rid, action))

    def first(self, table):
        model = self.registry.model(table)
        found = self.ctx.execute(select(func.min(model.id))).scalar()
        return found if found is not None else self.rows.make(table).id


def build(rule, values, query=None):
    path = rule.build(values, append_unknown=False)[1]
    path = path[path.index("/"):]
    return path + ("?" + urlencode(query) if query else "")


def plan(app, user, samples, tables):
    """The requests for one identity: every rule of url_map, the generated ones on `tables`."""
    views = samples.views
    out = []
    unclassified = []
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"})
        blueprint, _dot, name = rule.endpoint.partition(".")
        if blueprint in views:
            keys = [name if name in GENERATED and GENERATED[name][1] == m else f"{name} {m}" for m in methods]
            if not all(k in GENERATED for k in keys):
                unclassified.append(rule.endpoint)
                continue
            if blueprint in tables:
                for key in keys:
                    out += generated_requests(rule, views[blueprint], key, user, samples)
            continue
        route = ROUTES.get(rule.endpoint)
        if route is None:
            unclassified.append(rule.endpoint)
            continue
        concrete = route.many(samples) if route.many else [(route.args(samples), route.who)]
        for values, who in concrete:
            url = build(rule, values, route.query(samples))
            for method in methods:
                form = route.form(samples) if method in WRITES else {}
                out.append(Request(method, url, form, rule.endpoint, route.why, bool(who(user)), route.ok[method],
                                   route.denied, to_login=route.to_login, writes=route.writes))
    return out, unclassified


def generated_requests(rule, view, name, user, samples):
    rights, method, ok = GENERATED[name]
    table = view.spec.name
    record = samples.first(table)
    query, form, target = {}, {}, None
    if name.startswith(("details_view", "edit_view")):
        query = {"id": record}
    elif name == "ajax_lookup":
        refs = list(view._form_ajax_refs)
        query = {"name": refs[0] if refs else "none", "query": "1"}
        ok = ok if refs else {404}
    elif name == "filter_lookup_view":
        lookups = [i for i, f in enumerate(view._filters or ()) if getattr(f, "loader", None) is not None]
        query = {"flt": lookups[0] if lookups else NO_SUCH_ID, "query": "1"}
        ok = ok if lookups else {404}
    elif name == "delete_view":
        target = (table, "id")
    elif name == "action_view":
        form, target = {"action": "delete"}, (table, "rowid")
    elif name == "revert_view":
        form = {"id": record, "entry": NO_SUCH_ID}
    elif name == "reveal_view":
        form = {"id": record}
    values = {"export_type": "csv"} if "export_type" in rule.arguments else {}
    allowed = user is not None and all(may(user, view, right) for right in rights)
    why = f"role_permission: {' and '.join(rights)} on {table}" + (" (append-only)" if view.spec.append_only else "")
    return [Request(method, build(rule, values, query), form, rule.endpoint, why, allowed, ok, frozenset({403}),
                    writes=target is not None, target=target)]


def may(user, view, right):
    spec = view.spec
    if right == "reveal":
        return user.grants.reveal and any(c.pii for c in spec.columns.values())
    if spec.append_only and right in ("create", "edit", "delete", "create|edit"):
        return False
    return any(user.can(r, spec.name) for r in right.split("|"))


def audit_top(ctx, registry):
    audit = registry.metadata.tables["audit_log"]
    return ctx.execute(select(func.coalesce(func.max(audit.c.id), 0))).scalar()


def audit_since(ctx, registry, top):
    audit = registry.metadata.tables["audit_log"]
    return ctx.execute(select(audit.c.action, audit.c.table_name).where(audit.c.id > top)).all()


def headers_hold(response):
    """The CSP frames nothing and runs no inline script; nothing is sniffed."""
    policy = {p.split()[0]: p.split()[1:] for p in response.headers.get("Content-Security-Policy", "").split(";")
              if p.strip()}
    return policy.get("frame-ancestors") == ["'none'"] and "'unsafe-inline'" not in policy.get("script-src", []) \
        and response.headers.get("X-Content-Type-Options") == "nosniff"


def is_login_redirect(response):
    return response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", "")


def walk(client, user, requests, samples):
    """Send the requests (GETs first; logout last, it ends the session); the problems found.
    Each write goes twice: without its CSRF token (refused, nothing written), then with it."""
    ctx, registry = samples.ctx, samples.registry
    problems = []
    order = sorted(requests, key=lambda r: (r.method != "GET", r.endpoint == "auth.logout",
                                            r.endpoint == "auth.set_language"))
    for r in order:
        where = f"{r.method} {r.url} ({r.endpoint}; {r.why})"
        form = dict(r.form)
        if r.target:  # a row of its own to delete; a refusal is asked about the sample row
            table, key = r.target
            form[key] = samples.rows.make(table).id if r.allowed else samples.first(table)
        top = audit_top(ctx, registry)
        if r.method == "GET":
            response = client.get(r.url)
        else:
            refused = client.post(r.url, data=body(form), csrf=False)
            if refused.status_code != 400 or audit_since(ctx, registry, top):
                problems.append(f"{where}: without a CSRF token got {refused.status_code}, or wrote")
            response = client.post(r.url, data=body(form))
        written = audit_since(ctx, registry, top)
        status = response.status_code
        if not headers_hold(response):
            problems.append(f"{where}: security headers missing or weak")
        public = r.endpoint in PUBLIC
        if status >= 500:
            problems.append(f"{where}: {status}")
        elif user is None and not public:
            if not (is_login_redirect(response) or status in (401, 403)):
                problems.append(f"{where}: anonymous got {status}, not the login page")
        elif r.allowed and (status not in r.ok or (is_login_redirect(response) and not r.to_login)):
            problems.append(f"{where}: allowed, got {status}, expected one of {sorted(r.ok)}")
        elif not r.allowed and status not in r.denied:
            problems.append(f"{where}: not allowed, got {status}, expected {sorted(r.denied)}")
        if r.method == "GET" and any(w.action != "export" for w in written):
            problems.append(f"{where}: a GET wrote {written}")
        elif (not r.allowed or (user is None and not public)) and written:
            problems.append(f"{where}: refused, yet wrote {written}")
        elif r.allowed and r.writes and user is not None and not written:
            problems.append(f"{where}: allowed, yet wrote nothing")
    return problems


@pytest.fixture
def samples(app, ctx, registry, rows, login_as, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "ATTACHMENTS_DIR", str(tmp_path / "attachments"))
    return Samples(app, ctx, registry, rows, login_as("admin"))


def sampled_tables(app, ctx, registry, views):
    """One table per permission pattern (the roles' rights there, append-only, personal data,
    pickers). One base view serves every table, so tables that answer alike are walked once;
    tests/test_permissions.py opens every table's screens as every role."""
    users = {name: user_of(app, ctx, registry, name) for name in ROLES}
    chosen = {}
    for table in sorted(screen_tables(registry)):
        chosen.setdefault(pattern_of(registry, views, users, table), table)
    return set(chosen.values())


@pytest.mark.parametrize("username", [None] + ROLES)
def test_every_route_answers_as_the_permission_data_says(username, app, login_as, client, ctx, registry, samples):
    """Does every rule of url_map answer this identity as its rule says, and never with a 500?
    The visitor who has not logged in is walked through every table's screens."""
    user = user_of(app, ctx, registry, username)
    tables = screen_tables(registry) if username is None else sampled_tables(app, ctx, registry, samples.views)
    requests, unclassified = plan(app, user, samples, set(tables))
    assert not unclassified, "routes nobody has classified (add them to ROUTES, or to GENERATED for the " \
        "generated screens): " + ", ".join(sorted(set(unclassified)))
    http = login_as(username) if username else client
    if username is None:
        http.refresh_token()  # a visitor's session has a token too: the refusals are about the login
    problems = walk(http, user, requests, samples)
    assert not problems, f"{username or 'anonymous'}: {len(problems)} problems\n" + "\n".join(problems)


def test_state_changing_routes_refuse_a_missing_csrf_token(app, login_as, ctx, registry, samples):
    """Does every POST route, on every table, answer 400 with the friendly page and write nothing
    without its token, even for the administrator, who may do everything?"""
    admin = login_as("admin")
    requests, _unclassified = plan(app, user_of(app, ctx, registry, "admin"), samples, set(screen_tables(registry)))
    writes = [r for r in requests if r.method in WRITES]
    assert len(writes) > 7 * len(screen_tables(registry))
    counts = table_counts(ctx, registry)
    top = audit_top(ctx, registry)
    problems = []
    for r in writes:
        form = dict(r.form)
        if r.target:
            form[r.target[1]] = samples.first(r.target[0])
        response = admin.post(r.url, data=body(form), csrf=False)
        if response.status_code != 400 or "表單已過期" not in response.get_data(as_text=True):
            problems.append(f"POST {r.url}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert audit_since(ctx, registry, top) == []
    assert table_counts(ctx, registry) == counts


def table_counts(ctx, registry):
    return {t: ctx.execute(select(func.count()).select_from(registry.metadata.tables[t])).scalar()
            for t in screen_tables(registry)}


def test_public_routes_are_the_declared_few(app):
    """Is every route open to anyone declared in PUBLIC with its reason, and does each exist?"""
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    assert set(PUBLIC) <= endpoints
    assert {e for e, route in ROUTES.items() if route.who is anyone} == set(PUBLIC)


def test_the_client_leaves_the_token_out_when_asked(app, conn):
    """Without this, the CSRF refusals above would prove nothing."""
    c = Client(app.test_client())
    c.refresh_token()
    assert c.post("/lang/en", data={"next": "/admin/"}, csrf=False).status_code == 400
    assert c.post("/lang/en", data={"next": "/admin/"}).status_code == 302
