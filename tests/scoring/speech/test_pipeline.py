from __future__ import annotations

import json

import numpy as np
import pytest

from scoring.speech.audio import AudioError, samples_to_wav
from scoring.speech.pipeline import process_audio


def test_without_model_or_client_text_the_transcript_is_pending(answer):
    result = process_audio(answer.wav)
    assert (result.transcript, result.transcript_source) == (None, "pending")
    assert (result.asr, result.quality) == ("unavailable", "ok")
    assert result.features.long_pauses == 2
    assert json.loads(json.dumps(result.to_dict()))["features"]["long_pauses"] == 2


def test_client_transcript_is_used_when_no_model(answer, tmp_path):
    result = process_audio(answer.wav, client_transcript=answer.text, model_dir=str(tmp_path))
    assert (result.transcript_source, result.asr) == ("client", "unavailable")
    assert result.features.speech_rate_cpm is not None


def test_bad_audio_raises_audio_error_for_the_caller_to_store():
    with pytest.raises(AudioError) as err:
        process_audio(b"not audio at all, just a sentence typed into the wrong field" * 20)
    assert err.value.code == "unsupported"


@pytest.mark.ml
def test_server_asr_takes_precedence_over_client_text(answer, tiny_model_dir):
    result = process_audio(answer.wav, client_transcript="客户端文字", model_dir=tiny_model_dir)
    assert (result.transcript_source, result.asr) == ("asr", "paddlespeech")
    assert result.transcript != "客户端文字"
    assert result.timings_s["asr"] > 0


@pytest.mark.ml
def test_silence_with_model_is_insufficient_without_decoding(tiny_model_dir):
    result = process_audio(
        samples_to_wav(np.zeros(16000 * 6, dtype=np.int16)), model_dir=tiny_model_dir
    )
    assert (result.transcript, result.quality) == ("", "insufficient")
    assert "重新录音" in result.reason
