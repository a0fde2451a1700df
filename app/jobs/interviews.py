"""Jobs of the candidate journey: transcription (asr queue) and interview completion."""

import logging

from flask import current_app

from app import storage
from app.extensions import db
from app.jobs import handler
from app.models import Answer, FollowUp, Interview
from app.queues import enqueue_completion

log = logging.getLogger(__name__)


@handler("answer.transcribe")
def transcribe(answer_id: int) -> dict:
    return _transcribe(Answer, answer_id)


@handler("follow_up.transcribe")
def transcribe_follow_up(follow_up_id: int) -> dict:
    return _transcribe(FollowUp, follow_up_id)


def _transcribe(model: type[Answer] | type[FollowUp], row_id: int) -> dict:
    """An answer's or a follow-up reply's recording: both keep audio and transcripts alike."""
    from scoring.speech.audio import AudioError
    from scoring.speech.pipeline import process_audio

    row = db.session.get(model, row_id)
    if row is None or row.asr_state != "pending" or not row.audio_path:
        return {"skipped": True}
    audio = storage.load(row.audio_path)
    client_transcript = row.client_transcript
    db.session.commit()  # no transaction held open during inference
    try:
        result = process_audio(audio, client_transcript, current_app.config.get("ASR_MODEL_DIR"))
    except AudioError as exc:  # bad input is not retried
        row = db.session.get(model, row_id)
        row.asr_state, row.quality, row.quality_reason = "failed", "insufficient", exc.message
        db.session.commit()
        return {"quality": "insufficient", "error": exc.code}
    row = db.session.get(model, row_id)
    row.features = result.features.to_dict()
    row.transcript = result.transcript if result.transcript_source == "asr" else None
    row.asr_state = "done" if result.transcript_source == "asr" else "unavailable"
    row.quality, row.quality_reason = result.quality, result.reason
    interview = db.session.get(Interview, row.interview_id)
    if result.quality == "insufficient" and interview.state == "completing":
        interview.state = "in_progress"  # the candidate is asked to record that answer again
    if interview.state == "completing":
        enqueue_completion(interview.id)
    db.session.commit()
    return {"quality": result.quality, "transcript_source": result.transcript_source}


@handler("interview.complete")
def complete_interview(interview_id: int) -> dict:
    from app.services.completion import complete

    return complete(interview_id)
