"""Reflected tables are kept on disk per database fingerprint: a second start reads the file, and
any change to the database's schema makes a new one instead of a stale answer."""

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from app.schema import reflect
from app.schema import reflection_cache

from .conftest import is_postgres

pytestmark = pytest.mark.skipif(is_postgres(), reason="SQLite files: the fingerprint logic is shared")


def test_second_reflection_reads_the_file_and_a_schema_change_is_seen(tmp_path, monkeypatch):
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20))"))
    cache = tmp_path / "cache"
    metadata, classes = reflect.reflect(engine, only={"a"}, cache_dir=cache)
    assert list(cache.glob("reflection-*.pickle")) and set(classes) == {"a"}

    def no_reflection(*args, **kwargs):
        raise AssertionError("reflected again although the cache holds this schema")

    monkeypatch.setattr(reflect.MetaData, "reflect", no_reflection)
    again, _classes = reflect.reflect(engine, only={"a"}, cache_dir=cache)
    assert set(again.tables["a"].c.keys()) == {"id", "name"}
    monkeypatch.undo()

    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE a ADD COLUMN phone VARCHAR(30)"))
    changed, _classes = reflect.reflect(engine, only={"a"}, cache_dir=cache)
    assert "phone" in changed.tables["a"].c
    assert len(list(cache.glob("reflection-*.pickle"))) == 2


def test_a_damaged_file_is_ignored_and_rewritten(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY)"))
    cache = tmp_path / "cache"
    cache.mkdir()
    path = cache / f"reflection-{reflection_cache.fingerprint(engine, {'a'})}.pickle"
    path.write_bytes(b"not a pickle")
    metadata, classes = reflect.reflect(engine, only={"a"}, cache_dir=cache)
    assert "a" in classes and path.read_bytes() != b"not a pickle"


def test_registry_keeps_each_statement_once_and_stays_bounded(registry, monkeypatch):
    built = []

    def build(n):
        return lambda: built.append(n) or f"statement {n}"

    monkeypatch.setattr(registry, "statements", {})
    monkeypatch.setattr(registry, "MAX_STATEMENTS", 3)
    assert registry.statement("a", build(1)) == registry.statement("a", build(2)) == "statement 1"
    for key in ("b", "c", "d"):
        registry.statement(key, build(key))
    assert built == [1, "b", "c", "d"] and len(registry.statements) <= 3
    assert registry.statement("a", build(5)) == "statement 5"  # emptied when full, built again
