"""The schema registry: reflected classes and their specs, built per application instance."""

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from app.kept import kept

from . import annotations
from . import ddl
from . import pragmas
from . import read_only
from . import reflect
from .spec import build_table_spec


@dataclass
class Registry:
    notes: annotations.SchemaNotes
    metadata: object
    classes: dict  # table name -> mapped class
    specs: dict  # table name -> TableSpec, in schema order
    estate_paths: dict = None  # table -> FK path to estate (app.auth.scope)
    statements: dict = field(default_factory=dict)  # key -> statement, see statement()
    MAX_STATEMENTS = 2000  # keys may name a user's estates: emptied whole when full

    def spec(self, table):
        return self.specs[table]

    def model(self, table):
        return self.classes[table]

    @property
    def table_names(self):
        return list(self.specs)

    def statement(self, key, build):
        """The statement `build()` makes, made once per registry; its values go in as bind parameters.

        A statement object used again keeps its SQLAlchemy cache key. Built anew, a small SELECT
        costs 0.1-0.2 ms of Python before it reaches the database, several times what SQLite
        then needs to answer it; a record's page runs half a dozen of them."""
        return kept(self.statements, key, build, self.MAX_STATEMENTS)


def build_registry(engine, schema_text, cache_dir=None):
    """Reflect `engine`'s database and describe every table with the notes of schema_text."""
    notes = annotations.parse(schema_text)
    metadata, classes = reflect.reflect(engine, only=set(notes.tables), cache_dir=cache_dir)
    specs = {}
    for table in metadata.sorted_tables:
        spec = build_table_spec(table, notes.tables.get(table.name), notes.value_label)
        specs[table.name] = spec
    for name, cls in classes.items():
        spec = specs[name]
        cls.__spec__ = spec
        for fk_col in spec.columns.values():
            if fk_col.foreign_table:
                rel = reflect.scalar_name(None, cls, classes.get(fk_col.foreign_table, cls),
                                          _single_fk(cls.__table__, fk_col.name))
                if hasattr(cls, rel):
                    fk_col.relationship = rel
    for spec in specs.values():
        if not spec.is_link_table:
            continue
        targets = [c.foreign_table for c in spec.columns.values()]
        for here, there in (targets, targets[::-1]):
            rel = f"{there}_list"
            if here in classes and hasattr(classes[here], rel):
                specs[here].many_to_many[rel] = there
    ordered = dict(sorted(specs.items(), key=lambda kv: (kv[1].order, kv[0])))
    registry = Registry(notes, metadata, classes, ordered)
    from app.auth.scope import estate_paths

    registry.estate_paths = estate_paths(ordered)
    return registry


def _single_fk(table, column_name):
    for fk in table.foreign_key_constraints:
        if [c.name for c in fk.columns] == [column_name]:
            return fk
    raise LookupError(column_name)


def init_app(app):
    """Set SQLite pragmas, create the database from schema.sql when it is empty, build the registry."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
        pragmas.install(engine)
        read_only.install(engine)
        schema_text = Path(app.config["SCHEMA_PATH"]).read_text(encoding="utf-8")
        if ddl.is_empty(engine):
            ddl.apply_schema(engine, schema_text)
        cache = Path(app.instance_path) / "cache" if app.config.get("REFLECTION_CACHE", True) else None
        registry = build_registry(engine, schema_text, cache_dir=cache)
    app.extensions["propertydesk"] = registry
    missing = sorted(set(registry.notes.tables) - set(registry.specs))
    if missing:
        _refuse_requests(app, missing)
    return registry


def _refuse_requests(app, missing):
    """A database built from an older schema.sql lacks tables: its features would fail page by
    page, so every request is refused with the reason. Commands still run (init-db --drop)."""
    names = ", ".join(missing)
    message = (f"資料庫缺少 schema.sql 所列的資料表：{names}。資料庫是按舊版 schema.sql 建立的，"
               "請以 `flask --app wsgi init-db --drop` 及 `seed` 重建。\n"
               f"The database lacks tables that schema.sql declares: {names}. It was built from "
               "an older schema.sql: rebuild it with `flask --app wsgi init-db --drop` and `seed`.")
    app.logger.error(message)

    @app.before_request
    def _schema_behind():
        return message, 503, {"Content-Type": "text/plain; charset=utf-8"}


def registry_of(app):
    return app.extensions["propertydesk"]
