"""Satisfaction surveys: fast entry of paper questionnaires and the analysis report (seed 五.3, CR-d).

Results by dimension are aggregate queries over survey_answer / survey_option / survey_question:
  satisfaction rate  = answers whose option counts as satisfied ÷ answers (rating questions, valid responses)
  satisfaction index = Σ(weight × score) ÷ Σ(weight × the question's top score) × 100
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select

from .sqlx import Ratio
from .sqlx import num

RATED = ("scale", "single")
DIMENSIONS = ("reception", "cleaning", "greening", "security_fire", "facilities_repair", "overall", "other")


class SurveyEntryError(Exception):
    pass


@dataclass
class DimensionResult:
    answers: int = 0
    satisfied: int = 0
    score: float = 0.0
    top: float = 0.0

    @property
    def rate(self):
        return Ratio(self.satisfied, self.answers)

    @property
    def index(self):
        return Ratio(self.score, self.top)


def _top_scores(t):
    opt = t["survey_option"]
    return (select(opt.c.survey_question_id.label("qid"), func.max(opt.c.score).label("top"))
            .group_by(opt.c.survey_question_id).subquery("top"))


def _rated_answers(t, survey_ids, building_id=None):
    """FROM and WHERE for the answers that count: rated questions, an option chosen, valid responses."""
    ans, resp, q, opt, unit = (t["survey_answer"], t["survey_response"], t["survey_question"], t["survey_option"],
                               t["unit"])
    top = _top_scores(t)
    joined = (ans.join(resp, resp.c.id == ans.c.survey_response_id)
              .join(q, q.c.id == ans.c.survey_question_id)
              .join(opt, opt.c.id == ans.c.survey_option_id)
              .join(top, top.c.qid == q.c.id))
    where = [resp.c.survey_id.in_(survey_ids), resp.c.is_valid.is_(True), q.c.qtype.in_(RATED)]
    if building_id:
        joined = joined.join(unit, unit.c.id == resp.c.unit_id)
        where.append(unit.c.building_id == building_id)
    score = func.coalesce(ans.c.score, opt.c.score)
    return joined, where, q, opt, top, score


def dimension_results(session, registry, survey_ids, building_id=None):
    """{dimension: DimensionResult} plus 'all' for every rated answer together."""
    t = registry.metadata.tables
    if not survey_ids:
        return {"all": DimensionResult()}
    joined, where, q, opt, top, score = _rated_answers(t, survey_ids, building_id)
    weighted = q.c.weight * score
    stmt = (select(q.c.dimension, func.count().label("n"),
                   func.sum(case((opt.c.counts_as_satisfied.is_(True), 1), else_=0)).label("sat"),
                   func.sum(case((score.is_not(None), weighted), else_=0)).label("score"),
                   func.sum(case((and_(score.is_not(None), top.c.top.is_not(None)), q.c.weight * top.c.top),
                                 else_=0)).label("top"))
            .select_from(joined).where(*where).group_by(q.c.dimension))
    out = {}
    total = DimensionResult()
    for row in session.execute(stmt):
        r = DimensionResult(int(row.n), int(row.sat or 0), num(row.score) or 0.0, num(row.top) or 0.0)
        out[row.dimension] = r
        total = DimensionResult(total.answers + r.answers, total.satisfied + r.satisfied, total.score + r.score,
                                total.top + r.top)
    ordered = {d: out[d] for d in DIMENSIONS if d in out}
    ordered["all"] = total
    return ordered


def question_results(session, registry, survey_id):
    """Per rated question: seq, text, dimension, answers, satisfied, rate; the weakest first."""
    t = registry.metadata.tables
    joined, where, q, opt, _top, _score = _rated_answers(t, [survey_id])
    stmt = (select(q.c.id, q.c.seq, q.c.question_text, q.c.dimension, func.count().label("n"),
                   func.sum(case((opt.c.counts_as_satisfied.is_(True), 1), else_=0)).label("sat"))
            .select_from(joined).where(*where)
            .group_by(q.c.id, q.c.seq, q.c.question_text, q.c.dimension))
    rows = [{"id": r.id, "seq": r.seq, "text": r.question_text, "dimension": r.dimension, "answers": int(r.n),
             "satisfied": int(r.sat or 0), "rate": Ratio(int(r.sat or 0), int(r.n))} for r in session.execute(stmt)]
    rows.sort(key=lambda r: (r["rate"].value if r["rate"].value is not None else 2, r["seq"]))
    return rows


def option_distribution(session, registry, survey_id):
    """{question_id: [(option label, count)]} for rated questions, in option order."""
    t = registry.metadata.tables
    ans, resp, q, opt = t["survey_answer"], t["survey_response"], t["survey_question"], t["survey_option"]
    chosen = (select(ans.c.survey_option_id.label("oid"), func.count().label("n"))
              .select_from(ans.join(resp, resp.c.id == ans.c.survey_response_id))
              .where(resp.c.survey_id == survey_id, resp.c.is_valid.is_(True))
              .group_by(ans.c.survey_option_id).subquery("chosen"))
    stmt = (select(q.c.id, opt.c.label, func.coalesce(chosen.c.n, 0))
            .select_from(q.join(opt, opt.c.survey_question_id == q.c.id).outerjoin(chosen, chosen.c.oid == opt.c.id))
            .where(q.c.survey_id == survey_id, q.c.qtype.in_(RATED)).order_by(q.c.seq, opt.c.seq))
    out = {}
    for qid, label, n in session.execute(stmt):
        out.setdefault(qid, []).append((label, int(n)))
    return out


@dataclass
class SurveyCounts:
    id: int
    title: str
    period: str | None
    estate_id: int
    status: str
    start_date: object
    end_date: object
    target: int | None
    distributed: int | None
    returned: int | None
    valid: int | None
    entered: int
    entered_valid: int

    @property
    def returned_or_entered(self):
        return self.returned if self.returned is not None else self.entered

    @property
    def valid_or_entered(self):
        return self.valid if self.valid is not None else self.entered_valid

    @property
    def distribution_rate(self):
        return Ratio(self.distributed or 0, self.target or 0)

    @property
    def return_rate(self):
        return Ratio(self.returned_or_entered, self.distributed or 0)

    @property
    def valid_rate(self):
        return Ratio(self.valid_or_entered, self.returned_or_entered)


def surveys(session, registry, estate_ids=None, start=None, end=None, survey_id=None):
    """Surveys (with their recorded and entered counts), newest first; filters optional."""
    t = registry.metadata.tables
    s, resp = t["survey"], t["survey_response"]
    entered = (select(resp.c.survey_id, func.count().label("n"),
                      func.sum(case((resp.c.is_valid.is_(True), 1), else_=0)).label("valid"))
               .group_by(resp.c.survey_id).subquery("entered"))
    stmt = (select(s, func.coalesce(entered.c.n, 0).label("entered_n"),
                   func.coalesce(entered.c.valid, 0).label("entered_valid"))
            .select_from(s.outerjoin(entered, entered.c.survey_id == s.c.id))
            .where(s.c.status != "cancelled"))
    if survey_id is not None:
        stmt = stmt.where(s.c.id == survey_id)
    if estate_ids is not None:
        stmt = stmt.where(s.c.estate_id.in_(estate_ids))
    when = func.coalesce(s.c.start_date, s.c.end_date, s.c.created_at)  # undated: the day it was recorded
    if start is not None:
        stmt = stmt.where(when >= start)
    if end is not None:
        stmt = stmt.where(when < end)
    stmt = stmt.order_by(when.desc(), s.c.id.desc())
    return [SurveyCounts(r.id, r.title, r.period, r.estate_id, r.status, r.start_date, r.end_date,
                         r.target_households, r.distributed, r.returned_count, r.valid_count, int(r.entered_n),
                         int(r.entered_valid)) for r in session.execute(stmt)]


def previous_survey(session, registry, survey):
    """The same estate's survey before this one (for the trend line of the report), or None."""
    earlier = [s for s in surveys(session, registry, estate_ids=(survey.estate_id,))
               if s.id != survey.id and (s.start_date or s.end_date) and (survey.start_date or survey.end_date)
               and (s.start_date or s.end_date) < (survey.start_date or survey.end_date)]
    return earlier[0] if earlier else None


def suggestions(session, registry, survey_id, limit=30):
    """Free-text suggestions and text answers of valid responses, newest first."""
    t = registry.metadata.tables
    resp, ans, q = t["survey_response"], t["survey_answer"], t["survey_question"]
    from_resp = (select(resp.c.suggestions.label("text"), resp.c.submitted_at.label("at"))
                 .where(resp.c.survey_id == survey_id, resp.c.is_valid.is_(True), resp.c.suggestions.is_not(None),
                        resp.c.suggestions != ""))
    from_ans = (select(ans.c.answer_text.label("text"), resp.c.submitted_at.label("at"))
                .select_from(ans.join(resp, resp.c.id == ans.c.survey_response_id)
                             .join(q, q.c.id == ans.c.survey_question_id))
                .where(resp.c.survey_id == survey_id, resp.c.is_valid.is_(True), q.c.qtype == "text",
                       ans.c.answer_text.is_not(None), ans.c.answer_text != ""))
    u = from_resp.union_all(from_ans).subquery("texts")
    return [r.text for r in session.execute(select(u.c.text).order_by(u.c.at.desc()).limit(limit))]


# ------------------------------------------------------------------------------------------------
# Entry of paper questionnaires
# ------------------------------------------------------------------------------------------------

def questionnaire(session, registry, survey_id):
    """The survey's questions with their options, as plain dicts in question order."""
    t = registry.metadata.tables
    q, opt = t["survey_question"], t["survey_option"]
    questions = [dict(r) for r in session.execute(
        select(q.c.id, q.c.seq, q.c.question_text.label("text"), q.c.qtype, q.c.dimension, q.c.is_required)
        .where(q.c.survey_id == survey_id).order_by(q.c.seq)).mappings()]
    options = {}
    for r in session.execute(select(opt.c.id, opt.c.survey_question_id, opt.c.label, opt.c.score)
                             .join(q, q.c.id == opt.c.survey_question_id)
                             .where(q.c.survey_id == survey_id).order_by(opt.c.survey_question_id, opt.c.seq)):
        options.setdefault(r.survey_question_id, []).append({"id": r.id, "label": r.label, "score": num(r.score)})
    for question in questions:
        question["options"] = options.get(question["id"], [])
    return questions


def record_response(session, registry, survey_id, choices, texts=None, unit_id=None, channel="paper",
                    is_valid=True, suggestions_text=None, collected_by_id=None, now=None):
    """Save one questionnaire: a survey_response and one survey_answer per answered question.

    :param choices: {question_id: [option_id, ...]} (one option for scale/single questions)
    :param texts: {question_id: text} for free-text questions
    A valid response must answer every required question. Returns the response row; flushes only.
    """
    texts = texts or {}
    questions = {q["id"]: q for q in questionnaire(session, registry, survey_id)}
    if not questions:
        raise SurveyEntryError("This survey has no questions.")
    missing = []
    for qid, q in questions.items():
        chosen = choices.get(qid) or []
        valid_ids = {o["id"] for o in q["options"]}
        if any(o not in valid_ids for o in chosen):
            raise SurveyEntryError("An option does not belong to its question.")
        if q["qtype"] in RATED and len(chosen) > 1:
            raise SurveyEntryError("Choose one option per question.")
        answered = bool(chosen) or bool((texts.get(qid) or "").strip())
        if is_valid and q["is_required"] and not answered:
            missing.append(q["seq"])
    if missing:
        raise SurveyEntryError("Unanswered required questions: " + ", ".join(str(s) for s in missing))
    Response = registry.model("survey_response")
    Answer = registry.model("survey_answer")
    response = Response(survey_id=survey_id, submitted_at=(now or datetime.now()).replace(microsecond=0),
                        channel=channel, is_valid=bool(is_valid), unit_id=unit_id, collected_by_id=collected_by_id,
                        suggestions=(suggestions_text or "").strip() or None)
    session.add(response)
    session.flush()
    total = 0.0
    scored = False
    for qid, q in questions.items():
        by_id = {o["id"]: o for o in q["options"]}
        for option_id in choices.get(qid) or []:
            score = by_id[option_id]["score"]
            session.add(Answer(survey_response_id=response.id, survey_question_id=qid, survey_option_id=option_id,
                               score=score))
            if score is not None and q["qtype"] in RATED:
                total += score
                scored = True
        text = (texts.get(qid) or "").strip()
        if text:
            session.add(Answer(survey_response_id=response.id, survey_question_id=qid, answer_text=text))
    response.total_score = round(total, 2) if scored else None
    session.flush()
    return response


def entered_count(session, registry, survey_id):
    resp = registry.metadata.tables["survey_response"]
    return session.execute(select(func.count()).where(resp.c.survey_id == survey_id)).scalar()
