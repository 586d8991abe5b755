"""The Content-Security-Policy: no inline script runs without this response's nonce, and no
page relies on inline event handlers or javascript: URLs (the CSP would refuse them)."""

import re
from html.parser import HTMLParser

from sqlalchemy import func
from sqlalchemy import select

PLACEHOLDER = "javascript:void(0)"  # Flask-Admin's inert links; static/js/behaviours.js cancels their click


class Markup(HTMLParser):
    """The scripts, event-handler attributes and javascript: URLs of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []  # (nonce or None, src or None)
        self.handlers = []  # (tag, attribute)
        self.js_urls = []  # (tag, url) other than the placeholder

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append((attrs.get("nonce"), attrs.get("src")))
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith("javascript:") and value.strip() != PLACEHOLDER:
                self.js_urls.append((tag, value))

    handle_startendtag = handle_starttag


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def nonce_of(response):
    sources = directives(response)["script-src"]
    nonces = [s[len("'nonce-"):-1] for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    return nonces[0]


def check_page(response, url, status=200, scripts=True):
    """Is every script of the page carrying the header's nonce, and nothing inline left?"""
    assert response.status_code == status, (url, response.status_code)
    page = Markup()
    page.feed(response.get_data(as_text=True))
    nonce = nonce_of(response)
    assert bool(page.scripts) == scripts, f"{url}: scripts {page.scripts} (not the page we meant?)"
    for script_nonce, src in page.scripts:
        assert script_nonce == nonce, f"{url}: <script src={src!r}> has nonce {script_nonce!r}, not the header's"
    assert not page.handlers, f"{url}: inline event handlers {page.handlers}"
    assert not page.js_urls, f"{url}: javascript: URLs {page.js_urls}"
    return page


def first_id(ctx, registry, table):
    model = registry.model(table)
    return ctx.execute(select(func.min(model.id))).scalar()


def test_policy_has_nonce_and_no_unsafe_inline_script(client):
    """Does the header allow scripts by origin and nonce only, and keep the other directives?"""
    response = client.get("/login")
    d = directives(response)
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]
    assert d["script-src"][0] == "'self'" and re.fullmatch(r"'nonce-[A-Za-z0-9_-]{20,}'", d["script-src"][1])
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    assert d["frame-ancestors"] == ["'none'"] and d["form-action"] == ["'self'"] and d["base-uri"] == ["'self'"]
    assert d["img-src"] == ["'self'", "data:"]
    # Styles: a nonce there would switch 'unsafe-inline' off (see app/csp.py for why it stays).
    assert not any(s.startswith("'nonce-") for s in d["style-src"])


def test_every_script_carries_the_nonce_on_the_main_pages(client, login_as, ctx, registry):
    """Login, front desk, list, create, edit, details, inbox, dashboards: nonce'd scripts only."""
    check_page(client.get("/login"), "/login", scripts=False)  # our plain layout has none
    complaint = first_id(ctx, registry, "complaint")
    party = first_id(ctx, registry, "party")
    survey = first_id(ctx, registry, "survey")
    urls = ["/admin/", f"/admin/party/{party}", "/admin/complaint/", "/admin/complaint/new/",
            f"/admin/complaint/edit/?id={complaint}", f"/admin/complaint/details/?id={complaint}",
            "/admin/inbox/", "/admin/workflow-overview/", "/admin/reports/manager/", "/admin/reports/supervisor/",
            "/admin/reports/surveys/", f"/admin/reports/surveys/{survey}", "/admin/notice-batch/",
            "/admin/audit_log/"]
    admin = login_as("admin")
    check_page(admin.get("/password"), "/password", scripts=False)
    check_page(admin.get("/admin/no-such-page/"), "404", status=404, scripts=False)
    seen = set()
    for url in urls:
        page = check_page(admin.get(url), url)
        seen.update(src for _n, src in page.scripts)
    assert any(src and src.endswith("js/behaviours.js") for src in seen)
    guard = login_as("guard")
    check_page(guard.get("/admin/gate/"), "/admin/gate/")


def test_list_controls_need_no_inline_handlers(login_as):
    """Do the delete buttons ask through data-confirm and the bulk actions name their action?"""
    html = login_as("admin").get("/admin/complaint/").get_data(as_text=True)
    assert "data-confirm=" in html and 'data-list-action="delete"' in html
    assert 'class="dropdown-item filter"' in html  # the filter menu is still there for bs4_filters.js
    assert "safeConfirm" not in html and "modelActions.execute" not in html


def test_nonce_is_fresh_per_request_and_on_every_response(client, login_as):
    """Two requests, two nonces; error pages, redirects, JSON, static files and PDFs get the header too."""
    first, second = client.get("/login"), client.get("/login")
    assert nonce_of(first) != nonce_of(second)
    admin = login_as("admin")
    responses = {
        "404": admin.get("/admin/no-such-page/"),
        "redirect": client.get("/admin/"),
        "csrf refused": client.post("/logout", csrf=False),
        "json": admin.get("/admin/complaint/ajax/lookup/?name=unit&query=1"),
        "static": admin.get("/static/js/behaviours.js"),
        "admin static": admin.get("/admin/static/admin/js/helpers.js"),
        "pdf": admin.post("/admin/reports/manager/monthly"),
    }
    assert responses["pdf"].mimetype == "application/pdf"
    nonces = set()
    for name, response in responses.items():
        assert response.status_code < 500, name
        d = directives(response)
        assert "'unsafe-inline'" not in d["script-src"], name
        assert d["frame-ancestors"] == ["'none'"], name
        nonces.add(nonce_of(response))
    assert len(nonces) == len(responses)
