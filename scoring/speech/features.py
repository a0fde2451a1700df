"""Acoustic delivery measures that need no model: how long, how much speech, pauses, level.

Voice activity is webrtcvad's decision, kept only where the frame also stands out from the
recording's own noise floor: webrtcvad alone calls steady fan or line noise "speech", and
noise-only audio must not pass as an answer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from scoring.speech.audio import SAMPLE_RATE, read_wav16k

FRAME_MS = 30
FRAME = SAMPLE_RATE * FRAME_MS // 1000
VAD_MODE = 2  # 0 (permissive) .. 3 (strict)
LONG_PAUSE_S = 3.0
MERGE_GAP_S = 0.3  # gaps shorter than this are breaths between words, not pauses
MIN_SPAN_S = 0.12  # shorter voiced blips are clicks
ABOVE_FLOOR_DB = 6.0
SILENCE_DBFS = -60.0
CLIP_LEVEL = 32700

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass
class AudioFeatures:
    """Delivery measures of one recording; times in seconds, levels in dBFS."""

    duration_s: float
    voiced_s: float
    pause_ratio: float  # silent share of the span from first to last speech
    long_pauses: int  # pauses longer than LONG_PAUSE_S between speech
    loudness_dbfs: float  # RMS level of the voiced frames (whole file if none)
    peak_dbfs: float
    clipping_ratio: float  # share of samples at full scale
    segments: list[tuple[float, float]] = field(default_factory=list)
    long_pause_spans: list[tuple[float, float]] = field(default_factory=list)
    transcript_chars: int | None = None
    speech_rate_cpm: float | None = None  # characters per minute of voiced time

    def to_dict(self) -> dict:
        data = asdict(self)
        data["segments"] = [list(s) for s in self.segments]
        data["long_pause_spans"] = [list(s) for s in self.long_pause_spans]
        return data


def count_chars(transcript: str) -> int:
    """Chinese characters, plus one per run of Latin letters or digits ("用 Python 写" = 3)."""
    return len(_CJK.findall(transcript)) + len(_LATIN_WORD.findall(transcript))


def speech_rate(chars: int, voiced_s: float) -> float | None:
    """Characters per minute of voiced time.

    Voiced time (breaths under 0.3 s included, real pauses excluded) is the divisor so that
    thinking before or between ideas does not read as slow speech: pauses are reported on
    their own in `pause_ratio` and `long_pauses`.
    """
    if voiced_s < 1.0:
        return None
    return round(chars * 60.0 / voiced_s, 1)


def analyse(wav16k: bytes, transcript: str | None = None) -> AudioFeatures:
    samples = read_wav16k(wav16k)
    duration = len(samples) / SAMPLE_RATE
    segments = voiced_segments(samples)
    voiced = float(sum(end - start for start, end in segments))
    pauses = [(a[1], b[0]) for a, b in zip(segments, segments[1:], strict=False)]
    long_spans = [(s, e) for s, e in pauses if e - s > LONG_PAUSE_S]
    if segments:
        span = segments[-1][1] - segments[0][0]
        pause_ratio = (span - voiced) / span if span > 0 else 0.0
    else:
        pause_ratio = 1.0
    wide = samples.astype(np.float64)
    voiced_mask = np.zeros(len(samples), dtype=bool)
    for start, end in segments:
        voiced_mask[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)] = True
    level = wide[voiced_mask] if voiced_mask.any() else wide
    features = AudioFeatures(
        duration_s=round(duration, 3),
        voiced_s=round(voiced, 3),
        pause_ratio=round(pause_ratio, 3),
        long_pauses=len(long_spans),
        loudness_dbfs=_dbfs(np.sqrt(np.mean(level**2)) if len(level) else 0.0),
        peak_dbfs=_dbfs(float(np.max(np.abs(wide))) if len(wide) else 0.0),
        clipping_ratio=round(float(np.mean(np.abs(wide) >= CLIP_LEVEL)) if len(wide) else 0.0, 5),
        segments=[(round(s, 2), round(e, 2)) for s, e in segments],
        long_pause_spans=[(round(s, 2), round(e, 2)) for s, e in long_spans],
    )
    if transcript is not None:
        with_rate(features, transcript)
    return features


def with_rate(features: AudioFeatures, transcript: str) -> AudioFeatures:
    """Fill in the transcript-dependent fields once a transcript exists (ASR or client)."""
    features.transcript_chars = count_chars(transcript)
    features.speech_rate_cpm = speech_rate(features.transcript_chars, features.voiced_s)
    return features


def _dbfs(rms: float) -> float:
    return round(max(20 * np.log10(max(rms, 1e-9) / 32768.0), -120.0), 1)


def high_pass(samples: np.ndarray, cutoff_hz: float = 80.0) -> np.ndarray:
    """Remove rumble below the lowest voice pitch: webrtcvad takes wind and handling noise
    for speech."""
    from scipy.signal import butter, sosfilt

    sos = butter(4, cutoff_hz, "highpass", fs=SAMPLE_RATE, output="sos")
    filtered = sosfilt(sos, samples.astype(np.float64))
    return np.clip(np.round(filtered), -32768, 32767).astype(np.int16)


def voiced_segments(samples: np.ndarray) -> list[tuple[float, float]]:
    """Spans of speech in seconds, short gaps merged and clicks dropped."""
    import webrtcvad  # imported here so `import scoring.speech` stays cheap

    count = len(samples) // FRAME
    if count == 0:
        return []
    frames = high_pass(samples)[: count * FRAME].reshape(count, FRAME)
    power = np.mean(frames.astype(np.float64) ** 2, axis=1)
    level = 10 * np.log10(np.maximum(power, 1e-12) / 32768.0**2)
    floor = max(float(np.percentile(level, 10)) + ABOVE_FLOOR_DB, SILENCE_DBFS)
    vad = webrtcvad.Vad(VAD_MODE)
    flags = [
        bool(level[i] > floor) and vad.is_speech(frames[i].tobytes(), SAMPLE_RATE)
        for i in range(count)
    ]
    spans: list[list[float]] = []
    step = FRAME_MS / 1000
    for i, flag in enumerate(flags):
        if not flag:
            continue
        start, end = i * step, (i + 1) * step
        if spans and start - spans[-1][1] < MERGE_GAP_S:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans if e - s >= MIN_SPAN_S]
