"""Attachments: checked by content and size, stored under the instance folder by SHA-256, served
only after the parent record's permission and estate checks, removal recorded."""

import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import insert
from sqlalchemy import select

from app import attachments
from app.attachments import kinds
from app.attachments import names
from app.schema import annotations
from app.seeding import demo_attachments

from .conftest import ROOT
from .conftest import fresh_database
from .conftest import make_app


def png(width=2, height=2):
    """A real PNG, drawn in code (the seed's demo photo), so the test carries no binary fixture."""
    return demo_attachments.photo(width, height)


PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
NOT_ACCEPTED = "的檔案類型不獲接受。只接受 JPEG、PNG、WebP 相片及 PDF 文件。"
NOTHING_SAVED = "沒有儲存任何檔案。"


@pytest.fixture(autouse=True)
def storage(app, monkeypatch, tmp_path):
    """Each test stores its files in a folder of its own."""
    folder = tmp_path / "instance" / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENTS_DIR", str(folder))
    return folder


def stored_files(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def attachment_rows(ctx, registry, **where):
    model = registry.model("attachment")
    ctx.expire_all()
    query = select(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return ctx.execute(query.order_by(model.id)).scalars().all()


def upload(user, table, record_id, files, caption=None, back="details", csrf=True):
    data = {"file": [(io.BytesIO(content), name) for name, content in files], "back": back}
    if caption is not None:
        data["caption"] = caption
    return user.post(f"/attachments/{table}/{record_id}", data=data, csrf=csrf, content_type="multipart/form-data")


def follow(user, response):
    assert response.status_code == 303, response.status_code
    return user.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def complaint(rows):
    estate = rows.make("estate")
    return rows.make("complaint", estate_id=estate.id, subject="電梯故障", status="received")


# --- declaration ------------------------------------------------------------------------------

def test_tables_that_take_attachments_are_declared_in_the_schema(registry):
    notes = annotations.parse("CREATE TABLE t ( -- 甲 | T | 甲  #group=x #attachments\n"
                              "    id INTEGER NOT NULL PRIMARY KEY\n);")
    assert notes.tables["t"].tags["attachments"] is True
    tagged = {name for name, spec in registry.specs.items() if spec.attachments}
    assert {"complaint", "renovation_application", "renovation_acceptance", "rectification_notice",
            "move_in_defect", "goods_release_pass", "quality_inspection", "document"} <= tagged
    assert "estate" not in tagged and "attachment" not in tagged
    assert registry.spec("attachment").append_only


def test_the_attachment_screen_cannot_create_or_change_rows(login_as):
    admin = login_as("admin")
    assert admin.get("/admin/attachment/").status_code == 200
    assert admin.get("/admin/attachment/new/").status_code == 403
    assert login_as("clerk").get("/admin/attachment/").status_code == 403


# --- the round trip ---------------------------------------------------------------------------

def test_upload_then_download_gives_the_same_bytes_with_safe_headers(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    photo = png()
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [("大堂漏水 相片.png", photo)], caption="地下大堂"))
    assert "已上載：大堂漏水 相片.png。" in page
    (row,) = attachment_rows(ctx, registry, owner_table="complaint", owner_id=complaint.id)
    assert (row.filename, row.content_type, row.size_bytes, row.caption) == ("大堂漏水 相片.png", "image/png",
                                                                             len(photo), "地下大堂")
    assert f'href="/attachments/{row.id}"' in page and 'id="attachments-panel"' in page
    response = clerk.get(f"/attachments/{row.id}")
    assert response.status_code == 200
    assert response.get_data() == photo
    headers = response.headers
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("sandbox;") and "default-src 'none'" in \
        headers["Content-Security-Policy"]
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" + quote("大堂漏水 相片.png") in headers["Content-Disposition"]
    assert "no-store" in headers["Cache-Control"] and "private" in headers["Cache-Control"]
    (path,) = stored_files(storage)
    assert path.read_bytes() == photo and path.name == row.sha256 == row.storage_key.split("/")[1]
    assert storage in path.parents and (ROOT / "app" / "static") not in path.parents
    audit = registry.metadata.tables["audit_log"]
    entry = ctx.execute(select(audit).where(audit.c.table_name == "attachment", audit.c.record_id == row.id,
                                            audit.c.action == "insert")).one()
    assert entry.username == "clerk" and json.loads(entry.changes)["owner_id"] == [None, complaint.id]


def test_the_panel_is_on_the_edit_page_and_only_on_tagged_tables(login_as, complaint, rows):
    clerk = login_as("clerk")
    edit = clerk.get(f"/admin/complaint/edit/?id={complaint.id}").get_data(as_text=True)
    assert 'id="attachment-upload"' in edit and 'name="back" value="edit"' in edit
    panel = edit.split('id="attachments-panel"')[1].split('class="admin-form"')[0]
    assert 'enctype="multipart/form-data"' in panel and 'name="csrf_token"' in panel
    assert not re.search(r"\son[a-z]+=|<script|javascript:", panel)  # no inline code: the CSP allows none
    response = upload(clerk, "complaint", complaint.id, [("a.pdf", PDF)], back="edit")
    assert response.headers["Location"].startswith("/admin/complaint/edit/")
    estate = rows.make("estate")
    assert "attachments-panel" not in login_as("admin").get(f"/admin/estate/details/?id={estate.id}").get_data(
        as_text=True)


def test_a_pdf_scan_is_kept_and_named_by_its_content(login_as, complaint, registry, ctx):
    clerk = login_as("clerk")
    follow(clerk, upload(clerk, "complaint", complaint.id, [("簽署回條", PDF)]))
    (row,) = attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")
    assert (row.filename, row.content_type) == ("簽署回條.pdf", "application/pdf")
    response = clerk.get(f"/attachments/{row.id}")
    assert response.headers["Content-Type"] == "application/pdf" and response.get_data() == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_the_same_bytes_twice_are_one_file(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    follow(clerk, upload(clerk, "complaint", complaint.id, [("a.png", png()), ("b.png", png())]))
    assert len(attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")) == 2
    assert len(stored_files(storage)) == 1


# --- refusals: nothing half-written -------------------------------------------------------------

@pytest.mark.parametrize(("filename", "content", "message"), [
    ("photo.jpg", HTML, "「photo.jpg」" + NOT_ACCEPTED),
    ("drawing.svg", SVG, "「drawing.svg」" + NOT_ACCEPTED),
    ("plan.png", SVG, "「plan.png」" + NOT_ACCEPTED),
    ("report.docm", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "「report.docm」" + NOT_ACCEPTED),
    ("run.sh", b"#!/bin/sh\nrm -rf /\n", "「run.sh」" + NOT_ACCEPTED),
    ("scan.jpg", PDF, "「scan.jpg」的副檔名與檔案內容（PDF）不符，請更正檔名後再上載。"),
    ("photo.pdf", JPEG, "「photo.pdf」的副檔名與檔案內容（JPEG）不符"),
    ("empty.png", b"", "「empty.png」是空白檔案。"),
], ids=["html-as-jpg", "svg", "svg-as-png", "office-macro", "script", "pdf-as-jpg", "jpeg-as-pdf", "empty"])
def test_a_refused_file_leaves_nothing_behind(login_as, complaint, registry, ctx, storage, filename, content,
                                              message):
    clerk = login_as("clerk")
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [(filename, content)]))
    assert message in page and NOTHING_SAVED in page
    assert attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint") == []
    assert stored_files(storage) == []


def test_one_bad_file_refuses_the_whole_upload(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [("good.png", png()), ("bad.jpg", HTML)]))
    assert "「bad.jpg」" + NOT_ACCEPTED in page
    assert attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint") == []
    assert stored_files(storage) == []


def test_size_limit_per_file(app, monkeypatch, login_as, complaint, registry, ctx, storage):
    monkeypatch.setitem(app.config, "ATTACHMENTS_MAX_BYTES", 2048)
    clerk = login_as("clerk")
    exact = png() + b"\x00" * (2048 - len(png()))
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [("big.png", exact + b"\x00")]))
    assert "「big.png」太大：每個檔案不可超過 2 KB。" in page and NOTHING_SAVED in page
    assert stored_files(storage) == [] and attachment_rows(ctx, registry, owner_id=complaint.id) == []
    follow(clerk, upload(clerk, "complaint", complaint.id, [("exact.png", exact)]))
    assert [r.size_bytes for r in attachment_rows(ctx, registry, owner_id=complaint.id)] == [2048]


def test_a_body_over_the_request_limit_is_cut_off_with_a_message(app, monkeypatch, login_as, complaint, registry,
                                                                 ctx, storage):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    clerk = login_as("clerk")
    response = upload(clerk, "complaint", complaint.id, [("huge.png", png() + b"\x00" * 20000)])
    assert response.headers["Location"] == f"/admin/complaint/details/?id={complaint.id}"
    page = follow(clerk, response)
    assert "上載內容太大：每次最多 4 KB" in page and "Traceback" not in page
    assert stored_files(storage) == [] and attachment_rows(ctx, registry, owner_id=complaint.id) == []


def test_no_file_chosen_and_too_many_files(app, monkeypatch, login_as, complaint, registry, ctx):
    clerk = login_as("clerk")
    page = follow(clerk, clerk.post(f"/attachments/complaint/{complaint.id}", data={"back": "details"}))
    assert "請選擇要上載的檔案。" in page
    monkeypatch.setitem(app.config, "ATTACHMENTS_MAX_PER_RECORD", 1)
    follow(clerk, upload(clerk, "complaint", complaint.id, [("a.png", png())]))
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [("b.png", png(3, 3))]))
    assert "每筆記錄最多 1 個附件，此記錄已有 1 個。" in page
    assert [r.filename for r in attachment_rows(ctx, registry, owner_id=complaint.id)] == ["a.png"]


def test_upload_without_csrf_token_is_refused(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    response = upload(clerk, "complaint", complaint.id, [("a.png", png())], csrf=False)
    assert response.status_code == 400
    assert attachment_rows(ctx, registry, owner_id=complaint.id) == [] and stored_files(storage) == []


def test_file_names_are_labels_not_paths(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    names_sent = ["../../app/static/x.png", "..\\..\\win\u202egnp.png", "CON.png", "a\x00b.png", "長" * 300 + ".png"]
    for i, name in enumerate(names_sent):
        follow(clerk, upload(clerk, "complaint", complaint.id, [(name, png(i + 1, 1))]))
    stored = [r.filename for r in attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")]
    assert stored[:4] == ["x.png", "wingnp.png", "_CON.png", "ab.png"]
    assert len(stored[4]) == names.MAX_NAME and stored[4].endswith(".png")
    assert all(storage in p.parents for p in stored_files(storage))
    assert not (ROOT / "app" / "static" / "x.png").exists()


# --- who may see, add and remove ----------------------------------------------------------------

def _limit_to(ctx, registry, username, estate_id):
    user_id = ctx.execute(select(registry.model("app_user").id).where(
        registry.model("app_user").username == username)).scalar_one()
    ctx.execute(insert(registry.metadata.tables["user_estate"]).values(user_id=user_id, estate_id=estate_id))
    ctx.flush()


def test_anonymous_visitors_are_sent_to_log_in(client, login_as, complaint, registry, ctx):
    supervisor = login_as("supervisor")
    follow(supervisor, upload(supervisor, "complaint", complaint.id, [("a.png", png())]))
    (row,) = attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")
    response = client.get(f"/attachments/{row.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = upload(client, "complaint", complaint.id, [("b.png", png(3, 3))])
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert len(attachment_rows(ctx, registry, owner_id=complaint.id)) == 1


def test_a_role_without_view_on_the_record_table_gets_not_found(login_as, complaint, registry, ctx):
    supervisor = login_as("supervisor")
    follow(supervisor, upload(supervisor, "complaint", complaint.id, [("a.png", png())]))
    (row,) = attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")
    guard = login_as("guard")  # no right on complaints
    assert guard.get(f"/attachments/{row.id}").status_code == 404
    assert upload(guard, "complaint", complaint.id, [("b.png", png(3, 3))]).status_code == 404
    assert guard.post(f"/attachments/{row.id}/remove").status_code == 404
    assert [r.removed_at for r in attachment_rows(ctx, registry, owner_id=complaint.id)] == [None]


def test_a_role_that_may_only_view_sees_but_cannot_add(login_as, complaint, registry, ctx):
    supervisor = login_as("supervisor")
    follow(supervisor, upload(supervisor, "complaint", complaint.id, [("a.png", png())]))
    director = login_as("director")  # view and export on complaints, no edit
    page = director.get(f"/admin/complaint/details/?id={complaint.id}").get_data(as_text=True)
    assert "a.png" in page and 'id="attachment-upload"' not in page and "確認移除" not in page
    page = follow(director, upload(director, "complaint", complaint.id, [("b.png", png(3, 3))]))
    assert "您不可為此記錄加入附件。" in page
    assert [r.filename for r in attachment_rows(ctx, registry, owner_id=complaint.id)] == ["a.png"]


def test_a_user_limited_to_another_estate_gets_not_found(login_as, rows, registry, ctx, storage):
    estate_a, estate_b = rows.make("estate"), rows.make("estate")
    mine = rows.make("complaint", estate_id=estate_a.id, status="received")
    theirs = rows.make("complaint", estate_id=estate_b.id, status="received")
    supervisor = login_as("supervisor")  # not limited
    follow(supervisor, upload(supervisor, "complaint", theirs.id, [("乙苑.png", png())]))
    (row,) = attachment_rows(ctx, registry, owner_id=theirs.id, owner_table="complaint")
    _limit_to(ctx, registry, "clerk", estate_a.id)
    clerk = login_as("clerk")
    assert clerk.get(f"/attachments/{row.id}").status_code == 404
    assert clerk.get(f"/attachments/{row.id + 1000}").status_code == 404  # the same answer as no such file
    assert clerk.post(f"/attachments/{row.id}/remove").status_code == 404
    assert upload(clerk, "complaint", theirs.id, [("x.png", png(3, 3))]).status_code == 404
    assert len(stored_files(storage)) == 1
    follow(clerk, upload(clerk, "complaint", mine.id, [("甲苑.png", png(4, 4))]))
    (own,) = attachment_rows(ctx, registry, owner_id=mine.id, owner_table="complaint")
    assert clerk.get(f"/attachments/{own.id}").status_code == 200
    assert supervisor.get(f"/attachments/{row.id}").status_code == 200


def test_removal_is_recorded_and_the_file_kept(login_as, complaint, registry, ctx, storage):
    clerk = login_as("clerk")
    follow(clerk, upload(clerk, "complaint", complaint.id, [("錯誤相片.png", png())]))
    (row,) = attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")
    page = clerk.get(f"/admin/complaint/details/?id={complaint.id}").get_data(as_text=True)
    assert f'action="/attachments/{row.id}/remove"' in page  # one's own upload
    page = follow(clerk, clerk.post(f"/attachments/{row.id}/remove", data={"back": "details"}))
    assert "已移除：錯誤相片.png" in page and f'href="/attachments/{row.id}"' not in page
    (row,) = attachment_rows(ctx, registry, id=row.id)
    clerk_id = ctx.execute(select(registry.model("app_user").id).where(
        registry.model("app_user").username == "clerk")).scalar_one()
    assert row.removed_at is not None and row.removed_by_id == clerk_id
    audit = registry.metadata.tables["audit_log"]
    entry = ctx.execute(select(audit).where(audit.c.table_name == "attachment", audit.c.record_id == row.id,
                                            audit.c.action == "update")).one()
    assert entry.username == "clerk" and set(json.loads(entry.changes)) >= {"removed_at", "removed_by_id"}
    assert clerk.get(f"/attachments/{row.id}").status_code == 404
    assert len(stored_files(storage)) == 1  # kept for the history
    admin = login_as("admin")
    assert admin.get(f"/attachments/{row.id}").get_data() == png()
    own_page = admin.get(f"/admin/attachment/details/?id={row.id}").get_data(as_text=True)
    assert f'href="/attachments/{row.id}"' in own_page and "已移除" in own_page
    assert f"/admin/complaint/details/?id={complaint.id}" in own_page
    assert clerk.post(f"/attachments/{row.id}/remove").status_code == 404  # once only


def test_removing_another_users_upload_needs_the_delete_right(login_as, complaint, registry, ctx):
    supervisor = login_as("supervisor")
    follow(supervisor, upload(supervisor, "complaint", complaint.id, [("證據.png", png())]))
    (row,) = attachment_rows(ctx, registry, owner_id=complaint.id, owner_table="complaint")
    clerk = login_as("clerk")  # edit, no delete, on complaints
    assert f"/attachments/{row.id}/remove" not in clerk.get(
        f"/admin/complaint/details/?id={complaint.id}").get_data(as_text=True)
    page = follow(clerk, clerk.post(f"/attachments/{row.id}/remove"))
    assert "您不可移除此附件。" in page
    assert attachment_rows(ctx, registry, id=row.id)[0].removed_at is None
    manager = login_as("manager")  # delete right on complaints
    follow(manager, manager.post(f"/attachments/{row.id}/remove"))
    assert attachment_rows(ctx, registry, id=row.id)[0].removed_at is not None


def test_messages_follow_the_users_language(login_as, complaint, registry, ctx):
    user = registry.model("app_user")
    ctx.execute(user.__table__.update().where(user.username == "clerk").values(locale="en"))
    ctx.flush()
    clerk = login_as("clerk")
    page = follow(clerk, upload(clerk, "complaint", complaint.id, [("photo.jpg", HTML)]))
    assert "“photo.jpg” is not an accepted file type." in page


# --- pure parts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "kind"), [
    (png()[:16], kinds.PNG), (JPEG[:16], kinds.JPEG), (PDF[:16], kinds.PDF),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", kinds.WEBP),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None), (b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00", None),
    (SVG[:16], None), (HTML[:16], None), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, None),
    (b"  %PDF-1.4", None), (b"", None),
], ids=["png", "jpeg", "pdf", "webp", "wav", "gif", "svg", "html", "ole-office", "pdf-not-at-start", "empty"])
def test_kinds_are_known_by_their_first_bytes(head, kind):
    assert kinds.sniff(head) is kind


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\陳\\相片.JPG", "相片.JPG"), ("a\u202egpj.exe", "agpj.exe"),
    ("  .hidden.png ", "hidden.png"), ("a<b>:c|d?.png", "a_b__c_d_.png"), ("維修\u3000報告.pdf", "維修 報告.pdf"),
    ("\x00\x1b[31m", "[31m"), ("", ""),
])
def test_file_names_are_cleaned(raw, cleaned):
    assert names.clean_filename(raw) == cleaned


def test_final_names_get_the_content_extension_and_a_length_limit():
    assert names.final_name("會議紀錄 2026.03.15", kinds.PDF) == "會議紀錄 2026.03.15.pdf"
    assert names.final_name("", kinds.PNG) == "attachment.png"
    assert names.final_name("aux.jpg", kinds.JPEG) == "_aux.jpg"
    long = names.final_name("字" * 500 + ".jpeg", kinds.JPEG)
    assert len(long) == names.MAX_NAME and long.endswith(".jpeg")
    assert kinds.name_fits(kinds.PDF, "掃描") and not kinds.name_fits(kinds.PDF, "scan.jpg")
    assert names.human_size(10 * 1024 * 1024) == "10 MB" and names.human_size(1536) == "1.5 KB"


# --- configuration and backups ------------------------------------------------------------------

def test_storage_defaults_to_the_instance_folder_and_never_static(app, database_url, monkeypatch):
    from flask import Flask

    from app import config

    monkeypatch.delenv("ATTACHMENTS_DIR", raising=False)
    bare = Flask("app", instance_relative_config=True)
    config.load(bare, {"SECRET_KEY": "k" * 40, "DATABASE_URL": database_url})
    assert Path(bare.config["ATTACHMENTS_DIR"]) == Path(bare.instance_path) / "attachments"
    assert bare.config["MAX_CONTENT_LENGTH"] > 3 * bare.config["ATTACHMENTS_MAX_BYTES"]
    bare.config["ATTACHMENTS_DIR"] = str(ROOT / "app" / "static" / "uploads")
    with pytest.raises(RuntimeError, match="static"):
        attachments.init_app(bare)  # refused before anything is registered


def test_backup_copies_the_files_and_restore_brings_them_back(tmp_path):
    from app.extensions import db
    from app.schema import registry_of
    from app.seeding import load_all

    from .factories import RowFactory

    files = tmp_path / "attachments"
    with fresh_database(tmp_path) as url:
        application = make_app(url, ATTACHMENTS_DIR=str(files))
        registry = registry_of(application)
        with application.app_context():
            load_all(db.session, registry, demo=False)
            record = RowFactory(registry, db.session).make("complaint", status="received")
            db.session.commit()
            record_id = record.id
        from .conftest import Client

        admin = Client(application.test_client())
        admin.login("admin")
        follow(admin, upload(admin, "complaint", record_id, [("backup.png", png())]))
        (kept,) = stored_files(files)
        runner = application.test_cli_runner()
        result = runner.invoke(args=["backup", "--dir", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        backup_file = result.output.strip().splitlines()[-1]
        assert (tmp_path / "backups" / "attachments" / kept.relative_to(files)).read_bytes() == png()
        kept.unlink()  # the disk with the files is lost
        result = runner.invoke(args=["restore", backup_file, "--yes"])
        assert result.exit_code == 0, result.output
        assert kept.read_bytes() == png()
        with application.app_context():
            (row,) = db.session.execute(select(registry.model("attachment"))).scalars().all()
            admin = Client(application.test_client())
            admin.login("admin")
            assert admin.get(f"/attachments/{row.id}").get_data() == png()
            db.session.remove()
            db.engine.dispose()


def test_the_demo_photo_is_added_once_and_always_the_same(registry, ctx, storage):
    assert demo_attachments.photo() == demo_attachments.photo()
    assert kinds.sniff(demo_attachments.photo()[:16]) is kinds.PNG
    assert demo_attachments.load(ctx, registry, storage) == 1
    assert demo_attachments.load(ctx, registry, storage) == 0
    complaint = registry.model("complaint")
    record_id = ctx.execute(select(complaint.id).where(complaint.doc_no == demo_attachments.COMPLAINT_NO)).scalar()
    (row,) = attachment_rows(ctx, registry, owner_table="complaint", owner_id=record_id)
    assert row.filename == demo_attachments.FILENAME
    assert [p.read_bytes() for p in stored_files(storage)] == [demo_attachments.photo()]
