"""Whether server-side speech recognition can run here (no model -> client transcripts only)."""

import os


def asr_status(model_dir: str | None) -> str:
    if not model_dir or not os.path.isdir(model_dir):
        return "unavailable"
    try:
        from scoring.speech.asr import asr_available
    except ImportError:
        return "unavailable"
    return "available" if asr_available(model_dir) else "unavailable"
