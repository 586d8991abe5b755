"""Logins: hashing, lockout, session fixation, logout that ends the session, safe redirects, CSRF."""

import pytest
from sqlalchemy import select

from app.auth import is_safe_next

from .helpers import count


def test_password_is_hashed(registry, ctx):
    User = registry.model("app_user")
    user = ctx.execute(select(User).where(User.username == "clerk")).scalar_one()
    assert user.password_hash.startswith("scrypt:")
    assert "clerk-demo-2026" not in user.password_hash


def test_login_and_logout(client):
    """Does a clerk log in, and does logging out make a copied session cookie useless?"""
    assert client.get("/admin/").status_code == 302
    response = client.login("clerk")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    cookie = client.http.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/").status_code == 302
    client.http.set_cookie("session", cookie)  # replay the copied cookie
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_same_answer_as_unknown_user(client):
    client.refresh_token()
    wrong = client.post("/login", data={"username": "clerk", "password": "nope-nope-nope"})
    unknown = client.post("/login", data={"username": "nobody", "password": "nope-nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert "登入名稱或密碼錯誤" in wrong.get_data(as_text=True)
    assert "登入名稱或密碼錯誤" in unknown.get_data(as_text=True)


def test_lockout_after_repeated_failures(client, registry, ctx):
    """After five wrong passwords even the right one is refused, with a clear message."""
    client.refresh_token()
    for _ in range(5):
        client.post("/login", data={"username": "engineer", "password": "wrong-password"})
    response = client.login("engineer")
    assert response.status_code == 401
    assert "鎖定" in response.get_data(as_text=True)
    User = registry.model("app_user")
    ctx.expire_all()
    assert ctx.execute(select(User.locked_until).where(User.username == "engineer")).scalar() is not None


def test_session_fixation(client, app):
    """Is data put in the session before login gone after it?"""
    with client.http.session_transaction() as sess:
        sess["planted"] = "x"
    client.login("clerk")
    with client.http.session_transaction() as sess:
        assert "planted" not in sess


def test_cookie_flags(client):
    client.refresh_token()
    response = client.post("/login", data={"username": "clerk", "password": "clerk-demo-2026"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("target", [
    "//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
    " javascript:alert(1)", "http:evil.example", "/admin/\r\nx",
])
def test_next_only_redirects_on_site(client, target):
    assert not is_safe_next(target)
    client.refresh_token()
    response = client.post("/login", query_string={"next": target},
                           data={"username": "clerk", "password": "clerk-demo-2026"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/admin/", "http://localhost/admin/")


def test_next_on_site_is_followed(client):
    client.refresh_token()
    response = client.post("/login?next=/admin/complaint/", data={"username": "clerk", "password": "clerk-demo-2026"})
    assert response.headers["Location"].endswith("/admin/complaint/")


def test_post_without_csrf_token_is_refused(login_as, rows, registry, ctx):
    """Is a create, a delete and a logout without the CSRF token refused, writing nothing?"""
    admin = login_as("admin")
    before = count(ctx, registry, "estate")
    data = rows.form_data("estate")
    response = admin.post("/admin/estate/new/", data=data, csrf=False)
    assert response.status_code == 400
    assert count(ctx, registry, "estate") == before
    record = rows.make("estate")
    response = admin.post("/admin/estate/delete/", data={"id": record.id}, csrf=False)
    assert response.status_code == 400
    assert count(ctx, registry, "estate") == before + 1
    assert admin.post("/logout", csrf=False).status_code == 400


def test_language_is_switchable_and_remembered(login_as, registry, ctx):
    clerk = login_as("clerk")
    assert "前台查詢" in clerk.get("/admin/").get_data(as_text=True)
    clerk.post("/lang/en", data={"next": "/admin/"})
    assert "Front-desk lookup" in clerk.get("/admin/").get_data(as_text=True)
    clerk.post("/lang/zh_Hans", data={"next": "/admin/"})
    html = clerk.get("/admin/complaint/new/").get_data(as_text=True)
    assert "投诉" in html
    User = registry.model("app_user")
    ctx.expire_all()
    assert ctx.execute(select(User.locale).where(User.username == "clerk")).scalar() == "zh_Hans"


def test_security_headers(login_as):
    response = login_as("clerk").get("/admin/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_password_change_ends_other_sessions(app, client):
    from .conftest import Client

    other = Client(app.test_client())
    other.login("supervisor")
    client.login("supervisor")
    bad = client.post("/password", data={"current_password": "nope", "new_password": "a-new-password-1",
                                         "confirm_password": "a-new-password-1"})
    assert bad.status_code == 400 and "目前密碼不正確" in bad.get_data(as_text=True)
    short = client.post("/password", data={"current_password": "supervisor-demo-2026", "new_password": "short",
                                           "confirm_password": "short"})
    assert short.status_code == 400
    ok = client.post("/password", data={"current_password": "supervisor-demo-2026",
                                        "new_password": "a-new-password-1", "confirm_password": "a-new-password-1"})
    assert ok.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session goes on
    assert other.get("/admin/").status_code == 302  # the other one ended


def test_idle_session_ends(client, app):
    client.login("clerk")
    with client.http.session_transaction() as sess:
        sess["seen"] -= app.config["IDLE_MINUTES"] * 60 + 5
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_in_use_stays_alive_without_a_cookie_on_every_page(client, app):
    """The idle clock moves in steps of a minute: a page read a few seconds after the last one
    sends no new session cookie, one read after a minute or more pushes the clock on."""
    from app.web import SEEN_STEP_SECONDS

    client.login("clerk")
    client.get("/admin/")
    assert "Set-Cookie" not in client.get("/admin/complaint/").headers
    with client.http.session_transaction() as sess:
        sess["seen"] -= SEEN_STEP_SECONDS + 1
        before = sess["seen"]
    response = client.get("/admin/complaint/")
    assert "session=" in response.headers.get("Set-Cookie", "")
    with client.http.session_transaction() as sess:
        assert sess["seen"] > before
