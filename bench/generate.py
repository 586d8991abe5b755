"""A large, realistic, deterministic PropertyDesk dataset for the benchmark (issue 6).

    .venv/bin/python -m bench.generate                                  # SQLite: bench/data/large.db
    .venv/bin/python -m bench.generate --database-url postgresql://postgres@127.0.0.1:5432/propertydesk_bench
    .venv/bin/python -m bench.generate --force                          # rebuild even when the cache is complete

What it builds (fixed seed, fixed "now" of 2026-11-27 18:00, END, so two runs give the same rows):
  50 estates, 300 buildings, 100,000 units, 100,000 parties (Traditional Chinese names with a
  Hong Kong surname distribution; unique HK 8-digit and mainland 11-digit phones), ~123,000
  unit_party links, 1,000,000 contact records over three years, 200,000 complaints in all eleven
  statuses, 250 fee items, 500,000 charges, 255 organisation units, 2,000 staff, and the roles,
  default permissions and demo users of app.seeding (so `admin / admin-demo-2026` logs in), and
  `estate_clerk` (password estate_clerk-demo-2026), a clerk limited to estate 7.
  Workflow history: the three complaint_deadline_rule rows (the SLA by severity) and ~1.2 million
  status_history rows, each complaint's path through the complaint flow of workflows.toml written
  as app.workflows.engine writes it (a "create" row, then one row per transition, due_at = time
  entered + the state's deadline); the complaint's stamped times and due columns are that path's.
  So ~17,000 open complaints wait in the inbox with a deadline, nearly all of them past it at END
  (open complaints are spread over the last 60 days, and a few older ones never closed).
  Fees: ~400,000 payments and their allocations for the paid and part-paid charges (about 90% of
  payments by the due date, later ones in the month or with the next month's fee; autopay, FPS,
  counter payments with a cashier; a few bounced cheques voided and paid again).

How: create_app() applies schema.sql to the empty database (the app's own DDL, PostgreSQL identities
included), app.seeding.load_all(demo=False) adds roles/permissions/users, then the rows go in with
executemany (SQLite, synchronous=OFF) or COPY (PostgreSQL), secondary indexes dropped during the load
and re-created from their own definitions afterwards (PostgreSQL: foreign keys too, re-added and so
validated). SQLite runs PRAGMA foreign_key_check at the end. status_history and the payments draw
from random generators of their own, so the rows of the other tables do not depend on them.

Cache: a complete build leaves a marker (SQLite: `<db>.complete.json` beside the file; PostgreSQL: the
database's COMMENT) holding the generator version and the sha256 of schema.sql; a later call reuses
the database when the marker matches and rebuilds it from scratch otherwise.
"""

import argparse
import bisect
import hashlib
import itertools
import json
import os
import random
import re
import sqlite3
import sys
import time
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
DEFAULT_SQLITE_URL = "sqlite:///" + str(DATA_DIR / "large.db")
PG_BENCH_URL = "postgresql://postgres@127.0.0.1:5432/propertydesk_bench"

GENERATOR_VERSION = 3  # 2: status_history, complaint_deadline_rule, payment, payment_allocation; 3: estate_clerk
# A clerk who looks after one estate only (user_estate), so the benchmark measures the estate scope too.
SCOPED_USER, SCOPED_ESTATE = "estate_clerk", 7
SEED = 20261129
END = datetime(2026, 11, 27, 18, 0, 0)  # the dataset's "now"; the data never depends on the clock
START = datetime(2023, 11, 28, 0, 0, 0)  # three years of history
BATCH = 50_000

SIZES = {
    "estates": 50,
    "buildings_per_estate": 6,
    "units": 100_000,
    "parties": 100_000,
    "contact_records": 1_000_000,
    "complaints": 200_000,
    "charge_months": 5,  # 5 monthly management-fee charges per unit: 500,000
    "staff": 2_000,
}

# ------------------------------------------------------------------------------------------------
# Vocabulary
# ------------------------------------------------------------------------------------------------

# Hong Kong surnames with approximate relative frequencies (per cent of the population), and their
# Hong Kong government romanisation for the English name.
SURNAMES = [
    ("陳", 9.5, "CHAN"), ("李", 5.5, "LEE"), ("張", 4.5, "CHEUNG"), ("黃", 4.5, "WONG"), ("梁", 3.5, "LEUNG"),
    ("何", 3.0, "HO"), ("林", 3.0, "LAM"), ("吳", 2.5, "NG"), ("劉", 2.5, "LAU"), ("王", 2.0, "WONG"),
    ("鄭", 1.6, "CHENG"), ("郭", 1.5, "KWOK"), ("楊", 1.3, "YEUNG"), ("蔡", 1.3, "CHOI"), ("周", 1.3, "CHOW"),
    ("謝", 1.2, "TSE"), ("麥", 1.2, "MAK"), ("曾", 1.1, "TSANG"), ("羅", 1.1, "LAW"), ("馮", 1.0, "FUNG"),
    ("鄧", 1.0, "TANG"), ("葉", 1.0, "YIP"), ("朱", 0.9, "CHU"), ("盧", 0.8, "LO"), ("胡", 0.8, "WU"),
    ("譚", 0.8, "TAM"), ("潘", 0.7, "POON"), ("余", 0.7, "YU"), ("蕭", 0.6, "SIU"), ("袁", 0.6, "YUEN"),
    ("莫", 0.6, "MOK"), ("許", 0.6, "HUI"), ("蘇", 0.6, "SO"), ("徐", 0.6, "TSUI"), ("方", 0.5, "FONG"),
    ("馬", 0.5, "MA"), ("廖", 0.5, "LIU"), ("彭", 0.5, "PANG"), ("杜", 0.4, "TO"), ("姚", 0.4, "YIU"),
    ("江", 0.4, "KONG"), ("關", 0.4, "KWAN"), ("程", 0.3, "CHING"), ("孫", 0.3, "SUEN"), ("岑", 0.3, "SHUM"),
    ("石", 0.3, "SHEK"), ("歐陽", 0.3, "AU YEUNG"), ("司徒", 0.2, "SZETO"), ("丁", 0.2, "TING"), ("韓", 0.2, "HON"),
]
# Characters of given names, most common first (weights fall off as 1/rank^0.8), with romanisation.
GIVEN = [
    ("家", "Ka"), ("志", "Chi"), ("嘉", "Ka"), ("子", "Tsz"), ("詩", "Sze"), ("美", "Mei"), ("偉", "Wai"),
    ("文", "Man"), ("明", "Ming"), ("俊", "Chun"), ("玲", "Ling"), ("慧", "Wai"), ("穎", "Wing"), ("傑", "Kit"),
    ("國", "Kwok"), ("華", "Wah"), ("建", "Kin"), ("永", "Wing"), ("德", "Tak"), ("淑", "Suk"), ("芬", "Fan"),
    ("秀", "Sau"), ("麗", "Lai"), ("婷", "Ting"), ("欣", "Yan"), ("宇", "Yu"), ("浩", "Ho"), ("軒", "Hin"),
    ("健", "Kin"), ("強", "Keung"), ("達", "Tat"), ("榮", "Wing"), ("輝", "Fai"), ("雅", "Nga"), ("琪", "Kei"),
    ("敏", "Man"), ("潔", "Kit"), ("燕", "Yin"), ("鳳", "Fung"), ("佩", "Pui"), ("曉", "Hiu"), ("思", "Sze"),
    ("凱", "Hoi"), ("梓", "Tsz"), ("晴", "Ching"), ("心", "Sum"), ("樂", "Lok"), ("卓", "Cheuk"), ("天", "Tin"),
    ("正", "Ching"), ("耀", "Yiu"), ("錦", "Kam"), ("翠", "Chui"), ("碧", "Pik"), ("婉", "Yuen"), ("寶", "Po"),
    ("振", "Chun"), ("少", "Siu"), ("大", "Tai"), ("玉", "Yuk"), ("金", "Kam"), ("月", "Yuet"), ("秋", "Chau"),
    ("春", "Chun"), ("英", "Ying"), ("安", "On"), ("康", "Hong"), ("泰", "Tai"), ("恩", "Yan"), ("信", "Shun"),
    ("昌", "Cheong"), ("鴻", "Hung"), ("展", "Chin"), ("朗", "Long"), ("彥", "Yin"), ("芷", "Tsz"), ("蕙", "Wai"),
    ("雯", "Man"), ("珊", "Shan"), ("琳", "Lam"), ("淇", "Kei"), ("瑩", "Ying"), ("曦", "Hei"), ("澄", "Ching"),
]
COMPANY_WORDS = ["恒", "新", "信", "富", "利", "泰", "興", "豐", "偉", "業", "華", "榮", "昌", "隆", "達", "寶",
                 "嘉", "永", "德", "順", "盛", "康", "金", "鴻"]
COMPANY_SUFFIX = ["置業有限公司", "投資有限公司", "發展有限公司", "貿易有限公司", "實業有限公司", "控股有限公司"]
ESTATE_A = ["翠", "海", "康", "麗", "景", "御", "嘉", "雅", "栢", "帝", "怡", "豪", "匯", "美", "碧", "銀", "金", "寶"]
ESTATE_B = ["湖", "灣", "峰", "景", "苑", "庭", "軒", "園", "濤", "林", "山", "星", "瓏", "悅"]
ESTATE_C = ["花園", "苑", "豪庭", "廣場", "山莊", "名門", "半島", "新城", "居", "閣"]
DISTRICTS = ["沙田", "將軍澳", "屯門", "荃灣", "觀塘", "九龍城", "東區", "南區", "元朗", "大埔", "西貢", "葵青",
             "深水埗", "油尖旺", "灣仔", "中西區", "北區", "黃大仙", "離島"]
ROADS = ["大道", "路", "街", "道"]
BRANCHES = ["港島分公司", "九龍分公司", "新界東分公司", "新界西分公司"]
DEPARTMENTS = [("CS", "客戶服務部"), ("ENG", "工程部"), ("SEC", "安管部"), ("ENV", "環境部")]

CONTACT_SUBJECTS = {
    "inquiry": ["查詢管理費繳費方法", "查詢裝修申請手續", "查詢停車位月租安排", "查詢會所開放時間", "查詢水電錶讀數",
                "查詢信件代收安排", "查詢搬遷手續", "查詢訪客泊車安排", "查詢大廈維修工程進度", "查詢業主大會日期"],
    "request": ["申請維修廚房水龍頭", "申請清理渠道", "要求更換走廊燈泡", "申請搬運大型傢俬", "申請臨時泊車證",
                "要求加強清潔", "申請借用會議室", "申請補發門禁卡", "要求維修對講機", "申請開通水錶"],
    "complaint": ["投訴樓上漏水", "投訴噪音滋擾", "投訴升降機故障", "投訴保安態度", "投訴垃圾未清理",
                  "投訴停車位被佔", "投訴裝修時間過長", "投訴走廊異味", "投訴管理費賬單錯誤", "投訴會所設施損壞"],
    "suggestion": ["建議增設單車位", "建議延長會所開放時間", "建議改善大堂照明", "建議增加垃圾回收點", "建議加裝閉路電視"],
    "praise": ["表揚保安員協助", "表揚清潔工勤奮", "表揚客服熱心", "表揚維修師傅", "表揚管理處處事快捷"],
    "other": ["遺失物品報失", "拾獲物品", "轉交信件", "其他事項", "更新聯絡資料"],
}
CONTACT_CHANNELS = (["phone", "walk_in", "wechat", "app", "email", "letter", "patrol"], [45, 30, 10, 8, 4, 1, 2])
CONTACT_CATEGORIES = (["inquiry", "request", "complaint", "suggestion", "praise", "other"], [45, 25, 15, 5, 3, 7])

COMPLAINT_SUBJECTS = {
    "environment": ["大堂垃圾未及時清理", "平台積水有異味", "垃圾房蟲鼠為患", "外牆有僭建物", "花槽無人打理"],
    "security": ["陌生人尾隨入閘", "停車場閉路電視故障", "夜間有人在梯間吸煙", "大閘門禁失靈", "信箱被撬"],
    "engineering": ["升降機經常故障", "單位天花滲水", "走廊燈不亮", "食水有鐵鏽味", "消防喉漏水"],
    "service_attitude": ["保安員態度惡劣", "客服未有回覆", "管理員說話無禮", "維修師傅遲到", "電話無人接聽"],
    "fees": ["管理費賬單金額有誤", "滯納金計算有疑問", "水費收費過高", "按金未有退還", "收據未有發出"],
    "renovation": ["鄰居裝修噪音超時", "裝修垃圾堆放走廊", "裝修工人破壞公物", "裝修期間升降機被霸佔", "裝修粉塵影響住戶"],
    "neighbour": ["樓上單位噪音滋擾", "鄰居飼養寵物吠叫", "鄰居雜物阻塞走廊", "樓上滴水", "鄰居吸煙影響"],
    "parking": ["車位被佔用", "訪客泊車安排混亂", "停車場照明不足", "車位劃線不清", "停車場出入閘故障"],
    "facilities": ["會所泳池關閉未通知", "健身室器材損壞", "兒童遊樂場設施損壞", "平台座椅損壞", "燒烤場未有清潔"],
    "other": ["其他意見", "節日裝飾安排", "通告張貼太遲", "郵件派錯", "大廈名稱牌損壞"],
}
COMPLAINT_CATEGORIES = (list(COMPLAINT_SUBJECTS), [14, 10, 22, 8, 8, 7, 12, 7, 7, 5])
COMPLAINT_CHANNELS = (["walk_in", "phone", "letter", "email", "wechat", "app", "referral"], [25, 40, 3, 7, 10, 12, 3])
SEVERITY = (["general", "urgent", "major"], [88, 10, 2])
# (response hours, resolve hours) per severity
SLA = {"general": (24, 72), "urgent": (2, 24), "major": (1, 12)}
OLD_COMPLAINT_STATUS = (["closed", "cancelled", "invalid", "resolved", "follow_up_pending", "reopened",
                         "escalated", "in_progress"], [80, 8, 5, 2, 2, 1, 1, 1])
NEW_COMPLAINT_STATUS = (["received", "classified", "dispatched", "in_progress", "resolved", "follow_up_pending",
                         "closed", "reopened", "escalated", "invalid", "cancelled"], [12, 10, 13, 20, 10, 10, 15, 3, 4, 1, 2])
OCCUPANCY = (["owner_occupied", "rented", "delivered_vacant", "vacant", "renovating", "unsold"], [55, 25, 8, 7, 3, 2])
# complaint_deadline_rule: the SLA above, a follow-up visit within 3 days; the engine reads it by severity
# (workflows.toml: response_hours, resolve_hours, follow_up_days).
DEADLINE_RULES = [
    # severity, escalate when overdue by (hours), notify manager, notify director, description
    ("general", 24, False, False, "一般投訴：24小時內響應，72小時內辦結。"),
    ("urgent", 4, True, False, "緊急投訴：2小時內響應，24小時內辦結，即時通知部門經理。"),
    ("major", 2, True, True, "重大投訴：1小時內響應，12小時內辦結，即時通知部門經理及中心經理。"),
]
FOLLOW_UP_DAYS = 3
# Who fires each complaint transition: demo users of app.seeding by role code, weighted (checked against
# the roles workflows.toml allows). create is the complaint's own created_by_id; escalate_overdue the clock.
COMPLAINT_ACTORS = {
    "classify": (["clerk", "supervisor", "manager"], [60, 30, 10]),
    "dispatch": (["supervisor", "manager"], [85, 15]),
    "start": (["engineer", "clerk", "supervisor"], [70, 20, 10]),
    "resolve": (["engineer", "clerk", "supervisor"], [50, 30, 20]),
    "await_follow_up": (["clerk", "supervisor"], [70, 30]),
    "close": (["supervisor", "manager"], [85, 15]),
    "reopen": (["supervisor", "manager"], [80, 20]),
    "escalate": (["supervisor", "manager"], [70, 30]),
    "mark_invalid": (["supervisor", "manager"], [85, 15]),
    "withdraw": (["clerk", "supervisor", "manager"], [70, 25, 5]),
}
# Comments of the transitions whose comment workflows.toml requires.
COMPLAINT_COMMENTS = {
    "close": ["已電話回訪，投訴人表示滿意，結案。", "回訪業戶，確認問題已解決，同意結案。", "上門回訪，業戶接受處理結果。"],
    "reopen": ["回訪時業戶表示問題再次出現，重開跟進。", "業戶不滿處理結果，要求重新處理。"],
    "escalate": ["處理進度緩慢，升級至部門經理跟進。", "投訴人多次來電追問，升級處理。"],
    "mark_invalid": ["經核實不屬管理處責任範圍，已向投訴人解釋。", "重複投訴，已併入同一個案處理。"],
    "withdraw": ["投訴人來電表示問題已自行解決，撤回投訴。", "投訴人與鄰居已協商解決，撤回投訴。"],
}
# Management-fee payments: each unit has a usual method; counter methods have a cashier.
PAY_METHODS = (["autopay", "fps", "bank_transfer", "cash", "octopus", "cheque", "card", "wechat", "alipay"],
               [22, 18, 12, 16, 10, 10, 6, 4, 2])
COUNTER_METHODS = frozenset({"cash", "octopus", "cheque", "card", "wechat", "alipay"})
NOT_AUTOPAY = [m for m in PAY_METHODS[0] if m != "autopay"]  # a failed or missed debit is paid another way
ON_TIME = {"paid": 0.9, "partially_paid": 0.5}  # chance a payment of a charge in that status is made by the due date
LATE_NEXT_MONTH = 0.4  # of late payments: made in the following month (often with that month's fee)
BOUNCED_CHEQUE = 0.01  # cheque payments voided (bounced) and paid again in cash


def _cum(weights):
    return list(itertools.accumulate(weights))


def schema_sha256():
    return hashlib.sha256((ROOT / "schema.sql").read_bytes()).hexdigest()


def expected_marker():
    return {"generator_version": GENERATOR_VERSION, "seed": SEED, "schema_sha256": schema_sha256(), "sizes": SIZES}


# ------------------------------------------------------------------------------------------------
# Writers: executemany on SQLite, COPY on PostgreSQL
# ------------------------------------------------------------------------------------------------


class SqliteSink:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("synchronous=OFF", "journal_mode=MEMORY", "cache_size=-400000", "temp_store=MEMORY",
                       "foreign_keys=OFF"):
            self.conn.execute("PRAGMA " + pragma)
        self.conn.execute("BEGIN")

    def write(self, table, columns, rows):
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        count = 0
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            self.conn.executemany(sql, batch)
            count += len(batch)
        return count

    def secondary_indexes(self, tables):
        marks = ",".join("?" * len(tables))
        return self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            list(tables)).fetchall()

    def drop_index(self, name):
        self.conn.execute(f'DROP INDEX "{name}"')

    def run(self, sql):
        self.conn.execute(sql)

    def finish(self):
        self.conn.execute("COMMIT")
        bad = self.conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if bad:
            raise RuntimeError(f"foreign key violations: {bad}")
        self.conn.execute("PRAGMA journal_mode=WAL")  # what the app sets on every connection anyway
        self.conn.close()


class PgSink:
    def __init__(self, url):
        import psycopg

        self.conn = psycopg.connect(_pg_dsn(url), autocommit=False)
        self.fks = []

    def write(self, table, columns, rows):
        count = 0
        with self.conn.cursor() as cur:
            with cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def secondary_indexes(self, tables):
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))",
                (list(tables),))
            return cur.fetchall()

    def drop_foreign_keys(self, tables):
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)", (list(tables),))
            self.fks = cur.fetchall()
            for table, name, _definition in self.fks:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

    def drop_index(self, name):
        self.run(f'DROP INDEX "{name}"')

    def run(self, sql):
        with self.conn.cursor() as cur:
            cur.execute(sql)

    def finish(self):
        for table, name, definition in self.fks:  # re-adding validates every row
            self.run(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        with self.conn.cursor() as cur:  # identities continue after the loaded ids
            cur.execute("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        "AND column_name = 'id' AND is_identity = 'YES'")
            for (table,) in cur.fetchall():
                cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f"GREATEST((SELECT max(id) FROM \"{table}\"), 1))")
        self.conn.commit()
        self.conn.autocommit = True
        self.run("VACUUM ANALYZE")  # what autovacuum would reach soon after such a load
        self.conn.close()


def _pg_dsn(url):
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


# ------------------------------------------------------------------------------------------------
# The data
# ------------------------------------------------------------------------------------------------


def ts(dt):
    return str(dt)  # 'YYYY-MM-DD HH:MM:SS' (no microseconds are ever generated)


EPOCH = datetime(1970, 1, 1)
DAY = 86400


def to_secs(dt):
    """Whole seconds since 1970 for a naive datetime, independent of the machine's time zone."""
    return int((dt - EPOCH).total_seconds())


def from_secs(secs):
    return EPOCH + timedelta(0, secs)  # positional: called millions of times, the keyword form is slower


_DAY_TEXT = {}
_TIME_TEXT = []


def ts_secs(secs):
    """ts(from_secs(secs)), about five times faster: the history and payments format millions of times."""
    day, rest = divmod(secs, DAY)
    text = _DAY_TEXT.get(day)
    if text is None:
        text = _DAY_TEXT[day] = str(EPOCH.date() + timedelta(days=day))
    if not _TIME_TEXT:
        _TIME_TEXT.extend(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))
    return text + " " + _TIME_TEXT[rest]


class ComplaintFlow:
    """The complaint flow of workflows.toml as the generator walks it, mirroring app.workflows.engine:
    `record_created` writes a "create" row into the initial state, `fire` one row per transition; each
    row's due_at is the deadline of the state entered (hours from complaint_deadline_rule by severity,
    or fixed hours), also written to the record's `set` column; a transition's `stamp` columns get its time.

    A record's path is a list of (seconds, code), code 0 being "create"; `walk` checks every step
    against the declared sources and returns the events packed as seconds << 4 | code."""

    INITIAL = "received"  # complaint.status DEFAULT in schema.sql: the state record_created sees

    def __init__(self, flow, rules):
        self.flow = flow
        transitions = list(flow.transitions.values())
        if len(transitions) + 1 > 16:
            raise RuntimeError("more complaint transitions than the packed events hold")
        self.names = ["create"] + [t.name for t in transitions]
        self.code = {name: i for i, name in enumerate(self.names)}
        self.target = [self.INITIAL] + [t.target for t in transitions]
        self.sources = [(None,)] + [t.sources for t in transitions]
        self.stamp = [()] + [t.stamp for t in transitions]
        self.auto = [False] + [bool(t.auto) for t in transitions]
        self.comment_required = [False] + [t.comment == "required" for t in transitions]
        self.set_column = {}
        self.due_off = {}  # severity -> {state: seconds from entering the state to its deadline}
        for state, d in flow.deadlines.items():
            if d.until_column or (d.rule_table and (d.rule_table, d.key) != ("complaint_deadline_rule", "severity")):
                raise RuntimeError(f"complaint deadline of {state}: only rule hours by severity or fixed hours")
            self.set_column[state] = d.set_column
            for severity, rule in rules.items():
                hours = d.hours
                if d.rule_table and rule.get(d.hours_column) is not None:
                    hours = rule[d.hours_column] * (24 if d.hours_column.endswith("_days") else 1)
                if hours is not None:
                    self.due_off.setdefault(severity, {})[state] = int(float(hours) * 3600)
        self.columns = sorted({c for cols in self.stamp for c in cols} | {c for c in self.set_column.values() if c})

    def walk(self, severity, status, path):
        """(packed events, {stamped or deadline column: seconds or None}) of one record."""
        due_off = self.due_off.get(severity, {})
        record = dict.fromkeys(self.columns)
        if len(path) > 16:
            raise RuntimeError("a complaint path longer than the packed history keys hold")
        state, last, packed = None, None, []
        for secs, code in path:
            if state not in self.sources[code] or (last is not None and secs < last):
                raise RuntimeError(f"complaint path {[(s, self.names[c]) for s, c in path]} breaks the flow")
            target = self.target[code]
            for column in self.stamp[code]:
                record[column] = secs
            column, off = self.set_column.get(target), due_off.get(target)
            if column and off is not None and (code or record[column] is None):  # create: only when unset
                record[column] = secs + off
            packed.append(secs << 4 | code)
            state, last = target, secs
        if state != status:
            raise RuntimeError(f"complaint path ends in {state}, not {status}")
        return tuple(packed), record


def complaint_flow():
    sys.path.insert(0, str(ROOT))
    from app.workflows.definitions import parse

    flow = parse((ROOT / "workflows.toml").read_text(encoding="utf-8")).for_table("complaint")
    rules = {sev: {"response_hours": resp, "resolve_hours": resolve, "follow_up_days": FOLLOW_UP_DAYS}
             for sev, (resp, resolve) in SLA.items()}
    cf = ComplaintFlow(flow, rules)
    for name, (roles, _weights) in COMPLAINT_ACTORS.items():
        allowed = flow.transitions[name].roles
        if not set(roles) <= set(allowed):
            raise RuntimeError(f"complaint {name}: roles {roles} not all in {allowed}")
    return cf


class Dataset:
    def __init__(self, seed=SEED):
        self.rng = random.Random(seed)
        # The workflow history and the payments draw from their own generators, so that every row
        # of the other tables stays what it was before they were added.
        self.flow_rng = random.Random(f"{seed}/complaint-flow")
        self.history_rng = random.Random(f"{seed}/status-history")
        self.pay_rng = random.Random(f"{seed}/payments")
        self.pay_cum = _cum(PAY_METHODS[1])
        self.not_autopay_cum = _cum([w for m, w in zip(*PAY_METHODS) if m != "autopay"])
        self.used_phones = set()
        self.facts = {}  # figures for the summary line
        self.surname_cw = _cum([w for _, w, _ in SURNAMES])
        self.given_cw = _cum([1 / (i + 1) ** 0.8 for i in range(len(GIVEN))])

    # --- small helpers ---------------------------------------------------------------------
    def pick(self, pair):
        values, weights = pair
        return self.rng.choices(values, weights)[0]

    def picks(self, pair, k):
        values, weights = pair
        return self.rng.choices(values, weights, k=k)

    def person_name(self):
        rng = self.rng
        s, _, s_en = rng.choices(SURNAMES, cum_weights=self.surname_cw)[0]
        n = 1 if rng.random() < 0.08 else 2
        given = rng.choices(GIVEN, cum_weights=self.given_cw, k=n)
        return s + "".join(g for g, _ in given), f"{s_en} {'-'.join(r for _, r in given)}" if n == 2 else \
            f"{s_en} {given[0][1]}"

    def company_name(self):
        rng = self.rng
        return "".join(rng.sample(COMPANY_WORDS, 2)) + rng.choice(COMPANY_SUFFIX)

    def phone(self, mainland=False):
        """A unique phone: HK mobile/landline (8 digits) or mainland mobile (11 digits)."""
        rng = self.rng
        while True:
            if mainland:
                number = "1" + rng.choice("35789") + str(rng.randrange(10 ** 9)).zfill(9)
            else:
                number = rng.choice("5569923") + str(rng.randrange(10 ** 7)).zfill(7)
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def hkid(self):
        rng = self.rng
        return f"{rng.choice('ABCDEGHKMPRSYZ')}{rng.randrange(10 ** 6):06d}({rng.choice('0123456789A')})"

    def mainland_id(self):
        rng = self.rng
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        return f"{rng.choice(['440', '110', '310', '350', '430'])}{rng.randrange(1000):03d}{born:%Y%m%d}{rng.randrange(10 ** 4):04d}"

    def when(self, lo, hi):
        """A whole-second datetime in [lo, hi)."""
        span = int((hi - lo).total_seconds())
        return lo + timedelta(seconds=self.rng.randrange(max(span, 1)))

    # --- organisation and staff -----------------------------------------------------------------
    def org_units(self):
        rows = [(1, "HQ", "寶華物業管理有限公司", "company", None, None, "物業管理總部", True, ts(START))]
        self.branch_ids = []
        for i, name in enumerate(BRANCHES):
            oid = len(rows) + 1
            rows.append((oid, f"BR{i + 1:02d}", name, "branch", 1, None, None, True, ts(START)))
            self.branch_ids.append(oid)
        self.centre_ids, self.dept_ids = [], []  # per estate: centre id; [(dept code, id), ...]
        for e in range(SIZES["estates"]):
            cid = len(rows) + 1
            rows.append((cid, f"SC{e + 1:03d}", f"{self.estate_names[e]}物業服務中心", "service_centre",
                         self.branch_ids[e % len(self.branch_ids)], self.rng.randint(30, 60), None, True, ts(START)))
            self.centre_ids.append(cid)
            depts = []
            for code, name in DEPARTMENTS:
                did = len(rows) + 1
                rows.append((did, f"SC{e + 1:03d}-{code}", f"{self.estate_names[e]}{name}", "department", cid,
                             self.rng.randint(5, 15), None, True, ts(START)))
                depts.append((code, did))
            self.dept_ids.append(depts)
        cols = ("id", "code", "name", "org_level", "parent_id", "headcount_planned", "duties", "is_active", "created_at")
        return cols, rows

    def staff(self):
        rng = self.rng
        rows = []
        self.staff_by_estate = []  # per estate: {dept code: [staff ids]}
        per_estate = SIZES["staff"] // SIZES["estates"]
        sid = 0
        for e in range(SIZES["estates"]):
            by_dept = {code: [] for code, _ in DEPARTMENTS}
            for k in range(per_estate):
                sid += 1
                code, dept_id = self.dept_ids[e][k % len(DEPARTMENTS)]
                name, name_en = self.person_name()
                hire = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 18))
                status = rng.choices(["active", "probation", "on_leave", "resigned"], [88, 5, 3, 4])[0]
                leave = hire + timedelta(days=rng.randint(200, 900)) if status == "resigned" else None
                if leave is not None and leave > END.date():
                    leave = END.date()
                rows.append((sid, f"P{sid:06d}", name, dept_id, status, self.phone(), str(hire), name_en,
                             rng.choice(["male", "female"]), str(leave) if leave else None, ts(START)))
                if status != "resigned":
                    by_dept[code].append(sid)
            self.staff_by_estate.append(by_dept)
        cols = ("id", "staff_no", "name", "org_unit_id", "status", "phone", "hire_date", "name_en", "gender",
                "leave_date", "created_at")
        return cols, rows

    # --- property ----------------------------------------------------------------------------------
    def estate_rows(self):
        rng = self.rng
        names = set()
        self.estate_names = []
        while len(self.estate_names) < SIZES["estates"]:
            name = rng.choice(ESTATE_A) + rng.choice(ESTATE_B) + rng.choice(ESTATE_C)
            if name not in names:
                names.add(name)
                self.estate_names.append(name)
        self.estate_handover = []
        return self.estate_names

    def estates(self):
        rng = self.rng
        rows = []
        for e, name in enumerate(self.estate_names):
            district = DISTRICTS[e % len(DISTRICTS)]
            handover = date(1985, 1, 1) + timedelta(days=rng.randrange(365 * 38))
            self.estate_handover.append(handover)
            rows.append((e + 1, f"E{e + 1:03d}", name, f"Estate {e + 1:03d}",
                         f"{district}{rng.choice('東西南北中')}{rng.choice(ROADS)}{rng.randint(1, 388)}號", district,
                         self.centre_ids[e], "2" + str(rng.randrange(10 ** 7)).zfill(7),
                         f"{rng.randint(40000, 250000)}.00", 2000, str(handover),
                         str(max(handover, date(2005, 1, 1))), ts(START)))
        cols = ("id", "code", "name", "name_en", "address", "district", "org_unit_id", "service_phone", "total_area",
                "total_units", "handover_date", "management_start_date", "created_at")
        return cols, rows

    def buildings_and_units(self):
        """Buildings A-F per estate; 100,000 units spread evenly, flats 01-10 per floor, some shops on G/F."""
        rng = self.rng
        n_b = SIZES["estates"] * SIZES["buildings_per_estate"]
        b_rows, u_rows = [], []
        self.unit_estate, self.unit_building, self.unit_area, self.unit_status, self.unit_label = [], [], [], [], []
        self.estate_units = [[] for _ in range(SIZES["estates"])]
        uid = 0
        for b in range(n_b):
            e, k = divmod(b, SIZES["buildings_per_estate"])
            code = "ABCDEF"[k]
            bname = f"{self.estate_names[e]}{code}座"
            quota = SIZES["units"] * (b + 1) // n_b - SIZES["units"] * b // n_b
            flats = rng.randint(6, 10)
            shops = rng.randint(2, 4) if rng.random() < 0.3 else 0
            floors = -(-(quota - shops) // flats)
            b_rows.append((b + 1, e + 1, code, bname, floors, rng.randint(0, 2), True, rng.randint(2, 6),
                           str(self.estate_handover[e]), ts(START)))
            for n in range(quota):
                uid += 1
                if n < shops:
                    floor, flat, usage = "G", n + 1, "shop"
                    ucode = f"{code}-G-{flat:02d}"
                    area = rng.randint(30, 200)
                else:
                    m = n - shops
                    floor_no, flat = m // flats + 1, m % flats + 1
                    floor, usage = str(floor_no), "residential"
                    ucode = f"{code}-{floor_no:02d}-{flat:02d}"
                    area = rng.randint(35, 140)
                status = self.pick(OCCUPANCY)
                layout = None if usage == "shop" else f"{min(4, max(1, area // 35))}房{1 if area < 70 else 2}廳"
                u_rows.append((uid, ucode, b + 1, floor, f"{flat:02d}", usage, status, f"{area}.00",
                               f"{area * rng.uniform(0.76, 0.86):.2f}", area, "1.000", layout,
                               str(self.estate_handover[e]) if status != "unsold" else None, ts(START)))
                self.unit_estate.append(e)
                self.unit_building.append(b)
                self.unit_area.append(area)
                self.unit_status.append(status)
                self.unit_label.append((bname, floor))
                self.estate_units[e].append(uid)
        b_cols = ("id", "estate_id", "code", "name", "floors_above", "floors_below", "has_lift", "lift_count",
                  "completion_date", "created_at")
        u_cols = ("id", "code", "building_id", "floor", "unit_no", "usage", "occupancy_status", "gross_area",
                  "saleable_area", "share_units", "fee_coefficient", "layout", "handover_date", "created_at")
        return (b_cols, b_rows), (u_cols, u_rows)

    # --- parties and links --------------------------------------------------------------------------
    def parties_and_links(self):
        """Owners for 75,000 units (one party each), 20,000 tenants, 5,000 co-owners or household members;
        investors own the remaining sold units."""
        rng = self.rng
        n_units, n_parties = SIZES["units"], SIZES["parties"]
        units = list(range(1, n_units + 1))
        rng.shuffle(units)
        sold = [u for u in units if self.unit_status[u - 1] != "unsold"]
        n_owner = 75_000
        n_tenant = 20_000
        owner_of = {}  # unit -> owner party
        links = []  # (unit, party, role)
        for i, u in enumerate(sold[:n_owner]):
            owner_of[u] = i + 1
            links.append((u, i + 1, "owner"))
        investors = [rng.randint(1, n_owner) for _ in range(2_000)]
        for u in sold[n_owner:]:
            owner_of[u] = rng.choice(investors)
            links.append((u, owner_of[u], "owner"))
        rented = [u for u in sold if self.unit_status[u - 1] == "rented"]
        pid = n_owner
        self.unit_parties = {}
        for u in rented[:n_tenant]:
            pid += 1
            links.append((u, pid, "tenant"))
        singles = [u for u in sold[:n_owner] if self.unit_status[u - 1] != "rented"]
        for u in rng.sample(singles, n_parties - pid):
            pid += 1
            links.append((u, pid, rng.choice(["co_owner", "family", "family"])))
        assert pid == n_parties
        self.owner_of = owner_of
        for u, p, role in links:
            self.unit_parties.setdefault(u, []).append(p)
        # parties: the role each one plays decides language, type and documents
        role_of = {}
        for u, p, role in links:
            role_of.setdefault(p, (role, u))
        p_rows = []
        self.party_name, self.party_phone = [None], [None]
        for p in range(1, n_parties + 1):
            role, u = role_of[p]
            company = role == "owner" and rng.random() < 0.03
            mainland = not company and rng.random() < 0.25
            if company:
                name, name_en = self.company_name(), None
                contact, sal = self.person_name()[0], None
                doc_type, doc_no = "business_reg", f"{rng.randrange(10 ** 8):08d}"
                lang = "cantonese"
            else:
                name, name_en = self.person_name()
                contact = None
                sal = rng.choice(["mr", "mrs", "ms", None])
                doc_type, doc_no = ("mainland_id", self.mainland_id()) if mainland else ("hkid", self.hkid())
                lang = "mandarin" if mainland else rng.choices(["cantonese", "english", "other"], [90, 8, 2])[0]
            phone = self.phone(mainland)
            phone2 = self.phone(rng.random() < 0.2) if rng.random() < 0.3 else None
            email = f"user{p}@{rng.choice(['gmail.com', 'yahoo.com.hk', 'netvigator.com', 'qq.com', '163.com'])}" \
                if rng.random() < 0.4 else None
            bname, floor = self.unit_label[u - 1]
            address = f"{bname}{floor}樓" if rng.random() < 0.8 else None
            birthday = str(date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 62))) if not company and rng.random() < 0.5 else None
            emergency = self.person_name()[0] if rng.random() < 0.3 else None
            created = self.when(START - timedelta(days=3650), END - timedelta(days=30))
            p_rows.append((p, "company" if company else "person", name, phone, phone2, email, address, name_en, sal,
                           contact, doc_type, doc_no, lang, birthday, emergency,
                           self.phone() if emergency else None, rng.random() < 0.35, ts(created)))
            self.party_name.append(name)
            self.party_phone.append(phone)
        l_rows = []
        for i, (u, p, role) in enumerate(links):
            start = self.estate_handover[self.unit_estate[u - 1]] + timedelta(days=rng.randint(0, 3000))
            if start > END.date():
                start = END.date() - timedelta(days=rng.randint(1, 300))
            moved_in = start + timedelta(days=rng.randint(0, 90)) if role != "owner" or rng.random() < 0.7 else None
            l_rows.append((i + 1, u, p, role, "active" if rng.random() < 0.98 else "pending_verify",
                           role in ("owner", "tenant"), role == "owner", "100.00" if role == "owner" else None,
                           str(start), None, str(moved_in) if moved_in else None, None, None, ts(START)))
        p_cols = ("id", "party_type", "name", "phone", "phone2", "email", "address", "name_en", "salutation",
                  "contact_person", "id_doc_type", "id_doc_no", "preferred_language", "birthday", "emergency_contact",
                  "emergency_phone", "marketing_consent", "created_at")
        l_cols = ("id", "unit_id", "party_id", "role", "status", "is_primary_contact", "is_payer", "share_pct",
                  "start_date", "end_date", "moved_in_date", "moved_out_date", "notes", "created_at")
        return (p_cols, p_rows), (l_cols, l_rows)

    # --- front desk: a million contact records --------------------------------------------------------
    def contact_times(self):
        """One million strictly increasing whole-second times over three years, in office hours,
        fewer on Sundays."""
        rng = self.rng
        days = (END.date() - START.date()).days
        weights = [0.6 if (START.date() + timedelta(days=d)).weekday() == 6 else 1.0 for d in range(days)]
        per_day = [0] * days
        for d in rng.choices(range(days), weights, k=SIZES["contact_records"]):
            per_day[d] += 1
        times, last = [], 0
        base = to_secs(START)
        for d, n in enumerate(per_day):
            day0 = base + d * 86400
            for s in sorted(rng.randrange(7 * 3600 + 1800, 22 * 3600 + 1800) for _ in range(n)):
                t = max(day0 + s, last + 1)
                times.append(t)
                last = t
        return times

    def contact_records(self):
        rng = self.rng
        times = self.contact_times()
        self.contact_time = times
        n = len(times)
        channels = self.picks(CONTACT_CHANNELS, n)
        categories = self.picks(CONTACT_CATEGORIES, n)
        self.contact_unit = [0] * n
        self.contact_party = [0] * n
        self.complaint_contacts = []
        end_ts = to_secs(END)
        cols = ("id", "received_at", "channel", "category", "subject", "status", "unit_id", "party_id", "estate_id",
                "caller_name", "caller_phone", "content", "reply", "received_by_id", "follow_up_by_id", "due_at",
                "closed_at", "created_at", "updated_at")

        def rows():
            for i in range(n):
                t = from_secs(times[i])
                cat, channel = categories[i], channels[i]
                u = rng.randint(1, SIZES["units"]) if rng.random() < 0.9 else None
                e = self.unit_estate[u - 1] if u else rng.randrange(SIZES["estates"])
                party = None
                if u and u in self.unit_parties and rng.random() < 0.85:
                    party = rng.choice(self.unit_parties[u])
                if party:
                    caller, phone = self.party_name[party], self.party_phone[party]
                else:
                    caller, phone = self.person_name()[0], None
                subject = rng.choice(CONTACT_SUBJECTS[cat])
                age_days = (end_ts - times[i]) / 86400
                if age_days > 14:
                    status = "closed" if rng.random() < 0.97 else "following"
                else:
                    status = rng.choices(["open", "following", "closed"], [30, 30, 40])[0]
                staff = self.staff_by_estate[e]
                received_by = rng.choice(staff["CS"])
                follow = rng.choice(staff[rng.choice(["CS", "ENG", "SEC", "ENV"])]) if status != "open" and cat in (
                    "request", "complaint") else None
                due = t + timedelta(hours=rng.choice([4, 24, 48, 72])) if cat in ("request", "complaint") else None
                closed = min(t + timedelta(minutes=rng.randint(5, 4320)), END) if status == "closed" else None
                if closed is not None and closed < t:
                    closed = t
                place = f"{self.unit_label[u - 1][0]}{self.unit_label[u - 1][1]}樓" if u else "公共地方"
                content = f"{caller}{'來電' if channel == 'phone' else '反映'}：{subject}（{place}），請跟進。"
                reply = "已按程序處理並回覆來電人。" if status == "closed" else None
                self.contact_unit[i] = u or 0
                self.contact_party[i] = party or 0
                if cat == "complaint":
                    self.complaint_contacts.append(i)
                created = t + timedelta(seconds=30)
                yield (i + 1, ts(t), channel, cat, subject, status, u, party, e + 1, caller, phone, content, reply,
                       received_by, follow, ts(due) if due else None, ts(closed) if closed else None, ts(created),
                       ts(closed) if closed else None)

        return cols, rows()

    # --- complaints ------------------------------------------------------------------------------
    def complaints(self, creator_ids, cflow):
        """200,000 complaints; each one's workflow path is kept (self.complaint_events) for status_history,
        and its stamped times and deadlines are the ones that path writes."""
        rng = self.rng
        n = SIZES["complaints"]
        linked = rng.sample(self.complaint_contacts, n // 2)
        items = []  # (time, unit, party, contact id)
        for i in linked:
            items.append((self.contact_time[i] + rng.randint(120, 3600), self.contact_unit[i] or None,
                          self.contact_party[i] or None, i + 1))
        lo, hi = to_secs(START), to_secs(END)
        for _ in range(n - len(linked)):
            u = rng.randint(1, SIZES["units"]) if rng.random() < 0.93 else None
            party = rng.choice(self.unit_parties[u]) if u and u in self.unit_parties and rng.random() < 0.8 else None
            items.append((rng.randrange(lo, hi), u, party, None))
        items.sort(key=lambda it: it[0])
        end_ts = to_secs(END)
        categories = self.picks(COMPLAINT_CATEGORIES, n)
        channels = self.picks(COMPLAINT_CHANNELS, n)
        severities = self.picks(SEVERITY, n)
        cols = ("id", "doc_no", "received_at", "status", "severity", "category", "subject", "unit_id",
                "complainant_party_id", "assignee_id", "due_resolve_at", "complainant_name", "phone", "channel",
                "estate_id", "contact_record_id", "is_valid", "is_collective", "content", "demand",
                "responsible_org_unit_id", "received_by_id", "escalated_to_id", "due_response_at", "due_follow_up_at",
                "dispatched_at", "responded_at", "resolved_at", "closed_at", "reopen_count", "resolution",
                "root_cause", "created_by_id", "created_at", "updated_at")
        dept_for = {"environment": "ENV", "security": "SEC", "engineering": "ENG", "parking": "SEC",
                    "facilities": "ENG", "renovation": "ENG"}
        self.cflow = cflow
        self.complaint_events = [()] * n
        self.complaint_severity = [""] * n
        self.complaint_creator = [None] * n

        def opt(secs):
            return None if secs is None else ts_secs(secs)

        def rows():
            last = 0
            year_seq = {}
            for k, (t0, u, party, contact) in enumerate(items):
                t_int = max(t0, last + 1)
                last = t_int
                t = from_secs(t_int)
                year_seq[t.year] = year_seq.get(t.year, 0) + 1
                doc_no = f"CP{t.year}{year_seq[t.year]:06d}"
                cat, channel, sev = categories[k], channels[k], severities[k]
                age_days = (end_ts - t_int) / 86400
                status = self.pick(OLD_COMPLAINT_STATUS if age_days > 60 else NEW_COMPLAINT_STATUS)
                e = self.unit_estate[u - 1] if u else rng.randrange(SIZES["estates"])
                staff = self.staff_by_estate[e]
                dept = dept_for.get(cat, "CS")
                dept_id = dict(self.dept_ids[e])[dept]
                if party:
                    name, phone = self.party_name[party], self.party_phone[party]
                else:
                    name, phone = self.person_name()[0], self.phone(rng.random() < 0.2)
                subject = rng.choice(COMPLAINT_SUBJECTS[cat])
                progressed = status not in ("received", "classified", "invalid", "cancelled")
                dispatched, responded, resolved, closed = self.complaint_times(t, status, sev)
                assignee = rng.choice(staff[dept]) if progressed else None
                escalated = rng.choice(staff["CS"]) if status == "escalated" else None
                content = f"{name}{'來電' if channel == 'phone' else '反映'}{subject}，要求管理處盡快處理並回覆。"
                demand = "盡快處理並書面回覆" if rng.random() < 0.4 else None
                collective = rng.random() < 0.02
                received_by = rng.choice(staff["CS"])
                reopen_count = rng.randint(1, 2) if status == "reopened" else 0
                created_by = rng.choice(creator_ids) if rng.random() < 0.7 else None
                # The drawn times become a path through the flow; the record keeps what that path stamps.
                path = self.complaint_path(t_int, status, sev, to_secs(responded) if responded else None,
                                           to_secs(dispatched) - t_int if dispatched else None,
                                           to_secs(resolved) if resolved else None,
                                           to_secs(closed) if closed else None, reopen_count)
                events, stamped = cflow.walk(sev, status, path)
                self.complaint_events[k] = events
                self.complaint_severity[k] = sev
                self.complaint_creator[k] = created_by
                done = status in ("closed", "resolved", "follow_up_pending", "reopened")  # resolve requires it
                yield (k + 1, doc_no, ts(t), status, sev, cat, subject, u, party, assignee,
                       opt(stamped["due_resolve_at"]), name, phone, channel, e + 1, contact, status != "invalid",
                       collective, content, demand, dept_id, received_by, escalated,
                       opt(stamped["due_response_at"]), opt(stamped["due_follow_up_at"]),
                       opt(stamped["dispatched_at"]), opt(stamped["responded_at"]), opt(stamped["resolved_at"]),
                       opt(stamped["closed_at"]), reopen_count,
                       "已安排跟進處理，問題已解決。" if done else None,
                       "設施老化" if done and cat in ("engineering", "facilities") else None,
                       created_by, ts(t + timedelta(seconds=60)), ts_secs(events[-1] >> 4))

        return cols, rows()

    def complaint_times(self, t, status, severity):
        """Drawn times (dispatched, responded, resolved, closed) of a complaint received at `t`, or None."""
        rng = self.rng
        resp_h, resolve_h = SLA[severity]
        limit = END if END > t else t

        def after(hours_lo, hours_hi, base=t):
            return min(base + timedelta(minutes=rng.randint(int(hours_lo * 60), int(hours_hi * 60))), limit)

        progressed = status not in ("received", "classified", "invalid", "cancelled")
        dispatched = after(0.2, 4) if progressed else None
        responded = after(0.3, resp_h * 1.5) if progressed or status == "invalid" else None
        resolved = after(resp_h, resolve_h * 1.5) if status in (
            "resolved", "follow_up_pending", "closed", "reopened") else None
        closed = None
        if status == "closed":
            closed = min(max(resolved or t, t) + timedelta(days=rng.randint(1, 5)), limit)
        elif status in ("invalid", "cancelled"):
            closed = after(1, 72)
        return dispatched, responded, resolved, closed

    def complaint_path(self, t, status, severity, responded, dispatch_delay, resolved, closed, reopen_count):
        """[(seconds, transition code)] from receipt to `status`, at the complaint's drawn times (seconds):
        classify at `responded`, dispatch `dispatch_delay` after it, the last resolution at or after
        `resolved`, the close (or invalid/withdrawn) at `closed`; nothing after END."""
        path = self._complaint_path(t, status, severity, responded, dispatch_delay, resolved, closed, reopen_count)
        lim = max(to_secs(END), t)
        if path[-1][0] == lim > t:  # times cut off at END: spread them out before it
            j = next(i for i, (secs, _code) in enumerate(path) if secs == lim)
            base, n = path[j - 1][0], len(path) - j
            path[j:] = [(base + (lim - base) * (i + 1) // (n + 1), code) for i, (_secs, code) in enumerate(path[j:])]
        return path

    def _complaint_path(self, t, status, severity, responded, dispatch_delay, resolved, closed, reopen_count):
        r = self.flow_rng
        c = self.cflow.code
        lim = max(to_secs(END), t)
        resp_h, _resolve_h = SLA[severity]
        path = [(t, 0)]
        if status == "received":
            return path
        if status == "cancelled":
            return path + [(closed, c["withdraw"])]
        if status == "classified":  # no responded time was drawn for these
            return path + [(min(t + r.randint(18 * 60, int(resp_h * 1.5 * 3600)), lim), c["classify"])]
        if status == "invalid":
            return path + [(responded, c["classify"]), (max(closed, responded), c["mark_invalid"])]
        dispatched = min(responded + dispatch_delay, lim)
        path += [(responded, c["classify"]), (dispatched, c["dispatch"])]
        if status == "dispatched":
            return path
        if status == "in_progress":
            return path + [(min(dispatched + r.randint(600, 8 * 3600), lim), c["start"])]
        if status == "escalated":
            since, state = dispatched, "dispatched"
            if r.random() < 0.5:
                since, state = min(dispatched + r.randint(600, 8 * 3600), lim), "in_progress"
                path.append((since, c["start"]))
            due = since + self.cflow.due_off[severity][state]
            if due < lim:  # the clock escalates it at its next tick after the deadline
                return path + [(min(due + r.randint(60, 3600), lim - 1), c["escalate_overdue"])]
            return path + [(since + r.randint(0, lim - since), c["escalate"])]
        resolved = min(max(resolved, dispatched + 1800), lim)
        cycle = dispatched
        if reopen_count == 2:  # an earlier resolution, follow-up and reopening before the last dispatch
            span = resolved - dispatched
            cycle = dispatched + span * 70 // 100
            path += [(dispatched + span * 35 // 100, c["resolve"]),
                     (dispatched + span * 45 // 100, c["await_follow_up"]),
                     (dispatched + span * 60 // 100, c["reopen"]), (cycle, c["dispatch"])]
        if r.random() < 0.6:  # "start" is optional: resolve may follow dispatch directly
            path.append((cycle + (resolved - cycle) * r.randint(5, 50) // 100, c["start"]))
        path.append((resolved, c["resolve"]))
        if status == "resolved":
            return path
        follow_up = min(resolved + r.randint(600, 86400), lim)
        path.append((follow_up, c["await_follow_up"]))
        if status == "closed":
            path.append((max(closed, follow_up), c["close"]))
        elif status == "reopened":
            path.append((min(follow_up + r.randint(3600, 3 * 86400), lim), c["reopen"]))
        return path

    def deadline_rules(self):
        rows = [(i + 1, sev, SLA[sev][0], SLA[sev][1], False, FOLLOW_UP_DAYS, escalate, manager, director, text,
                 ts(START)) for i, (sev, escalate, manager, director, text) in enumerate(DEADLINE_RULES)]
        cols = ("id", "severity", "response_hours", "resolve_hours", "working_hours_only", "follow_up_days",
                "escalate_after_hours", "notify_manager", "notify_director", "description", "created_at")
        return cols, rows

    def status_history(self, users):
        """One row per complaint event, ids in time order as the app writes them (a record's events in
        their order); from_status is the state before, due_at the deadline of the state entered."""
        cf, r = self.cflow, self.history_rng
        events, severity, creator = self.complaint_events, self.complaint_severity, self.complaint_creator
        kbits = len(events).bit_length()
        kmask = (1 << kbits) - 1
        keys = [((p >> 4 << kbits | k) << 4) | seq for k, evs in enumerate(events) for seq, p in enumerate(evs)]
        keys.sort()
        actors = {}  # transition code -> user ids, repeated by weight
        for name, (roles, weights) in COMPLAINT_ACTORS.items():
            actors[cf.code[name]] = [users[role] for role, w in zip(roles, weights) for _ in range(w)]
        comments = {cf.code[name]: texts for name, texts in COMPLAINT_COMMENTS.items()}
        for code, required in enumerate(cf.comment_required):
            if required and not cf.auto[code] and code not in comments:
                raise RuntimeError(f"complaint {cf.names[code]} requires a comment: add one to COMPLAINT_COMMENTS")
        cols = ("id", "flow", "subject_table", "subject_id", "transition", "from_status", "to_status", "actor_id",
                "comment", "due_at", "created_at")
        self.facts["waiting_with_deadline"] = self.facts["overdue_at_end"] = 0
        end_ts = to_secs(END)

        def rows():
            flow, table = cf.flow.code, cf.flow.table
            for i, key in enumerate(keys):
                seq, k = key & 15, (key >> 4) & kmask
                evs = events[k]
                secs, code = evs[seq] >> 4, evs[seq] & 15
                target = cf.target[code]
                off = cf.due_off[severity[k]].get(target)
                if seq == len(evs) - 1 and off is not None:
                    self.facts["waiting_with_deadline"] += 1
                    self.facts["overdue_at_end"] += secs + off < end_ts
                if code == 0:
                    actor = creator[k]
                elif cf.auto[code]:
                    actor = None
                else:
                    actor = r.choice(actors[code])
                comment = r.choice(comments[code]) if code in comments else None
                yield (i + 1, flow, table, k + 1, cf.names[code], cf.target[evs[seq - 1] & 15] if seq else None,
                       target, actor, comment, ts_secs(secs + off) if off is not None else None, ts_secs(secs))
            self.complaint_events = None  # the largest thing kept: not needed again

        return cols, rows()

    # --- fees ------------------------------------------------------------------------------------
    def fee_items(self):
        rng = self.rng
        rows = []
        self.mgmt_item, self.mgmt_rate = [], []
        for e in range(SIZES["estates"]):
            rate = round(rng.uniform(25, 45), 2)
            base = len(rows)
            rows.append((base + 1, e + 1, "MGT", "管理費", "management", "area_x_rate", f"{rate:.4f}", None, 1, 15,
                         "0.0005", 7, True, ts(START)))
            rows.append((base + 2, e + 1, "PARK", "車位管理費", "parking", "fixed", None, "1200.00", 1, 15, "0.0005",
                         7, True, ts(START)))
            rows.append((base + 3, e + 1, "WATER", "水費", "water", "metered", "4.5800", None, 2, 20, None, 0, True,
                         ts(START)))
            rows.append((base + 4, e + 1, "DEP", "裝修按金", "deposit", "fixed", None, "5000.00", 1, None, None, 0,
                         True, ts(START)))
            rows.append((base + 5, e + 1, "FUND", "維修基金", "maintenance_fund", "area_x_rate", "2.0000", None, 12, 15,
                         None, 0, True, ts(START)))
            self.mgmt_item.append(base + 1)
            self.mgmt_rate.append(rate)
        cols = ("id", "estate_id", "code", "name", "kind", "calc_method", "rate", "fixed_amount", "cycle_months",
                "due_day", "late_fee_rate_per_day", "grace_days", "is_active", "created_at")
        return cols, rows

    def charges(self):
        """Five monthly management-fee charges per unit; the payments of each unit's charges are planned
        with them (self.payment_plan), and a (part) paid charge was last updated by its last payment."""
        rng = self.rng
        months = [date(2026, m, 1) for m in range(12 - SIZES["charge_months"], 12)]  # Jul..Nov 2026
        cols = ("id", "unit_id", "fee_item_id", "period_start", "period_end", "amount_due", "due_date", "status",
                "payer_party_id", "discount_amount", "late_fee", "bill_no", "created_at", "updated_at")
        self.payment_plan = []
        self.facts["fees"] = {"due": 0, "collected": 0, "on_time": 0}  # cents

        def midnight(day):
            return to_secs(datetime.combine(day, datetime.min.time()))

        # per month: (next period start, due date), seconds at midnight, for the payments
        bounds = [(midnight(date(m.year + m.month // 12, m.month % 12 + 1, 1)), midnight(m + timedelta(days=14)))
                  for m in months]

        def rows():
            cid = 0
            for u in range(1, SIZES["units"] + 1):
                e = self.unit_estate[u - 1]
                amount = round(self.unit_area[u - 1] * self.mgmt_rate[e], 2)
                payer = self.owner_of.get(u)
                bills, unit_rows = [], []
                for mi, start in enumerate(months):
                    cid += 1
                    nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
                    end = nxt - timedelta(days=1)
                    due = start + timedelta(days=14)
                    recent = len(months) - 1 - mi  # 0 = this month
                    if recent == 0:
                        status = rng.choices(["billed", "paid", "partially_paid"], [60, 38, 2])[0]
                    elif recent == 1:
                        status = rng.choices(["paid", "overdue", "partially_paid", "waived"], [82, 14, 3, 1])[0]
                    else:
                        status = rng.choices(["paid", "overdue", "partially_paid", "waived", "written_off"],
                                             [93, 4, 1, 1, 1])[0]
                    discount = round(amount * 0.1, 2) if rng.random() < 0.03 else 0
                    late = round(amount * 0.0005 * 30 * recent, 2) if status == "overdue" else 0
                    created = datetime.combine(start, datetime.min.time()) + timedelta(hours=2, seconds=u)
                    unit_rows.append([cid, u, self.mgmt_item[e], str(start), str(end), f"{amount:.2f}", str(due),
                                      status, payer, f"{discount:.2f}", f"{late:.2f}", f"B{start:%Y%m}{u:06d}",
                                      ts(created),
                                      ts(created + timedelta(days=rng.randint(1, 25))) if status != "billed" else None])
                    bills.append((cid, *bounds[mi], status, round(amount * 100) - round(discount * 100),
                                  to_secs(created)))
                paid_at = self.pay_unit(u, e, payer, bills)
                for row in unit_rows:
                    if row[0] in paid_at:
                        row[-1] = ts_secs(paid_at[row[0]])
                    yield tuple(row)

        return cols, rows()

    def pay_unit(self, u, e, payer, bills):
        """Plan the payments of one unit's charges, bills = [(charge id, next period start, due date, status,
        cents due after discount, billed at)], times in seconds (dates at midnight); returns
        {charge id: time of the payment that settled it}.

        Paid charges are paid in full, partly paid ones in part (30-80%, whole dollars), with one payment
        each, mostly by the due date (ON_TIME); late ones later that month or in the next, where the arrears
        are often paid with the next month's fee (one payment, two allocations). The unit's usual method
        decides the time of day; autopay debits on the 13th and never pays late or in part."""
        r = self.pay_rng
        end_ts = to_secs(END)
        end_day = end_ts - end_ts % DAY
        fees = self.facts["fees"]
        usual = r.choices(PAY_METHODS[0], cum_weights=self.pay_cum)[0]
        timed = []  # (bill index, charge id, cents, seconds, late into the next month, method)
        due_by = {}  # charge id -> last second of its due date
        for i, (cid, nxt, due, status, cents, billed) in enumerate(bills):
            if status != "waived":
                fees["due"] += cents
            if status not in ON_TIME:
                continue
            due_by[cid] = due + DAY - 1
            if status == "partially_paid":
                cents = max(100, cents * r.randint(30, 80) // 10000 * 100)
            on_time = r.random() < ON_TIME[status]
            late_next = not on_time and nxt <= end_day and r.random() < LATE_NEXT_MONTH
            if usual == "autopay" and on_time and status == "paid":
                method, first, last = "autopay", due - 2 * DAY, due - 2 * DAY
            else:
                method = usual if usual != "autopay" and r.random() < 0.85 else \
                    r.choices(NOT_AUTOPAY, cum_weights=self.not_autopay_cum)[0]
                if on_time:
                    first, last = due - 13 * DAY, due  # from the day after billing
                elif late_next:
                    first, last = nxt, nxt + 24 * DAY
                else:
                    first, last = due + DAY, nxt - DAY
            last = min(last, end_day)
            when = first + r.randint(0, max((last - first) // DAY, 0)) * DAY
            if method == "autopay":
                hour = r.randint(4 * 3600, 5 * 3600 - 1)
            elif method in COUNTER_METHODS:
                hour = r.randint(9 * 3600, 20 * 3600 - 1)
            else:
                hour = r.randint(7 * 3600, 24 * 3600 - 1)
            secs = max(when + hour, billed + 600)
            if secs > end_ts:  # the evening of END's day: earlier that day instead
                secs = max(end_ts - r.randint(60, 9 * 3600), billed + 600)
            timed.append((i, cid, cents, secs, late_next, method))
        paid_at = {}
        carry = []
        for j, (i, cid, cents, secs, late_next, method) in enumerate(timed):
            if late_next and j + 1 < len(timed):
                nxt_i, _cid, _cents, _secs, nxt_late, nxt_method = timed[j + 1]
                if nxt_i == i + 1 and not nxt_late and nxt_method != "autopay" and _secs <= due_by[_cid]:
                    carry.append((cid, cents))
                    continue
            allocs = tuple(carry) + ((cid, cents),)
            carry = []
            cashier = r.choice(self.staff_by_estate[e]["CS"]) if method in COUNTER_METHODS else None
            if method == "cheque" and r.random() < BOUNCED_CHEQUE:
                self.payment_plan.append((secs, u, payer, method, cashier, allocs, True))
                secs = min(secs + r.randint(2, 10) * 86400, end_ts)
                method, cashier = "cash", r.choice(self.staff_by_estate[e]["CS"])
            self.payment_plan.append((secs, u, payer, method, cashier, allocs, False))
            for a_cid, a_cents in allocs:
                paid_at[a_cid] = secs
                fees["collected"] += a_cents
                fees["on_time"] += a_cents if secs <= due_by[a_cid] else 0
        return paid_at

    def payments(self):
        """The planned payments in time order: ids and receipt numbers (R<year><7 digits>) follow paid_at."""
        plan = self.payment_plan
        plan.sort(key=lambda p: (p[0], p[1]))  # stable: a bounced cheque stays before its replacement
        r = self.pay_rng
        end_ts = to_secs(END)
        self.payment_created = created = []
        cols = ("id", "receipt_no", "paid_at", "amount", "method", "unit_id", "payer_party_id", "cashier_id",
                "reference_no", "is_voided", "void_reason", "created_at")

        def rows():
            seq = {}
            for i, (secs, u, payer, method, cashier, allocs, voided) in enumerate(plan):
                paid = ts_secs(secs)
                year = paid[:4]
                seq[year] = seq.get(year, 0) + 1
                if method in COUNTER_METHODS:
                    made = secs + r.randint(20, 300)  # receipt printed at the counter
                elif method == "autopay":
                    made = secs + 5 * 3600  # the bank's file imported in the morning
                else:
                    made = secs + r.randint(3600, 26 * 3600)  # matched against the bank statement
                made = min(made, max(end_ts, secs))
                created.append(made)
                if method == "cash":
                    ref = None
                elif method == "autopay":
                    ref = f"AP{year}{paid[5:7]}{u:06d}"
                elif method == "cheque":
                    ref = f"CHQ{r.randrange(10 ** 6):06d}"
                else:
                    ref = f"{method[:3].upper()}{paid[2:4]}{paid[5:7]}{paid[8:10]}{r.randrange(10 ** 8):08d}"
                yield (i + 1, f"R{year}{seq[year]:07d}", paid, money(sum(c for _, c in allocs)),
                       method, u, payer, cashier, ref, voided, "支票退票" if voided else None, ts_secs(made))

        return cols, rows()

    def payment_allocations(self):
        """Each payment's allocations, amounts adding up to the payment; no late fees (paid charges carry none)."""
        plan, created = self.payment_plan, self.payment_created
        cols = ("id", "payment_id", "charge_id", "amount", "late_fee_amount", "created_at")

        def rows():
            aid = 0
            for i, p in enumerate(plan):
                made = ts_secs(created[i])
                for cid, cents in p[5]:
                    aid += 1
                    yield (aid, i + 1, cid, money(cents), "0.00", made)
            self.payment_plan = self.payment_created = None

        return cols, rows()


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


# ------------------------------------------------------------------------------------------------
# Build, cache, verify
# ------------------------------------------------------------------------------------------------

LOADED_TABLES = ("org_unit", "staff", "estate", "building", "unit", "party", "unit_party", "contact_record",
                 "complaint_deadline_rule", "complaint", "status_history", "fee_item", "charge", "payment",
                 "payment_allocation")


def normalise_url(url):
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        return "sqlite:///" + str(Path(path).resolve())
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


def sqlite_path(url):
    return Path(url[len("sqlite:///"):])


def read_marker(url):
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        marker = Path(str(path) + ".complete.json")
        if not path.exists() or not marker.exists():
            return None
        return json.loads(marker.read_text())
    import psycopg

    try:
        with psycopg.connect(_pg_dsn(url), autocommit=True) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
            ).fetchone()
    except psycopg.OperationalError:
        return None
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def marker_matches(marker):
    if not marker:
        return False
    want = expected_marker()
    return all(marker.get(k) == v for k, v in want.items())


def write_marker(url, info):
    if url.startswith("sqlite:///"):
        Path(str(sqlite_path(url)) + ".complete.json").write_text(json.dumps(info, indent=2))
        return
    import psycopg

    with psycopg.connect(_pg_dsn(url), autocommit=True) as conn:
        dbname = conn.execute("SELECT current_database()").fetchone()[0]
        text = json.dumps(info).replace("'", "''")
        conn.execute(f"COMMENT ON DATABASE \"{dbname}\" IS '{text}'")


def reset_database(url):
    """An empty database at `url`: the SQLite file removed, or the PostgreSQL database re-created."""
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal", ".complete.json"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.unlink()
        return
    import psycopg

    dsn = _pg_dsn(url)
    name = dsn.rsplit("/", 1)[1].split("?")[0]
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"refusing database name {name!r}")
    maintenance = dsn.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def create_schema_and_seed(url):
    """The app's own DDL (schema.sql through create_app) and roles/permissions/users; returns the ids of
    the users who create complaints, and {username: id} of all users."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.schema import registry_of
    from app.auth import accounts
    from app.seeding import demo_password
    from app.seeding import load_all

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-generate-" + "x" * 40})
    with app.app_context():
        registry = registry_of(app)
        load_all(db.session, registry, demo=False)
        accounts.create_user(db.session, registry, SCOPED_USER, demo_password(SCOPED_USER), "clerk", "駐場客服")
        db.session.commit()
        User = registry.model("app_user")
        creators = db.session.execute(  # ordered: SQLite would return them in username order, PostgreSQL by id
            select(User.id).where(User.username.in_(("clerk", "supervisor", "manager"))).order_by(User.id)
        ).scalars().all()
        users = dict(db.session.execute(select(User.username, User.id)).all())
        db.session.remove()
        db.engine.dispose()
    return list(creators), users


def build(url, log=print):
    t0 = time.perf_counter()
    reset_database(url)
    creators, users = create_schema_and_seed(url)
    cflow = complaint_flow()
    log(f"  schema + seed: {time.perf_counter() - t0:.1f} s")
    sink = SqliteSink(str(sqlite_path(url))) if url.startswith("sqlite:///") else PgSink(url)
    indexes = sink.secondary_indexes(LOADED_TABLES)
    for name, _sql in indexes:
        sink.drop_index(name)
    if isinstance(sink, PgSink):
        sink.drop_foreign_keys(LOADED_TABLES)
    data = Dataset()
    data.estate_rows()
    counts = {}

    def load(table, spec):
        t = time.perf_counter()
        cols, rows = spec
        counts[table] = sink.write(table, cols, rows)
        log(f"  {table:<23} {counts[table]:>9,} rows  {time.perf_counter() - t:6.1f} s")

    load("org_unit", data.org_units())
    load("staff", data.staff())
    load("estate", data.estates())
    load("user_estate", (["user_id", "estate_id"], [(users[SCOPED_USER], SCOPED_ESTATE)]))
    buildings, units = data.buildings_and_units()
    load("building", buildings)
    load("unit", units)
    parties, links = data.parties_and_links()
    load("party", parties)
    load("unit_party", links)
    load("contact_record", data.contact_records())
    load("complaint_deadline_rule", data.deadline_rules())
    load("complaint", data.complaints(creators, cflow))
    load("status_history", data.status_history(users))
    load("fee_item", data.fee_items())
    load("charge", data.charges())
    load("payment", data.payments())
    load("payment_allocation", data.payment_allocations())
    t = time.perf_counter()
    for _name, sql in indexes:
        sink.run(sql)
    log(f"  {len(indexes)} indexes re-created  {time.perf_counter() - t:6.1f} s")
    t = time.perf_counter()
    sink.finish()
    log(f"  constraints checked, finished  {time.perf_counter() - t:6.1f} s")
    seconds = time.perf_counter() - t0
    fees = data.facts["fees"]
    facts = {"complaints_waiting_with_deadline": data.facts["waiting_with_deadline"],
             "complaints_overdue_at_end": data.facts["overdue_at_end"],
             "fees_collected_pct": round(100 * fees["collected"] / fees["due"], 1),
             "fees_paid_by_due_date_pct": round(100 * fees["on_time"] / fees["due"], 1)}
    info = dict(expected_marker(), counts=counts, facts=facts, seconds=round(seconds, 1),
                built_at=datetime.now().isoformat(timespec="seconds"))
    write_marker(url, info)
    return info


def ensure(url=DEFAULT_SQLITE_URL, force=False, log=print):
    """Reuse the database at `url` when its marker says it is complete and current; build it otherwise."""
    url = normalise_url(url)
    marker = None if force else read_marker(url)
    if marker_matches(marker):
        log(f"bench data: reusing {redact(url)} (built in {marker.get('seconds')} s on {marker.get('built_at')})")
        return dict(marker, reused=True)
    log(f"bench data: building {redact(url)} (seed {SEED}) ...")
    info = build(url, log)
    facts = info["facts"]
    log(f"bench data: built in {info['seconds']:.1f} s "
        f"({sum(info['counts'].values()):,} rows; {', '.join(f'{k} {v:,}' for k, v in info['counts'].items())}); "
        f"complaints waiting with a deadline {facts['complaints_waiting_with_deadline']:,} "
        f"({facts['complaints_overdue_at_end']:,} overdue at {END:%Y-%m-%d %H:%M}); management fees billed "
        f"(waived excluded) {facts['fees_collected_pct']}% collected, "
        f"{facts['fees_paid_by_due_date_pct']}% by the due date")
    return dict(info, reused=False)


def redact(url):
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SQLITE_URL))
    parser.add_argument("--force", action="store_true", help="rebuild even when a complete cache exists")
    args = parser.parse_args(argv)
    ensure(args.database_url, force=args.force)


if __name__ == "__main__":
    main()
