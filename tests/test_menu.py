"""The menu is rendered once per (permissions, language, page) and reused: it must still follow a
change to a role's permission rows and the user's language at once."""

import re

from sqlalchemy import text

from app.admin import menu


def _menu(page):
    start = page.find('<ul class="nav navbar-nav mr-auto">')
    return page[start:page.find('<ul class="nav navbar-nav navbar-right', start)]


def test_menu_follows_permission_changes_and_language(login_as, ctx, monkeypatch):
    renders = []
    original = menu._render
    monkeypatch.setattr(menu, "_render", lambda view: renders.append(view.endpoint) or original(view))
    clerk = login_as("clerk")
    first = _menu(clerk.get("/admin/complaint/").get_data(as_text=True))
    assert 'href="/admin/contact_record/"' in first and 'href="/admin/staff/"' not in first
    again = _menu(clerk.get("/admin/complaint/").get_data(as_text=True))
    assert again == first and renders.count("complaint") <= 1  # the second page reused it

    ctx.execute(text("UPDATE role_permission SET can_view = :no WHERE table_name = 'contact_record' "
                     "AND role_id = (SELECT id FROM app_role WHERE code = 'clerk')"), {"no": False})
    changed = _menu(clerk.get("/admin/complaint/").get_data(as_text=True))
    assert 'href="/admin/contact_record/"' not in changed and 'href="/admin/party/"' in changed

    clerk.post("/lang/en", data={"next": "/admin/complaint/"})
    english = _menu(clerk.get("/admin/complaint/").get_data(as_text=True))
    assert "Complaint" in english and "投訴" not in english


def test_the_active_page_is_marked_per_page(login_as):
    clerk = login_as("clerk")
    on_party = _menu(clerk.get("/admin/party/").get_data(as_text=True))
    on_unit = _menu(clerk.get("/admin/unit/").get_data(as_text=True))
    active = r'class="dropdown-item active[^"]*" href="/admin/{}/"'
    assert re.search(active.format("party"), on_party) and not re.search(active.format("unit"), on_party)
    assert re.search(active.format("unit"), on_unit) and not re.search(active.format("party"), on_unit)
