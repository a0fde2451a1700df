"""Finding near-duplicate answers among many: locality-sensitive hashing over MinHash bands.

A signature's 128 slots are cut into BANDS bands of ROWS slots; two answers whose signatures
agree on a whole band land in the same bucket and become a candidate pair, which is then kept
only when its estimated similarity reaches THRESHOLD. With ROWS = 3, a pair at Jaccard 0.4 is a
candidate with probability 0.94 and one at 0.05 (two different answers to the same question)
with 0.005, so the work grows with the number of answers, not with its square.
"""

from __future__ import annotations

import numpy as np

from scoring.integrity.fingerprint import EMPTY, SLOTS, _mix

ROWS = 3
BANDS = SLOTS // ROWS  # 42 bands; the last two slots are left out of the bands
# Estimated Jaccard (4-character shingles) at or above which two answers are near-duplicates:
# chosen on the tuning batch, where different answers to one question reach at most 0.04 and
# edited copies at least 0.17 (bench/bench_integrity.py reports the held-out figures).
THRESHOLD = 0.12
# Members of one bucket are paired with their next BUCKET_REACH neighbours only: a bucket of
# thousands (a phrase every answer uses) cannot blow up, and a template shared by hundreds of
# candidates still links every copy to others.
BUCKET_REACH = 40


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) int64 bucket keys; the band number is part of the key."""
    sigs = np.atleast_2d(sigs)
    rows = sigs[:, : BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    h = np.arange(BANDS, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    for j in range(ROWS):
        h = _mix(h ^ rows[:, :, j])
    return h.view(np.int64)


def judged(sigs: np.ndarray) -> np.ndarray:
    """Rows that are real signatures (the answer was long enough to judge)."""
    return (np.atleast_2d(sigs) != EMPTY).any(axis=1)


def candidate_pairs(keys: np.ndarray, usable: np.ndarray | None = None) -> np.ndarray:
    """(m, 2) index pairs i < j sharing at least one bucket, each pair once."""
    n, bands = keys.shape
    owners = np.repeat(np.arange(n), bands)
    flat = keys.reshape(-1)
    if usable is not None:
        keep = np.repeat(usable, bands)
        owners, flat = owners[keep], flat[keep]
    order = np.argsort(flat, kind="stable")  # equal keys keep owner order: bounded pairs
    flat, owners = flat[order], owners[order]
    new = np.ones(len(flat), dtype=bool)
    new[1:] = flat[1:] != flat[:-1]
    group = np.cumsum(new)
    sizes = np.bincount(group)
    shared = sizes[group] >= 2
    owners, group = owners[shared], group[shared]
    found = []
    for d in range(1, BUCKET_REACH + 1):
        if len(owners) <= d:
            break
        same = group[d:] == group[:-d]
        if not same.any():
            break
        found.append(np.stack([owners[:-d][same], owners[d:][same]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs.sort(axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    codes = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def pair_similarity(sigs: np.ndarray, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), chunk):
        a = sigs[pairs[start : start + chunk, 0]]
        b = sigs[pairs[start : start + chunk, 1]]
        out[start : start + chunk] = ((a == b) & (a != EMPTY)).mean(axis=1)
    return out


def near_duplicate_pairs(
    sigs: np.ndarray, threshold: float = THRESHOLD
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i, j) of near-duplicate rows among `sigs`, with their estimated similarity."""
    pairs = candidate_pairs(band_keys(sigs), judged(sigs))
    sims = pair_similarity(sigs, pairs)
    keep = sims >= threshold
    return pairs[keep], sims[keep]
