"""Printable notices: every type prints from real records in Traditional Chinese with embedded fonts,
is numbered and archived; bad input prints as text; the pass QR opens the guard's check page."""

import io
import re
import subprocess
import threading
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents import archive
from app.documents import catalogue as catalogue_module
from app.documents import numbering
from app.documents import printing
from app.documents import verify
from app.documents.render import RefusedURL
from app.documents.render import get_renderer
from app.extensions import db

from . import notice_data as nd
from .factories import RowFactory

BASE_URL = "http://desk.example.hk"
HKID = re.compile(r"[A-Z]{1,2}\d{6}\(?[0-9A]\)?")


# --- helpers -----------------------------------------------------------------------------------

def _tool(args, pdf):
    return subprocess.run(args + ["-", "-"] if args[0] == "pdftotext" else args, input=pdf,
                          capture_output=True, check=True).stdout


def pdf_text(pdf, layout=False):
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    return subprocess.run(cmd + ["-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_fonts(pdf, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def flat(text):
    return re.sub(r"\s+", "", text)


def page_png(pdf, out_base, dpi=70, page=1):
    out_base = Path(out_base)
    src = out_base.with_suffix(".pdf")
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(src), str(out_base)], check=True)
    src.unlink()
    return out_base.with_suffix(".png")


@pytest.fixture
def docs_dir(app, tmp_path, monkeypatch):
    path = tmp_path / "documents"
    monkeypatch.setitem(app.config, "DOCUMENTS_DIR", str(path))
    return path


@pytest.fixture
def env(app, registry, ctx, docs_dir):
    """What the domain functions need: session, registry, catalogue, settings, renderer."""

    class Env:
        session = ctx
        catalogue = app.extensions["propertydesk_documents"]
        settings = printing.Settings(str(docs_dir), BASE_URL, app.config["SECRET_KEY"])
        renderer = get_renderer(app.config["DOCUMENTS_TEMPLATES"], app.config["DOCUMENTS_FONT_DIR"])

        def print(self, code, record_id, actor=printing.SYSTEM, today=None):
            return printing.print_notice(ctx, registry, self.catalogue, code, record_id, actor=actor,
                                         settings=self.settings, renderer=self.renderer, today=today)

    Env.registry = registry
    return Env()


@pytest.fixture
def world(rows):
    """An estate, a building, a unit whose owner has a rare name, three overdue charges, and one
    record of every table a notice prints from."""
    estate, building = nd.make_estate(rows)
    unit, party = nd.make_unit(rows, building, owner_name=nd.RARE_NAME)
    fee = nd.make_fee_item(rows, estate)
    charges = nd.make_overdue_charges(rows, unit, fee)
    records = {
        "payment_reminder": unit,
        "goods_release_pass": nd.make_pass(rows, unit),
        "renovation_permit": nd.make_renovation(rows, unit, party),
        "renovation_application": nd.make_renovation(rows, unit, party, status="submitted"),
        "outage_notice": nd.make_notice(rows, estate),
        "warm_reminder": nd.make_notice(rows, estate, category="reminder", title="颱風季節溫馨提示"),
        "rectification_notice": nd.make_rectification(rows, unit, party),
        "major_complaint_report": nd.make_complaint_report(rows, unit, estate),
        "move_in_notice": nd.make_move_in(rows, unit, party),
        "paid_service_order": nd.make_work_order(rows, unit, party, estate),
    }
    return {"estate": estate, "building": building, "unit": unit, "party": party, "fee": fee,
            "charges": charges, "records": records}


TYPE_WORDS = {
    "payment_reminder": ["催繳通知書", "管理費", "3,714.60", "林堃喆"],
    "renovation_permit": ["裝修許可證", "精工裝修工程有限公司", "張貼聯", "存根"],
    "renovation_application": ["裝修申請表", "更換廚房及浴室地磚", "5,000.00"],
    "goods_release_pass": ["物品放行條", "雪櫃", "存根", "客戶聯", "門崗聯"],
    "outage_notice": ["停水通知", "大廈食水缸清洗停水通知", "第一座1樓至30樓"],
    "warm_reminder": ["溫馨提示", "颱風季節溫馨提示"],
    "rectification_notice": ["整改通知書", "裝修廢料堆放於公用走廊", "第一次通知"],
    "major_complaint_report": ["重大投訴報告", "升降機多次故障困人", "客戶反應"],
    "move_in_notice": ["入伙通知書", "請帶備以下文件"],
    "paid_service_order": ["有償服務單", "更換水龍頭", "260.00", "維修聯", "客服聯", "客戶聯"],
}


# --- every type ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", list(TYPE_WORDS))
def test_every_notice_type_prints_from_records_in_chinese_with_embedded_fonts(code, env, world, artifacts, tmp_path):
    """Does each notice type print from real records: title, number, estate, its own words; fonts
    embedded and subset; no identity number; page 1 saved as a PNG for a person to look at?"""
    record = world["records"][code]
    printed = env.print(code, record.id)
    assert not printed.reused
    doc = printed.document
    assert re.fullmatch(r"[A-Z]{2}-\d{4}-\d{6}", doc.doc_no)
    text = pdf_text(printed.pdf)
    for word in TYPE_WORDS[code] + [doc.doc_no, "海濱花園"]:
        assert word in flat(text), f"{code}: {word!r} missing from the printed text"
    assert re.search(r"第\s*1\s*頁／共\s*\d+\s*頁", text)
    assert not HKID.search(text) and "A1234567" not in text and "Z6543210" not in text, "an ID number was printed"
    fonts = pdf_fonts(printed.pdf, tmp_path)
    assert fonts, "no font in the PDF"
    for row in fonts:
        assert "PD-Sans-TC" in row[0], f"unexpected font {row[0]}"
        assert row[-5:-2] == ["yes", "yes", "yes"], f"font not embedded, subset and mapped: {row}"
    assert doc.page_count == len(pikepdf.open(io.BytesIO(printed.pdf)).pages) >= max(1, len(env.catalogue.get(code).copies))
    png = page_png(printed.pdf, artifacts / f"notice-{code}")
    assert png.stat().st_size > 5000


def test_payment_reminder_lists_charges_by_period_with_totals_late_fee_and_deadline(env, world):
    """Are the reminder's figures right: each charge, the late fee, the total, the deadline a week on?"""
    today = date.today()
    printed = env.print("payment_reminder", world["unit"].id, today=today)
    text = flat(pdf_text(printed.pdf))
    assert text.count("1,234.50") >= 3
    assert "11.10" in text  # the late fee posted on the first charge
    assert "3,714.60" in text  # 3 x 1,234.50 + 11.10
    deadline = today + timedelta(days=7)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in text
    assert "每日0.30%" in text
    assert "轉數快" in text and "簽收回條" in text
    assert "林堃喆先生" in text


def test_rare_and_hkscs_characters_are_embedded_and_searchable(env, world, rows, tmp_path):
    """Do rare name characters (堃 喆 媖 峯) and HKSCS ones (𨋢 啲 嘅 喺) print, from the extension fonts?"""
    notice = nd.make_notice(rows, world["estate"], category="reminder", title=f"{nd.HKSCS_TEXT}溫馨提示",)
    notice.body = "何媖女士、李峯先生：𨋢 維修期間請使用後樓梯，啲垃圾唔好放喺門口嘅走廊。"
    rows.session.flush()
    printed = env.print("warm_reminder", notice.id)
    text = flat(pdf_text(printed.pdf))
    for ch in "媖峯𨋢啲嘅喺":
        assert ch in text, f"{ch} missing"
    reminder = env.print("payment_reminder", world["unit"].id)
    assert "林堃喆" in flat(pdf_text(reminder.pdf))
    families = {row[0].split("+", 1)[1] for row in pdf_fonts(printed.pdf, tmp_path)}
    assert any("Ext" in f for f in families), f"no extension font embedded: {families}"


def test_phone_numbers_are_masked_and_id_numbers_never_read(env, world):
    printed = env.print("goods_release_pass", world["records"]["goods_release_pass"].id)
    text = flat(pdf_text(printed.pdf))
    assert "98765432" not in text and "****5432" in text
    assert "Z6543210" not in text


def test_catalogue_refuses_to_print_identity_numbers(registry, tmp_path):
    """Can a declaration print an ID number? No: the catalogue is refused at start-up."""
    (tmp_path / "x.html").write_text("x")
    (tmp_path / "notices.toml").write_text(
        '[types.x]\nlabels = ["甲", "X", "甲"]\nprefix = "QQ"\ntable = "goods_release_pass"\ntemplate = "x.html"\n'
        'roles = ["clerk"]\n[types.x.fields]\nid = "applicant_id_no"\n')
    with pytest.raises(catalogue_module.CatalogueError, match="identity number"):
        catalogue_module.load(tmp_path / "notices.toml", registry, tmp_path)
    (tmp_path / "notices.toml").write_text(
        '[types.x]\nlabels = ["甲", "X", "甲"]\nprefix = "QQ"\ntable = "unit"\ntemplate = "x.html"\n'
        'roles = ["clerk"]\n[types.x.fields]\nowner = "building.nonexistent"\n')
    with pytest.raises(catalogue_module.CatalogueError, match="nonexistent"):
        catalogue_module.load(tmp_path / "notices.toml", registry, tmp_path)


def test_copies_are_numbered_page_by_page_each_with_its_marker(env, world):
    """A pass in three copies: every copy says 第 1 頁／共 1 頁 and carries its own marker."""
    printed = env.print("goods_release_pass", world["records"]["goods_release_pass"].id)
    pdf = pikepdf.open(io.BytesIO(printed.pdf))
    assert len(pdf.pages) == 3
    for index, marker in enumerate(("存根", "客戶聯", "門崗聯"), 1):
        out = io.BytesIO()
        single = pikepdf.new()
        single.pages.append(pdf.pages[index - 1])
        single.save(out)
        text = flat(pdf_text(out.getvalue()))
        assert marker in text and "第1頁／共1頁" in text


# --- bad input -----------------------------------------------------------------------------------

PAYLOAD = ('<script>alert(1)</script><img src="http://127.0.0.1:9/x.png">'
           '<a rel="attachment" href="file:///etc/passwd">附件</a><style>@import url(file:///etc/passwd);</style>')


def test_markup_and_script_in_fields_print_as_text_and_nothing_is_fetched(env, world, rows):
    notice = world["records"]["warm_reminder"]
    notice.title = "<b>標題</b>" + PAYLOAD[:40]
    notice.body = PAYLOAD
    rows.session.flush()
    refused_before = list(env.renderer.fetcher.refused)
    printed = env.print("warm_reminder", notice.id)
    text = pdf_text(printed.pdf)
    assert "<script>alert(1)</script>" in flat(text)
    assert "<b>標題</b>" in flat(text)
    assert 'rel="attachment"' in flat(text)
    pdf = pikepdf.open(io.BytesIO(printed.pdf))
    assert "/EmbeddedFiles" not in str(pdf.Root.get("/Names", {}))
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            assert annot.get("/Subtype") != "/FileAttachment"
    assert env.renderer.fetcher.refused == refused_before, "escaped text made the renderer fetch something"


def test_the_fetcher_serves_only_our_fonts_and_data_uris(env):
    fetcher = env.renderer.fetcher
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.com/a.css",
                "pd-asset:fonts/../../../etc/passwd", "pd-asset:nowhere/x.ttf", "ftp://x/y"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
        assert fetcher.refused[-1] == url[:200]
    assert fetcher.fetch("data:text/plain;base64,QUJD").read() == b"ABC"
    font = next(Path(env.renderer.font_dir).glob("PDSansTC-Core-Regular.ttf")).name
    assert fetcher.fetch(f"pd-asset:fonts/{font}").read()[:4] == b"\x00\x01\x00\x00"
    # a template that tried to load local files or URLs gets nothing, and the PDF has no attachment
    doc = env.renderer.document('<p>x</p><img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hosts">'
                                '<img src="http://127.0.0.1:9/y.png">')
    pdf = doc.write_pdf()
    assert "file:///etc/passwd" in fetcher.refused and "http://127.0.0.1:9/y.png" in fetcher.refused
    assert b"/EmbeddedFile" not in pdf


def test_very_long_names_and_addresses_wrap_inside_the_page(env, world, rows):
    party = world["party"]
    party.name = "陳" * 40 + "LongEnglishNameWithoutAnySpaces" + "X" * 29  # 100 characters, the column's limit
    world["estate"].address = "香港九龍海濱道八十八號" * 12
    rows.session.flush()
    printed = env.print("payment_reminder", world["unit"].id)
    assert party.name in flat(pdf_text(printed.pdf))
    pdf = pikepdf.open(io.BytesIO(printed.pdf))
    page_width = float(pdf.pages[0].MediaBox[2])
    bbox = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=printed.pdf, capture_output=True,
                          check=True).stdout.decode()
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) <= page_width - 20, "text runs off the page"


def test_missing_required_data_gives_a_clear_message_not_a_half_empty_notice(env, world, rows, registry):
    unit, _party = nd.make_unit(rows, world["building"], floor="3", unit_no="01")
    unit_party = registry.model("unit_party")
    for link in rows.session.execute(select(unit_party).where(unit_party.unit_id == unit.id)).scalars():
        rows.session.delete(link)
    rows.session.flush()
    with pytest.raises(printing.MissingData) as info:
        env.print("payment_reminder", unit.id)
    names = [lab.zh_Hant for lab in info.value.labels]
    assert names == [registry.spec("unit_party").labels.zh_Hant, registry.spec("charge").labels.zh_Hant]
    count = rows.session.execute(select(func.count()).select_from(registry.model("generated_document"))).scalar()
    assert count == 0 or all(d.subject_id != unit.id for d in archive.for_subject(
        rows.session, registry, "unit", unit.id))


# --- numbering and archive -------------------------------------------------------------------------

def test_reprint_at_the_same_version_returns_the_archived_document(env, world, rows, registry, docs_dir):
    gp = world["records"]["goods_release_pass"]
    first = env.print("goods_release_pass", gp.id)
    again = env.print("goods_release_pass", gp.id)
    assert again.reused and again.document.id == first.document.id
    assert again.pdf == first.pdf
    assert archive.read(docs_dir, again.document) == first.pdf
    assert first.document.sha256 == __import__("hashlib").sha256(first.pdf).hexdigest()
    assert gp.doc_no == first.document.doc_no  # the pass carries the printed number
    rows.make("goods_release_item", goods_release_pass_id=gp.id, description="梳化", qty=1, measure_unit="張")
    changed = env.print("goods_release_pass", gp.id)
    assert not changed.reused and changed.document.doc_no == f"{gp.doc_no}-2"
    audit = registry.model("audit_log")
    prints = rows.session.execute(select(audit).where(audit.action == "print", audit.record_id == gp.id,
                                                      audit.table_name == "goods_release_pass")).scalars().all()
    assert len(prints) == 2


def test_numbers_follow_each_other_per_prefix_and_year(env, world):
    a = env.print("outage_notice", world["records"]["outage_notice"].id)
    b = env.print("warm_reminder", world["records"]["warm_reminder"].id)
    c = env.print("payment_reminder", world["unit"].id)
    year = date.today().year
    assert a.document.doc_no.startswith(f"TZ-{year}-") and b.document.doc_no.startswith(f"TX-{year}-")
    assert c.document.doc_no.startswith(f"CJ-{year}-")


def test_sequence_numbers_are_unique_and_gapless_under_concurrent_printers(committed_app):
    """Two threads on a real database file take 30 numbers each: 60 different, consecutive numbers."""
    app, registry = committed_app
    with app.app_context():
        engine = db.engine
    got, errors = [], []

    def take():
        try:
            for _ in range(30):
                with Session(engine) as session:
                    got.append(numbering.allocate(session, registry, "TESTSEQ", 2026))
                    session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got) == list(range(1, 61))


def test_two_clerks_printing_the_same_pass_at_once_get_one_document(committed_app, tmp_path):
    app, registry = committed_app
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        rows = RowFactory(registry, session)
        estate, building = nd.make_estate(rows, code=f"CC{tmp_path.name[-6:]}")
        unit, _party = nd.make_unit(rows, building)
        gp = nd.make_pass(rows, unit)
        session.commit()
        pass_id = gp.id
    settings = printing.Settings(str(tmp_path), BASE_URL, app.config["SECRET_KEY"])
    renderer = get_renderer(app.config["DOCUMENTS_TEMPLATES"], app.config["DOCUMENTS_FONT_DIR"])
    catalogue = app.extensions["propertydesk_documents"]
    results, errors = [], []

    def clerk():
        try:
            with Session(engine) as session:
                printed = printing.print_notice(session, registry, catalogue, "goods_release_pass", pass_id,
                                                actor=printing.SYSTEM, settings=settings, renderer=renderer)
                session.commit()
                results.append(printed.document.doc_no)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(set(results)) == 1
    with Session(engine) as session:
        table = registry.model("generated_document")
        count = session.execute(select(func.count()).select_from(table).where(
            table.subject_table == "goods_release_pass", table.subject_id == pass_id)).scalar()
    assert count == 1


# --- QR code and the guard's verification page ---------------------------------------------------

def test_the_pass_qr_code_decodes_to_its_verification_url(env, world, tmp_path, app):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    printed = env.print("goods_release_pass", world["records"]["goods_release_pass"].id)
    png = page_png(printed.pdf, tmp_path / "qr", dpi=200)
    codes = zxingcpp.read_barcodes(Image.open(png))
    expected = verify.verify_url(BASE_URL, app.config["SECRET_KEY"], printed.document.doc_no)
    assert [c.text for c in codes] == [expected]
    assert verify.doc_no_of(app.config["SECRET_KEY"], expected.rsplit("/", 1)[1]) == printed.document.doc_no


def _verify_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return re.search(r'data-state="(\w+)"', response.get_data(as_text=True)).group(1)


def test_the_verification_page_shows_valid_used_expired_and_revoked(env, world, login_as, app, rows):
    gp = world["records"]["goods_release_pass"]
    printed = env.print("goods_release_pass", gp.id)
    url = verify.verify_url("", app.config["SECRET_KEY"], printed.document.doc_no)
    guard = login_as("guard")
    assert _verify_page(guard, url) == "valid"
    gp.status = "released"
    rows.session.flush()
    assert _verify_page(guard, url) == "used"
    gp.status = "issued"
    gp.planned_date = gp.valid_until = date.today() - timedelta(days=1)
    rows.session.flush()
    assert _verify_page(guard, url) == "expired"
    gp.status = "cancelled"
    rows.session.flush()
    assert _verify_page(guard, url) == "revoked"
    forged = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    assert _verify_page(guard, forged) == "unknown"
    assert login_as("clerk").get(url).status_code == 403
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_reprinted_pass_revokes_the_old_paper(env, world, rows, login_as, app):
    gp = world["records"]["goods_release_pass"]
    old = env.print("goods_release_pass", gp.id)
    rows.make("goods_release_item", goods_release_pass_id=gp.id, description="書櫃", qty=1)
    new = env.print("goods_release_pass", gp.id)
    guard = login_as("guard")
    assert _verify_page(guard, verify.verify_url("", app.config["SECRET_KEY"], old.document.doc_no)) == "revoked"
    assert _verify_page(guard, verify.verify_url("", app.config["SECRET_KEY"], new.document.doc_no)) == "valid"


# --- the web: print buttons, the print route, downloads ----------------------------------------

def test_print_buttons_show_only_the_types_the_role_may_print(world, login_as):
    gp = world["records"]["goods_release_pass"]
    page = login_as("clerk").get(f"/admin/goods_release_pass/details/?id={gp.id}").get_data(as_text=True)
    assert 'data-notice="goods_release_pass"' in page
    page = login_as("guard").get(f"/admin/goods_release_pass/details/?id={gp.id}").get_data(as_text=True)
    assert 'data-notice="goods_release_pass"' not in page


def test_printing_from_the_web_archives_and_serves_the_pdf_after_a_permission_check(world, login_as, docs_dir):
    clerk = login_as("clerk")
    unit = world["unit"]
    response = clerk.post(f"/documents/print/payment_reminder/{unit.id}")
    assert response.status_code == 302
    pdf_url = response.headers["Location"]
    pdf = clerk.get(pdf_url)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and "催繳通知書" in pdf_text(pdf.data)
    assert pdf.headers["Cache-Control"] == "no-store"
    again = clerk.post(f"/documents/print/payment_reminder/{unit.id}")
    assert again.headers["Location"] == pdf_url  # the same archived document
    assert login_as("guard").get(pdf_url).status_code == 403  # a guard may not view units
    assert login_as("guard").post(f"/documents/print/payment_reminder/{unit.id}").status_code == 403
    assert clerk.post("/documents/print/nonsense/1").status_code == 404
    assert clerk.post("/documents/print/payment_reminder/999999").status_code == 404
    assert clerk.post(f"/documents/print/payment_reminder/{unit.id}", csrf=False).status_code == 400


def test_the_web_explains_a_notice_that_cannot_be_printed(world, rows, login_as):
    gp = nd.make_pass(rows, world["unit"], status="requested")
    clerk = login_as("clerk")
    response = clerk.post(f"/documents/print/goods_release_pass/{gp.id}")
    assert response.status_code == 302
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "物品放行條" in page and "不能列印" in page
    empty = rows.make("goods_release_pass", unit_id=world["unit"].id, status="issued", planned_date=date.today(),
                      applicant_name="無物品")
    page = clerk.get(clerk.post(f"/documents/print/goods_release_pass/{empty.id}").headers["Location"])\
        .get_data(as_text=True)
    assert "缺少必要資料" in page and "放行物品" in page


def test_the_archive_screen_links_to_the_pdf(env, world, login_as):
    printed = env.print("payment_reminder", world["unit"].id)
    page = login_as("clerk").get(f"/admin/generated_document/details/?id={printed.document.id}").get_data(as_text=True)
    assert f"/documents/{printed.document.id}.pdf" in page
    page = login_as("clerk").get(f"/admin/unit/details/?id={world['unit'].id}").get_data(as_text=True)
    assert printed.document.doc_no in page


# --- batches -------------------------------------------------------------------------------------

def _overdue_units(rows, world, n):
    units = []
    for i in range(n):
        unit, _party = nd.make_unit(rows, world["building"], floor=str(20 + i), unit_no="08", owner_name=f"業主{i}")
        nd.make_overdue_charges(rows, unit, world["fee"], months=1)
        units.append(unit)
    paid, _ = nd.make_unit(rows, world["building"], floor="2", unit_no="01")
    rows.make("charge", unit_id=paid.id, fee_item_id=world["fee"].id, amount_due=Decimal("100"),
              due_date=date.today() - timedelta(days=40), status="paid", period_start=date(2024, 1, 1))
    return units


def test_a_batch_prints_every_overdue_unit_once_even_when_clicked_twice(world, rows, login_as, registry, docs_dir):
    units = _overdue_units(rows, world, 3)
    clerk = login_as("clerk")
    form = clerk.get(f"/admin/notice-batch/?scope=building&scope_id={world['building'].id}").get_data(as_text=True)
    assert re.search(r'id="batch-count">\D*4\D', form), "four units have overdue charges"
    nonce = re.search(r'name="nonce" value="(\w+)"', form).group(1)
    data = {"scope": "building", "scope_id": world["building"].id, "nonce": nonce}
    first = clerk.post("/admin/notice-batch/", data=data)
    second = clerk.post("/admin/notice-batch/", data=data)  # the double click
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    status = clerk.get(first.headers["Location"]).get_data(as_text=True)
    assert 'data-status="done"' in status
    pdf = clerk.get(re.search(r'id="batch-pdf" href="([^"]+)"', status).group(1)).data
    merged = pikepdf.open(io.BytesIO(pdf))
    assert len(merged.pages) == 4  # the world's unit and three more; the paid-up unit is left out
    table = registry.model("generated_document")
    count = rows.session.execute(select(func.count()).select_from(table).where(table.doc_type == "payment_reminder"))
    assert count.scalar() == 4
    form = clerk.get(f"/admin/notice-batch/?scope=building&scope_id={world['building'].id}").get_data(as_text=True)
    data["nonce"] = re.search(r'name="nonce" value="(\w+)"', form).group(1)
    rerun = clerk.get(clerk.post("/admin/notice-batch/", data=data).headers["Location"]).get_data(as_text=True)
    assert "新印 0 份" in rerun
    count = rows.session.execute(select(func.count()).select_from(table).where(table.doc_type == "payment_reminder"))
    assert count.scalar() == 4
    texts = [flat(pdf_text(pdf))]
    for unit in units:
        assert unit.code in texts[0]


def test_a_big_batch_uses_both_cores_and_numbers_each_notice_once(env, world, rows):
    units = _overdue_units(rows, world, 9)
    ids = printing.batch_candidates(rows.session, env.registry, env.catalogue, "payment_reminder", "estate",
                                    world["estate"].id)
    assert set(u.id for u in units) | {world["unit"].id} == set(ids)
    seen = []
    result = printing.print_batch(rows.session, env.registry, env.catalogue, "payment_reminder", ids,
                                  actor=printing.SYSTEM, settings=env.settings, renderer=env.renderer, workers=2,
                                  chunk_size=6, progress=lambda done, total: seen.append((done, total)))
    assert result.new_count == 10 and not result.skipped
    numbers = [int(p.document.doc_no.rsplit("-", 1)[1]) for p in result.printed]
    assert numbers == list(range(numbers[0], numbers[0] + 10))
    assert seen[-1] == (10, 10)
    pdf = pikepdf.open(io.BytesIO(result.pdf))
    assert len(pdf.pages) == 10
    text = pdf_text(result.pdf)
    assert text.count("第 1 頁／共 1 頁") + flat(text).count("第1頁／共1頁") >= 10
    again = printing.print_batch(rows.session, env.registry, env.catalogue, "payment_reminder", ids,
                                 actor=printing.SYSTEM, settings=env.settings, renderer=env.renderer, workers=2)
    assert again.new_count == 0 and [p.document.id for p in again.printed] == [p.document.id for p in result.printed]


# --- command line ----------------------------------------------------------------------------------

def test_cli_lists_the_types_and_prints_a_notice(app, world, conn, tmp_path, docs_dir):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["print-notice", "--list"])
    assert listed.exit_code == 0
    lines = dict(line.split("\t")[:2] for line in listed.output.splitlines())
    assert lines["payment_reminder"] == "unit" and lines["goods_release_pass"] == "goods_release_pass"
    assert len(lines) >= 10
    out = tmp_path / "reminder.pdf"
    printed = runner.invoke(args=["print-notice", "payment_reminder", str(world["unit"].id), "--out", str(out)])
    assert printed.exit_code == 0, printed.output
    assert out.read_bytes().startswith(b"%PDF") and "催繳通知書" in pdf_text(out.read_bytes())


def test_cli_gives_a_clear_error_for_an_unknown_type_or_record(app, conn, tmp_path):
    runner = app.test_cli_runner()
    bad_type = runner.invoke(args=["print-notice", "no_such_notice", "1", "--out", str(tmp_path / "x.pdf")])
    assert bad_type.exit_code != 0 and "unknown notice type 'no_such_notice'" in bad_type.output
    bad_id = runner.invoke(args=["print-notice", "payment_reminder", "987654", "--out", str(tmp_path / "x.pdf")])
    assert bad_id.exit_code != 0 and "no unit record with id 987654" in bad_id.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_clerk_limited_to_another_estate_can_neither_print_nor_download(env, world, rows, ctx, registry, login_as):
    """Estate scope: a clerk limited to estate B gets 404 for estate A's print route and archived PDF."""
    from sqlalchemy import insert

    printed = env.print("payment_reminder", world["unit"].id)
    other = rows.make("estate")
    User = registry.model("app_user")
    clerk_id = ctx.execute(select(User.id).where(User.username == "clerk")).scalar_one()
    ctx.execute(insert(registry.metadata.tables["user_estate"]).values(user_id=clerk_id, estate_id=other.id))
    ctx.flush()
    clerk = login_as("clerk")
    assert clerk.post(f"/documents/print/payment_reminder/{world['unit'].id}").status_code == 404
    assert clerk.get(f"/documents/{printed.document.id}.pdf").status_code == 404
    assert clerk.get(f"/admin/notice-batch/?scope=estate&scope_id={world['estate'].id}").status_code == 404
    assert login_as("supervisor").get(f"/documents/{printed.document.id}.pdf").status_code == 200


def test_the_app_starts_without_loading_weasyprint(tmp_path):
    """WeasyPrint takes about a second to import: it loads with the first print, not at every
    start of a flask command, a test run or a worker (gunicorn.conf.py loads it in the master)."""
    import sys

    code = ("import sys; from app import create_app; "
            f"create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/start.db', 'SECRET_KEY': 'x' * 50}}); "
            "print('loaded' if 'weasyprint' in sys.modules else 'not loaded')")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "not loaded"
