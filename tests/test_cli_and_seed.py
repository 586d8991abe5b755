"""CLI: init-db, seed (idempotent), create-user."""

from sqlalchemy import func
from sqlalchemy import select

from app.extensions import db
from app.schema import registry_of

from .conftest import is_postgres
from .conftest import make_app


def _counts(app):
    registry = registry_of(app)
    with app.app_context():
        return {t: db.session.execute(select(func.count()).select_from(registry.model(t))).scalar()
                for t in registry.specs if not registry.specs[t].is_link_table}


def test_seed_twice_gives_the_same_data(tmp_path):
    if is_postgres():
        import pytest

        pytest.skip("the session database on PostgreSQL is already seeded once; idempotency is tested on SQLite")
    app = make_app("sqlite:///" + str(tmp_path / "seed.db"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    first = _counts(app)
    assert first["party"] >= 100 and first["unit"] >= 200 and first["complaint"] >= 20
    assert first["attachment"] == 1  # the demo photo, kept beside the test database
    _assert_every_workflow_record_started(app)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert _counts(app) == first


def test_init_db_and_create_user(tmp_path):
    app = make_app("sqlite:///" + str(tmp_path / "cli.db"))
    runner = app.test_cli_runner()
    assert "already has tables" in runner.invoke(args=["init-db"]).output
    runner.invoke(args=["seed", "--no-demo"])
    result = runner.invoke(args=["create-user", "amy", "--role", "clerk"], input="a-long-password-1\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "bob", "--role", "nosuchrole"], input="a-long-password-1\n")
    assert result.exit_code != 0 and "Unknown role" in result.output
    result = runner.invoke(args=["create-user", "cat", "--role", "clerk"], input="short\n")
    assert result.exit_code != 0
    from tests.conftest import Client

    client = Client(app.test_client())
    assert client.login("amy", "a-long-password-1").status_code == 302


def test_a_database_behind_schema_sql_is_refused_with_the_reason_until_rebuilt(tmp_path):
    """A database built from an older schema.sql (here: without workflow_position) answers every
    request with what is missing and how to rebuild, instead of failing page by page; the
    rebuild command still runs, and the rebuilt database serves again."""
    url = "sqlite:///" + str(tmp_path / "old.db")
    app = make_app(url)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER status_history_position")
            conn.exec_driver_sql("DROP TABLE workflow_position")
        db.engine.dispose()
    behind = make_app(url, REFLECTION_CACHE=False)
    response = behind.test_client().get("/login")
    text = response.get_data(as_text=True)
    assert response.status_code == 503 and "workflow_position" in text and "init-db --drop" in text
    result = behind.test_cli_runner().invoke(args=["init-db", "--drop"])
    assert result.exit_code == 0 and "Database created" in result.output, result.output
    assert make_app(url).test_client().get("/login").status_code == 200


def _assert_every_workflow_record_started(app):
    """The demo's workflow records each have their first history entry and a position, so the
    inbox shows deadlines (old complaints still waiting are overdue) and records their timeline."""
    from datetime import datetime

    from app.workflows import engine
    from app.workflows import flows_of
    from app.workflows import inbox

    registry, flows = registry_of(app), flows_of(app)
    Position = registry.model("workflow_position")
    with app.app_context():
        session = db.session
        records = sum(session.execute(select(func.count()).select_from(registry.model(f.table))).scalar()
                      for f in flows)
        positions = session.execute(select(func.count()).select_from(Position)).scalar()
        assert records > 50 and positions == records
        items = inbox.inbox(session, registry, flows, engine.Actor(None, "supervisor", False), now=datetime.now())
        assert any(i.flow.table == "complaint" and i.is_overdue(datetime.now()) for i in items)
