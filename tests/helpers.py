"""Small helpers shared by the tests."""

from sqlalchemy import func
from sqlalchemy import select



def count(session, registry, table):
    model = registry.model(table)
    return session.execute(select(func.count()).select_from(model)).scalar()


def screen_tables(registry):
    """Every table that gets a generated screen."""
    return [name for name, spec in registry.specs.items() if not spec.is_link_table and len(spec.pk) == 1]


def editable_tables(registry):
    """Screens where records are typed in (not the system-written, append-only ones)."""
    return [name for name in screen_tables(registry) if not registry.spec(name).append_only]


LEAKS = ("IntegrityError", "sqlite3", "psycopg", "SQL:", "INSERT INTO", "UPDATE ", "UNIQUE constraint", "Traceback",
         "violates", "[parameters")


def assert_no_leak(html):
    for marker in LEAKS:
        assert marker not in html, f"database error text leaked to the user: {marker}"
