"""Synthesised Chinese answers with silences at known places, and a tiny ASR model."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from scoring.speech.audio import SAMPLE_RATE, read_wav16k, samples_to_wav, to_wav16k
from scoring.speech.features import count_chars

SENTENCES = [
    "我叫张三，在上一家公司做了三年产品经理。",
    "我们先做了用户调研，然后确定了需求的优先级。",
    "项目上线以后，转化率提高了百分之二十。",
    "这个经验让我学会了用数据说话。",
]
# Silence after each sentence but the last, in seconds: two long pauses, one short.
GAPS = [4.0, 1.0, 3.6]
LEAD_S, TAIL_S = 0.5, 0.5


@dataclass
class SynthAnswer:
    samples: np.ndarray
    wav: bytes
    text: str
    speech_s: float  # total length of the spoken clips
    clip_spans: list[tuple[float, float]]  # where each clip sits in the answer

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def synthesise(text: str) -> np.ndarray:
    """espeak-ng Mandarin at 16 kHz, with its own leading and trailing silence trimmed."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng (Debian package espeak-ng) is not installed")
    raw = subprocess.run(
        ["espeak-ng", "-v", "cmn", "-s", "160", "--stdout", text],
        capture_output=True,
        check=True,
    ).stdout
    samples = read_wav16k(to_wav16k(raw))
    loud = np.nonzero(np.abs(samples.astype(np.int32)) > 200)[0]
    return samples[loud[0] : loud[-1] + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * SAMPLE_RATE)), dtype=np.int16)


@pytest.fixture(scope="session")
def clips() -> list[np.ndarray]:
    return [synthesise(text) for text in SENTENCES]


@pytest.fixture(scope="session")
def answer(clips: list[np.ndarray]) -> SynthAnswer:
    parts, spans, cursor = [silence(LEAD_S)], [], LEAD_S
    for i, clip in enumerate(clips):
        parts.append(clip)
        spans.append((cursor, cursor + len(clip) / SAMPLE_RATE))
        cursor = spans[-1][1]
        gap = GAPS[i] if i < len(GAPS) else TAIL_S
        parts.append(silence(gap))
        cursor += gap
    samples = np.concatenate(parts)
    return SynthAnswer(
        samples=samples,
        wav=samples_to_wav(samples),
        text="".join(SENTENCES),
        speech_s=sum(len(c) for c in clips) / SAMPLE_RATE,
        clip_spans=spans,
    )


@pytest.fixture(scope="session")
def answer_chars() -> int:
    return count_chars("".join(SENTENCES))


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.support.tiny_conformer import build_tiny_conformer

    return build_tiny_conformer(tmp_path_factory.mktemp("tiny-conformer"))


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
