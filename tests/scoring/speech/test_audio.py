from __future__ import annotations

import io
import os
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from scoring.speech import audio
from scoring.speech.audio import (
    SAMPLE_RATE,
    AudioError,
    read_wav16k,
    samples_to_wav,
    sniff_audio,
    to_wav16k,
)

from .conftest import write


def ffmpeg(src: Path, dst: Path, *args: str) -> bytes:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(src), *args, str(dst)],
        check=True,
    )
    return dst.read_bytes()


@pytest.fixture(scope="module")
def source(tmp_path_factory, clips) -> Path:
    """About four seconds of synthesised speech as 16 kHz WAV, the input of every encoding."""
    path = tmp_path_factory.mktemp("formats") / "source.wav"
    return write(path, samples_to_wav(clips[0][: 4 * SAMPLE_RATE]))


# What the mini-program recorder can send (it defaults to 8 kHz stereo AAC).
FORMATS = [
    ("mp3", "answer.mp3", ["-ar", "16000", "-ac", "1"]),
    ("mp3", "answer-44k.mp3", ["-ar", "44100", "-ac", "2"]),
    ("m4a", "answer.m4a", ["-ar", "8000", "-ac", "2", "-c:a", "aac"]),
    ("aac", "answer.aac", ["-ar", "8000", "-ac", "2", "-c:a", "aac", "-f", "adts"]),
    ("wav", "answer-8k-stereo.wav", ["-ar", "8000", "-ac", "2"]),
    ("wav", "answer-48k-float.wav", ["-ar", "48000", "-c:a", "pcm_f32le"]),
    ("pcm", "answer.pcm", ["-ar", "16000", "-ac", "1", "-f", "s16le"]),
]


@pytest.mark.parametrize(("kind", "name", "args"), FORMATS, ids=[f[1] for f in FORMATS])
def test_recorder_formats_become_16k_mono_wav(source, tmp_path, kind, name, args):
    data = ffmpeg(source, tmp_path / name, *args)
    assert sniff_audio(data) == kind
    wav = to_wav16k(data)
    with wave.open(io.BytesIO(wav)) as out:
        assert (out.getframerate(), out.getnchannels(), out.getsampwidth()) == (16000, 1, 2)
        seconds = out.getnframes() / out.getframerate()
    # AAC keeps encoder priming and frame padding: up to about 0.2 s at 8 kHz.
    assert seconds == pytest.approx(4.0, abs=0.25 if kind in {"aac", "m4a"} else 0.06)
    level = np.abs(read_wav16k(wav).astype(np.int32)).max()
    assert level > 3000  # still speech, not converted to silence


def test_raw_pcm_at_8k_stereo_uses_declared_layout(source, tmp_path):
    data = ffmpeg(source, tmp_path / "a.pcm", "-ar", "8000", "-ac", "2", "-f", "s16le")
    wav = to_wav16k(data, "pcm", pcm_rate=8000, pcm_channels=2)
    assert len(read_wav16k(wav)) / SAMPLE_RATE == pytest.approx(4.0, abs=0.05)


def test_audio_over_five_minutes_is_too_long(tmp_path):
    quiet = np.zeros((5 * 60 + 10) * 8000, dtype=np.int16).tobytes()
    data = write(tmp_path / "long.pcm", quiet).read_bytes()
    wav8k = io.BytesIO()
    with wave.open(wav8k, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(data)
    with pytest.raises(AudioError) as err:
        to_wav16k(wav8k.getvalue())
    assert err.value.code == "too_long"


def test_audio_of_almost_five_minutes_is_accepted():
    wav = samples_to_wav(np.zeros(299 * SAMPLE_RATE, dtype=np.int16))
    assert len(read_wav16k(to_wav16k(wav))) == 299 * SAMPLE_RATE


def test_file_over_20_mb_is_too_large():
    data = b"ID3" + bytes(audio.MAX_BYTES)
    with pytest.raises(AudioError) as err:
        to_wav16k(data)
    assert err.value.code == "too_large"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda src: b"RIFF\x00\x10\x00\x00WAVEfmt " + os.urandom(4000), id="wav"),
        pytest.param(lambda src: b"ID3\x04\x00\x00\x00\x00\x00\x00" + os.urandom(4000), id="mp3"),
        pytest.param(lambda src: b"\x00\x00\x00\x20ftypM4A " + os.urandom(4000), id="m4a"),
    ],
)
def test_corrupt_audio_is_refused(source, make):
    with pytest.raises(AudioError) as err:
        to_wav16k(make(source))
    assert err.value.code == "corrupt"
    assert "损坏" in err.value.message


def test_truncated_m4a_is_corrupt(source, tmp_path):
    data = ffmpeg(source, tmp_path / "a.m4a", "-c:a", "aac", "-movflags", "+faststart")
    with pytest.raises(AudioError) as err:
        to_wav16k(data[:600])
    assert err.value.code == "corrupt"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(samples_to_wav(np.zeros(0, dtype=np.int16)), id="wav-without-samples"),
    ],
)
def test_empty_audio_is_refused(data):
    with pytest.raises(AudioError) as err:
        to_wav16k(data)
    assert err.value.code == "empty"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("这不是音频，是一段文字。".encode() * 50, id="utf8-text"),
        pytest.param(b"%PDF-1.7\n" + os.urandom(2000), id="pdf"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + os.urandom(2000), id="png"),
        pytest.param(os.urandom(64000), id="random-bytes"),
    ],
)
def test_non_audio_is_unsupported(data):
    with pytest.raises(AudioError) as err:
        to_wav16k(data)
    assert err.value.code == "unsupported"


def test_read_wav16k_refuses_other_rates():
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(1600))
    with pytest.raises(AudioError) as err:
        read_wav16k(buf.getvalue())
    assert err.value.code == "unsupported"
