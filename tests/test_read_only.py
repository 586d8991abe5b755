"""A transaction that only read ends with COMMIT (app.schema.read_only); one that wrote does not."""

import pytest
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from app.extensions import db
from app.schema import read_only

from .conftest import Client
from .conftest import is_postgres


@pytest.mark.parametrize("statement, is_read", [
    ("SELECT id FROM unit", True),
    ("  select 1", True),
    ("BEGIN IMMEDIATE", True),
    ("WITH m AS MATERIALIZED (SELECT id FROM party) SELECT * FROM m", True),
    ("WITH gone AS (DELETE FROM unit RETURNING id) SELECT * FROM gone", False),
    ("INSERT INTO audit_log (action) VALUES ('x')", False),
    ("UPDATE unit SET floor = 1", False),
    ("DELETE FROM unit", False),
    ("SAVEPOINT sa_1", False),
])
def test_what_counts_as_a_read(statement, is_read):
    assert read_only.is_read(statement) is is_read


@pytest.fixture
def ends(committed_app):
    """The COMMITs and ROLLBACKs the app's connections send while the test runs."""
    app, _registry = committed_app
    with app.app_context():
        engine = db.engine
    seen = []

    def on_commit(_conn):
        seen.append("commit")

    def on_rollback(_conn):
        seen.append("rollback")

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    yield seen
    event.remove(engine, "commit", on_commit)
    event.remove(engine, "rollback", on_rollback)


def test_a_page_that_only_reads_commits(committed_app, ends):
    app, _registry = committed_app
    admin = Client(app.test_client())
    assert admin.login("admin").status_code == 302
    ends.clear()
    for url in ("/admin/estate/", "/admin/complaint/", "/admin/app_user/"):
        assert admin.get(url).status_code == 200, url
    assert ends.count("commit") == 3 and "rollback" not in ends


def test_a_transaction_that_wrote_is_not_committed(committed_app):
    app, registry = committed_app
    audit = registry.metadata.tables["audit_log"]
    with app.test_request_context("/"):
        db.session.execute(insert(audit).values(action="login", username="read-only-test"))
        assert read_only.commit_if_read_only(db.session) is False
        db.session.remove()  # rolls back
        assert db.session.execute(select(audit.c.id).where(audit.c.username == "read-only-test")).first() is None
        db.session.remove()


def test_unflushed_changes_are_not_committed(committed_app):
    app, registry = committed_app
    Role = registry.model("app_role")
    with app.test_request_context("/"):
        role = db.session.execute(select(Role).where(Role.code == "clerk")).scalar_one()
        before = role.name_en
        role.name_en = "Changed by a read"
        assert read_only.commit_if_read_only(db.session) is False
        db.session.remove()
        assert db.session.execute(select(Role.name_en).where(Role.code == "clerk")).scalar_one() == before
        db.session.remove()


def test_a_read_only_transaction_is_committed(committed_app):
    app, registry = committed_app
    Role = registry.model("app_role")
    with app.test_request_context("/"):
        db.session.execute(select(Role.id)).all()
        assert read_only.commit_if_read_only(db.session) is True
        assert not db.session().in_transaction()
        db.session.remove()


@pytest.mark.skipif(not is_postgres(), reason="psycopg's prepared statements")
def test_psycopg_keeps_prepared_statements_past_a_commit_not_past_a_rollback(committed_app):
    """Why reads commit: psycopg prepares a statement on its fifth run and forgets every prepared
    statement at a ROLLBACK."""
    app, _registry = committed_app
    with app.app_context():
        engine = db.engine

    def prepared_after(end):
        with engine.connect() as conn:
            for _ in range(6):
                conn.execute(text("SELECT count(*) FROM app_role WHERE id > :n"), {"n": 0})
                end(conn)
            return conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()

    assert prepared_after(lambda conn: conn.commit()) >= 1
    assert prepared_after(lambda conn: conn.rollback()) == 0


def test_a_failed_commit_does_not_fail_the_page_already_made(committed_app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    app, registry = committed_app
    Role = registry.model("app_role")
    with app.test_request_context("/"):
        db.session.execute(select(Role.id)).all()

        def lost(*_args, **_kwargs):
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(db.session(), "commit", lost)
        assert read_only.commit_if_read_only(db.session) is False
        db.session.remove()
