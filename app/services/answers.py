"""Receiving answers: stored first, processed after; never lost, never answered twice."""

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import storage
from app.errors import AppError, Conflict, NotFound, PayloadTooLarge, ValidationError
from app.extensions import db
from app.models import Answer, Interview, Invitation, Question
from app.models.base import utcnow
from app.queues import enqueue_transcription
from app.services import consents, follow_ups, hint_tickets, hot_cache
from app.services.interviews import (
    TIME_GRACE_S,
    answered_ids,
    current_question_id,
    keep_hints,
    mark_presented,
    question_view,
)
from app.services.scoring_bridge import scoring_question
from app.speech_status import asr_status

MAX_AUDIO_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 5000


def submit_answer(
    interview: Interview,
    openid: str,
    *,
    question_id: int,
    key: str | None,
    text: str | None = None,
    duration_s: float | None = None,
    audio: bytes | None = None,
    client_transcript: str | None = None,
    client_signals: dict | None = None,
) -> dict:
    # One answer at a time per interview: concurrent submits wait here instead of deadlocking
    # on the answers index (MariaDB); the unique (interview, question) key decides the rest.
    # The same round trip reads the invitation's deadline.
    deadline = db.session.scalar(
        select(Invitation.deadline)
        .join(Interview, Interview.invitation_id == Invitation.id)
        .where(Interview.id == interview.id)
        .with_for_update()
    )
    # The interview's answers, read once, answer both "seen this key?" and "answered before?".
    first = next((a for a in interview.answers if key and a.idempotency_key == key), None)
    if first is not None:
        if first.question_id != question_id:
            raise Conflict(
                "this Idempotency-Key was used for another question", code="idempotency_key_reused"
            )
        return response_for(interview, first)
    if interview.state != "in_progress":
        raise Conflict("this interview is finished", code="interview_finished")
    if deadline < utcnow():
        raise Conflict("the deadline for this interview has passed", code="invitation_expired")
    if question_id not in interview.question_ids:
        raise NotFound("question not in this interview", code="question_not_in_interview")
    previous = next((a for a in interview.answers if a.question_id == question_id), None)
    if previous is not None and previous.quality != "insufficient":
        return _lost_race(interview, question_id, key)
    follow_ups.require_none_pending(interview)
    if question_id != current_question_id(interview):
        if question_id in answered_ids(interview):  # answered meanwhile by a racing request
            return _lost_race(interview, question_id, key)
        raise Conflict("answer the current question first", code="not_current_question")
    if interview.kind == "practice":
        consents.require(openid, "ai_evaluation")  # practice feedback is AI scoring

    answer = previous or Answer(question_id=question_id)
    answer.position = interview.question_ids.index(question_id)
    answer.idempotency_key = key
    answer.submitted_at = utcnow()
    answer.duration_s = duration_s
    answer.client_signals = client_signals  # evidence for HR (app.services.integrity)
    answer.hints_shown = hint_tickets.recorded(interview, question_id)
    answer.flags = _time_flags(interview, question_id, answer.submitted_at)
    take_content(answer, openid, audio, text, client_transcript, noun="answer")
    if previous is None:
        interview.answers.append(answer)  # keeps the loaded collection current
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _lost_race(interview, question_id, key)

    keep_hints(interview, question_id, answer.hints_shown)
    asked = follow_ups.ask_after(interview, answer)  # the next question waits for its reply
    if answer.quality != "insufficient" and asked is None:
        mark_presented(interview, current_question_id(interview))
    if answer.asr_state == "pending":
        enqueue_transcription(answer.id)
    if interview.kind == "formal" and asked is None and current_question_id(interview) is None:
        from app.services.completion import begin_completion

        begin_completion(interview)
    body = response_for(interview, answer)  # before the commit expires what it reads
    db.session.commit()
    return body


def _lost_race(interview: Interview, question_id: int, key: str | None) -> dict:
    """Another request answered this question first: its result if it was this same answer
    (same Idempotency-Key), else the documented 409."""
    winner = next((a for a in interview.answers if a.question_id == question_id), None)
    if winner is None:
        winner = db.session.scalar(
            select(Answer).where(
                Answer.interview_id == interview.id, Answer.question_id == question_id
            )
        )
    if winner is not None and key and winner.idempotency_key == key:
        return response_for(interview, winner)
    raise Conflict("this question has already been answered", code="already_answered")


def _time_flags(interview: Interview, question_id: int, now: datetime) -> list[str]:
    question = hot_cache.question(question_id)
    presented = interview.presented.get(str(question_id))
    if presented is None:
        return []
    elapsed = (now - datetime.fromisoformat(presented)).total_seconds()
    return ["overtime"] if elapsed > question.time_limit_s + TIME_GRACE_S else []


def take_content(
    row,
    openid: str,
    audio: bytes | None,
    text: str | None,
    client_transcript: str | None,
    noun: str,
) -> None:
    """What was said, by voice (with the voice consent) or typed, checked the same way for an
    answer and a follow-up's reply (`noun` names which in the error)."""
    row.quality, row.quality_reason, row.features = None, None, None
    if audio is not None:
        consents.require(openid, "voice")
        take_audio(row, audio, client_transcript)
        return
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            f"the {noun} is empty; type an answer or record audio", code="empty_answer"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(f"the {noun} is longer than {MAX_TEXT_CHARS} characters")
    row.text, row.quality, row.asr_state = text, "ok", "none"


def take_audio(answer, audio: bytes, client_transcript: str | None) -> None:
    """Validate and measure in the request, so a bad recording is refused at once (an answer
    or a follow-up's reply: both keep audio, transcripts and quality the same way)."""
    from scoring.speech.audio import AudioError, to_wav16k
    from scoring.speech.features import analyse, with_rate
    from scoring.speech.gate import quality

    if len(audio) > MAX_AUDIO_BYTES:
        raise PayloadTooLarge("audio is larger than 20 MB", code="audio_too_large")
    try:
        wav = to_wav16k(audio)
    except AudioError as exc:
        status = 413 if exc.code in ("too_large", "too_long") else 422
        raise AppError(exc.message, code=f"audio_{exc.code}", status=status) from exc
    features = analyse(wav)
    transcript = (client_transcript or "").strip() or None
    if transcript:
        with_rate(features, transcript)
    status, reason = quality(features, transcript)
    answer.features = features.to_dict()
    answer.client_transcript = transcript
    storage.delete(answer.audio_path)  # a re-recording replaces an insufficient one
    answer.audio_path = storage.save("audio", audio)
    answer.quality, answer.quality_reason = status, reason
    if status == "insufficient":
        answer.asr_state = "none"
    elif asr_status(current_app.config.get("ASR_MODEL_DIR")) == "available":
        answer.asr_state = "pending"
    elif transcript:
        answer.asr_state, answer.transcript = "unavailable", None
    else:
        answer.asr_state = "waiting"  # no model and no client text: wait, do not fail
    if answer.duration_s is None:
        answer.duration_s = features.duration_s


def answer_text(answer: Answer) -> str | None:
    return answer.text or answer.transcript or answer.client_transcript


def practice_feedback(interview: Interview, answer: Answer, follow_up=None) -> dict | None:
    from scoring.followups.combine import score_with_follow_up

    text = answer_text(answer)
    if interview.kind != "practice" or answer.quality != "ok" or not text:
        return None
    question = db.session.get(Question, answer.question_id)
    result, _ = score_with_follow_up(
        scoring_question(question),
        text,
        follow_ups.exchange(follow_up),
        timing={"duration_s": answer.duration_s} if answer.duration_s else None,
        acoustics=answer.features,
    )
    return {
        "band": result.band,
        "score": round(result.score),
        "star": result.star,
        "tips": result.tips,
        "evidence": result.evidence,
    }


def response_for(interview: Interview, answer: Answer) -> dict:
    follow_up, waiting = follow_ups.own_and_pending(interview, answer.id)
    next_id = (
        None if waiting or interview.state != "in_progress" else current_question_id(interview)
    )
    body = {
        "answer_id": answer.id,
        "question_id": answer.question_id,
        "quality": answer.quality,
        "transcript_state": answer.asr_state,
        "flags": answer.flags,
        "interview_state": interview.state,
        "next_question": question_view(interview, next_id),
        "follow_up": follow_ups.view(follow_up),
    }
    if answer.quality == "insufficient":
        body["message"] = answer.quality_reason
    feedback = practice_feedback(interview, answer, follow_up)
    if feedback is not None:
        body["feedback"] = feedback
    return body
