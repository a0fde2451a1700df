from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scoring.__main__ import main as scoring_main
from scoring.speech.audio import samples_to_wav

from .conftest import write

REPO = Path(__file__).resolve().parents[3]
KEYS = [
    "duration_s",
    "voiced_s",
    "pause_ratio",
    "long_pauses",
    "transcript",
    "speech_rate_cpm",
    "asr",
    "quality",
]


@pytest.fixture()
def no_model(monkeypatch):
    monkeypatch.delenv("ASR_MODEL_DIR", raising=False)


def run(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = scoring_main(["speech", *argv])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else None), captured.err


def test_cli_prints_documented_keys_without_model(no_model, capsys, answer, tmp_path):
    code, out, _ = run(capsys, str(write(tmp_path / "a.wav", answer.wav)))
    assert code == 0
    assert list(out) == KEYS
    assert out["duration_s"] == pytest.approx(answer.duration_s, abs=0.01)
    assert out["voiced_s"] == pytest.approx(answer.speech_s, rel=0.08)
    assert out["long_pauses"] == 2
    assert 0 < out["pause_ratio"] < 1
    assert (out["transcript"], out["speech_rate_cpm"]) == (None, None)
    assert (out["asr"], out["quality"]) == ("unavailable", "ok")


def test_cli_uses_client_transcript_for_speech_rate(no_model, capsys, answer, tmp_path):
    path = write(tmp_path / "a.wav", answer.wav)
    code, out, _ = run(capsys, str(path), "--transcript", answer.text)
    assert code == 0
    assert out["transcript"] == answer.text
    assert 100 < out["speech_rate_cpm"] < 250


def test_cli_gates_silence_as_insufficient(no_model, capsys, tmp_path):
    path = write(tmp_path / "quiet.wav", samples_to_wav(np.zeros(16000 * 8, dtype=np.int16)))
    code, out, _ = run(capsys, str(path), "--transcript", "")
    assert code == 0 and out["quality"] == "insufficient" and out["voiced_s"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"RIFF\x00\x10\x00\x00WAVEfmt " + bytes(range(256)) * 8, "corrupt"),
        ("简历.docx 不是音频".encode() * 40, "unsupported"),
    ],
)
def test_cli_refuses_bad_audio_on_stderr(no_model, capsys, tmp_path, content, message):
    code, out, err = run(capsys, str(write(tmp_path / "bad.mp3", content)))
    assert code != 0 and out is None
    assert message in err and "bad.mp3" in err


def test_cli_reports_missing_file(no_model, capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path / "nowhere.wav"))
    assert code != 0 and out is None and "cannot read" in err


@pytest.mark.ml
def test_python_m_scoring_speech_with_tiny_model(answer, tmp_path, tiny_model_dir):
    path = write(tmp_path / "answer.wav", answer.wav)
    env = {**os.environ, "ASR_MODEL_DIR": tiny_model_dir, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "scoring", "speech", str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)  # stdout holds the JSON and nothing else
    assert list(out) == KEYS
    assert out["asr"] == "paddlespeech"
    assert isinstance(out["transcript"], str) and out["transcript"]
    assert out["speech_rate_cpm"] is not None
