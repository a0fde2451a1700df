"""Fairness audit of one job: selection and scoring rates by group, against the four-fifths rule.

Rates: `selection_ai` (the AI recommended pass), `selection_human` (HR advanced the candidate)
and `scoring` (overall score above the median of everyone audited, as NYC Local Law 144
defines the scoring rate). Groups: sex, age band, education, sex × age band, sex × education.
Each group's impact ratio is its rate over the highest rate among the groups that are large
enough to compare; the two-sided Fisher exact test compares it with that group.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import gammaln, ndtri

from scoring.analytics.types import ATTRIBUTES, INTERSECTIONS, FairnessRow, JobData

FOUR_FIFTHS = 0.8
ALPHA = 0.05
MIN_GROUP = 30  # smaller groups are reported but left out of the ratios
MIN_SHARE = 0.02  # so are groups under 2% of everyone audited (LL144's allowance)
SHOW_AT_LEAST = 5  # fewer people than this: nothing about the group is shown
UNKNOWN = "unknown"
SEP = "×"


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion."""
    if n == 0:
        return float("nan"), float("nan")
    z = float(ndtri(0.5 + level / 2.0))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def fisher_p(a_yes: int, a_n: int, b_yes: int, b_n: int) -> float:
    """Two-sided Fisher exact p of [[a_yes, a_n - a_yes], [b_yes, b_n - b_yes]].

    Sums the hypergeometric probabilities no larger than the observed one (scipy's rule,
    same 1e-7 relative tolerance), in one vectorised pass: large groups stay fast.
    """
    n, successes = a_n + b_n, a_yes + b_yes
    low, high = max(0, successes - b_n), min(successes, a_n)
    k = np.arange(low, high + 1)
    log_pmf = _log_choose(successes, k) + _log_choose(n - successes, a_n - k) - _log_choose(n, a_n)
    observed = log_pmf[a_yes - low]
    p = np.exp(log_pmf[log_pmf <= observed + np.log1p(1e-7)]).sum()
    return float(min(1.0, p))


def _log_choose(n: float, k: np.ndarray | int) -> np.ndarray:
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def outcomes_by_kind(data: JobData) -> dict[str, np.ndarray]:
    """1.0 / 0.0 / NaN per candidate for each rate kind."""
    overall = data.overall
    scored = ~np.isnan(overall)
    scoring = np.full(len(data), np.nan)
    if scored.any():
        median = float(np.median(overall[scored]))
        scoring[scored] = (overall[scored] > median).astype(float)
    return {"selection_ai": data.ai_pass, "selection_human": data.human_pass, "scoring": scoring}


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Integer group codes (-1: not provided) and the group names, sorted."""
    text = values.astype(str)
    provided = (text != "None") & (text != "") & (text != "nan")
    names, inverse = np.unique(text[provided], return_inverse=True)
    codes = np.full(len(values), -1)
    codes[provided] = inverse
    return codes, [str(n) for n in names]


def _groupings(data: JobData) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Codes per candidate for every attribute and intersection."""
    out = {a: _codes(data.demographics[a]) for a in ATTRIBUTES}
    for first, second in INTERSECTIONS:
        (a, a_names), (b, b_names) = out[first], out[second]
        both = (a >= 0) & (b >= 0)
        combined = np.where(both, a * len(b_names) + b, -1)
        names = [f"{x}{SEP}{y}" for x in a_names for y in b_names]
        used = np.unique(combined[both])
        remap = np.full(max(len(names), 1), -1)
        remap[used] = np.arange(len(used))
        out[f"{first}{SEP}{second}"] = (
            np.where(both, remap[np.maximum(combined, 0)], -1),
            [names[i] for i in used],
        )
    return out


def _rows_for(
    attribute: str, kind: str, codes: np.ndarray, names: list[str], hit: np.ndarray
) -> list[FairnessRow]:
    audited = ~np.isnan(hit)
    total = int(audited.sum())
    if total == 0:
        return []
    code, ok = codes[audited], hit[audited] == 1.0
    size = len(names) + 1  # the last slot counts "not provided"
    slot = np.where(code >= 0, code, len(names))
    n_by = np.bincount(slot, minlength=size)
    yes_by = np.bincount(slot, weights=ok, minlength=size).astype(int)
    counts = {g: (int(yes_by[i]), int(n_by[i])) for i, g in enumerate(names) if n_by[i]}
    comparable = [g for g, (_, n) in counts.items() if n >= MIN_GROUP and n >= MIN_SHARE * total]
    reference = max(comparable, key=lambda g: counts[g][0] / counts[g][1], default=None)
    ref_yes, ref_n = counts[reference] if reference else (0, 0)
    rows = [
        _row(attribute, kind, g, yes, n, g in comparable, reference, ref_yes, ref_n)
        for g, (yes, n) in counts.items()
    ]
    if n_by[-1]:
        rows.append(
            _row(
                attribute,
                kind,
                UNKNOWN,
                int(yes_by[-1]),
                int(n_by[-1]),
                False,
                None,
                0,
                0,
                reason="未提供该信息，不参与比较",
            )
        )
    return rows


def _row(
    attribute: str,
    kind: str,
    group: str,
    yes: int,
    n: int,
    comparable: bool,
    reference: str | None,
    ref_yes: int,
    ref_n: int,
    reason: str | None = None,
) -> FairnessRow:
    make: Callable[..., FairnessRow] = lambda **kw: FairnessRow(attribute, group, kind, **kw)  # noqa: E731
    if n < SHOW_AT_LEAST:
        return make(
            n=None,
            rate=None,
            ci_low=None,
            ci_high=None,
            impact_ratio=None,
            p_value=None,
            flag="excluded",
            reason=f"不足{SHOW_AT_LEAST}人，不显示",
        )
    low, high = wilson(yes, n)
    rate = yes / n
    if not comparable:
        if reason is None:
            reason = f"人数 {n} 少于 {MIN_GROUP}" if n < MIN_GROUP else f"占比低于 {MIN_SHARE:.0%}"
        return make(
            n=n,
            rate=rate,
            ci_low=low,
            ci_high=high,
            impact_ratio=None,
            p_value=None,
            flag="excluded",
            reason=reason,
        )
    if reference is None or ref_yes == 0:
        return make(
            n=n,
            rate=rate,
            ci_low=low,
            ci_high=high,
            impact_ratio=None,
            p_value=None,
            flag=None,
            reason="最高比率为 0，无法计算影响比",
        )
    if group == reference:
        return make(
            n=n,
            rate=rate,
            ci_low=low,
            ci_high=high,
            impact_ratio=1.0,
            p_value=None,
            flag=None,
            reason="参照组（比率最高）",
        )
    ratio = rate / (ref_yes / ref_n)
    p = fisher_p(yes, n, ref_yes, ref_n)
    flag = None
    if ratio < FOUR_FIFTHS:
        flag = "adverse_impact" if p < ALPHA else "watch"
    return make(
        n=n,
        rate=rate,
        ci_low=low,
        ci_high=high,
        impact_ratio=ratio,
        p_value=p,
        flag=flag,
        reason=None,
    )


def fairness(data: JobData, kinds: tuple[str, ...] | None = None) -> list[FairnessRow]:
    """Rows by attribute, then rate kind, then group (unknown last)."""
    hits = outcomes_by_kind(data)
    rows: list[FairnessRow] = []
    for attribute, (codes, names) in _groupings(data).items():
        for kind in kinds or tuple(hits):
            rows.extend(_rows_for(attribute, kind, codes, names, hits[kind]))
    return rows
