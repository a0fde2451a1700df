"""Synthetic past candidates of one job with known effects (tests and the benchmark).

Ability drives most question scores; the outcome follows ability; outcomes exist only for
candidates the AI passed (range restriction, as in real hiring).
"""

from __future__ import annotations

import numpy as np

from scoring.analytics.types import JobData

SEXES = ("female", "male")
AGE_BANDS = ("<25", "25-34", "35-44", ">=45")
EDUCATION = ("大专", "本科", "硕士")


def synthetic_job(
    n: int,
    n_dims: int = 5,
    per_dim: int = 3,
    per_interview: int = 6,
    known_share: float | None = None,
    seed: int = 0,
    dead_question: str | None = "1",
    penalised_group: tuple[str, str] | None = None,
) -> JobData:
    """`dead_question` scores are pure noise; `penalised_group` (attribute, value) scores
    lower on every question for reasons unrelated to ability (planted adverse impact)."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=n)
    demo = {
        "sex": rng.choice(SEXES, n).astype(object),
        "age_band": rng.choice(AGE_BANDS, n, p=(0.25, 0.4, 0.25, 0.1)).astype(object),
        "education": rng.choice(EDUCATION, n, p=(0.3, 0.5, 0.2)).astype(object),
    }
    shift = np.zeros(n)
    if penalised_group:
        shift[demo[penalised_group[0]] == penalised_group[1]] = -9.0
    dims = [f"维度{d + 1}" for d in range(n_dims)]
    qids = [str(q + 1) for q in range(n_dims * per_dim)]
    asked = np.zeros((n, len(qids)), dtype=bool)
    for d in range(n_dims):  # one question per dimension, the rest at random
        pick = rng.integers(0, per_dim, n)
        asked[np.arange(n), d * per_dim + pick] = True
    extra = per_interview - n_dims
    if extra > 0:
        noise = rng.random((n, len(qids))) + asked * 2
        top = np.argsort(noise, axis=1)[:, -(n_dims + extra) :]
        asked[np.arange(n)[:, None], top] = True
    scores = {}
    for i, q in enumerate(qids):
        loading = 0.0 if q == dead_question else 0.7
        raw = 65 + 12 * (loading * ability + np.sqrt(1 - loading**2) * rng.normal(size=n)) + shift
        scores[q] = np.where(asked[:, i], np.round(np.clip(raw, 0, 100), 1), np.nan)
    dim_scores = {}
    for d, name in enumerate(dims):
        block = np.column_stack([scores[q] for q in qids[d * per_dim : (d + 1) * per_dim]])
        dim_scores[name] = np.round(np.nanmean(block, axis=1), 1)
    weights = np.full(n_dims, 1.0 / n_dims)
    overall = np.round(np.column_stack(list(dim_scores.values())) @ weights, 1)
    ai_pass = (overall >= 70).astype(float)
    human_pass = np.where(ai_pass == 1, (rng.random(n) < 0.6).astype(float), np.nan)
    known = ai_pass == 1 if known_share is None else rng.random(n) < known_share
    final = (rng.random(n) < 1 / (1 + np.exp(-1.2 * ability))).astype(float)
    rating = np.digitize(ability + 0.8 * rng.normal(size=n), (-1.2, -0.4, 0.4, 1.2)) + 1.0
    return JobData(
        candidate_ids=np.arange(1, n + 1),
        overall=overall,
        dimensions=dim_scores,
        questions=scores,
        ai_pass=ai_pass,
        human_pass=human_pass,
        demographics=demo,
        outcomes={
            "final_round": np.where(known, final, np.nan),
            "performance_6m": np.where(known, rating, np.nan),
        },
    )
