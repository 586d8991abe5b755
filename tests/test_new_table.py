"""A table appended to schema.sql gets a working, validated, permission-checked screen with no code."""

from sqlalchemy import select

from app.extensions import db
from app.schema import registry_of
from app.seeding import load_all

from .conftest import ROOT
from .conftest import is_postgres
from .conftest import make_app

NEW_TABLE = """
CREATE TABLE parcel_log ( -- 包裹登記 | Parcel log | 包裹登记  #group=frontdesk #title={tracking_no}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    tracking_no VARCHAR(40) NOT NULL, -- 運單號 | Tracking number | 运单号
    carrier VARCHAR(20) NOT NULL CHECK (carrier IN ('sf', 'hkpost')), -- 快遞公司 | Carrier | 快递公司
    pieces INTEGER NOT NULL DEFAULT 1 CHECK (pieces BETWEEN 1 AND 20), -- 件數 | Pieces | 件数
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    CONSTRAINT uq_parcel_log_tracking UNIQUE (tracking_no)
);
CREATE INDEX ix_parcel_log_unit ON parcel_log (unit_id);
-- @value sf: 順豐 | SF Express | 顺丰
-- @value hkpost: 香港郵政 | Hongkong Post | 香港邮政
"""


def test_appended_table_gets_a_validated_screen(tmp_path):
    schema = tmp_path / "schema.sql"
    schema.write_text((ROOT / "schema.sql").read_text(encoding="utf-8") + NEW_TABLE, encoding="utf-8")
    if is_postgres():
        import pytest

        pytest.skip("covered on SQLite: building a second PostgreSQL database costs more than it proves")
    app = make_app("sqlite:///" + str(tmp_path / "new.db"), SCHEMA_PATH=str(schema))
    registry = registry_of(app)
    assert "parcel_log" in registry.specs
    with app.app_context():
        load_all(db.session, registry, demo=False)
        Unit = registry.model("unit")
        Building = registry.model("building")
        Estate = registry.model("estate")
        from tests.factories import RowFactory

        unit = RowFactory(registry, db.session).make("unit")
        db.session.commit()
        unit_id = unit.id
    from tests.conftest import Client

    admin = Client(app.test_client())
    assert admin.login("admin").status_code == 302
    page = admin.get("/admin/parcel_log/new/").get_data(as_text=True)
    assert "包裹登記" in page and "運單號" in page and "順豐" in page  # labels and translated choices

    bad = admin.post("/admin/parcel_log/new/", data={"tracking_no": "", "carrier": "dhl", "pieces": "99",
                                                      "unit": str(unit_id)}).get_data(as_text=True)
    assert "此欄位必須填寫" in bad and "不可大於 20" in bad
    ok = admin.post("/admin/parcel_log/new/", data={"tracking_no": "SF123", "carrier": "sf", "pieces": "2",
                                                     "unit": str(unit_id)})
    assert ok.status_code == 302
    dup = admin.post("/admin/parcel_log/new/", data={"tracking_no": "SF123", "carrier": "sf", "pieces": "1",
                                                      "unit": str(unit_id)}).get_data(as_text=True)
    assert "已被其他記錄使用" in dup
    with app.app_context():
        Parcel = registry.model("parcel_log")
        assert db.session.execute(select(Parcel.tracking_no)).scalars().all() == ["SF123"]

    clerk = Client(app.test_client())
    assert clerk.login("clerk").status_code == 302
    assert clerk.get("/admin/parcel_log/").status_code == 403  # deny by default until granted
