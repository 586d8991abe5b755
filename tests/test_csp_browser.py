"""The CSP in a real browser: the main pages load in Debian's chromium without a single
violation, and the script-driven widgets (the searching FK picker, list filters, delete and bulk
confirmations, dashboard filters) still work with inline scripts and handlers refused."""

import sqlite3

import pytest

from .test_browser import browser  # noqa: F401  (the chromium fixture)
from .test_browser import server  # noqa: F401  (the seeded demo app, served)

pytestmark = pytest.mark.browser

# Every violation reaches the page as an event; the console message is the belt to its braces.
WATCH = """document.addEventListener('securitypolicyviolation', function (e) {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});"""


class Watched:
    """A page whose CSP violations, console CSP errors and script errors are collected."""

    def __init__(self, browser, base):  # noqa: F811
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-TW")
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.base = base
        self.problems = []
        self.page.on("console", lambda m: "Content Security Policy" in m.text and self.problems.append(
            f"{self.page.url}: {m.text[:200]}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"{self.page.url}: script error {e}"))

    def open(self, path):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.check()

    def check(self):
        """The violations seen so far on this document, then forget them."""
        events = self.page.evaluate("() => { const v = window.__csp || []; window.__csp = []; return v; }")
        found = [f"{self.page.url}: {e}" for e in events] + self.problems
        self.problems = []
        return found

    def login(self, user):
        self.page.goto(self.base + "/login")
        self.page.fill("#username", user)
        self.page.fill("#password", f"{user}-demo-2026")
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/admin/")


def demo_ids(env):
    db = sqlite3.connect(env["DATABASE_URL"][len("sqlite:///"):])
    ids = {t: db.execute(f"SELECT MIN(id) FROM {t}").fetchone()[0]  # noqa: S608 - our own table names
           for t in ("complaint", "party", "survey")}
    ids["unit_code"] = db.execute("SELECT code FROM unit ORDER BY id LIMIT 1").fetchone()[0]
    db.close()
    return ids


def test_pages_load_without_a_violation(server, browser):  # noqa: F811
    base, env = server
    ids = demo_ids(env)
    w = Watched(browser, base)
    assert w.open("/login") == []
    w.login("admin")
    violations = []
    for path in ("/admin/", f"/admin/party/{ids['party']}", "/admin/complaint/", "/admin/complaint/new/",
                 f"/admin/complaint/edit/?id={ids['complaint']}", f"/admin/complaint/details/?id={ids['complaint']}",
                 "/admin/inbox/", "/admin/workflow-overview/", "/admin/reports/manager/", "/admin/reports/supervisor/",
                 f"/admin/reports/surveys/{ids['survey']}", "/admin/reports/manager/monthly", "/admin/gate/",
                 "/admin/notice-batch/?scope=estate&scope_id=1", "/admin/audit_log/", "/password", "/admin/nowhere"):
        violations += w.open(path)
    assert violations == []
    # The policy is really enforced: an injected inline handler is refused and reported.
    w.page.evaluate("() => { const d = document.createElement('div');"
                    " d.innerHTML = '<img src=\"/nowhere.png\" onerror=\"window.__ran = 1\">';"
                    " document.body.appendChild(d); }")
    w.page.wait_for_timeout(300)
    assert w.page.evaluate("() => window.__ran") is None
    assert any("script-src" in v for v in w.check())
    w.context.close()


def test_widgets_work_under_the_policy(server, browser):  # noqa: F811
    base, env = server
    ids = demo_ids(env)
    w = Watched(browser, base)
    page = w.page
    w.login("admin")
    dialogs = []

    # The searching FK picker (Select2 over AJAX) on the complaint form opens, searches, picks.
    w.open("/admin/complaint/new/")
    page.click("#s2id_unit a.select2-choice")
    with page.expect_response(lambda r: "/ajax/lookup/" in r.url and "query=" in r.url and r.status == 200):
        page.keyboard.type(ids["unit_code"])
    result = page.locator(".select2-drop-active .select2-result-selectable").first
    result.wait_for()
    result.click()
    assert page.input_value("#unit"), "the picker chose nothing"
    subject = "CSP 瀏覽器測試投訴"
    page.fill("#subject", subject)
    page.fill("#content", "測試內容")
    page.fill("#phone", "91234567")
    page.click("input[type=submit][value='保存']")
    page.wait_for_url("**/admin/complaint/")
    assert subject in page.content()
    assert w.check() == []

    # A filter is added from the "Add filter" menu and applied.
    menu = page.locator("xpath=//div[contains(@class, 'field-filters')]/preceding-sibling::a[1]")
    menu.click()
    page.locator(".field-filters a.filter").first.click()
    assert page.locator("table.filters tr").count() == 1
    assert page.url.endswith("/admin/complaint/"), "the placeholder link navigated"
    page.locator("#filter_form button[type=submit]").click()
    page.wait_for_url("**/admin/complaint/?flt*")
    assert w.check() == []

    # Deleting a row asks first: dismissed, the row stays; accepted, it goes.
    w.open("/admin/complaint/?search=" + subject)
    row = page.locator("tr", has_text=subject)
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    row.locator("button[data-confirm]").click()
    page.wait_for_timeout(300)
    assert dialogs and "刪除" in dialogs[-1]
    assert page.locator("tr", has_text=subject).count() == 1

    # The bulk "with selected" menu runs Flask-Admin's action script, which asks as well.
    row.locator("input.action-checkbox").check()
    page.locator("xpath=//a[@data-list-action='delete']/parent::div/preceding-sibling::a[1]").click()
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("a[data-list-action=delete]")
    page.wait_for_timeout(300)
    assert len(dialogs) == 2
    assert page.locator("tr", has_text=subject).count() == 1

    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    with page.expect_navigation():
        row.locator("button[data-confirm]").click()
    w.open("/admin/complaint/?search=" + subject)
    assert page.locator("tr", has_text=subject).count() == 0
    assert w.check() == []

    # A dashboard filter submits itself when changed.
    w.open("/admin/reports/manager/")
    estate = page.locator("#f-estate option").nth(1).get_attribute("value")
    with page.expect_navigation():
        page.select_option("#f-estate", estate)
    assert f"estate={estate}" in page.url
    assert w.check() == []
    w.context.close()


def test_an_fk_filter_searches_as_the_user_types(server, browser):  # noqa: F811
    """The estate filter has no list of choices on the page: its box becomes a picker that asks
    the server as the user types, in the user's language (select2 ships English only); once
    applied, the filter holds the estate's id and the picker shows its name."""
    base, env = server
    db = sqlite3.connect(env["DATABASE_URL"][len("sqlite:///"):])
    estate_id = db.execute("SELECT id FROM estate WHERE name = '翠湖花園'").fetchone()[0]
    db.close()
    w = Watched(browser, base)
    page = w.page
    w.login("admin")
    w.open("/admin/complaint/")
    page.locator("xpath=//div[contains(@class, 'field-filters')]/preceding-sibling::a[1]").click()
    page.locator(".field-filters a.filter", has_text="物業項目").first.click()
    assert page.locator("table.filters .select2-chosen").last.inner_text() == "輸入以搜尋或選擇…"
    page.locator("table.filters .select2-container a.select2-choice").last.click()
    with page.expect_response(lambda r: "/filter-lookup/" in r.url and r.status == 200):
        page.keyboard.type("無此")
    page.locator(".select2-drop-active .select2-no-results", has_text="找不到相符的項目").wait_for()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    with page.expect_response(lambda r: "/filter-lookup/" in r.url and r.status == 200):
        page.keyboard.type("翠湖")
    result = page.locator(".select2-drop-active .select2-result-selectable", has_text="翠湖花園").first
    result.wait_for()
    result.click()
    page.locator("#filter_form button[type=submit]").click()
    page.wait_for_url("**/admin/complaint/?flt*")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"={estate_id}")
    assert page.locator("table.filters .select2-chosen").last.inner_text() == "翠湖花園"
    assert w.check() == []
    w.context.close()
