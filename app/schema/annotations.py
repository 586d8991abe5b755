"""Read what schema.sql says beyond DDL: labels, menu groups, titles, tags and CHECK rules.

The database is reflected for structure (columns, types, keys). The human side of the schema
(labels in three languages, which columns hold personal data, how a record is titled) and the
CHECK rules (reflected inconsistently by SQLite and PostgreSQL) are read from the source file,
so both databases get exactly the same screens.
"""

import contextvars
import re
from dataclasses import dataclass
from dataclasses import field

LANGS = ("zh_Hant", "en", "zh_Hans")

# The language labels render in; the web layer sets it per request from the user's choice.
current_lang = contextvars.ContextVar("current_lang", default="zh_Hant")


@dataclass(frozen=True)
class Labels:
    """One text in the three UI languages."""

    zh_Hant: str
    en: str
    zh_Hans: str

    def get(self, lang):
        return getattr(self, lang, None) or self.zh_Hant

    def __str__(self):
        return self.get(current_lang.get())

    def __html__(self):
        from markupsafe import escape

        return str(escape(str(self)))

    @classmethod
    def parse(cls, text, fallback):
        parts = [p.strip() for p in text.split("|")] if text and text.strip() else []
        parts = (parts + [""] * 3)[:3]
        zh, en, zhs = parts
        en = en or fallback
        zh = zh or en
        return cls(zh, en, zhs or zh)


@dataclass
class ColumnNote:
    name: str
    labels: Labels
    tags: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)  # raw CHECK texts on the column line


@dataclass
class TableNote:
    name: str
    labels: Labels
    tags: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)  # name -> ColumnNote, in file order
    checks: list = field(default_factory=list)  # raw table-level CHECK texts
    order: int = 0


@dataclass
class SchemaNotes:
    tables: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)  # code -> Labels, in file order
    values: dict = field(default_factory=dict)  # value or table.column.value -> Labels

    def value_label(self, table, column, value):
        return self.values.get(f"{table}.{column}.{value}") or self.values.get(value)


_CREATE = re.compile(r"^\s*CREATE\s+TABLE\s+(\w+)\s*\(", re.IGNORECASE)
_GROUP = re.compile(r"^\s*--\s*@group\s+(\w+)\s*:\s*(.*)$")
_VALUE = re.compile(r"^\s*--\s*@value\s+([\w.]+)\s*:\s*(.*)$")
_CONSTRAINT_KEYWORDS = ("constraint", "unique", "primary", "foreign", "check")


def split_comment(line):
    """Split a line into (code, comment) at the first `--` outside a string literal."""
    in_str = False
    for i, ch in enumerate(line):
        if ch == "'":
            in_str = not in_str
        elif not in_str and line.startswith("--", i):
            return line[:i], line[i + 2:].strip()
    return line, ""


def parse_comment(comment, fallback):
    """`繁 | En | 简  #tag #key=value` -> (Labels, {tag: value})."""
    text, *chunks = re.split(r"(?:^|\s)#(?=\w)", comment)
    tags = {}
    for chunk in chunks:
        key, sep, value = chunk.strip().partition("=")
        tags[key] = value.strip() if sep else True
    return Labels.parse(text, fallback), tags


def humanize(name):
    return name.replace("_", " ").strip().capitalize()


def extract_checks(text):
    """Every `CHECK ( ... )` body in a piece of SQL, parentheses balanced."""
    found = []
    for m in re.finditer(r"\bCHECK\s*\(", text, re.IGNORECASE):
        depth, start = 1, m.end()
        i = start
        in_str = False
        while i < len(text) and depth:
            ch = text[i]
            if ch == "'":
                in_str = not in_str
            elif not in_str:
                depth += ch == "("
                depth -= ch == ")"
            i += 1
        found.append(text[start:i - 1].strip())
    return found


def _table_items(lines):
    """Group a CREATE TABLE body into items: (code, trailing comment), split at top-level commas."""
    items, code, comment, depth = [], "", "", 0
    for raw in lines:
        part, note = split_comment(raw)
        in_str = False
        for ch in part:
            if ch == "'":
                in_str = not in_str
            elif not in_str:
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                elif ch == "," and depth == 0:
                    items.append((code, comment))
                    code, comment = "", ""
                    continue
            code += ch
        code += " "
        if note:
            # A comment after the separating comma still belongs to the item before it.
            if not code.strip() and items and not items[-1][1]:
                items[-1] = (items[-1][0], note)
            else:
                comment = note
    if code.strip():
        items.append((code, comment))
    return items


def parse(sql_text):
    """Parse schema.sql text into SchemaNotes."""
    notes = SchemaNotes()
    lines = sql_text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := _GROUP.match(line):
            notes.groups[m.group(1)] = Labels.parse(m.group(2), humanize(m.group(1)))
        elif m := _VALUE.match(line):
            key = m.group(1)
            notes.values[key] = Labels.parse(m.group(2), humanize(key.rsplit(".", 1)[-1]))
        elif m := _CREATE.match(line):
            name = m.group(1).lower()
            _, head_comment = split_comment(line)
            labels, tags = parse_comment(head_comment, humanize(name))
            table = TableNote(name, labels, tags, order=len(notes.tables))
            body, depth = [], 1
            rest = line[m.end():]
            j = i
            # collect lines until the closing parenthesis of CREATE TABLE
            segment = rest
            while True:
                code, _ = split_comment(segment)
                in_str = False
                closed = False
                for ch in code:
                    if ch == "'":
                        in_str = not in_str
                    elif not in_str:
                        depth += ch == "("
                        depth -= ch == ")"
                        if depth == 0:
                            closed = True
                            break
                if closed:
                    break
                j += 1
                if j >= len(lines):
                    break
                segment = lines[j]
                body.append(segment)
            if body:
                # the last line holds ");" - drop what follows the closing parenthesis
                last_code, last_note = split_comment(body[-1])
                body[-1] = last_code[: last_code.rfind(")")] + (f" -- {last_note}" if last_note else "")
            for code, comment in _table_items(body):
                code = code.strip()
                if not code:
                    continue
                first = code.split()[0].lower()
                if first in _CONSTRAINT_KEYWORDS:
                    table.checks.extend(extract_checks(code))
                    continue
                col_labels, col_tags = parse_comment(comment, humanize(first))
                table.columns[first] = ColumnNote(first, col_labels, col_tags, extract_checks(code))
            notes.tables[name] = table
            i = j
        i += 1
    return notes


_DIALECT = re.compile(r"^\s*--\s*@dialect\s+(\w+)\s*$")


def table_statements(sql_text, dialect=None):
    """Split schema.sql into executable statements (comments removed, string literals kept).

    Lines after `-- @dialect sqlite` or `-- @dialect postgresql` belong to that database only
    (search indexes differ: FTS5 with triggers, pg_trgm); `-- @dialect all` ends such a block.
    A trigger body (BEGIN ... END;) and a $$-quoted function body stay one statement.
    """
    statements, current, only = [], [], "all"
    in_trigger = in_dollar = False
    for line in sql_text.splitlines():
        if m := _DIALECT.match(line):
            only = m.group(1).lower()
            continue
        code, _ = split_comment(line)
        if not code.strip():
            continue
        if only not in ("all", dialect):
            continue
        if not current and re.match(r"\s*CREATE\s+TRIGGER\b", code, re.IGNORECASE):
            # SQLite's body runs to END; PostgreSQL's trigger names a function and ends on its line.
            in_trigger = not re.search(r"\bEXECUTE\s+(FUNCTION|PROCEDURE)\b", code, re.IGNORECASE)
        in_dollar ^= code.count("$$") % 2 == 1
        current.append(code)
        ends = code.rstrip().endswith(";")
        if in_trigger:
            ends = ends and code.strip().upper() in ("END;", "END")
        if ends and not in_dollar:
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current, in_trigger = [], False
    if "".join(current).strip():
        statements.append("\n".join(current))
    return statements
