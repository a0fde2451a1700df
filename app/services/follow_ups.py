"""Follow-up questions (追问) in an interview: when one is asked, what the candidate sees, and
the exchange scoring reads. The question is built by `scoring.followups` from the answer's own
words; the reply is received by `app.services.follow_up_replies`.

One follow-up per answer at most, and only after an answer with text to quote (typed, or the
mini-program's own transcript of a recording). While it is pending the next question waits, so
its time limit starts only when the candidate can see it.
"""

from datetime import timedelta

from sqlalchemy import or_, select

from app.errors import Conflict
from app.extensions import db
from app.models import Answer, FollowUp, Interview, Job
from app.models.base import utcnow
from app.services import hot_cache

# Seconds to answer a follow-up: it asks for one part of a story already told.
TIME_LIMIT_S = 90
UNANSWERED = (None, "insufficient")  # a reply that could not be heard is asked again


def reply_text(row: FollowUp) -> str | None:
    return row.text or row.transcript or row.client_transcript


def is_pending(row: FollowUp | None) -> bool:
    return row is not None and row.quality in UNANSWERED


def pending(interview: Interview) -> FollowUp | None:
    return db.session.scalar(
        select(FollowUp).where(
            FollowUp.interview_id == interview.id,
            or_(FollowUp.quality.is_(None), FollowUp.quality == "insufficient"),
        )
    )


def require_none_pending(interview: Interview) -> None:
    if pending(interview) is not None:
        raise Conflict("请先回答追问，再回答下一题。", code="follow_up_pending")


def own_and_pending(interview: Interview, answer_id: int) -> tuple[FollowUp | None, bool]:
    """This answer's follow-up, and whether any follow-up of the interview waits (one query)."""
    rows = db.session.scalars(
        select(FollowUp).where(
            FollowUp.interview_id == interview.id,
            or_(
                FollowUp.answer_id == answer_id,
                FollowUp.quality.is_(None),
                FollowUp.quality == "insufficient",
            ),
        )
    ).all()
    own = next((r for r in rows if r.answer_id == answer_id), None)
    return own, any(is_pending(r) for r in rows)


def for_answer(answer_id: int) -> FollowUp | None:
    return db.session.scalar(select(FollowUp).where(FollowUp.answer_id == answer_id))


def ask_after(interview: Interview, answer: Answer) -> FollowUp | None:
    """The follow-up to ask after this answer (added to the session), or None.

    Formal interviews follow the job's policy; practice always asks, as coaching.
    """
    from scoring.followups.generate import follow_up_for
    from scoring.followups.templates import templates_for

    text = answer.text or answer.client_transcript
    if answer.quality != "ok" or not text:
        return None
    if interview.kind == "formal":
        if hot_cache.job_settings(interview.job_id).follow_up_policy == "off":
            return None
    question = hot_cache.scoring_question(answer.question_id)
    found = follow_up_for(question, text, variant=answer.position)
    # A recording found inaudible after its follow-up was asked is recorded again: ask once.
    if found is None or for_answer(answer.id) is not None:
        return None
    custom = db.session.scalar(select(Job.follow_up_templates).where(Job.id == interview.job_id))
    if custom:  # the job's own wording (checked when HR saved it), read only when one is asked
        found = follow_up_for(question, text, templates_for(custom), variant=answer.position)
    row = FollowUp(
        answer_id=answer.id,
        interview_id=interview.id,
        part=found.part,
        question=found.text,
        asked_at=utcnow(),
        time_limit_s=TIME_LIMIT_S,
        asr_state="none",
        flags=[],
    )
    db.session.add(row)
    db.session.flush()
    return row


def view(row: FollowUp | None) -> dict | None:
    """What the mini-program shows: the question, its time limit, and the reply's state."""
    if row is None:
        return None
    body = {
        "id": row.id,
        "answer_id": row.answer_id,
        "text": row.question,
        "part": row.part,
        "time_limit_s": row.time_limit_s,
        "answer_by": row.asked_at + timedelta(seconds=row.time_limit_s),
        "state": "pending" if is_pending(row) else "answered",
        "quality": row.quality,
        "transcript_state": row.asr_state,
        "flags": list(row.flags or []),
    }
    if row.quality == "insufficient":
        body["message"] = row.quality_reason
    return body


def exchange(row: FollowUp | None):
    """The follow-up as scoring reads it (None when none was asked)."""
    from scoring.followups.combine import Exchange

    if row is None:
        return None
    answered = row.quality == "ok" and row.asr_state != "pending"
    return Exchange(row.part, row.question, reply_text(row) if answered else None)


def by_answer(answer_ids: list[int]) -> dict[int, FollowUp]:
    if not answer_ids:
        return {}
    rows = db.session.scalars(select(FollowUp).where(FollowUp.answer_id.in_(answer_ids)))
    return {row.answer_id: row for row in rows}
