"""One job's past candidates, from the database into the analytics core's `JobData`.

A candidate counts once per job: their latest formal interview with a ready report that
finished in the period. Demographics are read in bulk for the audit and never leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, AnswerScore, Interview, Invitation, Job, Outcome, Report
from app.services.demographics import age_band, for_candidates
from app.services.outcome_kinds import KINDS, RATING_KINDS
from scoring.analytics import JobData
from scoring.analytics.types import BINARY, ORDINAL

HUMAN = {"advance": 1.0, "reject": 0.0}


@dataclass(frozen=True)
class Period:
    start: datetime | None = None
    end: datetime | None = None  # exclusive

    def where(self, column):
        out = []
        if self.start is not None:
            out.append(column >= self.start)
        if self.end is not None:
            out.append(column < self.end)
        return out


def _latest_reports(job: Job, period: Period) -> list[tuple[Interview, Report]]:
    rows = db.session.execute(
        select(Interview, Report)
        .join(Report, Report.interview_id == Interview.id)
        .where(
            Interview.job_id == job.id,
            Interview.kind == "formal",
            Report.status == "ready",
            Report.overall.is_not(None),
            *period.where(Interview.finished_at),
        )
        .order_by(Interview.candidate_id, Interview.id)
    ).all()
    latest: dict[int, tuple[Interview, Report]] = {}
    for interview, report in rows:
        latest[interview.candidate_id] = (interview, report)
    return [latest[c] for c in sorted(latest)]


def job_data(job: Job, period: Period) -> JobData:
    pairs = _latest_reports(job, period)
    n = len(pairs)
    ids = [i.candidate_id for i, _ in pairs]
    row_of = {cid: k for k, cid in enumerate(ids)}
    interview_row = {i.id: k for k, (i, _) in enumerate(pairs)}
    dims = {d.name: np.full(n, np.nan) for d in job.dimensions}
    overall, ai, human = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    for k, (_, report) in enumerate(pairs):
        overall[k] = report.overall
        ai[k] = 1.0 if report.recommendation == "pass" else 0.0
        human[k] = HUMAN.get(report.decision or "", np.nan)
        for name, score in (report.dimension_scores or {}).items():
            if score is not None:
                dims.setdefault(name, np.full(n, np.nan))[k] = score
    questions: dict[str, np.ndarray] = {}
    for start in range(0, n, 1000):
        chunk = [i.id for i, _ in pairs[start : start + 1000]]
        for interview_id, question_id, score in db.session.execute(
            select(Answer.interview_id, Answer.question_id, AnswerScore.score)
            .join(AnswerScore, AnswerScore.answer_id == Answer.id)
            .where(Answer.interview_id.in_(chunk))
        ):
            column = questions.setdefault(str(question_id), np.full(n, np.nan))
            column[interview_row[interview_id]] = score
    outcomes = {kind: np.full(n, np.nan) for kind in KINDS}
    for start in range(0, n, 1000):
        chunk = ids[start : start + 1000]
        for candidate_id, kind, value in db.session.execute(
            select(Outcome.candidate_id, Outcome.kind, Outcome.value).where(
                Outcome.job_id == job.id, Outcome.candidate_id.in_(chunk)
            )
        ):
            outcomes[kind][row_of[candidate_id]] = value
    people = for_candidates(ids)
    demo = {key: np.full(n, None, dtype=object) for key in ("sex", "age_band", "education")}
    for k, (interview, _) in enumerate(pairs):
        person = people.get(interview.candidate_id) or {}
        demo["sex"][k] = person.get("sex")
        demo["education"][k] = person.get("education")
        year = (interview.finished_at or interview.started_at).year
        demo["age_band"][k] = age_band(person.get("birth_year"), year)
    ordered = sorted(questions, key=int)
    return JobData(
        candidate_ids=np.array(ids, dtype=np.int64),
        overall=overall,
        dimensions=dims,
        questions={q: questions[q] for q in ordered},
        ai_pass=ai,
        human_pass=human,
        demographics=demo,
        outcomes=outcomes,
        outcome_kinds={k: ORDINAL if k in RATING_KINDS else BINARY for k in KINDS},
    )


def funnel(job: Job, period: Period, data: JobData) -> list[dict]:
    """Counts from invitation to hire; each stage with its n."""

    def count(query) -> int:
        return int(db.session.scalar(query) or 0)

    invited = count(
        select(func.count(Invitation.id)).where(
            Invitation.job_id == job.id, *period.where(Invitation.created_at)
        )
    )
    interviews = select(Interview.candidate_id).where(
        Interview.job_id == job.id, Interview.kind == "formal", *period.where(Interview.started_at)
    )
    started = count(select(func.count(func.distinct(interviews.subquery().c.candidate_id))))
    stages = [
        ("invited", "已邀约", invited),
        ("started", "开始正式面试", started),
        ("scored", "完成并出分", len(data)),
        ("ai_pass", "AI 建议通过", int(np.nansum(data.ai_pass))),
        ("human_advance", "HR 推进终面", int(np.nansum(data.human_pass))),
    ]
    for kind, label in (("final_round", "终面通过"), ("offer", "发出 Offer"), ("hired", "已入职")):
        stages.append((kind, label, int(np.nansum(data.outcomes[kind]))))
    return [{"stage": s, "label": label, "n": n} for s, label, n in stages]
