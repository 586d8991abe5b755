-- PropertyDesk (物業客服台) schema: the single source of truth.
--
-- The application reflects the database built from this file and generates a screen for
-- every table. Labels, menu groups, record titles and personal-data markers live here, in
-- comments the application parses (app/schema/annotations.py):
--
--   CREATE TABLE name (  -- 繁體 | English | 简体  #group=<menu group> #title={col} {col} #large
--       col TYPE ...,    -- 繁體 | English | 简体  #pii=phone|id_no #hidden #readonly #choices=tables
--   );
--   -- @group <code>: 繁體 | English | 简体                 menu group labels
--   -- @value <value>: 繁體 | English | 简体                 label of an enumeration value
--   -- @value <table>.<column>.<value>: 繁體 | English | 简体   the same, for one column only
--
--   #title: {column}, or {fk} (an FK column without `_id`) for the referenced record's own title.
--   #large: a table with many rows; screens offer no drop-down of its records (filters, pickers).
--   #attachments: its records take uploaded files (photos, signed scans, drawings), kept in
--     `attachment` and shown in an Attachments panel on the record's page.
--   #append_only: written only by the system; no screen creates, edits or deletes its rows.
--
-- Conventions (portable across SQLite and PostgreSQL, applied unchanged to both):
--   * `id INTEGER NOT NULL PRIMARY KEY` first; the PostgreSQL loader adds an identity to it.
--   * one column per line; enumerations are `VARCHAR(n) ... CHECK (col IN (...))` on the line;
--     ranges are `CHECK (col >= 0)`, `CHECK (col BETWEEN 1 AND 5)`; cross-column rules are
--     table-level `CONSTRAINT ck_... CHECK (a <= b)`.
--   * UNIQUE constraints are table-level and named `uq_<table>_<cols>` (SQLite does not reflect
--     inline UNIQUE on parenthesised types).
--   * foreign keys inline: `REFERENCES t(id) ON DELETE RESTRICT|CASCADE|SET NULL`, chosen per meaning;
--     every foreign key column has an index.
--   * money NUMERIC(12,2); areas NUMERIC(10,2); timestamps TIMESTAMP; booleans BOOLEAN DEFAULT FALSE.
--   * `version INTEGER NOT NULL DEFAULT 1` on edited records (optimistic locking);
--     `created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP`. Both are hidden from forms.
--     Records with a lifecycle (`status`) also have `updated_at TIMESTAMP`.
--   * workflow records (numbered forms, 一單一號): `doc_no` unique and assigned when issued; `status`
--     and the transition timestamps are #readonly (moved by the workflow, not typed in a form);
--     `created_by_id` names the submitting user, so nobody approves their own request.
--   * tables are ordered so that every REFERENCES target is created first (PostgreSQL needs it).

-- @group system: 系統管理 | System | 系统管理
-- @group org: 組織與人事 | Organisation & staff | 组织与人事
-- @group property: 物業資料 | Property | 物业资料
-- @group parties: 業戶管理 | Owners & residents | 业户管理
-- @group frontdesk: 前台服務 | Front desk | 前台服务
-- @group complaints: 投訴與回訪 | Complaints | 投诉与回访
-- @group procedures: 業戶手續 | Procedures | 业户手续
-- @group public: 公共關係 | Public relations | 公共关系
-- @group surveys: 滿意度調查 | Surveys | 满意度调查
-- @group fees: 收費與催繳 | Fees & dunning | 收费与催缴
-- @group quality: 品質與採購 | Quality & purchasing | 品质与采购
-- @group docs: 文檔與計劃 | Documents & plans | 文档与计划

-- ---------------------------------------------------------------------------------------------
-- System: roles and permissions (app_user follows staff, which a user may be linked to)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE app_role ( -- 角色 | Role | 角色  #group=system #title={name_zh}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30) NOT NULL, -- 代碼 | Code | 代码
    name_zh VARCHAR(50) NOT NULL, -- 名稱 | Name | 名称
    name_en VARCHAR(50) NOT NULL, -- 英文名稱 | English name | 英文名称
    is_admin BOOLEAN NOT NULL DEFAULT FALSE, -- 系統管理員(擁有全部權限) | Administrator (all rights) | 系统管理员(拥有全部权限)
    reveal_personal_data BOOLEAN NOT NULL DEFAULT FALSE, -- 可逐筆查看完整個人資料 | May reveal personal data, one record at a time | 可逐笔查看完整个人资料
    description TEXT, -- 說明 | Description | 说明
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_app_role_code UNIQUE (code)
);

CREATE TABLE role_permission ( -- 角色權限 | Role permission | 角色权限  #group=system #title={role} {table_name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    role_id INTEGER NOT NULL REFERENCES app_role(id) ON DELETE CASCADE, -- 角色 | Role | 角色
    table_name VARCHAR(64) NOT NULL, -- 資料表 | Table | 数据表  #choices=tables
    can_view BOOLEAN NOT NULL DEFAULT FALSE, -- 查看 | View | 查看
    can_create BOOLEAN NOT NULL DEFAULT FALSE, -- 新增 | Create | 新增
    can_edit BOOLEAN NOT NULL DEFAULT FALSE, -- 修改 | Edit | 修改
    can_delete BOOLEAN NOT NULL DEFAULT FALSE, -- 刪除 | Delete | 删除
    can_export BOOLEAN NOT NULL DEFAULT FALSE, -- 匯出 | Export | 导出
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_role_permission_role_table UNIQUE (role_id, table_name)
);
CREATE INDEX ix_role_permission_table ON role_permission (table_name);

-- Enumeration values shared by many tables (a `-- @value <table>.<column>.<value>` line next to
-- a table overrides the label for that one column).
-- @value draft: 草稿 | Draft | 草稿
-- @value submitted: 已提交 | Submitted | 已提交
-- @value approved: 已批准 | Approved | 已批准
-- @value rejected: 不批准 | Rejected | 不批准
-- @value closed: 已結案 | Closed | 已结案
-- @value cancelled: 已取消 | Cancelled | 已取消
-- @value open: 待處理 | Open | 待处理
-- @value in_progress: 進行中 | In progress | 进行中
-- @value completed: 已完成 | Completed | 已完成
-- @value planned: 計劃中 | Planned | 计划中
-- @value held: 已舉行 | Held | 已举行
-- @value reviewed: 已審核 | Reviewed | 已审核
-- @value active: 有效 | Active | 有效
-- @value staff.status.active: 在職 | Employed | 在职
-- @value vendor.status.active: 合作中 | Active | 合作中
-- @value paid: 已繳費 | Paid | 已缴费
-- @value other: 其他 | Other | 其他

-- ---------------------------------------------------------------------------------------------
-- Organisation and staff (seed 一, 二, 三): structure, posts, staff records, changes, training
-- ---------------------------------------------------------------------------------------------

CREATE TABLE org_unit ( -- 組織架構 | Organisation unit | 组织架构  #group=org #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30), -- 代碼 | Code | 代码
    name VARCHAR(100) NOT NULL, -- 名稱 | Name | 名称
    org_level VARCHAR(30) NOT NULL DEFAULT 'department' CHECK (org_level IN ('company', 'branch', 'service_centre', 'department', 'team')), -- 層級 | Level | 层级
    parent_id INTEGER REFERENCES org_unit(id) ON DELETE SET NULL, -- 上級單位 | Parent unit | 上级单位
    headcount_planned INTEGER CHECK (headcount_planned >= 0), -- 定編人數 | Planned headcount | 定编人数
    duties TEXT, -- 職能 | Duties | 职能
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_org_unit_code UNIQUE (code)
);
CREATE INDEX ix_org_unit_parent_id ON org_unit (parent_id);

-- @value company: 公司 | Company | 公司
-- @value branch: 分公司 | Branch | 分公司
-- @value service_centre: 物業服務中心 | Property service centre | 物业服务中心
-- @value department: 部門 | Department | 部门
-- @value team: 班組 | Team | 班组

CREATE TABLE job_position ( -- 崗位 | Job position | 岗位  #group=org #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 所屬部門 | Organisation unit | 所属部门
    code VARCHAR(30), -- 崗位代碼 | Code | 岗位代码
    title VARCHAR(100) NOT NULL, -- 崗位名稱 | Title | 岗位名称
    grade VARCHAR(30), -- 職級 | Grade | 职级
    headcount_planned INTEGER NOT NULL DEFAULT 1 CHECK (headcount_planned >= 0), -- 定編人數 | Planned headcount | 定编人数
    duties TEXT, -- 崗位職責 | Duties | 岗位职责
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_job_position_org_unit_title UNIQUE (org_unit_id, title)
);
CREATE INDEX ix_job_position_org_unit_id ON job_position (org_unit_id);

CREATE TABLE staff ( -- 員工 | Staff | 员工  #group=org #title={name} ({staff_no})
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    staff_no VARCHAR(30) NOT NULL, -- 員工編號 | Staff no. | 员工编号
    name VARCHAR(100) NOT NULL, -- 姓名 | Name | 姓名
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    job_position_id INTEGER REFERENCES job_position(id) ON DELETE RESTRICT, -- 崗位 | Job position | 岗位
    status VARCHAR(30) NOT NULL DEFAULT 'active' CHECK (status IN ('probation', 'active', 'on_leave', 'resigned', 'dismissed')), -- 在職狀態 | Status | 在职状态
    phone VARCHAR(30), -- 手機 | Mobile phone | 手机  #pii=phone
    hire_date DATE, -- 入職日期 | Hire date | 入职日期
    name_en VARCHAR(100), -- 英文姓名 | English name | 英文姓名
    gender VARCHAR(10) CHECK (gender IN ('male', 'female')), -- 性別 | Gender | 性别
    id_no VARCHAR(30), -- 證件號碼 | ID document no. | 证件号码  #pii=id_no
    email VARCHAR(100), -- 電郵 | Email | 电子邮箱
    supervisor_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 直屬上級 | Supervisor | 直属上级
    probation_end_date DATE, -- 試用期至 | Probation ends | 试用期至
    leave_date DATE, -- 離職日期 | Leaving date | 离职日期
    emergency_contact VARCHAR(100), -- 緊急聯絡人 | Emergency contact | 紧急联系人
    emergency_phone VARCHAR(30), -- 緊急聯絡電話 | Emergency phone | 紧急联系电话  #pii=phone
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_staff_staff_no UNIQUE (staff_no),
    CONSTRAINT ck_staff_leave_date CHECK (leave_date >= hire_date),
    CONSTRAINT ck_staff_probation_end CHECK (probation_end_date >= hire_date)
);
CREATE INDEX ix_staff_org_unit_id ON staff (org_unit_id);
CREATE INDEX ix_staff_job_position_id ON staff (job_position_id);
CREATE INDEX ix_staff_supervisor_id ON staff (supervisor_id);
CREATE INDEX ix_staff_status ON staff (status);
CREATE INDEX ix_staff_name ON staff (name);

-- @value probation: 試用期 | On probation | 试用期
-- @value on_leave: 休假 | On leave | 休假
-- @value resigned: 已離職 | Resigned | 已离职
-- @value dismissed: 已解聘 | Dismissed | 已解聘
-- @value male: 男 | Male | 男
-- @value female: 女 | Female | 女

-- ---------------------------------------------------------------------------------------------
-- System, continued: users (after staff, which a user may be linked to)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE app_user ( -- 系統用戶 | User | 系统用户  #group=system #title={display_name} ({username})
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    username VARCHAR(50) NOT NULL, -- 登入名稱 | Username | 登录名
    display_name VARCHAR(100) NOT NULL, -- 顯示名稱 | Display name | 显示名称
    password_hash VARCHAR(255) NOT NULL, -- 密碼雜湊 | Password hash | 密码哈希  #secret
    role_id INTEGER NOT NULL REFERENCES app_role(id) ON DELETE RESTRICT, -- 角色 | Role | 角色
    staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 員工 | Staff member | 员工
    locale VARCHAR(10) NOT NULL DEFAULT 'zh_Hant' CHECK (locale IN ('zh_Hant', 'en', 'zh_Hans')), -- 介面語言 | Language | 界面语言
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    session_epoch INTEGER NOT NULL DEFAULT 1, -- 登入世代 | Session epoch | 登录世代  #hidden
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0), -- 連續登入失敗次數 | Failed logins | 连续登录失败次数  #readonly
    locked_until TIMESTAMP, -- 鎖定至 | Locked until | 锁定至  #readonly
    last_login_at TIMESTAMP, -- 最近登入 | Last login | 最近登录  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_app_user_username UNIQUE (username)
);
CREATE INDEX ix_app_user_role ON app_user (role_id);
CREATE INDEX ix_app_user_staff ON app_user (staff_id);

-- @value zh_Hant: 繁體中文 | Traditional Chinese | 繁体中文
-- @value en: English | English | English
-- @value zh_Hans: 简体中文 | Simplified Chinese | 简体中文

CREATE TABLE staff_change ( -- 員工異動 | Staff change | 员工异动  #group=org #title={doc_no} {staff}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 異動單編號 | Form no. | 异动单编号  #readonly
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT, -- 員工 | Staff member | 员工
    change_type VARCHAR(30) NOT NULL CHECK (change_type IN ('transfer', 'promotion', 'demotion', 'regularisation', 'resignation', 'dismissal')), -- 異動類型 | Change type | 异动类型
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'dept_approved', 'receiving_dept_agreed', 'hr_reviewed', 'approved', 'rejected', 'effective', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    effective_date DATE, -- 生效日期 | Effective date | 生效日期
    from_org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 原部門 | From unit | 原部门
    from_job_position_id INTEGER REFERENCES job_position(id) ON DELETE RESTRICT, -- 原崗位 | From position | 原岗位
    to_org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 新部門 | To unit | 新部门
    to_job_position_id INTEGER REFERENCES job_position(id) ON DELETE RESTRICT, -- 新崗位 | To position | 新岗位
    from_grade VARCHAR(30), -- 原職級 | From grade | 原职级
    to_grade VARCHAR(30), -- 新職級 | To grade | 新职级
    salary_change NUMERIC(12,2), -- 薪酬調整(月) | Salary change (monthly) | 薪酬调整(月)
    reason TEXT NOT NULL, -- 異動原因 | Reason | 异动原因
    handover_done BOOLEAN NOT NULL DEFAULT FALSE, -- 已完成工作交接 | Handover done | 已完成工作交接
    exit_interview_done BOOLEAN NOT NULL DEFAULT FALSE, -- 已離職面談 | Exit interview done | 已离职面谈
    submitted_at TIMESTAMP, -- 提交時間 | Submitted at | 提交时间  #readonly
    decided_at TIMESTAMP, -- 審批完成時間 | Decided at | 审批完成时间  #readonly
    hr_recorded_at TIMESTAMP, -- 人事檔案更新時間 | HR records updated at | 人事档案更新时间
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_staff_change_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_staff_change_staff_id ON staff_change (staff_id);
CREATE INDEX ix_staff_change_from_org_unit_id ON staff_change (from_org_unit_id);
CREATE INDEX ix_staff_change_from_job_position_id ON staff_change (from_job_position_id);
CREATE INDEX ix_staff_change_to_org_unit_id ON staff_change (to_org_unit_id);
CREATE INDEX ix_staff_change_to_job_position_id ON staff_change (to_job_position_id);
CREATE INDEX ix_staff_change_created_by_id ON staff_change (created_by_id);
CREATE INDEX ix_staff_change_status ON staff_change (status);
CREATE INDEX ix_staff_change_effective_date ON staff_change (effective_date);
CREATE INDEX ix_staff_change_created_at ON staff_change (created_at);

-- @value transfer: 調動 | Transfer | 调动
-- @value promotion: 晉升 | Promotion | 晋升
-- @value demotion: 降職 | Demotion | 降职
-- @value regularisation: 轉正 | Confirmation of appointment | 转正
-- @value resignation: 辭職 | Resignation | 辞职
-- @value dismissal: 解聘 | Dismissal | 解聘
-- @value dept_approved: 部門已審批 | Approved by department | 部门已审批
-- @value receiving_dept_agreed: 接收部門已同意 | Agreed by receiving department | 接收部门已同意
-- @value hr_reviewed: 人事已審核 | Reviewed by HR | 人事已审核
-- @value effective: 已生效 | Effective | 已生效

CREATE TABLE reward_penalty ( -- 獎懲 | Reward or penalty | 奖惩  #group=org #title={doc_no} {staff}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 獎懲單編號 | Form no. | 奖惩单编号  #readonly
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT, -- 員工 | Staff member | 员工
    kind VARCHAR(30) NOT NULL CHECK (kind IN ('commendation', 'reward', 'warning', 'demerit', 'fine')), -- 獎懲類別 | Kind | 奖惩类别
    status VARCHAR(30) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'executed', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    incident_date DATE, -- 事件日期 | Incident date | 事件日期
    amount NUMERIC(12,2) CHECK (amount >= 0), -- 金額 | Amount | 金额
    points INTEGER, -- 積分 | Points | 积分
    description TEXT NOT NULL, -- 事實經過 | Facts | 事实经过
    basis TEXT, -- 依據條款 | Rule basis | 依据条款
    proposed_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 提議人 | Proposed by | 提议人
    acknowledged_at TIMESTAMP, -- 員工簽收時間 | Acknowledged by staff at | 员工签收时间
    submitted_at TIMESTAMP, -- 提交時間 | Submitted at | 提交时间  #readonly
    decided_at TIMESTAMP, -- 審批完成時間 | Decided at | 审批完成时间  #readonly
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_reward_penalty_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_reward_penalty_staff_id ON reward_penalty (staff_id);
CREATE INDEX ix_reward_penalty_proposed_by_id ON reward_penalty (proposed_by_id);
CREATE INDEX ix_reward_penalty_created_by_id ON reward_penalty (created_by_id);
CREATE INDEX ix_reward_penalty_status ON reward_penalty (status);
CREATE INDEX ix_reward_penalty_created_at ON reward_penalty (created_at);

-- @value commendation: 表揚 | Commendation | 表扬
-- @value reward: 獎勵 | Reward | 奖励
-- @value warning: 警告 | Warning | 警告
-- @value demerit: 記過 | Demerit | 记过
-- @value fine: 罰款 | Fine | 罚款
-- @value proposed: 已提議 | Proposed | 已提议
-- @value executed: 已執行 | Executed | 已执行

CREATE TABLE recruitment_standard ( -- 招聘標準 | Recruitment standard | 招聘标准  #group=org #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    job_position_id INTEGER NOT NULL REFERENCES job_position(id) ON DELETE RESTRICT, -- 崗位 | Job position | 岗位
    title VARCHAR(200) NOT NULL, -- 標題 | Title | 标题
    revision_no VARCHAR(20), -- 版次 | Revision | 版次
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'effective', 'superseded')), -- 狀態 | Status | 状态
    effective_date DATE, -- 生效日期 | Effective date | 生效日期
    education VARCHAR(100), -- 學歷要求 | Education | 学历要求
    experience_years INTEGER CHECK (experience_years >= 0), -- 工作經驗(年) | Experience (years) | 工作经验(年)
    languages VARCHAR(100), -- 語言要求 | Languages | 语言要求
    certificates VARCHAR(200), -- 證書要求 | Certificates | 证书要求
    requirements TEXT, -- 其他要求 | Other requirements | 其他要求
    selection_method TEXT, -- 選拔方式 | Selection method | 选拔方式
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_recruitment_standard_job_position_id ON recruitment_standard (job_position_id);
CREATE INDEX ix_recruitment_standard_status ON recruitment_standard (status);

-- @value superseded: 已被取代 | Superseded | 已被取代

CREATE TABLE training_plan ( -- 培訓計劃 | Training plan | 培训计划  #group=org #title={plan_year} {title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    plan_year INTEGER NOT NULL CHECK (plan_year BETWEEN 2000 AND 2100), -- 年度 | Year | 年度
    title VARCHAR(200) NOT NULL, -- 計劃名稱 | Title | 计划名称
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'in_progress', 'completed')), -- 狀態 | Status | 状态
    organiser_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Organiser | 负责人
    target_positions VARCHAR(200), -- 培訓對象 | Target positions | 培训对象
    planned_sessions INTEGER CHECK (planned_sessions >= 0), -- 計劃場次 | Planned sessions | 计划场次
    planned_hours NUMERIC(6,1) CHECK (planned_hours >= 0), -- 計劃學時 | Planned hours | 计划学时
    budget_amount NUMERIC(12,2) CHECK (budget_amount >= 0), -- 預算金額 | Budget | 预算金额
    objectives TEXT, -- 培訓目標 | Objectives | 培训目标
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_training_plan_org_unit_id ON training_plan (org_unit_id);
CREATE INDEX ix_training_plan_organiser_id ON training_plan (organiser_id);
CREATE INDEX ix_training_plan_status ON training_plan (status);

CREATE TABLE training_session ( -- 培訓課程 | Training session | 培训课程  #group=org #title={session_date} {topic}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    training_plan_id INTEGER REFERENCES training_plan(id) ON DELETE RESTRICT, -- 培訓計劃 | Training plan | 培训计划
    session_date DATE NOT NULL, -- 日期 | Date | 日期
    topic VARCHAR(200) NOT NULL, -- 主題 | Topic | 主题
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')), -- 狀態 | Status | 状态
    method VARCHAR(30) NOT NULL DEFAULT 'classroom' CHECK (method IN ('classroom', 'on_the_job', 'online', 'external')), -- 形式 | Method | 形式
    hours NUMERIC(5,1) CHECK (hours >= 0), -- 學時 | Hours | 学时
    trainer_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 內部講師 | Trainer (staff) | 内部讲师
    trainer_name VARCHAR(100), -- 外部講師 | Trainer (external) | 外部讲师
    location VARCHAR(200), -- 地點 | Location | 地点
    content TEXT, -- 課程內容 | Content | 课程内容
    evaluation TEXT, -- 培訓效果評估 | Evaluation | 培训效果评估
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_training_session_training_plan_id ON training_session (training_plan_id);
CREATE INDEX ix_training_session_trainer_id ON training_session (trainer_id);
CREATE INDEX ix_training_session_status ON training_session (status);
CREATE INDEX ix_training_session_session_date ON training_session (session_date);

-- @value classroom: 課堂培訓 | Classroom | 课堂培训
-- @value on_the_job: 在崗帶教 | On the job | 在岗带教
-- @value online: 網上學習 | Online | 网上学习
-- @value external: 外派培訓 | External course | 外派培训

CREATE TABLE training_attendance ( -- 培訓出席記錄 | Training attendance | 培训出席记录  #group=org #title={staff}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    training_session_id INTEGER NOT NULL REFERENCES training_session(id) ON DELETE CASCADE, -- 培訓課程 | Training session | 培训课程
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT, -- 員工 | Staff member | 员工
    attended BOOLEAN NOT NULL DEFAULT TRUE, -- 出席 | Attended | 出席
    score NUMERIC(5,2) CHECK (score BETWEEN 0 AND 100), -- 考核成績 | Score | 考核成绩
    passed BOOLEAN NOT NULL DEFAULT FALSE, -- 考核合格 | Passed | 考核合格
    remarks VARCHAR(200), -- 備註 | Remarks | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_training_attendance_session_staff UNIQUE (training_session_id, staff_id)
);
CREATE INDEX ix_training_attendance_training_session_id ON training_attendance (training_session_id);
CREATE INDEX ix_training_attendance_staff_id ON training_attendance (staff_id);

CREATE TABLE appraisal ( -- 績效考核 | Performance appraisal | 绩效考核  #group=org #title={staff} {period}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT, -- 員工 | Staff member | 员工
    period VARCHAR(20) NOT NULL, -- 考核期(如2025-Q1) | Period (e.g. 2025-Q1) | 考核期(如2025-Q1)
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'self_assessed', 'rated', 'confirmed', 'appealed')), -- 狀態 | Status | 状态
    score NUMERIC(5,2) CHECK (score BETWEEN 0 AND 100), -- 考核得分 | Score | 考核得分
    grade VARCHAR(10) CHECK (grade IN ('a', 'b', 'c', 'd')), -- 等級 | Grade | 等级
    appraiser_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 考核人 | Appraiser | 考核人
    period_start DATE, -- 考核期開始 | Period start | 考核期开始
    period_end DATE, -- 考核期結束 | Period end | 考核期结束
    self_score NUMERIC(5,2) CHECK (self_score BETWEEN 0 AND 100), -- 自評得分 | Self-assessment score | 自评得分
    strengths TEXT, -- 優點 | Strengths | 优点
    improvements TEXT, -- 待改進 | Areas to improve | 待改进
    comments TEXT, -- 考核評語 | Comments | 考核评语
    acknowledged_at TIMESTAMP, -- 員工確認時間 | Acknowledged by staff at | 员工确认时间
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_appraisal_staff_period UNIQUE (staff_id, period),
    CONSTRAINT ck_appraisal_period CHECK (period_end >= period_start)
);
CREATE INDEX ix_appraisal_staff_id ON appraisal (staff_id);
CREATE INDEX ix_appraisal_appraiser_id ON appraisal (appraiser_id);
CREATE INDEX ix_appraisal_status ON appraisal (status);

-- @value self_assessed: 已自評 | Self-assessed | 已自评
-- @value rated: 已評分 | Rated | 已评分
-- @value confirmed: 已確認 | Confirmed | 已确认
-- @value appealed: 申訴中 | Appealed | 申诉中
-- @value a: A 優秀 | A (excellent) | A 优秀
-- @value b: B 良好 | B (good) | B 良好
-- @value c: C 合格 | C (satisfactory) | C 合格
-- @value d: D 待改進 | D (needs improvement) | D 待改进

CREATE TABLE staff_report ( -- 人事統計報表 | Staff report | 人事统计报表  #group=org #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    report_type VARCHAR(30) NOT NULL CHECK (report_type IN ('headcount', 'turnover', 'attendance', 'training', 'other')), -- 報表類型 | Report type | 报表类型
    period VARCHAR(20) NOT NULL, -- 報表期間(如2025-03) | Period (e.g. 2025-03) | 报表期间(如2025-03)
    title VARCHAR(200) NOT NULL, -- 標題 | Title | 标题
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'reviewed')), -- 狀態 | Status | 状态
    headcount INTEGER CHECK (headcount >= 0), -- 期末人數 | Headcount | 期末人数
    joiners_count INTEGER CHECK (joiners_count >= 0), -- 入職人數 | Joiners | 入职人数
    leavers_count INTEGER CHECK (leavers_count >= 0), -- 離職人數 | Leavers | 离职人数
    submitted_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 填報人 | Submitted by | 填报人
    submitted_at TIMESTAMP, -- 上報時間 | Submitted at | 上报时间
    reviewed_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 審核人 | Reviewed by | 审核人
    reviewed_at TIMESTAMP, -- 審核時間 | Reviewed at | 审核时间
    summary TEXT, -- 內容摘要 | Summary | 内容摘要
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_staff_report_unit_type_period UNIQUE (org_unit_id, report_type, period)
);
CREATE INDEX ix_staff_report_org_unit_id ON staff_report (org_unit_id);
CREATE INDEX ix_staff_report_submitted_by_id ON staff_report (submitted_by_id);
CREATE INDEX ix_staff_report_reviewed_by_id ON staff_report (reviewed_by_id);
CREATE INDEX ix_staff_report_status ON staff_report (status);

-- @value headcount: 人員編制 | Headcount | 人员编制
-- @value turnover: 人員流動 | Turnover | 人员流动
-- @value attendance: 考勤 | Attendance | 考勤
-- @value training: 培訓 | Training | 培训

-- ---------------------------------------------------------------------------------------------
-- Property: estates, buildings, units, monthly occupancy (seed 五.1, CR-i)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE estate ( -- 物業項目 | Estate | 物业项目  #group=property #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30) NOT NULL, -- 項目代碼 | Code | 项目代码
    name VARCHAR(100) NOT NULL, -- 項目名稱 | Name | 项目名称
    name_en VARCHAR(100), -- 英文名稱 | English name | 英文名称
    address VARCHAR(200), -- 地址 | Address | 地址
    district VARCHAR(50), -- 地區 | District | 地区
    org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 管理處 | Service centre | 管理处
    service_phone VARCHAR(30), -- 管理處電話 | Service centre phone | 管理处电话
    total_area NUMERIC(10,2) CHECK (total_area >= 0), -- 總建築面積(平方米) | Total floor area (m²) | 总建筑面积(平方米)
    total_units INTEGER CHECK (total_units >= 0), -- 總戶數 | Total units | 总户数
    handover_date DATE, -- 交付日期 | Handover date | 交付日期
    management_start_date DATE, -- 接管日期 | Management start | 接管日期
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_estate_code UNIQUE (code)
);
CREATE INDEX ix_estate_org_unit_id ON estate (org_unit_id);

-- Which estates a user may work on (pure link table: shown as a multi-select on the user form).
CREATE TABLE user_estate ( -- 用戶管轄項目 | User estates | 用户管辖项目  #group=system
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE, -- 用戶 | User | 用户
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE CASCADE, -- 物業項目 | Estate | 物业项目
    PRIMARY KEY (user_id, estate_id)
);
CREATE INDEX ix_user_estate_user_id ON user_estate (user_id);
CREATE INDEX ix_user_estate_estate_id ON user_estate (estate_id);

CREATE TABLE building ( -- 樓宇 | Building | 楼宇  #group=property #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    code VARCHAR(30) NOT NULL, -- 座號代碼 | Code | 楼栋代码
    name VARCHAR(100) NOT NULL, -- 名稱 | Name | 名称
    floors_above INTEGER CHECK (floors_above >= 0), -- 地上層數 | Floors above ground | 地上层数
    floors_below INTEGER CHECK (floors_below >= 0), -- 地下層數 | Basement floors | 地下层数
    has_lift BOOLEAN NOT NULL DEFAULT FALSE, -- 有電梯 | Has lift | 有电梯
    lift_count INTEGER CHECK (lift_count >= 0), -- 電梯數量 | Lifts | 电梯数量
    completion_date DATE, -- 落成日期 | Completion date | 竣工日期
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_building_estate_code UNIQUE (estate_id, code)
);
CREATE INDEX ix_building_estate_id ON building (estate_id);

CREATE TABLE unit ( -- 單位 | Unit | 单位  #group=property #title={building} {floor}樓 {unit_no}室 #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30) NOT NULL, -- 單位代碼(如A-12-03) | Unit code (e.g. A-12-03) | 单位代码(如A-12-03)
    building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE RESTRICT, -- 樓宇 | Building | 楼宇
    floor VARCHAR(10) NOT NULL, -- 樓層 | Floor | 楼层
    unit_no VARCHAR(20) NOT NULL, -- 室號 | Unit no. | 房号
    usage VARCHAR(30) NOT NULL DEFAULT 'residential' CHECK (usage IN ('residential', 'shop', 'office', 'carpark', 'storage')), -- 用途 | Usage | 用途
    occupancy_status VARCHAR(30) NOT NULL DEFAULT 'delivered_vacant' CHECK (occupancy_status IN ('unsold', 'delivered_vacant', 'owner_occupied', 'rented', 'renovating', 'vacant')), -- 入住狀態 | Occupancy | 入住状态
    gross_area NUMERIC(10,2) CHECK (gross_area >= 0), -- 建築面積(平方米) | Gross floor area (m²) | 建筑面积(平方米)
    saleable_area NUMERIC(10,2) CHECK (saleable_area >= 0), -- 實用面積(平方米) | Saleable area (m²) | 套内面积(平方米)
    share_units INTEGER CHECK (share_units >= 0), -- 業權份數 | Undivided shares | 业权份数
    fee_coefficient NUMERIC(6,3) CHECK (fee_coefficient >= 0), -- 收費系數 | Fee coefficient | 收费系数
    layout VARCHAR(30), -- 戶型 | Layout | 户型
    handover_date DATE, -- 收樓日期 | Handover date | 交房日期
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_unit_building_floor_unit_no UNIQUE (building_id, floor, unit_no),
    CONSTRAINT uq_unit_building_code UNIQUE (building_id, code)
);
CREATE INDEX ix_unit_building_id ON unit (building_id);
CREATE INDEX ix_unit_code ON unit (code);
CREATE INDEX ix_unit_occupancy_status ON unit (occupancy_status);

-- @value residential: 住宅 | Residential | 住宅
-- @value shop: 商鋪 | Shop | 商铺
-- @value office: 寫字樓 | Office | 写字楼
-- @value carpark: 車位 | Parking space | 车位
-- @value storage: 儲物室 | Storage room | 储物间
-- @value unsold: 未售 | Unsold | 未售
-- @value delivered_vacant: 已收樓未入住 | Handed over, not occupied | 已交付未入住
-- @value owner_occupied: 自住 | Owner-occupied | 自住
-- @value rented: 出租 | Let | 出租
-- @value renovating: 裝修中 | Under renovation | 装修中
-- @value vacant: 空置 | Vacant | 空置

CREATE TABLE occupancy_snapshot ( -- 月度入住統計 | Monthly occupancy | 月度入住统计  #group=property #title={estate} {period}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    period VARCHAR(7) NOT NULL, -- 統計月份(YYYY-MM) | Month (YYYY-MM) | 统计月份(YYYY-MM)
    units_total INTEGER NOT NULL DEFAULT 0 CHECK (units_total >= 0), -- 總戶數 | Units | 总户数
    units_delivered INTEGER NOT NULL DEFAULT 0 CHECK (units_delivered >= 0), -- 已交付戶數 | Handed over | 已交付户数
    units_occupied INTEGER NOT NULL DEFAULT 0 CHECK (units_occupied >= 0), -- 已入住戶數 | Occupied | 已入住户数
    units_vacant INTEGER NOT NULL DEFAULT 0 CHECK (units_vacant >= 0), -- 空置戶數 | Vacant | 空置户数
    units_renovating INTEGER NOT NULL DEFAULT 0 CHECK (units_renovating >= 0), -- 裝修中戶數 | Renovating | 装修中户数
    units_rented INTEGER NOT NULL DEFAULT 0 CHECK (units_rented >= 0), -- 出租戶數 | Let | 出租户数
    occupancy_rate NUMERIC(5,2) CHECK (occupancy_rate BETWEEN 0 AND 100), -- 入住率(%) | Occupancy rate (%) | 入住率(%)
    vacancy_rate NUMERIC(5,2) CHECK (vacancy_rate BETWEEN 0 AND 100), -- 空置率(%) | Vacancy rate (%) | 空置率(%)
    paid_service_count INTEGER NOT NULL DEFAULT 0 CHECK (paid_service_count >= 0), -- 有償服務單數 | Paid-service orders | 有偿服务单数
    paid_service_income NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (paid_service_income >= 0), -- 有償服務收入 | Paid-service income | 有偿服务收入
    is_locked BOOLEAN NOT NULL DEFAULT FALSE, -- 已鎖定 | Locked | 已锁定
    generated_at TIMESTAMP, -- 生成時間 | Generated at | 生成时间  #readonly
    notes TEXT, -- 分析說明 | Notes | 分析说明
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_occupancy_snapshot_estate_period UNIQUE (estate_id, period),
    CONSTRAINT ck_occupancy_snapshot_delivered CHECK (units_delivered <= units_total),
    CONSTRAINT ck_occupancy_snapshot_occupied CHECK (units_occupied <= units_delivered)
);
CREATE INDEX ix_occupancy_snapshot_estate_id ON occupancy_snapshot (estate_id);
CREATE INDEX ix_occupancy_snapshot_period ON occupancy_snapshot (period);

-- ---------------------------------------------------------------------------------------------
-- Owners and residents (seed 五.1-2, 四.1.4): parties, their units, VIP files, visits, data changes
-- ---------------------------------------------------------------------------------------------

CREATE TABLE party ( -- 業戶 | Owner / resident | 业户  #group=parties #title={name} ({phone}) #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    party_type VARCHAR(30) NOT NULL DEFAULT 'person' CHECK (party_type IN ('person', 'company')), -- 類型 | Type | 类型
    name VARCHAR(100) NOT NULL, -- 姓名/公司名稱 | Name | 姓名/公司名称
    phone VARCHAR(30), -- 聯絡電話 | Phone | 联系电话  #pii=phone
    phone2 VARCHAR(30), -- 其他電話 | Other phone | 其他电话  #pii=phone
    email VARCHAR(100), -- 電郵 | Email | 电子邮箱
    address VARCHAR(200), -- 通訊地址 | Mailing address | 通讯地址
    name_en VARCHAR(100), -- 英文姓名 | English name | 英文姓名
    salutation VARCHAR(10) CHECK (salutation IN ('mr', 'mrs', 'ms', 'dr')), -- 稱謂 | Salutation | 称谓
    contact_person VARCHAR(100), -- 聯絡人(公司) | Contact person (company) | 联系人(公司)
    id_doc_type VARCHAR(30) CHECK (id_doc_type IN ('hkid', 'mainland_id', 'passport', 'home_return_permit', 'business_reg', 'other')), -- 證件類型 | ID document type | 证件类型
    id_doc_no VARCHAR(30), -- 證件號碼 | ID document no. | 证件号码  #pii=id_no
    preferred_language VARCHAR(20) CHECK (preferred_language IN ('cantonese', 'mandarin', 'english', 'other')), -- 慣用語言 | Preferred language | 惯用语言
    birthday DATE, -- 生日 | Birthday | 生日
    emergency_contact VARCHAR(100), -- 緊急聯絡人 | Emergency contact | 紧急联系人
    emergency_phone VARCHAR(30), -- 緊急聯絡電話 | Emergency phone | 紧急联系电话  #pii=phone
    marketing_consent BOOLEAN NOT NULL DEFAULT FALSE, -- 同意接收推廣資訊 | Consents to direct marketing | 同意接收推广信息
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_party_name ON party (name);
CREATE INDEX ix_party_phone ON party (phone);
CREATE INDEX ix_party_phone2 ON party (phone2);

-- Front-desk lookup indexes: any part of a name, phone or unit code, kept current by the
-- database itself. SQLite: FTS5 tables of overlapping character pairs (陳大文 -> 陳大 大文 文;
-- phones without spaces or dashes), so two Chinese characters or four digits are one indexed
-- phrase; the unicode61 tokenizer folds case. PostgreSQL: pg_trgm on phone digits, and a GIN
-- index over the single characters and pairs of names and unit codes (trigrams cannot serve a
-- two-character name). app/frontdesk/search.py asks them and re-checks with LIKE.
-- @dialect sqlite
CREATE VIRTUAL TABLE party_search USING fts5(name, phones, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER party_search_insert AFTER INSERT ON party BEGIN
    INSERT INTO party_search (rowid, name, phones) VALUES (new.id, coalesce((SELECT group_concat(substr(new.name, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.name))), '00', '0,'), ',') || ']') AS j), '') || ' , ' || coalesce((SELECT group_concat(substr(new.name_en, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.name_en))), '00', '0,'), ',') || ']') AS j), ''), coalesce((SELECT group_concat(substr(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '/', ''), j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '/', '')))), '00', '0,'), ',') || ']') AS j), '') || ' , ' || coalesce((SELECT group_concat(substr(replace(replace(replace(replace(new.phone2, ' ', ''), '-', ''), '+', ''), '/', ''), j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(replace(replace(replace(replace(new.phone2, ' ', ''), '-', ''), '+', ''), '/', '')))), '00', '0,'), ',') || ']') AS j), ''));
END;
CREATE TRIGGER party_search_update AFTER UPDATE OF name, name_en, phone, phone2 ON party BEGIN
    DELETE FROM party_search WHERE rowid = old.id;
    INSERT INTO party_search (rowid, name, phones) VALUES (new.id, coalesce((SELECT group_concat(substr(new.name, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.name))), '00', '0,'), ',') || ']') AS j), '') || ' , ' || coalesce((SELECT group_concat(substr(new.name_en, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.name_en))), '00', '0,'), ',') || ']') AS j), ''), coalesce((SELECT group_concat(substr(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '/', ''), j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '/', '')))), '00', '0,'), ',') || ']') AS j), '') || ' , ' || coalesce((SELECT group_concat(substr(replace(replace(replace(replace(new.phone2, ' ', ''), '-', ''), '+', ''), '/', ''), j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(replace(replace(replace(replace(new.phone2, ' ', ''), '-', ''), '+', ''), '/', '')))), '00', '0,'), ',') || ']') AS j), ''));
END;
CREATE TRIGGER party_search_delete AFTER DELETE ON party BEGIN
    DELETE FROM party_search WHERE rowid = old.id;
END;
CREATE VIRTUAL TABLE unit_search USING fts5(code, unit_no, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER unit_search_insert AFTER INSERT ON unit BEGIN
    INSERT INTO unit_search (rowid, code, unit_no) VALUES (new.id, (SELECT group_concat(substr(new.code, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.code))), '00', '0,'), ',') || ']') AS j), (SELECT group_concat(substr(new.unit_no, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.unit_no))), '00', '0,'), ',') || ']') AS j));
END;
CREATE TRIGGER unit_search_update AFTER UPDATE OF code, unit_no ON unit BEGIN
    DELETE FROM unit_search WHERE rowid = old.id;
    INSERT INTO unit_search (rowid, code, unit_no) VALUES (new.id, (SELECT group_concat(substr(new.code, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.code))), '00', '0,'), ',') || ']') AS j), (SELECT group_concat(substr(new.unit_no, j.key + 1, 2), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.unit_no))), '00', '0,'), ',') || ']') AS j));
END;
CREATE TRIGGER unit_search_delete AFTER DELETE ON unit BEGIN
    DELETE FROM unit_search WHERE rowid = old.id;
END;
-- @dialect postgresql
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION pd_phone_digits(phone TEXT, phone2 TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(coalesce(phone, ''), '[ +/-]', '', 'g') || ' / ' || regexp_replace(coalesce(phone2, ''), '[ +/-]', '', 'g')
$$;
CREATE FUNCTION pd_grams(a TEXT, b TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(t, i, n) AS g
        FROM (SELECT lower(coalesce(a, '') || ' / ' || coalesce(b, '')) AS t) s,
             generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS k (n)) grams
$$;
CREATE INDEX ix_party_name_grams ON party USING gin (pd_grams(name, name_en));
CREATE INDEX ix_party_phone_trgm ON party USING gin (pd_phone_digits(phone, phone2) gin_trgm_ops);
CREATE INDEX ix_unit_grams ON unit USING gin (pd_grams(code, unit_no));
-- @dialect all

-- @value person: 個人 | Person | 个人
-- @value party.party_type.company: 公司/機構 | Company | 公司/机构
-- @value mr: 先生 | Mr | 先生
-- @value mrs: 太太 | Mrs | 太太
-- @value ms: 女士 | Ms | 女士
-- @value dr: 博士/醫生 | Dr | 博士/医生
-- @value hkid: 香港身份證 | HKID card | 香港身份证
-- @value mainland_id: 內地居民身份證 | Mainland ID card | 内地居民身份证
-- @value passport: 護照 | Passport | 护照
-- @value home_return_permit: 回鄉證 | Home Return Permit | 回乡证
-- @value business_reg: 商業登記證 | Business registration | 商业登记证
-- @value cantonese: 粵語 | Cantonese | 粤语
-- @value mandarin: 普通話 | Mandarin | 普通话
-- @value english: 英語 | English | 英语

CREATE TABLE unit_party ( -- 單位業戶關係 | Unit occupant | 单位业户关系  #group=parties #title={unit} {party}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner / resident | 业户
    role VARCHAR(30) NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'co_owner', 'tenant', 'family', 'agent', 'company_staff')), -- 身份 | Role | 身份
    status VARCHAR(30) NOT NULL DEFAULT 'active' CHECK (status IN ('pending_verify', 'active', 'ended')), -- 狀態 | Status | 状态
    is_primary_contact BOOLEAN NOT NULL DEFAULT FALSE, -- 主要聯絡人 | Primary contact | 主要联系人
    is_payer BOOLEAN NOT NULL DEFAULT FALSE, -- 繳費人 | Pays the charges | 缴费人
    share_pct NUMERIC(5,2) CHECK (share_pct BETWEEN 0 AND 100), -- 業權比例(%) | Ownership share (%) | 产权比例(%)
    start_date DATE, -- 開始日期 | Start date | 开始日期
    end_date DATE, -- 結束日期 | End date | 结束日期
    moved_in_date DATE, -- 遷入日期 | Moved in | 迁入日期
    moved_out_date DATE, -- 遷出日期 | Moved out | 迁出日期
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_unit_party_dates CHECK (end_date >= start_date),
    CONSTRAINT ck_unit_party_moved CHECK (moved_out_date >= moved_in_date)
);
CREATE INDEX ix_unit_party_unit_id ON unit_party (unit_id);
CREATE INDEX ix_unit_party_party_id ON unit_party (party_id);
CREATE INDEX ix_unit_party_status ON unit_party (status);

-- @value owner: 業主 | Owner | 业主
-- @value co_owner: 共有業主 | Co-owner | 共有业主
-- @value tenant: 租戶 | Tenant | 租户
-- @value family: 家庭成員 | Household member | 家庭成员
-- @value agent: 受託人 | Authorised agent | 受托人
-- @value company_staff: 公司員工 | Company staff | 公司员工
-- @value pending_verify: 待核實 | Pending verification | 待核实
-- @value ended: 已遷出/已結束 | Ended | 已迁出/已结束

CREATE TABLE vip_profile ( -- VIP業戶檔案 | VIP profile | VIP业户档案  #group=parties #title={party}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE CASCADE, -- 業戶 | Owner / resident | 业户
    category VARCHAR(30) NOT NULL CHECK (category IN ('government', 'media', 'opinion_leader', 'committee', 'developer', 'large_owner', 'elderly_special', 'other')), -- VIP類別 | Category | VIP类别
    vip_level INTEGER NOT NULL DEFAULT 3 CHECK (vip_level BETWEEN 1 AND 3), -- 級別(1最高) | Level (1 = highest) | 级别(1最高)
    account_manager_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 專責客服 | Account manager | 专责客服
    visit_interval_days INTEGER CHECK (visit_interval_days > 0), -- 拜訪週期(天) | Visit every (days) | 拜访周期(天)
    last_visit_date DATE, -- 最近拜訪日期 | Last visited | 最近拜访日期
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 有效 | Active | 有效
    occupation_org VARCHAR(200), -- 職業/任職機構 | Occupation / organisation | 职业/任职机构
    important_dates VARCHAR(200), -- 重要日子 | Important dates | 重要日子
    interests TEXT, -- 興趣愛好 | Interests | 兴趣爱好
    preferences TEXT, -- 服務偏好 | Service preferences | 服务偏好
    taboos TEXT, -- 禁忌 | Things to avoid | 禁忌
    health_notes TEXT, -- 健康/特別關顧 | Health / special care | 健康/特别关照
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_vip_profile_party UNIQUE (party_id)
);
CREATE INDEX ix_vip_profile_party_id ON vip_profile (party_id);
CREATE INDEX ix_vip_profile_account_manager_id ON vip_profile (account_manager_id);

-- @value government: 政府官員 | Government official | 政府官员
-- @value media: 傳媒 | Media | 媒体
-- @value opinion_leader: 意見領袖 | Opinion leader | 意见领袖
-- @value committee: 業委會/法團成員 | Owners' committee member | 业委会成员
-- @value vip_profile.category.developer: 發展商關聯 | Developer-related | 开发商关联
-- @value large_owner: 大業主 | Major owner | 大业主
-- @value elderly_special: 長者/特別關顧 | Elderly / special care | 长者/特别关照

CREATE TABLE customer_visit ( -- 客戶拜訪 | Customer visit | 客户拜访  #group=parties #title={party} {planned_date}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner / resident | 业户
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    planned_date DATE, -- 計劃日期 | Planned date | 计划日期
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'missed', 'cancelled')), -- 狀態 | Status | 状态
    method VARCHAR(30) NOT NULL DEFAULT 'on_site' CHECK (method IN ('on_site', 'phone', 'wechat', 'email')), -- 方式 | Method | 方式
    staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 拜訪人 | Visited by | 拜访人
    visited_at TIMESTAMP, -- 拜訪時間 | Visited at | 拜访时间
    satisfaction VARCHAR(30) CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied')), -- 滿意度 | Satisfaction | 满意度
    purpose VARCHAR(200), -- 目的 | Purpose | 目的
    topics TEXT, -- 交流內容 | Topics | 交流内容
    feedback TEXT, -- 客戶意見 | Customer feedback | 客户意见
    actions TEXT, -- 跟進事項 | Follow-up actions | 跟进事项
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_customer_visit_party_id ON customer_visit (party_id);
CREATE INDEX ix_customer_visit_unit_id ON customer_visit (unit_id);
CREATE INDEX ix_customer_visit_staff_id ON customer_visit (staff_id);
CREATE INDEX ix_customer_visit_status ON customer_visit (status);
CREATE INDEX ix_customer_visit_planned_date ON customer_visit (planned_date);

-- @value missed: 未能拜訪 | Missed | 未能拜访
-- @value on_site: 上門/現場 | On site | 上门/现场
-- @value very_satisfied: 非常滿意 | Very satisfied | 非常满意
-- @value satisfied: 滿意 | Satisfied | 满意
-- @value neutral: 一般 | Neutral | 一般
-- @value dissatisfied: 不滿意 | Dissatisfied | 不满意
-- @value very_dissatisfied: 非常不滿意 | Very dissatisfied | 非常不满意

CREATE TABLE data_change_request ( -- 資料變更申請 | Data change request | 资料变更申请  #group=parties #title={doc_no} {applicant_name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 申請編號 | Form no. | 申请编号  #readonly
    received_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 受理時間 | Received at | 受理时间
    change_type VARCHAR(30) NOT NULL CHECK (change_type IN ('contact', 'ownership_transfer', 'add_member', 'remove_member', 'tenant_register', 'tenant_leave', 'company_info', 'other')), -- 變更類型 | Change type | 变更类型
    status VARCHAR(30) NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'verified', 'approved', 'rejected', 'applied', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner / resident | 业户
    applicant_name VARCHAR(100) NOT NULL, -- 申請人 | Applicant | 申请人
    applicant_phone VARCHAR(30), -- 申請人電話 | Applicant phone | 申请人电话  #pii=phone
    old_value TEXT, -- 原資料 | Current data | 原资料
    new_value TEXT NOT NULL, -- 新資料 | New data | 新资料
    evidence_note VARCHAR(200), -- 已核證明文件 | Evidence seen | 已核证明文件
    handled_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 經手人 | Handled by | 经手人
    verified_at TIMESTAMP, -- 核實時間 | Verified at | 核实时间  #readonly
    applied_at TIMESTAMP, -- 更新資料時間 | Applied at | 更新资料时间  #readonly
    reject_reason TEXT, -- 不批准原因 | Reason for rejection | 不批准原因
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_data_change_request_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_data_change_request_unit_id ON data_change_request (unit_id);
CREATE INDEX ix_data_change_request_party_id ON data_change_request (party_id);
CREATE INDEX ix_data_change_request_handled_by_id ON data_change_request (handled_by_id);
CREATE INDEX ix_data_change_request_created_by_id ON data_change_request (created_by_id);
CREATE INDEX ix_data_change_request_status ON data_change_request (status);
CREATE INDEX ix_data_change_request_received_at ON data_change_request (received_at);

-- @value contact: 聯絡資料 | Contact details | 联系方式
-- @value ownership_transfer: 業權轉讓(過戶) | Ownership transfer | 产权转让(过户)
-- @value add_member: 增加住戶成員 | Add household member | 增加住户成员
-- @value remove_member: 刪除住戶成員 | Remove household member | 删除住户成员
-- @value tenant_register: 租戶登記 | Tenant registration | 租户登记
-- @value tenant_leave: 租戶退租 | Tenant leaving | 租户退租
-- @value company_info: 公司資料 | Company details | 公司资料
-- @value verified: 已核實 | Verified | 已核实
-- @value data_change_request.status.applied: 已更新資料 | Applied to records | 已更新资料

CREATE TABLE vehicle ( -- 車輛 | Vehicle | 车辆  #group=parties #title={plate_no}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    plate_no VARCHAR(20) NOT NULL, -- 車牌號碼 | Plate no. | 车牌号码
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE CASCADE, -- 車主 | Owner | 车主
    unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL, -- 單位 | Unit | 单位
    vehicle_type VARCHAR(30) NOT NULL DEFAULT 'private_car' CHECK (vehicle_type IN ('private_car', 'motorcycle', 'van', 'goods_vehicle', 'other')), -- 車輛類型 | Vehicle type | 车辆类型
    make_model VARCHAR(100), -- 品牌型號 | Make and model | 品牌型号
    colour VARCHAR(30), -- 顏色 | Colour | 颜色
    parking_space VARCHAR(30), -- 車位 | Parking space | 车位
    permit_no VARCHAR(30), -- 泊車證號 | Parking permit no. | 停车证号
    valid_from DATE, -- 有效期由 | Valid from | 有效期自
    valid_until DATE, -- 有效期至 | Valid until | 有效期至
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 有效 | Active | 有效
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT ck_vehicle_valid CHECK (valid_until >= valid_from)
);
CREATE INDEX ix_vehicle_party_id ON vehicle (party_id);
CREATE INDEX ix_vehicle_unit_id ON vehicle (unit_id);
CREATE INDEX ix_vehicle_plate_no ON vehicle (plate_no);

-- @value private_car: 私家車 | Private car | 私家车
-- @value motorcycle: 電單車 | Motorcycle | 摩托车
-- @value van: 客貨車 | Van | 面包车
-- @value goods_vehicle: 貨車 | Goods vehicle | 货车

-- ---------------------------------------------------------------------------------------------
-- Front desk (seed 四.1): inquiries and calls, visitors, paid-service price list
-- ---------------------------------------------------------------------------------------------

CREATE TABLE contact_record ( -- 來訪來電登記 | Contact record | 来访来电登记  #group=frontdesk #title={subject} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    received_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 受理時間 | Received at | 受理时间
    channel VARCHAR(30) NOT NULL DEFAULT 'walk_in' CHECK (channel IN ('walk_in', 'phone', 'wechat', 'app', 'letter', 'email', 'patrol')), -- 渠道 | Channel | 渠道
    category VARCHAR(30) NOT NULL DEFAULT 'inquiry' CHECK (category IN ('inquiry', 'suggestion', 'praise', 'request', 'complaint', 'other')), -- 類別 | Category | 类别
    subject VARCHAR(200) NOT NULL, -- 事由 | Subject | 事由
    status VARCHAR(30) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'following', 'closed')), -- 狀態 | Status | 状态
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner / resident | 业户
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    caller_name VARCHAR(100), -- 來訪/來電人 | Caller | 来访/来电人
    caller_phone VARCHAR(30), -- 聯絡電話 | Caller phone | 联系电话  #pii=phone
    content TEXT, -- 內容 | Content | 内容
    reply TEXT, -- 答覆/處理 | Reply / action | 答复/处理
    received_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 受理人 | Received by | 受理人
    follow_up_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 跟進人 | Followed up by | 跟进人
    due_at TIMESTAMP, -- 跟進期限 | Follow up by | 跟进期限
    closed_at TIMESTAMP, -- 完結時間 | Closed at | 完结时间
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_contact_record_closed CHECK (closed_at >= received_at)
);
CREATE INDEX ix_contact_record_unit_id ON contact_record (unit_id);
CREATE INDEX ix_contact_record_party_id ON contact_record (party_id);
CREATE INDEX ix_contact_record_estate_id ON contact_record (estate_id, received_at);  -- an estate's calls, latest first (its clerks' list)
CREATE INDEX ix_contact_record_received_by_id ON contact_record (received_by_id);
CREATE INDEX ix_contact_record_follow_up_by_id ON contact_record (follow_up_by_id);
CREATE INDEX ix_contact_record_status ON contact_record (status, received_at, id);
CREATE INDEX ix_contact_record_received_at ON contact_record (received_at, id);
CREATE INDEX ix_contact_record_due_at ON contact_record (due_at);
CREATE INDEX ix_contact_record_created_at ON contact_record (created_at);

-- @value walk_in: 來訪 | Walk-in | 来访
-- @value phone: 電話 | Phone | 电话
-- @value contact_record.channel.phone: 來電 | Phone call | 来电
-- @value wechat: 微信 | WeChat | 微信
-- @value app: 手機應用 | App | 手机应用
-- @value letter: 書面來函 | Letter | 书面来函
-- @value email: 電郵 | Email | 电子邮件
-- @value patrol: 巡查發現 | Found on patrol | 巡查发现
-- @value inquiry: 諮詢 | Inquiry | 咨询
-- @value suggestion: 建議 | Suggestion | 建议
-- @value praise: 表揚 | Praise | 表扬
-- @value request: 服務需求 | Service request | 服务需求
-- @value complaint: 投訴 | Complaint | 投诉
-- @value following: 跟進中 | Following up | 跟进中

CREATE TABLE visitor_registration ( -- 訪客登記 | Visitor registration | 访客登记  #group=frontdesk #title={visitor_name} {unit} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    arrived_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 到訪時間 | Arrived at | 到访时间
    visitor_name VARCHAR(100) NOT NULL, -- 訪客姓名 | Visitor | 访客姓名
    headcount INTEGER NOT NULL DEFAULT 1 CHECK (headcount > 0), -- 人數 | Visitors | 人数
    purpose VARCHAR(30) NOT NULL DEFAULT 'visit' CHECK (purpose IN ('visit', 'delivery', 'maintenance', 'renovation', 'property_viewing', 'official', 'other')), -- 來訪事由 | Purpose | 来访事由
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 受訪單位 | Unit visited | 受访单位
    host_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 受訪住戶 | Resident visited | 受访住户
    left_at TIMESTAMP, -- 離開時間 | Left at | 离开时间
    visitor_phone VARCHAR(30), -- 訪客電話 | Visitor phone | 访客电话  #pii=phone
    vehicle_plate VARCHAR(20), -- 車牌號碼 | Vehicle plate | 车牌号码
    entry_point VARCHAR(50), -- 登記地點 | Entry point | 登记地点
    pass_card_no VARCHAR(30), -- 訪客證號 | Visitor card no. | 访客证号
    verified_with_resident BOOLEAN NOT NULL DEFAULT FALSE, -- 已與住戶核實 | Confirmed with resident | 已与住户核实
    registered_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 登記人 | Registered by | 登记人
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT ck_visitor_registration_left CHECK (left_at >= arrived_at)
);
CREATE INDEX ix_visitor_registration_estate_id ON visitor_registration (estate_id);
CREATE INDEX ix_visitor_registration_unit_id ON visitor_registration (unit_id);
CREATE INDEX ix_visitor_registration_host_party_id ON visitor_registration (host_party_id);
CREATE INDEX ix_visitor_registration_registered_by_id ON visitor_registration (registered_by_id);
CREATE INDEX ix_visitor_registration_arrived_at ON visitor_registration (arrived_at);
CREATE INDEX ix_visitor_registration_created_at ON visitor_registration (created_at);

-- @value visit: 探訪 | Visiting | 探访
-- @value delivery: 送貨/外賣 | Delivery | 送货/外卖
-- @value maintenance: 維修保養 | Maintenance | 维修保养
-- @value renovation: 裝修 | Renovation | 装修
-- @value property_viewing: 睇樓 | Property viewing | 看房
-- @value official: 公務 | Official business | 公务

CREATE TABLE service_item ( -- 有償服務價目 | Paid service item | 有偿服务价目  #group=frontdesk #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30), -- 項目代碼 | Code | 项目代码
    name VARCHAR(100) NOT NULL, -- 服務項目 | Service | 服务项目
    category VARCHAR(30) NOT NULL DEFAULT 'other' CHECK (category IN ('plumbing', 'electrical', 'cleaning', 'moving', 'locksmith', 'appliance', 'agency', 'other')), -- 類別 | Category | 类别
    price NUMERIC(12,2) NOT NULL CHECK (price >= 0), -- 收費標準 | Price | 收费标准
    charge_unit VARCHAR(20), -- 計價單位 | Per | 计价单位
    is_agency BOOLEAN NOT NULL DEFAULT FALSE, -- 代辦服務 | Agency service | 代办服务
    standard_minutes INTEGER CHECK (standard_minutes > 0), -- 標準工時(分鐘) | Standard time (minutes) | 标准工时(分钟)
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    price_note VARCHAR(200), -- 收費說明 | Price note | 收费说明
    description TEXT, -- 服務內容 | Description | 服务内容
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_service_item_code UNIQUE (code)
);

-- @value plumbing: 水喉渠務 | Plumbing | 水管疏通
-- @value electrical: 電器電路 | Electrical | 电器电路
-- @value cleaning: 清潔 | Cleaning | 清洁
-- @value moving: 搬運 | Moving | 搬运
-- @value locksmith: 開鎖換鎖 | Locksmith | 开锁换锁
-- @value appliance: 家電維修 | Appliance repair | 家电维修
-- @value agency: 代辦 | Agency (on behalf of owner) | 代办

-- ---------------------------------------------------------------------------------------------
-- Quality and purchasing, master data (seed 七, M-o): vendors, materials, quality inspections.
-- Defined here because work orders, renovations and rectification notices refer to them.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE vendor ( -- 分包方/供應商 | Vendor | 分包方/供应商  #group=quality #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30), -- 代碼 | Code | 代码
    name VARCHAR(200) NOT NULL, -- 名稱 | Name | 名称
    vendor_type VARCHAR(30) NOT NULL CHECK (vendor_type IN ('cleaning', 'security', 'greening', 'lift', 'pest_control', 'engineering', 'renovation_contractor', 'supplier', 'convenience', 'other')), -- 類別 | Type | 类别
    status VARCHAR(30) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')), -- 狀態 | Status | 状态
    is_qualified BOOLEAN NOT NULL DEFAULT FALSE, -- 合格供方 | Approved vendor | 合格供方
    phone VARCHAR(30), -- 公司電話 | Office phone | 公司电话
    contact_person VARCHAR(100), -- 聯絡人 | Contact person | 联系人
    business_reg_no VARCHAR(30), -- 商業登記號碼 | Business registration no. | 营业执照号码
    email VARCHAR(100), -- 電郵 | Email | 电子邮箱
    address VARCHAR(200), -- 地址 | Address | 地址
    contract_start DATE, -- 合約開始 | Contract start | 合同开始
    contract_end DATE, -- 合約結束 | Contract end | 合同结束
    services TEXT, -- 服務範圍 | Services | 服务范围
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_vendor_code UNIQUE (code),
    CONSTRAINT ck_vendor_contract CHECK (contract_end >= contract_start)
);
CREATE INDEX ix_vendor_status ON vendor (status);
CREATE INDEX ix_vendor_contract_end ON vendor (contract_end);

-- @value security: 安管 | Security | 安管
-- @value greening: 綠化 | Landscaping | 绿化
-- @value lift: 電梯 | Lifts | 电梯
-- @value pest_control: 滅蟲 | Pest control | 除虫灭害
-- @value engineering: 工程 | Engineering | 工程
-- @value renovation_contractor: 裝修承建商 | Renovation contractor | 装修单位
-- @value supplier: 物料供應商 | Supplier | 物料供应商
-- @value convenience: 便民服務 | Convenience service | 便民服务
-- @value suspended: 暫停 | Suspended | 暂停
-- @value terminated: 已終止 | Terminated | 已终止

CREATE TABLE vendor_evaluation ( -- 分包方評估 | Vendor evaluation | 分包方评估  #group=quality #title={vendor} {period}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE RESTRICT, -- 分包方 | Vendor | 分包方
    period VARCHAR(20) NOT NULL, -- 評估期(如2025-H1) | Period (e.g. 2025-H1) | 评估期(如2025-H1)
    conclusion VARCHAR(30) CHECK (conclusion IN ('excellent', 'qualified', 'rectify', 'terminate')), -- 評估結論 | Conclusion | 评估结论
    total_score NUMERIC(5,2) CHECK (total_score BETWEEN 0 AND 100), -- 總分 | Total score | 总分
    quality_score NUMERIC(5,2) CHECK (quality_score BETWEEN 0 AND 100), -- 服務質量 | Quality | 服务质量
    timeliness_score NUMERIC(5,2) CHECK (timeliness_score BETWEEN 0 AND 100), -- 及時性 | Timeliness | 及时性
    attitude_score NUMERIC(5,2) CHECK (attitude_score BETWEEN 0 AND 100), -- 服務態度 | Attitude | 服务态度
    compliance_score NUMERIC(5,2) CHECK (compliance_score BETWEEN 0 AND 100), -- 合約遵守 | Contract compliance | 合同遵守
    evaluated_on DATE, -- 評估日期 | Evaluated on | 评估日期
    evaluator_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 評估人 | Evaluator | 评估人
    findings TEXT, -- 主要問題 | Findings | 主要问题
    improvement_required TEXT, -- 改進要求 | Improvement required | 改进要求
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_vendor_evaluation_vendor_period UNIQUE (vendor_id, period)
);
CREATE INDEX ix_vendor_evaluation_vendor_id ON vendor_evaluation (vendor_id);
CREATE INDEX ix_vendor_evaluation_evaluator_id ON vendor_evaluation (evaluator_id);

-- @value excellent: 優秀 | Excellent | 优秀
-- @value qualified: 合格 | Satisfactory | 合格
-- @value rectify: 限期整改 | Must improve | 限期整改
-- @value terminate: 終止合作 | Terminate | 终止合作

CREATE TABLE stock_item ( -- 物料 | Stock item | 物料  #group=quality #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30), -- 物料編號 | Code | 物料编号
    name VARCHAR(100) NOT NULL, -- 名稱 | Name | 名称
    spec VARCHAR(100), -- 規格型號 | Specification | 规格型号
    measure_unit VARCHAR(20), -- 單位 | Unit of measure | 单位
    qty_on_hand NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (qty_on_hand >= 0), -- 庫存數量 | Quantity on hand | 库存数量
    reorder_level NUMERIC(12,2) CHECK (reorder_level >= 0), -- 最低庫存 | Reorder level | 最低库存
    unit_cost NUMERIC(12,2) CHECK (unit_cost >= 0), -- 單價 | Unit cost | 单价
    org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 保管部門 | Held by | 保管部门
    location VARCHAR(100), -- 存放位置 | Location | 存放位置
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_stock_item_code UNIQUE (code)
);
CREATE INDEX ix_stock_item_org_unit_id ON stock_item (org_unit_id);
CREATE INDEX ix_stock_item_name ON stock_item (name);

CREATE TABLE quality_inspection ( -- 品質巡檢 | Quality inspection | 品质巡检  #group=quality #title={area} {location} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    inspected_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 巡檢時間 | Inspected at | 巡检时间
    area VARCHAR(30) NOT NULL CHECK (area IN ('environment', 'security', 'engineering', 'convenience_service', 'front_desk')), -- 巡檢範疇 | Area | 巡检范畴
    status VARCHAR(30) NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'findings_issued', 'closed')), -- 狀態 | Status | 状态
    score NUMERIC(5,2) CHECK (score BETWEEN 0 AND 100), -- 得分 | Score | 得分
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    location VARCHAR(200), -- 地點 | Location | 地点
    inspector_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 巡檢人 | Inspector | 巡检人
    org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 受檢部門 | Department inspected | 受检部门
    vendor_id INTEGER REFERENCES vendor(id) ON DELETE RESTRICT, -- 受檢分包方 | Vendor inspected | 受检分包方
    rectify_by DATE, -- 整改期限 | Rectify by | 整改期限
    closed_at TIMESTAMP, -- 關閉時間 | Closed at | 关闭时间
    findings TEXT, -- 發現問題 | Findings | 发现问题
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_quality_inspection_estate_id ON quality_inspection (estate_id);
CREATE INDEX ix_quality_inspection_inspector_id ON quality_inspection (inspector_id);
CREATE INDEX ix_quality_inspection_org_unit_id ON quality_inspection (org_unit_id);
CREATE INDEX ix_quality_inspection_vendor_id ON quality_inspection (vendor_id);
CREATE INDEX ix_quality_inspection_status ON quality_inspection (status);
CREATE INDEX ix_quality_inspection_inspected_at ON quality_inspection (inspected_at);

-- @value environment: 環境衛生 | Environment & cleaning | 环境卫生
-- @value convenience_service: 便民服務 | Convenience services | 便民服务
-- @value front_desk: 前台服務 | Front desk | 前台服务
-- @value recorded: 已記錄 | Recorded | 已记录
-- @value findings_issued: 已發整改 | Findings issued | 已发整改

-- ---------------------------------------------------------------------------------------------
-- Front desk: repair and paid-service orders (seed 四.1.3, CR-c, CR-i)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE work_order ( -- 維修/有償服務單 | Work order | 维修/有偿服务单  #group=frontdesk #title={doc_no} {unit} #large #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 服務單編號 | Order no. | 服务单编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'quoted', 'confirmed', 'dispatched', 'in_progress', 'completed', 'paid', 'followed_up', 'closed', 'cancelled', 'reopened')), -- 狀態 | Status | 状态  #readonly
    channel VARCHAR(30) NOT NULL DEFAULT 'walk_in' CHECK (channel IN ('walk_in', 'phone', 'wechat', 'app', 'patrol', 'complaint')), -- 來源 | Source | 来源
    is_paid BOOLEAN NOT NULL DEFAULT FALSE, -- 有償服務 | Chargeable | 有偿服务
    is_emergency BOOLEAN NOT NULL DEFAULT FALSE, -- 緊急 | Emergency | 紧急
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    service_item_id INTEGER REFERENCES service_item(id) ON DELETE RESTRICT, -- 服務項目 | Service | 服务项目
    assignee_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 維修人員 | Technician | 维修人员
    due_at TIMESTAMP, -- 完成期限 | Due by | 完成期限
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    location VARCHAR(200), -- 位置 | Location | 位置
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner / resident | 业户
    contact_name VARCHAR(100), -- 聯絡人 | Contact name | 联系人
    contact_phone VARCHAR(30), -- 聯絡電話 | Contact phone | 联系电话  #pii=phone
    contact_record_id INTEGER REFERENCES contact_record(id) ON DELETE SET NULL, -- 來源登記 | From contact record | 来源登记
    vendor_id INTEGER REFERENCES vendor(id) ON DELETE RESTRICT, -- 外判商 | Vendor | 外包单位
    description TEXT NOT NULL, -- 服務內容 | Description | 服务内容
    appointment_at TIMESTAMP, -- 預約上門時間 | Appointment | 预约上门时间
    quoted_amount NUMERIC(12,2) CHECK (quoted_amount >= 0), -- 報價 | Quoted amount | 报价
    customer_confirmed_at TIMESTAMP, -- 客戶確認報價時間 | Price confirmed by customer at | 客户确认报价时间
    dispatched_at TIMESTAMP, -- 派工時間 | Dispatched at | 派工时间  #readonly
    completed_at TIMESTAMP, -- 完工時間 | Completed at | 完工时间  #readonly
    customer_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 客戶已簽收 | Accepted by customer | 客户已签收
    labour_amount NUMERIC(12,2) CHECK (labour_amount >= 0), -- 人工費 | Labour | 人工费
    material_amount NUMERIC(12,2) CHECK (material_amount >= 0), -- 材料費 | Materials | 材料费
    total_amount NUMERIC(12,2) CHECK (total_amount >= 0), -- 合計 | Total | 合计
    payment_method VARCHAR(30) CHECK (payment_method IN ('cash', 'octopus', 'fps', 'wechat', 'alipay', 'bank_transfer', 'autopay', 'card', 'cheque', 'offset')), -- 付款方式 | Payment method | 付款方式
    receipt_no VARCHAR(30), -- 收據編號 | Receipt no. | 收据编号
    paid_at TIMESTAMP, -- 收費時間 | Paid at | 收费时间
    cancel_reason TEXT, -- 取消原因 | Reason for cancellation | 取消原因
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_work_order_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_work_order_completed CHECK (completed_at >= dispatched_at)
);
CREATE INDEX ix_work_order_unit_id ON work_order (unit_id);
CREATE INDEX ix_work_order_service_item_id ON work_order (service_item_id);
CREATE INDEX ix_work_order_assignee_id ON work_order (assignee_id);
CREATE INDEX ix_work_order_estate_id ON work_order (estate_id);
CREATE INDEX ix_work_order_party_id ON work_order (party_id);
CREATE INDEX ix_work_order_contact_record_id ON work_order (contact_record_id);
CREATE INDEX ix_work_order_vendor_id ON work_order (vendor_id);
CREATE INDEX ix_work_order_created_by_id ON work_order (created_by_id);
CREATE INDEX ix_work_order_status ON work_order (status);
CREATE INDEX ix_work_order_due_at ON work_order (due_at);
CREATE INDEX ix_work_order_completed_at ON work_order (completed_at);
CREATE INDEX ix_work_order_created_at ON work_order (created_at);

-- @value registered: 已登記 | Registered | 已登记
-- @value quoted: 已報價 | Quoted | 已报价
-- @value work_order.status.confirmed: 客戶已確認 | Confirmed by customer | 客户已确认
-- @value dispatched: 已派工 | Dispatched | 已派工
-- @value work_order.status.completed: 已完工 | Work completed | 已完工
-- @value work_order.status.paid: 已收費 | Paid | 已收费
-- @value followed_up: 已回訪 | Followed up | 已回访
-- @value reopened: 重開 | Reopened | 重开
-- @value work_order.channel.complaint: 投訴轉派 | From a complaint | 投诉转派
-- @value cash: 現金 | Cash | 现金
-- @value octopus: 八達通 | Octopus | 八达通
-- @value fps: 轉數快 | FPS | 转数快
-- @value alipay: 支付寶 | Alipay | 支付宝
-- @value bank_transfer: 銀行轉賬 | Bank transfer | 银行转账
-- @value autopay: 自動轉賬 | Autopay | 自动扣款
-- @value card: 信用卡/扣賬卡 | Card | 银行卡
-- @value cheque: 支票 | Cheque | 支票
-- @value offset: 抵扣 | Offset | 抵扣

CREATE TABLE work_order_material ( -- 維修用料 | Work order material | 维修用料  #group=frontdesk #title={item_name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    work_order_id INTEGER NOT NULL REFERENCES work_order(id) ON DELETE CASCADE, -- 服務單 | Work order | 服务单
    stock_item_id INTEGER REFERENCES stock_item(id) ON DELETE RESTRICT, -- 庫存物料 | Stock item | 库存物料
    item_name VARCHAR(100) NOT NULL, -- 材料名稱 | Material | 材料名称
    qty NUMERIC(10,2) NOT NULL CHECK (qty > 0), -- 數量 | Quantity | 数量
    measure_unit VARCHAR(20), -- 單位 | Unit of measure | 单位
    unit_price NUMERIC(12,2) CHECK (unit_price >= 0), -- 單價 | Unit price | 单价
    amount NUMERIC(12,2) CHECK (amount >= 0), -- 金額 | Amount | 金额
    is_chargeable BOOLEAN NOT NULL DEFAULT TRUE, -- 向客戶收費 | Charged to customer | 向客户收费
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_work_order_material_work_order_id ON work_order_material (work_order_id);
CREATE INDEX ix_work_order_material_stock_item_id ON work_order_material (stock_item_id);

-- ---------------------------------------------------------------------------------------------
-- Complaints (seed 五.5, M-k): deadlines per severity, complaints, major-complaint reports
-- ---------------------------------------------------------------------------------------------

CREATE TABLE complaint_deadline_rule ( -- 投訴時限規則 | Complaint deadline rule | 投诉时限规则  #group=complaints #title={severity}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    severity VARCHAR(30) NOT NULL CHECK (severity IN ('general', 'urgent', 'major')), -- 嚴重程度 | Severity | 严重程度
    response_hours INTEGER NOT NULL CHECK (response_hours > 0), -- 響應時限(小時) | Respond within (hours) | 响应时限(小时)
    resolve_hours INTEGER NOT NULL CHECK (resolve_hours > 0), -- 辦結時限(小時) | Resolve within (hours) | 办结时限(小时)
    working_hours_only BOOLEAN NOT NULL DEFAULT FALSE, -- 只計工作日 | Count working days only | 只计工作日
    follow_up_days INTEGER NOT NULL DEFAULT 3 CHECK (follow_up_days >= 0), -- 回訪時限(天) | Follow up within (days) | 回访时限(天)
    escalate_after_hours INTEGER CHECK (escalate_after_hours > 0), -- 逾期後升級(小時) | Escalate when overdue by (hours) | 逾期后升级(小时)
    notify_manager BOOLEAN NOT NULL DEFAULT FALSE, -- 即時通知部門經理 | Notify the manager at once | 即时通知部门经理
    notify_director BOOLEAN NOT NULL DEFAULT FALSE, -- 即時通知中心經理 | Notify the centre director at once | 即时通知中心经理
    description TEXT, -- 說明 | Description | 说明
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_complaint_deadline_rule_severity UNIQUE (severity),
    CONSTRAINT ck_complaint_deadline_rule_hours CHECK (resolve_hours >= response_hours)
);

-- @value general: 一般 | General | 一般
-- @value urgent: 緊急 | Urgent | 紧急
-- @value major: 重大 | Major | 重大

CREATE TABLE complaint ( -- 投訴 | Complaint | 投诉  #group=complaints #title={doc_no} {subject} #large #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 投訴編號 | Complaint no. | 投诉编号  #readonly
    received_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 受理時間 | Received at | 受理时间
    status VARCHAR(30) NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'classified', 'dispatched', 'in_progress', 'resolved', 'follow_up_pending', 'closed', 'reopened', 'escalated', 'invalid', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    severity VARCHAR(30) NOT NULL DEFAULT 'general' CHECK (severity IN ('general', 'urgent', 'major')), -- 嚴重程度 | Severity | 严重程度
    category VARCHAR(30) NOT NULL DEFAULT 'other' CHECK (category IN ('environment', 'security', 'engineering', 'service_attitude', 'fees', 'renovation', 'neighbour', 'parking', 'facilities', 'other')), -- 類別 | Category | 类别
    subject VARCHAR(200) NOT NULL, -- 投訴摘要 | Subject | 投诉摘要
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    complainant_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 投訴人(業戶) | Complainant | 投诉人(业户)
    assignee_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Assignee | 负责人
    due_resolve_at TIMESTAMP, -- 辦結期限 | Resolve by | 办结期限  #readonly
    complainant_name VARCHAR(100), -- 投訴人姓名 | Complainant name | 投诉人姓名
    phone VARCHAR(30) NOT NULL, -- 回覆電話 | Callback phone | 回复电话  #pii=phone
    channel VARCHAR(30) NOT NULL DEFAULT 'walk_in' CHECK (channel IN ('walk_in', 'phone', 'letter', 'email', 'wechat', 'app', 'referral')), -- 渠道 | Channel | 渠道
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    contact_record_id INTEGER REFERENCES contact_record(id) ON DELETE SET NULL, -- 來源登記 | From contact record | 来源登记
    is_valid BOOLEAN NOT NULL DEFAULT TRUE, -- 有效投訴 | Valid complaint | 有效投诉
    is_collective BOOLEAN NOT NULL DEFAULT FALSE, -- 集體投訴 | Collective complaint | 集体投诉
    content TEXT NOT NULL, -- 投訴內容 | Content | 投诉内容
    demand TEXT, -- 投訴人訴求 | Complainant's demand | 投诉人诉求
    responsible_org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 責任部門 | Responsible department | 责任部门
    received_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 受理人 | Received by | 受理人
    escalated_to_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 升級至 | Escalated to | 升级至
    due_response_at TIMESTAMP, -- 響應期限 | Respond by | 响应期限  #readonly
    due_follow_up_at TIMESTAMP, -- 回訪期限 | Follow up by | 回访期限  #readonly
    dispatched_at TIMESTAMP, -- 派單時間 | Dispatched at | 派单时间  #readonly
    responded_at TIMESTAMP, -- 響應時間 | Responded at | 响应时间  #readonly
    resolved_at TIMESTAMP, -- 處理完成時間 | Resolved at | 处理完成时间  #readonly
    closed_at TIMESTAMP, -- 結案時間 | Closed at | 结案时间  #readonly
    reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0), -- 重開次數 | Times reopened | 重开次数  #readonly
    resolution TEXT, -- 處理結果 | Resolution | 处理结果
    root_cause TEXT, -- 原因分析 | Root cause | 原因分析
    accountability TEXT, -- 對責任人處理意見 | Action on staff responsible | 对责任人处理意见
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_complaint_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_complaint_due_resolve CHECK (due_resolve_at >= due_response_at),
    CONSTRAINT ck_complaint_responded CHECK (responded_at >= received_at),
    CONSTRAINT ck_complaint_resolved CHECK (resolved_at >= received_at),
    CONSTRAINT ck_complaint_closed CHECK (closed_at >= received_at)
);
CREATE INDEX ix_complaint_unit_id ON complaint (unit_id);
CREATE INDEX ix_complaint_complainant_party_id ON complaint (complainant_party_id);
CREATE INDEX ix_complaint_assignee_id ON complaint (assignee_id);
CREATE INDEX ix_complaint_estate_id ON complaint (estate_id, received_at);  -- an estate's complaints, latest first (its clerks' list)
CREATE INDEX ix_complaint_contact_record_id ON complaint (contact_record_id);
CREATE INDEX ix_complaint_responsible_org_unit_id ON complaint (responsible_org_unit_id);
CREATE INDEX ix_complaint_received_by_id ON complaint (received_by_id);
CREATE INDEX ix_complaint_escalated_to_id ON complaint (escalated_to_id);
CREATE INDEX ix_complaint_created_by_id ON complaint (created_by_id);
CREATE INDEX ix_complaint_status ON complaint (status, received_at, id);
CREATE INDEX ix_complaint_received_at ON complaint (received_at, id);  -- the list's order, id breaking ties
CREATE INDEX ix_complaint_severity ON complaint (severity, id);
CREATE INDEX ix_complaint_due_response_at ON complaint (due_response_at);
CREATE INDEX ix_complaint_due_resolve_at ON complaint (due_resolve_at);
CREATE INDEX ix_complaint_resolved_at ON complaint (resolved_at);
CREATE INDEX ix_complaint_closed ON complaint (status, closed_at);  -- closed in a month
CREATE INDEX ix_complaint_created_at ON complaint (created_at);

-- @value received: 已受理 | Received | 已受理
-- @value classified: 已分類 | Classified | 已分类
-- @value resolved: 已處理 | Resolved | 已处理
-- @value follow_up_pending: 待回訪 | Awaiting follow-up | 待回访
-- @value escalated: 已升級 | Escalated | 已升级
-- @value invalid: 無效 | Invalid | 无效
-- @value complaint.status.cancelled: 投訴人撤回 | Withdrawn by complainant | 投诉人撤回
-- @value service_attitude: 服務態度 | Staff attitude | 服务态度
-- @value fees: 收費 | Fees | 收费
-- @value neighbour: 鄰里糾紛 | Neighbour dispute | 邻里纠纷
-- @value parking: 停車 | Parking | 停车
-- @value facilities: 公共設施 | Common facilities | 公共设施
-- @value referral: 政府/熱線轉介 | Government or hotline referral | 政府/热线转介

CREATE TABLE major_complaint_report ( -- 重大投訴報告 | Major complaint report | 重大投诉报告  #group=complaints #title={doc_no} {complaint} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 報告編號 | Report no. | 报告编号  #readonly
    complaint_id INTEGER NOT NULL REFERENCES complaint(id) ON DELETE RESTRICT, -- 投訴 | Complaint | 投诉
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'acknowledged', 'closed')), -- 狀態 | Status | 状态  #readonly
    author_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 報告人 | Author | 报告人
    addressee_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 呈報對象 | Addressed to | 呈报对象
    involves_media BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及傳媒 | Media involved | 涉及媒体
    involves_injury_or_loss BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及人身傷害或財物損失 | Injury or loss | 涉及人身伤害或财物损失
    government_referral BOOLEAN NOT NULL DEFAULT FALSE, -- 政府部門轉介 | Government referral | 政府部门转介
    compensation_amount NUMERIC(12,2) CHECK (compensation_amount >= 0), -- 賠償金額 | Compensation | 赔偿金额
    submitted_at TIMESTAMP, -- 呈報時間 | Submitted at | 呈报时间  #readonly
    acknowledged_at TIMESTAMP, -- 批閱時間 | Acknowledged at | 批阅时间  #readonly
    summary TEXT NOT NULL, -- 事件經過 | Summary and timeline | 事件经过
    impact TEXT, -- 影響範圍 | Impact | 影响范围
    measures_taken TEXT, -- 即時控制措施 | Immediate measures | 即时控制措施
    cause TEXT, -- 調查及原因 | Investigation and cause | 调查及原因
    resolution TEXT, -- 處理結果 | Resolution | 处理结果
    customer_reaction TEXT, -- 客戶反應 | Customer's reaction | 客户反应
    preventive_actions TEXT, -- 預防措施 | Preventive actions | 预防措施
    director_comments TEXT, -- 中心負責人批示 | Director's comments | 中心负责人批示
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_major_complaint_report_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_major_complaint_report_complaint_id ON major_complaint_report (complaint_id);
CREATE INDEX ix_major_complaint_report_author_id ON major_complaint_report (author_id);
CREATE INDEX ix_major_complaint_report_addressee_id ON major_complaint_report (addressee_id);
CREATE INDEX ix_major_complaint_report_created_by_id ON major_complaint_report (created_by_id);
CREATE INDEX ix_major_complaint_report_status ON major_complaint_report (status);
CREATE INDEX ix_major_complaint_report_created_at ON major_complaint_report (created_at);

-- @value acknowledged: 已簽收 | Acknowledged | 已签收
-- @value major_complaint_report.status.acknowledged: 已批閱 | Acknowledged by director | 已批阅

-- ---------------------------------------------------------------------------------------------
-- Owner procedures (seed 四.1.2, 四.1.4, CR-f, CR-m): renovation, goods release, move-in/out,
-- rectification notices
-- ---------------------------------------------------------------------------------------------

CREATE TABLE renovation_application ( -- 裝修申請 | Renovation application | 装修申请  #group=procedures #title={doc_no} {unit} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 申請編號 | Application no. | 申请编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'cs_checked', 'eng_reviewed', 'approved', 'permit_issued', 'in_progress', 'suspended', 'completion_requested', 'acceptance_failed', 'accepted', 'refund_pending', 'closed', 'rejected', 'withdrawn')), -- 狀態 | Status | 状态  #readonly
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    applicant_party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 申請人 | Applicant | 申请人
    applicant_role VARCHAR(30) NOT NULL DEFAULT 'owner' CHECK (applicant_role IN ('owner', 'tenant_authorised')), -- 申請人身份 | Applicant is | 申请人身份
    start_date DATE NOT NULL, -- 施工開始 | Works start | 施工开始
    end_date DATE NOT NULL, -- 施工結束 | Works end | 施工结束
    contractor_id INTEGER REFERENCES vendor(id) ON DELETE RESTRICT, -- 裝修承建商 | Contractor | 装修单位
    applicant_phone VARCHAR(30), -- 日間聯絡電話 | Daytime phone | 日间联系电话  #pii=phone
    emergency_phone VARCHAR(30), -- 緊急聯絡電話 | Emergency phone | 紧急联系电话  #pii=phone
    owner_authorisation_received BOOLEAN NOT NULL DEFAULT FALSE, -- 已收業主授權書(租戶申請) | Owner's authorisation received (tenant) | 已收业主授权书(租户申请)
    contractor_name VARCHAR(200), -- 承建商名稱(未登記) | Contractor name (if not registered) | 装修单位名称(未登记)
    contractor_br_no VARCHAR(30), -- 承建商商業登記號碼 | Contractor business reg. no. | 装修单位营业执照号
    site_rep_name VARCHAR(100), -- 現場負責人 | Site representative | 现场负责人
    site_rep_phone VARCHAR(30), -- 現場負責人電話 | Site representative phone | 现场负责人电话  #pii=phone
    worker_count INTEGER CHECK (worker_count >= 0), -- 施工人數 | Workers | 施工人数
    scope_text TEXT NOT NULL, -- 裝修項目及範圍 | Scope of works | 装修项目及范围
    involves_structure BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及結構 | Affects structure | 涉及结构
    involves_facade BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及外牆 | Affects facade | 涉及外立面
    involves_common_area BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及公共地方 | Affects common parts | 涉及公共部位
    involves_plumbing BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及水喉渠管 | Affects plumbing or drains | 涉及给排水
    involves_gas BOOLEAN NOT NULL DEFAULT FALSE, -- 涉及煤氣 | Affects gas | 涉及燃气
    has_drawings BOOLEAN NOT NULL DEFAULT FALSE, -- 已附圖則 | Drawings attached | 已附图纸
    pledge_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 已簽責任承諾書 | Undertaking signed | 已签责任承诺书
    works_hours VARCHAR(100), -- 施工時間 | Permitted working hours | 施工时间
    extension_until DATE, -- 延期至 | Extended until | 延期至
    permit_no VARCHAR(30), -- 許可證編號 | Permit no. | 许可证编号  #readonly
    permit_issued_at TIMESTAMP, -- 發證時間 | Permit issued at | 发证时间  #readonly
    deposit_amount NUMERIC(12,2) CHECK (deposit_amount >= 0), -- 裝修按金 | Deposit | 装修保证金
    deposit_paid_at TIMESTAMP, -- 按金收取時間 | Deposit paid at | 保证金收取时间
    debris_fee NUMERIC(12,2) CHECK (debris_fee >= 0), -- 垃圾清運費 | Debris removal fee | 垃圾清运费
    management_fee NUMERIC(12,2) CHECK (management_fee >= 0), -- 裝修管理費 | Renovation management fee | 装修管理费
    cs_reviewer_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 客服審核人 | Reviewed by (customer service) | 客服审核人  #readonly
    eng_reviewer_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 工程審核人 | Reviewed by (engineering) | 工程审核人  #readonly
    eng_opinion TEXT, -- 工程部意見 | Engineering opinion | 工程部意见
    approver_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人  #readonly
    submitted_at TIMESTAMP, -- 提交時間 | Submitted at | 提交时间  #readonly
    approved_at TIMESTAMP, -- 批准時間 | Approved at | 批准时间  #readonly
    accepted_at TIMESTAMP, -- 驗收合格時間 | Accepted at | 验收合格时间  #readonly
    refund_amount NUMERIC(12,2) CHECK (refund_amount >= 0), -- 退還按金 | Deposit refunded | 退还保证金
    deduction_amount NUMERIC(12,2) CHECK (deduction_amount >= 0), -- 扣除金額 | Deducted | 扣除金额
    deduction_reason TEXT, -- 扣款原因 | Reason for deduction | 扣款原因
    refunded_at TIMESTAMP, -- 退款時間 | Refunded at | 退款时间
    closed_at TIMESTAMP, -- 結案時間 | Closed at | 结案时间  #readonly
    reject_reason TEXT, -- 不批准/退回原因 | Reason for rejection or return | 不批准/退回原因
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_renovation_application_doc_no UNIQUE (doc_no),
    CONSTRAINT uq_renovation_application_permit_no UNIQUE (permit_no),
    CONSTRAINT ck_renovation_application_dates CHECK (end_date >= start_date),
    CONSTRAINT ck_renovation_application_extension CHECK (extension_until >= end_date),
    CONSTRAINT ck_renovation_application_refund CHECK (refund_amount <= deposit_amount),
    CONSTRAINT ck_renovation_application_deduction CHECK (deduction_amount <= deposit_amount)
);
CREATE INDEX ix_renovation_application_unit_id ON renovation_application (unit_id);
CREATE INDEX ix_renovation_application_applicant_party_id ON renovation_application (applicant_party_id);
CREATE INDEX ix_renovation_application_contractor_id ON renovation_application (contractor_id);
CREATE INDEX ix_renovation_application_cs_reviewer_id ON renovation_application (cs_reviewer_id);
CREATE INDEX ix_renovation_application_eng_reviewer_id ON renovation_application (eng_reviewer_id);
CREATE INDEX ix_renovation_application_approver_id ON renovation_application (approver_id);
CREATE INDEX ix_renovation_application_created_by_id ON renovation_application (created_by_id);
CREATE INDEX ix_renovation_application_status ON renovation_application (status);
CREATE INDEX ix_renovation_application_end_date ON renovation_application (end_date);
CREATE INDEX ix_renovation_application_created_at ON renovation_application (created_at);

-- @value tenant_authorised: 租戶(經業主授權) | Tenant (authorised by owner) | 租户(经业主授权)
-- @value cs_checked: 客服已初審 | Checked by customer service | 客服已初审
-- @value eng_reviewed: 工程已審核 | Reviewed by engineering | 工程已审核
-- @value renovation_application.status.approved: 已批准(待繳費) | Approved (fees due) | 已批准(待缴费)
-- @value permit_issued: 已發許可證 | Permit issued | 已发许可证
-- @value renovation_application.status.in_progress: 施工中 | Works in progress | 施工中
-- @value renovation_application.status.suspended: 停工 | Works stopped | 停工
-- @value completion_requested: 申請驗收 | Inspection requested | 申请验收
-- @value acceptance_failed: 驗收不合格 | Failed inspection | 验收不合格
-- @value accepted: 驗收合格 | Passed inspection | 验收合格
-- @value refund_pending: 待退按金 | Deposit refund pending | 待退保证金

CREATE TABLE renovation_worker_pass ( -- 裝修工人出入證 | Worker pass | 装修工人出入证  #group=procedures #title={worker_name} ({pass_no})
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    renovation_application_id INTEGER NOT NULL REFERENCES renovation_application(id) ON DELETE CASCADE, -- 裝修申請 | Renovation application | 装修申请
    pass_no VARCHAR(30), -- 出入證編號 | Pass no. | 出入证编号
    worker_name VARCHAR(100) NOT NULL, -- 工人姓名 | Worker | 工人姓名
    status VARCHAR(30) NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'returned', 'lost', 'revoked')), -- 狀態 | Status | 状态
    expires_on DATE, -- 有效期至 | Valid until | 有效期至
    trade VARCHAR(50), -- 工種 | Trade | 工种
    phone VARCHAR(30), -- 電話 | Phone | 电话  #pii=phone
    issued_at TIMESTAMP, -- 發證時間 | Issued at | 发证时间
    returned_at TIMESTAMP, -- 交還時間 | Returned at | 交还时间
    pass_deposit NUMERIC(12,2) CHECK (pass_deposit >= 0), -- 證件按金 | Pass deposit | 证件押金
    pass_fee NUMERIC(12,2) CHECK (pass_fee >= 0), -- 工本費 | Pass fee | 工本费
    id_no VARCHAR(30), -- 證件號碼(不印於證上) | ID document no. (never printed) | 证件号码(不印于证上)  #pii=id_no
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_renovation_worker_pass_pass_no UNIQUE (pass_no),
    CONSTRAINT ck_renovation_worker_pass_returned CHECK (returned_at >= issued_at)
);
CREATE INDEX ix_renovation_worker_pass_renovation_application_id ON renovation_worker_pass (renovation_application_id);
CREATE INDEX ix_renovation_worker_pass_status ON renovation_worker_pass (status);

-- @value issued: 已發出 | Issued | 已发出
-- @value returned: 已退回 | Returned | 已退回
-- @value renovation_worker_pass.status.returned: 已交還 | Handed back | 已交还
-- @value lost: 遺失 | Lost | 遗失
-- @value revoked: 已註銷 | Revoked | 已注销

CREATE TABLE renovation_inspection ( -- 裝修巡查 | Renovation inspection | 装修巡查  #group=procedures #title={renovation_application} {result} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    renovation_application_id INTEGER NOT NULL REFERENCES renovation_application(id) ON DELETE CASCADE, -- 裝修申請 | Renovation application | 装修申请
    inspected_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 巡查時間 | Inspected at | 巡查时间
    result VARCHAR(30) NOT NULL DEFAULT 'ok' CHECK (result IN ('ok', 'issue', 'violation', 'no_one', 'refused', 'completed')), -- 巡查結果 | Result | 巡查结果
    action_taken VARCHAR(30) NOT NULL DEFAULT 'none' CHECK (action_taken IN ('none', 'verbal', 'written_notice', 'stop_work')), -- 處理措施 | Action taken | 处理措施
    inspector_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 巡查人 | Inspector | 巡查人
    signed_by_name VARCHAR(100), -- 業主/承建商簽署 | Signed by (owner or contractor) | 业主/装修单位签署
    progress_note TEXT, -- 施工進度 | Progress observed | 施工进度
    violation_items TEXT, -- 違規事項 | Violations found | 违规事项
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_renovation_inspection_renovation_application_id ON renovation_inspection (renovation_application_id);
CREATE INDEX ix_renovation_inspection_inspector_id ON renovation_inspection (inspector_id);
CREATE INDEX ix_renovation_inspection_inspected_at ON renovation_inspection (inspected_at);

-- @value ok: 正常 | OK | 正常
-- @value renovation_inspection.result.issue: 一般問題 | Minor issue | 一般问题
-- @value violation: 違規 | Violation | 违规
-- @value no_one: 無人 | Nobody on site | 无人
-- @value refused: 拒絕入內 | Entry refused | 拒不开门
-- @value renovation_inspection.result.completed: 完工 | Works finished | 完工
-- @value none: 無 | None | 无
-- @value verbal: 口頭勸喻 | Verbal warning | 口头劝告
-- @value written_notice: 發出書面通知 | Written notice | 发出书面通知
-- @value stop_work: 停工 | Stop work | 停工

CREATE TABLE renovation_acceptance ( -- 裝修驗收 | Renovation acceptance | 装修验收  #group=procedures #title={renovation_application} {result} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    renovation_application_id INTEGER NOT NULL REFERENCES renovation_application(id) ON DELETE CASCADE, -- 裝修申請 | Renovation application | 装修申请
    inspected_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 驗收時間 | Inspected at | 验收时间
    result VARCHAR(30) NOT NULL CHECK (result IN ('pass', 'fail')), -- 驗收結果 | Result | 验收结果
    eng_inspector_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 工程驗收人 | Engineering inspector | 工程验收人
    cs_inspector_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 客服驗收人 | Customer-service inspector | 客服验收人
    structure_ok BOOLEAN NOT NULL DEFAULT FALSE, -- 結構完好 | Structure intact | 结构完好
    waterproofing_ok BOOLEAN NOT NULL DEFAULT FALSE, -- 防水合格 | Waterproofing OK | 防水合格
    electrical_ok BOOLEAN NOT NULL DEFAULT FALSE, -- 電氣合格 | Electrical OK | 电气合格
    plumbing_ok BOOLEAN NOT NULL DEFAULT FALSE, -- 水喉渠管合格 | Plumbing OK | 给排水合格
    common_area_restored BOOLEAN NOT NULL DEFAULT FALSE, -- 公共地方已復原 | Common parts restored | 公共部位已恢复
    debris_cleared BOOLEAN NOT NULL DEFAULT FALSE, -- 垃圾已清理 | Debris cleared | 垃圾已清运
    passes_returned BOOLEAN NOT NULL DEFAULT FALSE, -- 出入證已交還 | Worker passes returned | 出入证已交还
    owner_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 業主已簽署 | Signed by owner | 业主已签署
    refund_recommended NUMERIC(12,2) CHECK (refund_recommended >= 0), -- 建議退還按金 | Refund recommended | 建议退还保证金
    deduction_recommended NUMERIC(12,2) CHECK (deduction_recommended >= 0), -- 建議扣除 | Deduction recommended | 建议扣除
    defects TEXT, -- 待整改問題 | Defects to fix | 待整改问题
    deduction_reason TEXT, -- 扣款原因 | Reason for deduction | 扣款原因
    remarks TEXT, -- 備註 | Remarks | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_renovation_acceptance_renovation_application_id ON renovation_acceptance (renovation_application_id);
CREATE INDEX ix_renovation_acceptance_eng_inspector_id ON renovation_acceptance (eng_inspector_id);
CREATE INDEX ix_renovation_acceptance_cs_inspector_id ON renovation_acceptance (cs_inspector_id);

-- @value pass: 合格 | Pass | 合格
-- @value fail: 不合格 | Fail | 不合格

-- Goods release: the pass is printed in copies; identity numbers are recorded for the gate
-- check only and are never printed on a pass (PCPD code of practice on identity card numbers).
CREATE TABLE goods_release_pass ( -- 物品放行條 | Goods release pass | 物品放行条  #group=procedures #title={doc_no} {unit} #large #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 放行條編號 | Pass no. | 放行条编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'verified', 'issued', 'released', 'rejected_at_gate', 'expired', 'cancelled', 'archived')), -- 狀態 | Status | 状态  #readonly
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    planned_date DATE NOT NULL, -- 搬出日期 | Moving-out date | 搬出日期
    applicant_name VARCHAR(100) NOT NULL, -- 申請人 | Applicant | 申请人
    applicant_role VARCHAR(30) NOT NULL DEFAULT 'owner' CHECK (applicant_role IN ('owner', 'tenant', 'agent', 'mover', 'shop_tenant')), -- 申請人身份 | Applicant is | 申请人身份
    authorisation_method VARCHAR(30) NOT NULL DEFAULT 'in_person' CHECK (authorisation_method IN ('in_person', 'written_declaration', 'phone_verified', 'company_chop', 'lease_inventory')), -- 授權方式 | Authorisation | 授权方式
    vehicle_plate VARCHAR(20), -- 車牌號碼 | Vehicle plate | 车牌号码
    valid_until DATE, -- 有效期至 | Valid until | 有效期至
    authorising_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 授權業戶 | Authorised by (owner) | 授权业户
    applicant_phone VARCHAR(30), -- 申請人電話 | Applicant phone | 申请人电话  #pii=phone
    applicant_id_no VARCHAR(30), -- 申請人證件號碼(不印於放行條) | Applicant ID no. (never printed) | 申请人证件号码(不印于放行条)  #pii=id_no
    movers_company VARCHAR(100), -- 搬運公司 | Removal company | 搬运公司
    reason VARCHAR(200), -- 搬出原因 | Reason | 搬出原因
    issued_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 開具人 | Issued by | 开具人
    issued_at TIMESTAMP, -- 開具時間 | Issued at | 开具时间  #readonly
    reviewed_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 覆核人 | Reviewed by | 复核人  #readonly
    guard_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 當值保安 | Guard on duty | 当值保安
    released_at TIMESTAMP, -- 放行時間 | Released at | 放行时间
    guard_note VARCHAR(200), -- 門崗備註 | Gate note | 门岗备注
    returned_to_cs_at TIMESTAMP, -- 交回客服時間 | Returned to customer service at | 交回客服时间
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_goods_release_pass_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_goods_release_pass_valid CHECK (valid_until >= planned_date)
);
CREATE INDEX ix_goods_release_pass_unit_id ON goods_release_pass (unit_id);
CREATE INDEX ix_goods_release_pass_authorising_party_id ON goods_release_pass (authorising_party_id);
CREATE INDEX ix_goods_release_pass_issued_by_id ON goods_release_pass (issued_by_id);
CREATE INDEX ix_goods_release_pass_reviewed_by_id ON goods_release_pass (reviewed_by_id);
CREATE INDEX ix_goods_release_pass_guard_id ON goods_release_pass (guard_id);
CREATE INDEX ix_goods_release_pass_created_by_id ON goods_release_pass (created_by_id);
CREATE INDEX ix_goods_release_pass_status ON goods_release_pass (status);
CREATE INDEX ix_goods_release_pass_planned_date ON goods_release_pass (planned_date);
CREATE INDEX ix_goods_release_pass_created_at ON goods_release_pass (created_at);

-- @value requested: 已申請 | Requested | 已申请
-- @value released: 已放行 | Released | 已放行
-- @value rejected_at_gate: 門崗不予放行 | Refused at the gate | 门岗不予放行
-- @value archived: 已歸檔 | Archived | 已归档
-- @value mover: 搬運公司 | Removal company | 搬运公司
-- @value shop_tenant: 商戶 | Shop tenant | 商户
-- @value in_person: 業主親臨 | Owner in person | 业主亲临
-- @value written_declaration: 書面授權/聲明書 | Written authorisation | 书面授权/声明书
-- @value phone_verified: 電話核實 | Confirmed by phone | 电话核实
-- @value company_chop: 公司蓋章 | Company chop | 公司盖章
-- @value lease_inventory: 租約物品清單 | Lease inventory | 租约物品清单

CREATE TABLE goods_release_item ( -- 放行物品 | Released item | 放行物品  #group=procedures #title={description}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    goods_release_pass_id INTEGER NOT NULL REFERENCES goods_release_pass(id) ON DELETE CASCADE, -- 放行條 | Goods release pass | 放行条
    description VARCHAR(200) NOT NULL, -- 物品名稱 | Item | 物品名称
    qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0), -- 數量 | Quantity | 数量
    measure_unit VARCHAR(20), -- 單位 | Unit of measure | 单位
    verified_qty INTEGER CHECK (verified_qty >= 0), -- 門崗核對數量 | Quantity checked at gate | 门岗核对数量
    remarks VARCHAR(200), -- 備註 | Remarks | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_goods_release_item_goods_release_pass_id ON goods_release_item (goods_release_pass_id);

CREATE TABLE move_in ( -- 入伙手續 | Move-in | 入伙手续  #group=procedures #title={doc_no} {unit} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 入伙編號 | Move-in no. | 入伙编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'notified' CHECK (status IN ('notified', 'booked', 'docs_verified', 'fees_paid', 'inspected', 'keys_handed', 'completed', 'deferred', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    owner_party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 業主 | Owner | 业主
    appointment_at TIMESTAMP, -- 預約收樓時間 | Appointment | 预约收楼时间
    handled_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 經手人 | Handled by | 经手人
    notice_sent_at TIMESTAMP, -- 入伙通知發出時間 | Notice sent at | 入伙通知发出时间
    docs_checked BOOLEAN NOT NULL DEFAULT FALSE, -- 已核驗證件文件 | Documents checked | 已核验证件文件
    fees_paid BOOLEAN NOT NULL DEFAULT FALSE, -- 已繳入伙費用 | Move-in fees paid | 已缴入伙费用
    covenant_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 已簽管理規約/公契 | Covenant signed | 已签管理规约
    fire_pledge_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 已簽防火責任書 | Fire-safety pledge signed | 已签防火责任书
    water_reading NUMERIC(12,2) CHECK (water_reading >= 0), -- 水錶讀數 | Water meter | 水表读数
    power_reading NUMERIC(12,2) CHECK (power_reading >= 0), -- 電錶讀數 | Electricity meter | 电表读数
    gas_reading NUMERIC(12,2) CHECK (gas_reading >= 0), -- 煤氣錶讀數 | Gas meter | 燃气表读数
    keys_count INTEGER CHECK (keys_count >= 0), -- 交付鎖匙數 | Keys handed over | 交付钥匙数
    cards_count INTEGER CHECK (cards_count >= 0), -- 交付門禁卡數 | Access cards handed over | 交付门禁卡数
    completed_at TIMESTAMP, -- 完成時間 | Completed at | 完成时间  #readonly
    remarks TEXT, -- 備註 | Remarks | 备注
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_move_in_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_move_in_unit_id ON move_in (unit_id);
CREATE INDEX ix_move_in_owner_party_id ON move_in (owner_party_id);
CREATE INDEX ix_move_in_handled_by_id ON move_in (handled_by_id);
CREATE INDEX ix_move_in_created_by_id ON move_in (created_by_id);
CREATE INDEX ix_move_in_status ON move_in (status);
CREATE INDEX ix_move_in_appointment_at ON move_in (appointment_at);
CREATE INDEX ix_move_in_created_at ON move_in (created_at);

-- @value notified: 已通知 | Notified | 已通知
-- @value booked: 已預約 | Booked | 已预约
-- @value docs_verified: 已核驗資料 | Documents verified | 已核验资料
-- @value fees_paid: 已繳費 | Fees paid | 已缴费
-- @value inspected: 已驗樓 | Inspected | 已验房
-- @value keys_handed: 已交鎖匙 | Keys handed over | 已交钥匙
-- @value deferred: 延期 | Deferred | 延期

CREATE TABLE move_in_defect ( -- 驗樓問題 | Handover defect | 验房问题  #group=procedures #title={location} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    move_in_id INTEGER NOT NULL REFERENCES move_in(id) ON DELETE CASCADE, -- 入伙手續 | Move-in | 入伙手续
    location VARCHAR(100) NOT NULL, -- 位置 | Location | 位置
    status VARCHAR(30) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sent_to_developer', 'fixed', 'verified')), -- 狀態 | Status | 状态
    reported_to_developer_at TIMESTAMP, -- 轉發展商時間 | Reported to developer at | 转开发商时间
    fixed_at TIMESTAMP, -- 修復時間 | Fixed at | 修复时间
    verified_at TIMESTAMP, -- 覆驗時間 | Verified at | 复验时间
    description TEXT NOT NULL, -- 問題描述 | Description | 问题描述
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_move_in_defect_move_in_id ON move_in_defect (move_in_id);
CREATE INDEX ix_move_in_defect_status ON move_in_defect (status);

-- @value sent_to_developer: 已轉發展商 | Sent to developer | 已转开发商
-- @value fixed: 已修復 | Fixed | 已修复
-- @value move_in_defect.status.verified: 已覆驗 | Fix verified | 已复验

CREATE TABLE move_out ( -- 退租/遷出 | Move-out | 退租/迁出  #group=procedures #title={unit} {move_out_date}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 遷出業戶 | Leaving resident | 迁出业户
    status VARCHAR(30) NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'inspected', 'settled', 'completed', 'cancelled')), -- 狀態 | Status | 状态
    notice_date DATE, -- 通知日期 | Notice date | 通知日期
    move_out_date DATE, -- 遷出日期 | Move-out date | 迁出日期
    handled_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 經手人 | Handled by | 经手人
    water_reading NUMERIC(12,2) CHECK (water_reading >= 0), -- 水錶讀數 | Water meter | 水表读数
    power_reading NUMERIC(12,2) CHECK (power_reading >= 0), -- 電錶讀數 | Electricity meter | 电表读数
    gas_reading NUMERIC(12,2) CHECK (gas_reading >= 0), -- 煤氣錶讀數 | Gas meter | 燃气表读数
    keys_returned INTEGER CHECK (keys_returned >= 0), -- 交回鎖匙數 | Keys returned | 交回钥匙数
    cards_returned INTEGER CHECK (cards_returned >= 0), -- 交回門禁卡數 | Access cards returned | 交回门禁卡数
    arrears_cleared BOOLEAN NOT NULL DEFAULT FALSE, -- 欠費已結清 | Arrears cleared | 欠费已结清
    deposit_settled BOOLEAN NOT NULL DEFAULT FALSE, -- 按金已結算 | Deposit settled | 押金已结算
    completed_at TIMESTAMP, -- 完成時間 | Completed at | 完成时间
    damage_notes TEXT, -- 損壞情況 | Damage found | 损坏情况
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_move_out_dates CHECK (move_out_date >= notice_date)
);
CREATE INDEX ix_move_out_unit_id ON move_out (unit_id);
CREATE INDEX ix_move_out_party_id ON move_out (party_id);
CREATE INDEX ix_move_out_handled_by_id ON move_out (handled_by_id);
CREATE INDEX ix_move_out_status ON move_out (status);
CREATE INDEX ix_move_out_move_out_date ON move_out (move_out_date);

-- @value move_out.status.inspected: 已檢查單位 | Unit inspected | 已检查单位
-- @value settled: 已結算 | Settled | 已结算

CREATE TABLE rectification_notice ( -- 整改通知書 | Rectification notice | 整改通知书  #group=procedures #title={doc_no} {subject_type} {unit} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 通知書編號 | Notice no. | 通知书编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'acknowledged', 'rectifying', 'passed', 'failed', 'escalated', 'closed', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    stage VARCHAR(30) NOT NULL DEFAULT 'first_notice' CHECK (stage IN ('first_notice', 'second_notice', 'final_notice', 'stop_work', 'deposit_deduction', 'authority_report')), -- 階段 | Stage | 阶段
    subject_type VARCHAR(30) NOT NULL CHECK (subject_type IN ('renovation', 'unit_use', 'common_area', 'vendor_service', 'quality_inspection')), -- 事項類別 | Concerning | 事项类别
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    rectify_by DATE, -- 整改期限 | Rectify by | 整改期限
    addressee_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 致(業戶) | To (owner / resident) | 致(业户)
    vendor_id INTEGER REFERENCES vendor(id) ON DELETE RESTRICT, -- 致(分包方) | To (vendor) | 致(分包方)
    addressee_name VARCHAR(100), -- 收件人 | Addressee | 收件人
    renovation_application_id INTEGER REFERENCES renovation_application(id) ON DELETE SET NULL, -- 裝修申請 | Renovation application | 装修申请
    renovation_inspection_id INTEGER REFERENCES renovation_inspection(id) ON DELETE SET NULL, -- 來源裝修巡查 | From renovation inspection | 来源装修巡查
    quality_inspection_id INTEGER REFERENCES quality_inspection(id) ON DELETE SET NULL, -- 來源品質巡檢 | From quality inspection | 来源品质巡检
    previous_notice_id INTEGER REFERENCES rectification_notice(id) ON DELETE SET NULL, -- 上一階段通知書 | Previous notice | 上一阶段通知书
    found_at TIMESTAMP, -- 發現時間 | Found at | 发现时间
    location VARCHAR(200), -- 地點 | Location | 地点
    issue TEXT NOT NULL, -- 違規/問題事實 | Facts found | 违规/问题事实
    regulation_basis TEXT, -- 依據條款 | Rule or legal basis | 依据条款
    requirement TEXT NOT NULL, -- 整改要求 | Required rectification | 整改要求
    consequences TEXT, -- 逾期後果 | Consequences if overdue | 逾期后果
    issued_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 發出人 | Issued by | 发出人
    issued_at TIMESTAMP, -- 發出時間 | Issued at | 发出时间  #readonly
    acknowledged_by_name VARCHAR(100), -- 簽收人 | Signed for by | 签收人
    acknowledged_at TIMESTAMP, -- 簽收時間 | Signed for at | 签收时间
    refused_to_sign BOOLEAN NOT NULL DEFAULT FALSE, -- 拒絕簽收 | Refused to sign | 拒绝签收
    witness_name VARCHAR(100), -- 見證人 | Witness | 见证人
    reinspected_at TIMESTAMP, -- 復查時間 | Re-inspected at | 复查时间
    reinspector_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 復查人 | Re-inspected by | 复查人
    reinspection_result VARCHAR(30) CHECK (reinspection_result IN ('passed', 'failed')), -- 復查結果 | Re-inspection result | 复查结果
    penalty_amount NUMERIC(12,2) CHECK (penalty_amount >= 0), -- 扣罰金額 | Penalty | 扣罚金额
    closed_at TIMESTAMP, -- 結案時間 | Closed at | 结案时间  #readonly
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_rectification_notice_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_rectification_notice_reinspected CHECK (reinspected_at >= issued_at)
);
CREATE INDEX ix_rectification_notice_unit_id ON rectification_notice (unit_id);
CREATE INDEX ix_rectification_notice_addressee_party_id ON rectification_notice (addressee_party_id);
CREATE INDEX ix_rectification_notice_vendor_id ON rectification_notice (vendor_id);
CREATE INDEX ix_rectification_notice_renovation_application_id ON rectification_notice (renovation_application_id);
CREATE INDEX ix_rectification_notice_renovation_inspection_id ON rectification_notice (renovation_inspection_id);
CREATE INDEX ix_rectification_notice_quality_inspection_id ON rectification_notice (quality_inspection_id);
CREATE INDEX ix_rectification_notice_previous_notice_id ON rectification_notice (previous_notice_id);
CREATE INDEX ix_rectification_notice_issued_by_id ON rectification_notice (issued_by_id);
CREATE INDEX ix_rectification_notice_reinspector_id ON rectification_notice (reinspector_id);
CREATE INDEX ix_rectification_notice_created_by_id ON rectification_notice (created_by_id);
CREATE INDEX ix_rectification_notice_status ON rectification_notice (status);
CREATE INDEX ix_rectification_notice_rectify_by ON rectification_notice (rectify_by);
CREATE INDEX ix_rectification_notice_created_at ON rectification_notice (created_at);

-- @value rectifying: 整改中 | Being rectified | 整改中
-- @value passed: 復查合格 | Passed | 复查合格
-- @value failed: 復查不合格 | Failed | 复查不合格
-- @value first_notice: 第一次通知 | First notice | 第一次通知
-- @value second_notice: 第二次通知 | Second notice | 第二次通知
-- @value final_notice: 最後通知 | Final notice | 最后通知
-- @value deposit_deduction: 扣除按金 | Deposit deduction | 扣除保证金
-- @value authority_report: 報政府部門 | Reported to the authorities | 报政府部门
-- @value unit_use: 單位使用 | Use of unit | 单位使用
-- @value common_area: 公共地方 | Common parts | 公共部位
-- @value vendor_service: 分包方服務 | Vendor service | 分包方服务
-- @value quality_inspection: 品質巡檢 | Quality inspection | 品质巡检
-- @value rectification_notice.stage.stop_work: 停工令 | Stop-work order | 停工令

-- ---------------------------------------------------------------------------------------------
-- Complaints group, continued: follow-up calls and visits (回訪) on complaints, work orders,
-- renovations and move-ins (defined after the records it follows up)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE follow_up ( -- 回訪記錄 | Follow-up | 回访记录  #group=complaints #title={subject_type} {party}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    subject_type VARCHAR(30) NOT NULL DEFAULT 'complaint' CHECK (subject_type IN ('complaint', 'work_order', 'renovation', 'move_in', 'other')), -- 回訪事項 | Following up | 回访事项
    visit_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 回訪時間 | Followed up at | 回访时间
    method VARCHAR(30) NOT NULL DEFAULT 'phone' CHECK (method IN ('in_person', 'phone', 'on_site', 'wechat')), -- 方式 | Method | 方式
    satisfaction VARCHAR(30) CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied')), -- 滿意度 | Satisfaction | 满意度
    complaint_id INTEGER REFERENCES complaint(id) ON DELETE CASCADE, -- 投訴 | Complaint | 投诉
    work_order_id INTEGER REFERENCES work_order(id) ON DELETE CASCADE, -- 服務單 | Work order | 服务单
    renovation_application_id INTEGER REFERENCES renovation_application(id) ON DELETE CASCADE, -- 裝修申請 | Renovation application | 装修申请
    move_in_id INTEGER REFERENCES move_in(id) ON DELETE CASCADE, -- 入伙手續 | Move-in | 入伙手续
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 受訪業戶 | Customer | 受访业户
    visitor_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 回訪人 | Followed up by | 回访人
    issue_resolved BOOLEAN NOT NULL DEFAULT FALSE, -- 客戶確認已解決 | Customer confirms resolved | 客户确认已解决
    customer_signed BOOLEAN NOT NULL DEFAULT FALSE, -- 客戶已簽名確認 | Signed by customer | 客户已签名确认
    needs_reopen BOOLEAN NOT NULL DEFAULT FALSE, -- 需重新處理 | Needs reopening | 需重新处理
    comment TEXT, -- 客戶意見 | Customer's comments | 客户意见
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_follow_up_complaint_id ON follow_up (complaint_id);
CREATE INDEX ix_follow_up_work_order_id ON follow_up (work_order_id);
CREATE INDEX ix_follow_up_renovation_application_id ON follow_up (renovation_application_id);
CREATE INDEX ix_follow_up_move_in_id ON follow_up (move_in_id);
CREATE INDEX ix_follow_up_party_id ON follow_up (party_id);
CREATE INDEX ix_follow_up_visitor_id ON follow_up (visitor_id);
CREATE INDEX ix_follow_up_visit_at ON follow_up (visit_at);

-- @value work_order: 維修/有償服務 | Work order | 维修/有偿服务
-- @value move_in: 入伙 | Move-in | 入伙
-- @value follow_up.method.in_person: 面談 | In person | 面谈

-- ---------------------------------------------------------------------------------------------
-- Public relations (seed 六): notices and their postings, promotions, reception, liaison,
-- owners' committee and meetings, community events
-- ---------------------------------------------------------------------------------------------

CREATE TABLE notice ( -- 通告 | Notice | 通告  #group=public #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 通告編號 | Notice no. | 通告编号  #readonly
    title VARCHAR(200) NOT NULL, -- 標題 | Title | 标题
    category VARCHAR(30) NOT NULL DEFAULT 'reminder' CHECK (category IN ('water_outage', 'power_outage', 'gas_outage', 'lift_maintenance', 'reminder', 'fee', 'event', 'regulation', 'emergency', 'commercial', 'other')), -- 類別 | Category | 类别
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'pending_approval', 'approved', 'published', 'expired', 'withdrawn')), -- 狀態 | Status | 状态  #readonly
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    publish_at TIMESTAMP, -- 發布時間 | Publish at | 发布时间
    valid_until TIMESTAMP, -- 有效期至 | Valid until | 有效期至
    work_start_at TIMESTAMP, -- 停水/停電開始 | Outage starts | 停水/停电开始
    work_end_at TIMESTAMP, -- 停水/停電結束 | Outage ends | 停水/停电结束
    audience VARCHAR(200), -- 致 | Addressed to | 致
    on_board BOOLEAN NOT NULL DEFAULT TRUE, -- 通告欄 | Notice board | 公告栏
    on_screen BOOLEAN NOT NULL DEFAULT FALSE, -- 顯示屏 | Display screen | 显示屏
    on_website BOOLEAN NOT NULL DEFAULT FALSE, -- 網站 | Website | 网站
    on_wechat BOOLEAN NOT NULL DEFAULT FALSE, -- 微信 | WeChat | 微信
    on_sms BOOLEAN NOT NULL DEFAULT FALSE, -- 短訊 | SMS | 短信
    on_app BOOLEAN NOT NULL DEFAULT FALSE, -- 手機應用 | App | 手机应用
    body TEXT NOT NULL, -- 內容 | Text | 内容
    affected_scope TEXT, -- 影響範圍 | Affected buildings / floors | 影响范围
    script_for_callers TEXT, -- 來電答覆口徑 | Script for answering callers | 来电答复口径
    author_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 擬稿人 | Drafted by | 拟稿人
    approver_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人  #readonly
    published_at TIMESTAMP, -- 實際發布時間 | Published at | 实际发布时间  #readonly
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_notice_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_notice_work_period CHECK (work_end_at >= work_start_at),
    CONSTRAINT ck_notice_valid CHECK (valid_until >= publish_at)
);
CREATE INDEX ix_notice_estate_id ON notice (estate_id);
CREATE INDEX ix_notice_author_id ON notice (author_id);
CREATE INDEX ix_notice_approver_id ON notice (approver_id);
CREATE INDEX ix_notice_created_by_id ON notice (created_by_id);
CREATE INDEX ix_notice_status ON notice (status);
CREATE INDEX ix_notice_publish_at ON notice (publish_at);
CREATE INDEX ix_notice_valid_until ON notice (valid_until);
CREATE INDEX ix_notice_created_at ON notice (created_at);

-- @value water_outage: 停水 | Water outage | 停水
-- @value power_outage: 停電 | Power outage | 停电
-- @value gas_outage: 停煤氣 | Gas outage | 停气
-- @value lift_maintenance: 電梯保養 | Lift maintenance | 电梯保养
-- @value reminder: 溫馨提示 | Reminder | 温馨提示
-- @value fee: 收費通知 | Fees | 收费通知
-- @value event: 活動 | Event | 活动
-- @value regulation: 規章制度 | Rules | 规章制度
-- @value emergency: 緊急通知 | Emergency | 紧急通知
-- @value commercial: 商業宣傳 | Commercial | 商业宣传
-- @value pending_approval: 待審批 | Pending approval | 待审批
-- @value published: 已發布 | Published | 已发布
-- @value expired: 已過期 | Expired | 已过期
-- @value withdrawn: 已撤回 | Withdrawn | 已撤回

CREATE TABLE notice_posting ( -- 通告張貼 | Notice posting | 通告张贴  #group=public #title={location}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    notice_id INTEGER NOT NULL REFERENCES notice(id) ON DELETE CASCADE, -- 通告 | Notice | 通告
    location VARCHAR(200) NOT NULL, -- 張貼位置 | Location | 张贴位置
    channel VARCHAR(30) NOT NULL DEFAULT 'board' CHECK (channel IN ('board', 'screen', 'lift', 'website', 'wechat', 'sms', 'app')), -- 媒介 | Medium | 媒介
    status VARCHAR(30) NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'checked', 'damaged', 'removed')), -- 狀態 | Status | 状态
    posted_at TIMESTAMP, -- 張貼時間 | Posted at | 张贴时间
    checked_at TIMESTAMP, -- 最近檢查時間 | Last checked at | 最近检查时间
    removed_at TIMESTAMP, -- 撤下時間 | Removed at | 撤下时间
    staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Staff | 负责人
    condition_note VARCHAR(200), -- 狀況備註 | Condition | 状况备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_notice_posting_removed CHECK (removed_at >= posted_at)
);
CREATE INDEX ix_notice_posting_notice_id ON notice_posting (notice_id);
CREATE INDEX ix_notice_posting_staff_id ON notice_posting (staff_id);
CREATE INDEX ix_notice_posting_status ON notice_posting (status);

-- @value board: 通告欄 | Notice board | 公告栏
-- @value screen: 顯示屏 | Display screen | 显示屏
-- @value notice_posting.channel.lift: 電梯內 | Inside lifts | 电梯内
-- @value website: 網站 | Website | 网站
-- @value sms: 短訊 | SMS | 短信
-- @value posted: 已張貼 | Posted | 已张贴
-- @value checked: 已檢查 | Checked | 已检查
-- @value damaged: 損壞 | Damaged | 损坏
-- @value removed: 已撤下 | Removed | 已撤下

CREATE TABLE promotion_request ( -- 商業宣傳申請 | Promotion request | 商业宣传申请  #group=public #title={doc_no} {applicant_company}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 申請編號 | Application no. | 申请编号  #readonly
    applicant_company VARCHAR(200) NOT NULL, -- 申請機構 | Applicant | 申请机构
    status VARCHAR(30) NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'approved', 'rejected', 'running', 'completed', 'violated', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    start_at TIMESTAMP NOT NULL, -- 活動開始 | Starts | 活动开始
    end_at TIMESTAMP NOT NULL, -- 活動結束 | Ends | 活动结束
    location VARCHAR(200), -- 地點 | Location | 地点
    contact_name VARCHAR(100), -- 聯絡人 | Contact person | 联系人
    contact_phone VARCHAR(30), -- 聯絡電話 | Contact phone | 联系电话  #pii=phone
    headcount INTEGER CHECK (headcount >= 0), -- 現場人數 | Staff on site | 现场人数
    fee NUMERIC(12,2) CHECK (fee >= 0), -- 場地費 | Fee | 场地费
    deposit NUMERIC(12,2) CHECK (deposit >= 0), -- 按金 | Deposit | 押金
    supervisor_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 現場監督 | Supervised by | 现场监督
    approver_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人  #readonly
    content TEXT NOT NULL, -- 宣傳內容 | Content | 宣传内容
    conditions TEXT, -- 批准條件 | Conditions | 批准条件
    violation_note TEXT, -- 違規情況 | Breaches | 违规情况
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_promotion_request_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_promotion_request_period CHECK (end_at >= start_at)
);
CREATE INDEX ix_promotion_request_estate_id ON promotion_request (estate_id);
CREATE INDEX ix_promotion_request_supervisor_id ON promotion_request (supervisor_id);
CREATE INDEX ix_promotion_request_approver_id ON promotion_request (approver_id);
CREATE INDEX ix_promotion_request_created_by_id ON promotion_request (created_by_id);
CREATE INDEX ix_promotion_request_status ON promotion_request (status);
CREATE INDEX ix_promotion_request_start_at ON promotion_request (start_at);
CREATE INDEX ix_promotion_request_created_at ON promotion_request (created_at);

-- @value applied: 已申請 | Applied | 已申请
-- @value running: 進行中 | Running | 进行中
-- @value violated: 違規 | In breach | 违规

CREATE TABLE reception_visit ( -- 參觀接待 | Reception visit | 参观接待  #group=public #title={visitor_org}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    visit_at TIMESTAMP NOT NULL, -- 來訪時間 | Visit at | 来访时间
    visitor_org VARCHAR(200) NOT NULL, -- 來訪單位 | Visiting organisation | 来访单位
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'confirmed', 'completed', 'cancelled')), -- 狀態 | Status | 状态
    headcount INTEGER CHECK (headcount > 0), -- 人數 | Visitors | 人数
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    host_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 接待人 | Host | 接待人
    purpose VARCHAR(200), -- 目的 | Purpose | 目的
    arranged_by VARCHAR(100), -- 安排單位 | Arranged by | 安排单位
    contact_name VARCHAR(100), -- 聯絡人 | Contact person | 联系人
    contact_phone VARCHAR(30), -- 聯絡電話 | Contact phone | 联系电话  #pii=phone
    route TEXT, -- 參觀路線 | Route | 参观路线
    materials TEXT, -- 準備資料 | Materials | 准备资料
    feedback TEXT, -- 來訪意見 | Feedback | 来访意见
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_reception_visit_estate_id ON reception_visit (estate_id);
CREATE INDEX ix_reception_visit_host_id ON reception_visit (host_id);
CREATE INDEX ix_reception_visit_status ON reception_visit (status);
CREATE INDEX ix_reception_visit_visit_at ON reception_visit (visit_at);

CREATE TABLE external_org ( -- 外聯單位 | External body | 外联单位  #group=public #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    org_type VARCHAR(30) NOT NULL CHECK (org_type IN ('police', 'street_office', 'residents_committee', 'business_admin', 'city_mgmt', 'fire', 'health', 'traffic', 'developer', 'contractor', 'telecom', 'cable_tv', 'bank', 'post', 'hospital', 'legal', 'other_pm', 'other')), -- 類別 | Type | 类别
    name VARCHAR(200) NOT NULL, -- 名稱 | Name | 名称
    contact_person VARCHAR(100), -- 聯絡人 | Contact person | 联系人
    phone VARCHAR(30), -- 機構電話 | Office phone | 机构电话
    email VARCHAR(100), -- 電郵 | Email | 电子邮箱
    address VARCHAR(200), -- 地址 | Address | 地址
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_external_org_name ON external_org (name);

-- @value police: 派出所/警署 | Police station | 派出所
-- @value street_office: 街道辦 | Street office | 街道办
-- @value residents_committee: 居委會 | Residents' committee | 居委会
-- @value business_admin: 工商所 | Business administration office | 工商所
-- @value city_mgmt: 城管 | City management | 城管
-- @value fire: 消防 | Fire services | 消防
-- @value health: 衛生防疫 | Health and epidemic control | 卫生防疫
-- @value traffic: 交通警察 | Traffic police | 交警
-- @value developer: 發展商 | Developer | 开发商
-- @value contractor: 施工單位 | Contractor | 施工单位
-- @value telecom: 電訊公司 | Telecom company | 电信公司
-- @value cable_tv: 有線電視 | Cable TV | 有线电视
-- @value bank: 銀行 | Bank | 银行
-- @value post: 郵局 | Post office | 邮局
-- @value hospital: 醫院 | Hospital | 医院
-- @value legal: 法律機構 | Legal firm | 法律机构
-- @value other_pm: 其他物業公司 | Other property manager | 其他物业公司

CREATE TABLE liaison_log ( -- 外聯記錄 | Liaison log | 外联记录  #group=public #title={subject}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    external_org_id INTEGER NOT NULL REFERENCES external_org(id) ON DELETE RESTRICT, -- 外聯單位 | External body | 外联单位
    contact_date DATE NOT NULL, -- 日期 | Date | 日期
    subject VARCHAR(200) NOT NULL, -- 事由 | Subject | 事由
    method VARCHAR(30) NOT NULL DEFAULT 'phone' CHECK (method IN ('visit', 'phone', 'letter', 'meeting', 'email')), -- 方式 | Method | 方式
    status VARCHAR(30) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')), -- 狀態 | Status | 状态
    staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 經手人 | Handled by | 经手人
    next_action_date DATE, -- 下次跟進日期 | Next action on | 下次跟进日期
    content TEXT, -- 內容 | Content | 内容
    outcome TEXT, -- 結果 | Outcome | 结果
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_liaison_log_external_org_id ON liaison_log (external_org_id);
CREATE INDEX ix_liaison_log_staff_id ON liaison_log (staff_id);
CREATE INDEX ix_liaison_log_status ON liaison_log (status);
CREATE INDEX ix_liaison_log_contact_date ON liaison_log (contact_date);
CREATE INDEX ix_liaison_log_next_action_date ON liaison_log (next_action_date);

-- @value liaison_log.method.visit: 登門拜訪 | Visit | 登门拜访
-- @value meeting: 會議 | Meeting | 会议

CREATE TABLE committee_member ( -- 業委會成員 | Committee member | 业委会成员  #group=public #title={party} {committee_role}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE RESTRICT, -- 業戶 | Owner | 业户
    committee_role VARCHAR(30) NOT NULL DEFAULT 'member' CHECK (committee_role IN ('chair', 'vice_chair', 'secretary', 'treasurer', 'member')), -- 職務 | Role | 职务
    status VARCHAR(30) NOT NULL DEFAULT 'serving' CHECK (status IN ('serving', 'resigned', 'term_ended')), -- 狀態 | Status | 状态
    term_no INTEGER CHECK (term_no > 0), -- 屆別 | Term no. | 届别
    term_start DATE, -- 任期開始 | Term starts | 任期开始
    term_end DATE, -- 任期結束 | Term ends | 任期结束
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_committee_member_term CHECK (term_end >= term_start)
);
CREATE INDEX ix_committee_member_estate_id ON committee_member (estate_id);
CREATE INDEX ix_committee_member_party_id ON committee_member (party_id);
CREATE INDEX ix_committee_member_status ON committee_member (status);

-- @value chair: 主任/主席 | Chair | 主任
-- @value vice_chair: 副主任/副主席 | Vice-chair | 副主任
-- @value secretary: 秘書 | Secretary | 秘书
-- @value treasurer: 司庫 | Treasurer | 财务委员
-- @value member: 委員 | Member | 委员
-- @value serving: 在任 | Serving | 在任
-- @value committee_member.status.resigned: 已辭任 | Resigned | 已辞任
-- @value term_ended: 任期屆滿 | Term ended | 任期届满

CREATE TABLE meeting ( -- 會議 | Meeting | 会议  #group=public #title={title} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    meeting_type VARCHAR(30) NOT NULL CHECK (meeting_type IN ('owners_general', 'committee', 'dept_regular', 'catering_committee')), -- 會議類別 | Meeting type | 会议类别
    title VARCHAR(200) NOT NULL, -- 會議名稱 | Title | 会议名称
    held_at TIMESTAMP NOT NULL, -- 會議時間 | Held at | 会议时间
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'notified', 'held', 'minutes_published', 'cancelled')), -- 狀態 | Status | 状态
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    location VARCHAR(200), -- 地點 | Location | 地点
    organiser_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 組織人 | Organiser | 组织人
    attendees_count INTEGER CHECK (attendees_count >= 0), -- 出席人數 | Attendees | 出席人数
    total_owner_count INTEGER CHECK (total_owner_count >= 0), -- 業主總人數 | Owners in total | 业主总人数
    total_owner_area NUMERIC(10,2) CHECK (total_owner_area >= 0), -- 專有部分總面積/業權份數 | Total area or shares | 专有部分总面积
    present_owner_count INTEGER CHECK (present_owner_count >= 0), -- 參與表決業主人數 | Owners taking part | 参与表决业主人数
    present_owner_area NUMERIC(10,2) CHECK (present_owner_area >= 0), -- 參與表決面積/份數 | Area or shares taking part | 参与表决面积
    agenda TEXT, -- 議程 | Agenda | 议程
    minutes TEXT, -- 會議紀要 | Minutes | 会议纪要
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_meeting_present_count CHECK (present_owner_count <= total_owner_count),
    CONSTRAINT ck_meeting_present_area CHECK (present_owner_area <= total_owner_area)
);
CREATE INDEX ix_meeting_estate_id ON meeting (estate_id);
CREATE INDEX ix_meeting_organiser_id ON meeting (organiser_id);
CREATE INDEX ix_meeting_status ON meeting (status);
CREATE INDEX ix_meeting_held_at ON meeting (held_at);

-- @value owners_general: 業主大會 | Owners' general meeting | 业主大会
-- @value meeting.meeting_type.committee: 業委會會議 | Owners' committee meeting | 业委会会议
-- @value dept_regular: 部門例會 | Department meeting | 部门例会
-- @value catering_committee: 伙食委員會 | Catering committee | 伙食委员会
-- @value minutes_published: 已發布紀要 | Minutes published | 已发布纪要

CREATE TABLE meeting_resolution ( -- 會議決議 | Resolution | 会议决议  #group=public #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE, -- 會議 | Meeting | 会议
    item_no INTEGER CHECK (item_no > 0), -- 議題序號 | Item no. | 议题序号
    title VARCHAR(200) NOT NULL, -- 議題 | Motion | 议题
    matter_class VARCHAR(30) NOT NULL DEFAULT 'ordinary' CHECK (matter_class IN ('ordinary', 'major')), -- 事項類別 | Matter | 事项类别
    result VARCHAR(30) NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'passed', 'failed')), -- 表決結果 | Result | 表决结果
    participating_count INTEGER CHECK (participating_count >= 0), -- 參與表決人數 | Owners voting | 参与表决人数
    participating_area NUMERIC(10,2) CHECK (participating_area >= 0), -- 參與表決面積/份數 | Area or shares voting | 参与表决面积
    votes_for_count INTEGER CHECK (votes_for_count >= 0), -- 贊成人數 | For (owners) | 赞成人数
    votes_for_area NUMERIC(10,2) CHECK (votes_for_area >= 0), -- 贊成面積/份數 | For (area or shares) | 赞成面积
    votes_against_count INTEGER CHECK (votes_against_count >= 0), -- 反對人數 | Against (owners) | 反对人数
    votes_against_area NUMERIC(10,2) CHECK (votes_against_area >= 0), -- 反對面積/份數 | Against (area or shares) | 反对面积
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT ck_meeting_resolution_for_count CHECK (votes_for_count <= participating_count),
    CONSTRAINT ck_meeting_resolution_for_area CHECK (votes_for_area <= participating_area),
    CONSTRAINT ck_meeting_resolution_against_count CHECK (votes_against_count <= participating_count),
    CONSTRAINT ck_meeting_resolution_against_area CHECK (votes_against_area <= participating_area)
);
CREATE INDEX ix_meeting_resolution_meeting_id ON meeting_resolution (meeting_id);

-- @value ordinary: 一般事項 | Ordinary matter | 一般事项
-- @value meeting_resolution.matter_class.major: 重大事項 | Major matter | 重大事项
-- @value pending: 待表決 | Pending | 待表决
-- @value meeting_resolution.result.passed: 通過 | Passed | 通过
-- @value meeting_resolution.result.failed: 不通過 | Not passed | 不通过

CREATE TABLE community_event ( -- 社區活動 | Community event | 社区活动  #group=public #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    title VARCHAR(200) NOT NULL, -- 活動名稱 | Title | 活动名称
    event_type VARCHAR(30) NOT NULL CHECK (event_type IN ('festival_decor', 'owner_social', 'culture', 'awareness_campaign', 'other')), -- 活動類別 | Type | 活动类别
    start_at TIMESTAMP, -- 開始時間 | Starts | 开始时间
    end_at TIMESTAMP, -- 結束時間 | Ends | 结束时间
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'approved', 'held', 'reviewed', 'cancelled')), -- 狀態 | Status | 状态
    estate_id INTEGER REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    location VARCHAR(200), -- 地點 | Location | 地点
    organiser_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Organiser | 负责人
    budget_amount NUMERIC(12,2) CHECK (budget_amount >= 0), -- 預算 | Budget | 预算
    actual_cost NUMERIC(12,2) CHECK (actual_cost >= 0), -- 實際支出 | Actual cost | 实际支出
    participants INTEGER CHECK (participants >= 0), -- 參加人數 | Participants | 参加人数
    description TEXT, -- 活動內容 | Description | 活动内容
    review TEXT, -- 活動總結 | Review | 活动总结
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT ck_community_event_period CHECK (end_at >= start_at)
);
CREATE INDEX ix_community_event_estate_id ON community_event (estate_id);
CREATE INDEX ix_community_event_organiser_id ON community_event (organiser_id);
CREATE INDEX ix_community_event_status ON community_event (status);
CREATE INDEX ix_community_event_start_at ON community_event (start_at);

-- @value festival_decor: 節日佈置 | Festive decoration | 节日布置
-- @value owner_social: 業戶聯誼 | Residents' social | 业户联谊
-- @value culture: 社區文化 | Community culture | 社区文化
-- @value awareness_campaign: 安全/環保/法規宣傳 | Safety, environment or legal awareness | 安全/环保/法规宣传
-- @value community_event.status.reviewed: 已總結 | Reviewed | 已总结

-- ---------------------------------------------------------------------------------------------
-- Satisfaction surveys (seed 五.3, CR-d, M-l): at least every six months, with analysis
-- ---------------------------------------------------------------------------------------------

CREATE TABLE survey ( -- 滿意度調查 | Survey | 满意度调查  #group=surveys #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 調查編號 | Survey no. | 调查编号  #readonly
    title VARCHAR(200) NOT NULL, -- 調查名稱 | Title | 调查名称
    survey_type VARCHAR(30) NOT NULL DEFAULT 'satisfaction' CHECK (survey_type IN ('satisfaction', 'special_topic')), -- 調查類別 | Type | 调查类别
    period VARCHAR(20), -- 調查期(如2025-H1) | Period (e.g. 2025-H1) | 调查期(如2025-H1)
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'draft', 'published', 'closed', 'analysed', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    start_date DATE, -- 開始日期 | Starts | 开始日期
    end_date DATE, -- 截止日期 | Ends | 截止日期
    target_households INTEGER CHECK (target_households >= 0), -- 已入住戶數 | Occupied households | 已入住户数
    distributed INTEGER CHECK (distributed >= 0), -- 發放份數 | Distributed | 发放份数
    returned_count INTEGER CHECK (returned_count >= 0), -- 回收份數 | Returned | 回收份数
    valid_count INTEGER CHECK (valid_count >= 0), -- 有效份數 | Valid | 有效份数
    is_anonymous BOOLEAN NOT NULL DEFAULT FALSE, -- 匿名 | Anonymous | 匿名
    organiser_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Organiser | 负责人
    introduction TEXT, -- 問卷說明 | Introduction | 问卷说明
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_survey_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_survey_dates CHECK (end_date >= start_date),
    CONSTRAINT ck_survey_returned CHECK (returned_count <= distributed),
    CONSTRAINT ck_survey_valid CHECK (valid_count <= returned_count)
);
CREATE INDEX ix_survey_estate_id ON survey (estate_id);
CREATE INDEX ix_survey_organiser_id ON survey (organiser_id);
CREATE INDEX ix_survey_created_by_id ON survey (created_by_id);
CREATE INDEX ix_survey_status ON survey (status);
CREATE INDEX ix_survey_start_date ON survey (start_date);
CREATE INDEX ix_survey_created_at ON survey (created_at);

-- @value satisfaction: 滿意度調查 | Satisfaction survey | 满意度调查
-- @value special_topic: 專題調查 | Special topic | 专题调查
-- @value survey.status.draft: 設計中 | Being designed | 设计中
-- @value survey.status.published: 已發放 | Distributed | 已发放
-- @value analysed: 已分析 | Analysed | 已分析

CREATE TABLE survey_question ( -- 問卷題目 | Survey question | 问卷题目  #group=surveys #title={seq}. {question_text}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE, -- 調查 | Survey | 调查
    seq INTEGER NOT NULL CHECK (seq > 0), -- 題號 | No. | 题号
    dimension VARCHAR(30) NOT NULL DEFAULT 'overall' CHECK (dimension IN ('reception', 'cleaning', 'greening', 'security_fire', 'facilities_repair', 'overall', 'other')), -- 評價範疇 | Dimension | 评价范畴
    qtype VARCHAR(30) NOT NULL DEFAULT 'scale' CHECK (qtype IN ('scale', 'single', 'multi', 'text')), -- 題型 | Question type | 题型
    question_text VARCHAR(500) NOT NULL, -- 題目 | Question | 题目
    weight NUMERIC(5,2) NOT NULL DEFAULT 1 CHECK (weight >= 0), -- 權重 | Weight | 权重
    is_required BOOLEAN NOT NULL DEFAULT TRUE, -- 必答 | Required | 必答
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_survey_question_survey_seq UNIQUE (survey_id, seq)
);
CREATE INDEX ix_survey_question_survey_id ON survey_question (survey_id);

-- @value reception: 客服接待 | Reception | 客服接待
-- @value survey_question.dimension.cleaning: 保潔 | Cleaning | 保洁
-- @value survey_question.dimension.greening: 綠化 | Landscaping | 绿化
-- @value security_fire: 秩序維護與消防 | Security and fire safety | 秩序维护与消防
-- @value facilities_repair: 設施設備與維修 | Facilities and repairs | 设施设备与维修
-- @value overall: 綜合評價 | Overall | 综合评价
-- @value scale: 評分 | Rating scale | 评分
-- @value single: 單選 | Single choice | 单选
-- @value multi: 多選 | Multiple choice | 多选
-- @value text: 文字 | Free text | 文字

CREATE TABLE survey_option ( -- 問卷選項 | Survey option | 问卷选项  #group=surveys #title={label}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    survey_question_id INTEGER NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE, -- 題目 | Question | 题目
    seq INTEGER NOT NULL CHECK (seq > 0), -- 序號 | No. | 序号
    label VARCHAR(100) NOT NULL, -- 選項 | Option | 选项
    score NUMERIC(5,2), -- 分值 | Score | 分值
    counts_as_satisfied BOOLEAN NOT NULL DEFAULT FALSE, -- 計入滿意 | Counts as satisfied | 计入满意
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_survey_option_question_seq UNIQUE (survey_question_id, seq)
);
CREATE INDEX ix_survey_option_survey_question_id ON survey_option (survey_question_id);

CREATE TABLE survey_response ( -- 問卷答卷 | Survey response | 问卷答卷  #group=surveys #title={survey} {unit} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE, -- 調查 | Survey | 调查
    submitted_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 回收時間 | Returned at | 回收时间
    channel VARCHAR(30) NOT NULL DEFAULT 'paper' CHECK (channel IN ('paper', 'door_to_door', 'phone', 'online', 'wechat')), -- 方式 | Method | 方式
    is_valid BOOLEAN NOT NULL DEFAULT TRUE, -- 有效答卷 | Valid | 有效答卷
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 受訪業戶 | Respondent | 受访业户
    total_score NUMERIC(7,2), -- 總分 | Total score | 总分  #readonly
    collected_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 收集人 | Collected by | 收集人
    suggestions TEXT, -- 意見建議 | Suggestions | 意见建议
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_survey_response_survey_id ON survey_response (survey_id);
CREATE INDEX ix_survey_response_unit_id ON survey_response (unit_id);
CREATE INDEX ix_survey_response_party_id ON survey_response (party_id);
CREATE INDEX ix_survey_response_collected_by_id ON survey_response (collected_by_id);
CREATE INDEX ix_survey_response_submitted_at ON survey_response (submitted_at);

-- @value paper: 紙本問卷 | Paper form | 纸质问卷
-- @value door_to_door: 上門訪問 | Door to door | 上门访问
-- @value survey_response.channel.phone: 電話訪問 | Phone interview | 电话访问

CREATE TABLE survey_answer ( -- 問卷答案 | Survey answer | 问卷答案  #group=surveys #title={survey_question}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    survey_response_id INTEGER NOT NULL REFERENCES survey_response(id) ON DELETE CASCADE, -- 答卷 | Response | 答卷
    survey_question_id INTEGER NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE, -- 題目 | Question | 题目
    survey_option_id INTEGER REFERENCES survey_option(id) ON DELETE SET NULL, -- 所選選項 | Option chosen | 所选选项
    score NUMERIC(5,2), -- 得分 | Score | 得分
    answer_text TEXT, -- 文字回答 | Answer | 文字回答
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_survey_answer_survey_response_id ON survey_answer (survey_response_id);
CREATE INDEX ix_survey_answer_survey_question_id ON survey_answer (survey_question_id);
CREATE INDEX ix_survey_answer_survey_option_id ON survey_answer (survey_option_id);

CREATE TABLE survey_report ( -- 調查分析報告 | Survey report | 调查分析报告  #group=surveys #title={title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE RESTRICT, -- 調查 | Survey | 调查
    title VARCHAR(200) NOT NULL, -- 報告標題 | Title | 报告标题
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')), -- 狀態 | Status | 状态
    satisfaction_rate NUMERIC(5,2) CHECK (satisfaction_rate BETWEEN 0 AND 100), -- 滿意率(%) | Satisfaction rate (%) | 满意率(%)
    satisfaction_index NUMERIC(5,2) CHECK (satisfaction_index BETWEEN 0 AND 100), -- 滿意度指數 | Satisfaction index | 满意度指数
    distribution_rate NUMERIC(5,2) CHECK (distribution_rate BETWEEN 0 AND 100), -- 發放率(%) | Distribution rate (%) | 发放率(%)
    return_rate NUMERIC(5,2) CHECK (return_rate BETWEEN 0 AND 100), -- 回收率(%) | Return rate (%) | 回收率(%)
    author_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 撰寫人 | Author | 撰写人
    approved_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人
    approved_at TIMESTAMP, -- 批准時間 | Approved at | 批准时间
    per_dimension_json TEXT, -- 各範疇結果(JSON) | Results by dimension (JSON) | 各范畴结果(JSON)  #readonly
    trend_note TEXT, -- 與上次比較 | Compared with last survey | 与上次比较
    findings TEXT, -- 主要問題 | Findings | 主要问题
    actions TEXT, -- 改進措施 | Improvement actions | 改进措施
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_survey_report_survey_id ON survey_report (survey_id);
CREATE INDEX ix_survey_report_author_id ON survey_report (author_id);
CREATE INDEX ix_survey_report_approved_by_id ON survey_report (approved_by_id);
CREATE INDEX ix_survey_report_status ON survey_report (status);

-- ---------------------------------------------------------------------------------------------
-- Fees and dunning (seed M-e, CR-i, CR-j): fee items, charges, payments, arrears follow-up
-- ---------------------------------------------------------------------------------------------

CREATE TABLE fee_item ( -- 收費項目 | Fee item | 收费项目  #group=fees #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    code VARCHAR(30), -- 代碼 | Code | 代码
    name VARCHAR(100) NOT NULL, -- 名稱 | Name | 名称
    kind VARCHAR(30) NOT NULL CHECK (kind IN ('management', 'parking', 'water', 'power', 'gas', 'paid_service', 'deposit', 'maintenance_fund', 'renovation', 'other')), -- 費用類別 | Kind | 费用类别
    calc_method VARCHAR(30) NOT NULL DEFAULT 'fixed' CHECK (calc_method IN ('area_x_rate', 'fixed', 'metered', 'per_use')), -- 計費方式 | Calculation | 计费方式
    rate NUMERIC(12,4) CHECK (rate >= 0), -- 單價(每平方米/每度) | Rate (per m² or per unit) | 单价(每平方米/每度)
    fixed_amount NUMERIC(12,2) CHECK (fixed_amount >= 0), -- 固定金額 | Fixed amount | 固定金额
    cycle_months INTEGER NOT NULL DEFAULT 1 CHECK (cycle_months > 0), -- 收費週期(月) | Billing cycle (months) | 收费周期(月)
    due_day INTEGER CHECK (due_day BETWEEN 1 AND 28), -- 每期繳費日 | Due day of month | 每期缴费日
    late_fee_rate_per_day NUMERIC(6,4) CHECK (late_fee_rate_per_day >= 0), -- 每日滯納金率(如0.0030) | Daily late-fee rate (e.g. 0.0030) | 每日滞纳金率(如0.0030)
    grace_days INTEGER NOT NULL DEFAULT 0 CHECK (grace_days >= 0), -- 寬限日數 | Grace days | 宽限天数
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_fee_item_estate_code UNIQUE (estate_id, code)
);
CREATE INDEX ix_fee_item_estate_id ON fee_item (estate_id);

-- @value management: 管理費 | Management fee | 物业管理费
-- @value fee_item.kind.parking: 停車費 | Parking fee | 停车费
-- @value water: 水費 | Water | 水费
-- @value power: 電費 | Electricity | 电费
-- @value gas: 煤氣費 | Gas | 燃气费
-- @value paid_service: 有償服務費 | Paid service | 有偿服务费
-- @value deposit: 按金 | Deposit | 押金
-- @value maintenance_fund: 維修基金 | Maintenance fund | 维修基金
-- @value fee_item.kind.renovation: 裝修費用 | Renovation charges | 装修费用
-- @value area_x_rate: 面積×單價 | Area × rate | 面积×单价
-- @value fee_item.calc_method.fixed: 固定金額 | Fixed amount | 固定金额
-- @value metered: 按錶計費 | Metered | 按表计费
-- @value per_use: 按次計費 | Per use | 按次计费

CREATE TABLE charge ( -- 應收費用 | Charge | 应收费用  #group=fees #title={fee_item} {period_start} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    fee_item_id INTEGER NOT NULL REFERENCES fee_item(id) ON DELETE RESTRICT, -- 收費項目 | Fee item | 收费项目
    period_start DATE, -- 費用期間由 | Period from | 费用期间自
    period_end DATE, -- 費用期間至 | Period to | 费用期间至
    amount_due NUMERIC(12,2) NOT NULL CHECK (amount_due >= 0), -- 應收金額 | Amount due | 应收金额
    due_date DATE NOT NULL, -- 繳費期限 | Due date | 缴费期限
    status VARCHAR(30) NOT NULL DEFAULT 'billed' CHECK (status IN ('billed', 'partially_paid', 'paid', 'overdue', 'waived', 'written_off')), -- 狀態 | Status | 状态
    payer_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 繳費人 | Payer | 缴费人
    discount_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0), -- 減免金額 | Discount | 减免金额
    late_fee NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (late_fee >= 0), -- 滯納金 | Late fee | 滞纳金
    bill_no VARCHAR(30), -- 賬單編號 | Bill no. | 账单编号
    work_order_id INTEGER REFERENCES work_order(id) ON DELETE SET NULL, -- 服務單 | Work order | 服务单
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_charge_unit_fee_item_period UNIQUE (unit_id, fee_item_id, period_start),
    CONSTRAINT ck_charge_period CHECK (period_end >= period_start),
    CONSTRAINT ck_charge_discount CHECK (discount_amount <= amount_due)
);
CREATE INDEX ix_charge_unit_id ON charge (unit_id);
CREATE INDEX ix_charge_fee_item_id ON charge (fee_item_id);
CREATE INDEX ix_charge_payer_party_id ON charge (payer_party_id);
CREATE INDEX ix_charge_work_order_id ON charge (work_order_id);
CREATE INDEX ix_charge_status ON charge (status);
CREATE INDEX ix_charge_due_date ON charge (due_date);
CREATE INDEX ix_charge_period_start ON charge (period_start);
CREATE INDEX ix_charge_created_at ON charge (created_at);
-- The manager's KPIs read a month's charges (collection rate) and the open charges due before a
-- day (arrears) from these two alone, without visiting the rows.
CREATE INDEX ix_charge_collection ON charge (period_start, fee_item_id, status, unit_id, amount_due, discount_amount);
CREATE INDEX ix_charge_owed ON charge (status, due_date, unit_id, amount_due, discount_amount);

-- @value billed: 已出賬 | Billed | 已出账
-- @value partially_paid: 部分繳付 | Partly paid | 部分缴付
-- @value overdue: 逾期 | Overdue | 逾期
-- @value waived: 已豁免 | Waived | 已减免
-- @value written_off: 已撇賬 | Written off | 已核销

CREATE TABLE payment ( -- 收款 | Payment | 收款  #group=fees #title={receipt_no} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    receipt_no VARCHAR(30) NOT NULL, -- 收據編號 | Receipt no. | 收据编号
    paid_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 收款時間 | Paid at | 收款时间
    amount NUMERIC(12,2) NOT NULL CHECK (amount > 0), -- 金額 | Amount | 金额
    method VARCHAR(30) NOT NULL DEFAULT 'cash' CHECK (method IN ('cash', 'octopus', 'fps', 'wechat', 'alipay', 'bank_transfer', 'autopay', 'card', 'cheque', 'offset')), -- 付款方式 | Payment method | 付款方式
    unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    payer_party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 付款人 | Payer | 付款人
    cashier_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 收款人 | Cashier | 收款人
    reference_no VARCHAR(50), -- 交易參考號 | Transaction reference | 交易参考号
    is_voided BOOLEAN NOT NULL DEFAULT FALSE, -- 已作廢 | Voided | 已作废
    void_reason VARCHAR(200), -- 作廢原因 | Reason voided | 作废原因
    notes VARCHAR(200), -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_payment_receipt_no UNIQUE (receipt_no)
);
CREATE INDEX ix_payment_unit_id ON payment (unit_id);
CREATE INDEX ix_payment_payer_party_id ON payment (payer_party_id);
CREATE INDEX ix_payment_cashier_id ON payment (cashier_id);
CREATE INDEX ix_payment_paid_at ON payment (paid_at);
CREATE INDEX ix_payment_created_at ON payment (created_at);

CREATE TABLE payment_allocation ( -- 收款分配 | Payment allocation | 收款分配  #group=fees #title={payment} {charge}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    payment_id INTEGER NOT NULL REFERENCES payment(id) ON DELETE CASCADE, -- 收款 | Payment | 收款
    charge_id INTEGER NOT NULL REFERENCES charge(id) ON DELETE RESTRICT, -- 應收費用 | Charge | 应收费用
    amount NUMERIC(12,2) NOT NULL CHECK (amount > 0), -- 分配金額 | Amount | 分配金额
    late_fee_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (late_fee_amount >= 0), -- 其中滯納金 | Of which late fee | 其中滞纳金
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_payment_allocation_payment_charge UNIQUE (payment_id, charge_id),
    CONSTRAINT ck_payment_allocation_late_fee CHECK (late_fee_amount <= amount)
);
CREATE INDEX ix_payment_allocation_payment_id ON payment_allocation (payment_id);
CREATE INDEX ix_payment_allocation_charge_id ON payment_allocation (charge_id);

CREATE TABLE refusal_reason ( -- 欠繳理由 | Refusal reason | 欠缴理由  #group=fees #title={name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    code VARCHAR(30) NOT NULL, -- 代碼 | Code | 代码
    name VARCHAR(100) NOT NULL, -- 理由 | Reason | 理由
    category VARCHAR(30) NOT NULL DEFAULT 'other' CHECK (category IN ('service_quality', 'repair_unresolved', 'vacancy', 'financial_hardship', 'developer_dispute', 'parking', 'fee_dispute', 'other')), -- 類別 | Category | 类别
    spawns_complaint BOOLEAN NOT NULL DEFAULT FALSE, -- 需轉投訴/維修處理 | Open a complaint or work order | 需转投诉/维修处理
    notify_org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE SET NULL, -- 需通知部門 | Department to inform | 需通知部门
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- 啟用 | Active | 启用
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_refusal_reason_code UNIQUE (code)
);
CREATE INDEX ix_refusal_reason_notify_org_unit_id ON refusal_reason (notify_org_unit_id);

-- @value service_quality: 不滿服務質素 | Unhappy with service | 不满服务质量
-- @value repair_unresolved: 維修未解決 | Repair not resolved | 维修未解决
-- @value refusal_reason.category.vacancy: 單位空置 | Unit vacant | 房屋空置
-- @value financial_hardship: 經濟困難 | Financial hardship | 经济困难
-- @value developer_dispute: 與發展商糾紛 | Dispute with developer | 与开发商纠纷
-- @value refusal_reason.category.parking: 停車問題 | Parking issue | 停车问题
-- @value fee_dispute: 對收費有異議 | Disputes the charge | 对收费有异议

CREATE TABLE dunning_case ( -- 催繳個案 | Dunning case | 催缴个案  #group=fees #title={doc_no} {unit}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 催繳通知書編號 | Reminder no. | 催缴通知书编号  #readonly
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT, -- 單位 | Unit | 单位
    status VARCHAR(30) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'promised', 'deferred', 'settled', 'escalated', 'closed_uncollectable')), -- 狀態 | Status | 状态  #readonly
    stage VARCHAR(30) NOT NULL DEFAULT 'reminder' CHECK (stage IN ('reminder', 'notice', 'phone', 'visit_cs', 'visit_head', 'lawyer_letter', 'litigation')), -- 催繳階段 | Stage | 催缴阶段
    total_arrears NUMERIC(12,2) NOT NULL CHECK (total_arrears >= 0), -- 欠費總額 | Total arrears | 欠费总额
    months_overdue INTEGER CHECK (months_overdue >= 0), -- 欠費月數 | Months overdue | 欠费月数
    next_action_date DATE, -- 下次跟進日期 | Next action on | 下次跟进日期
    assignee_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Assignee | 负责人
    party_id INTEGER REFERENCES party(id) ON DELETE RESTRICT, -- 欠費業戶 | Debtor | 欠费业户
    opened_on DATE NOT NULL DEFAULT CURRENT_DATE, -- 立案日期 | Opened on | 立案日期
    oldest_period DATE, -- 最早欠費期間 | Oldest unpaid period | 最早欠费期间
    refusal_reason_id INTEGER REFERENCES refusal_reason(id) ON DELETE RESTRICT, -- 欠繳理由 | Reason given | 欠缴理由
    refusal_detail TEXT, -- 理由詳情 | Reason in detail | 理由详情
    promised_date DATE, -- 承諾繳費日期 | Promised to pay by | 承诺缴费日期
    promised_amount NUMERIC(12,2) CHECK (promised_amount >= 0), -- 承諾繳費金額 | Promised amount | 承诺缴费金额
    deferral_until DATE, -- 批准緩繳至 | Deferred until | 批准缓缴至
    reported_to_manager_at TIMESTAMP, -- 已報部門經理時間 | Reported to the manager at | 已报部门经理时间
    complaint_id INTEGER REFERENCES complaint(id) ON DELETE SET NULL, -- 轉投訴 | Complaint opened | 转投诉
    closed_at TIMESTAMP, -- 結案時間 | Closed at | 结案时间  #readonly
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_dunning_case_doc_no UNIQUE (doc_no),
    CONSTRAINT ck_dunning_case_promise CHECK (promised_amount <= total_arrears)
);
CREATE INDEX ix_dunning_case_unit_id ON dunning_case (unit_id);
CREATE INDEX ix_dunning_case_assignee_id ON dunning_case (assignee_id);
CREATE INDEX ix_dunning_case_party_id ON dunning_case (party_id);
CREATE INDEX ix_dunning_case_refusal_reason_id ON dunning_case (refusal_reason_id);
CREATE INDEX ix_dunning_case_complaint_id ON dunning_case (complaint_id);
CREATE INDEX ix_dunning_case_created_by_id ON dunning_case (created_by_id);
CREATE INDEX ix_dunning_case_status ON dunning_case (status);
CREATE INDEX ix_dunning_case_next_action_date ON dunning_case (next_action_date);
CREATE INDEX ix_dunning_case_created_at ON dunning_case (created_at);

-- @value promised: 承諾繳費 | Promised to pay | 承诺缴费
-- @value dunning_case.status.deferred: 批准緩繳 | Deferred (approved) | 批准缓缴
-- @value dunning_case.status.settled: 已清繳 | Settled | 已清缴
-- @value closed_uncollectable: 無法收回結案 | Closed, uncollectable | 无法收回结案
-- @value dunning_case.stage.reminder: 到期提醒 | Reminder | 到期提醒
-- @value notice: 催繳通知書 | Written reminder | 催缴通知书
-- @value dunning_case.stage.phone: 電話催繳 | Phone call | 电话催缴
-- @value visit_cs: 客服上門 | Visit by customer service | 客服上门
-- @value visit_head: 中心經理上門 | Visit by centre director | 中心经理上门
-- @value lawyer_letter: 律師信 | Lawyer's letter | 律师函
-- @value litigation: 法律訴訟 | Legal action | 法律诉讼

CREATE TABLE dunning_action ( -- 催繳記錄 | Dunning action | 催缴记录  #group=fees #title={dunning_case} {method}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    dunning_case_id INTEGER NOT NULL REFERENCES dunning_case(id) ON DELETE CASCADE, -- 催繳個案 | Dunning case | 催缴个案
    performed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 催繳時間 | Done at | 催缴时间
    method VARCHAR(30) NOT NULL CHECK (method IN ('sms', 'wechat', 'phone', 'letter', 'door', 'notice_board', 'email')), -- 方式 | Method | 方式
    result VARCHAR(30) CHECK (result IN ('reached', 'promised', 'paid', 'refused', 'unreachable', 'disputed')), -- 結果 | Result | 结果
    staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 催繳人 | Done by | 催缴人
    refusal_reason_id INTEGER REFERENCES refusal_reason(id) ON DELETE RESTRICT, -- 欠繳理由 | Reason given | 欠缴理由
    signed_by_name VARCHAR(100), -- 簽收人 | Signed for by | 签收人
    note TEXT, -- 記錄 | Note | 记录
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_dunning_action_dunning_case_id ON dunning_action (dunning_case_id);
CREATE INDEX ix_dunning_action_staff_id ON dunning_action (staff_id);
CREATE INDEX ix_dunning_action_refusal_reason_id ON dunning_action (refusal_reason_id);
CREATE INDEX ix_dunning_action_performed_at ON dunning_action (performed_at);

-- @value door: 上門 | Door visit | 上门
-- @value notice_board: 張貼公示 | Posted on notice board | 张贴公示
-- @value reached: 已聯絡上 | Reached | 已联系上
-- @value dunning_action.result.refused: 拒絕繳費 | Refused | 拒绝缴费
-- @value unreachable: 未能聯絡 | Unreachable | 未能联系
-- @value disputed: 有爭議 | Disputed | 有争议

-- ---------------------------------------------------------------------------------------------
-- Documents and plans (seed 八, M-d, M-e, M-m, M-q, CR-g): controlled documents, annual plan
-- and budget, environmental aspects and hazards, service signage
-- ---------------------------------------------------------------------------------------------

CREATE TABLE document ( -- 受控文件 | Document | 受控文件  #group=docs #title={doc_code} {title} #attachments
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_code VARCHAR(30) NOT NULL, -- 文件編號 | Document code | 文件编号
    title VARCHAR(200) NOT NULL, -- 文件名稱 | Title | 文件名称
    category VARCHAR(30) NOT NULL CHECK (category IN ('admin_file', 'work_manual', 'quality_record', 'form_template', 'contract', 'minutes', 'regulation', 'other')), -- 類別 | Category | 类别
    revision VARCHAR(20) NOT NULL DEFAULT 'A/0', -- 版次 | Revision | 版次
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'effective', 'superseded', 'archived')), -- 狀態 | Status | 状态
    effective_date DATE, -- 生效日期 | Effective date | 生效日期
    review_due DATE, -- 下次評審日期 | Review due | 下次评审日期
    owner_org_unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT, -- 歸口部門 | Owning department | 归口部门
    retention_years INTEGER CHECK (retention_years >= 0), -- 保存年限 | Keep for (years) | 保存年限
    storage_location VARCHAR(200), -- 存放位置 | Kept at | 存放位置
    summary TEXT, -- 內容摘要 | Summary | 内容摘要
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_document_code_revision UNIQUE (doc_code, revision)
);
CREATE INDEX ix_document_owner_org_unit_id ON document (owner_org_unit_id);
CREATE INDEX ix_document_status ON document (status);
CREATE INDEX ix_document_review_due ON document (review_due);

-- @value admin_file: 行政文件 | Administrative file | 行政文件
-- @value work_manual: 工作手冊 | Work manual | 工作手册
-- @value quality_record: 質量記錄 | Quality record | 质量记录
-- @value form_template: 表格範本 | Form template | 表格模板
-- @value document.category.contract: 合約 | Contract | 合同
-- @value minutes: 會議紀要 | Minutes | 会议纪要
-- @value document.category.regulation: 規章制度 | Regulation | 规章制度
-- @value in_review: 審核中 | In review | 审核中

CREATE TABLE document_change_proposal ( -- 文件修改建議 | Document change proposal | 文件修改建议  #group=docs #title={document} {proposed_on}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE, -- 文件 | Document | 文件
    proposed_on DATE NOT NULL DEFAULT CURRENT_DATE, -- 提出日期 | Proposed on | 提出日期
    status VARCHAR(30) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected', 'incorporated')), -- 狀態 | Status | 状态
    section_ref VARCHAR(100), -- 涉及章節 | Section | 涉及章节
    proposer_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 建議人 | Proposed by | 建议人
    decided_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 決定人 | Decided by | 决定人
    decided_at TIMESTAMP, -- 決定時間 | Decided at | 决定时间
    proposal TEXT NOT NULL, -- 修改建議 | Proposed change | 修改建议
    reason TEXT, -- 理由 | Reason | 理由
    decision_note TEXT, -- 處理意見 | Decision note | 处理意见
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_document_change_proposal_document_id ON document_change_proposal (document_id);
CREATE INDEX ix_document_change_proposal_proposer_id ON document_change_proposal (proposer_id);
CREATE INDEX ix_document_change_proposal_decided_by_id ON document_change_proposal (decided_by_id);
CREATE INDEX ix_document_change_proposal_status ON document_change_proposal (status);

-- @value document_change_proposal.status.accepted: 已採納 | Accepted | 已采纳
-- @value incorporated: 已納入新版 | Incorporated | 已纳入新版

CREATE TABLE annual_plan ( -- 年度工作計劃 | Annual plan | 年度工作计划  #group=docs #title={plan_year} {title}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    plan_year INTEGER NOT NULL CHECK (plan_year BETWEEN 2000 AND 2100), -- 年度 | Year | 年度
    title VARCHAR(200) NOT NULL, -- 計劃名稱 | Title | 计划名称
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'in_progress', 'completed', 'cancelled')), -- 狀態 | Status | 状态
    forecast_occupancy_rate NUMERIC(5,2) CHECK (forecast_occupancy_rate BETWEEN 0 AND 100), -- 預測入住率(%) | Forecast occupancy (%) | 预测入住率(%)
    target_collection_rate NUMERIC(5,2) CHECK (target_collection_rate BETWEEN 0 AND 100), -- 目標收繳率(%) | Target collection rate (%) | 目标收缴率(%)
    target_satisfaction_rate NUMERIC(5,2) CHECK (target_satisfaction_rate BETWEEN 0 AND 100), -- 目標滿意率(%) | Target satisfaction (%) | 目标满意率(%)
    approved_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人
    approved_at TIMESTAMP, -- 批准時間 | Approved at | 批准时间
    goals TEXT, -- 工作目標 | Goals | 工作目标
    occupancy_forecast_note TEXT, -- 入住情況預測分析 | Occupancy forecast | 入住情况预测分析
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_annual_plan_org_unit_year UNIQUE (org_unit_id, plan_year)
);
CREATE INDEX ix_annual_plan_org_unit_id ON annual_plan (org_unit_id);
CREATE INDEX ix_annual_plan_approved_by_id ON annual_plan (approved_by_id);
CREATE INDEX ix_annual_plan_status ON annual_plan (status);

CREATE TABLE plan_item ( -- 計劃事項 | Plan item | 计划事项  #group=docs #title={goal}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    annual_plan_id INTEGER NOT NULL REFERENCES annual_plan(id) ON DELETE CASCADE, -- 年度計劃 | Annual plan | 年度计划
    seq INTEGER CHECK (seq > 0), -- 序號 | No. | 序号
    goal VARCHAR(200) NOT NULL, -- 工作目標 | Goal | 工作目标
    status VARCHAR(30) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')), -- 狀態 | Status | 状态
    due_date DATE, -- 完成期限 | Due date | 完成期限
    progress_pct NUMERIC(5,2) NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100), -- 進度(%) | Progress (%) | 进度(%)
    responsible_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Responsible | 负责人
    measure VARCHAR(200), -- 衡量指標 | Measure | 衡量指标
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_plan_item_annual_plan_id ON plan_item (annual_plan_id);
CREATE INDEX ix_plan_item_responsible_id ON plan_item (responsible_id);
CREATE INDEX ix_plan_item_status ON plan_item (status);
CREATE INDEX ix_plan_item_due_date ON plan_item (due_date);

-- @value done: 已完成 | Done | 已完成
-- @value dropped: 已取消 | Dropped | 已取消

CREATE TABLE budget_line ( -- 預算項目 | Budget line | 预算项目  #group=docs #title={budget_year} {item_name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    budget_year INTEGER NOT NULL CHECK (budget_year BETWEEN 2000 AND 2100), -- 年度 | Year | 年度
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    category VARCHAR(30) NOT NULL CHECK (category IN ('staff_cost', 'training', 'materials', 'office', 'events', 'decoration', 'outsourcing', 'equipment', 'other')), -- 類別 | Category | 类别
    item_name VARCHAR(100) NOT NULL, -- 預算項目 | Item | 预算项目
    amount_budgeted NUMERIC(12,2) NOT NULL CHECK (amount_budgeted >= 0), -- 預算金額 | Budget | 预算金额
    annual_plan_id INTEGER REFERENCES annual_plan(id) ON DELETE SET NULL, -- 年度計劃 | Annual plan | 年度计划
    notes TEXT, -- 備註 | Notes | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_budget_line_unit_year_item UNIQUE (org_unit_id, budget_year, item_name)
);
CREATE INDEX ix_budget_line_org_unit_id ON budget_line (org_unit_id);
CREATE INDEX ix_budget_line_annual_plan_id ON budget_line (annual_plan_id);

-- @value staff_cost: 人工成本 | Staff costs | 人工成本
-- @value budget_line.category.training: 培訓 | Training | 培训
-- @value materials: 物料消耗 | Materials | 物料消耗
-- @value budget_line.category.office: 辦公費用 | Office expenses | 办公费用
-- @value events: 活動費用 | Events | 活动费用
-- @value decoration: 節日佈置 | Decoration | 节日布置
-- @value outsourcing: 外判服務 | Outsourced services | 外包服务
-- @value equipment: 設備 | Equipment | 设备

CREATE TABLE aspect_hazard_register ( -- 環境因素/危險源登記 | Aspects and hazards register | 环境因素/危险源登记  #group=docs #title={activity}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 部門 | Organisation unit | 部门
    kind VARCHAR(30) NOT NULL CHECK (kind IN ('environmental_aspect', 'hazard', 'legal_requirement')), -- 類別 | Kind | 类别
    activity VARCHAR(200) NOT NULL, -- 活動/場所 | Activity or place | 活动/场所
    significance VARCHAR(30) NOT NULL DEFAULT 'general' CHECK (significance IN ('significant', 'general')), -- 重要程度 | Significance | 重要程度
    status VARCHAR(30) NOT NULL DEFAULT 'identified' CHECK (status IN ('identified', 'approved', 'reviewed', 'obsolete')), -- 狀態 | Status | 状态
    legal_ref VARCHAR(200), -- 適用法規 | Legal reference | 适用法规
    identified_on DATE, -- 識別日期 | Identified on | 识别日期
    review_due DATE, -- 下次評審日期 | Review due | 下次评审日期
    approved_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 批准人 | Approved by | 批准人
    approved_at TIMESTAMP, -- 批准時間 | Approved at | 批准时间
    description TEXT NOT NULL, -- 描述 | Description | 描述
    impact TEXT, -- 影響/後果 | Impact | 影响/后果
    controls TEXT, -- 控制措施 | Controls | 控制措施
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_aspect_hazard_register_org_unit_id ON aspect_hazard_register (org_unit_id);
CREATE INDEX ix_aspect_hazard_register_approved_by_id ON aspect_hazard_register (approved_by_id);
CREATE INDEX ix_aspect_hazard_register_status ON aspect_hazard_register (status);
CREATE INDEX ix_aspect_hazard_register_review_due ON aspect_hazard_register (review_due);

-- @value environmental_aspect: 環境因素 | Environmental aspect | 环境因素
-- @value hazard: 危險源 | Hazard | 危险源
-- @value legal_requirement: 適用法律法規 | Legal requirement | 适用法律法规
-- @value significant: 重要 | Significant | 重要
-- @value identified: 已識別 | Identified | 已识别
-- @value aspect_hazard_register.status.reviewed: 已複審 | Reviewed | 已复审
-- @value obsolete: 已失效 | Obsolete | 已失效

CREATE TABLE signage ( -- 服務標識 | Signage | 服务标识  #group=docs #title={location}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    estate_id INTEGER NOT NULL REFERENCES estate(id) ON DELETE RESTRICT, -- 物業項目 | Estate | 物业项目
    building_id INTEGER REFERENCES building(id) ON DELETE SET NULL, -- 樓宇 | Building | 楼宇
    location VARCHAR(200) NOT NULL, -- 位置 | Location | 位置
    sign_type VARCHAR(30) NOT NULL CHECK (sign_type IN ('directional', 'safety_warning', 'fire', 'service_info', 'notice_board', 'prohibition', 'other')), -- 標識類別 | Sign type | 标识类别
    status VARCHAR(30) NOT NULL DEFAULT 'good' CHECK (status IN ('good', 'damaged', 'replaced', 'removed')), -- 狀況 | Condition | 状况
    content VARCHAR(200), -- 標識內容 | Wording | 标识内容
    installed_on DATE, -- 安裝日期 | Installed on | 安装日期
    last_checked_on DATE, -- 最近檢查日期 | Last checked | 最近检查日期
    next_check_due DATE, -- 下次檢查日期 | Next check due | 下次检查日期
    responsible_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 負責人 | Responsible | 负责人
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP -- 更新時間 | Updated at | 更新时间
);
CREATE INDEX ix_signage_estate_id ON signage (estate_id);
CREATE INDEX ix_signage_building_id ON signage (building_id);
CREATE INDEX ix_signage_responsible_id ON signage (responsible_id);
CREATE INDEX ix_signage_status ON signage (status);
CREATE INDEX ix_signage_next_check_due ON signage (next_check_due);

-- @value directional: 指示標識 | Directional | 指示标识
-- @value safety_warning: 安全警示 | Safety warning | 安全警示
-- @value signage.sign_type.fire: 消防標識 | Fire safety | 消防标识
-- @value service_info: 服務信息 | Service information | 服务信息
-- @value signage.sign_type.notice_board: 公告欄 | Notice board | 公告栏
-- @value prohibition: 禁止標識 | Prohibition | 禁止标识
-- @value good: 完好 | Good | 完好
-- @value replaced: 已更換 | Replaced | 已更换

-- ---------------------------------------------------------------------------------------------
-- Quality and purchasing, continued (seed 三.3, M-d): material purchase requests and stock
-- movements (after budget_line, which a request is charged to)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE purchase_request ( -- 物料申購 | Purchase request | 物料申购  #group=quality #title={doc_no} {org_unit}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30), -- 申購單編號 | Request no. | 申购单编号  #readonly
    status VARCHAR(30) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'dept_approved', 'finance_checked', 'head_approved', 'rejected', 'returned', 'ordered', 'received', 'closed', 'cancelled')), -- 狀態 | Status | 状态  #readonly
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT, -- 申購部門 | Requesting unit | 申购部门
    requester_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, -- 申購人 | Requested by | 申购人
    urgency VARCHAR(30) NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')), -- 緊急程度 | Urgency | 紧急程度
    total_estimate NUMERIC(12,2) CHECK (total_estimate >= 0), -- 預計總額 | Estimated total | 预计总额
    needed_by DATE, -- 需用日期 | Needed by | 需用日期
    budget_line_id INTEGER REFERENCES budget_line(id) ON DELETE RESTRICT, -- 預算項目 | Budget line | 预算项目
    reason TEXT NOT NULL, -- 申購用途 | Purpose | 申购用途
    submitted_at TIMESTAMP, -- 提交時間 | Submitted at | 提交时间  #readonly
    approved_at TIMESTAMP, -- 批准時間 | Approved at | 批准时间  #readonly
    ordered_at TIMESTAMP, -- 訂購時間 | Ordered at | 订购时间
    goods_received_at TIMESTAMP, -- 到貨驗收時間 | Goods received at | 到货验收时间
    created_by_id INTEGER REFERENCES app_user(id) ON DELETE RESTRICT, -- 經辦用戶 | Created by | 经办用户  #readonly
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    updated_at TIMESTAMP, -- 更新時間 | Updated at | 更新时间
    CONSTRAINT uq_purchase_request_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_purchase_request_org_unit_id ON purchase_request (org_unit_id);
CREATE INDEX ix_purchase_request_requester_id ON purchase_request (requester_id);
CREATE INDEX ix_purchase_request_budget_line_id ON purchase_request (budget_line_id);
CREATE INDEX ix_purchase_request_created_by_id ON purchase_request (created_by_id);
CREATE INDEX ix_purchase_request_status ON purchase_request (status);
CREATE INDEX ix_purchase_request_needed_by ON purchase_request (needed_by);
CREATE INDEX ix_purchase_request_created_at ON purchase_request (created_at);

-- @value finance_checked: 財務已審核 | Checked by finance | 财务已审核
-- @value head_approved: 中心經理已批准 | Approved by centre director | 中心经理已批准
-- @value ordered: 已訂購 | Ordered | 已订购
-- @value purchase_request.status.received: 已到貨 | Goods received | 已到货
-- @value normal: 一般 | Normal | 一般

CREATE TABLE purchase_request_line ( -- 申購明細 | Purchase request line | 申购明细  #group=quality #title={item_name}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    purchase_request_id INTEGER NOT NULL REFERENCES purchase_request(id) ON DELETE CASCADE, -- 申購單 | Purchase request | 申购单
    item_name VARCHAR(100) NOT NULL, -- 物品名稱 | Item | 物品名称
    spec VARCHAR(100), -- 規格型號 | Specification | 规格型号
    qty NUMERIC(10,2) NOT NULL CHECK (qty > 0), -- 數量 | Quantity | 数量
    measure_unit VARCHAR(20), -- 單位 | Unit of measure | 单位
    est_unit_price NUMERIC(12,2) CHECK (est_unit_price >= 0), -- 預計單價 | Estimated unit price | 预计单价
    amount NUMERIC(12,2) CHECK (amount >= 0), -- 金額 | Amount | 金额
    stock_item_id INTEGER REFERENCES stock_item(id) ON DELETE RESTRICT, -- 庫存物料 | Stock item | 库存物料
    suggested_vendor_id INTEGER REFERENCES vendor(id) ON DELETE SET NULL, -- 建議供應商 | Suggested supplier | 建议供应商
    purpose VARCHAR(200), -- 用途 | Purpose | 用途
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_purchase_request_line_purchase_request_id ON purchase_request_line (purchase_request_id);
CREATE INDEX ix_purchase_request_line_stock_item_id ON purchase_request_line (stock_item_id);
CREATE INDEX ix_purchase_request_line_suggested_vendor_id ON purchase_request_line (suggested_vendor_id);

CREATE TABLE stock_movement ( -- 出入庫記錄 | Stock movement | 出入库记录  #group=quality #title={stock_item} {movement_type} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    stock_item_id INTEGER NOT NULL REFERENCES stock_item(id) ON DELETE RESTRICT, -- 物料 | Stock item | 物料
    movement_type VARCHAR(30) NOT NULL CHECK (movement_type IN ('receipt', 'issue', 'return', 'adjust_in', 'adjust_out')), -- 類型 | Movement | 类型
    qty NUMERIC(10,2) NOT NULL CHECK (qty > 0), -- 數量 | Quantity | 数量
    moved_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 日期時間 | Moved at | 日期时间
    unit_cost NUMERIC(12,2) CHECK (unit_cost >= 0), -- 單價 | Unit cost | 单价
    issued_to_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 領用人 | Issued to | 领用人
    handled_by_id INTEGER REFERENCES staff(id) ON DELETE SET NULL, -- 經手人 | Handled by | 经手人
    purchase_request_id INTEGER REFERENCES purchase_request(id) ON DELETE SET NULL, -- 申購單 | Purchase request | 申购单
    work_order_id INTEGER REFERENCES work_order(id) ON DELETE SET NULL, -- 服務單 | Work order | 服务单
    note VARCHAR(200), -- 備註 | Note | 备注
    version INTEGER NOT NULL DEFAULT 1, -- 版本 | Version | 版本
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 建立時間 | Created at | 创建时间
);
CREATE INDEX ix_stock_movement_stock_item_id ON stock_movement (stock_item_id);
CREATE INDEX ix_stock_movement_issued_to_id ON stock_movement (issued_to_id);
CREATE INDEX ix_stock_movement_handled_by_id ON stock_movement (handled_by_id);
CREATE INDEX ix_stock_movement_purchase_request_id ON stock_movement (purchase_request_id);
CREATE INDEX ix_stock_movement_work_order_id ON stock_movement (work_order_id);
CREATE INDEX ix_stock_movement_moved_at ON stock_movement (moved_at);

-- @value receipt: 入庫 | Received into stock | 入库
-- @value stock_movement.movement_type.issue: 領用出庫 | Issued | 领用出库
-- @value stock_movement.movement_type.return: 退庫 | Returned to stock | 退库
-- @value adjust_in: 盤盈調整 | Adjustment (gain) | 盘盈调整
-- @value adjust_out: 盤虧調整 | Adjustment (loss) | 盘亏调整

-- ---------------------------------------------------------------------------------------------
-- Cross-cutting: workflow history and approvals, numbered documents, audit, attachments
-- ---------------------------------------------------------------------------------------------

CREATE TABLE status_history ( -- 流程紀錄 | Workflow history | 流程记录  #group=system #append_only #title={flow} #{subject_id} {to_status} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    flow VARCHAR(64) NOT NULL, -- 流程 | Flow | 流程
    subject_table VARCHAR(64) NOT NULL, -- 資料表 | Table | 数据表  #choices=tables
    subject_id INTEGER NOT NULL, -- 記錄編號 | Record ID | 记录编号
    transition VARCHAR(64) NOT NULL, -- 動作 | Action | 动作
    from_status VARCHAR(30), -- 原狀態 | From | 原状态
    to_status VARCHAR(30) NOT NULL, -- 新狀態 | To | 新状态
    actor_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL, -- 操作人 | By | 操作人
    comment TEXT, -- 意見 | Comment | 意见
    due_at TIMESTAMP, -- 此狀態期限 | Due in this state by | 此状态期限
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 時間 | At | 时间
);
CREATE INDEX ix_status_history_subject ON status_history (subject_table, subject_id, id);
CREATE INDEX ix_status_history_due ON status_history (subject_table, due_at);  -- the inbox: earliest deadline first
CREATE INDEX ix_status_history_actor ON status_history (actor_id);
CREATE INDEX ix_status_history_created ON status_history (created_at);

-- Where each record stands in its flow: its latest status_history entry, one row per record, kept
-- by the database as entries are written. The inbox walks open deadlines in due_at order and the
-- overview counts current states here; in status_history, every deadline a record ever had stays
-- in the index, so those walks grew with the history.
CREATE TABLE workflow_position ( -- 流程現況 | Workflow position | 流程现况  #group=system #append_only #title={flow} #{subject_id} {status} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    flow VARCHAR(64) NOT NULL, -- 流程 | Flow | 流程
    subject_table VARCHAR(64) NOT NULL, -- 資料表 | Table | 数据表  #choices=tables
    subject_id INTEGER NOT NULL, -- 記錄編號 | Record ID | 记录编号
    status VARCHAR(30) NOT NULL, -- 目前狀態 | Current status | 当前状态
    since TIMESTAMP NOT NULL, -- 進入狀態時間 | In this status since | 进入状态时间
    due_at TIMESTAMP, -- 此狀態期限 | Due in this status by | 此状态期限
    history_id INTEGER NOT NULL REFERENCES status_history(id) ON DELETE CASCADE, -- 流程紀錄 | History entry | 流程记录
    CONSTRAINT uq_workflow_position_subject UNIQUE (subject_table, subject_id)
);
CREATE INDEX ix_workflow_position_due ON workflow_position (subject_table, due_at, subject_id);  -- the inbox: earliest deadline first
CREATE INDEX ix_workflow_position_status ON workflow_position (subject_table, status);  -- the overview's open states
CREATE INDEX ix_workflow_position_history_id ON workflow_position (history_id);
-- @dialect sqlite
CREATE TRIGGER status_history_position AFTER INSERT ON status_history BEGIN
    INSERT INTO workflow_position (flow, subject_table, subject_id, status, since, due_at, history_id)
    VALUES (new.flow, new.subject_table, new.subject_id, new.to_status, new.created_at, new.due_at, new.id)
    ON CONFLICT (subject_table, subject_id) DO UPDATE SET flow = excluded.flow, status = excluded.status,
        since = excluded.since, due_at = excluded.due_at, history_id = excluded.history_id
    WHERE excluded.history_id > workflow_position.history_id;
END;
-- @dialect postgresql
CREATE FUNCTION pd_workflow_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO workflow_position (flow, subject_table, subject_id, status, since, due_at, history_id)
    VALUES (NEW.flow, NEW.subject_table, NEW.subject_id, NEW.to_status, NEW.created_at, NEW.due_at, NEW.id)
    ON CONFLICT (subject_table, subject_id) DO UPDATE SET flow = excluded.flow, status = excluded.status,
        since = excluded.since, due_at = excluded.due_at, history_id = excluded.history_id
    WHERE excluded.history_id > workflow_position.history_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER status_history_position AFTER INSERT ON status_history FOR EACH ROW EXECUTE FUNCTION pd_workflow_position();
-- @dialect all

CREATE TABLE approval_step ( -- 審批步驟 | Approval step | 审批步骤  #group=system #append_only #title={flow} #{subject_id} {step_no}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    flow VARCHAR(64) NOT NULL, -- 流程 | Flow | 流程
    subject_table VARCHAR(64) NOT NULL, -- 資料表 | Table | 数据表  #choices=tables
    subject_id INTEGER NOT NULL, -- 記錄編號 | Record ID | 记录编号
    transition VARCHAR(64) NOT NULL, -- 審批動作 | Approval action | 审批动作
    round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1), -- 輪次 | Round | 轮次
    step_no INTEGER NOT NULL CHECK (step_no >= 1), -- 步驟 | Step | 步骤
    approver_role_id INTEGER NOT NULL REFERENCES app_role(id) ON DELETE RESTRICT, -- 審批角色 | Approver role | 审批角色
    mode VARCHAR(10) NOT NULL DEFAULT 'single' CHECK (mode IN ('single', 'all', 'any')), -- 方式 | Mode | 方式
    decision VARCHAR(10) NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')), -- 決定 | Decision | 决定
    approver_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL, -- 審批人 | Approved by | 审批人
    decided_at TIMESTAMP, -- 審批時間 | Decided at | 审批时间
    comment TEXT, -- 意見 | Comment | 意见
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 建立時間 | Created at | 创建时间
    CONSTRAINT uq_approval_step_subject UNIQUE (subject_table, subject_id, transition, round, step_no, approver_id)
);
CREATE INDEX ix_approval_step_subject ON approval_step (subject_table, subject_id);
CREATE INDEX ix_approval_step_role ON approval_step (approver_role_id);
CREATE INDEX ix_approval_step_approver ON approval_step (approver_id);
-- @value approval_step.mode.single: 單人審批 | Single approver | 单人审批
-- @value approval_step.mode.all: 會簽(全部同意) | All must sign | 会签(全部同意)
-- @value approval_step.mode.any: 或簽(任一同意) | Any may sign | 或签(任一同意)
-- @value approval_step.decision.pending: 待審批 | Pending | 待审批

CREATE TABLE doc_sequence ( -- 單據編號序列 | Document number sequence | 单据编号序列  #group=system #append_only #title={doc_type} {seq_year}
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_type VARCHAR(30) NOT NULL, -- 單據類型 | Document type | 单据类型
    seq_year INTEGER NOT NULL CHECK (seq_year BETWEEN 2000 AND 2999), -- 年度 | Year | 年度
    next_no INTEGER NOT NULL DEFAULT 1 CHECK (next_no >= 1), -- 下一個號碼 | Next number | 下一个号码
    CONSTRAINT uq_doc_sequence_type_year UNIQUE (doc_type, seq_year)
);

CREATE TABLE generated_document ( -- 文件存檔 | Document archive | 文件存档  #group=docs #append_only #title={doc_no} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    doc_no VARCHAR(30) NOT NULL, -- 文件編號 | Document no. | 文件编号  #readonly
    doc_type VARCHAR(40) NOT NULL, -- 文件類型 | Document type | 文件类型  #readonly
    subject_table VARCHAR(64) NOT NULL, -- 來源資料表 | Source table | 来源数据表  #choices=tables #readonly
    subject_id INTEGER NOT NULL, -- 來源記錄 | Source record | 来源记录  #readonly
    subject_version INTEGER, -- 來源版本 | Source version | 来源版本  #readonly
    unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL, -- 單位 | Unit | 单位  #readonly
    file_path VARCHAR(300) NOT NULL, -- 檔案位置 | File | 文件位置  #hidden
    sha256 VARCHAR(64) NOT NULL, -- SHA-256 | SHA-256 | SHA-256  #readonly
    page_count INTEGER CHECK (page_count >= 0), -- 頁數 | Pages | 页数  #readonly
    generated_by_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL, -- 產生人 | Generated by | 生成人  #readonly
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 產生時間 | Generated at | 生成时间
    CONSTRAINT uq_generated_document_doc_no UNIQUE (doc_no)
);
CREATE INDEX ix_generated_document_subject ON generated_document (subject_table, subject_id);
CREATE INDEX ix_generated_document_unit ON generated_document (unit_id);
CREATE INDEX ix_generated_document_type ON generated_document (doc_type);
CREATE INDEX ix_generated_document_generated_by ON generated_document (generated_by_id);
CREATE INDEX ix_generated_document_created ON generated_document (created_at);

CREATE TABLE audit_log ( -- 操作紀錄 | Audit log | 操作记录  #group=system #append_only #title={action} {table_name} #{record_id} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    action VARCHAR(20) NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'revert', 'login', 'login_failed', 'logout', 'export', 'reveal', 'transition', 'print')), -- 操作 | Action | 操作
    table_name VARCHAR(64), -- 資料表 | Table | 数据表  #choices=tables
    record_id INTEGER, -- 記錄編號 | Record ID | 记录编号
    user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL, -- 用戶 | User | 用户
    username VARCHAR(50), -- 登入名稱 | Username | 登录名
    changes TEXT, -- 變更內容(JSON) | Changes (JSON) | 变更内容(JSON)
    ip_address VARCHAR(45), -- IP 位址 | IP address | IP 地址
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP -- 時間 | At | 时间
);
CREATE INDEX ix_audit_log_record ON audit_log (table_name, record_id);
CREATE INDEX ix_audit_log_user ON audit_log (user_id);
CREATE INDEX ix_audit_log_created ON audit_log (created_at);
-- @value insert: 新增 | Insert | 新增
-- @value update: 修改 | Update | 修改
-- @value delete: 刪除 | Delete | 删除
-- @value revert: 還原 | Revert | 还原
-- @value login: 登入 | Login | 登录
-- @value login_failed: 登入失敗 | Failed login | 登录失败
-- @value logout: 登出 | Logout | 退出
-- @value export: 匯出 | Export | 导出
-- @value reveal: 查看個人資料 | Personal data revealed | 查看个人资料
-- @value transition: 流程操作 | Workflow action | 流程操作
-- @value print: 列印 | Print | 打印

-- Files attached to records of tables tagged #attachments. The bytes live under the instance
-- folder, named by their SHA-256 (storage_key); a row is never deleted: removing an attachment
-- records who and when, and the file stays for the history.
CREATE TABLE attachment ( -- 附件 | Attachment | 附件  #group=docs #append_only #title={filename} #large
    id INTEGER NOT NULL PRIMARY KEY, -- 編號 | ID | 编号
    owner_table VARCHAR(64) NOT NULL, -- 所屬資料表 | Record table | 所属数据表  #choices=tables #readonly
    owner_id INTEGER NOT NULL, -- 所屬記錄 | Record ID | 所属记录  #readonly
    filename VARCHAR(200) NOT NULL, -- 檔案名稱 | File name | 文件名称  #readonly
    content_type VARCHAR(100) NOT NULL, -- 檔案類型 | File type | 文件类型  #readonly
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0), -- 大小(位元組) | Size (bytes) | 大小(字节)  #readonly
    sha256 VARCHAR(64) NOT NULL, -- SHA-256 | SHA-256 | SHA-256  #readonly
    storage_key VARCHAR(100) NOT NULL, -- 存放位置 | Storage key | 存放位置  #hidden
    caption VARCHAR(200), -- 說明 | Caption | 说明  #readonly
    uploaded_by_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL, -- 上載人 | Uploaded by | 上传人  #readonly
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, -- 上載時間 | Uploaded at | 上传时间
    removed_at TIMESTAMP, -- 移除時間 | Removed at | 移除时间  #readonly
    removed_by_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL -- 移除人 | Removed by | 移除人  #readonly
);
CREATE INDEX ix_attachment_owner ON attachment (owner_table, owner_id);
CREATE INDEX ix_attachment_sha256 ON attachment (sha256);
CREATE INDEX ix_attachment_uploaded_by ON attachment (uploaded_by_id);
CREATE INDEX ix_attachment_removed_by ON attachment (removed_by_id);
CREATE INDEX ix_attachment_created ON attachment (created_at);
