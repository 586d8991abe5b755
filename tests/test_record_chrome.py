"""A record page filled into a chrome kept from another record's page is the page a whole render
gives (app/admin/record_pages.py), and what the user must see at once is never kept: the record's
own data, a right taken away, a message to flash, another language."""

import re

from sqlalchemy import select
from sqlalchemy import update

from .test_list_chrome import same


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def whole(app, client, url, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", False)
    html = page(client, url)
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    return html


def whole_and_filled(app, client, url, other_url, monkeypatch):
    """`url` rendered whole, then filled into the chrome kept from `other_url`."""
    monkeypatch.setitem(app.config, "CHROME_CACHE", False)
    whole = page(client, url)
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    page(client, other_url)  # the chrome is kept from this page
    return whole, page(client, url)


def test_a_chrome_kept_from_one_record_gives_the_whole_page_of_another(app, login_as, rows, monkeypatch):
    records = {table: [rows.make(table, **values) for values in both] for table, both in {
        "complaint": ({"subject": "外框記錄甲", "content": "甲"}, {"subject": "外框記錄乙", "content": "乙"}),
        "estate": ({"name": "外框甲苑"}, {"name": "外框乙苑"}),
        "party": ({}, {}),
    }.items()}
    for user, tables in (("clerk", ("complaint", "party")), ("admin", ("complaint", "estate", "party"))):
        client = login_as(user)
        for table in tables:
            first, second = records[table]
            for kind in ("edit", "details"):
                url = f"/admin/{table}/{kind}/?id={second.id}&url=/admin/{table}/?search%3D外框"
                whole, filled = whole_and_filled(app, client, url, f"/admin/{table}/{kind}/?id={first.id}",
                                                 monkeypatch)
                assert same(filled) == same(whole), (user, table, kind)
                assert "\x00" not in filled
                assert f"id={second.id}" in filled and f"id={first.id}" not in filled
            whole, filled = whole_and_filled(app, client, f"/admin/{table}/new/?url=/admin/{table}/",
                                             f"/admin/{table}/new/", monkeypatch)
            assert same(filled) == same(whole), (user, table, "create")
    clerk = login_as("clerk")
    edit = page(clerk, f"/admin/complaint/edit/?id={records['complaint'][1].id}")
    assert "外框記錄乙" in edit and "外框記錄甲" not in edit


def test_the_language_menu_comes_back_to_the_page_shown(app, login_as, rows, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    first, second = (rows.make("complaint", subject=s, content="x") for s in ("回頁甲", "回頁乙"))
    clerk = login_as("clerk")
    page(clerk, f"/admin/complaint/edit/?id={first.id}")
    html = page(clerk, f"/admin/complaint/edit/?id={second.id}&url=/admin/complaint/")
    backs = set(re.findall(r'name="next" value="([^"]*)"', html))
    assert backs == {f"/admin/complaint/edit/?id={second.id}&amp;url=/admin/complaint/"}


def test_a_kept_chrome_is_not_rendered_again(app, login_as, rows, monkeypatch):
    """The second record's page is its body filled into the chrome: no layout, no menu."""
    from app.admin import menu

    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    first, second = (rows.make("complaint", subject=s, content="x") for s in ("不再繪甲", "不再繪乙"))
    clerk = login_as("clerk")
    whole = page(clerk, f"/admin/complaint/edit/?id={second.id}")
    page(clerk, f"/admin/complaint/edit/?id={first.id}")

    def not_again(*args, **kwargs):
        raise AssertionError("the menu was drawn again for a kept chrome")

    monkeypatch.setitem(app.jinja_env.globals, "pd_menu", not_again)
    monkeypatch.setattr(menu, "menu_html", not_again)
    assert same(page(clerk, f"/admin/complaint/edit/?id={second.id}")) == same(whole)


def test_what_changes_shows_at_once(app, login_as, rows, registry, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    complaint = rows.make("complaint", subject="即時記錄", content="x")
    clerk = login_as("clerk")
    url = f"/admin/complaint/edit/?id={complaint.id}"
    assert "/admin/complaint/new/" in page(clerk, url)

    # the record's data
    ctx.execute(update(registry.model("complaint").__table__).where(
        registry.model("complaint").id == complaint.id).values(subject="即時記錄改"))
    ctx.flush()
    assert "即時記錄改" in page(clerk, url)

    # a right taken away: the create tab and the "save and add another" button go
    Perm, Role = registry.model("role_permission"), registry.model("app_role")
    clerk_role = ctx.execute(select(Role.id).where(Role.code == "clerk")).scalar_one()
    ctx.execute(update(Perm).where(Perm.role_id == clerk_role, Perm.table_name == "complaint")
                .values(can_create=False))
    ctx.flush()
    html = page(clerk, url)
    assert "/admin/complaint/new/" not in html and "_add_another" not in html
    assert same(html) == same(whole(app, clerk, url, monkeypatch))  # the create tab too

    # another language
    clerk.post("/lang/en", data={"next": url})
    html = page(clerk, url)
    assert ">Edit<" in html and same(html) == same(whole(app, clerk, url, monkeypatch))


def test_a_message_to_flash_is_shown_on_the_record_page(app, login_as, rows, monkeypatch):
    monkeypatch.setitem(app.config, "CHROME_CACHE", True)
    estate = rows.make("estate", name="訊息外框苑")
    admin = login_as("admin")
    url = f"/admin/estate/edit/?id={estate.id}"
    form = page(admin, url)  # a chrome kept for this page
    seen = re.search(r'name="seen_version" type="hidden" value="([^"]*)"', form).group(1)
    response = admin.post(url, data=rows.form_data("estate", name="訊息外框苑改", seen_version=seen,
                                                    _continue_editing="1"))
    assert response.status_code == 302, re.findall(r"invalid-feedback.*", response.get_data(as_text=True))
    saved = page(admin, response.headers["Location"])
    assert 'class="alert' in saved and "訊息外框苑改" in saved
    assert 'class="alert' not in page(admin, response.headers["Location"])  # shown once
