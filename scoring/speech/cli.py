"""`python -m scoring speech FILE [--transcript TEXT]`: features, transcript and quality as JSON.

The model is taken from `--model-dir` or `ASR_MODEL_DIR`; without one the client transcript
(if any) is used and `"asr"` says "unavailable".
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from scoring.speech.pipeline import process_audio

log = logging.getLogger(__name__)


def build_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m scoring {command}",
        description="Acoustic features, transcript and quality gate of one recorded answer.",
    )
    parser.add_argument("file", help="audio file: mp3, aac/m4a, wav or raw 16 kHz 16-bit pcm")
    parser.add_argument("--transcript", help="client-side transcript (used when ASR is absent)")
    parser.add_argument(
        "--model-dir",
        default=os.environ.get("ASR_MODEL_DIR") or None,
        help="PaddleSpeech model directory (default: $ASR_MODEL_DIR)",
    )
    parser.add_argument("--details", action="store_true", help="also print every feature")
    return parser


def main(command: str, argv: list[str]) -> int:
    args = build_parser(command).parse_args(argv)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {path}: {exc.strerror}\n")
        return 2
    from scoring.speech.asr import AsrError
    from scoring.speech.audio import AudioError

    try:
        result = process_audio(data, client_transcript=args.transcript, model_dir=args.model_dir)
    except AudioError as exc:
        sys.stderr.write(f"error: {path}: {exc.code}: {exc.message}\n")
        return 1
    except AsrError as exc:
        sys.stderr.write(f"error: {path}: speech recognition failed: {exc}\n")
        return 3
    features = result.features
    out = {
        "duration_s": features.duration_s,
        "voiced_s": features.voiced_s,
        "pause_ratio": features.pause_ratio,
        "long_pauses": features.long_pauses,
        "transcript": result.transcript,
        "speech_rate_cpm": features.speech_rate_cpm,
        "asr": result.asr,
        "quality": result.quality,
    }
    if args.details:
        out["reason"] = result.reason
        out["features"] = features.to_dict()
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0
