"""Finishing an interview: wait for transcripts, score every answer, build the report, decide."""

import logging
from datetime import timedelta

from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import Answer, AnswerScore, Interview, Invitation, Question, Report
from app.models.base import utcnow
from app.queues import enqueue_completion
from app.services import decisions, follow_ups, integrity
from app.services.answers import answer_text
from app.services.scoring_bridge import competency_model, scoring_question

log = logging.getLogger(__name__)


def begin_completion(interview: Interview) -> None:
    """Mark the interview complete and queue the scoring job (not committed)."""
    if interview.state not in ("in_progress",):
        return
    interview.state = "completing"
    interview.finished_at = utcnow()
    if db.session.scalar(select(Report).where(Report.interview_id == interview.id)) is None:
        db.session.add(Report(interview_id=interview.id, status="preparing"))
    invitation = db.session.get(Invitation, interview.invitation_id)
    invitation.status = "completed"
    audit.record("complete", "interview", interview.id, actor=("system", None))
    enqueue_completion(interview.id)


def complete(interview_id: int) -> dict:
    interview = db.session.get(Interview, interview_id)
    if interview is None or interview.state not in ("completing",):
        return {"skipped": getattr(interview, "state", "missing")}
    answers = list(interview.answers)
    replies = follow_ups.by_answer([a.id for a in answers])
    waiting = [a.id for a in answers if a.asr_state == "pending"]
    waiting += [r.answer_id for r in replies.values() if r.asr_state == "pending"]
    if waiting:
        # The transcription job queues this task again when it finishes.
        return {"waiting_for_transcripts": waiting}
    report = db.session.scalar(select(Report).where(Report.interview_id == interview.id))
    if report is None:
        report = Report(interview_id=interview.id)
        db.session.add(report)
    job = interview.invitation.job
    flagged = [integrity.view(f) for f in integrity.flag_interview(interview, answers, replies)]
    if not interview.ai_evaluation:
        report.status, report.recommendation = "human_review", "review"
        report.hr_view = {
            "note": "候选人未同意AI评估，请人工评估。",
            "answers": _transcripts(answers),
            "integrity_flags": flagged,
        }
        report.candidate_view = {
            "status": "human_review",
            "message": "您的面试将由招聘人员人工评估，结果会另行通知。",
        }
        interview.state = "human_review"
    else:
        _score_and_report(interview, job, answers, report, replies, flagged)
        interview.state = "scored"
    db.session.flush()
    decisions.on_report_ready(report)
    db.session.commit()
    from app.services.outbox import kick

    kick()
    return {"report_id": report.id, "recommendation": report.recommendation}


def _score_and_report(
    interview: Interview,
    job,
    answers: list[Answer],
    report: Report,
    replies: dict,
    flagged: list[dict],
) -> None:
    from scoring.followups.combine import score_with_follow_up
    from scoring.report import SCORING_VERSION, build_report

    scored, refs, unscored, exchanges = [], [], [], []
    for answer in answers:
        text = answer_text(answer)
        question = db.session.get(Question, answer.question_id)
        if answer.quality != "ok" or not text:
            unscored.append(
                {
                    "answer_id": answer.id,
                    "question": question.text,
                    "reason": answer.quality_reason or "没有可评估的文字或转写",
                }
            )
            continue
        sq = scoring_question(question)
        # The question is scored on the answer and its follow-up's reply together.
        result, exchange = score_with_follow_up(
            sq,
            text,
            follow_ups.exchange(replies.get(answer.id)),
            timing={"duration_s": answer.duration_s} if answer.duration_s else None,
            acoustics=answer.features,
        )
        if exchange is not None:
            exchanges.append({"answer_id": answer.id, "question": question.text, **exchange})
        existing = db.session.scalar(select(AnswerScore).where(AnswerScore.answer_id == answer.id))
        row = existing or AnswerScore(answer_id=answer.id)
        detail = {**result.to_dict(), "follow_up": exchange}
        row.score, row.detail, row.scoring_version = result.score, detail, SCORING_VERSION
        db.session.add(row)
        scored.append((sq, result))
        refs.append(answer.id)
    built = build_report(
        competency_model(job),
        scored,
        thresholds=(job.pass_threshold, job.review_threshold),
        answer_refs=refs,
    )
    hr = built.hr_view()
    recommendation = built.recommendation
    if unscored and recommendation == "not_pass":
        recommendation = "review"  # unheard answers are never judged as weak ones
    if flagged:  # a flag is for a human to weigh: neither an automatic pass nor a rejection
        recommendation = "review"
        hr["notes"] = [*(hr.get("notes") or []), integrity.NOTE]
    hr["integrity_flags"] = flagged  # HR's view only: the candidate's view never mentions them
    hr["unscored_answers"] = unscored
    hr["answer_ids"] = [a.id for a in answers]
    hr["follow_ups"] = exchanges  # the exchanges, for HR only: the candidate's view has none
    report.status = "ready"
    report.overall = built.overall
    report.dimension_scores = {d.name: d.score for d in built.dimensions if d.score is not None}
    report.recommendation = recommendation
    report.hr_view = hr
    built.recommendation = recommendation  # the candidate's level follows HR's final advice
    report.candidate_view = built.candidate_view()
    report.scoring_version = SCORING_VERSION
    report.model_version = job.model_version
    if recommendation == "not_pass":
        delay = job.reject_delay_hours
        report.release_at = utcnow() + timedelta(hours=delay) if delay else None


def _transcripts(answers: list[Answer]) -> list[dict]:
    return [
        {"answer_id": a.id, "question_id": a.question_id, "text": answer_text(a)} for a in answers
    ]


def expire_overdue() -> list[int]:
    """Past the deadline: finish started interviews with what was answered; expire the rest."""
    now = utcnow()
    finished = []
    overdue = db.session.scalars(
        select(Interview)
        .join(Invitation, Invitation.id == Interview.invitation_id)
        .where(Interview.state == "in_progress", Invitation.deadline < now)
    ).all()
    for interview in overdue:
        if interview.kind == "practice":
            interview.state = "expired"
            continue
        begin_completion(interview)
        finished.append(interview.id)
    for invitation in db.session.scalars(
        select(Invitation).where(
            Invitation.status.in_(("sent", "accepted")), Invitation.deadline < now
        )
    ):
        invitation.status = "expired"
    db.session.commit()
    if finished:
        log.info("deadline passed: completing interview(s) %s", finished)
    return finished
