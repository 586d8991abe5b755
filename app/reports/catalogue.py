"""The KPIs of DOMAIN.md section E: names and formulas in three languages (shown on hover)."""

from dataclasses import dataclass

from app.schema.annotations import Labels


@dataclass(frozen=True)
class Kpi:
    code: str
    name: Labels
    formula: Labels
    kind: str = "pct"  # pct | money | count | hours | index
    target: float | None = None  # a typical target, for colouring (pct / index only)


def _l(zh, en, zhs):
    return Labels(zh, en, zhs)


KPIS = {k.code: k for k in [
    Kpi("collection_amount", _l("物業費收繳率（金額）", "Fee collection rate (amount)", "物业费收缴率（金额）"),
        _l("本期實收物業費 ÷ 本期應收物業費 × 100%。應收 = 管理費類收費項目、費用期間始於本月的應收金額 − 減免（已豁免除外）；"
           "實收 = 月底前已收款分配金額（不含滯納金，每筆以應收為上限，作廢收款除外）",
           "Management fees collected for the period ÷ management fees due for the period × 100%. Due = amount due − "
           "discount of management-fee charges whose period starts in the month (waived excluded); collected = payment "
           "allocations received by month end, late fees excluded, capped at each charge's amount, voided payments excluded",
           "本期实收物业费 ÷ 本期应收物业费 × 100%。应收 = 管理费类收费项目、费用期间始于本月的应收金额 − 减免（已减免除外）；"
           "实收 = 月底前已收款分配金额（不含滞纳金，每笔以应收为上限，作废收款除外）"), target=95),
    Kpi("collection_households", _l("戶數收繳率", "Collection rate (households)", "户数收缴率"),
        _l("已繳清本期物業費的戶數 ÷ 本期應繳物業費的戶數 × 100%（部分繳付不計為已繳）",
           "Units that paid the period's management fees in full by month end ÷ units billed for the period × 100% "
           "(part-payment does not count)",
           "已缴清本期物业费的户数 ÷ 本期应缴物业费的户数 × 100%（部分缴付不计为已缴）"), target=95),
    Kpi("arrears_recovery", _l("清欠率", "Arrears recovery rate", "清欠率"),
        _l("本月收回的往期欠費 ÷ 月初往期欠費餘額 × 100%（往期 = 繳費期限早於本月）",
           "Arrears of earlier periods collected in the month ÷ arrears outstanding at the start of the month × 100% "
           "(earlier = due before the month)",
           "本月收回的往期欠费 ÷ 月初往期欠费余额 × 100%（往期 = 缴费期限早于本月）")),
    Kpi("arrears_total", _l("欠費總額", "Total arrears", "欠费总额"),
        _l("截至所選月底（或今日）已逾繳費期限、尚未收回的應收金額合計（已豁免、已撇賬除外），按逾期日數分 0–30／31–90／91–180／180 天以上",
           "Amounts past their due date and not collected at the end of the month (or today), waived and written-off "
           "excluded, aged by days past due: 0–30 / 31–90 / 91–180 / over 180",
           "截至所选月底（或今日）已逾缴费期限、尚未收回的应收金额合计（已减免、已核销除外），按逾期天数分 0–30／31–90／91–180／180 天以上"),
        kind="money"),
    Kpi("occupancy", _l("入住率", "Occupancy rate", "入住率"),
        _l("已入住戶數 ÷ 已交付戶數 × 100%。已入住 = 自住 + 出租 + 裝修中；已交付 = 全部單位 − 未售。"
           "本月及以後按單位現時狀態計算，已結束月份按已鎖定的月度入住統計",
           "Occupied units ÷ handed-over units × 100%. Occupied = owner-occupied + let + under renovation; handed over = "
           "all units − unsold. The current month is computed from each unit's status now; closed months come from the "
           "locked monthly snapshot",
           "已入住户数 ÷ 已交付户数 × 100%。已入住 = 自住 + 出租 + 装修中；已交付 = 全部单位 − 未售。"
           "本月及以后按单位现时状态计算，已结束月份按已锁定的月度入住统计")),
    Kpi("vacancy", _l("空置率", "Vacancy rate", "空置率"),
        _l("空置戶數 ÷ 已交付戶數 × 100%（空置 = 已收樓未入住 + 空置；= 1 − 入住率，裝修中計入已入住）",
           "Vacant units ÷ handed-over units × 100% (vacant = handed over not occupied + vacant; = 1 − occupancy, "
           "units under renovation count as occupied)",
           "空置户数 ÷ 已交付户数 × 100%（空置 = 已交付未入住 + 空置；= 1 − 入住率，装修中计入已入住）")),
    Kpi("paid_service_income", _l("有償服務收入", "Paid-service income", "有偿服务收入"),
        _l("本月收費（收費時間在本月）的有償服務單合計金額之和（已取消除外）",
           "Sum of the totals of chargeable work orders paid in the month (paid at in the month; cancelled excluded)",
           "本月收费（收费时间在本月）的有偿服务单合计金额之和（已取消除外）"), kind="money"),
    Kpi("complaints_received", _l("受理投訴", "Complaints received", "受理投诉"),
        _l("受理時間在本月的投訴宗數（無效、撤回除外）", "Complaints received in the month (invalid and withdrawn excluded)",
           "受理时间在本月的投诉宗数（无效、撤回除外）"), kind="count"),
    Kpi("complaint_timeliness", _l("投訴處理及時率", "Complaint timeliness", "投诉处理及时率"),
        _l("本月處理完成且處理完成時間不遲於辦結期限的投訴 ÷ 本月處理完成並設有辦結期限的投訴 × 100%（重開後按最後一次處理及當時期限計）",
           "Complaints resolved in the month by their resolve-by time ÷ complaints resolved in the month that have a "
           "resolve-by time × 100% (a reopened complaint counts with its last resolution and the deadline then in force)",
           "本月处理完成且处理完成时间不迟于办结期限的投诉 ÷ 本月处理完成并设有办结期限的投诉 × 100%（重开后按最后一次处理及当时期限计）"),
        target=95),
    Kpi("follow_up_rate", _l("投訴回訪率", "Complaint follow-up rate", "投诉回访率"),
        _l("本月結案且有回訪記錄的投訴 ÷ 本月結案投訴 × 100%", "Complaints closed in the month with a follow-up record ÷ "
           "complaints closed in the month × 100%", "本月结案且有回访记录的投诉 ÷ 本月结案投诉 × 100%"), target=100),
    Kpi("reopen_rate", _l("投訴重開率", "Complaint reopen rate", "投诉重开率"),
        _l("本月結案且重開次數 > 0 的投訴 ÷ 本月結案投訴 × 100%（越低越好）",
           "Complaints closed in the month that were reopened at least once ÷ complaints closed in the month × 100% "
           "(lower is better)", "本月结案且重开次数 > 0 的投诉 ÷ 本月结案投诉 × 100%（越低越好）")),
    Kpi("response_hours", _l("平均響應時長（小時）", "Average response time (hours)", "平均响应时长（小时）"),
        _l("本月受理投訴的 平均(響應時間 − 受理時間)，按嚴重程度", "Mean of (responded at − received at) over complaints "
           "received in the month, by severity", "本月受理投诉的 平均(响应时间 − 受理时间)，按严重程度"), kind="hours"),
    Kpi("resolve_hours", _l("平均辦結時長（小時）", "Average resolution time (hours)", "平均办结时长（小时）"),
        _l("本月受理投訴中已處理完成者的 平均(處理完成時間 − 受理時間)，按嚴重程度",
           "Mean of (resolved at − received at) over complaints received in the month and resolved, by severity",
           "本月受理投诉中已处理完成者的 平均(处理完成时间 − 受理时间)，按严重程度"), kind="hours"),
    Kpi("satisfaction_rate", _l("客戶滿意率", "Satisfaction rate", "客户满意率"),
        _l("有效答卷中選「滿意」及以上（選項設為計入滿意）的評分題答案 ÷ 有效答卷的評分題答案總數 × 100%，按評價範疇",
           "Answers to rating questions on valid responses whose option counts as satisfied ÷ all such answers × 100%, "
           "by dimension", "有效答卷中选“满意”及以上（选项设为计入满意）的评分题答案 ÷ 有效答卷的评分题答案总数 × 100%，按评价范畴"),
        target=90),
    Kpi("satisfaction_index", _l("滿意度指數", "Satisfaction index", "满意度指数"),
        _l("Σ(題目權重 × 答案分值) ÷ Σ(題目權重 × 該題最高分值) × 100，按評價範疇（≥90 很滿意；70–90 較滿意；60–70 一般；<60 不滿意）",
           "Σ(question weight × answer score) ÷ Σ(question weight × the question's top score) × 100, by dimension "
           "(≥90 very satisfied; 70–90 fairly; 60–70 average; <60 dissatisfied)",
           "Σ(题目权重 × 答案分值) ÷ Σ(题目权重 × 该题最高分值) × 100，按评价范畴（≥90 很满意；70–90 较满意；60–70 一般；<60 不满意）"),
        kind="index", target=90),
    Kpi("distribution_rate", _l("問卷發放率", "Questionnaire distribution rate", "问卷发放率"),
        _l("發放份數 ÷ 已入住戶數 × 100%（調查記錄欄位）", "Distributed ÷ occupied households × 100% (survey record)",
           "发放份数 ÷ 已入住户数 × 100%（调查记录字段）"), target=90),
    Kpi("return_rate", _l("問卷回收率", "Questionnaire return rate", "问卷回收率"),
        _l("回收份數 ÷ 發放份數 × 100%（未填回收份數時按已錄入答卷計）",
           "Returned ÷ distributed × 100% (responses entered when the returned count is blank)",
           "回收份数 ÷ 发放份数 × 100%（未填回收份数时按已录入答卷计）"), target=80),
    Kpi("inspection_coverage", _l("裝修巡查覆蓋率", "Renovation inspection coverage", "装修巡查覆盖率"),
        _l("本月實際巡查次數 ÷ 應巡查次數 × 100%。應巡查 = Σ 每宗已發許可證裝修在本月的施工日數（至今日）÷ 巡查頻率（每 N 天一次，向上取整）",
           "Inspections made in the month ÷ inspections due × 100%. Due = Σ over permitted renovations of their works "
           "days in the month (up to today) ÷ the required frequency (once every N days, rounded up)",
           "本月实际巡查次数 ÷ 应巡查次数 × 100%。应巡查 = Σ 每宗已发许可证装修在本月的施工天数（至今日）÷ 巡查频率（每 N 天一次，向上取整）"),
        target=100),
    Kpi("budget_execution", _l("預算執行率", "Budget execution", "预算执行率"),
        _l("本年度至今已批准物料申購金額（預計總額；中心經理已批准／已訂購／已到貨／已結案）÷ 本年度預算金額 × 100%",
           "Approved purchase requests this year to date (estimated total; approved by the director, ordered, received "
           "or closed) ÷ the year's budget × 100%",
           "本年度至今已批准物料申购金额（预计总额；中心经理已批准／已订购／已到货／已结案）÷ 本年度预算金额 × 100%")),
    Kpi("training_completion", _l("培訓完成率", "Training completion", "培训完成率"),
        _l("本年度至今已舉行培訓場次 ÷ 年度計劃場次 × 100%（計劃未填場次時按已排課程數）",
           "Training sessions held this year to date ÷ sessions planned for the year × 100% (scheduled sessions when the "
           "plan gives no number)", "本年度至今已举行培训场次 ÷ 年度计划场次 × 100%（计划未填场次时按已排课程数）"), target=100),
    Kpi("training_attendance", _l("培訓出席率", "Training attendance", "培训出席率"),
        _l("已舉行培訓的出席人次 ÷ 應出席人次 × 100%", "Attendances at sessions held ÷ staff expected × 100%",
           "已举行培训的出席人次 ÷ 应出席人次 × 100%"), target=95),
]}


def kpi(code):
    return KPIS[code]
