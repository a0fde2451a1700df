"""PaddleOCR (PP-OCRv4 det + rec) through `rapidocr_paddle`, loaded once per process.

The models ship inside the rapidocr_paddle wheel, so nothing is downloaded. Only OCR workers
call `get_ocr_engine()`; importing this module loads nothing.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from functools import lru_cache
from typing import Any

from scoring.resume.errors import ResumeError

log = logging.getLogger(__name__)

_lock = threading.Lock()
# Lines whose boxes overlap vertically by more than this share of their height are one row.
_SAME_ROW = 0.5
# Paddle keeps buffers (hundreds of MB) and oneDNN kernels for every input shape it has seen,
# and the first run of a shape is ~3x slower. Text-line crops come in every width, so the
# recogniser sees them one at a time padded to a multiple of this: a few shapes, bounded memory.
REC_WIDTH_STEP = 160
WARM_WIDTHS = range(REC_WIDTH_STEP * 2, REC_WIDTH_STEP * 10 + 1, REC_WIDTH_STEP)
# Detection runs on the page scaled to this longest side: resume text stays >= ~12 px high.
DET_MAX_SIDE = 960


class _BucketedSession:
    """Wraps rapidocr's recogniser session: pads the width of each batch to a bucket."""

    def __init__(self, session: Any, step: int) -> None:
        self.session = session
        self.step = step

    def __call__(self, batch: Any) -> list:
        import numpy as np

        n, channels, height, width = batch.shape
        bucket = -(-width // self.step) * self.step
        if bucket != width:
            padded = np.zeros((n, channels, height, bucket), dtype=np.float32)
            padded[..., :width] = batch  # 0 is the same grey rapidocr pads batches with
            batch = padded
        return self.session(batch)


@lru_cache(maxsize=1)
def get_ocr_engine() -> Any:
    """The RapidOCR engine on PaddlePaddle, warmed up; threads from OCR_THREADS (default 1).

    Call it once when an OCR worker starts (before RQ forks), never in the web process.
    """
    import numpy as np
    from rapidocr_paddle import RapidOCR

    threads = int(os.environ.get("OCR_THREADS", "1"))
    log.info("loading PP-OCRv4 (rapidocr_paddle) with %s thread(s)", threads)
    engine = RapidOCR(
        cpu_math_library_num_threads=threads,
        use_cls=False,  # resumes are upright; the angle classifier only costs time
        rec_batch_num=1,
        det_limit_side_len=DET_MAX_SIDE,
        det_limit_type="max",
    )
    engine.text_rec.session = _BucketedSession(engine.text_rec.session, REC_WIDTH_STEP)
    for width in WARM_WIDTHS:  # build every common recogniser shape now, not in a job
        engine.text_rec.session(np.zeros((1, 3, 48, width), dtype=np.float32))
    return engine


def _as_array(image: bytes | Any) -> Any:
    import numpy as np
    from PIL import Image

    if isinstance(image, bytes | bytearray):
        with Image.open(io.BytesIO(image)) as img:
            return np.asarray(img.convert("RGB"))[:, :, ::-1].copy()  # RapidOCR expects BGR
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("RGB"))[:, :, ::-1].copy()
    return image


def ocr_image(image: bytes | Any) -> list[str]:
    """Text lines in reading order; boxes on one row are joined with two spaces (columns)."""
    engine = get_ocr_engine()
    array = _as_array(image)
    try:
        with _lock:  # a Paddle predictor is not safe to share between threads
            result, _elapse = engine(array)
    except Exception as exc:  # Paddle raises bare RuntimeError/ValueError types
        log.exception("OCR failed")
        raise ResumeError("ocr_failed", f"OCR 识别失败 ({exc})") from exc
    if not result:  # RapidOCR returns (None, elapse) when there is no text at all
        return []
    return _rows(result)


def _rows(result: list) -> list[str]:
    boxes = []
    for box, text, _score in result:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(ys), max(ys), min(xs), text.strip()))
    boxes.sort(key=lambda b: (b[0] + b[1]) / 2)
    rows: list[list[tuple]] = []
    for box in boxes:
        top, bottom = box[0], box[1]
        if rows:
            r_top = min(b[0] for b in rows[-1])
            r_bottom = max(b[1] for b in rows[-1])
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > _SAME_ROW * min(bottom - top, r_bottom - r_top):
                rows[-1].append(box)
                continue
        rows.append([box])
    return ["  ".join(b[3] for b in sorted(row, key=lambda b: b[2]) if b[3]) for row in rows]
