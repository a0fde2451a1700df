"""Which questions, dimensions and overall scores predict a later outcome, and how surely.

Per target: n, Spearman's rho (ordinal outcome) or the point-biserial r (binary outcome), a
95% BCa bootstrap interval, r corrected for range restriction (Thorndike case II: outcomes
exist only for candidates who passed, which narrows the score range and shrinks r), and a
Benjamini–Hochberg adjusted p within each family (the job's questions; its dimensions; the
overall score alone). The status rules are the issue's, applied in this order.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from scoring.analytics.resample import DEFAULT_RESAMPLES, DEFAULT_SEED, Pairs, bootstrap_intervals
from scoring.analytics.types import BINARY, JobData, ValidityRow

MIN_N = 30  # below this: insufficient_data
MIN_N_INEFFECTIVE = 100  # "ineffective" needs at least this many
INEFFECTIVE_BELOW = 0.10  # ... and the interval's upper bound under this
ALPHA = 0.05


def thorndike_case_ii(r: float, sd_pool: float, sd_restricted: float) -> float:
    """r in the applicant pool from r among the selected (direct range restriction)."""
    if not sd_restricted or not np.isfinite(sd_pool) or sd_restricted <= 0:
        return r
    u = sd_pool / sd_restricted
    return float(np.clip(r * u / np.sqrt(1.0 - r * r + r * r * u * u), -1.0, 1.0))


def p_value(r: float, n: int) -> float:
    """Two-sided p of r against 0 (t with n−2 df: scipy's pearsonr and spearmanr agree)."""
    if n < 3 or not np.isfinite(r):
        return float("nan")
    if abs(r) >= 1.0:
        return 0.0
    t = r * np.sqrt((n - 2) / (1.0 - r * r))
    return float(2.0 * stats.t.sf(abs(t), n - 2))


def benjamini_hochberg(p: list[float]) -> list[float]:
    """Adjusted p-values (step-up, monotone, capped at 1); NaN stays NaN and is not counted."""
    values = np.asarray(p, dtype=float)
    finite = np.flatnonzero(np.isfinite(values))
    out = np.full(len(values), np.nan)
    if len(finite):
        order = finite[np.argsort(values[finite], kind="stable")]
        m = len(order)
        scaled = values[order] * m / np.arange(1, m + 1)
        out[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return out.tolist()


def status_of(n: int, low: float | None, high: float | None, p_adj: float | None) -> str:
    if n < MIN_N:
        return "insufficient_data"
    significant = p_adj is not None and np.isfinite(p_adj) and p_adj < ALPHA
    if high is not None and high < 0.0 and significant:
        return "inverse"
    if low is not None and low > 0.0 and significant:
        return "predictive"
    if n >= MIN_N_INEFFECTIVE and high is not None and high < INEFFECTIVE_BELOW:
        return "ineffective"
    return "no_evidence"


def _family(target: str) -> str:
    return target.split(":", 1)[0] if ":" in target else target


def validity(
    data: JobData,
    outcome: str,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> list[ValidityRow]:
    """One row per question, per dimension and for the overall score, in that order."""
    if outcome not in data.outcomes:
        raise KeyError(f"no outcome column {outcome!r}")
    y_all = data.outcomes[outcome]
    binary = data.outcome_kinds[outcome] == BINARY
    known = np.flatnonzero(~np.isnan(y_all))
    targets = data.targets()
    pairs: dict[str, Pairs] = {}
    for name, scores in targets.items():
        rows = np.flatnonzero(~np.isnan(scores[known]))
        x, y = scores[known][rows], y_all[known][rows]
        if not binary:
            x, y = stats.rankdata(x), stats.rankdata(y)
        pairs[name] = Pairs(rows, x, y)
    intervals = bootstrap_intervals(list(pairs.values()), len(known), resamples, seed)
    raw: list[tuple[str, int, object, float, float]] = []
    for (name, scores), iv in zip(targets.items(), intervals, strict=True):
        n = len(pairs[name].rows)
        restricted = scores[known][pairs[name].rows]
        pool = scores[~np.isnan(scores)]
        corrected = float("nan")
        if iv.r is not None and n >= 3:
            corrected = thorndike_case_ii(iv.r, pool.std(ddof=1), restricted.std(ddof=1))
        raw.append((name, n, iv, corrected, p_value(iv.r, n) if iv.r is not None else np.nan))
    adjusted: dict[str, float] = {}
    for family in ("q", "dim", "overall"):
        members = [row for row in raw if _family(row[0]) == family]
        for row, p_adj in zip(members, benjamini_hochberg([m[4] for m in members]), strict=True):
            adjusted[row[0]] = p_adj
    rows = []
    for name, n, iv, corrected, _ in raw:
        p_adj = adjusted[name]
        rows.append(
            ValidityRow(
                target=name,
                outcome=outcome,
                n=n,
                r=iv.r,
                ci_low=iv.ci_low,
                ci_high=iv.ci_high,
                r_corrected=corrected if np.isfinite(corrected) else None,
                p_adj=p_adj if np.isfinite(p_adj) else None,
                status=status_of(n, iv.ci_low, iv.ci_high, p_adj),
                method="point_biserial" if binary else "spearman",
            )
        )
    return rows
