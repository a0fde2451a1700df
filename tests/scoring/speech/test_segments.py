from __future__ import annotations

import numpy as np
import pytest

from scoring.speech.audio import SAMPLE_RATE
from scoring.speech.features import analyse, voiced_segments
from scoring.speech.segments import plan_chunks

from .conftest import silence


def _inside_speech(t: float, spans: list[tuple[float, float]]) -> bool:
    return any(start + 0.05 < t < end - 0.05 for start, end in spans)


def test_long_answer_is_cut_at_pauses_under_the_limit(answer):
    long = np.concatenate([answer.samples] * 3)  # about 100 s
    spans = voiced_segments(long)
    chunks = plan_chunks(long, spans, max_s=20.0)
    assert len(chunks) >= 5
    assert all(end - start <= 20.0 for start, end in chunks)
    for start, end in chunks:
        assert not _inside_speech(start, spans) and not _inside_speech(end, spans)


def test_chunks_cover_all_speech_and_skip_long_silence(answer):
    spans = analyse(answer.wav).segments
    chunks = plan_chunks(answer.samples, spans, max_s=45.0)
    for start, end in spans:
        assert any(c0 <= start and end <= c1 for c0, c1 in chunks)
    decoded = sum(end - start for start, end in chunks)
    assert decoded < answer.duration_s - 6.0  # the two long pauses are not sent to the model


def test_monologue_without_pause_is_split_at_quietest_point():
    t = np.arange(70 * SAMPLE_RATE) / SAMPLE_RATE
    envelope = 0.6 + 0.4 * np.sin(2 * np.pi * t / 7.0)  # quietest every 7 s
    tone = (8000 * envelope * np.sin(2 * np.pi * 220 * t)).astype(np.int16)
    chunks = plan_chunks(tone, [(0.0, 70.0)], max_s=45.0)
    assert len(chunks) == 2
    cut = chunks[0][1]
    assert 35.0 <= cut <= 45.0
    assert envelope[int(cut * SAMPLE_RATE)] == pytest.approx(0.2, abs=0.05)
    assert chunks[1] == (cut, 70.0)


def test_no_speech_gives_no_chunks():
    assert plan_chunks(silence(5.0), [], max_s=45.0) == []
