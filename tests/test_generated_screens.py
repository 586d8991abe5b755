"""Every table gets a working screen: list, create, details, edit, delete (as admin)."""

import pytest

from .helpers import assert_no_leak
from .helpers import count
from .helpers import screen_tables


def _tables():
    from pathlib import Path

    from app.schema import annotations

    notes = annotations.parse((Path(__file__).parent.parent / "schema.sql").read_text(encoding="utf-8"))
    return [n for n, t in notes.tables.items() if "id" in t.columns]


TABLES = _tables()


def test_every_table_has_a_screen(registry):
    """Does every table in schema.sql (except pure link tables) get a generated screen?"""
    assert sorted(screen_tables(registry)) == sorted(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_list_create_details_edit_delete(table, login_as, rows, registry, ctx):
    """Can an admin list, create, open, edit and delete a record of every table?"""
    admin = login_as("admin")
    base = f"/admin/{table}"
    assert admin.get(base + "/").status_code == 200
    if registry.spec(table).append_only:
        record = rows.make(table)
        assert admin.get(f"{base}/details/?id={record.id}").status_code == 200
        for url in ("/new/", f"/edit/?id={record.id}"):
            assert admin.get(base + url).status_code == 403, "system-written records are read-only, admin included"
        assert admin.post(f"{base}/delete/", data={"id": record.id}).status_code == 403
        return
    assert admin.get(base + "/new/").status_code == 200

    data = rows.form_data(table)
    before = count(ctx, registry, table)
    response = admin.post(base + "/new/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 302, f"create refused: {_errors(html)}"
    assert count(ctx, registry, table) == before + 1

    model = registry.model(table)
    record = ctx.query(model).order_by(model.id.desc()).first()
    record_id = record.id
    assert admin.get(f"{base}/details/?id={record.id}").status_code == 200
    edit = admin.get(f"{base}/edit/?id={record.id}")
    assert edit.status_code == 200
    assert_no_leak(edit.get_data(as_text=True))

    spec = registry.spec(table)
    text_cols = [c for c in spec.form_columns if c.kind in ("string", "text") and not c.choices and not c.pii
                 and not c.foreign_table and (c.max_length or 100) >= 8 and not any(c.name in u for u in spec.uniques)]
    if text_cols:
        col = text_cols[0]
        data[col.name] = "已修改"
        response = admin.post(f"{base}/edit/?id={record.id}", data=data)
        assert response.status_code == 302, _errors(response.get_data(as_text=True))
        ctx.expire_all()
        assert getattr(ctx.get(model, record.id), col.name) == "已修改"

    response = admin.post(f"{base}/delete/", data={"id": record_id})
    assert response.status_code == 302
    ctx.expire_all()
    assert ctx.query(model).filter(model.id == record_id).first() is None


def _errors(html):
    import re

    found = re.findall(r'class="[^"]*(?:invalid-feedback|help-block|alert)[^"]*"[^>]*>(.*?)</', html, re.S)
    return " | ".join(s.strip() for s in found if s.strip())[:500]


def test_a_page_leaves_no_template_context_behind(app, login_as, rows):
    """Flask-Admin keeps the page's template context in g; the context holds g. Left there, the
    pair (and the form and records the page used) waits for the garbage collector, whose
    passes then stall a request in ten for milliseconds."""
    from flask import appcontext_tearing_down
    from flask import g

    complaint = rows.make("complaint")
    admin = login_as("admin")
    kept = []

    def record(_sender, **_extra):
        kept.append(g.get("_admin_render_ctx"))

    with appcontext_tearing_down.connected_to(record, app):
        for url in ("/admin/complaint/", f"/admin/complaint/edit/?id={complaint.id}"):
            assert admin.get(url).status_code == 200, url
    assert len(kept) == 2 and kept == [None, None]


def test_a_record_forms_pickers_carry_their_search_address_and_current_record(login_as, rows, registry, ctx):
    """The FK pickers of an edit form: the select2 script's attributes, the view's own lookup
    address per picker, the record the field holds (id and title), the search hint."""
    import json
    import re

    from markupsafe import Markup

    estate = rows.make("estate", name="翠湖花園")
    complaint = rows.make("complaint", estate_id=estate.id, unit_id=None)
    html = login_as("admin").get(f"/admin/complaint/edit/?id={complaint.id}").get_data(as_text=True)
    pickers = {m.group(1): m.group(0) for m in re.finditer(r'<input [^>]*data-role="select2-ajax"[^>]*id="(\w+)"[^>]*>', html)}
    assert {"estate", "unit", "complainant_party"} <= set(pickers)
    for name, tag in pickers.items():
        assert f'data-url="/admin/complaint/ajax/lookup/?name={name}"' in tag, tag
        assert 'type="hidden"' in tag and 'data-placeholder="' in tag and 'data-minimum-input-length="0"' in tag
    held = re.search(r'data-json="([^"]+)"', pickers["estate"]).group(1)
    value, title = json.loads(Markup(held).unescape())
    assert value == estate.id and "翠湖花園" in title
    assert f'value="{estate.id}"' in pickers["estate"]
    assert "data-json" not in pickers["unit"] and "value=" not in pickers["unit"]  # an empty field
