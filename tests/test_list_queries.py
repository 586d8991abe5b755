"""List pages run a fixed number of queries, whatever the page size (no N+1 for FK titles)."""

from sqlalchemy import event

from app.extensions import db


def count_queries(app, client, url):
    with app.app_context():
        engine = db.engine
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def test_queries_do_not_grow_with_page_size(app, login_as, rows, ctx):
    for _ in range(60):
        rows.make("unit_party")  # each shows a unit (whose title names its building) and a party
    admin = login_as("admin")
    small = count_queries(app, admin, "/admin/unit_party/?page_size=20")
    large = count_queries(app, admin, "/admin/unit_party/?page_size=50")
    assert large <= small, (small, large)


def test_deep_page_and_capped_count(app, login_as, rows, ctx, monkeypatch):
    from app.admin.base import SecureModelView

    monkeypatch.setattr(SecureModelView, "COUNT_CAP", 30)
    for _ in range(45):
        rows.make("estate")
    admin = login_as("admin")
    page = admin.get("/admin/estate/?page=1&page_size=20").get_data(as_text=True)
    assert "(30+)" in page
    assert admin.get("/admin/estate/?page=2&page_size=20").status_code == 200
