"""Bounded weight suggestions from dimension validity, and what they would have changed.

A suggestion needs at least 100 candidates with the outcome and some signal (a dimension that
is predictive, ineffective or inverse). Weights move towards shares proportional to each
dimension's corrected validity (negative counts as 0), at most ±5 points per cycle, whole
numbers summing to 100, none below 1. Dimensions without enough data keep their weight.
Nothing is applied here: an HR admin applies a suggestion as a new model version.
"""

from __future__ import annotations

import numpy as np

from scoring.analytics.fairness import fairness
from scoring.analytics.types import BANDS, JobData, ValidityRow, WeightAdvice, WhatIf

MIN_N = 100
MAX_STEP = 5
MIN_WEIGHT = 1
SIGNAL = ("predictive", "ineffective", "inverse")


def infer_weights(data: JobData) -> dict[str, int]:
    """The weights that reproduce `overall` from the dimension scores (least squares), when
    the caller does not know the job's model (a CSV export has only the scores)."""
    names = list(data.dimensions)
    if not names:
        return {}
    scores = np.column_stack([data.dimensions[n] for n in names])
    rows = ~np.isnan(scores).any(axis=1) & ~np.isnan(data.overall)
    if rows.sum() < len(names):
        return round_to_100({n: 1.0 for n in names})
    coef, *_ = np.linalg.lstsq(scores[rows], data.overall[rows], rcond=None)
    coef = np.clip(coef, 0.0, None)
    if coef.sum() <= 0:
        coef = np.ones(len(names))
    return round_to_100(dict(zip(names, coef.tolist(), strict=True)))


def round_to_100(shares: dict[str, float], floor: int = MIN_WEIGHT) -> dict[str, int]:
    """Whole numbers proportional to `shares`, summing to 100 (largest remainder)."""
    total = sum(shares.values()) or 1.0
    exact = {k: max(float(floor), 100.0 * v / total) for k, v in shares.items()}
    scale = 100.0 / sum(exact.values())
    exact = {k: v * scale for k, v in exact.items()}
    return _largest_remainder(exact)


def _largest_remainder(exact: dict[str, float]) -> dict[str, int]:
    out = {k: int(np.floor(v + 1e-9)) for k, v in exact.items()}
    left = 100 - sum(out.values())
    for k in sorted(exact, key=lambda k: exact[k] - out[k], reverse=True)[: max(left, 0)]:
        out[k] += 1
    return out


def _step(current: dict[str, int], target: dict[str, float]) -> dict[str, int]:
    """Move each weight towards its target by at most MAX_STEP, keeping the sum at 100."""
    delta = {
        k: float(np.clip(target.get(k, w) - w, max(-MAX_STEP, MIN_WEIGHT - w), MAX_STEP))
        for k, w in current.items()
    }
    up = sum(d for d in delta.values() if d > 0)
    down = -sum(d for d in delta.values() if d < 0)
    if up > down:
        delta = {k: d * down / up if d > 0 else d for k, d in delta.items()}
    elif down > up:
        delta = {k: d * up / down if d < 0 else d for k, d in delta.items()}
    return _largest_remainder({k: current[k] + d for k, d in delta.items()})


def suggest(
    data: JobData,
    rows: list[ValidityRow],
    current: dict[str, int],
    thresholds: tuple[float, float] = (75.0, 60.0),
) -> WeightAdvice:
    overall = next((r for r in rows if r.target == "overall"), None)
    n = overall.n if overall else 0
    if n < MIN_N:
        return WeightAdvice(
            current, None, f"只有 {n} 人有该结果，至少需要 {MIN_N} 人才给出权重建议"
        )
    dims = {r.target.removeprefix("dim:"): r for r in rows if r.target.startswith("dim:")}
    usable = {k: r for k, r in dims.items() if k in current and r.status != "insufficient_data"}
    if not any(r.status in SIGNAL for r in usable.values()):
        return WeightAdvice(
            current, None, "没有维度显示出明确的效度信号（有效、无效或反向），维持现有权重"
        )
    validity = {k: max(r.r_corrected or 0.0, 0.0) for k, r in usable.items()}
    if sum(validity.values()) <= 0:
        return WeightAdvice(
            current, None, "所有维度的校正效度都不为正，无法按效度分配权重，请人工复核题目"
        )
    budget = 100 - sum(w for k, w in current.items() if k not in usable)
    target = {k: budget * v / sum(validity.values()) for k, v in validity.items()}
    suggested = _step(current, target)
    if suggested == current:
        return WeightAdvice(current, None, "现有权重已与各维度效度一致，无需调整")
    moved = "，".join(
        f"{k} {current[k]}→{suggested[k]}" for k in current if suggested[k] != current[k]
    )
    reason = (
        f"依据 {n} 名有该结果的候选人，按各维度校正后效度调整（每项每次最多 ±{MAX_STEP} 分，"
        f"合计 100）：{moved}。需管理员确认后才会生效"
    )
    return WeightAdvice(current, suggested, reason, what_if(data, current, suggested, thresholds))


def rescore(data: JobData, weights: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Overall (as the report computes it) and whether a weighted dimension had no answer."""
    names = [k for k in weights if k in data.dimensions]
    if not names:
        return data.overall.copy(), np.zeros(len(data), dtype=bool)
    scores = np.column_stack([data.dimensions[k] for k in names])
    w = np.array([weights[k] for k in names], dtype=float)
    present = ~np.isnan(scores)
    wsum = present @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(present, scores, 0.0) @ w / wsum
    overall = np.where(wsum > 0, np.round(overall, 1), np.nan)
    return overall, ~present.all(axis=1)


def bands(overall: np.ndarray, gaps: np.ndarray, thresholds: tuple[float, float]) -> np.ndarray:
    """Index into BANDS per candidate: 0 pass, 1 review, 2 not_pass."""
    pass_at, review_at = thresholds
    out = np.where(overall >= pass_at, 0, np.where(overall >= review_at, 1, 2))
    # As in the report: a pass with an unasked dimension goes to a human first.
    return np.where((out == 0) & gaps, 1, out)


def what_if(
    data: JobData,
    current: dict[str, int],
    suggested: dict[str, int],
    thresholds: tuple[float, float],
) -> WhatIf:
    old_overall, gaps = rescore(data, current)
    new_overall, _ = rescore(data, suggested)
    scored = ~np.isnan(old_overall) & ~np.isnan(new_overall)
    old = bands(old_overall, gaps, thresholds)[scored]
    new = bands(new_overall, gaps, thresholds)[scored]
    pairs = np.bincount(old * 3 + new, minlength=9)
    moves = {f"{BANDS[i // 3]}→{BANDS[i % 3]}": int(c) for i, c in enumerate(pairs) if c and i % 4}
    after = data.subset(scored)
    after.overall = new_overall[scored]
    after.ai_pass = (new == 0).astype(float)
    after.human_pass = np.full(len(after), np.nan)
    audit = fairness(after, kinds=("selection_ai", "scoring"))
    return WhatIf(int(scored.sum()), int((old != new).sum()), dict(sorted(moves.items())), audit)
