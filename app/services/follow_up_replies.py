"""Receiving the reply to a follow-up (追问): the same guarantees as answers. Stored first,
processed after; the same Idempotency-Key returns the same result; a reply is never taken twice;
a recording that cannot be heard is asked for again; late replies are kept and flagged."""

from sqlalchemy import select

from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import Answer, FollowUp, Interview
from app.models.base import utcnow
from app.queues import enqueue_follow_up_transcription
from app.services import follow_ups
from app.services.answers import response_for, take_content
from app.services.interviews import TIME_GRACE_S, current_question_id, mark_presented


def submit_reply(
    interview: Interview,
    openid: str,
    follow_up_id: int,
    *,
    key: str | None,
    text: str | None = None,
    duration_s: float | None = None,
    audio: bytes | None = None,
    client_transcript: str | None = None,
    client_signals: dict | None = None,
) -> dict:
    row = db.session.get(FollowUp, follow_up_id)
    if row is None or row.interview_id != interview.id:
        raise NotFound("follow-up not found", code="follow_up_not_found")
    answer = db.session.get(Answer, row.answer_id)
    if key and row.idempotency_key == key and row.quality is not None:
        return response_for(interview, answer)  # a retry of the reply that was taken
    # One submission at a time per interview, as for answers.
    db.session.execute(select(Interview.id).where(Interview.id == interview.id).with_for_update())
    db.session.refresh(row)
    if not follow_ups.is_pending(row):
        if key and row.idempotency_key == key:
            return response_for(interview, answer)
        raise Conflict("这个追问已经回答过了。", code="follow_up_already_answered")
    if interview.state != "in_progress":
        raise Conflict("this interview is finished", code="interview_finished")
    if interview.invitation.deadline < utcnow():
        raise Conflict("the deadline for this interview has passed", code="invitation_expired")

    row.idempotency_key = key
    row.submitted_at = utcnow()
    row.duration_s = duration_s
    row.client_signals = client_signals  # evidence for HR (app.services.integrity)
    elapsed = (row.submitted_at - row.asked_at).total_seconds()
    row.flags = ["overtime"] if elapsed > row.time_limit_s + TIME_GRACE_S else []
    take_content(row, openid, audio, text, client_transcript, noun="reply")
    db.session.flush()

    if row.quality != "insufficient":
        mark_presented(interview, current_question_id(interview))
    if row.asr_state == "pending":
        enqueue_follow_up_transcription(row.id)
    if (
        interview.kind == "formal"
        and row.quality != "insufficient"
        and current_question_id(interview) is None
    ):
        from app.services.completion import begin_completion

        begin_completion(interview)
    db.session.commit()
    return response_for(interview, answer)
