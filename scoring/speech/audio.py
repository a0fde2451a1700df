"""Audio intake: recognise what the recorder sent and turn it into 16 kHz mono 16-bit WAV.

The type is decided from the bytes, never from a file name or a client-declared MIME type.
Every refusal is an `AudioError` with a stable `code` the app layer maps to a status.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from scoring.errors import InputError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
MAX_BYTES = 20 * 1024 * 1024
MAX_SECONDS = 300.0
FFMPEG_TIMEOUT_S = 120.0

# ffmpeg demuxer per sniffed kind; pcm is raw and needs its format spelled out.
_DEMUXERS = {
    "wav": "wav",
    "mp3": "mp3",
    "aac": "aac",
    "m4a": "mov,mp4,m4a,3gp,3g2,mj2",
    "ogg": "ogg",
    "flac": "flac",
    "amr": "amr",
    "webm": "matroska,webm",
}

# Files people upload by mistake: refuse them by name instead of calling them "pcm".
_NOT_AUDIO = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"PK\x03\x04": "ZIP/Office",
    b"\x7fELF": "executable",
}


class AudioError(InputError):
    """Audio we refuse; `code` is one of empty, too_large, too_long, corrupt, unsupported."""


def sniff_audio(data: bytes) -> str:
    """Return "wav", "mp3", "aac", "m4a", "ogg", "flac", "amr", "webm" or "pcm" from content."""
    if not data:
        raise AudioError("empty", "音频为空 (no audio data)")
    head = data[:12]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3":
        return "mp3"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:5] == b"#!AMR":
        return "amr"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # Frame sync: the two layer bits are 00 for ADTS AAC and non-zero for MPEG audio.
        return "aac" if head[1] & 0x06 == 0 else "mp3"
    for magic, name in _NOT_AUDIO.items():
        if head.startswith(magic):
            raise AudioError("unsupported", f"不是音频文件 (this is a {name} file)")
    if _looks_like_pcm(data):
        return "pcm"
    raise AudioError("unsupported", "无法识别的音频格式 (unrecognised audio format)")


def _looks_like_pcm(data: bytes) -> bool:
    """Raw 16-bit little-endian PCM has no header; accept it only if it is shaped like sound.

    Text and random bytes spread over the whole 16-bit range; recorded sound sits mostly
    well below full scale, so most samples have a small magnitude.
    """
    if len(data) < 320 or len(data) % 2:
        return False
    sample = data[: 2 * SAMPLE_RATE * 10]  # ten seconds is plenty to decide
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if (
        text is not None
        and sum(ch.isprintable() or ch.isspace() for ch in text) > 0.95 * len(text)
        and "\x00" not in text
    ):
        return False
    samples = np.frombuffer(sample[: len(sample) // 2 * 2], dtype="<i2").astype(np.int32)
    return float(np.mean(np.abs(samples) < 8192)) > 0.6


def to_wav16k(
    data: bytes,
    kind: str | None = None,
    *,
    pcm_rate: int = SAMPLE_RATE,
    pcm_channels: int = 1,
    timeout: float = FFMPEG_TIMEOUT_S,
) -> bytes:
    """Convert any accepted recording to 16 kHz mono 16-bit WAV bytes.

    `kind` overrides sniffing (the app may know a stream is raw pcm); raw pcm is read as
    16-bit little-endian at `pcm_rate` with `pcm_channels`, since it carries no header.
    """
    if not data:
        raise AudioError("empty", "音频为空 (no audio data)")
    if len(data) > MAX_BYTES:
        raise AudioError(
            "too_large", f"音频超过 {MAX_BYTES // (1024 * 1024)} MB (file is {len(data)} bytes)"
        )
    kind = kind or sniff_audio(data)
    if kind == "pcm":
        in_args = ["-f", "s16le", "-ar", str(pcm_rate), "-ac", str(pcm_channels)]
    elif kind in _DEMUXERS:
        in_args = ["-f", _DEMUXERS[kind].split(",")[0]]
    else:
        raise AudioError("unsupported", f"不支持的音频格式 {kind!r}")
    pcm = _run_ffmpeg(data, in_args, timeout)
    seconds = len(pcm) / 2 / SAMPLE_RATE
    if seconds > MAX_SECONDS:
        raise AudioError(
            "too_long", f"音频超过 {int(MAX_SECONDS // 60)} 分钟 (longer than {MAX_SECONDS:.0f} s)"
        )
    if len(pcm) < 2:
        raise AudioError("empty", "音频中没有声音数据 (no audio samples decoded)")
    return pcm_to_wav(pcm)


def _run_ffmpeg(data: bytes, in_args: list[str], timeout: float) -> bytes:
    """Decode through a temporary file: mp4/m4a keep their index at the end, pipes can't seek."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed; install the Debian package ffmpeg")
    with tempfile.TemporaryDirectory(prefix="speech-") as tmp:
        src = Path(tmp) / "input"
        src.write_bytes(data)
        # Decode a little past the limit so "too long" is detected without decoding hours.
        cmd = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", *in_args,
               "-i", str(src), "-t", str(MAX_SECONDS + 1), "-vn", "-ac", "1",
               "-ar", str(SAMPLE_RATE), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]  # fmt: skip
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            raise AudioError("corrupt", "音频解码超时 (decoding timed out)") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        log.info("ffmpeg rejected audio: %s", detail[-1:] if detail else proc.returncode)
        raise AudioError("corrupt", "音频文件已损坏或无法解码 (ffmpeg could not decode it)")
    return proc.stdout


def pcm_to_wav(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return buf.getvalue()


def read_wav16k(wav16k: bytes) -> np.ndarray:
    """Samples of a 16 kHz mono 16-bit WAV as int16; anything else is refused, not resampled."""
    try:
        with wave.open(io.BytesIO(wav16k), "rb") as src:
            params = src.getparams()
            frames = src.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        raise AudioError("corrupt", f"不是有效的 WAV 数据 ({exc})") from exc
    if (params.framerate, params.nchannels, params.sampwidth) != (SAMPLE_RATE, 1, 2):
        raise AudioError(
            "unsupported",
            f"需要 16 kHz 单声道 16 位 WAV (got {params.framerate} Hz, "
            f"{params.nchannels} channels, {8 * params.sampwidth} bit)",
        )
    return np.frombuffer(frames[: len(frames) // 2 * 2], dtype="<i2")


def samples_to_wav(samples: np.ndarray) -> bytes:
    return pcm_to_wav(np.asarray(samples, dtype="<i2").tobytes())
