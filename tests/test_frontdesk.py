"""The front-desk lookup: by phone fragment, name or unit code, landing on the caller's record."""

from app.frontdesk import lookup


def _owner(rows, name="陳大文", phone="97770001"):
    party = rows.make("party", name=name, phone=phone)
    unit = rows.make("unit")
    rows.make("unit_party", unit_id=unit.id, party_id=party.id, role="owner")
    return party, unit


def test_lookup_by_phone_fragment_name_and_unit(rows, registry, ctx):
    party, unit = _owner(rows)
    assert [p.id for p in lookup.lookup(ctx, registry, "777000").parties] == [party.id]
    assert [p.id for p in lookup.lookup(ctx, registry, "７７７０００").parties] == [party.id]  # full-width digits
    assert party.id in [p.id for p in lookup.lookup(ctx, registry, "陳大").parties]
    assert unit.id in [u.id for u in lookup.lookup(ctx, registry, unit.unit_no).units]
    assert lookup.lookup(ctx, registry, "%").parties == []  # too short, and % is not a wildcard
    assert lookup.lookup(ctx, registry, "%%").parties == []


def test_single_match_lands_on_the_owner_record(login_as, rows, registry, ctx):
    party, unit = _owner(rows, name="區美華", phone="98760432")
    complaint = rows.make("complaint", complainant_party_id=party.id, unit_id=unit.id, content="走廊燈壞了")
    clerk = login_as("clerk")
    response = clerk.get("/admin/?q=8760432")
    assert response.status_code == 302
    assert f"/admin/party/{party.id}" in response.headers["Location"]
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "區美華" in page, page[page.find("<h4"):page.find("<h4") + 1500]
    assert "區美華" in page and "****0432" in page and "98760432" not in page  # title masks the phone
    assert "走廊燈壞了" in page
    assert str(unit) in page
    assert complaint.id


def test_no_match_says_so(login_as):
    page = login_as("clerk").get("/admin/?q=不存在的人名").get_data(as_text=True)
    assert "找不到符合「不存在的人名」" in page


def test_guard_cannot_look_up_owners(login_as):
    guard = login_as("guard")
    page = guard.get("/admin/?q=陳").get_data(as_text=True)
    assert 'name="q"' not in page
    assert guard.get("/admin/party/1").status_code == 403


def test_register_complaint_from_the_owner_record_is_prefilled(login_as, rows, registry, ctx):
    party, unit = _owner(rows, name="蔡小芬", phone="97770099")
    clerk = login_as("clerk")
    page = clerk.get(f"/admin/party/{party.id}").get_data(as_text=True)
    link = page.split('href="')[[i for i, part in enumerate(page.split('href="')) if part.startswith(
        "/admin/complaint/new/")][0]].split('"')[0].replace("&amp;", "&")
    form = clerk.get(link).get_data(as_text=True)
    assert 'value="蔡小芬"' in form
    import re

    unit_input = re.search(r'<input[^>]*name="unit"[^>]*>', form).group(0)
    assert f'value="{unit.id}"' in unit_input and "97770099" not in form
