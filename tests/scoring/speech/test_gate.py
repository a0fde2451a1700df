from __future__ import annotations

import numpy as np
import pytest

from scoring.speech.audio import SAMPLE_RATE, samples_to_wav
from scoring.speech.features import analyse
from scoring.speech.gate import quality

from .conftest import silence

RNG = np.random.default_rng(11)
SECONDS = 12


def _white(level: float) -> np.ndarray:
    return RNG.normal(0, level, SECONDS * SAMPLE_RATE)


def _brown() -> np.ndarray:
    walk = np.cumsum(RNG.normal(0, 1, SECONDS * SAMPLE_RATE))
    walk -= np.convolve(walk, np.ones(801) / 801, mode="same")  # keep it from drifting off
    return walk / np.abs(walk).max() * 9000


def _hum() -> np.ndarray:
    t = np.arange(SECONDS * SAMPLE_RATE) / SAMPLE_RATE
    return 6000 * np.sin(2 * np.pi * 50 * t) + 2000 * np.sin(2 * np.pi * 150 * t)


@pytest.mark.parametrize(
    "signal",
    [
        pytest.param(lambda: np.zeros(SECONDS * SAMPLE_RATE), id="digital-silence"),
        pytest.param(lambda: _white(20), id="quiet-room-hiss"),
        pytest.param(lambda: _white(3000), id="loud-white-noise"),
        pytest.param(_brown, id="brown-noise"),
        pytest.param(_hum, id="mains-hum"),
    ],
)
def test_no_speech_is_insufficient(signal):
    samples = np.clip(signal(), -32768, 32767).astype(np.int16)
    status, reason = quality(analyse(samples_to_wav(samples)), None)
    assert status == "insufficient"
    assert "重新录音" in reason and "文字" in reason


def test_synthesised_answer_passes_with_its_transcript(answer):
    assert quality(analyse(answer.wav, answer.text), answer.text) == ("ok", None)


def test_answer_passes_while_transcript_pending(answer):
    assert quality(analyse(answer.wav), None) == ("ok", None)


@pytest.mark.parametrize("transcript", ["", "嗯", "我叫张三"])
def test_transcript_far_too_short_for_speech_is_insufficient(answer, transcript):
    status, reason = quality(analyse(answer.wav, transcript), transcript)
    assert status == "insufficient"
    assert "识别" in reason


def test_little_speech_in_long_recording_is_insufficient(clips):
    samples = np.concatenate([silence(20.0), clips[0][: 2 * SAMPLE_RATE], silence(30.0)])
    features = analyse(samples_to_wav(samples))
    assert 1.0 < features.voiced_s < 3.0
    status, reason = quality(features, None)
    assert status == "insufficient" and "只有约" in reason


def test_overdriven_recording_is_insufficient(answer):
    loud = np.clip(answer.samples.astype(np.int32) * 10, -32768, 32767).astype(np.int16)
    status, reason = quality(analyse(samples_to_wav(loud)), answer.text)
    assert status == "insufficient" and "失真" in reason
