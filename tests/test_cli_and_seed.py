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
