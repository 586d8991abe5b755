"""Browser tests: Playwright driving Debian's headless chromium against a served app."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo app on SQLite, seeded, served by `flask run` on a free port."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    folder = tmp_path_factory.mktemp("browser")
    env = dict(os.environ, DATABASE_URL="sqlite:///" + str(folder / "demo.db"), SECRET_KEY="b" * 40)
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run(flask + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(flask + ["run", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded machine starts the app slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield base, env
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def demo_owner_phone(env):
    """A demo owner's phone number, read from the demo database."""
    import sqlite3

    db = sqlite3.connect(env["DATABASE_URL"][len("sqlite:///"):])
    row = db.execute("SELECT p.name, p.phone FROM party p JOIN unit_party up ON up.party_id = p.id "
                     "WHERE up.role = 'owner' AND p.phone IS NOT NULL ORDER BY p.id LIMIT 1").fetchone()
    db.close()
    return row


def test_clerk_finds_owner_by_phone_and_registers_a_complaint(server, browser, artifacts):
    base, env = server
    name, phone = demo_owner_phone(env)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(base + "/login")
    page.fill("#username", "clerk")
    page.fill("#password", "clerk-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    assert "前台查詢" in page.content()

    page.fill("input[name=q]", phone[-6:])
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/admin/party/**")
    assert name in page.content()
    page.screenshot(path=str(artifacts / "clerk-owner-record.png"), full_page=True)

    page.click("text=登記投訴")
    page.wait_for_url("**/admin/complaint/new/**")
    subject = "電梯大堂漏水（瀏覽器測試）"
    page.fill("#subject", subject)
    page.fill("#content", "大堂天花滲水，地面濕滑，請盡快處理。")
    page.fill("#phone", phone)
    page.select_option("select#category", "engineering", force=True)
    page.click("input[type=submit][value='保存']")
    page.wait_for_url("**/admin/complaint/")
    html = page.content()
    assert subject in html, "the new complaint is not in the list"
    assert "投訴" in html and "已受理" in html  # in Traditional Chinese, in its first state
    page.screenshot(path=str(artifacts / "clerk-complaint-list.png"), full_page=True)
    page.close()


def test_renovation_submitted_by_clerk_and_approved_through_the_steps(server, browser, artifacts):
    """A clerk enters and submits a renovation application; a supervisor, an engineer and the
    manager take it through their steps in their own sessions; the timeline shows each step."""
    import sqlite3

    base, env = server
    path = env["DATABASE_URL"][len("sqlite:///"):]
    db = sqlite3.connect(path)
    unit_id, party_id = db.execute("SELECT unit_id, party_id FROM unit_party WHERE role='owner' "
                                   "ORDER BY id LIMIT 1").fetchone()
    db.close()

    def session_for(user):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/login")
        page.fill("#username", user)
        page.fill("#password", user + "-demo-2026")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    clerk = session_for("clerk")
    clerk.goto(base + "/admin/renovation_application/new/")
    for field, value in (("unit", str(unit_id)), ("applicant_party", str(party_id))):
        clerk.evaluate("([f, v]) => { const el = document.getElementById(f); el.value = v; }", [field, value])
    clerk.fill("#start_date", "2027-01-04")
    clerk.fill("#end_date", "2027-02-15")
    clerk.fill("#scope_text", "重鋪廚房地磚及更換浴室潔具（瀏覽器測試）")
    clerk.click("input[type=submit][value='儲存後繼續編輯']")
    clerk.wait_for_url("**/renovation_application/edit/**")
    record_id = clerk.url.split("id=")[1].split("&")[0]
    clerk.goto(f"{base}/admin/renovation_application/details/?id={record_id}")
    clerk.click("#workflow-panel >> text=提交申請")
    clerk.click("button[type=submit]:has-text('提交申請')")
    assert "已完成" in clerk.content()

    for user, action, fill in (("supervisor", "客服初審通過", None), ("engineer", "工程審核通過", None),
                               ("manager", "批准", ("#deposit_amount", "3000"))):
        page = session_for(user)
        page.goto(f"{base}/admin/renovation_application/details/?id={record_id}")
        page.click(f"#workflow-panel >> text={action}")
        if fill:
            page.fill(*fill)
        page.click(f"button[type=submit]:has-text('{action}')")
        assert "已完成" in page.content(), (user, action)
        page.close()

    clerk.goto(f"{base}/admin/renovation_application/details/?id={record_id}")
    html = clerk.content()
    assert "已批准" in html
    for step in ("提交申請", "客服初審通過", "工程審核通過", "批准"):
        assert step in html
    clerk.screenshot(path=str(artifacts / "renovation-approved.png"), full_page=True)
    clerk.close()
