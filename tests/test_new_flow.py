"""A new flow on a new table is added by declaring it: schema.sql and workflows.toml, no Python."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.schema import registry_of
from app.seeding import load_all

from .conftest import ROOT
from .conftest import Client
from .conftest import is_postgres
from .conftest import make_app

TABLE = """
CREATE TABLE key_loan ( -- 鎖匙借用 | Key loan | 钥匙借用  #group=frontdesk #title={borrower}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    borrower VARCHAR(100) NOT NULL, -- 借用人 | Borrower | 借用人
    status VARCHAR(20) NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'lent', 'returned')), -- 狀態 | Status | 状态  #readonly
    returned_at TIMESTAMP, -- 歸還時間 | Returned at | 归还时间  #readonly
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Entered by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_key_loan_created_by ON key_loan (created_by_id);
-- @value lent: 已借出 | Lent | 已借出
-- @value key_loan.status.returned: 已歸還 | Returned | 已归还
"""

FLOW = """
[flows.key_loan]
labels = ["鎖匙借用", "Key loan", "钥匙借用"]
[flows.key_loan.deadlines]
lent = { hours = 4 }
[[flows.key_loan.transitions]]
name = "lend"
labels = ["借出", "Lend", "借出"]
from = ["requested"]
to = "lent"
approvals = [{ roles = ["supervisor"], mode = "single" }]
[[flows.key_loan.transitions]]
name = "give_back"
labels = ["歸還", "Returned", "归还"]
from = ["lent"]
to = "returned"
roles = ["clerk", "guard"]
stamp = ["returned_at"]
"""


def test_declared_flow_runs_through_the_web(tmp_path):
    if is_postgres():
        pytest.skip("covered on SQLite: a second PostgreSQL database costs more than it proves")
    schema = tmp_path / "schema.sql"
    schema.write_text((ROOT / "schema.sql").read_text(encoding="utf-8") + TABLE, encoding="utf-8")
    flows = tmp_path / "workflows.toml"
    flows.write_text((ROOT / "workflows.toml").read_text(encoding="utf-8") + FLOW, encoding="utf-8")
    app = make_app("sqlite:///" + str(tmp_path / "flow.db"), SCHEMA_PATH=str(schema), WORKFLOWS_PATH=str(flows))
    registry = registry_of(app)
    with app.app_context():
        load_all(db.session, registry, demo=False)
        Perm, Role = registry.model("role_permission"), registry.model("app_role")
        for code in ("clerk", "supervisor"):
            role_id = db.session.execute(select(Role.id).where(Role.code == code)).scalar_one()
            db.session.add(Perm(role_id=role_id, table_name="key_loan", can_view=True, can_create=True,
                                can_edit=True))
        db.session.commit()

    clerk, supervisor = Client(app.test_client()), Client(app.test_client())
    clerk.login("clerk")
    supervisor.login("supervisor")
    assert clerk.post("/admin/key_loan/new/", data={"borrower": "陳師傅"}).status_code == 302
    with app.app_context():
        loan = db.session.execute(select(registry.model("key_loan"))).scalar_one()
        loan_id, version = loan.id, loan.version
    page = clerk.get(f"/admin/key_loan/details/?id={loan_id}").get_data(as_text=True)
    assert "鎖匙借用" in page and "lend" not in page.split("workflow-panel")[1].split("</div>")[0]
    # the clerk entered it, so cannot lend it out; the supervisor signs
    assert clerk.get(f"/admin/workflow/key_loan/{loan_id}/lend").status_code == 302
    response = supervisor.post(f"/admin/workflow/key_loan/{loan_id}/lend", data={"version": version})
    assert response.status_code == 302
    page = clerk.get(f"/admin/key_loan/details/?id={loan_id}").get_data(as_text=True)
    assert "已借出" in page and "歸還" in page
    with app.app_context():
        version = db.session.get(registry.model("key_loan"), loan_id).version
    assert clerk.post(f"/admin/workflow/key_loan/{loan_id}/give_back", data={"version": version}).status_code == 302
    with app.app_context():
        loan = db.session.get(registry.model("key_loan"), loan_id)
        assert loan.status == "returned" and loan.returned_at is not None
        History = registry.model("status_history")
        steps = db.session.execute(select(History.to_status).where(History.subject_table == "key_loan")
                                   .order_by(History.id)).scalars().all()
        assert steps == ["requested", "lent", "returned"]
