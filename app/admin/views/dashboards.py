"""Dashboards: the supervisor's day, the manager's KPIs, survey entry and analysis, exports, PDFs.

Thin adapters over app.reports: parse the filters, check the role (403 otherwise, and no menu
entry), call the aggregate queries, render. Downloads are POSTs: each one writes an audit row.
"""

import re
from datetime import date
from datetime import datetime

from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_admin import BaseView
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.admin.access import LoginOr403
from app.audit import recorder
from app.extensions import db
from app.i18n import LazyText
from app.i18n import _
from app.privacy import mask
from app.reports import charts
from app.reports import export
from app.reports import kpis
from app.reports import pdf
from app.reports import supervisor as day
from app.reports import survey as surveys
from app.reports.catalogue import KPIS
from app.reports.figures_cache import FiguresCache
from app.reports.periods import Month
from app.reports.periods import last_months
from app.reports.scope import Scope
from app.reports.snapshot import SnapshotError
from app.reports.snapshot import freeze_month
from app.reports.sqlx import Ratio
from app.reports.tables import Col
from app.reports.tables import L
from app.reports.tables import ReportTable
from app.schema import registry_of
from app.schema.annotations import current_lang

SUPERVISOR_ROLES = ("supervisor", "manager", "director")
MANAGER_ROLES = ("manager", "director")
CATEGORY = LazyText("Reports")
FIGURES_CACHE = "propertydesk_kpi_figures"
FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}


def _registry():
    return registry_of(current_app)


def _has_role(roles):
    return current_user.is_authenticated and (current_user.role in roles or current_user.grants.is_admin)


def _now():
    """The clock the reports read (tests and demos may pin it with REPORTS_NOW)."""
    pinned = current_app.config.get("REPORTS_NOW")
    return pinned if isinstance(pinned, datetime) else datetime.now()


# ------------------------------------------------------------------------------------------------
# Display helpers: one place turns values into text, "—" when there is no value
# ------------------------------------------------------------------------------------------------

DASH = "—"


def fmt(value, kind="text", pii=None):
    if isinstance(value, Ratio):
        value = value.pct
        kind = "pct" if kind in ("text", "ratio") else kind
    if value is None or value == "":
        return DASH
    if pii:
        return mask(str(value), pii)
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "money":
        return f"{value:,.2f}"
    if kind in ("hours", "index"):
        return f"{value:.1f}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def month_title(month):
    if current_lang.get() == "en":
        return month.start.strftime("%b %Y")
    return f"{month.year}年{month.month}月"


def month_tick(month):
    if current_lang.get() == "en":
        return month.start.strftime("%b")
    return f"{month.month}月"


def choice_label(table, column, value):
    if value is None:
        return None
    col = _registry().spec(table).columns[column]
    return str(col.choice_labels.get(value, value)) if col.choices else value


# ------------------------------------------------------------------------------------------------
# Filters: estate (limited to the user's estates), building, month
# ------------------------------------------------------------------------------------------------

class Filters:
    """The filters of a dashboard request, checked against what the user may see."""

    def __init__(self, values, today):
        t = _registry().metadata.tables
        allowed = current_user.grants.estate_ids  # None: every estate
        estate_q = select(t["estate"].c.id, t["estate"].c.name).order_by(t["estate"].c.code, t["estate"].c.id)
        if allowed is not None:
            estate_q = estate_q.where(t["estate"].c.id.in_(allowed))
        self.estates = [(r.id, r.name) for r in db.session.execute(estate_q)]
        self.estate_id = _int(values.get("estate"))
        if self.estate_id not in {e for e, _n in self.estates}:
            self.estate_id = None
        self.buildings = []
        self.building_id = None
        if self.estate_id:
            b = t["building"]
            self.buildings = [(r.id, r.name) for r in db.session.execute(
                select(b.c.id, b.c.name).where(b.c.estate_id == self.estate_id).order_by(b.c.code, b.c.id))]
            self.building_id = _int(values.get("building"))
            if self.building_id not in {i for i, _n in self.buildings}:
                self.building_id = None
        current = Month.of(today)
        self.month = Month.parse(values.get("month"), current)
        if self.month > current:
            self.month = current
        if self.estate_id:
            estate_ids = (self.estate_id,)
        else:
            estate_ids = tuple(allowed) if allowed is not None else None
        self.scope = Scope(estate_ids=estate_ids, building_id=self.building_id)

    @property
    def estate_name(self):
        return dict(self.estates).get(self.estate_id, _("All estates"))

    @property
    def building_name(self):
        return dict(self.buildings).get(self.building_id, _("All buildings"))

    def query(self):
        """The filters as request values (for links and the hidden fields of export forms)."""
        out = {"month": self.month.label}
        if self.estate_id:
            out["estate"] = str(self.estate_id)
        if self.building_id:
            out["building"] = str(self.building_id)
        return out

    def described(self):
        """The filters in words, for exports, the audit log and printed headers."""
        return {_("Estate"): self.estate_name, _("Building"): self.building_name, _("Month"): self.month.label}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------------
# Base view: role gate, 403, export endpoint shared by the dashboards
# ------------------------------------------------------------------------------------------------

class ReportView(LoginOr403, BaseView):
    roles = ()
    template = None

    def is_accessible(self):
        return _has_role(self.roles)

    def tables(self, filters, now):
        """{name: ReportTable} for this dashboard and filters (what the page shows and exports);
        a page without exportable tables has none, so its export URL answers 404."""
        return {}

    def can_export(self, table):
        return table.source_table is None or current_user.can("export", table.source_table)

    @expose("/export/<table_name>.<fmt>", methods=("POST",))
    def export(self, table_name, fmt):
        if fmt not in FORMATS:
            abort(404)
        now = _now()
        filters = Filters(request.form, now.date())
        tables = self.tables(filters, now)
        table = tables.get(table_name)
        if table is None:
            abort(404)
        if not self.can_export(table):
            abort(403)
        lang = current_lang.get()
        described = filters.described()
        body = export.to_csv(table, lang) if fmt == "csv" else export.to_xlsx(table, lang, described)
        record_export(table, fmt, filters, len(table.rows), self.endpoint)
        db.session.commit()
        return _download(body, fmt, f"{table.name}-{filters.month.label}")


def record_export(table, fmt, filters, rows, report):
    """One audit_log row per download: who, which table, which filters."""
    changes = {"report": f"{report}.{table.name}", "format": fmt, "rows": rows, "month": filters.month.label,
               "estate_id": filters.estate_id, "building_id": filters.building_id,
               "estate_ids": list(filters.scope.estate_ids) if filters.scope.estate_ids is not None else None}
    recorder.record(db.session, _registry().metadata, "export", table.source_table or "estate", None, changes)


def _download(body, fmt, stem):
    mimetype, ext = FORMATS.get(fmt, ("application/pdf", fmt))
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", stem)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}.{ext}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------------------------
# Supervisor dashboard: today's work
# ------------------------------------------------------------------------------------------------

class SupervisorDashboard(ReportView):
    roles = SUPERVISOR_ROLES

    def compute(self, filters, now):
        reg, s, scope = _registry(), db.session, filters.scope
        return {"overdue": day.overdue_complaints(s, reg, scope, now), "follow": day.follow_ups_due(s, reg, scope, now),
                "passes": day.passes_this_week(s, reg, scope, now), "dunning": day.dunning_due(s, reg, scope, now)}

    def tables(self, filters, now, data=None):
        data = data or self.compute(filters, now)
        overdue, follow, passes, dunning = data["overdue"], data["follow"], data["passes"], data["dunning"]
        for r in overdue.rows:
            r["severity"] = choice_label("complaint", "severity", r["severity"])
            r["status"] = choice_label("complaint", "status", r["status"])
            r["_url"] = url_for("complaint.details_view", id=r["id"])
        for r in follow.rows:
            r["_url"] = url_for("complaint.details_view", id=r["id"])
        for r in passes.not_returned:
            r["status"] = choice_label("goods_release_pass", "status", r["status"])
            r["_url"] = url_for("goods_release_pass.details_view", id=r["id"])
        for r in dunning.rows:
            r["stage"] = choice_label("dunning_case", "stage", r["stage"])
            r["status"] = choice_label("dunning_case", "status", r["status"])
            r["_url"] = url_for("dunning_case.details_view", id=r["id"])
        tables = {
            "overdue_complaints": ReportTable(
                "overdue_complaints", L("逾期投訴", "Overdue complaints", "逾期投诉"),
                [Col("doc_no", L("編號", "No.")), Col("subject", L("摘要", "Subject")),
                 Col("severity", L("嚴重程度", "Severity")), Col("status", L("狀態", "Status")),
                 Col("unit", L("單位", "Unit")), Col("complainant_name", L("投訴人", "Complainant", "投诉人")),
                 Col("phone", L("電話", "Phone", "电话"), pii="phone"),
                 Col("due_at", L("期限", "Due"), "datetime")],
                overdue.rows, "complaint"),
            "follow_ups_due": ReportTable(
                "follow_ups_due", L("今日應回訪", "Follow-ups due", "今日应回访"),
                [Col("doc_no", L("編號", "No.")), Col("subject", L("摘要", "Subject")),
                 Col("unit", L("單位", "Unit")), Col("complainant_name", L("投訴人", "Complainant", "投诉人")),
                 Col("phone", L("電話", "Phone", "电话"), pii="phone"),
                 Col("resolved_at", L("處理完成", "Resolved", "处理完成"), "datetime"),
                 Col("due_at", L("回訪期限", "Follow up by", "回访期限"), "datetime")],
                follow.rows, "complaint"),
            "passes_not_returned": ReportTable(
                "passes_not_returned", L("本週未交回放行條", "Passes not yet returned this week", "本周未交回放行条"),
                [Col("doc_no", L("編號", "No.")), Col("unit", L("單位", "Unit")),
                 Col("applicant_name", L("申請人", "Applicant", "申请人")),
                 Col("applicant_phone", L("電話", "Phone", "电话"), pii="phone"),
                 Col("status", L("狀態", "Status")), Col("issued_at", L("開具時間", "Issued", "开具时间"), "datetime"),
                 Col("released_at", L("放行時間", "Released", "放行时间"), "datetime")],
                passes.not_returned, "goods_release_pass"),
            "dunning_due": ReportTable(
                "dunning_due", L("今日到期催繳", "Dunning actions due", "今日到期催缴"),
                [Col("doc_no", L("編號", "No.")), Col("unit", L("單位", "Unit")),
                 Col("debtor", L("欠費業戶", "Debtor", "欠费业户")), Col("phone", L("電話", "Phone", "电话"), pii="phone"),
                 Col("stage", L("催繳階段", "Stage", "催缴阶段")), Col("status", L("狀態", "Status")),
                 Col("total_arrears", L("欠費總額", "Arrears", "欠费总额"), "money"),
                 Col("due_on", L("跟進日期", "Due on", "跟进日期"), "date")],
                dunning.rows, "dunning_case"),
        }
        return tables

    @expose("/")
    def index(self):
        now = _now()
        filters = Filters(request.args, now.date())
        data = self.compute(filters, now)
        tables = self.tables(filters, now, data)
        passes = data["passes"]
        chart = charts.bar_chart([_("Issued"), _("Released"), _("Returned to desk")],
                                 [(_("Passes"), [passes.issued, passes.released, passes.returned])],
                                 title=_("Passes issued vs returned this week"), width=420, height=200)
        return self.render("admin/dashboard_supervisor.html", f=filters, tables=tables, counts=data,
                           now=now, passes_chart=Markup(chart), cell=cell_text, can_export=self.can_export)


# ------------------------------------------------------------------------------------------------
# Manager dashboard: KPIs by estate, building and month, twelve-month trends
# ------------------------------------------------------------------------------------------------

def _names(table, ids):
    t = _registry().metadata.tables[table]
    if not ids:
        return {}
    return {r.id: r.name for r in db.session.execute(select(t.c.id, t.c.name).where(t.c.id.in_(list(ids))))}


class ManagerDashboard(ReportView):
    roles = MANAGER_ROLES

    def compute(self, filters, now, refresh=False):
        reg, s, scope, month = _registry(), db.session, filters.scope, filters.month
        today = now.date()
        every = int(current_app.config.get("RENOVATION_INSPECTION_EVERY_DAYS", 2))
        months = last_months(month, 12)
        by = "building" if filters.estate_id else "estate"

        def figures():
            return {"summary": kpis.month_summary(s, reg, scope, month, today, every),
                    "series": kpis.trend(s, reg, scope, months, today),
                    "groups": {} if filters.building_id else kpis.by_group(s, reg, scope, month, today, by),
                    "severity": kpis.complaint_times_by_severity(s, reg, scope, month),
                    "categories": kpis.complaints_by_category(s, reg, scope, month)}

        key = (self.endpoint, tuple(sorted(filters.query().items())), scope.estate_ids, today, every)
        fig, computed_at = current_app.extensions[FIGURES_CACHE].get(key, figures, refresh=refresh)
        summary, series, groups = fig["summary"], fig["series"], fig["groups"]
        severity, categories = fig["severity"], fig["categories"]
        window = surveys.surveys(s, reg, scope.estate_ids, months[0].start, month.end)
        latest = {}
        for sv in window:
            latest.setdefault(sv.estate_id, sv)
        dims = surveys.dimension_results(s, reg, [sv.id for sv in latest.values()], filters.building_id)
        return {"month": month, "months": months, "summary": summary, "series": series, "by": by, "groups": groups,
                "severity": severity, "categories": categories, "surveys": window, "latest_surveys": latest,
                "dims": dims, "every_days": every, "computed_at": computed_at}

    def tables(self, filters, now, data=None):
        data = data or self.compute(filters, now)
        sm, series = data["summary"], data["series"]
        dims = data["dims"]
        k = KPIS
        kpi_rows = []

        def add(code, value, numerator=None, denominator=None):
            kpi_rows.append({"kpi": str(k[code].name), "value": value, "numerator": numerator,
                             "denominator": denominator, "formula": str(k[code].formula), "_kind": k[code].kind,
                             "_code": code})

        coll, occ, inc, comp = sm["collection"], sm["occupancy"], sm["income"], sm["complaints"]
        add("collection_amount", coll.amount_rate, coll.collected, coll.due)
        add("collection_households", coll.household_rate, coll.households_paid, coll.households)
        add("arrears_recovery", sm["recovery"], sm["recovery"].numerator, sm["recovery"].denominator)
        add("arrears_total", sm["ageing"].total, None, None)
        occ_has = occ.source != "none"
        add("occupancy", occ.occupancy_rate if occ_has else None, occ.occupied if occ_has else None,
            occ.delivered if occ_has else None)
        add("vacancy", occ.vacancy_rate if occ_has else None, occ.vacant if occ_has else None,
            occ.delivered if occ_has else None)
        add("paid_service_income", inc.amount, inc.orders, None)
        add("complaints_received", comp.received)
        add("complaint_timeliness", comp.timeliness, comp.resolved_on_time, comp.resolved)
        add("follow_up_rate", comp.follow_up_rate, comp.closed_followed_up, comp.closed)
        add("reopen_rate", comp.reopen_rate, comp.closed_reopened, comp.closed)
        add("response_hours", comp.response_hours)
        add("resolve_hours", comp.resolve_hours)
        add("satisfaction_rate", dims["all"].rate, dims["all"].satisfied, dims["all"].answers)
        add("satisfaction_index", dims["all"].index.pct, None, None)
        dist = Ratio()
        ret = Ratio()
        for sv in data["latest_surveys"].values():
            dist = dist + sv.distribution_rate
            ret = ret + sv.return_rate
        add("distribution_rate", dist, dist.numerator, dist.denominator)
        add("return_rate", ret, ret.numerator, ret.denominator)
        cov = sm["coverage"]
        add("inspection_coverage", cov.rate, cov.made, cov.due)
        budget = sm["budget"]["total"]
        add("budget_execution", budget, budget.numerator, budget.denominator)
        tr = sm["training"]
        add("training_completion", tr.completion, tr.held, tr.planned)
        add("training_attendance", tr.attendance, tr.attended, tr.expected)

        labels = series["labels"]
        trend_rows = []
        for i, label in enumerate(labels):
            trend_rows.append({
                "month": label, "collection_amount": series["collection_amount"][i],
                "collection_households": series["collection_households"][i],
                "occupancy": series["occupancy"][i], "vacancy": series["vacancy"][i],
                "paid_service_income": series["paid_service_income"][i],
                "paid_service_orders": series["paid_service_orders"][i],
                "complaints_received": series["complaints_received"][i],
                "complaint_timeliness": series["complaint_timeliness"][i],
                "follow_up_rate": series["follow_up_rate"][i], "reopen_rate": series["reopen_rate"][i]})

        def kcol(code, kind=None, key=None):
            return Col(key or code, k[code].name, kind or k[code].kind, title=str(k[code].formula))

        tables = {
            "kpi_summary": ReportTable(
                "kpi_summary", L("本月關鍵指標", "Key figures of the month", "本月关键指标"),
                [Col("kpi", L("指標", "KPI", "指标")), Col("value", L("數值", "Value", "数值"), "auto"),
                 Col("numerator", L("分子", "Numerator", "分子"), "auto"),
                 Col("denominator", L("分母", "Denominator", "分母"), "auto"),
                 Col("formula", L("計算公式", "Formula", "计算公式"))],
                kpi_rows, "charge"),
            "trend": ReportTable(
                "trend", L("近十二個月趨勢", "Last twelve months", "近十二个月趋势"),
                [Col("month", L("月份", "Month")), kcol("collection_amount"), kcol("collection_households"),
                 kcol("occupancy"), kcol("vacancy"), kcol("paid_service_income"),
                 Col("paid_service_orders", L("有償服務單數", "Paid-service orders", "有偿服务单数"), "int"),
                 kcol("complaints_received", "int"), kcol("complaint_timeliness"), kcol("follow_up_rate"),
                 kcol("reopen_rate")],
                trend_rows, "charge"),
        }
        groups = data["groups"]
        if groups:
            names = _names("building" if data["by"] == "building" else "estate", groups.keys())
            rows = []
            for gid, g in sorted(groups.items(), key=lambda kv: names.get(kv[0], "")):
                o = g["occupancy"]
                rows.append({"name": names.get(gid, gid), "collection_amount": g["collection"].amount_rate,
                             "collection_households": g["collection"].household_rate,
                             "arrears_total": g["ageing"].total if g["ageing"] else 0.0,
                             "occupancy": o.occupancy_rate if o.source != "none" else None,
                             "vacancy": o.vacancy_rate if o.source != "none" else None,
                             "paid_service_income": g["income"].amount,
                             "complaints_received": g["complaints"].received,
                             "complaint_timeliness": g["complaints"].timeliness,
                             "follow_up_rate": g["complaints"].follow_up_rate,
                             "reopen_rate": g["complaints"].reopen_rate})
            title = L("各樓宇比較", "By building", "各楼宇比较") if data["by"] == "building" else \
                L("各項目比較", "By estate", "各项目比较")
            tables["by_group"] = ReportTable(
                "by_group", title,
                [Col("name", L("樓宇", "Building", "楼宇") if data["by"] == "building" else L("項目", "Estate", "项目")),
                 kcol("collection_amount"), kcol("collection_households"), kcol("arrears_total"), kcol("occupancy"),
                 kcol("vacancy"), kcol("paid_service_income"), kcol("complaints_received", "int"),
                 kcol("complaint_timeliness"), kcol("follow_up_rate"), kcol("reopen_rate")],
                rows, "charge")
        ageing = sm["ageing"]
        bucket_names = {"0-30": L("0–30 天", "0–30 days", "0–30 天"), "31-90": L("31–90 天", "31–90 days", "31–90 天"),
                        "91-180": L("91–180 天", "91–180 days", "91–180 天"),
                        ">180": L("180 天以上", "Over 180 days", "180 天以上")}
        tables["ageing"] = ReportTable(
            "ageing", L("欠費賬齡（截至 {}）".format(ageing.as_of.isoformat()),
                        "Arrears ageing (as of {})".format(ageing.as_of.isoformat()),
                        "欠费账龄（截至 {}）".format(ageing.as_of.isoformat())),
            [Col("bucket", L("逾期日數", "Days past due", "逾期天数")),
             Col("amount", L("欠費金額", "Amount owed", "欠费金额"), "money", title=str(k["arrears_total"].formula)),
             Col("charges", L("筆數", "Charges", "笔数"), "int"), Col("units", L("戶數", "Units", "户数"), "int")],
            [{"bucket": str(bucket_names[b]), **v} for b, v in ageing.buckets.items()], "charge")
        sev_rows = [{"severity": choice_label("complaint", "severity", sev), **v}
                    for sev, v in data["severity"].items()]
        tables["complaint_times"] = ReportTable(
            "complaint_times", L("投訴響應及辦結時長（按嚴重程度）", "Complaint response and resolution times by severity",
                                 "投诉响应及办结时长（按严重程度）"),
            [Col("severity", L("嚴重程度", "Severity")), Col("received", L("受理宗數", "Received", "受理宗数"), "int"),
             Col("responded", L("已響應", "Responded", "已响应"), "int"),
             Col("resolved", L("已處理完成", "Resolved", "已处理完成"), "int"),
             kcol("response_hours"), kcol("resolve_hours")],
            sev_rows, "complaint")
        dim_rows = []
        for dim, r in dims.items():
            name = _("All dimensions") if dim == "all" else choice_label("survey_question", "dimension", dim)
            dim_rows.append({"dimension": name, "answers": r.answers, "satisfied": r.satisfied,
                             "satisfaction_rate": r.rate, "satisfaction_index": r.index.pct})
        tables["satisfaction"] = ReportTable(
            "satisfaction", L("滿意度（按評價範疇）", "Satisfaction by dimension", "满意度（按评价范畴）"),
            [Col("dimension", L("評價範疇", "Dimension", "评价范畴")), Col("answers", L("答案數", "Answers", "答案数"), "int"),
             Col("satisfied", L("滿意", "Satisfied", "满意"), "int"), kcol("satisfaction_rate"),
             kcol("satisfaction_index")],
            dim_rows, "survey")
        survey_rows = [{"title": sv.title, "period": sv.period, "target": sv.target, "distributed": sv.distributed,
                        "returned": sv.returned_or_entered, "valid": sv.valid_or_entered,
                        "distribution_rate": sv.distribution_rate, "return_rate": sv.return_rate,
                        "_url": url_for("survey_reports.analysis", survey_id=sv.id)}
                       for sv in data["surveys"]]
        tables["surveys"] = ReportTable(
            "surveys", L("滿意度調查（近十二個月）", "Surveys in the last twelve months", "满意度调查（近十二个月）"),
            [Col("title", L("調查", "Survey", "调查")), Col("period", L("調查期", "Period", "调查期")),
             Col("target", L("已入住戶數", "Occupied households", "已入住户数"), "int"),
             Col("distributed", L("發放", "Distributed", "发放"), "int"),
             Col("returned", L("回收", "Returned", "回收"), "int"), Col("valid", L("有效", "Valid", "有效"), "int"),
             kcol("distribution_rate"), kcol("return_rate")],
            survey_rows, "survey")
        budget_rows = [{"category": _("Total") if cat == "total" else choice_label("budget_line", "category", cat),
                        "budget": r.denominator, "spent": r.numerator, "rate": r}
                       for cat, r in sorted(sm["budget"].items(), key=lambda kv: kv[0] == "total")]
        tables["budget"] = ReportTable(
            "budget", L("{} 年度預算執行".format(data["month"].year), "Budget execution {}".format(data["month"].year),
                        "{} 年度预算执行".format(data["month"].year)),
            [Col("category", L("類別", "Category", "类别")), Col("budget", L("預算", "Budget", "预算"), "money"),
             Col("spent", L("已批准支出", "Approved spend", "已批准支出"), "money"),
             Col("rate", k["budget_execution"].name, "pct", title=str(k["budget_execution"].formula))],
            budget_rows, "budget_line")
        tables["training"] = ReportTable(
            "training", L("{} 年度培訓".format(data["month"].year), "Training {}".format(data["month"].year),
                          "{} 年度培训".format(data["month"].year)),
            [Col("planned", L("計劃場次", "Planned sessions", "计划场次"), "int"),
             Col("held", L("已舉行", "Held", "已举行"), "int"), kcol("training_completion", key="completion"),
             Col("expected", L("應出席人次", "Expected", "应出席人次"), "int"),
             Col("attended", L("出席人次", "Attended", "出席人次"), "int"),
             kcol("training_attendance", key="attendance"), Col("passed", L("考核合格", "Passed", "考核合格"), "int"),
             Col("staff_trained", L("受訓員工", "Staff trained", "受训员工"), "int")],
            [{"planned": tr.planned, "held": tr.held, "completion": tr.completion, "expected": tr.expected,
              "attended": tr.attended, "attendance": tr.attendance, "passed": tr.passed,
              "staff_trained": tr.staff_trained}], "training_session")
        return tables

    def charts(self, data):
        s = data["series"]
        ticks = [month_tick(m) for m in data["months"]]
        k = KPIS
        c = {
            "collection": charts.line_chart(
                ticks, [(str(k["collection_amount"].name), s["collection_amount"]),
                        (str(k["collection_households"].name), s["collection_households"])],
                title=_("Fee collection rate, last 12 months"), unit="%", y_max=100, target=95,
                target_label=_("Target")),
            "occupancy": charts.line_chart(
                ticks, [(str(k["occupancy"].name), s["occupancy"]), (str(k["vacancy"].name), s["vacancy"])],
                title=_("Occupancy and vacancy, last 12 months"), unit="%", y_max=100, target_label=_("Target")),
            "income": charts.bar_chart(ticks, [(str(k["paid_service_income"].name), s["paid_service_income"])],
                                       title=_("Paid-service income, last 12 months")),
            "complaints": charts.bar_chart(ticks, [(str(k["complaints_received"].name), s["complaints_received"])],
                                           title=_("Complaints received, last 12 months")),
            "complaint_rates": charts.line_chart(
                ticks, [(str(k["complaint_timeliness"].name), s["complaint_timeliness"]),
                        (str(k["follow_up_rate"].name), s["follow_up_rate"]),
                        (str(k["reopen_rate"].name), s["reopen_rate"])],
                title=_("Complaint handling, last 12 months"), unit="%", y_max=100, target_label=_("Target")),
        }
        ageing = data["summary"]["ageing"]
        c["ageing"] = charts.hbar_chart(
            [(n, ageing.buckets[b]["amount"]) for b, n in
             (("0-30", _("0–30 days")), ("31-90", _("31–90 days")), ("91-180", _("91–180 days")),
              (">180", _("Over 180 days")))], title=_("Arrears ageing"))
        c["categories"] = charts.hbar_chart(
            [(choice_label("complaint", "category", cat), n) for cat, n in data["categories"].items()]
            or [(_("None"), None)], title=_("Complaints by category"))
        dims = [(choice_label("survey_question", "dimension", d), r.rate.pct)
                for d, r in data["dims"].items() if d != "all"]
        c["satisfaction"] = charts.hbar_chart(dims or [(_("None"), None)], title=_("Satisfaction by dimension"),
                                              unit="%", x_max=100, target=90, target_label=_("Target"))
        return {name: Markup(svg) for name, svg in c.items()}

    @expose("/")
    def index(self):
        now = _now()
        filters = Filters(request.args, now.date())
        data = self.compute(filters, now, refresh=request.args.get("refresh") == "1")
        tables = self.tables(filters, now, data)
        return self.render("admin/dashboard_manager.html", f=filters, data=data, tables=tables,
                           cards=kpi_cards(tables["kpi_summary"].rows), charts=self.charts(data), cell=cell_text,
                           month_title=month_title, now=now,
                           can_export=self.can_export, can_freeze=current_user.can("create", "occupancy_snapshot"))

    @expose("/freeze", methods=("POST",))
    def freeze(self):
        if not (current_user.can("create", "occupancy_snapshot") and current_user.can("edit", "occupancy_snapshot")):
            abort(403)
        now = _now()
        filters = Filters(request.form, now.date())
        estate_ids = [filters.estate_id] if filters.estate_id else [e for e, _n in filters.estates]
        made = kept = 0
        try:
            for estate_id in estate_ids:
                _row, created = freeze_month(db.session, _registry(), estate_id, filters.month, now)
                made += created
                kept += not created
            db.session.commit()
        except SnapshotError:
            db.session.rollback()
            flash(_("Only the current or the previous month can be frozen."), "error")
        else:
            flash(_("Occupancy frozen for %(month)s: %(made)s new, %(kept)s already locked.",
                    month=filters.month.label, made=made, kept=kept), "success")
        return redirect(url_for(".index", **filters.query()))

    @expose("/monthly", methods=("GET", "POST"))
    def monthly(self):
        """The monthly report: a print view (GET) or a PDF download (POST, recorded)."""
        now = _now()
        values = request.form if request.method == "POST" else request.args
        filters = Filters(values, now.date())
        data = self.compute(filters, now)
        tables = self.tables(filters, now, data)
        context = monthly_context(filters, data, tables, self.charts(data), now)
        if request.method == "GET":
            return Response(pdf.render_html("reports/monthly_report.html", context), mimetype="text/html")
        body = pdf.render_pdf("reports/monthly_report.html", context)
        table = ReportTable("monthly_report", L("月報", "Monthly report", "月报"), [], [], "occupancy_snapshot")
        record_export(table, "pdf", filters, 1, self.endpoint)
        db.session.commit()
        return _download(body, "pdf", f"monthly-report-{filters.month.label}")


def plain_table(table):
    """A ReportTable as plain strings for the PDF template."""
    return {"title": str(table.title), "header": [str(c.label) for c in table.columns],
            "kinds": [c.kind for c in table.columns],
            "rows": [[cell_text(c, row) for c in table.columns] for row in table.rows]}


MONEY_PARTS = {"collection_amount", "arrears_recovery", "budget_execution"}


def cell_text(col, row):
    """One table cell as text; "auto" columns (the KPI summary) take the row's own kind."""
    value = row.get(col.key)
    kind = col.kind
    if kind == "auto":
        if col.key == "value":
            kind = {"count": "int"}.get(row.get("_kind"), row.get("_kind") or "text")
        else:
            kind = "money" if row.get("_code") in MONEY_PARTS else "int"
    return fmt(value, kind, col.pii)


def kpi_cards(rows):
    """The KPI summary rows as cards: value, "numerator / denominator", formula, colour against the target."""
    cards = {}
    for r in rows:
        k = KPIS[r["_code"]]
        value = cell_text(Col("value", k.name, "auto"), r)
        sub = ""
        if r.get("numerator") is not None and r.get("denominator") is not None and r.get("denominator"):
            sub = cell_text(Col("numerator", k.name, "auto"), r) + " / " + cell_text(Col("denominator", k.name, "auto"), r)
        elif k.code == "paid_service_income" and r.get("numerator") is not None:
            sub = _("%(n)s orders", n=r["numerator"])
        status = ""
        pct = r["value"].pct if isinstance(r["value"], Ratio) else (r["value"] if k.kind == "index" else None)
        if k.target is not None and pct is not None:
            status = "pd-kpi-ok" if pct >= k.target else "pd-kpi-low"
        cards[k.code] = {"code": k.code, "name": str(k.name), "formula": str(k.formula), "value": value, "sub": sub,
                         "status": status}
    return cards


def monthly_context(filters, data, tables, chart_svgs, now):
    """Plain values only (no ORM objects): the PDF template sees strings and numbers."""
    lang = current_lang.get()
    return {
        "lang": {"zh_Hant": "zh-Hant", "en": "en", "zh_Hans": "zh-Hans"}[lang],
        "title": _("Monthly report"), "app_name": _("PropertyDesk"),
        "month": month_title(filters.month), "estate": filters.estate_name, "building": filters.building_name,
        "generated": now.strftime("%Y-%m-%d %H:%M"), "generated_label": _("Generated"),
        "cards": [{"name": r["kpi"], "value": cell_text(Col("value", L("", ""), "auto"), r), "formula": r["formula"]}
                  for r in tables["kpi_summary"].rows],
        "sections": [plain_table(tables[n]) for n in ("trend", "by_group", "ageing", "complaint_times",
                                                       "satisfaction", "budget", "training") if n in tables],
        "charts": [str(chart_svgs[n]) for n in ("collection", "occupancy", "income", "complaints")],
        "formulas_title": _("How the figures are calculated"),
        "occupancy_note": _("Closed months come from the locked monthly snapshot; “—” means no snapshot."),
    }


# ------------------------------------------------------------------------------------------------
# Surveys: the list, keyboard-first entry of paper questionnaires, the analysis report
# ------------------------------------------------------------------------------------------------

class SurveyReports(ReportView):
    roles = SUPERVISOR_ROLES

    def is_accessible(self):
        return _has_role(self.roles) or self._can_enter()

    def is_visible(self):
        return _has_role(self.roles)

    @staticmethod
    def _can_enter():
        return current_user.is_authenticated and current_user.can("create", "survey_response") and \
            current_user.can("create", "survey_answer") and current_user.can("view", "survey")

    def _survey(self, survey_id):
        allowed = current_user.grants.estate_ids
        found = surveys.surveys(db.session, _registry(), allowed, survey_id=survey_id)
        if not found:
            abort(404)
        return found[0]

    @expose("/")
    def index(self):
        if not _has_role(self.roles):
            abort(403)
        rows = surveys.surveys(db.session, _registry(), current_user.grants.estate_ids)
        names = _names("estate", {s.estate_id for s in rows})
        return self.render("admin/dashboard_surveys.html", surveys=rows, names=names, fmt=fmt,
                           status_label=lambda v: choice_label("survey", "status", v),
                           can_enter=self._can_enter())

    @expose("/<int:survey_id>/entry", methods=("GET", "POST"))
    def entry(self, survey_id):
        if not self._can_enter():
            abort(403)
        sv = self._survey(survey_id)
        questions = surveys.questionnaire(db.session, _registry(), survey_id)
        error = None
        if request.method == "POST":
            choices, texts = {}, {}
            for q in questions:
                picked = request.form.getlist(f"q{q['id']}")
                if q["qtype"] == "text":
                    texts[q["id"]] = (request.form.get(f"q{q['id']}") or "")[:2000]
                else:
                    choices[q["id"]] = [i for i in (_int(p) for p in picked) if i is not None]
            unit_code = (request.form.get("unit") or "").strip()[:30]
            unit_id = self._unit_id(sv.estate_id, unit_code) if unit_code else None
            try:
                if unit_code and unit_id is None:
                    raise surveys.SurveyEntryError(_("No unit %(code)s in this estate.", code=unit_code))
                surveys.record_response(
                    db.session, _registry(), survey_id, choices, texts, unit_id=unit_id,
                    channel=request.form.get("channel") if request.form.get("channel") in (
                        "paper", "door_to_door", "phone") else "paper",
                    is_valid=request.form.get("invalid") != "1",
                    suggestions_text=(request.form.get("suggestions") or "")[:4000],
                    collected_by_id=current_user.staff_id, now=_now())
                db.session.commit()
            except surveys.SurveyEntryError as exc:
                db.session.rollback()
                error = _(str(exc)) if not str(exc).startswith("Unanswered") else \
                    _("Unanswered required questions: %(seqs)s", seqs=str(exc).split(": ", 1)[1])
            else:
                n = surveys.entered_count(db.session, _registry(), survey_id)
                flash(_("Response %(n)s saved. Next one.", n=n), "success")
                return redirect(url_for(".entry", survey_id=survey_id, channel=request.form.get("channel", "paper")))
        entered = surveys.entered_count(db.session, _registry(), survey_id)
        return self.render("admin/dashboard_survey_entry.html", survey=sv, questions=questions, error=error,
                           entered=entered, form=request.form if error else {},
                           channel=request.values.get("channel", "paper"))

    def _unit_id(self, estate_id, code):
        t = _registry().metadata.tables
        unit, building = t["unit"], t["building"]
        return db.session.execute(select(unit.c.id).join(building, building.c.id == unit.c.building_id)
                                  .where(building.c.estate_id == estate_id, unit.c.code == code).limit(1)).scalar()

    def analysis_data(self, survey_id):
        reg, s = _registry(), db.session
        sv = self._survey(survey_id)
        prev = surveys.previous_survey(s, reg, sv)
        dims = surveys.dimension_results(s, reg, [sv.id])
        prev_dims = surveys.dimension_results(s, reg, [prev.id]) if prev else {}
        questions = surveys.question_results(s, reg, sv.id)
        return {"survey": sv, "previous": prev, "dims": dims, "prev_dims": prev_dims, "questions": questions,
                "distribution": surveys.option_distribution(s, reg, sv.id),
                "suggestions": surveys.suggestions(s, reg, sv.id)}

    def analysis_tables(self, data):
        k = KPIS
        sv = data["survey"]
        counts = ReportTable(
            "survey_counts", L("問卷發放及回收", "Distribution and returns", "问卷发放及回收"),
            [Col("target", L("已入住戶數", "Occupied households", "已入住户数"), "int"),
             Col("distributed", L("發放份數", "Distributed", "发放份数"), "int"),
             Col("returned", L("回收份數", "Returned", "回收份数"), "int"),
             Col("valid", L("有效份數", "Valid", "有效份数"), "int"),
             Col("entered", L("已錄入答卷", "Responses entered", "已录入答卷"), "int"),
             Col("distribution_rate", k["distribution_rate"].name, "pct", title=str(k["distribution_rate"].formula)),
             Col("return_rate", k["return_rate"].name, "pct", title=str(k["return_rate"].formula)),
             Col("valid_rate", L("有效率", "Valid rate", "有效率"), "pct")],
            [{"target": sv.target, "distributed": sv.distributed, "returned": sv.returned_or_entered,
              "valid": sv.valid_or_entered, "entered": sv.entered, "distribution_rate": sv.distribution_rate,
              "return_rate": sv.return_rate, "valid_rate": sv.valid_rate}], "survey")
        dim_rows = []
        for dim, r in data["dims"].items():
            p = data["prev_dims"].get(dim)
            name = _("All dimensions") if dim == "all" else choice_label("survey_question", "dimension", dim)
            dim_rows.append({"dimension": name, "answers": r.answers, "satisfied": r.satisfied, "rate": r.rate,
                             "index": r.index.pct, "previous_rate": p.rate if p else None,
                             "change": (r.rate.pct - p.rate.pct) if p and r.rate.pct is not None
                             and p.rate.pct is not None else None})
        dims = ReportTable(
            "survey_dimensions", L("各範疇滿意率及指數", "Satisfaction rate and index by dimension", "各范畴满意率及指数"),
            [Col("dimension", L("評價範疇", "Dimension", "评价范畴")), Col("answers", L("答案數", "Answers", "答案数"), "int"),
             Col("satisfied", L("滿意", "Satisfied", "满意"), "int"),
             Col("rate", k["satisfaction_rate"].name, "pct", title=str(k["satisfaction_rate"].formula)),
             Col("index", k["satisfaction_index"].name, "index", title=str(k["satisfaction_index"].formula)),
             Col("previous_rate", L("上次滿意率", "Last survey", "上次满意率"), "pct"),
             Col("change", L("變化（百分點）", "Change (points)", "变化（百分点）"), "hours")],
            dim_rows, "survey")
        q_rows = [{"seq": q["seq"], "question": q["text"],
                   "dimension": choice_label("survey_question", "dimension", q["dimension"]),
                   "answers": q["answers"], "satisfied": q["satisfied"], "rate": q["rate"]}
                  for q in data["questions"]]
        questions = ReportTable(
            "survey_questions", L("各題滿意率（由低至高：主要問題）", "Questions, weakest first (top issues)",
                                  "各题满意率（由低至高：主要问题）"),
            [Col("seq", L("題號", "No.", "题号"), "int"), Col("question", L("題目", "Question", "题目")),
             Col("dimension", L("評價範疇", "Dimension", "评价范畴")), Col("answers", L("答案數", "Answers", "答案数"), "int"),
             Col("satisfied", L("滿意", "Satisfied", "满意"), "int"),
             Col("rate", k["satisfaction_rate"].name, "pct")],
            q_rows, "survey")
        return {"survey_counts": counts, "survey_dimensions": dims, "survey_questions": questions}

    def _analysis_gate(self):
        if not _has_role(self.roles):
            abort(403)

    @expose("/<int:survey_id>")
    def analysis(self, survey_id):
        self._analysis_gate()
        data = self.analysis_data(survey_id)
        tables = self.analysis_tables(data)
        chart = charts.hbar_chart(
            [(choice_label("survey_question", "dimension", d), r.rate.pct) for d, r in data["dims"].items()
             if d != "all"] or [(_("None"), None)],
            title=_("Satisfaction by dimension"), unit="%", x_max=100, target=90, target_label=_("Target"))
        return self.render("admin/dashboard_survey_analysis.html", data=data, tables=tables, chart=Markup(chart),
                           cell=cell_text, can_export=self.can_export, survey=data["survey"], kpis=KPIS)

    @expose("/<int:survey_id>/export/<table_name>.<fmt>", methods=("POST",))
    def export_survey(self, survey_id, table_name, fmt):
        name = table_name
        self._analysis_gate()
        if fmt not in FORMATS:
            abort(404)
        data = self.analysis_data(survey_id)
        tables = self.analysis_tables(data)
        table = tables.get(name)
        if table is None:
            abort(404)
        if not self.can_export(table):
            abort(403)
        lang = current_lang.get()
        info = {_("Survey"): data["survey"].title}
        body = export.to_csv(table, lang) if fmt == "csv" else export.to_xlsx(table, lang, info)
        recorder.record(db.session, _registry().metadata, "export", table.source_table, survey_id,
                        {"report": f"survey_reports.{name}", "format": fmt, "survey_id": survey_id,
                         "rows": len(table.rows)})
        db.session.commit()
        return _download(body, fmt, f"{name}-{survey_id}")

    @expose("/<int:survey_id>/report.pdf", methods=("POST",))
    def report_pdf(self, survey_id):
        self._analysis_gate()
        data = self.analysis_data(survey_id)
        tables = self.analysis_tables(data)
        sv = data["survey"]
        chart = charts.hbar_chart(
            [(choice_label("survey_question", "dimension", d), r.rate.pct) for d, r in data["dims"].items()
             if d != "all"] or [(_("None"), None)],
            title=_("Satisfaction by dimension"), unit="%", x_max=100, target=90, target_label=_("Target"))
        context = {
            "lang": {"zh_Hant": "zh-Hant", "en": "en", "zh_Hans": "zh-Hans"}[current_lang.get()],
            "title": _("Satisfaction survey analysis report"), "app_name": _("PropertyDesk"),
            "survey_title": sv.title, "period": sv.period or "", "estate": _names("estate", [sv.estate_id]).get(
                sv.estate_id, ""), "generated": _now().strftime("%Y-%m-%d %H:%M"), "generated_label": _("Generated"),
            "sections": [plain_table(tables[n]) for n in ("survey_counts", "survey_dimensions", "survey_questions")],
            "chart": chart, "suggestions_title": _("Owners' suggestions"), "suggestions": data["suggestions"],
            "previous": data["previous"].title if data["previous"] else None, "previous_label": _("Compared with"),
        }
        body = pdf.render_pdf("reports/survey_report.html", context)
        recorder.record(db.session, _registry().metadata, "export", "survey", survey_id,
                        {"report": "survey_reports.report_pdf", "format": "pdf", "survey_id": survey_id})
        db.session.commit()
        return _download(body, "pdf", f"survey-report-{survey_id}")


def init_app(app, admin):
    """Add the three report screens under the Reports menu (each hidden from roles that may not open it)."""
    from app.background import runner

    app.extensions[FIGURES_CACHE] = FiguresCache(ttl_seconds=int(app.config.get("KPI_CACHE_SECONDS", 300)),
                                                 stale_seconds=int(app.config.get("KPI_STALE_SECONDS", 3600)),
                                                 run_later=runner(app))
    admin.add_view(SupervisorDashboard(name=LazyText("Supervisor dashboard"), category=CATEGORY,
                                       endpoint="supervisor_dashboard", url="/admin/reports/supervisor"))
    admin.add_view(ManagerDashboard(name=LazyText("Manager dashboard"), category=CATEGORY,
                                    endpoint="manager_dashboard", url="/admin/reports/manager"))
    admin.add_view(SurveyReports(name=LazyText("Survey analysis"), category=CATEGORY,
                                 endpoint="survey_reports", url="/admin/reports/surveys"))
