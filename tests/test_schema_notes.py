"""Reading schema.sql: labels, tags, CHECK rules (no database)."""

from decimal import Decimal

import pytest

from app.privacy import mask_id_no
from app.privacy import mask_phone
from app.schema import annotations
from app.schema.spec import CompareRule
from app.schema.spec import parse_check

SQL = """
-- @group front: 前台 | Front | 前台
-- @value open: 處理中 | Open | 处理中
-- @value ticket.status.closed: 已結案 | Closed | 已结案
CREATE TABLE ticket ( -- 工單 | Ticket | 工单  #group=front #title={code} {name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(20) NOT NULL, -- 代碼 | Code | 代码
    name VARCHAR(100), -- 名稱, 含逗號 | Name | 名称  #pii=phone #readonly
    status VARCHAR(20) NOT NULL DEFAULT 'open' CHECK (status IN ('open',
        'closed')), -- 狀態 | Status | 状态
    score INTEGER CHECK (score BETWEEN 1 AND 5), -- 評分 | Score | 评分
    start_date DATE,
    end_date DATE, -- 完結 | End |
    CONSTRAINT uq_ticket_code UNIQUE (code),
    CONSTRAINT ck_ticket_dates CHECK (end_date >= start_date)
);
"""


def test_table_and_column_labels_tags_and_order():
    """Are labels read in three languages, with tags, for multi-line columns too?"""
    notes = annotations.parse(SQL)
    table = notes.tables["ticket"]
    assert table.labels.zh_Hant == "工單" and table.labels.en == "Ticket" and table.labels.zh_Hans == "工单"
    assert table.tags == {"group": "front", "title": "{code} {name}"}
    assert list(table.columns) == ["id", "code", "name", "status", "score", "start_date", "end_date"]
    assert table.columns["name"].labels.zh_Hant == "名稱, 含逗號"
    assert table.columns["name"].tags == {"pii": "phone", "readonly": True}
    assert table.columns["status"].labels.en == "Status"
    assert table.columns["status"].checks == ["status IN ('open',\n        'closed')"] or \
        "'closed'" in table.columns["status"].checks[0]
    assert table.columns["end_date"].labels.zh_Hans == "完結"  # missing part falls back
    assert table.columns["start_date"].labels.en == "Start date"  # no comment: humanized name
    assert table.checks == ["end_date >= start_date"]
    assert notes.groups["front"].en == "Front"
    assert notes.value_label("ticket", "status", "closed").zh_Hant == "已結案"
    assert notes.value_label("other", "status", "open").zh_Hant == "處理中"


@pytest.mark.parametrize(("text", "expected"), [
    ("status IN ('a', 'b')", [("in", "status", ("a", "b"))]),
    ("(kind IN ('x'))", [("in", "kind", ("x",))]),
    ("amount >= 0", "range:amount:0:None:True"),
    ("qty > 0", "range:qty:0:None:False"),
    ("score BETWEEN 1 AND 5", "range:score:1:5:True"),
    ("pct <= 100", "range:pct:None:100:True"),
    ("end_date >= start_date", [("compare", CompareRule("end_date", ">=", "start_date"))]),
    ("lower(name) = name", []),
])
def test_check_rules(text, expected):
    """Which CHECK shapes become form rules, and which are left to the database?"""
    rules = parse_check(text)
    if isinstance(expected, str):
        _, col, lo, hi, inclusive = expected.split(":")
        assert rules[0][0] == "range" and rules[0][1] == col
        rule = rules[0][2]
        assert rule.minimum == (None if lo == "None" else Decimal(lo))
        assert rule.maximum == (None if hi == "None" else Decimal(hi))
        assert (rule.min_inclusive if lo != "None" else rule.max_inclusive) == (inclusive == "True")
    else:
        assert rules == expected


def test_statements_keep_strings_with_dashes():
    """Does splitting statements keep `--` inside string literals?"""
    sql = "CREATE TABLE t (\n a VARCHAR(10) DEFAULT 'x--y', -- label | L | l\n b INTEGER\n);\nCREATE INDEX i ON t (a);\n"
    statements = annotations.table_statements(sql)
    assert len(statements) == 2
    assert "'x--y'" in statements[0] and "label" not in statements[0]


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("+852 9123 4567", "852****4567"),
    ("91234567", "****4567"),
    ("1234", "**34"),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mask_id_no():
    assert mask_id_no("440106199001011234") == "4401**********1234"
    assert mask_id_no("A1234567") == "A12*4567"


def test_statements_by_dialect_keep_trigger_and_function_bodies_whole():
    sql = ("CREATE TABLE t (id INTEGER);\n-- @dialect sqlite\n"
           "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n    DELETE FROM t WHERE id < 0;\n    SELECT 1;\nEND;\n"
           "-- @dialect postgresql\nCREATE FUNCTION f(x TEXT) RETURNS TEXT LANGUAGE sql AS $$\n    SELECT x;\n$$;\n"
           "-- @dialect all\nCREATE INDEX i ON t (id);\n")
    sqlite = annotations.table_statements(sql, "sqlite")
    postgres = annotations.table_statements(sql, "postgresql")
    assert len(sqlite) == 3 and sqlite[1].startswith("CREATE TRIGGER") and sqlite[1].rstrip().endswith("END")
    assert "SELECT 1;" in sqlite[1]
    assert len(postgres) == 3 and postgres[1].startswith("CREATE FUNCTION") and "SELECT x;" in postgres[1]
    assert sqlite[2] == postgres[2] == "CREATE INDEX i ON t (id)"
    assert annotations.table_statements(sql) == ["CREATE TABLE t (id INTEGER)", "CREATE INDEX i ON t (id)"]
