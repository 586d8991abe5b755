"""Configuration: every key once with its default, then instance/config.py, the environment, tests."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "SECRET_KEY": None,  # read from the environment or instance/secret_key (made once)
    "DATABASE_URL": None,  # default: sqlite file under instance/
    "SCHEMA_PATH": str(ROOT / "schema.sql"),
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_DURATION": 0,  # remember-me is not offered
    "PERMANENT_SESSION_LIFETIME": 12 * 3600,
    # Longer than a form left open over lunch (which must still save), shorter than a shift.
    "IDLE_MINUTES": 120,
    # A front-desk form left open over lunch must still save: the token stays valid for the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_ENABLED": True,
    # A request body over this is refused before it is read (413). Default: three files of the
    # largest size and the form around them, so a few photos go up at once; each file is still
    # held to ATTACHMENTS_MAX_BYTES.
    "MAX_CONTENT_LENGTH": None,
    "ATTACHMENTS_DIR": None,  # default: instance/attachments (never under static/)
    "ATTACHMENTS_MAX_BYTES": 10 * 1024 * 1024,  # per file
    "ATTACHMENTS_MAX_PER_RECORD": 50,
    "BABEL_DEFAULT_LOCALE": "zh_Hant_TW",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Hong_Kong",
    "FLASK_ADMIN_SWATCH": "default",
    "PAGE_SIZE": 20,
    "PRODUCTION": False,
}


def load(app, test_config=None):
    """Fill app.config: defaults, instance/config.py, environment, then the test mapping."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for key in ("SECRET_KEY", "DATABASE_URL", "ATTACHMENTS_DIR"):
        if os.environ.get(key):
            app.config[key] = os.environ[key]
    if os.environ.get("PROPERTYDESK_PRODUCTION") == "1":
        app.config["PRODUCTION"] = True
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    if app.config["MAX_CONTENT_LENGTH"] is None:
        app.config["MAX_CONTENT_LENGTH"] = 3 * app.config["ATTACHMENTS_MAX_BYTES"] + 1024 * 1024
    app.config["ATTACHMENTS_DIR"] = app.config["ATTACHMENTS_DIR"] or str(Path(app.instance_path) / "attachments")
    if not app.config["SECRET_KEY"]:
        if app.config["PRODUCTION"]:
            raise RuntimeError("SECRET_KEY must be set in production")
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    validate(app.config)


def database_url(app):
    """DATABASE_URL with the postgres:// spelling fixed, or the SQLite file under instance/."""
    url = app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return "sqlite:///" + str(Path(app.instance_path) / "propertydesk.db")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def instance_secret(instance_path):
    """Return the key kept in instance/secret_key, creating it once."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def validate(config):
    """Refuse to start with settings that are unsafe in production."""
    if config["PRODUCTION"]:
        if len(config["SECRET_KEY"]) < 32 or config["SECRET_KEY"] in ("dev", "secret"):
            raise RuntimeError("SECRET_KEY is too weak for production")
        config["SESSION_COOKIE_SECURE"] = True
