"""One recorded answer end to end: intake, features, transcript, quality gate.

This is what the `asr` queue job and the command line call. Bad audio raises `AudioError`
(the caller stores it on the answer and never retries); a recogniser failure raises
`AsrError` so the job fails and is retried.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass

from scoring.speech.asr import asr_available, get_asr_engine
from scoring.speech.audio import to_wav16k
from scoring.speech.features import AudioFeatures, analyse, with_rate
from scoring.speech.gate import quality

log = logging.getLogger(__name__)


@dataclass
class SpeechResult:
    features: AudioFeatures
    transcript: str | None
    transcript_source: str  # "asr", "client" or "pending" (no model and no client text)
    asr: str  # "paddlespeech" when a model was loaded, else "unavailable"
    quality: str  # "ok" or "insufficient"
    reason: str | None  # for the candidate, in Chinese, when insufficient
    timings_s: dict[str, float]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["features"] = self.features.to_dict()
        return data


def process_audio(
    data: bytes,
    client_transcript: str | None = None,
    model_dir: str | None = None,
    kind: str | None = None,
) -> SpeechResult:
    """Server ASR wins when a model is installed (the client recogniser stops near 60 s)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    wav = to_wav16k(data, kind)
    timings["convert"] = time.perf_counter() - started

    started = time.perf_counter()
    features = analyse(wav)
    timings["features"] = time.perf_counter() - started

    available = asr_available(model_dir)
    transcript, source = None, "pending"
    if available:
        started = time.perf_counter()
        engine = get_asr_engine(str(model_dir))
        transcript = engine.transcribe(wav, features.segments) if features.segments else ""
        timings["asr"] = time.perf_counter() - started
        source = "asr"
    elif client_transcript is not None:
        transcript, source = client_transcript, "client"
    if transcript is not None:
        with_rate(features, transcript)
    status, reason = quality(features, transcript)
    log.info(
        "speech: %.1f s audio, %.1f s voiced, transcript from %s, quality %s",
        features.duration_s,
        features.voiced_s,
        source,
        status,
    )
    return SpeechResult(
        features=features,
        transcript=transcript,
        transcript_source=source,
        asr="paddlespeech" if available else "unavailable",
        quality=status,
        reason=reason,
        timings_s={k: round(v, 4) for k, v in timings.items()},
    )
