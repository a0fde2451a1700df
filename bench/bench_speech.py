"""Speech benchmark: conversion and feature speed, worker memory, ASR real-time factor.

    .venv/bin/python bench/bench_speech.py [--seconds 60] [--model-dir DIR]

Uses `ASR_MODEL_DIR` (or --model-dir) when set; otherwise a tiny random conformer is built
and its figures are labelled "tiny" — they show our overhead, not real model speed.
Audio is Mandarin synthesised with espeak-ng, with pauses, so VAD and segmentation work.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.speech.audio import SAMPLE_RATE, read_wav16k, samples_to_wav, to_wav16k  # noqa: E402
from scoring.speech.features import analyse  # noqa: E402

TEXTS = [
    "我在上一家公司负责用户增长，主要做数据分析和活动策划。",
    "我们先做了用户调研，然后确定了需求的优先级，最后按季度推进。",
    "项目上线三个月以后，日活提升了百分之三十，成本下降了一半。",
]


def synthesise(seconds: float) -> np.ndarray:
    clips = []
    for text in TEXTS:
        raw = subprocess.run(
            ["espeak-ng", "-v", "cmn", "--stdout", text], capture_output=True, check=True
        ).stdout
        clips.append(read_wav16k(to_wav16k(raw)))
    pause = np.zeros(int(0.8 * SAMPLE_RATE), dtype=np.int16)
    parts, total, i = [], 0, 0
    while total < seconds * SAMPLE_RATE:
        parts += [clips[i % len(clips)], pause]
        total += len(clips[i % len(clips)]) + len(pause)
        i += 1
    return np.concatenate(parts)[: int(seconds * SAMPLE_RATE)]


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def encode(wav: bytes, tmp: Path, name: str, *args: str) -> bytes:
    src, dst = tmp / "src.wav", tmp / name
    src.write_bytes(wav)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(src), *args, str(dst)],
        check=True,
    )
    return dst.read_bytes()


def rss_mb() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def child(mode: str, model_dir: str) -> None:
    """Runs in a fresh process so each figure is a worker's own footprint."""
    wav = samples_to_wav(synthesise(20))
    features = analyse(to_wav16k(wav))
    if mode == "model":
        from scoring.speech.asr import get_asr_engine

        get_asr_engine(model_dir).transcribe(wav, features.segments)
    rss, peak = rss_mb()
    sys.stdout.write(json.dumps({"rss_mb": rss, "peak_mb": peak}) + "\n")


def memory(mode: str, model_dir: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--model-dir", model_dir],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--model-dir", default=os.environ.get("ASR_MODEL_DIR", ""))
    parser.add_argument("--child", choices=["none", "model"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.model_dir)
        return

    tmp_dir = tempfile.TemporaryDirectory(prefix="bench-speech-")
    tmp = Path(tmp_dir.name)
    label = "real"
    model_dir = args.model_dir
    if not model_dir:
        from tests.support.tiny_conformer import build_tiny_conformer

        model_dir, label = build_tiny_conformer(tmp / "tiny"), "tiny (random weights)"

    samples = synthesise(args.seconds)
    seconds = len(samples) / SAMPLE_RATE
    wav16 = samples_to_wav(samples)
    inputs = {
        "wav 16k mono": wav16,
        "wav 8k stereo": encode(wav16, tmp, "a.wav", "-ar", "8000", "-ac", "2"),
        "mp3 16k mono": encode(wav16, tmp, "a.mp3", "-ar", "16000", "-ac", "1"),
        "m4a aac 8k stereo": encode(wav16, tmp, "a.m4a", "-ar", "8000", "-ac", "2"),
    }
    rows = []
    for name, data in inputs.items():
        elapsed = timed(lambda data=data: to_wav16k(data))
        rows.append((f"convert {name}", elapsed, seconds / elapsed))
    elapsed = timed(lambda: analyse(wav16))
    rows.append(("features (VAD, pauses, level)", elapsed, seconds / elapsed))

    from scoring.speech.asr import get_asr_engine

    started = time.perf_counter()
    engine = get_asr_engine(model_dir)
    load_s = time.perf_counter() - started
    segments = analyse(wav16).segments
    elapsed = timed(lambda: engine.transcribe(wav16, segments), repeat=1)
    rows.append((f"ASR {label}", elapsed, seconds / elapsed))

    print(f"audio: {seconds:.1f} s synthesised Mandarin with pauses; ASR model: {label}")
    print(f"{'step':34} {'time s':>8} {'x real time':>12} {'RTF':>8}")
    for name, elapsed, speed in rows:
        print(f"{name:34} {elapsed:8.3f} {speed:12.1f} {elapsed / seconds:8.4f}")
    print(f"ASR model load: {load_s:.2f} s")
    without, loaded = memory("none", model_dir), memory("model", model_dir)
    print(f"{'worker memory':34} {'RSS MB':>8} {'peak MB':>12}")
    print(f"{'features only, no model':34} {without['rss_mb']:8.0f} {without['peak_mb']:12.0f}")
    print(
        f"{'model loaded + 1 transcription':34} {loaded['rss_mb']:8.0f} {loaded['peak_mb']:12.0f}"
    )
    added = loaded["rss_mb"] - without["rss_mb"]
    if label == "real":
        print(f"model adds {added:.0f} MB RSS (PaddlePaddle, PaddleSpeech and the weights)")
    else:
        print(
            f"model adds {added:.0f} MB RSS: PaddlePaddle and PaddleSpeech themselves; "
            "the tiny model's weights are about 130 KB; a real model adds its own size"
        )
    tmp_dir.cleanup()


if __name__ == "__main__":
    main()
