"""A list page filled into its kept chrome is the page a whole render gives (app/admin/list_chrome.py),
and nothing the user must see at once is kept: new rows, the count, a right taken away, a message
to flash, another language, an applied FK filter's title."""

import re

from sqlalchemy import select
from sqlalchemy import update


def same(html):
    """The page without what differs between any two requests (nonce, CSRF token) or between
    the two renderings (line breaks and indentation)."""
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'(name="csrf_token"[^>]*value=|data-csrf=)"[^"]+"', r'\1""', html)
    return re.sub(r"\s+", " ", html).strip()


def pages(app, client, url, monkeypatch):
    """(whole render, first filled chrome, second filled chrome) of `url`."""
    monkeypatch.setitem(app.config, "CHROME_CACHE", False)
    whole = client.get(url).get_data(as_text=True)
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    return whole, client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)


def status_filter(client):
    page = client.get("/admin/complaint/").get_data(as_text=True)
    holder = page.split('<div id="filter-groups-data" class="d-none">', 1)[1].split("</div>", 1)[0]
    import json

    (item,) = [i for i in json.loads(holder)["狀態"] if i["operation"] == "等於"]
    return f"flt0_{item['arg']}"


def test_a_filled_chrome_is_the_whole_page(app, login_as, rows, monkeypatch):
    for n in range(25):
        rows.make("complaint", subject=f"外框測試{n:02d}", content="x", status="received" if n % 2 else "closed")
    for user in ("clerk", "admin"):
        client = login_as(user)
        flt = status_filter(client)
        for url in ("/admin/complaint/", "/admin/complaint/?page_size=50", "/admin/complaint/?search=外框測試",
                    f"/admin/complaint/?{flt}=received&sort=2&desc=1", "/admin/complaint/?search=無此投訴zz",
                    "/admin/complaint/?page=1", "/admin/party/", "/admin/contact_record/", "/admin/estate/"):
            whole, first, kept = pages(app, client, url, monkeypatch)
            assert "外框測試" in whole or "zz" in url or "complaint" not in url
            assert same(first) == same(whole), (user, url)
            assert same(kept) == same(whole), (user, url)
            assert "\x00" not in kept and "pd-slot" not in kept


def test_what_changes_shows_at_once(app, login_as, rows, registry, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    clerk = login_as("clerk")
    url = "/admin/complaint/?search=即時外框"
    assert "即時外框一" not in clerk.get(url).get_data(as_text=True)
    rows.make("complaint", subject="即時外框一", content="x", status="received")
    page = clerk.get(url).get_data(as_text=True)
    assert "即時外框一" in page and "(1)" in page  # the row and the count
    rows.make("complaint", subject="即時外框二", content="x", status="received")
    assert "(2)" in clerk.get(url).get_data(as_text=True)

    # a right taken away: the create tab goes on the next page
    assert "/admin/complaint/new/" in clerk.get(url).get_data(as_text=True)
    Perm, Role = registry.model("role_permission"), registry.model("app_role")
    clerk_role = ctx.execute(select(Role.id).where(Role.code == "clerk")).scalar_one()
    ctx.execute(update(Perm).where(Perm.role_id == clerk_role, Perm.table_name == "complaint")
                .values(can_create=False))
    ctx.flush()
    assert "/admin/complaint/new/" not in clerk.get(url).get_data(as_text=True)

    # another language
    clerk.post("/lang/en", data={"next": url})
    assert "List" in clerk.get(url).get_data(as_text=True)


def test_a_message_to_flash_is_shown_on_the_list(app, login_as, rows, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    admin = login_as("admin")
    victim = rows.make("estate", name="刪除外框苑")
    admin.get("/admin/estate/")  # a chrome kept for this address
    response = admin.post("/admin/estate/delete/", data={"id": victim.id, "url": "/admin/estate/"})
    assert response.status_code == 302
    page = admin.get("/admin/estate/").get_data(as_text=True)
    assert "刪除外框苑" not in page
    assert 'class="alert' in page  # Flask-Admin's "record was deleted" message


def test_a_kept_chrome_is_filled_without_flask_admins_list_view(app, login_as, rows, monkeypatch):
    """With the chrome kept, the action form, the actions and the filter groups are not built
    again: the request makes the rows, the count and the pager only."""
    from app.admin.base import SecureModelView

    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    rows.make("complaint", subject="外框快路", content="x", status="received")
    admin = login_as("admin")
    first = admin.get("/admin/complaint/?search=外框快路").get_data(as_text=True)

    def not_again(self, *args, **kwargs):
        raise AssertionError("built again for a kept chrome")

    for name in ("action_form", "get_actions_list", "_get_filter_groups"):
        monkeypatch.setattr(SecureModelView, name, not_again)
    kept = admin.get("/admin/complaint/?search=外框快路")
    assert kept.status_code == 200 and same(kept.get_data(as_text=True)) == same(first)
