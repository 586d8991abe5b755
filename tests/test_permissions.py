"""Every role x every screen x every action is allowed or refused exactly as the permission rows say."""

import csv

import pytest
from sqlalchemy import select

from app.seeding import SEED_DIR

from .helpers import count
from .helpers import screen_tables

ROLES = ["clerk", "supervisor", "manager", "director", "engineer", "guard", "admin"]


def expected_rights(ctx, registry, role):
    Role = registry.model("app_role")
    Perm = registry.model("role_permission")
    r = ctx.execute(select(Role).where(Role.code == role)).scalar_one()
    if r.is_admin:
        return None
    return {p.table_name: {a for a in ("view", "create", "edit", "delete", "export") if getattr(p, f"can_{a}")}
            for p in ctx.execute(select(Perm).where(Perm.role_id == r.id)).scalars()}


def menu_links(html):
    import re

    return set(re.findall(r'href="/admin/(\w+)/"', html))


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, login_as, rows, registry, ctx):
    """Does each entry point answer exactly as the role's permission rows say (and admin may do all)?"""
    user = login_as(role)
    rights = expected_rights(ctx, registry, role)
    home = user.get("/admin/").get_data(as_text=True)
    problems = []
    for table in screen_tables(registry):
        allowed = {"view", "create", "edit", "delete", "export"} if rights is None else set(rights.get(table, set()))
        if registry.spec(table).append_only:
            allowed -= {"create", "edit", "delete"}
        base = f"/admin/{table}"
        record = rows.make(table)
        checks = {
            "view": (user.get(base + "/"), user.get(f"{base}/details/?id={record.id}")),
            "create": (user.get(base + "/new/"),),
            "edit": (user.get(f"{base}/edit/?id={record.id}"),),
            "export": (user.get(base + "/export/csv/"),),
        }
        for action, responses in checks.items():
            may = action in allowed and (action == "view" or "view" in allowed)
            for response in responses:
                ok = response.status_code == 200
                if ok != may:
                    problems.append(f"{table}.{action}: got {response.status_code}, expected {'200' if may else '403'}")
                elif not may and response.status_code != 403:
                    problems.append(f"{table}.{action}: refused with {response.status_code}, not 403")
        if ("view" in allowed) != (table in menu_links(home)):
            problems.append(f"{table}: menu entry {'missing' if 'view' in allowed else 'shown'}")
        before = count(ctx, registry, table)
        response = user.post(f"{base}/delete/", data={"id": record.id})
        may_delete = {"view", "delete"} <= allowed
        deleted = count(ctx, registry, table) == before - 1
        if deleted != may_delete:
            problems.append(f"{table}.delete: deleted={deleted}, expected {may_delete} ({response.status_code})")
        if not may_delete and response.status_code != 403:
            problems.append(f"{table}.delete: refused with {response.status_code}, not 403")
        ctx.expunge_all()  # SQLite may reuse a deleted row's id for the next one
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_anonymous_is_sent_to_login(client, registry):
    """Is every generated screen closed to a visitor who has not logged in?"""
    for table in screen_tables(registry):
        response = client.get(f"/admin/{table}/")
        assert response.status_code == 302 and "/login" in response.headers["Location"], table
        response = client.post(f"/admin/{table}/delete/", data={"id": 1}, csrf=False)
        assert response.status_code in (302, 400), table


def test_permissions_are_editable_data(login_as, registry, ctx):
    """Does a right granted through the role_permission screen take effect without code?"""
    admin = login_as("admin")
    Role = registry.model("app_role")
    guard_id = ctx.execute(select(Role.id).where(Role.code == "guard")).scalar_one()
    guard = login_as("guard")
    assert guard.get("/admin/estate/").status_code == 403
    response = admin.post("/admin/role_permission/new/", data={
        "role": str(guard_id), "table_name": "estate", "can_view": "y"})
    assert response.status_code == 302
    assert guard.get("/admin/estate/").status_code == 200
    assert guard.get("/admin/estate/new/").status_code == 403


def test_default_permissions_follow_the_duties():
    """Do the seeded defaults keep HR and system tables away from clerks and guards?"""
    with open(SEED_DIR / "role_permissions.csv", encoding="utf-8") as fh:
        grants = {(r["role"], r["table"]): r for r in csv.DictReader(fh)}
    assert grants[("clerk", "complaint")]["create"] == "1"
    assert grants[("clerk", "complaint")]["delete"] == "0"
    for table in ("staff", "staff_change", "reward_penalty", "appraisal", "app_user", "role_permission"):
        assert ("clerk", table) not in grants or grants[("clerk", table)]["view"] == "0", table
    assert {t for (role, t) in grants if role == "guard"} <= {
        "goods_release_pass", "goods_release_item", "visitor_registration"}
    assert grants[("manager", "staff")]["edit"] == "1"
