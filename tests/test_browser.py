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
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
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
    content = "電梯大堂漏水，請盡快處理（瀏覽器測試）"
    page.fill("#content", content)
    if page.locator("#phone").count():
        page.fill("#phone", phone)
    for select in ("channel", "category", "severity"):
        if page.locator(f"select#{select}").count():
            options = page.locator(f"select#{select} option").evaluate_all(
                "opts => opts.map(o => o.value).filter(v => v && v !== '__None')")
            page.select_option(f"select#{select}", options[0], force=True)
    page.click("input[type=submit][value='保存'], button[type=submit]:has-text('保存')")
    page.wait_for_url("**/admin/complaint/**")
    page.goto(base + "/admin/complaint/")
    html = page.content()
    assert content[:10] in html or "電梯大堂漏水" in html
    assert "投訴" in html
    page.screenshot(path=str(artifacts / "clerk-complaint-list.png"), full_page=True)
    page.close()
