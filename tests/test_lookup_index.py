"""The front-desk lookup indexes declared in schema.sql: kept current by the database itself
(plain SQL with no app code still updates them), and actually used by the lookup's queries."""

import pytest
from sqlalchemy import select
from sqlalchemy import text

from app.frontdesk import lookup
from app.frontdesk import search

from .conftest import is_postgres


def _ids(result):
    return [p.id for p in result.parties]


def test_two_characters_one_character_and_english_names(rows, registry, ctx):
    wong = rows.make("party", name="鄺嘉鑫", name_en="Kwong Ka Yam", phone="91230001")
    other = rows.make("party", name="鑫嘉淼", phone="91230002")
    assert _ids(lookup.lookup(ctx, registry, "嘉鑫")) == [wong.id]  # the middle and end of a name
    assert _ids(lookup.lookup(ctx, registry, "鑫嘉")) == [other.id]  # order matters: a real substring
    assert lookup.lookup(ctx, registry, "嘉鑫").parties[0].name == "鄺嘉鑫"
    assert wong.id in _ids(lookup.lookup(ctx, registry, "鄺"))  # a surname alone
    assert other.id in _ids(lookup.lookup(ctx, registry, "淼"))  # the last character alone
    assert _ids(lookup.lookup(ctx, registry, "ka yam")) == [wong.id]  # English name, any case
    assert _ids(lookup.lookup(ctx, registry, "鄺嘉鑫")) == [wong.id]


def test_phone_fragments_ignore_spaces_and_dashes_in_either_phone(rows, registry, ctx):
    spaced = rows.make("party", name="翟鑫晞", phone="9183 4517", phone2="+86 138-1294-5678")
    assert _ids(lookup.lookup(ctx, registry, "834517")) == [spaced.id]
    assert _ids(lookup.lookup(ctx, registry, "3451")) == [spaced.id]
    assert _ids(lookup.lookup(ctx, registry, "1381294")) == [spaced.id]  # second phone, across dashes
    assert _ids(lookup.lookup(ctx, registry, "4517138")) == []  # not across the two phones


def test_database_keeps_the_index_current_without_the_app(rows, registry, ctx):
    party = rows.make("party", name="巫淼晞", phone="95550193")
    ctx.execute(text("UPDATE party SET name = :n, phone = :p WHERE id = :id"),
                {"n": "閔鑫翊", "p": "95559176", "id": party.id})
    ctx.expire_all()
    assert _ids(lookup.lookup(ctx, registry, "鑫翊")) == [party.id]
    assert _ids(lookup.lookup(ctx, registry, "淼晞")) == []
    assert _ids(lookup.lookup(ctx, registry, "59176")) == [party.id]
    assert _ids(lookup.lookup(ctx, registry, "50193")) == []
    ctx.execute(text("DELETE FROM party WHERE id = :id"), {"id": party.id})
    assert _ids(lookup.lookup(ctx, registry, "鑫翊")) == []


def test_units_by_code_or_number_and_quotes_are_plain_text(rows, registry, ctx):
    unit = rows.make("unit", code="QX-37-05", unit_no="05")
    found = lookup.lookup(ctx, registry, "qx-37")
    assert unit.id in [u.id for u in found.units]
    assert lookup.lookup(ctx, registry, 'qx"37').units == []  # a quote is not FTS syntax
    assert lookup.lookup(ctx, registry, "x*").parties == []  # nor is a star


def test_lookup_queries_use_the_indexes(registry, ctx):
    """The plan reads the search index, not every row of party or unit."""
    Party, Unit = registry.model("party"), registry.model("unit")
    dialect = ctx.get_bind().dialect.name
    queries = [select(Party.id).where(search.party_by_name(dialect, Party, "嘉鑫")),
               select(Party.id).where(search.party_by_phone(dialect, Party, "3290")),
               select(Unit.id).where(search.unit_by_code(dialect, Unit, "A-54"))]
    for query in queries:
        sql = str(query.compile(dialect=ctx.get_bind().dialect, compile_kwargs={"literal_binds": True}))
        if is_postgres():
            ctx.execute(text("SET LOCAL enable_seqscan = off"))  # tiny tables: ask whether an index can serve
            plan = "\n".join(r[0] for r in ctx.execute(text("EXPLAIN " + sql)))
            assert "ix_party_name_grams" in plan or "ix_party_phone_trgm" in plan or "ix_unit_grams" in plan, plan
        else:
            plan = "\n".join(str(r[-1]) for r in ctx.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "VIRTUAL TABLE INDEX" in plan and "SCAN party\n" not in plan + "\n", plan


def test_a_phone_fragment_is_matched_before_the_names_are_ordered(registry, ctx):
    """PostgreSQL cannot estimate how many phones hold a digit fragment; on the benchmark data,
    guessing a thousand, it walked the name index and stripped 67,000 phones (60 ms) instead of
    asking the trigram index (1 ms). The matches are a materialized step of their own, so the
    names are ordered only after the index has answered, whatever the statistics say."""
    if not is_postgres():
        pytest.skip("SQLite's FTS5 match is a subquery the planner runs first anyway")
    Party = registry.model("party")
    query = (select(Party.id).where(search.party_by_phone("postgresql", Party, "3290"))
             .order_by(Party.name, Party.id).limit(51))
    sql = str(query.compile(dialect=ctx.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    ctx.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(r[0] for r in ctx.execute(text("EXPLAIN " + sql)))
    first, matches = plan.split("CTE phone_matches", 1)
    assert "ix_party_phone_trgm" in matches, plan
    assert "regexp_replace" not in first, plan  # no phone stripped while the names are walked


def test_form_pickers_and_filters_search_owners_and_units_through_the_index(rows, login_as):
    """The complaint form's owner and unit pickers (and the list's FK filters) use the lookup
    indexes: a phone fragment matches across the spaces typed into the phone, which a LIKE over
    the stored phone cannot, and a unit is found by its code or number."""
    spaced = rows.make("party", name="翟淼翊", phone="9183 4519")
    unit = rows.make("unit", code="PK-7Q-19", unit_no="7Q19")
    clerk = login_as("clerk")

    def picked(name, query):
        response = clerk.get(f"/admin/complaint/ajax/lookup/?name={name}&query={query}")
        assert response.status_code == 200
        return [row[0] for row in response.get_json()]

    assert picked("complainant_party", "834519") == [spaced.id]
    assert picked("complainant_party", "淼翊") == [spaced.id]
    assert picked("unit", "pk-7q") == [unit.id]
    assert picked("unit", "7Q19") == [unit.id]
    assert picked("unit", '"') == []  # quotes are plain text to the index
