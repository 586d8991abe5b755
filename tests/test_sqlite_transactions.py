"""SQLite: a GET reads in a plain BEGIN (concurrent with writers); a POST takes the write lock first."""

from sqlalchemy import event

from app.extensions import db

from .conftest import is_postgres


def test_get_requests_do_not_take_the_write_lock(tmp_path):
    if is_postgres():
        import pytest

        pytest.skip("BEGIN IMMEDIATE is SQLite's")
    from .conftest import Client
    from .conftest import make_app

    own = make_app("sqlite:///" + str(tmp_path / "tx.db"))
    from app.schema import registry_of
    from app.seeding import load_all

    with own.app_context():
        load_all(db.session, registry_of(own), demo=False)
        db.session.commit()
        engine = db.engine
    begins = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, statement, *a: begins.append(statement) if statement.startswith("BEGIN") else None)
    client = Client(own.test_client())
    client.login("clerk")
    begins.clear()
    client.get("/admin/complaint/")
    assert begins and all(b == "BEGIN" for b in begins), begins
    begins.clear()
    client.post("/lang/en", data={"next": "/admin/"})
    assert "BEGIN IMMEDIATE" in begins
    with own.app_context():
        db.session.remove()
        db.engine.dispose()
