"""Records for the notice tests: an estate with a building, units, owners, overdue charges, and one
record of every table a notice prints from."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

RARE_NAME = "林堃喆"  # rare name characters (Big5 level 2)
HKSCS_TEXT = "𨋢啲嘅喺"  # HKSCS: 𨋢 (lift) is in CJK Extension B


def make_estate(rows, name="海濱花園", code=None):
    n = rows.make("estate").id
    estate = rows.session.get(rows.registry.model("estate"), n)
    estate.name = name
    estate.name_en = "Harbour View Gardens"
    estate.code = code or f"HV{n}"
    estate.address = "香港九龍海濱道 88 號"
    estate.service_phone = "2345 6789"
    building = rows.make("building", estate_id=estate.id, code=f"A{n}", name="第一座")
    rows.session.flush()
    return estate, building


def make_unit(rows, building, floor="12", unit_no="03", owner_name="陳大文", salutation="mr", phone="91234567"):
    unit = rows.make("unit", building_id=building.id, code=f"A-{floor}-{unit_no}-{building.id}", floor=floor,
                     unit_no=unit_no, handover_date=date(2020, 5, 1))
    party = rows.make("party", name=owner_name, salutation=salutation, phone=phone, id_doc_type="hkid",
                      id_doc_no="A1234567", address="香港九龍海濱道 88 號 12 樓 03 室")
    rows.make("unit_party", unit_id=unit.id, party_id=party.id, role="owner", status="active", is_payer=True)
    return unit, party


def make_fee_item(rows, estate, name="管理費", kind="management", rate="0.0030"):
    return rows.make("fee_item", estate_id=estate.id, name=name, kind=kind, code=None,
                     late_fee_rate_per_day=Decimal(rate), fixed_amount=Decimal("1200.00"))


def make_overdue_charges(rows, unit, fee_item, months=3, amount="1234.50", today=None):
    today = today or date.today()
    charges = []
    for i in range(months):
        start = date(today.year - 1, 1 + i, 1)
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        charges.append(rows.make("charge", unit_id=unit.id, fee_item_id=fee_item.id, period_start=start,
                                 period_end=end, amount_due=Decimal(amount), due_date=end,
                                 status="overdue" if i else "billed", late_fee=Decimal("11.10") if i == 0 else 0))
    return charges


def make_pass(rows, unit, status="issued", applicant="黃小明", items=(("雪櫃", 1, "部"), ("紙箱", 12, "個"))):
    today = date.today()
    gp = rows.make("goods_release_pass", unit_id=unit.id, status=status, planned_date=today, valid_until=today,
                   applicant_name=applicant, applicant_role="owner", applicant_phone="98765432",
                   applicant_id_no="Z6543210", vehicle_plate="AB 1234", movers_company="大力搬運公司",
                   reason="搬屋", issued_at=datetime.now())
    for description, qty, measure in items:
        rows.make("goods_release_item", goods_release_pass_id=gp.id, description=description, qty=qty,
                  measure_unit=measure)
    return gp


def make_staff(rows, name="李志明"):
    return rows.make("staff", name=name, staff_no=f"S{rows.make('org_unit').id:05d}")


def make_renovation(rows, unit, party, status="permit_issued"):
    vendor = rows.make("vendor", name="精工裝修工程有限公司", vendor_type="renovation_contractor",
                       business_reg_no="12345678", phone="2111 2222")
    return rows.make("renovation_application", unit_id=unit.id, applicant_party_id=party.id, status=status,
                     start_date=date.today(), end_date=date.today() + timedelta(days=30), contractor_id=vendor.id,
                     applicant_phone="91234567", site_rep_name="張師傅", site_rep_phone="62223333", worker_count=4,
                     scope_text="更換廚房及浴室地磚、重鋪電線、油漆全屋。", involves_plumbing=True, has_drawings=True,
                     pledge_signed=True, works_hours="星期一至六 09:00–18:00", deposit_amount=Decimal("5000"),
                     debris_fee=Decimal("200"), management_fee=Decimal("300"), permit_issued_at=datetime.now())


def make_notice(rows, estate, category="water_outage", status="published", title="大廈食水缸清洗停水通知"):
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    return rows.make("notice", estate_id=estate.id, category=category, status=status, title=title,
                     audience="第一座全體業戶", work_start_at=now + timedelta(days=3),
                     work_end_at=now + timedelta(days=3, hours=6), affected_scope="第一座 1 樓至 30 樓",
                     body="為確保食水衛生，本處將進行食水缸清洗工程。\n工程期間全座暫停供水。")


def make_rectification(rows, unit, party, status="issued"):
    return rows.make("rectification_notice", unit_id=unit.id, addressee_party_id=party.id, status=status,
                     subject_type="renovation", stage="first_notice", rectify_by=date.today() + timedelta(days=7),
                     found_at=datetime.now(), location="12 樓走廊", issue="裝修廢料堆放於公用走廊，阻塞走火通道。",
                     regulation_basis="《大廈公契》第 12 條；《裝修管理規定》第 5 條", requirement="即日清理走廊廢料。")


def make_complaint_report(rows, unit, estate, status="submitted"):
    complaint = rows.make("complaint", subject="升降機多次故障困人", unit_id=unit.id, estate_id=estate.id,
                          complainant_name="陳大文", phone="91234567", severity="major", content="升降機故障",
                          doc_no=f"TS-C-{unit.id}")
    return rows.make("major_complaint_report", complaint_id=complaint.id, status=status,
                     summary="三月五日上午八時，第一座 2 號升降機停於 12 樓與 13 樓之間，兩名住客被困 40 分鐘。",
                     customer_reaction="業主對處理速度表示不滿，要求全面檢查升降機。",
                     measures_taken="即時通知升降機承辦商，消防處協助救出住客。", involves_media=True)


def make_move_in(rows, unit, party, status="notified"):
    return rows.make("move_in", unit_id=unit.id, owner_party_id=party.id, status=status,
                     appointment_at=datetime.now().replace(microsecond=0, second=0) + timedelta(days=20))


def make_work_order(rows, unit, party, estate):
    item = rows.make("service_item", name="更換水龍頭", price=Decimal("180.00"), charge_unit="個")
    wo = rows.make("work_order", unit_id=unit.id, party_id=party.id, estate_id=estate.id, is_paid=True,
                   service_item_id=item.id, description="廚房水龍頭漏水，需更換。", contact_name="陳大文",
                   contact_phone="91234567", quoted_amount=Decimal("260.00"), labour_amount=Decimal("180.00"),
                   material_amount=Decimal("80.00"), total_amount=Decimal("260.00"), status="completed")
    rows.make("work_order_material", work_order_id=wo.id, item_name="水龍頭", qty=Decimal("1"),
              measure_unit="個", unit_price=Decimal("80.00"), amount=Decimal("80.00"))
    return wo
