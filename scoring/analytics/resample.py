"""Correlations with seeded 95% BCa bootstrap intervals, for many targets at once.

How it stays cheap for 100,000 candidates:
- Rank once. Spearman's rho is Pearson's r of mid-ranks; the ranks are computed once on the
  full sample and resampled with their candidates (not re-ranked inside each resample).
  Checked against scipy's re-ranking bootstrap in the tests (intervals agree to ~0.01).
- One resample of candidates serves every target. A replicate of Pearson's r needs only six
  weighted sums (1, x, y, x², y², xy), so all targets of a chunk of resamples are one matrix
  product: (resample counts, chunk × N) @ (moment columns, N × 6·targets).
- The BCa acceleration needs the jackknife; leave-one-out r comes in closed form from the same
  six sums minus each candidate's own terms: O(n), not n refits.
The same data in the same candidate order gives the same intervals (the generator is seeded).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 13
CHUNK_CELLS = 2_000_000  # resample counts held at once (chunk × N)


@dataclass(frozen=True)
class Pairs:
    """One target's complete cases: `rows` index the analysed candidates, `x`/`y` the values
    (mid-ranks for Spearman, raw score and 0/1 for point-biserial)."""

    rows: np.ndarray
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class Interval:
    r: float | None
    ci_low: float | None
    ci_high: float | None


def _moments(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-candidate columns whose weighted sums give Pearson's r (standardised, so the
    resample sums stay near n and single precision is ample for the replicates)."""
    x = (x - x.mean()) / (x.std() or 1.0)
    y = (y - y.mean()) / (y.std() or 1.0)
    return np.column_stack([np.ones_like(x), x, y, x * x, y * y, x * y])


def _pearson(s: np.ndarray) -> np.ndarray:
    """r from summed moments; `s[..., k]` is the k-th of (n, Σx, Σy, Σx², Σy², Σxy)."""
    n, sx, sy, sxx, syy, sxy = (s[..., k] for k in range(6))
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = sxy - sx * sy / n
        var = (sxx - sx * sx / n) * (syy - sy * sy / n)
        r = cov / np.sqrt(var)
    return np.where(var > 1e-12 * np.maximum(n, 1) ** 2, np.clip(r, -1.0, 1.0), np.nan)


def _acceleration(v: np.ndarray) -> float:
    """BCa acceleration from the closed-form jackknife of Pearson's r."""
    jack = _pearson(v.sum(axis=0) - v)
    jack = jack[np.isfinite(jack)]
    if len(jack) < 3:
        return 0.0
    d = jack.mean() - jack
    denom = 6.0 * (d @ d) ** 1.5
    return float((d**3).sum() / denom) if denom > 0 else 0.0


def _bca(theta: float, boot: np.ndarray, accel: float, level: float) -> tuple[float, float]:
    boot = boot[np.isfinite(boot)]
    if len(boot) < 100 or boot.min() == boot.max():
        return float("nan"), float("nan")
    share = (np.count_nonzero(boot < theta) + 0.5 * np.count_nonzero(boot == theta)) / len(boot)
    if share <= 0.0 or share >= 1.0:
        return float("nan"), float("nan")
    z0 = ndtri(share)
    tail = (1.0 - level) / 2.0
    z = ndtri(np.array([tail, 1.0 - tail]))
    adjusted = ndtr(z0 + (z0 + z) / (1.0 - accel * (z0 + z)))
    low, high = np.quantile(boot, adjusted)
    return float(low), float(high)


def bootstrap_intervals(
    targets: list[Pairs],
    n_rows: int,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> list[Interval]:
    """Point estimate and BCa interval of Pearson's r for each target, sharing resamples.

    Each resample draws `n_rows` candidates with replacement; a target's replicate uses the
    drawn candidates that have it (so each question keeps its own random-size sample).
    """
    usable = [t for t in targets if len(t.rows) >= 3]
    blocks = [_moments(t.x.astype(float), t.y.astype(float)) for t in usable]
    thetas = [float(_pearson(b.sum(axis=0))) for b in blocks]
    boots = _replicates(usable, blocks, n_rows, resamples, seed) if usable else []
    by_id = {}
    for t, block, theta, boot in zip(usable, blocks, thetas, boots, strict=True):
        if not np.isfinite(theta):
            by_id[id(t)] = Interval(None, None, None)
            continue
        low, high = _bca(theta, boot, _acceleration(block), level)
        by_id[id(t)] = Interval(
            theta, low if np.isfinite(low) else None, high if np.isfinite(high) else None
        )
    return [by_id.get(id(t), Interval(None, None, None)) for t in targets]


def _replicates(
    targets: list[Pairs], blocks: list[np.ndarray], n_rows: int, resamples: int, seed: int
) -> list[np.ndarray]:
    design = np.zeros((n_rows, 6 * len(targets)), dtype=np.float32)
    for k, (t, block) in enumerate(zip(targets, blocks, strict=True)):
        design[t.rows, 6 * k : 6 * k + 6] = block
    rng = np.random.default_rng(seed)
    chunk = max(1, min(resamples, CHUNK_CELLS // max(n_rows, 1)))
    out = np.empty((resamples, len(targets)))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        draws = rng.integers(0, n_rows, size=(size, n_rows))
        draws += (np.arange(size) * n_rows)[:, None]
        counts = np.bincount(draws.ravel(), minlength=size * n_rows).reshape(size, n_rows)
        sums = counts.astype(np.float32) @ design
        out[start : start + size] = _pearson(sums.reshape(size, len(targets), 6).astype(float))
    return [out[:, k] for k in range(len(targets))]
