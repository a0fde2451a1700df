"""Validity figures cross-checked against scipy and statsmodels on known data."""

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from scoring.analytics import JobData, analyse, validity
from scoring.analytics.validity import benjamini_hochberg, p_value, status_of, thorndike_case_ii
from tests.scoring.analytics.synth import synthetic_job


def _job(x, y, pool_extra=None):
    ids = np.arange(len(x))
    return JobData(
        candidate_ids=ids, overall=np.asarray(x, float), outcomes={"y": np.asarray(y, float)}
    )


@pytest.fixture(scope="module")
def rated():
    """200 candidates, scores with ties at 0.1 precision, a 1-5 rating and a pass/fail."""
    rng = np.random.default_rng(5)
    ability = rng.normal(size=200)
    score = np.round(65 + 10 * (0.5 * ability + 0.87 * rng.normal(size=200)), 0)
    rating = np.digitize(ability + rng.normal(size=200), (-1.2, -0.4, 0.4, 1.2)) + 1.0
    passed = (ability + rng.normal(size=200) > 0).astype(float)
    return score, rating, passed


def test_spearman_and_its_p_match_scipy_for_an_ordinal_outcome(rated):
    score, rating, _ = rated
    row = validity(_job(score, rating), "y")[-1]
    expected = stats.spearmanr(score, rating)
    assert row.method == "spearman" and row.n == 200
    assert row.r == pytest.approx(expected.statistic, abs=1e-12)
    assert p_value(row.r, row.n) == pytest.approx(expected.pvalue, rel=1e-9)


def test_point_biserial_and_its_p_match_scipy_for_a_binary_outcome(rated):
    score, _, passed = rated
    row = validity(_job(score, passed), "y")[-1]
    expected = stats.pointbiserialr(passed, score)
    assert row.method == "point_biserial"
    assert row.r == pytest.approx(expected.statistic, abs=1e-12)
    assert p_value(row.r, row.n) == pytest.approx(expected.pvalue, rel=1e-9)


def test_bca_interval_of_point_biserial_agrees_with_scipy_bootstrap(rated):
    score, _, passed = rated
    row = validity(_job(score, passed), "y", resamples=9999)[-1]
    ref = stats.bootstrap(
        (score, passed),
        lambda a, b, axis=-1: stats.pearsonr(a, b, axis=axis).statistic,
        paired=True,
        vectorized=True,
        n_resamples=9999,
        method="BCa",
        random_state=1,
    ).confidence_interval
    # Different random draws: endpoints agree within Monte Carlo error.
    assert row.ci_low == pytest.approx(ref.low, abs=0.015)
    assert row.ci_high == pytest.approx(ref.high, abs=0.015)


def test_rank_once_bca_interval_of_spearman_agrees_with_scipy_reranking_bootstrap(rated):
    score, rating, _ = rated
    row = validity(_job(score, rating), "y", resamples=9999)[-1]
    ref = stats.bootstrap(
        (score, rating),
        lambda a, b: stats.spearmanr(a, b).statistic,
        paired=True,
        vectorized=False,
        n_resamples=4999,
        method="BCa",
        random_state=1,
    ).confidence_interval
    assert row.ci_low == pytest.approx(ref.low, abs=0.02)
    assert row.ci_high == pytest.approx(ref.high, abs=0.02)


def test_same_data_in_another_order_gives_the_same_figures():
    data = synthetic_job(600, seed=3)
    order = np.random.default_rng(1).permutation(len(data))
    first = analyse(data, "final_round").to_dict()
    assert analyse(data.subset(order), "final_round").to_dict() == first
    assert analyse(data, "final_round", seed=99).to_dict()["validity"] != first["validity"]


def test_benjamini_hochberg_matches_statsmodels():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.5]
    expected = multipletests(p, method="fdr_bh")[1]
    assert benjamini_hochberg(p) == pytest.approx(list(expected))
    with_gap = benjamini_hochberg([0.01, float("nan"), 0.04])
    assert np.isnan(with_gap[1])
    assert [with_gap[0], with_gap[2]] == pytest.approx(
        list(multipletests([0.01, 0.04], method="fdr_bh")[1])
    )


def test_thorndike_case_ii_formula_and_recovery_of_the_pool_correlation():
    # Textbook case: r = .30 among the selected, SD ratio 2 → .60 / sqrt(1.27).
    assert thorndike_case_ii(0.30, 2.0, 1.0) == pytest.approx(0.6 / np.sqrt(1.27))
    assert thorndike_case_ii(0.30, 1.0, 1.0) == pytest.approx(0.30)
    # Direct selection of the top 30% on x shrinks r; case II gives the pool's r back.
    rng = np.random.default_rng(0)
    x = rng.normal(size=200_000)
    y = 0.5 * x + np.sqrt(0.75) * rng.normal(size=200_000)
    top = x > np.quantile(x, 0.7)
    r_sel = np.corrcoef(x[top], y[top])[0, 1]
    assert r_sel < 0.35
    assert thorndike_case_ii(r_sel, x.std(), x[top].std()) == pytest.approx(0.5, abs=0.01)


def test_reported_correction_uses_the_pool_and_the_selected_spread():
    data = synthetic_job(4000, seed=2)
    row = next(r for r in validity(data, "final_round") if r.target == "overall")
    known = ~np.isnan(data.outcomes["final_round"])
    expected = thorndike_case_ii(row.r, data.overall.std(ddof=1), data.overall[known].std(ddof=1))
    assert row.r_corrected == pytest.approx(expected) and row.r_corrected > row.r


@pytest.mark.parametrize(
    ("n", "low", "high", "p_adj", "status"),
    [
        (29, 0.2, 0.6, 0.001, "insufficient_data"),
        (30, 0.05, 0.5, 0.01, "predictive"),
        (30, 0.05, 0.5, 0.08, "no_evidence"),  # interval above 0 but not after BH
        (80, -0.4, -0.05, 0.01, "inverse"),
        (120, -0.12, 0.09, 0.4, "ineffective"),
        (99, -0.12, 0.09, 0.4, "no_evidence"),  # ineffective needs n >= 100
        (500, -0.2, -0.01, 0.2, "ineffective"),
        (150, -0.05, 0.15, 0.4, "no_evidence"),
    ],
)
def test_status_rules(n, low, high, p_adj, status):
    assert status_of(n, low, high, p_adj) == status


def test_planted_noise_question_is_ineffective_and_the_others_predictive():
    # Outcomes known for a random 40% (no range restriction): only the noise question fails.
    data = synthetic_job(6000, known_share=0.4, seed=4, dead_question="7")
    rows = {r.target: r for r in validity(data, "final_round")}
    assert rows["q:7"].status == "ineffective"
    assert {r.status for t, r in rows.items() if t != "q:7"} == {"predictive"}


def test_small_samples_are_insufficient_data():
    data = synthetic_job(300, seed=1).subset(np.arange(60))
    rows = validity(data, "final_round")
    assert all(r.status == "insufficient_data" for r in rows if r.n < 30)
    assert any(r.n < 30 for r in rows)
