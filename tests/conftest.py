"""Fixtures: one database per run (SQLite file, or a fresh PostgreSQL database when
TEST_DATABASE_URL is set), each test inside a transaction that is rolled back."""

import contextlib
import os
import re
import tempfile
import uuid
from pathlib import Path

import flask_sqlalchemy.session
import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import create_app
from app.extensions import db
from app.schema import registry_of
from app.seeding import demo_password
from app.seeding import load_all

from .factories import RowFactory

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PG_URL = os.environ.get("TEST_DATABASE_URL")


def is_postgres():
    return bool(PG_URL)


@contextlib.contextmanager
def fresh_database(folder):
    """A new, empty database: a SQLite file in `folder`, or a PostgreSQL database dropped afterwards."""
    if not PG_URL:
        yield "sqlite:///" + str(folder / "test.db")
        return
    name = f"pd_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield re.sub(r"/[^/]*$", f"/{name}", PG_URL)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of its own for this run."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    """An app on a database of its own whose writes are really committed (races, several
    connections): roles, permissions and demo users only. Yields (app, registry)."""
    with fresh_database(tmp_path_factory.mktemp("committed")) as url:
        application = make_app(url)
        with application.app_context():
            load_all(db.session, registry_of(application), demo=False)
            db.session.commit()
        yield application, registry_of(application)
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def files_dir(database_url):
    """Where a test app keeps attachment files (the seed's demo photo): beside its SQLite file, in
    pytest's temporary folder, else a temporary folder made only if something is written; never
    the repository's instance folder."""
    if database_url.startswith("sqlite:///") and database_url != "sqlite:///":
        return str(Path(database_url[len("sqlite:///"):]).parent / "attachments")
    return str(Path(tempfile.gettempdir()) / f"propertydesk-test-attachments-{os.getpid()}")


def make_app(database_url, **overrides):
    config = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key-" + "x" * 32, "TESTING": True,
              "ATTACHMENTS_DIR": files_dir(database_url),
              "KPI_CACHE_SECONDS": 0}  # figures computed afresh: tests add rows between dashboard pages
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    application = make_app(database_url)
    with application.app_context():
        load_all(db.session, registry_of(application), demo=True)
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def registry(app):
    return registry_of(app)


@pytest.fixture
def conn(app, monkeypatch):
    """Every session of this test shares one connection whose outer transaction is rolled back."""
    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    monkeypatch.setattr(flask_sqlalchemy.session.Session, "get_bind", lambda self, *a, **k: connection)
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    with app.app_context():
        db.session.remove()
    yield connection
    with app.app_context():
        db.session.remove()
    outer.rollback()
    connection.close()


@pytest.fixture
def ctx(conn):
    """The test's own session on the shared connection. No application context is pushed:
    each request must get its own, as in production (g, the loaded user, the Babel locale)."""
    session = Session(bind=conn, join_transaction_mode="create_savepoint")
    yield session
    session.close()


@pytest.fixture
def rows(registry, ctx):
    return RowFactory(registry, ctx)


class Client:
    """A test client that logs in through the real form and sends the CSRF token."""

    def __init__(self, flask_client):
        self.http = flask_client
        self.token = None

    def refresh_token(self, html=None):
        html = html or self.http.get("/login").get_data(as_text=True)
        match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
        self.token = match.group(1) if match else self.token
        return self.token

    def login(self, username, password=None):
        self.refresh_token()
        response = self.http.post("/login", data={
            "username": username, "password": password or demo_password(username), "csrf_token": self.token})
        self.refresh_token(self.http.get("/admin/").get_data(as_text=True))
        return response

    def get(self, url, **kw):
        return self.http.get(url, buffered=True, **kw)

    def post(self, url, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token or self.refresh_token())
        return self.http.post(url, data=data, buffered=True, **kw)


@pytest.fixture
def client(app, conn):
    return Client(app.test_client())


@pytest.fixture
def login_as(app, conn):
    """login_as("clerk") -> a Client logged in as that demo user."""

    def _login(username):
        c = Client(app.test_client())
        response = c.login(username)
        assert response.status_code == 302, f"login as {username} failed"
        return c

    return _login


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
