"""Typed inputs and results of the data review: one job's candidates in, figures out.

Arrays are columnar (one entry per candidate, NaN or None where unknown) so 100,000
candidates stay cheap; results are small frozen dataclasses with `to_dict()` for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Outcomes where 1 is the good result and only 0/1 occur use the point-biserial correlation;
# ordered ratings (performance 1–5) use Spearman's rank correlation.
BINARY, ORDINAL = "binary", "ordinal"
ATTRIBUTES = ("sex", "age_band", "education")
INTERSECTIONS = (("sex", "age_band"), ("sex", "education"))
RATE_KINDS = ("selection_ai", "selection_human", "scoring")
STATUSES = ("insufficient_data", "no_evidence", "predictive", "ineffective", "inverse")
FLAGS = ("adverse_impact", "watch", "excluded")
BANDS = ("pass", "review", "not_pass")


@dataclass
class JobData:
    """One job's candidates (one row each); demographics never reach scoring, only this audit.

    `overall`, `dimensions`, `questions`, `outcomes`: float arrays with NaN where unknown.
    `ai_pass`, `human_pass`: 1.0 / 0.0 / NaN. `demographics`: object arrays, None unknown.
    `outcome_kinds` says binary or ordinal per outcome (guessed from the values when absent).
    """

    candidate_ids: np.ndarray
    overall: np.ndarray
    dimensions: dict[str, np.ndarray] = field(default_factory=dict)
    questions: dict[str, np.ndarray] = field(default_factory=dict)
    ai_pass: np.ndarray | None = None
    human_pass: np.ndarray | None = None
    demographics: dict[str, np.ndarray] = field(default_factory=dict)
    outcomes: dict[str, np.ndarray] = field(default_factory=dict)
    outcome_kinds: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.candidate_ids)
        nan = np.full(n, np.nan)
        self.overall = np.asarray(self.overall, dtype=float)
        self.ai_pass = nan.copy() if self.ai_pass is None else np.asarray(self.ai_pass, float)
        self.human_pass = (
            nan.copy() if self.human_pass is None else np.asarray(self.human_pass, float)
        )
        for group in (self.dimensions, self.questions, self.outcomes):
            for key, values in group.items():
                group[key] = np.asarray(values, dtype=float)
        for key in ATTRIBUTES:
            self.demographics[key] = np.asarray(
                self.demographics.get(key, [None] * n), dtype=object
            )
        columns = [self.overall, self.ai_pass, self.human_pass]
        columns += [*self.dimensions.values(), *self.questions.values(), *self.outcomes.values()]
        columns += list(self.demographics.values())
        if any(len(c) != n for c in columns):
            raise ValueError("every column must have one entry per candidate")
        for name, values in self.outcomes.items():
            self.outcome_kinds.setdefault(name, guess_outcome_kind(values))

    def __len__(self) -> int:
        return len(self.candidate_ids)

    def targets(self) -> dict[str, np.ndarray]:
        """What validity is computed for: each question, each dimension, the overall score."""
        out = {f"q:{k}": v for k, v in self.questions.items()}
        out.update({f"dim:{k}": v for k, v in self.dimensions.items()})
        out["overall"] = self.overall
        return out

    def subset(self, mask: np.ndarray) -> JobData:
        return JobData(
            candidate_ids=self.candidate_ids[mask],
            overall=self.overall[mask],
            dimensions={k: v[mask] for k, v in self.dimensions.items()},
            questions={k: v[mask] for k, v in self.questions.items()},
            ai_pass=self.ai_pass[mask],
            human_pass=self.human_pass[mask],
            demographics={k: v[mask] for k, v in self.demographics.items()},
            outcomes={k: v[mask] for k, v in self.outcomes.items()},
            outcome_kinds=dict(self.outcome_kinds),
        )


def guess_outcome_kind(values: np.ndarray) -> str:
    known = values[~np.isnan(values)]
    return BINARY if np.isin(known, (0.0, 1.0)).all() else ORDINAL


def _num(value: float | None, digits: int = 4) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


def _p(value: float | None) -> float | None:
    """p-values keep 4 significant digits: 3e-12 must not print as 0."""
    if value is None or not np.isfinite(value):
        return None
    return float(f"{value:.4g}")


@dataclass(frozen=True)
class ValidityRow:
    target: str  # "q:12" | "dim:数据分析" | "overall"
    outcome: str
    n: int
    r: float | None
    ci_low: float | None
    ci_high: float | None
    r_corrected: float | None
    p_adj: float | None
    status: str
    method: str = "spearman"  # spearman | point_biserial

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "outcome": self.outcome,
            "n": self.n,
            "r": _num(self.r),
            "ci_low": _num(self.ci_low),
            "ci_high": _num(self.ci_high),
            "r_corrected": _num(self.r_corrected),
            "p_adj": _p(self.p_adj),
            "status": self.status,
        }


@dataclass(frozen=True)
class FairnessRow:
    attribute: str  # "sex" | "age_band" | "education" | "sex×age_band" | "sex×education"
    group: str
    rate_kind: str  # selection_ai | selection_human | scoring
    n: int | None  # None: fewer than 5 people, never shown
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    impact_ratio: float | None
    p_value: float | None
    flag: str | None  # adverse_impact | watch | excluded | None
    reason: str | None = None  # why a group is excluded or suppressed

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "group": self.group,
            "rate_kind": self.rate_kind,
            "n": self.n,
            "rate": _num(self.rate),
            "ci_low": _num(self.ci_low),
            "ci_high": _num(self.ci_high),
            "impact_ratio": _num(self.impact_ratio),
            "p_value": _p(self.p_value),
            "flag": self.flag,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class WhatIf:
    """Past candidates under suggested weights: band moves and the fairness audit then."""

    total: int
    changed: int
    moves: dict[str, int]  # "review→pass": count
    fairness: list[FairnessRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "changed": self.changed,
            "moves": dict(self.moves),
            "fairness": [row.to_dict() for row in self.fairness],
        }


@dataclass(frozen=True)
class WeightAdvice:
    current: dict[str, int]
    suggested: dict[str, int] | None
    reason: str
    what_if: WhatIf | None = None

    def to_dict(self) -> dict[str, Any]:
        """The CLI's shape: suggested weights (or null) and why."""
        return {"suggested": self.suggested, "reason": self.reason}


@dataclass(frozen=True)
class AnalyticsReport:
    validity: list[ValidityRow]
    fairness: list[FairnessRow]
    weights: WeightAdvice

    def to_dict(self) -> dict[str, Any]:
        return {
            "validity": [row.to_dict() for row in self.validity],
            "fairness": [row.to_dict() for row in self.fairness],
            "weights": self.weights.to_dict(),
        }
