"""One interview as HR reads it: questions, answers, hints, scores with highlighted evidence,
the recommendation and its thresholds, and the decision history. Plain JSON-ready data, so the
admin API returns it as is and the page renders the same thing.
"""

from sqlalchemy import select

from app import audit
from app.auth import ensure_department
from app.errors import NotFound
from app.extensions import db
from app.models import (
    Answer,
    AnswerScore,
    Candidate,
    CompetencyDimension,
    Decision,
    FollowUp,
    HrUser,
    Interview,
    Job,
    Question,
    Report,
    ReviewRequest,
)
from app.services import follow_ups, integrity
from scoring.followups.templates import PARTS
from scoring.hints import TEXTS as HINT_TEXTS

ANSWER_FLAGS = {"overtime": "超时提交", "insufficient": "录音质量不足"}


def load_interview(user: HrUser, interview_id: int) -> tuple[Interview, Job, Candidate]:
    """The interview with its job and candidate if the user may see it (404 / 403)."""
    row = db.session.execute(
        select(Interview, Job, Candidate)
        .join(Job, Job.id == Interview.job_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.id == interview_id)
    ).first()
    if row is None or row.Candidate.status == "deleted":
        raise NotFound(f"interview {interview_id} not found")
    ensure_department(user, row.Job.department_id)
    return row.Interview, row.Job, row.Candidate


def highlight(text: str, evidence: list[dict]) -> list[dict]:
    """Split the transcript into segments; evidence sentences carry their effect and reason."""
    spans = []
    for item in evidence:
        sentence = (item.get("sentence") or "").strip()
        start = text.find(sentence) if sentence else -1
        if start < 0 or any(s < start + len(sentence) and start < e for s, e, _ in spans):
            continue
        spans.append((start, start + len(sentence), item))
    segments, cursor = [], 0
    for start, end, item in sorted(spans, key=lambda s: s[0]):
        if start > cursor:
            segments.append({"text": text[cursor:start]})
        effect = "plus" if item.get("effect", "+").startswith("+") else "minus"
        segments.append({"text": text[start:end], "effect": effect, "reason": item.get("reason")})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:]})
    return segments


def _follow_up(row: FollowUp | None, detail: dict | None) -> dict | None:
    """The follow-up exchange: question, reply, and the evidence its sentences earned."""
    if row is None:
        return None
    text = follow_ups.reply_text(row) or ""
    exchange = (detail or {}).get("follow_up") or {}
    evidence = [e for e in (detail or {}).get("evidence") or [] if e.get("source") == "follow_up"]
    return {
        "id": row.id,
        "part": row.part,
        "part_text": PARTS.get(row.part, row.part),
        "question": row.question,
        "asked_at": row.asked_at.isoformat(),
        "answer": text or None,
        "state": "pending" if follow_ups.is_pending(row) else "answered",
        "has_audio": bool(row.audio_path),
        "flags": list(row.flags or []),
        "score_before": exchange.get("score_before"),
        "parts_added": exchange.get("parts_added") or [],
        "segments": highlight(text, evidence),
    }


def _answer(
    answer: Answer | None,
    question: Question,
    score: AnswerScore | None,
    follow_up: FollowUp | None = None,
) -> dict:
    entry = {
        "question": {
            "id": question.id,
            "text": question.text,
            "competency": question.competency,
            "time_limit_s": question.time_limit_s,
        },
        "answer": None,
    }
    if answer is None:
        return entry
    text = answer.text or answer.transcript or answer.client_transcript or ""
    source = "typed" if answer.text else "asr" if answer.transcript else "client_asr"
    detail = score.detail if score is not None else None
    entry["answer"] = {
        "id": answer.id,
        "text": text,
        "text_source": source if text else None,
        "has_audio": bool(answer.audio_path),
        "duration_s": answer.duration_s,
        "submitted_at": answer.submitted_at.isoformat() if answer.submitted_at else None,
        "hints_shown": [
            {"code": code, "text": HINT_TEXTS.get(code, code).replace("{left}", "若干")}
            for code in answer.hints_shown or []
        ],
        "flags": list(answer.flags or []),
        "quality": answer.quality,
        "quality_reason": answer.quality_reason,
        "transcript_state": answer.asr_state,
        "features": answer.features,
        "score": detail and {**detail, "score": score.score, "version": score.scoring_version},
        "segments": highlight(
            text,
            [e for e in (detail or {}).get("evidence") or [] if e.get("source") != "follow_up"],
        ),
        "follow_up": _follow_up(follow_up, detail),
    }
    return entry


def review_rows(interview_id: int) -> list[dict]:
    """The interview's requests, newest first, as the page and the API show them."""
    rows = db.session.scalars(
        select(ReviewRequest)
        .where(ReviewRequest.interview_id == interview_id)
        .order_by(ReviewRequest.id.desc())
    )
    return [
        {
            "id": r.id,
            "interview_id": r.interview_id,
            "kind": r.kind,
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def interview_record(user: HrUser, interview_id: int) -> dict:
    """The audited read is added, not committed: the caller commits once it has the page."""
    interview, job, candidate = load_interview(user, interview_id)
    report = db.session.scalar(select(Report).where(Report.interview_id == interview.id))
    answers = {
        a.question_id: a
        for a in db.session.scalars(select(Answer).where(Answer.interview_id == interview.id))
    }
    scores = (
        {
            s.answer_id: s
            for s in db.session.scalars(
                select(AnswerScore).where(
                    AnswerScore.answer_id.in_([a.id for a in answers.values()])
                )
            )
        }
        if answers
        else {}
    )
    ids = list(interview.question_ids or [])
    questions = {
        q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids or [-1])))
    }
    dimensions = db.session.scalars(
        select(CompetencyDimension)
        .where(CompetencyDimension.job_id == job.id)
        .order_by(CompetencyDimension.position)
    ).all()
    history = []
    if report is not None:
        history = [
            {
                "decision": d.decision,
                "previous": d.previous,
                "reason": d.reason,
                "source": d.source,
                "by": (dn or un) if d.decided_by_id else None,
                "at": d.created_at.isoformat(),
            }
            for d, dn, un in db.session.execute(
                select(Decision, HrUser.display_name, HrUser.username)
                .outerjoin(HrUser, HrUser.id == Decision.decided_by_id)
                .where(Decision.report_id == report.id)
                .order_by(Decision.created_at.desc(), Decision.id.desc())
            )
        ]
    asked = follow_ups.by_answer([a.id for a in answers.values()])
    flags = [integrity.view(f) for f in integrity.flags_of(interview.id)]
    entries = [
        _answer(
            answers.get(qid),
            questions[qid],
            scores.get(getattr(answers.get(qid), "id", 0)),
            asked.get(getattr(answers.get(qid), "id", 0)),
        )
        for qid in ids
        if qid in questions
    ]
    for entry in entries:
        if entry["answer"] is not None:
            own = entry["answer"]["id"]
            entry["answer"]["integrity_flags"] = [f for f in flags if f["answer_id"] == own]
    audit.record(
        "read",
        "interview",
        interview.id,
        detail={"fields": ["transcripts", "scores", "evidence", "integrity_flags"]},
    )
    return {
        "id": interview.id,
        "kind": interview.kind,
        "state": interview.state,
        "ai_evaluation": interview.ai_evaluation,
        "started_at": interview.started_at.isoformat() if interview.started_at else None,
        "finished_at": interview.finished_at.isoformat() if interview.finished_at else None,
        "candidate": {"id": candidate.id, "name": candidate.name},
        "job": {
            "id": job.id,
            "title": job.title,
            "department_id": job.department_id,
            "pass_threshold": job.pass_threshold,
            "review_threshold": job.review_threshold,
            "dimensions": [{"name": d.name, "weight": d.weight} for d in dimensions],
        },
        "report": _report(report),
        "integrity_flags": flags,  # evidence for a human, never a decision by itself
        "answers": entries,
        "decisions": history,
        "review_requests": review_rows(interview.id),
    }


def _report(report: Report | None) -> dict | None:
    if report is None:
        return None
    hr = report.hr_view or {}
    return {
        "id": report.id,
        "status": report.status,
        "overall": report.overall,
        "recommendation": report.recommendation,
        "thresholds": hr.get("thresholds"),
        "dimensions": hr.get("dimensions") or [],
        "strengths": hr.get("strengths") or [],
        "improvements": hr.get("improvements") or [],
        "notes": hr.get("notes") or ([hr["note"]] if hr.get("note") else []),
        "unscored_answers": hr.get("unscored_answers") or [],
        "scoring_version": report.scoring_version,
        "decision": report.decision,
        "decided_at": report.decided_at.isoformat() if report.decided_at else None,
        "release_at": report.release_at.isoformat() if report.release_at else None,
        "candidate_notified_at": (
            report.candidate_notified_at.isoformat() if report.candidate_notified_at else None
        ),
        "hr_view": hr,
    }
