"""A list row made in Python (app/admin/list_rows.py, SecureModelView._cell_reader) shows in every
cell what Flask-Admin's own get_list_value shows: enumeration labels, masked personal data,
money, dates, referenced records' titles, booleans, empty values; and the page loads only what
the list shows without a query per row."""

from markupsafe import Markup
from markupsafe import escape
from sqlalchemy import select

from app.admin.base import SecureModelView
from app.extensions import db


def generated_views(app):
    return [v for v in app.extensions["propertydesk_admin"]._views if isinstance(v, SecureModelView)]


def flask_admin_cells(view, row):
    """The cells as Flask-Admin's list.html writes them, one get_list_value per cell."""
    return Markup("".join(
        f'<td class="col-{name}">'
        f"{escape(view._get_list_value(None, row, name, view.column_formatters, view.column_type_formatters))}</td>"
        for name, _label in view._list_columns))


def test_every_cell_of_every_table_is_flask_admins(app, rows, ctx):
    rows.make("complaint", subject="列表儲存格", content="x", phone="91234567", status="in_progress")
    rows.make("unit_party")
    rows.make("charge")
    compared = set()
    for language in ("zh_Hant", "en"):
        with app.test_request_context(f"/admin/?lang={language}"):
            for view in generated_views(app):
                records = db.session.execute(select(view.model).limit(15)).scalars().all()
                cells = view._row_cells()
                for record in records:
                    assert cells(record) == flask_admin_cells(view, record), (view.endpoint, record)
                    compared.add(view.endpoint)
    # the demo data and the rows made above reach the kinds of cell that matter
    assert {"complaint", "unit", "unit_party", "party", "charge", "app_user", "role_permission"} <= compared
    assert len(compared) > 40


def test_plain_list_records_show_what_orm_records_show(app, rows, ctx):
    """The list page reads its rows as plain records (app/admin/list_records.py): for every
    table their cells, titles of named records three levels deep included, are the cells
    Flask-Admin shows for the same rows loaded by the ORM."""
    item = rows.make("goods_release_item")  # its pass names a unit, whose title names its building
    rows.make("complaint", subject="平面記錄", content="x", phone="61234567", status="in_progress")
    compared = 0
    with app.test_request_context("/admin/"):
        for view in generated_views(app):
            records = db.session.execute(select(view.model).order_by(view.model.id.desc()).limit(15)).scalars().all()
            plain = view._list_reader.records(db.session, [r.id for r in records])
            assert [p.id for p in plain] == [r.id for r in records], view.endpoint
            cells = view._row_cells()
            for record, plain_record in zip(records, plain):
                assert cells(plain_record) == flask_admin_cells(view, record), (view.endpoint, record.id)
                compared += 1
        release_view = next(v for v in generated_views(app) if v.endpoint == "goods_release_item")
        (plain_item,) = release_view._list_reader.records(db.session, [item.id])
        assert str(plain_item.goods_release_pass) == str(ctx.get(release_view.model, item.id).goods_release_pass)
    assert compared > 200


def test_a_row_has_its_buttons_and_its_cells(app, login_as, rows, ctx):
    complaint = rows.make("complaint", subject="按鈕與儲存格", content="x", status="received")
    page = login_as("admin").get("/admin/complaint/?search=按鈕與儲存格").get_data(as_text=True)
    row = page.split(f'value="{complaint.id}"', 1)[1].split("</tr>", 1)[0]
    assert f"/admin/complaint/details/?url=" in row and f"id={complaint.id}" in row
    assert 'form="pd-row-delete"' in row and "按鈕與儲存格" in row
    clerk_page = login_as("clerk").get("/admin/complaint/?search=按鈕與儲存格").get_data(as_text=True)
    assert "按鈕與儲存格" in clerk_page and 'form="pd-row-delete"' not in clerk_page


def test_no_list_page_reads_its_rows_one_by_one(app, login_as, ctx):
    """Every table's list page runs the same few statements, whatever its rows name: the
    columns left out of the list's load are never read one row at a time."""
    from tests.test_list_queries import statements_of

    admin = login_as("admin")
    counts = {}
    with app.app_context():
        sizes = {v.endpoint: db.session.execute(select(db.func.count()).select_from(v.model)).scalar()
                 for v in generated_views(app)}
    for view in generated_views(app):
        if sizes[view.endpoint] >= 3:
            statements = statements_of(app, admin, f"/admin/{view.endpoint}/")
            counts[view.endpoint] = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
    assert len(counts) >= 25
    # the user with their rights, their estates, the count, the page's ids, its rows, the next
    # page's token
    assert max(counts.values()) <= 6, sorted(counts.items(), key=lambda kv: -kv[1])[:5]
