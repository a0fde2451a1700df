"""The real PaddleSpeech path, driven with a tiny random conformer (its words are noise)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from scoring.speech.asr import AsrError, asr_available, get_asr_engine
from scoring.speech.audio import AudioError, samples_to_wav
from tests.support.tiny_conformer import tiny_vocabulary

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "layout",
    [None, "", "missing", "empty-dir", "config-only", "checkpoint-only"],
)
def test_asr_unavailable_without_complete_model(tmp_path, layout):
    model_dir = {None: None, "": ""}.get(layout, str(tmp_path / "model"))
    if layout not in (None, "", "missing"):
        (tmp_path / "model").mkdir()
    if layout == "config-only":
        (tmp_path / "model" / "model.yaml").write_text("encoder: conformer\n")
    if layout == "checkpoint-only":
        (tmp_path / "model" / "x.pdparams").write_bytes(b"0")
    assert asr_available(model_dir) is False


@pytest.mark.ml
def test_tiny_model_directory_counts_as_available(tiny_model_dir):
    assert asr_available(tiny_model_dir)


@pytest.fixture(scope="module")
def engine(tiny_model_dir):
    return get_asr_engine(tiny_model_dir)


@pytest.mark.ml
def test_engine_loads_once_per_process(engine, tiny_model_dir):
    assert get_asr_engine(tiny_model_dir) is engine
    assert get_asr_engine(str(Path(tiny_model_dir) / ".")) is engine


@pytest.mark.ml
def test_tiny_model_transcribes_through_paddlespeech(engine, answer):
    text = engine.transcribe(answer.wav)
    vocabulary = set(tiny_vocabulary())
    assert text and set(text) <= vocabulary  # decoded by PaddleSpeech with our vocabulary


@pytest.mark.ml
def test_long_answer_reaches_paddlespeech_in_pieces_under_its_limit(engine, answer, monkeypatch):
    seen: list[float] = []
    original = engine._executor.preprocess

    def spy(model_type, audio_file):
        with wave.open(io.BytesIO(audio_file.getvalue())) as wav:
            seen.append(wav.getnframes() / wav.getframerate())
        return original(model_type, audio_file)

    monkeypatch.setattr(engine._executor, "preprocess", spy)
    long = np.concatenate([answer.samples] * 3)  # about 100 s, twice PaddleSpeech's limit
    text = engine.transcribe(samples_to_wav(long))
    assert len(seen) >= 3
    assert max(seen) <= engine.max_segment_s < 50.0
    assert sum(seen) < len(long) / 16000  # silences longer than 1.5 s were not decoded
    assert text


@pytest.mark.ml
def test_failed_decode_never_returns_the_previous_transcript(engine, answer, monkeypatch):
    assert engine.transcribe(answer.wav)  # leaves a result behind in the executor

    def broken(*args, **kwargs):
        raise RuntimeError("decoder blew up")

    monkeypatch.setattr(engine._executor.model, "decode", broken)
    with pytest.raises(AsrError):
        engine.transcribe(answer.wav)


@pytest.mark.ml
def test_wrong_sample_rate_is_refused_before_paddlespeech(engine):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(32000))
    with pytest.raises(AudioError):  # PaddleSpeech would ask input() or sys.exit
        engine.transcribe(buf.getvalue())


@pytest.mark.ml
def test_importing_paddlespeech_leaves_stdout_and_cwd_clean(tmp_path):
    code = (
        "from scoring.speech.asr import prepare_paddlespeech; prepare_paddlespeech();"
        "import paddlespeech.s2t.modules.ctc;"
        "from paddlespeech.s2t.utils import dynamic_pip_install as d\n"
        "try:\n    d.install('paddlespeech_ctcdecoders')\nexcept ImportError:\n    print('refused')"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == "refused\n"  # no log lines, no pip output on stdout
    assert list(tmp_path.iterdir()) == []  # no ./exp/log/ files


@pytest.mark.ml
def test_real_model_recognises_synthesised_chinese(answer):
    model_dir = os.environ.get("ASR_MODEL_DIR")
    if not model_dir:
        pytest.skip("ASR_MODEL_DIR is not set: real conformer_wenetspeech accuracy not tested")
    if not asr_available(model_dir):
        pytest.fail(f"ASR_MODEL_DIR={model_dir} holds no model.yaml and *.pdparams")
    text = get_asr_engine(model_dir).transcribe(answer.wav)
    expected = set(answer.text) - set("，。")
    # espeak's robotic Mandarin is hard; a real model still gets most characters.
    assert len(expected & set(text)) >= 0.5 * len(expected), text


def test_unpacked_archive_one_folder_down_is_found(tmp_path):
    release = tmp_path / "models" / "asr1_conformer_wenetspeech_ckpt_0.1.1.model"
    (release / "exp" / "conformer" / "checkpoints").mkdir(parents=True)
    (release / "model.yaml").write_text("encoder: conformer\n")
    (release / "exp" / "conformer" / "checkpoints" / "wenetspeech.pdparams").write_bytes(b"0")
    assert asr_available(str(tmp_path / "models"))
