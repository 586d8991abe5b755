"""Demo data that looks like a real Hong Kong / Taiwan customer-service centre: two estates, a few
hundred units and owners, complaints in every state, visits, fees, passes, renovations.

Deterministic (one seeded random generator, a fixed "today") and loaded once: when the first
demo estate exists, nothing is added. The caller commits once, so a crash leaves nothing.
"""

import random
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 9, 30)

SURNAMES = ("陳", "李", "張", "黃", "何", "林", "梁", "王", "吳", "劉", "蔡", "鄭", "區", "歐陽", "司徒", "譚", "馮",
            "羅", "葉", "郭", "曾", "蕭", "潘", "袁", "麥", "盧", "周", "余", "朱", "許")
GIVEN = ("大文", "美玲", "志明", "淑儀", "國華", "家豪", "嘉欣", "俊傑", "詠詩", "偉強", "麗華", "子軒", "曉彤", "建業",
         "永康", "慧敏", "堃", "喆", "媖", "峯", "浩然", "思穎", "天佑", "雅琪", "振邦", "秀英", "文傑", "寶儀", "德明",
         "佩珊", "兆基", "綺雯", "啟明", "詩韻", "樂怡")
COMPANIES = ("宏達貿易有限公司", "海景投資有限公司", "信和物業代理有限公司", "金輝電子科技有限公司")
COMPLAINTS = [
    ("engineering", "電梯經常故障", "B座電梯本週已停運三次，長者上落非常不便，要求徹底維修。"),
    ("engineering", "樓上單位漏水", "浴室天花板滲水，懷疑樓上單位水管爆裂，請安排檢查。"),
    ("environment", "垃圾房異味", "地下垃圾房夏天異味嚴重，請加密清理及消毒。"),
    ("security", "停車位被佔用", "本人車位經常被訪客車輛佔用，保安未有跟進。"),
    ("service_attitude", "前台職員態度欠佳", "辦理放行條時職員語氣不耐煩，希望改善。"),
    ("fees", "管理費單據錯誤", "十月份管理費單據金額與面積不符，請核對。"),
    ("renovation", "鄰居裝修噪音", "隔壁單位星期六早上八時已開始電鑽，超出規定時間。"),
    ("facilities", "會所泳池關閉", "會所泳池無故關閉兩星期，未有通告。"),
    ("neighbour", "鄰居寵物吠叫", "樓上單位狗隻深夜吠叫，影響休息。"),
    ("environment", "大堂照明不足", "C座大堂多支燈管損壞，晚上太暗。"),
]


class Maker:
    """Insert rows, filling required columns the demo does not care about from the schema."""

    def __init__(self, session, registry, rnd):
        self.session, self.registry, self.rnd = session, registry, rnd
        self.counts = {}
        self.n = 0

    def _fill(self, spec, col):
        self.n += 1
        if col.choices:
            return col.choices[0]
        if col.kind == "boolean":
            return False
        if col.kind == "integer":
            low = int(col.range.minimum) + (0 if col.range.min_inclusive else 1) if col.range and col.range.minimum is not None else 1
            return max(low, 1) if not (col.range and col.range.maximum is not None) else int(col.range.maximum)
        if col.kind == "decimal":
            return Decimal("100.00")
        if col.kind == "date":
            return TODAY
        if col.kind == "datetime":
            return NOW
        if col.kind == "text":
            return "（示範資料）"
        return (f"示範{self.n}")[: col.max_length or 30]

    def make(self, table, flush=True, **values):
        """Add a row; `flush=False` for rows nothing else points to (they go in one batch)."""
        spec = self.registry.spec(table)
        for col in spec.columns.values():
            if col.name in values or col.primary_key or not col.required:
                continue
            if col.foreign_table:
                values[col.name] = self.pick(col.foreign_table)
            else:
                values[col.name] = self._fill(spec, col)
        values = {k: v for k, v in values.items() if k in spec.columns}
        row = self.registry.model(table)(**values)
        self.session.add(row)
        if flush:
            self.session.flush()
        self.counts[table] = self.counts.get(table, 0) + 1
        return row

    def pick(self, table):
        model = self.registry.model(table)
        ids = self.session.execute(select(model.id).order_by(model.id).limit(200)).scalars().all()
        if not ids:
            return self.make(table).id
        return self.rnd.choice(ids)


def _name(rnd):
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN)


def load(session, registry, flows=None):
    """The demo estate and a few records of every table; with `flows`, each workflow record gets
    its first history entry too, so the inbox shows deadlines and the records their timeline."""
    Estate = registry.model("estate")
    if session.execute(select(Estate.id).where(Estate.code == "CH")).first():
        return {}
    rnd = random.Random(2026)
    m = Maker(session, registry, rnd)
    users = {u.username: u for u in session.execute(select(registry.model("app_user"))).scalars()}
    clerk_id = users["clerk"].id if "clerk" in users else None

    # --- organisation and staff ---------------------------------------------------------
    company = m.make("org_unit", code="PM", name="和富物業管理有限公司", org_level="company")
    centre = m.make("org_unit", code="CH-SC", name="翠湖花園物業服務中心", org_level="service_centre",
                    parent_id=company.id)
    cs = m.make("org_unit", code="CS", name="客戶服務中心", org_level="department", parent_id=centre.id)
    teams = {code: m.make("org_unit", code=code, name=name, org_level="team", parent_id=cs.id)
             for code, name in (("FD", "前台組"), ("CR", "客戶關係組"))}
    eng = m.make("org_unit", code="ENG", name="工程部", org_level="department", parent_id=centre.id)
    sec = m.make("org_unit", code="SEC", name="安管部", org_level="department", parent_id=centre.id)
    positions = {}
    for key, unit, title, grade, count in (("clerk", teams["FD"], "前台客服專員", "S1", 6),
                                          ("supervisor", teams["CR"], "客戶關係主管", "M1", 2),
                                          ("manager", cs, "客戶服務部經理", "M2", 1),
                                          ("director", centre, "物業服務中心經理", "M3", 1),
                                          ("engineer", eng, "工程技術員", "S2", 4),
                                          ("guard", sec, "保安員", "S1", 8)):
        positions[key] = m.make("job_position", org_unit_id=unit.id, code=key.upper(), title=title, grade=grade,
                                headcount_planned=count)
    staff = {}
    for i, (username, name) in enumerate((("clerk", "陳美玲"), ("supervisor", "李志明"), ("manager", "黃淑儀"),
                                          ("director", "張國華"), ("engineer", "劉建業"), ("guard", "周永康"))):
        person = m.make("staff", staff_no=f"S{1001 + i}", name=name, org_unit_id=positions[username].org_unit_id,
                        job_position_id=positions[username].id, status="active", phone=f"9{rnd.randint(1000000, 9999999)}",
                        hire_date=TODAY - timedelta(days=400 + 90 * i))
        staff[username] = person
        if username in users:
            users[username].staff_id = person.id
    for i in range(14):
        key = rnd.choice(("clerk", "engineer", "guard"))
        m.make("staff", staff_no=f"S{1100 + i}", name=_name(rnd), org_unit_id=positions[key].org_unit_id,
               job_position_id=positions[key].id, status=rnd.choice(("active", "active", "probation")),
               phone=f"6{rnd.randint(1000000, 9999999)}", hire_date=TODAY - timedelta(days=rnd.randint(30, 2000)))

    # --- estates, buildings, units --------------------------------------------------------
    estates = [m.make("estate", code="CH", name="翠湖花園", name_en="Green Lake Gardens", district="沙田",
                      address="新界沙田翠湖路8號", org_unit_id=centre.id, service_phone="2688 1234"),
               m.make("estate", code="HB", name="海濱廣場", name_en="Harbour Plaza", district="觀塘",
                      address="九龍觀塘海濱道88號", org_unit_id=centre.id, service_phone="2345 6789")]
    units = []
    for estate, blocks, floors, flats, usage in ((estates[0], "ABCD", 12, 6, "residential"),
                                                 (estates[1], "EF", 10, 4, "office")):
        for block in blocks:
            building = m.make("building", estate_id=estate.id, code=block, name=f"{block}座", floors_above=floors,
                              has_lift=True, lift_count=2)
            for floor in range(1, floors + 1):
                for flat in range(1, flats + 1):
                    kind = "shop" if usage == "office" and floor == 1 else usage
                    units.append(m.make(
                        "unit", flush=False, building_id=building.id, floor=str(floor), unit_no=f"{flat:02d}",
                        code=f"{estate.code}-{block}-{floor:02d}-{flat:02d}", usage=kind,
                        occupancy_status=rnd.choice(("owner_occupied",) * 6 + ("rented",) * 2 + ("delivered_vacant",
                                                                                                "renovating")),
                        gross_area=Decimal(rnd.choice((520, 610, 745, 880, 1030))),
                        saleable_area=Decimal(rnd.choice((410, 480, 590, 700, 820)))))

    session.flush()

    # --- parties and their units ----------------------------------------------------------
    phones = set()

    def phone(mainland=False):
        while True:
            number = (f"1{rnd.choice('358')}{rnd.randint(100000000, 999999999)}" if mainland
                      else f"{rnd.choice('569')}{rnd.randint(1000000, 9999999)}")
            if number not in phones:
                phones.add(number)
                return number

    owners = []
    for i, unit in enumerate(units):
        if unit.occupancy_status == "unsold" or i % 5 == 4 and len(owners) > 280:
            continue
        is_company = i % 37 == 0
        owner = m.make("party", party_type="company" if is_company else "person",
                       name=COMPANIES[i % len(COMPANIES)] if is_company else _name(rnd),
                       phone=phone(mainland=i % 9 == 0), salutation=None if is_company else rnd.choice(("mr", "ms")),
                       preferred_language="cantonese" if i % 9 else "mandarin")
        owners.append((unit, owner))
        m.make(flush=False, table="unit_party", unit_id=unit.id, party_id=owner.id, role="owner", status="active",
               is_primary_contact=True, is_payer=True, start_date=TODAY - timedelta(days=rnd.randint(200, 3000)))
        if unit.occupancy_status == "rented":
            tenant = m.make("party", name=_name(rnd), phone=phone())
            m.make(flush=False, table="unit_party", unit_id=unit.id, party_id=tenant.id, role="tenant", status="active",
                   start_date=TODAY - timedelta(days=rnd.randint(30, 700)))
        elif i % 4 == 0:
            family = m.make("party", name=_name(rnd), phone=phone())
            m.make(flush=False, table="unit_party", unit_id=unit.id, party_id=family.id, role="family", status="active")
        if len(owners) >= 300:
            break
    for unit, owner in owners[:5]:
        m.make("vip_profile", party_id=owner.id, account_manager_id=staff["supervisor"].id)

    # --- complaint deadlines and complaints in every state ----------------------------------
    for severity, response, resolve in (("general", 48, 168), ("urgent", 2, 24), ("major", 1, 72)):
        m.make("complaint_deadline_rule", severity=severity, response_hours=response, resolve_hours=resolve,
               follow_up_days=3)
    statuses = registry.spec("complaint").columns["status"].choices
    for i in range(50):
        unit, owner = owners[(i * 7) % len(owners)]
        category, subject, content = COMPLAINTS[i % len(COMPLAINTS)]
        status = statuses[i % len(statuses)]
        received = NOW - timedelta(days=rnd.randint(1, 180), hours=rnd.randint(0, 8))
        severity = "major" if i % 17 == 0 else ("urgent" if i % 5 == 0 else "general")
        hours = {"general": (48, 168), "urgent": (2, 24), "major": (1, 72)}[severity]
        later = status not in ("received",)
        resolved = status in ("resolved", "follow_up_pending", "closed", "reopened")
        m.make("complaint", doc_no=f"TS-2026-{i + 1:06d}", received_at=received, status=status,
               severity=severity, category=category, subject=subject, content=content, channel=rnd.choice(
                   ("walk_in", "phone", "letter", "email")), unit_id=unit.id, complainant_party_id=owner.id,
               complainant_name=owner.name, phone=owner.phone, estate_id=_estate_of(session, registry, unit),
               due_response_at=received + timedelta(hours=hours[0]),
               due_resolve_at=received + timedelta(hours=hours[1]),
               responded_at=received + timedelta(hours=1) if later else None,
               dispatched_at=received + timedelta(hours=2) if later and status != "classified" else None,
               resolved_at=received + timedelta(hours=hours[1] // 2) if resolved else None,
               closed_at=received + timedelta(hours=hours[1]) if status == "closed" else None,
               resolution="已安排維修並回覆業戶。" if resolved else None,
               reopen_count=1 if status == "reopened" else 0, assignee_id=staff["engineer"].id if later else None,
               created_by_id=clerk_id)

    # --- front desk -------------------------------------------------------------------------
    topics = ("查詢管理費繳費方法", "申請訪客停車", "報失門禁卡", "查詢裝修規定", "反映走廊燈壞", "索取入伙資料",
              "查詢會所開放時間", "代收包裹", "表揚保安員", "預約維修冷氣機")
    for i in range(150):
        unit, owner = owners[(i * 11) % len(owners)]
        m.make(flush=False, table="contact_record", received_at=NOW - timedelta(days=rnd.randint(0, 90), minutes=rnd.randint(0, 600)),
               channel=rnd.choice(("walk_in", "phone", "phone", "wechat")),
               category=rnd.choice(("inquiry", "inquiry", "request", "suggestion", "praise")),
               subject=topics[i % len(topics)], status=rnd.choice(("closed", "closed", "following", "open")),
               unit_id=unit.id, party_id=owner.id, estate_id=_estate_of(session, registry, unit),
               caller_name=owner.name, caller_phone=owner.phone, content=topics[i % len(topics)] + "。",
               received_by_id=staff["clerk"].id)
    for i in range(50):
        unit, owner = owners[(i * 13) % len(owners)]
        m.make(flush=False, table="visitor_registration", arrived_at=NOW - timedelta(days=rnd.randint(0, 30), hours=rnd.randint(0, 10)),
               visitor_name=_name(rnd), headcount=rnd.randint(1, 3), purpose=rnd.choice(("visit", "delivery",
                                                                                          "maintenance")),
               estate_id=_estate_of(session, registry, unit), unit_id=unit.id, host_party_id=owner.id,
               visitor_phone=phone())
    items = []
    for i, (name, category, price) in enumerate((("通渠", "plumbing", 350), ("更換水龍頭", "plumbing", 280),
                                                 ("更換燈管", "electrical", 120), ("檢查電掣", "electrical", 200),
                                                 ("清洗冷氣機", "cleaning", 450), ("單位大清潔", "cleaning", 1200),
                                                 ("搬運傢俬", "moving", 600), ("代繳水電費", "agency", 20))):
        category = category if category in registry.spec("service_item").columns["category"].choices else None
        items.append(m.make("service_item", code=f"SV{i + 1:02d}", name=name, category=category or
                            registry.spec("service_item").columns["category"].choices[0], price=Decimal(price)))
    wo_states = registry.spec("work_order").columns["status"].choices
    for i in range(30):
        unit, owner = owners[(i * 5) % len(owners)]
        item = items[i % len(items)]
        m.make("work_order", doc_no=f"WX-2026-{i + 1:06d}", status=wo_states[i % len(wo_states)], is_paid=True,
               unit_id=unit.id, service_item_id=item.id, party_id=owner.id, contact_name=owner.name,
               contact_phone=owner.phone, estate_id=_estate_of(session, registry, unit),
               description=f"{item.name}（業戶要求）", quoted_amount=item.price, total_amount=item.price,
               created_by_id=clerk_id)
    for name, kind in (("潔淨清潔服務有限公司", "cleaning"), ("保安全護衛有限公司", "security"),
                       ("迅達電梯(香港)有限公司", "lift"), ("綠悠園藝有限公司", "greening"),
                       ("美家裝修工程公司", "renovation_contractor"), ("利源五金供應", "supplier")):
        kind = kind if kind in registry.spec("vendor").columns["vendor_type"].choices else \
            registry.spec("vendor").columns["vendor_type"].choices[0]
        m.make("vendor", name=name, vendor_type=kind, status="active", phone=f"2{rnd.randint(1000000, 9999999)}")

    # --- fees: six months of management fees, some paid, some partly, some overdue ---------
    fee = m.make("fee_item", estate_id=estates[0].id, code="MF", name="管理費", kind="management",
                 calc_method="area_x_rate", rate=Decimal("2.85"), due_day=15)
    receipt = 0
    for month in range(6):
        start = date(2026, 6 + month, 1)
        end = (date(2026, 7 + month, 1) if month < 5 else date(2026, 12, 1)) - timedelta(days=1)
        for unit, owner in owners[:120]:
            amount = (unit.gross_area or Decimal(600)) * Decimal("2.85")
            state = rnd.random()
            status = "paid" if state < 0.8 else ("partially_paid" if state < 0.9 else "overdue")
            charge = m.make("charge", flush=state < 0.9, unit_id=unit.id, fee_item_id=fee.id, payer_party_id=owner.id,
                            period_start=start, period_end=end, amount_due=amount.quantize(Decimal("0.01")),
                            due_date=start + timedelta(days=14), status=status, bill_no=f"B{start:%Y%m}-{unit.id:05d}")
            if status in ("paid", "partially_paid"):
                receipt += 1
                paid = charge.amount_due if status == "paid" else (charge.amount_due / 2).quantize(Decimal("0.01"))
                payment = m.make("payment", receipt_no=f"R2026{receipt:06d}", paid_at=datetime.combine(
                    start + timedelta(days=rnd.randint(3, 20)), datetime.min.time()) + timedelta(hours=10),
                    amount=paid, method=rnd.choice(("cash", "octopus", "fps", "wechat")), unit_id=unit.id,
                    payer_party_id=owner.id)
                m.make(flush=False, table="payment_allocation", payment_id=payment.id, charge_id=charge.id, amount=paid)
    for code, name in (("service_quality", "不滿服務質素"), ("repair_unresolved", "維修未完成"),
                       ("vacancy", "單位空置"), ("financial_hardship", "經濟困難")):
        m.make("refusal_reason", code=code, name=name)

    # --- procedures -------------------------------------------------------------------------
    pass_states = registry.spec("goods_release_pass").columns["status"].choices
    for i in range(15):
        unit, owner = owners[(i * 17) % len(owners)]
        status = pass_states[i % len(pass_states)]
        gate_pass = m.make("goods_release_pass", doc_no=f"FX-2026-{i + 1:06d}", status=status, unit_id=unit.id,
                           planned_date=TODAY - timedelta(days=i % 4), valid_until=TODAY - timedelta(days=i % 4)
                           + timedelta(days=1), applicant_name=owner.name, applicant_role="owner",
                           authorisation_method="in_person", applicant_phone=owner.phone,
                           authorising_party_id=owner.id, created_by_id=clerk_id)
        for description, qty in (("雪櫃", 1), ("梳化", 1), ("紙箱", rnd.randint(3, 12))):
            m.make(flush=False, table="goods_release_item", goods_release_pass_id=gate_pass.id, description=description, qty=qty,
                   measure_unit="件")
    reno_states = registry.spec("renovation_application").columns["status"].choices
    for i in range(8):
        unit, owner = owners[(i * 19 + 3) % len(owners)]
        m.make("renovation_application", doc_no=f"ZX-2026-{i + 1:06d}", status=reno_states[i * 2 % len(reno_states)],
               unit_id=unit.id, applicant_party_id=owner.id, start_date=TODAY + timedelta(days=7 * i),
               end_date=TODAY + timedelta(days=7 * i + 45), scope_text="更換廚房及浴室設備、重鋪地板、油漆",
               applicant_phone=owner.phone, deposit_amount=Decimal("5000"), created_by_id=clerk_id)
    for i in range(6):
        unit, owner = owners[(i * 23 + 5) % len(owners)]
        m.make("move_in", doc_no=f"RH-2026-{i + 1:06d}", status=registry.spec("move_in").columns["status"].choices[i],
               unit_id=unit.id, owner_party_id=owner.id, created_by_id=clerk_id)
    for i in range(5):
        unit, owner = owners[(i * 29 + 7) % len(owners)]
        m.make("rectification_notice", doc_no=f"ZG-2026-{i + 1:06d}", subject_type="renovation", unit_id=unit.id,
               addressee_party_id=owner.id, addressee_name=owner.name, issue="擅自拆除窗台外牆",
               requirement="七日內恢復原狀並通知管理處復查", rectify_by=TODAY + timedelta(days=7),
               status=registry.spec("rectification_notice").columns["status"].choices[i], created_by_id=clerk_id)
    for i, (title, category) in enumerate((("停水通知：A座食水缸清洗", "water_outage"),
                                           ("停電通知：高壓電掣房保養", "power_outage"),
                                           ("電梯保養通知", "lift_maintenance"),
                                           ("溫馨提示：颱風季節注意事項", "reminder"))):
        category = category if category in registry.spec("notice").columns["category"].choices else \
            registry.spec("notice").columns["category"].choices[0]
        m.make("notice", doc_no=f"TG-2026-{i + 1:06d}", title=title, category=category, estate_id=estates[0].id,
               status=("draft", "pending_approval", "published", "published")[i], body=title + "，敬請各業戶留意。",
               work_start_at=NOW + timedelta(days=3), work_end_at=NOW + timedelta(days=3, hours=6),
               valid_until=NOW + timedelta(days=10), created_by_id=clerk_id)
    for org_type, name in (("police", "沙田警署"), ("fire", "沙田消防局"), ("street_office", "沙田民政事務處")):
        org_type = org_type if org_type in registry.spec("external_org").columns["org_type"].choices else \
            registry.spec("external_org").columns["org_type"].choices[0]
        m.make("external_org", org_type=org_type, name=name, phone=f"2{rnd.randint(1000000, 9999999)}")
    m.make("survey", title="2026年下半年業戶滿意度調查", estate_id=estates[0].id, period="2026-H2",
           target_households=len(owners), created_by_id=clerk_id)

    # --- every other table gets a couple of rows, so each screen shows something -------------
    for table, spec in registry.specs.items():
        if spec.is_link_table or spec.append_only or table in m.counts or table.startswith(("app_", "role_")):
            continue
        if table in ("user_estate", "audit_log", "status_history", "approval_step", "generated_document",
                     "doc_sequence"):
            continue
        for _ in range(2):
            try:
                with session.begin_nested():
                    m.make(table)
            except Exception:  # noqa: BLE001 - a generic filler row that breaks a rule is simply skipped
                m.counts[table] = m.counts.get(table, 0)
    if flows is not None:
        m.counts["status_history"] = start_workflows(session, registry, flows)
    return m.counts


def start_workflows(session, registry, flows):
    """Give each workflow record without history its first entry, as the engine does when a
    record is created: its state and that state's deadline, counted from when it came in (a
    complaint received three days ago and still waiting is overdue). Returns how many."""
    from app.workflows import engine

    History = registry.model("status_history")
    started = 0
    for flow in flows:
        Model = registry.model(flow.table)
        has_history = select(History.id).where(History.subject_table == flow.table, History.subject_id == Model.id)
        for record in session.execute(select(Model).where(~has_history.exists()).order_by(Model.id)).scalars():
            came_in = getattr(record, "received_at", None) or getattr(record, "created_at", None) or NOW
            engine.record_created(session, registry, flow, record, engine.SYSTEM, now=came_in)
            started += 1
    session.flush()
    return started


def _estate_of(session, registry, unit):
    return session.get(registry.model("building"), unit.building_id).estate_id
