"""Bad input gets a clear message, the typed values back, escaped output, and nothing half-written."""

import re

import pytest
from sqlalchemy import select

from .helpers import assert_no_leak
from .helpers import count

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_very_long_text_is_refused_and_kept(admin, rows, registry, ctx):
    data = rows.form_data("estate")
    data["name"] = "很長的名稱" * 2000
    before = count(ctx, registry, "estate")
    response = admin.post("/admin/estate/new/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and count(ctx, registry, "estate") == before
    assert "很長的名稱很長的名稱" in html  # what was typed is still in the form


@pytest.mark.parametrize("value", ["a\x00b", "line\x1bbreak"])
def test_control_characters_refused(admin, rows, registry, value, ctx):
    """NUL bytes (a 500 on PostgreSQL if they reach it) get a message instead."""
    data = rows.form_data("estate")
    data["name"] = value
    before = count(ctx, registry, "estate")
    response = admin.post("/admin/estate/new/", data=data)
    assert response.status_code == 200
    assert "控制字元" in response.get_data(as_text=True)
    assert count(ctx, registry, "estate") == before


def test_cjk_emoji_and_rare_characters_round_trip(admin, rows, registry, ctx):
    name = "堃喆媖峯𠮷 花園 👨‍👩‍👧"
    data = rows.form_data("estate")
    data["name"] = name
    assert admin.post("/admin/estate/new/", data=data).status_code == 302
    Estate = registry.model("estate")
    assert ctx.execute(select(Estate).where(Estate.name == name)).scalar_one()
    assert name in admin.get("/admin/estate/").get_data(as_text=True)


def test_script_payload_is_stored_literally_and_shown_escaped(admin, rows, registry, ctx):
    data = rows.form_data("estate")
    data["name"] = XSS
    assert admin.post("/admin/estate/new/", data=data).status_code == 302
    Estate = registry.model("estate")
    record = ctx.execute(select(Estate).where(Estate.name == XSS)).scalar_one()
    for url in ("/admin/estate/", f"/admin/estate/details/?id={record.id}", f"/admin/estate/edit/?id={record.id}"):
        html = admin.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_fk_to_a_missing_row(admin, rows, registry, ctx):
    data = rows.form_data("building")
    data["estate"] = "999999"
    before = count(ctx, registry, "building")
    response = admin.post("/admin/building/new/", data=data)
    assert response.status_code == 200
    assert count(ctx, registry, "building") == before
    assert_no_leak(response.get_data(as_text=True))


@pytest.mark.parametrize("value", ["abc", "1e400", "99999999999999999999", "-5"])
def test_bad_numbers(admin, rows, registry, value, ctx):
    spec = registry.spec("unit")
    numeric = next(c for c in spec.form_columns if c.kind in ("integer", "decimal") and c.range)
    data = rows.form_data("unit")
    data[numeric.name] = value
    before = count(ctx, registry, "unit")
    response = admin.post("/admin/unit/new/", data=data)
    assert response.status_code == 200
    assert count(ctx, registry, "unit") == before
    assert_no_leak(response.get_data(as_text=True))


def test_database_error_never_shows_sql(admin, rows, registry, ctx, monkeypatch):
    """A constraint the form does not know about still ends in a plain sentence."""
    from app.admin.base import SecureModelView

    monkeypatch.setattr(SecureModelView, "_check_uniques", lambda self, form: True)
    Estate = registry.model("estate")
    existing = rows.make("estate")
    spec = registry.spec("estate")
    unique_col = next(c for u in spec.uniques for c in u if spec.columns[c].kind == "string")
    data = rows.form_data("estate")
    data[unique_col] = getattr(existing, unique_col)
    before = count(ctx, registry, "estate")
    response = admin.post("/admin/estate/new/", data=data)
    html = response.get_data(as_text=True)
    assert count(ctx, registry, "estate") == before
    assert_no_leak(html)
    assert "已被其他記錄使用" in html
    assert data["name"] in html  # the form comes back with the typed values
    assert ctx.execute(select(Estate).where(Estate.id == existing.id)).scalar_one()


def test_sort_and_filter_tampering(admin):
    for url in ("/admin/complaint/?sort=999", "/admin/complaint/?sort=1;drop", "/admin/complaint/?flt0_99=x",
                "/admin/complaint/?page_size=1000000", "/admin/complaint/?search=%25%25%25_"):
        response = admin.get(url)
        assert response.status_code in (200, 302), url


def _form_groups(html):
    """Each form group's HTML by the id of the field it labels."""
    groups = {}
    for chunk in html.split('<div class="form-group')[1:]:
        found = re.search(r'<label for="([^"]+)"', chunk)
        if found:
            groups[found.group(1)] = chunk
    return groups


def test_a_refused_field_is_marked_where_it_stands(admin, rows, registry, ctx):
    """The field with the problem shows Bootstrap's invalid state and its own message; the other
    fields keep what was typed; required fields carry the asterisk, optional ones do not."""
    data = rows.form_data("complaint")
    data["subject"] = ""
    data["content"] = "住戶反映電梯異響"
    before = count(ctx, registry, "complaint")
    response = admin.post("/admin/complaint/new/", data=data)
    assert response.status_code == 200 and count(ctx, registry, "complaint") == before
    groups = _form_groups(response.get_data(as_text=True))
    subject, content = groups["subject"], groups["content"]
    assert re.search(r'<input[^>]*class="form-control is-invalid"[^>]*id="subject"', subject)
    assert re.search(r'class="invalid-feedback"><ul class="form-text text-danger"><li>[^<]+</li>', subject)
    assert "is-invalid" not in content and "invalid-feedback" not in content
    assert "住戶反映電梯異響" in content
    assert 'class="text-danger">&#42;</strong>' in subject.split("</label>")[0]
    assert "&#42;" not in groups["demand"].split("</label>")[0]
    checkbox = groups["is_valid"]
    assert 'class="col-form-label d-block mb-0"' in checkbox and "form-control" not in checkbox
    assert sum("is-invalid" in g for g in groups.values()) == 1
