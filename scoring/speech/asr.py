"""PaddleSpeech conformer ASR, loaded once per process from a local model directory.

We drive PaddleSpeech's own `ASRExecutor` (config parsing, model class, feature pipeline,
decoder) but not its `__call__`, which reports telemetry, calls `sys.exit(-1)` on bad input,
may wait on `input()` and downloads a model when a path is missing. Instead the audio is
validated here (16 kHz mono 16-bit WAV, each segment under the model's length limit), long
answers are cut at pauses, and each segment's result is checked to be fresh.
"""

from __future__ import annotations

import io
import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from scoring.speech.audio import SAMPLE_RATE, AudioError, read_wav16k, samples_to_wav
from scoring.speech.segments import plan_chunks

log = logging.getLogger(__name__)

MODEL_TYPE = "conformer_wenetspeech"
MAX_SEGMENT_S = 45.0  # PaddleSpeech refuses more than ~50 s on a reused executor
CONFIG_NAMES = ("model.yaml", "conf/conformer.yaml", "conf/model.yaml")


class AsrError(RuntimeError):
    """The recogniser failed on audio that passed validation (a server-side problem)."""


@dataclass(frozen=True)
class ModelFiles:
    config: Path
    checkpoint: Path  # with the .pdparams suffix


def find_model_files(model_dir: str | Path | None) -> ModelFiles | None:
    """Config and checkpoint inside `model_dir`, or None when the model is not installed.

    The unpacked release archive may sit one folder down; that is accepted too.
    """
    if not model_dir:
        return None
    root = Path(model_dir)
    if not root.is_dir():
        return None
    for base in [root, *sorted(p for p in root.iterdir() if p.is_dir())]:
        config = next((base / n for n in CONFIG_NAMES if (base / n).is_file()), None)
        checkpoints = sorted(base.rglob("*.pdparams"))
        if config is not None and checkpoints:
            return ModelFiles(config=config, checkpoint=checkpoints[0])
    return None


def asr_available(model_dir: str | None) -> bool:
    """True when `model_dir` holds a config and a checkpoint; nothing is loaded."""
    return find_model_files(model_dir) is not None


def _refuse_pip_install(package_name: str) -> None:
    raise ImportError(f"{package_name} is not installed (runtime pip install is disabled)")


def _forward_to_logging(message: object) -> None:
    record = message.record  # type: ignore[attr-defined]
    logging.getLogger("paddlespeech").log(record["level"].no, "%s", record["message"])


_prepared = False


def prepare_paddlespeech() -> None:
    """Make PaddleSpeech safe to import in a worker; call before importing its models.

    On import PaddleSpeech (1.5.0) replaces every loguru sink with one on stdout, opens a
    DEBUG log file under `./exp/log/`, runs `pip install paddlespeech_ctcdecoders` inside
    the process when that package is missing (minutes of retries offline), and posts a
    usage record on every executor call. Its log goes to `logging` instead, and the rest
    is switched off; the conformer needs none of it.
    """
    global _prepared
    if _prepared:
        return
    import sys

    from loguru import logger as loguru_logger

    if "paddlespeech.s2t.utils.log" in sys.modules:  # imported before us: drop its sinks
        loguru_logger.remove()
    loguru_logger.add = lambda *args, **kwargs: 0  # type: ignore[method-assign]
    try:
        import paddlespeech.s2t.utils.log  # noqa: F401  (its class body sets the sinks up)
    finally:
        del loguru_logger.add
    loguru_logger.add(_forward_to_logging, level="INFO", format="{message}")

    from paddlespeech.s2t.utils import dynamic_pip_install

    dynamic_pip_install.install = _refuse_pip_install
    from paddlespeech.cli import utils

    utils._note_one_stat = lambda *args, **kwargs: None
    utils.StatsWorker.run = lambda self: None
    _prepared = True


def _resolved_config(files: ModelFiles, workdir: Path) -> Path:
    """Copy of the config with relative vocabulary/CMVN paths made absolute.

    Released models embed both inline; recipe checkpoints point at `data/...`, which
    PaddleSpeech would resolve against the worker's current directory.
    """
    root = files.config.parent
    if files.config.parent.name == "conf":
        root = root.parent
    config = yaml.safe_load(files.config.read_text(encoding="utf-8"))

    def absolute(value: object) -> object:
        if isinstance(value, str) and value and not Path(value).is_absolute():
            candidate = root / value
            return str(candidate) if candidate.exists() else value
        return value

    for key in ("vocab_filepath", "cmvn_file"):
        if key in config:
            config[key] = absolute(config[key])
    preprocess = config.get("preprocess_config")
    if isinstance(preprocess, str):
        preprocess = yaml.safe_load(Path(absolute(preprocess)).read_text(encoding="utf-8"))
        config["preprocess_config"] = preprocess
    for step in (preprocess or {}).get("process", []):
        if "cmvn_path" in step:
            step["cmvn_path"] = absolute(step["cmvn_path"])
    out = workdir / "model.yaml"
    out.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return out


class AsrEngine:
    """One loaded model; `transcribe` is serialised because the executor keeps state."""

    def __init__(self, model_dir: str | Path, decode_method: str = "attention_rescoring") -> None:
        files = find_model_files(model_dir)
        if files is None:
            raise FileNotFoundError(
                f"no ASR model in {model_dir!r}: expected model.yaml and a *.pdparams checkpoint"
            )
        prepare_paddlespeech()
        from paddlespeech.cli.asr.infer import ASRExecutor

        started = time.perf_counter()
        self.model_dir = str(model_dir)
        self._lock = threading.Lock()
        self._workdir = tempfile.TemporaryDirectory(prefix="asr-config-")
        config = _resolved_config(files, Path(self._workdir.name))
        self._executor = ASRExecutor()
        self._executor._init_from_path(
            model_type=MODEL_TYPE,
            lang="zh",
            sample_rate=SAMPLE_RATE,
            cfg_path=str(config),
            decode_method=decode_method,
            ckpt_path=str(files.checkpoint.with_suffix("")),
        )
        self._executor.sample_rate = SAMPLE_RATE
        self._executor.change_format = False  # we only ever pass 16 kHz mono
        self.max_segment_s = min(MAX_SEGMENT_S, float(self._executor.max_len) - 2.0)
        log.info(
            "ASR model loaded from %s in %.1f s (segments up to %.0f s)",
            model_dir,
            time.perf_counter() - started,
            self.max_segment_s,
        )

    def transcribe(self, wav16k: bytes, segments: list[tuple[float, float]] | None = None) -> str:
        """Transcript of a 16 kHz mono WAV; `segments` are voiced spans from `analyse`."""
        samples = read_wav16k(wav16k)
        if segments is None:
            from scoring.speech.features import voiced_segments

            segments = voiced_segments(samples)
        texts = []
        for start, end in plan_chunks(samples, segments, self.max_segment_s):
            texts.append(self._decode(samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]))
        return "".join(texts)

    def _decode(self, chunk: np.ndarray) -> str:
        seconds = len(chunk) / SAMPLE_RATE
        if not 0.1 <= seconds <= self.max_segment_s + 1.0:
            raise AudioError("unsupported", f"ASR segment of {seconds:.1f} s is out of range")
        executor = self._executor
        with self._lock:
            # infer() logs and swallows decode errors, leaving the previous result in place.
            executor._outputs.pop("result", None)
            try:
                executor.preprocess(MODEL_TYPE, io.BytesIO(samples_to_wav(chunk)))
                executor.infer(MODEL_TYPE)
            except SystemExit as exc:  # never let the library end a worker
                raise AsrError(f"PaddleSpeech exited ({exc.code})") from exc
            result = executor._outputs.pop("result", None)
        if result is None:
            raise AsrError(f"PaddleSpeech produced no transcript for a {seconds:.1f} s segment")
        return str(result)


_engines: dict[str, AsrEngine] = {}
_engines_lock = threading.Lock()


def get_asr_engine(model_dir: str) -> AsrEngine:
    """The process-wide engine for `model_dir`, loaded on first use (before a worker forks)."""
    key = str(Path(model_dir).resolve())
    with _engines_lock:
        if key not in _engines:
            _engines[key] = AsrEngine(model_dir)
        return _engines[key]
