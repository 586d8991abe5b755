"""Browser test for the reports: the manager opens the dashboard in Debian's chromium; screenshots kept."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT
from .test_browser import _free_port
from .test_browser import browser  # noqa: F401  (the chromium fixture, launched as tests/test_browser.py does)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo app on a seeded SQLite file, served by `flask run`; waits up to a minute on a busy machine."""
    folder = tmp_path_factory.mktemp("reports-browser")
    env = dict(os.environ, DATABASE_URL="sqlite:///" + str(folder / "demo.db"), SECRET_KEY="r" * 40)
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run(flask + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(flask + ["run", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield base, env
    proc.terminate()
    proc.wait(timeout=10)


def test_manager_opens_the_dashboard(server, browser, artifacts):  # noqa: F811
    base, _env = server
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-TW")
    page.goto(base + "/login")
    page.fill("#username", "manager")
    page.fill("#password", "manager-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.click('a.dropdown-toggle:text-is("報表")')
    page.click('a.dropdown-item:text-is("經理儀表板")')
    page.wait_for_url("**/admin/reports/manager/**")
    html = page.content()
    assert "經理儀表板" in html and "物業費收繳率（金額）" in html
    assert page.locator("svg.pd-chart").count() >= 6
    formula = page.locator("#kpi-collection_amount").get_attribute("title")
    assert formula.startswith("本期實收物業費 ÷ 本期應收物業費")
    page.screenshot(path=str(artifacts / "manager-dashboard.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "manager-dashboard-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.goto(base + "/admin/reports/supervisor/")
    assert "主管工作台" in page.content()
    page.screenshot(path=str(artifacts / "supervisor-dashboard.png"), full_page=True)
    page.close()
