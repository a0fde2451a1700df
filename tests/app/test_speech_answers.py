"""Voice answers through the asr queue: features, transcript state and quality on the answer."""

import pytest

from app.models import Answer
from tests.app.journey_helpers import dev_login, seeded, synthesize
from tests.conftest import REDIS_URL

SPOKEN = "去年我负责一个新产品上线，首先调研了三十个用户，最后把转化率提升了百分之二十。"


@pytest.fixture()
def tiny_asr(app, tmp_path_factory):
    from tests.support.tiny_conformer import build_tiny_conformer

    model_dir = build_tiny_conformer(tmp_path_factory.mktemp("asr-model"))
    saved = app.config.get("ASR_MODEL_DIR")
    app.config["ASR_MODEL_DIR"] = str(model_dir)
    yield str(model_dir)
    app.config["ASR_MODEL_DIR"] = saved


def _formal(app, client, db):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    return phone, formal


@pytest.mark.ml
def test_audio_answer_is_transcribed_on_the_asr_queue(
    app, client, db, tiny_asr, run_worker, tmp_path
):
    assert client.get("/healthz").get_json()["asr"] == "available"
    phone, formal = _formal(app, client, db)
    audio = synthesize(SPOKEN, tmp_path)
    response = phone.answer_audio(formal["id"], formal["current_question"]["id"], audio)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["transcript_state"] in ("pending", "done")
    if REDIS_URL:
        run_worker("asr")
    db.session.rollback()
    answer = db.session.query(Answer).one()
    assert answer.asr_state == "done"
    assert answer.transcript is not None  # the tiny model's words are meaningless, not absent
    assert answer.features["duration_s"] > 2 and answer.features["voiced_s"] > 1
    assert answer.quality in ("ok", "insufficient")


def test_without_a_model_the_client_transcript_is_used(app, client, db, tmp_path):
    assert client.get("/healthz").get_json()["asr"] == "unavailable"
    phone, formal = _formal(app, client, db)
    audio = synthesize(SPOKEN, tmp_path)
    response = phone.answer_audio(
        formal["id"], formal["current_question"]["id"], audio, transcript=SPOKEN
    )
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["quality"] == "ok" and body["transcript_state"] == "unavailable"
    answer = db.session.query(Answer).one()
    assert answer.client_transcript == SPOKEN
    assert answer.features["speech_rate_cpm"] > 0


def test_without_model_or_transcript_the_answer_waits(app, client, db, tmp_path):
    phone, formal = _formal(app, client, db)
    audio = synthesize(SPOKEN, tmp_path)
    body = phone.answer_audio(formal["id"], formal["current_question"]["id"], audio).get_json()
    assert body["transcript_state"] == "waiting"
    answer = db.session.query(Answer).one()
    assert answer.audio_path and answer.features["voiced_s"] > 1


def test_stored_audio_is_encrypted(app, client, db, tmp_path):
    phone, formal = _formal(app, client, db)
    audio = synthesize(SPOKEN, tmp_path)
    phone.answer_audio(formal["id"], formal["current_question"]["id"], audio, transcript=SPOKEN)
    answer = db.session.query(Answer).one()
    with open(f"{app.config['STORAGE_DIR']}/{answer.audio_path}", "rb") as handle:
        on_disk = handle.read()
    assert audio[:64] not in on_disk and b"RIFF" not in on_disk[:16]
