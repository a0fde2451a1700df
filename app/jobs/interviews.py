"""Jobs of the candidate journey: transcription (asr queue) and interview completion."""

import logging

from flask import current_app

from app import storage
from app.extensions import db
from app.jobs import handler
from app.models import Answer, Interview
from app.queues import submit

log = logging.getLogger(__name__)


@handler("answer.transcribe")
def transcribe(answer_id: int) -> dict:
    from scoring.speech.audio import AudioError
    from scoring.speech.pipeline import process_audio

    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.asr_state != "pending" or not answer.audio_path:
        return {"skipped": True}
    audio = storage.load(answer.audio_path)
    client_transcript = answer.client_transcript
    db.session.commit()  # no transaction held open during inference
    try:
        result = process_audio(audio, client_transcript, current_app.config.get("ASR_MODEL_DIR"))
    except AudioError as exc:  # bad input is not retried
        answer = db.session.get(Answer, answer_id)
        answer.asr_state, answer.quality, answer.quality_reason = (
            "failed",
            "insufficient",
            exc.message,
        )
        db.session.commit()
        return {"quality": "insufficient", "error": exc.code}
    answer = db.session.get(Answer, answer_id)
    answer.features = result.features.to_dict()
    answer.transcript = result.transcript if result.transcript_source == "asr" else None
    answer.asr_state = "done" if result.transcript_source == "asr" else "unavailable"
    answer.quality, answer.quality_reason = result.quality, result.reason
    interview = db.session.get(Interview, answer.interview_id)
    if result.quality == "insufficient" and interview.state == "completing":
        interview.state = "in_progress"  # the candidate is asked to record that answer again
    db.session.commit()
    if interview.state == "completing":
        submit("interview.complete", queue="default", interview_id=interview.id)
    return {"quality": result.quality, "transcript_source": result.transcript_source}


@handler("interview.complete")
def complete_interview(interview_id: int) -> dict:
    from app.services.completion import complete

    return complete(interview_id)
