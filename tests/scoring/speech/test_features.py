from __future__ import annotations

import numpy as np
import pytest

from scoring.speech.audio import SAMPLE_RATE, samples_to_wav
from scoring.speech.features import LONG_PAUSE_S, analyse, count_chars

from .conftest import GAPS


def test_duration_matches_synthesis(answer):
    features = analyse(answer.wav)
    assert features.duration_s == pytest.approx(answer.duration_s, abs=0.01)


def test_voiced_time_matches_spoken_clips(answer):
    features = analyse(answer.wav)
    assert features.voiced_s == pytest.approx(answer.speech_s, rel=0.08)


def test_long_pauses_found_where_silence_was_inserted(answer):
    features = analyse(answer.wav)
    expected = [
        (answer.clip_spans[i][1], answer.clip_spans[i + 1][0])
        for i, gap in enumerate(GAPS)
        if gap > LONG_PAUSE_S
    ]
    assert features.long_pauses == len(expected) == 2
    for (start, end), (want_start, want_end) in zip(
        features.long_pause_spans, expected, strict=True
    ):
        assert start == pytest.approx(want_start, abs=0.35)
        assert end == pytest.approx(want_end, abs=0.35)


def test_pause_ratio_is_inserted_silence_over_speaking_span(answer):
    features = analyse(answer.wav)
    span = answer.clip_spans[-1][1] - answer.clip_spans[0][0]
    assert features.pause_ratio == pytest.approx(sum(GAPS) / span, abs=0.05)


def test_speech_rate_is_characters_per_voiced_minute(answer, answer_chars):
    features = analyse(answer.wav, answer.text)
    expected = answer_chars * 60 / answer.speech_s
    assert features.transcript_chars == answer_chars
    assert features.speech_rate_cpm == pytest.approx(expected, rel=0.08)


def test_speech_rate_unknown_without_transcript(answer):
    assert analyse(answer.wav).speech_rate_cpm is None


def test_pauses_still_found_under_background_noise(answer):
    rng = np.random.default_rng(3)
    noisy = answer.samples + rng.normal(0, 250, len(answer.samples))  # about 25 dB SNR
    features = analyse(samples_to_wav(np.clip(noisy, -32768, 32767).astype(np.int16)))
    assert features.long_pauses == 2
    assert features.voiced_s == pytest.approx(answer.speech_s, rel=0.1)


@pytest.mark.parametrize("gain_db", [-6.0, -12.0])
def test_loudness_follows_recording_level(answer, gain_db):
    quieter = (answer.samples * 10 ** (gain_db / 20)).astype(np.int16)
    base, lowered = analyse(answer.wav), analyse(samples_to_wav(quieter))
    assert lowered.loudness_dbfs - base.loudness_dbfs == pytest.approx(gain_db, abs=0.5)
    assert lowered.voiced_s == pytest.approx(base.voiced_s, rel=0.05)


def test_clipping_measured_when_overdriven(answer):
    loud = np.clip(answer.samples.astype(np.int32) * 8, -32768, 32767).astype(np.int16)
    assert analyse(answer.wav).clipping_ratio < 0.001
    assert analyse(samples_to_wav(loud)).clipping_ratio > 0.05


def test_silence_has_no_voiced_time():
    features = analyse(samples_to_wav(np.zeros(5 * SAMPLE_RATE, dtype=np.int16)))
    assert (features.voiced_s, features.segments, features.pause_ratio) == (0.0, [], 1.0)
    assert features.loudness_dbfs == -120.0


def test_to_dict_is_json_ready(answer):
    import json

    data = json.loads(json.dumps(analyse(answer.wav, answer.text).to_dict()))
    assert data["long_pauses"] == 2 and len(data["segments"]) == 4


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("我有五年经验。", 6),
        ("我用 Python 写了 3 个工具", 9),
        ("", 0),
        ("，。！？", 0),
    ],
)
def test_count_chars_counts_hanzi_and_latin_words(text, chars):
    assert count_chars(text) == chars
