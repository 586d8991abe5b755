"""Reflect the database and map one class per table, for one application instance."""

from sqlalchemy import MetaData
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.ext.automap import generate_relationship
from sqlalchemy.orm import interfaces

from .record import RecordBase


def scalar_name(base, local_cls, referred_cls, constraint):
    """A many-to-one relationship is named after its FK column: building_id -> building."""
    cols = list(constraint.columns)
    if len(cols) == 1 and cols[0].name.endswith("_id"):
        name = cols[0].name[:-3]
        if name not in local_cls.__table__.columns:
            return name
    return referred_cls.__name__ + "_ref"


def collection_name(base, local_cls, referred_cls, constraint):
    """One-to-many backrefs are named table_by_fkcolumn, so two FKs to one table never collide."""
    if constraint.table is not local_cls.__table__ and constraint.table is not referred_cls.__table__:
        return referred_cls.__name__ + "_list"  # many-to-many through a link table
    col = list(constraint.columns)[0].name
    return f"{referred_cls.__name__}_by_{col}"


def only_what_screens_use(base, direction, return_fn, attrname, local_cls, referred_cls, **kw):
    """Many-to-one and many-to-many relationships only: the one-to-many backrefs (a building's
    list of units) are never shown and would double the mapper work at start-up."""
    if direction is interfaces.ONETOMANY:
        return None
    return generate_relationship(base, direction, return_fn, attrname, local_cls, referred_cls, **kw)


def reflect(engine, only=None, cache_dir=None):
    """Return (metadata, {table_name: mapped class}) for this engine's database; `only` limits it
    to the tables schema.sql declares (not search indexes or their shadow tables). With
    `cache_dir`, the reflected tables are kept there (app.schema.reflection_cache)."""
    from . import reflection_cache

    metadata = reflection_cache.load(cache_dir, engine, only) if cache_dir else None
    if metadata is None:
        metadata = MetaData()
        metadata.reflect(engine, only=(lambda name, _meta: name in only) if only is not None else None)
        if cache_dir:
            reflection_cache.save(cache_dir, engine, only, metadata)
    Base = automap_base(metadata=metadata, cls=RecordBase)
    Base.prepare(
        name_for_scalar_relationship=scalar_name,
        name_for_collection_relationship=collection_name,
        generate_relationship=only_what_screens_use,
    )
    Base.registry.configure()  # backrefs (many-to-many) exist only once the mappers are configured
    classes = {cls.__table__.name: cls for cls in Base.classes}
    return metadata, classes
