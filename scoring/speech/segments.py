"""Cut a long answer into pieces the recogniser accepts, at pauses rather than mid-word."""

from __future__ import annotations

import numpy as np

from scoring.speech.audio import SAMPLE_RATE

PAD_S = 0.15  # keep a little audio around each voiced span so word edges are not clipped
JOIN_GAP_S = 1.5  # voiced spans closer than this are decoded together, for context
SEARCH_S = 10.0  # a span with no pause is cut at its quietest point in the last 10 s


def plan_chunks(
    samples: np.ndarray, segments: list[tuple[float, float]], max_s: float
) -> list[tuple[float, float]]:
    """(start, end) seconds of each piece to decode, every one at most `max_s` long.

    Silence between pieces is skipped; a monologue without any pause longer than the limit is
    split at its quietest frame.
    """
    total = len(samples) / SAMPLE_RATE
    chunks: list[list[float]] = []
    for start, end in segments:
        start, end = max(0.0, start - PAD_S), min(total, end + PAD_S)
        if end <= start:
            continue
        last = chunks[-1] if chunks else None
        if last and start - last[1] < JOIN_GAP_S and end - last[0] <= max_s:
            last[1] = end
        elif last and start < last[1]:  # padding overlaps a chunk that is already full
            chunks.append([last[1], end])
        else:
            chunks.append([start, end])
    pieces: list[tuple[float, float]] = []
    for start, end in chunks:
        while end - start > max_s:
            cut = _quietest(samples, start + max_s - SEARCH_S, start + max_s)
            pieces.append((start, cut))
            start = cut
        pieces.append((start, end))
    return [(round(s, 3), round(e, 3)) for s, e in pieces if e - s >= 0.1]


def _quietest(samples: np.ndarray, lo: float, hi: float) -> float:
    frame = SAMPLE_RATE * 30 // 1000
    a, b = int(lo * SAMPLE_RATE), int(hi * SAMPLE_RATE)
    window = samples[a:b].astype(np.float64)
    count = len(window) // frame
    if count == 0:
        return hi
    energy = np.mean(window[: count * frame].reshape(count, frame) ** 2, axis=1)
    best = int(np.argmin(energy))
    return (a + best * frame + frame // 2) / SAMPLE_RATE
