"""Seed data: roles, default permissions, demo users, demo records. Idempotent (natural keys)."""

import csv
from sqlalchemy import select

from app.auth import accounts
from app.config import ROOT

from . import demo as demo_data
from . import demo_attachments

SEED_DIR = ROOT / "seed"

ROLES = [
    # code, 中文, English, admin, may reveal personal data (one record at a time, recorded)
    ("clerk", "前台客服", "Front-desk clerk", False, False),
    ("supervisor", "客戶關係主管", "Customer-relations supervisor", False, True),
    ("manager", "客戶服務部經理", "Customer-service manager", False, True),
    ("director", "物業服務中心經理", "Centre director", False, True),
    ("engineer", "工程", "Engineering", False, False),
    ("guard", "安管", "Security guard", False, False),
    ("admin", "系統管理員", "Administrator", True, True),
]

# One demo user per role; the passwords are documented in README.md.
DEMO_USERS = [
    ("clerk", "陳美玲", "clerk"), ("supervisor", "李志明", "supervisor"), ("manager", "黃淑儀", "manager"),
    ("director", "張國華", "director"), ("engineer", "劉建業", "engineer"), ("guard", "周永康", "guard"),
    ("admin", "系統管理員", "admin"),
]
DEMO_PASSWORD_SUFFIX = "-demo-2026"


def demo_password(username):
    return username + DEMO_PASSWORD_SUFFIX


def load_roles(session, registry):
    Role = registry.model("app_role")
    added = 0
    for code, zh, en, is_admin, reveal in ROLES:
        if session.execute(select(Role).where(Role.code == code)).scalar_one_or_none() is None:
            session.add(Role(code=code, name_zh=zh, name_en=en, is_admin=is_admin, reveal_personal_data=reveal))
            added += 1
    session.flush()
    return added


def load_permissions(session, registry, path=None):
    """Default role x table rights from seed/role_permissions.csv; existing rows are left as edited."""
    Role = registry.model("app_role")
    Perm = registry.model("role_permission")
    roles = {r.code: r.id for r in session.execute(select(Role)).scalars()}
    existing = {(p.role_id, p.table_name) for p in session.execute(select(Perm)).scalars()}
    added = 0
    with open(path or SEED_DIR / "role_permissions.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            role_id = roles.get(row["role"])
            if role_id is None or row["table"] not in registry.specs or (role_id, row["table"]) in existing:
                continue
            session.add(Perm(role_id=role_id, table_name=row["table"],
                             **{f"can_{a}": row[a] == "1" for a in ("view", "create", "edit", "delete", "export")}))
            existing.add((role_id, row["table"]))
            added += 1
    session.flush()
    return added


def load_demo_users(session, registry):
    User = registry.model("app_user")
    added = 0
    for username, name, role in DEMO_USERS:
        if session.execute(select(User).where(User.username == username)).scalar_one_or_none() is None:
            accounts.create_user(session, registry, username, demo_password(username), role, name)
            added += 1
    return added


def load_all(session, registry, demo=True, attachments_dir=None, flows=None):
    """Everything the seed command loads; the demo photo only when told where files are kept,
    the demo records' workflow history only when given the flows."""
    counts = {
        "app_role": load_roles(session, registry),
        "role_permission": load_permissions(session, registry),
        "app_user": load_demo_users(session, registry),
    }
    if demo:
        counts.update(demo_data.load(session, registry, flows))
        if attachments_dir:
            counts["attachment"] = demo_attachments.load(session, registry, attachments_dir)
    return counts
