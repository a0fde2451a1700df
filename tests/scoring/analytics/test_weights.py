"""Weight advice: only from enough data, bounded steps, sum 100, with its what-if."""

import numpy as np
import pytest

from scoring.analytics import analyse, validity
from scoring.analytics.weights import infer_weights, rescore, suggest, what_if
from tests.scoring.analytics.synth import synthetic_job


@pytest.fixture(scope="module")
def job():
    # Dimension 1 holds a question that is pure noise: its validity is lowest.
    return synthetic_job(5000, known_share=0.3, seed=11, dead_question="1")


def test_weights_are_inferred_from_overall_and_dimension_scores(job):
    assert infer_weights(job) == {f"维度{i}": 20 for i in range(1, 6)}


def test_suggestion_moves_at_most_five_points_and_sums_to_100(job):
    current = {"维度1": 40, "维度2": 15, "维度3": 15, "维度4": 15, "维度5": 15}
    advice = suggest(job, validity(job, "final_round"), current)
    assert advice.suggested is not None
    assert sum(advice.suggested.values()) == 100
    assert all(abs(advice.suggested[k] - w) <= 5 for k, w in current.items())
    assert advice.suggested["维度1"] == 35  # the weakest dimension loses the full step
    assert "需管理员确认" in advice.reason


def test_no_suggestion_under_100_candidates_with_the_outcome(job):
    small = job.subset(np.flatnonzero(~np.isnan(job.outcomes["final_round"]))[:99])
    advice = analyse(small, "final_round").weights
    assert advice.suggested is None and "99" in advice.reason and "100" in advice.reason


def test_no_suggestion_without_a_validity_signal():
    rng = np.random.default_rng(0)
    data = synthetic_job(1500, known_share=0.5, seed=12)
    data.outcomes["coin"] = np.where(
        rng.random(len(data)) < 0.08, rng.integers(0, 2, len(data)), np.nan
    )
    report = analyse(data, "coin")
    assert report.weights.suggested is None


def test_what_if_counts_band_moves_and_reruns_the_fairness_audit(job):
    current = {f"维度{i}": 20 for i in range(1, 6)}
    suggested = {"维度1": 15, "维度2": 25, "维度3": 20, "维度4": 20, "维度5": 20}
    result = what_if(job, current, suggested, (75.0, 60.0))
    old, _ = rescore(job, current)
    new, _ = rescore(job, suggested)
    assert result.total == len(job)
    assert result.changed == sum(result.moves.values()) > 0
    crossed = np.sum((old >= 75) != (new >= 75)) + np.sum((old >= 60) != (new >= 60))
    assert result.changed <= crossed
    assert {r.rate_kind for r in result.fairness} == {"selection_ai", "scoring"}


def test_rescore_matches_the_report_rule_for_missing_dimensions():
    data = synthetic_job(50, seed=1)
    data.dimensions["维度2"][0] = np.nan
    overall, gaps = rescore(data, {f"维度{i}": 20 for i in range(1, 6)})
    others = [data.dimensions[f"维度{i}"][0] for i in (1, 3, 4, 5)]
    assert overall[0] == pytest.approx(round(sum(others) / 4, 1))
    assert gaps[0] and not gaps[1:].any()
