"""Nothing lost, nobody where they don't belong: history with old/new values and revert, edit
conflicts, personal-data masking and reveal, estate scope (IDOR), audited logins and exports."""

import csv
import io
import json
import re

from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from .helpers import count


def audit_rows(ctx, registry, **where):
    audit = registry.metadata.tables["audit_log"]
    query = select(audit)
    for column, value in where.items():
        query = query.where(audit.c[column] == value)
    ctx.expire_all()
    return ctx.execute(query.order_by(audit.c.id)).all()


def test_edit_recorded_with_old_and_new_values_and_reverted(login_as, rows, registry, ctx):
    estate = rows.make("estate", name="舊名稱")
    admin = login_as("admin")
    data = rows.form_data("estate", name="新名稱", code=estate.code)
    page = admin.get(f"/admin/estate/edit/?id={estate.id}").get_data(as_text=True)
    version = page.split('name="seen_version"')[1].split('value="')[1].split('"')[0]
    data["seen_version"] = version
    assert admin.post(f"/admin/estate/edit/?id={estate.id}", data=data).status_code == 302
    entries = audit_rows(ctx, registry, table_name="estate", record_id=estate.id, action="update")
    assert entries, "the edit left no history"
    diff = json.loads(entries[-1].changes)
    assert diff["name"] == ["舊名稱", "新名稱"]
    assert entries[-1].username == "admin"
    details = admin.get(f"/admin/estate/details/?id={estate.id}").get_data(as_text=True)
    assert "修改紀錄" in details and "舊名稱 → 新名稱" in details
    response = admin.post("/admin/estate/revert/", data={"id": estate.id, "entry": entries[-1].id})
    assert response.status_code == 302
    ctx.expire_all()
    assert ctx.get(registry.model("estate"), estate.id).name == "舊名稱"
    assert audit_rows(ctx, registry, table_name="estate", record_id=estate.id, action="revert")


def test_deleted_record_can_be_brought_back(login_as, rows, registry, ctx):
    estate = rows.make("estate", name="將刪除")
    estate_id = estate.id
    admin = login_as("admin")
    assert admin.post("/admin/estate/delete/", data={"id": estate_id}).status_code == 302
    deleted = audit_rows(ctx, registry, table_name="estate", record_id=estate_id, action="delete")
    assert json.loads(deleted[-1].changes)["name"] == ["將刪除", None]
    admin.post("/admin/estate/revert/", data={"id": estate_id, "entry": deleted[-1].id})
    ctx.expire_all()
    assert ctx.get(registry.model("estate"), estate_id).name == "將刪除"


def test_failed_save_leaves_no_history(login_as, rows, registry, ctx, monkeypatch):
    """The audit row lives in the same transaction: a failed commit leaves neither."""
    from app.admin.base import SecureModelView

    def explode(self, form, model, is_created):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SecureModelView, "after_model_change", lambda *a: None)
    monkeypatch.setattr(SecureModelView, "on_model_change", explode)
    before = len(audit_rows(ctx, registry, table_name="estate"))
    count_before = count(ctx, registry, "estate")
    login_as("admin").post("/admin/estate/new/", data=rows.form_data("estate"))
    assert count(ctx, registry, "estate") == count_before
    assert len(audit_rows(ctx, registry, table_name="estate")) == before


def test_second_save_is_refused_and_keeps_the_typing(app, rows, registry, ctx):
    """Two clerks open the same record; the second save shows what changed and loses nothing."""
    from .conftest import Client

    party = rows.make("party", name="李大文")
    first, second = Client(app.test_client()), Client(app.test_client())
    first.login("supervisor")
    second.login("manager")
    url = f"/admin/party/edit/?id={party.id}"

    def version_of(html):
        return html.split('name="seen_version"')[1].split('value="')[1].split('"')[0]

    v1 = version_of(first.get(url).get_data(as_text=True))
    v2 = version_of(second.get(url).get_data(as_text=True))
    data = rows.form_data("party", name="李大文（已更正）")
    data.pop("phone", None)
    assert first.post(url, data={**data, "seen_version": v1}).status_code == 302
    typed = {**data, "name": "第二位職員輸入的名稱", "seen_version": v2}
    response = second.post(url, data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已有其他人儲存了修改" in html and "李大文（已更正）" in html
    assert "第二位職員輸入的名稱" in html  # nothing to retype
    ctx.expire_all()
    assert ctx.get(registry.model("party"), party.id).name == "李大文（已更正）"
    tampered = second.post(url, data={**typed, "seen_version": "999"})
    assert "已有其他人儲存了修改" in tampered.get_data(as_text=True)


def test_phone_masked_for_a_clerk_everywhere(login_as, rows, registry, ctx):
    party = rows.make("party", name="黃小明", phone="61234567")
    clerk = login_as("clerk")
    for url in ("/admin/party/", f"/admin/party/details/?id={party.id}", f"/admin/party/edit/?id={party.id}",
                "/admin/?q=黃小明"):
        body = clerk.get(url, follow_redirects=True).get_data(as_text=True)
        assert "61234567" not in body, url
    assert "****4567" in clerk.get(f"/admin/party/details/?id={party.id}").get_data(as_text=True)
    assert clerk.post("/admin/party/reveal/", data={"id": party.id}).status_code == 403


def test_clerk_saving_without_touching_the_phone_keeps_it(login_as, rows, registry, ctx):
    party = rows.make("party", name="張三", phone="91112222")
    clerk = login_as("clerk")
    html = clerk.get(f"/admin/party/edit/?id={party.id}").get_data(as_text=True)
    version = html.split('name="seen_version"')[1].split('value="')[1].split('"')[0]
    data = rows.form_data("party", name="張三豐", phone="", seen_version=version)
    assert clerk.post(f"/admin/party/edit/?id={party.id}", data=data).status_code == 302
    ctx.expire_all()
    record = ctx.get(registry.model("party"), party.id)
    assert record.name == "張三豐" and record.phone == "91112222"


def test_reveal_one_record_is_recorded(login_as, rows, registry, ctx):
    party = rows.make("party", name="何美美", phone="52223333")
    supervisor = login_as("supervisor")
    assert "52223333" not in supervisor.get(f"/admin/party/details/?id={party.id}").get_data(as_text=True)
    page = supervisor.post("/admin/party/reveal/", data={"id": party.id}).get_data(as_text=True)
    assert "52223333" in page
    assert audit_rows(ctx, registry, table_name="party", record_id=party.id, action="reveal")


def test_export_is_masked_neutralised_and_recorded(login_as, rows, registry, ctx):
    rows.make("party", name="=HYPERLINK(\"http://x\")", phone="93334444")
    manager = login_as("manager")
    response = manager.get("/admin/party/export/csv/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "93334444" not in text and "****4444" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert audit_rows(ctx, registry, table_name="party", action="export")


def test_logins_and_failures_recorded(client, registry, ctx):
    client.refresh_token()
    client.post("/login", data={"username": "clerk", "password": "wrong-password"})
    client.login("clerk")
    actions = [r.action for r in audit_rows(ctx, registry, username="clerk")]
    assert "login_failed" in actions and "login" in actions
    assert "wrong-password" not in json.dumps([tuple(r) for r in audit_rows(ctx, registry)], default=str)


def _limit_clerk_to(ctx, registry, estate_id, username="clerk"):
    User = registry.model("app_user")
    clerk_id = ctx.execute(select(User.id).where(User.username == username)).scalar_one()
    link = registry.metadata.tables["user_estate"]
    ctx.execute(insert(link).values(user_id=clerk_id, estate_id=estate_id))
    ctx.flush()


def test_the_workflow_overview_counts_only_the_supervisors_estates(login_as, rows, registry, ctx):
    """Counts, overdue records and slow approvals on the overview come from the estates the
    supervisor is limited to, like the inbox and the lists."""
    from datetime import datetime
    from datetime import timedelta

    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    long_ago = datetime.now() - timedelta(days=3)
    for estate, doc_no in ((estate_a, "OV-MINE-0001"), (estate_b, "OV-THEIRS-0001")):
        complaint = rows.make("complaint", estate_id=estate.id, doc_no=doc_no, subject="總覽範圍",
                              content="x", status="in_progress")
        for hours, due in ((72, long_ago + timedelta(hours=1)), (48, long_ago + timedelta(hours=2))):
            rows.make("status_history", subject_table="complaint", subject_id=complaint.id,
                      to_status="in_progress", created_at=datetime.now() - timedelta(hours=hours), due_at=due)
    whole = login_as("supervisor").get("/admin/workflow-overview/").get_data(as_text=True)
    assert "OV-MINE-0001" in whole and "OV-THEIRS-0001" in whole
    _limit_clerk_to(ctx, registry, estate_a.id, username="supervisor")
    page = login_as("supervisor").get("/admin/workflow-overview/").get_data(as_text=True)
    assert "OV-MINE-0001" in page and "OV-THEIRS-0001" not in page
    counts = page.split('id="overview-counts"', 1)[1].split("</table>", 1)[0]
    assert [cell for cell in re.findall(r'<td class="text-right[^"]*">(\d+)</td>', counts)][:2] == ["1", "1"]


def test_estate_scope_everywhere(login_as, rows, registry, ctx):
    """A clerk limited to estate A cannot reach estate B's records by list, id, edit, delete,
    export, picker, workflow action or front-desk lookup."""
    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    building_b = rows.make("building", estate_id=estate_b.id)
    unit_b = rows.make("unit", building_id=building_b.id, unit_no="88", code="B-UNIQUE-88")
    mine = rows.make("complaint", estate_id=estate_a.id, subject="甲苑投訴", content="甲苑投訴", status="received")
    theirs = rows.make("complaint", estate_id=estate_b.id, subject="乙苑投訴", content="乙苑投訴", status="received")
    _limit_clerk_to(ctx, registry, estate_a.id)
    clerk = login_as("clerk")
    listing = clerk.get("/admin/complaint/?page_size=100").get_data(as_text=True)
    assert "甲苑投訴" in listing and "乙苑投訴" not in listing
    for url in (f"/admin/complaint/details/?id={theirs.id}", f"/admin/complaint/edit/?id={theirs.id}"):
        response = clerk.get(url)
        assert response.status_code in (302, 404) and "乙苑投訴" not in response.get_data(as_text=True), url
    assert clerk.get(f"/admin/complaint/details/?id={mine.id}").status_code == 200
    data = rows.form_data("complaint", content="篡改")
    clerk.post(f"/admin/complaint/edit/?id={theirs.id}", data=data)
    ctx.expire_all()
    assert ctx.get(registry.model("complaint"), theirs.id).content == "乙苑投訴"
    assert clerk.get(f"/admin/workflow/complaint/{theirs.id}/classify").status_code == 404
    picker = clerk.get("/admin/complaint/ajax/lookup/?name=unit&query=B-UNIQUE").get_data(as_text=True)
    assert "88" not in picker
    assert "B-UNIQUE-88" not in clerk.get("/admin/?q=B-UNIQUE").get_data(as_text=True)
    assert str(unit_b.id)
    supervisor = login_as("supervisor")  # not limited: sees both
    assert "乙苑投訴" in supervisor.get("/admin/complaint/?page_size=100").get_data(as_text=True)
    # A record's page uses one statement kept per table: one user's estates never stick to it.
    assert "乙苑投訴" in supervisor.get(f"/admin/complaint/edit/?id={theirs.id}").get_data(as_text=True)
    assert clerk.get(f"/admin/complaint/edit/?id={theirs.id}").status_code in (302, 404)
    assert "乙苑投訴" in supervisor.get(f"/admin/complaint/details/?id={theirs.id}").get_data(as_text=True)


def test_history_cannot_be_edited_by_anyone(login_as, registry, ctx):
    audit = registry.metadata.tables["audit_log"]
    ctx.execute(insert(audit).values(action="login", username="x"))
    entry_id = ctx.execute(select(func.max(audit.c.id))).scalar()
    admin = login_as("admin")
    assert admin.get("/admin/audit_log/").status_code == 200
    assert admin.get(f"/admin/audit_log/edit/?id={entry_id}").status_code == 403
    assert admin.post("/admin/audit_log/delete/", data={"id": entry_id}).status_code == 403
    assert admin.post("/admin/audit_log/action/", data={"action": "delete", "rowid": entry_id}).status_code == 403
    assert login_as("clerk").get("/admin/audit_log/").status_code == 403


def test_admin_limits_a_user_to_estates_through_the_user_screen(login_as, rows, registry, ctx):
    """The link table user_estate appears as a many-to-many field on the user's form."""
    estate = rows.make("estate")
    User = registry.model("app_user")
    engineer = ctx.execute(select(User).where(User.username == "engineer")).scalar_one()
    admin = login_as("admin")
    form = admin.get(f"/admin/app_user/edit/?id={engineer.id}").get_data(as_text=True)
    assert 'name="estate_list"' in form
    version = form.split('name="seen_version"')[1].split('value="')[1].split('"')[0]
    data = {"username": "engineer", "display_name": engineer.display_name, "role": str(engineer.role_id),
            "locale": "zh_Hant", "is_active": "y", "estate_list": str(estate.id), "seen_version": version}
    assert admin.post(f"/admin/app_user/edit/?id={engineer.id}", data=data).status_code == 302
    link = registry.metadata.tables["user_estate"]
    assert ctx.execute(select(link.c.estate_id).where(link.c.user_id == engineer.id)).scalars().all() == [estate.id]


def _filter_groups(page):
    holder = page.split('<div id="filter-groups-data" class="d-none">', 1)[1].split("</div>", 1)[0]
    return json.loads(holder)


def test_fk_filters_search_within_the_users_estates(login_as, rows, registry, ctx):
    """An FK filter (the complaint's estate) carries no list of choices: it searches the
    target's titles as the user types, within the user's estates, like the form's pickers."""
    estate_a = rows.make("estate", name="甲苑篩選")
    estate_b = rows.make("estate", name="乙苑篩選")
    _limit_clerk_to(ctx, registry, estate_a.id)
    clerk = login_as("clerk")
    page = clerk.get("/admin/complaint/").get_data(as_text=True)
    assert "甲苑篩選" not in page  # no choices on the page
    (item,) = [i for i in _filter_groups(page)["物業項目"] if i["type"] == "pd-title-lookup"]
    found = clerk.get(item["url"] + "&query=篩選").get_json()
    assert [title for _id, title in found] == ["甲苑篩選"]
    assert str(estate_a.id) == str(found[0][0])
    everyone = login_as("supervisor").get(item["url"] + "&query=篩選").get_json()
    assert sorted(title for _id, title in everyone) == ["乙苑篩選", "甲苑篩選"]
    assert clerk.get(item["url"].replace(f"flt={item['index']}", "flt=99999") + "&query=x").status_code == 404
    assert login_as("guard").get(item["url"] + "&query=x").status_code == 403  # no view right on complaints


def test_an_applied_fk_filter_shows_its_title_and_filters(login_as, rows, registry, ctx):
    estate_a, estate_b = rows.make("estate", name="甲苑已篩"), rows.make("estate", name="乙苑已篩")
    rows.make("complaint", estate_id=estate_a.id, subject="甲苑的投訴", content="x", status="received")
    rows.make("complaint", estate_id=estate_b.id, subject="乙苑的投訴", content="x", status="received")
    supervisor = login_as("supervisor")
    page = supervisor.get("/admin/complaint/").get_data(as_text=True)
    (item,) = [i for i in _filter_groups(page)["物業項目"] if i["type"] == "pd-title-lookup"]
    listed = supervisor.get(f"/admin/complaint/?flt0_{item['arg']}={estate_a.id}&page_size=100").get_data(as_text=True)
    assert "甲苑的投訴" in listed and "乙苑的投訴" not in listed
    (applied,) = [i for i in _filter_groups(listed)["物業項目"] if i["type"] == "pd-title-lookup"]
    assert applied["titles"] == {str(estate_a.id): "甲苑已篩"}
    # nonsense in the box is refused by the filter, not by the database
    assert supervisor.get(f"/admin/complaint/?flt0_{item['arg']}=abc").status_code == 200


def test_a_form_cannot_point_at_another_estates_record(login_as, rows, registry, ctx):
    """Flask-Admin's pickers accept any id sent: a clerk limited to estate A could file a
    complaint under estate B. The id is refused with a message and nothing is written."""
    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    _limit_clerk_to(ctx, registry, estate_a.id)
    Complaint = registry.model("complaint")
    before = ctx.execute(select(func.count()).select_from(Complaint)).scalar()
    data = rows.form_data("complaint", estate=estate_b.id, subject="越權投訴")
    response = login_as("clerk").post("/admin/complaint/new/", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "你管轄的項目中沒有此記錄" in page
    assert "越權投訴" in page  # the form keeps what was typed
    assert ctx.execute(select(func.count()).select_from(Complaint)).scalar() == before
    data = rows.form_data("complaint", estate=estate_a.id, subject="本苑投訴")
    assert login_as("clerk").post("/admin/complaint/new/", data=data).status_code == 302


def test_scope_follows_every_way_to_the_estate(login_as, rows, registry, ctx):
    """A complaint known only by its contact record, whose unit is in estate A, is the clerk's of
    estate A; one whose contact record is in estate B is not. Each way is its own SELECT joined
    by UNION ALL (an OR of ways in one subquery made PostgreSQL scan a million contact records
    once per listed complaint)."""
    from app.auth import scope

    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    unit_a = rows.make("unit", building_id=rows.make("building", estate_id=estate_a.id).id)
    by_unit = rows.make("contact_record", unit_id=unit_a.id, estate_id=None)
    elsewhere = rows.make("contact_record", unit_id=None, estate_id=estate_b.id)
    mine = rows.make("complaint", unit_id=None, estate_id=None, contact_record_id=by_unit.id,
                     subject="經來電單位", content="x", status="received")
    theirs = rows.make("complaint", unit_id=None, estate_id=None, contact_record_id=elsewhere.id,
                       subject="經來電乙苑", content="x", status="received")
    _limit_clerk_to(ctx, registry, estate_a.id)
    clerk = login_as("clerk")
    assert clerk.get(f"/admin/complaint/details/?id={mine.id}").status_code == 200
    assert clerk.get(f"/admin/complaint/details/?id={theirs.id}").status_code in (302, 404)
    page = clerk.get("/admin/complaint/?search=經來電").get_data(as_text=True)
    assert "經來電單位" in page and "經來電乙苑" not in page
    condition = " ".join(str(scope.condition(registry, registry.estate_paths, "complaint",
                                             frozenset({estate_a.id}))).split())
    assert ("UNION ALL SELECT contact_record.id FROM contact_record WHERE contact_record.estate_id IS NULL "
            "AND contact_record.unit_id IN") in condition


def test_a_record_is_in_the_estate_of_its_first_way_that_is_set(login_as, rows, registry, ctx):
    """A complaint that names its estate is that estate's, whatever estate its unit or contact
    record lead to; the unit decides when no estate is named, the contact record when neither
    is. So each complaint is in one estate, and an estate-limited list never looks into the
    contact records of complaints that name their estate (written so: ways tried in order)."""
    from app.auth import scope

    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    unit_a = rows.make("unit", building_id=rows.make("building", estate_id=estate_a.id).id)
    call_a = rows.make("contact_record", unit_id=unit_a.id, estate_id=estate_a.id)
    named_b = rows.make("complaint", unit_id=unit_a.id, estate_id=estate_b.id, contact_record_id=call_a.id,
                        subject="指明乙苑", content="x", status="received")
    unit_only = rows.make("complaint", unit_id=unit_a.id, estate_id=None, contact_record_id=None,
                          subject="只有單位", content="x", status="received")
    _limit_clerk_to(ctx, registry, estate_a.id)
    clerk = login_as("clerk")
    assert clerk.get(f"/admin/complaint/details/?id={named_b.id}").status_code in (302, 404)
    assert clerk.get(f"/admin/complaint/details/?id={unit_only.id}").status_code == 200
    Complaint = registry.model("complaint")
    for estate, expected in ((estate_a, {unit_only.id}), (estate_b, {named_b.id})):
        cond = scope.condition(registry, registry.estate_paths, "complaint", frozenset({estate.id}))
        found = set(ctx.execute(select(Complaint.id).where(Complaint.id.in_([named_b.id, unit_only.id]), cond)).scalars())
        assert found == expected, estate
    condition = " ".join(str(scope.condition(registry, registry.estate_paths, "complaint",
                                             frozenset({estate_a.id}))).split())
    assert condition.startswith("complaint.estate_id IN")
    assert condition.index("complaint.unit_id IS NULL AND complaint.contact_record_id IN") > \
        condition.index("complaint.estate_id IS NULL AND (complaint.unit_id IN")
