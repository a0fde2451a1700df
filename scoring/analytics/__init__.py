"""Data review (数据复盘): validity of questions and dimensions, fairness audit, weight advice.

Plain numpy/scipy, no Flask and no database. `analyse(JobData, outcome)` gives every figure
of one job and one outcome; `python -m scoring analytics FILE.csv --outcome COLUMN` prints it.
"""

from __future__ import annotations

import numpy as np

from scoring.analytics.fairness import fairness
from scoring.analytics.resample import DEFAULT_RESAMPLES, DEFAULT_SEED
from scoring.analytics.types import (
    AnalyticsReport,
    FairnessRow,
    JobData,
    ValidityRow,
    WeightAdvice,
    WhatIf,
)
from scoring.analytics.validity import validity
from scoring.analytics.weights import infer_weights, suggest

__all__ = [
    "AnalyticsReport",
    "FairnessRow",
    "JobData",
    "ValidityRow",
    "WeightAdvice",
    "WhatIf",
    "analyse",
    "fairness",
    "validity",
]


def analyse(
    data: JobData,
    outcome: str,
    weights: dict[str, int] | None = None,
    thresholds: tuple[float, float] = (75.0, 60.0),
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> AnalyticsReport:
    """All figures for one job and one outcome. Candidates are put in id order first, so the
    same data gives the same bootstrap intervals however it was exported."""
    data = data.subset(np.argsort(data.candidate_ids, kind="stable"))
    rows = validity(data, outcome, resamples=resamples, seed=seed)
    current = weights if weights is not None else infer_weights(data)
    return AnalyticsReport(rows, fairness(data), suggest(data, rows, current, thresholds))
