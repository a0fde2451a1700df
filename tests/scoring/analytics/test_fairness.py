"""Fairness audit against statsmodels, scipy and fairlearn on known data."""

import numpy as np
import pytest
from fairlearn.metrics import MetricFrame, selection_rate
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from scoring.analytics import JobData, fairness
from scoring.analytics.fairness import fisher_p, wilson
from tests.scoring.analytics.synth import synthetic_job


def _data(groups: dict[str, tuple[int, int]], attribute="sex") -> JobData:
    """groups: name -> (selected, total)."""
    labels, hits = [], []
    for name, (yes, n) in groups.items():
        labels += [name] * n
        hits += [1.0] * yes + [0.0] * (n - yes)
    n = len(labels)
    return JobData(
        candidate_ids=np.arange(n),
        overall=np.linspace(0, 100, n),
        ai_pass=np.array(hits),
        demographics={attribute: np.array(labels, dtype=object)},
    )


def _rows(data, kind="selection_ai", attribute="sex"):
    return {r.group: r for r in fairness(data) if r.rate_kind == kind and r.attribute == attribute}


@pytest.mark.parametrize(("yes", "n"), [(0, 10), (3, 40), (20, 20), (57, 213), (1, 1000)])
def test_wilson_interval_matches_statsmodels(yes, n):
    low, high = proportion_confint(yes, n, alpha=0.05, method="wilson")
    assert wilson(yes, n) == pytest.approx((low, high), abs=1e-12)


def test_fisher_exact_matches_the_lady_tasting_tea():
    assert fisher_p(3, 4, 1, 4) == pytest.approx(0.4857142857)


@pytest.mark.parametrize(
    "table",
    [(12, 60, 30, 62), (0, 30, 5, 40), (30, 30, 1, 31), (3000, 20000, 4500, 25000), (7, 9, 7, 9)],
)
def test_fisher_exact_matches_scipy(table):
    a, n1, b, n2 = table
    expected = stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue
    assert fisher_p(*table) == pytest.approx(expected, rel=1e-6, abs=1e-300)


def test_four_fifths_flags_adverse_impact_watch_and_excluded():
    data = _data({"A": (60, 100), "B": (30, 100), "C": (20, 40), "D": (5, 12)})
    rows = _rows(data)
    assert rows["A"].impact_ratio == 1.0 and rows["A"].flag is None
    assert rows["B"].impact_ratio == pytest.approx(0.5)
    assert rows["B"].p_value == pytest.approx(stats.fisher_exact([[30, 70], [60, 40]]).pvalue)
    assert rows["B"].flag == "adverse_impact"
    # 50% vs 60%: ratio .83 is above four-fifths.
    assert rows["C"].flag is None and rows["C"].impact_ratio == pytest.approx(0.5 / 0.6)
    # n = 12 < 30: reported with its reason, left out of the ratios.
    assert rows["D"].flag == "excluded" and rows["D"].impact_ratio is None
    assert "12" in rows["D"].reason and rows["D"].n == 12


def test_low_ratio_without_significance_is_watch():
    rows = _rows(_data({"A": (24, 40), "B": (16, 40)}))
    assert rows["B"].impact_ratio == pytest.approx(16 / 24)
    assert rows["B"].p_value >= 0.05 and rows["B"].flag == "watch"


def test_groups_under_five_people_show_nothing_and_small_shares_are_excluded():
    rows = _rows(_data({"A": (500, 1000), "B": (400, 1000), "C": (30, 40), "D": (2, 4)}))
    assert rows["D"].n is None and rows["D"].rate is None and rows["D"].flag == "excluded"
    # C is 40 of 2044 people (< 2%): excluded, and it does not become the reference.
    assert rows["C"].flag == "excluded" and rows["A"].impact_ratio == 1.0


def test_missing_demographics_are_an_unknown_group_outside_the_comparison():
    data = _data({"A": (30, 60), "B": (30, 60)})
    data.demographics["sex"][:7] = None
    rows = _rows(data)
    assert rows["unknown"].n == 7 and rows["unknown"].flag == "excluded"
    assert rows["A"].n == 53


def test_scoring_rate_is_the_share_above_the_overall_median():
    data = synthetic_job(2000, seed=8)
    median = np.median(data.overall)
    rows = _rows(data, kind="scoring")
    women = data.demographics["sex"] == "female"
    assert rows["female"].rate == pytest.approx(np.mean(data.overall[women] > median))


def test_impact_ratios_match_fairlearn_metricframe():
    data = synthetic_job(3000, seed=9, penalised_group=("education", "大专"))
    frame = MetricFrame(
        metrics=selection_rate,
        y_true=np.zeros(len(data)),
        y_pred=data.ai_pass,
        sensitive_features=data.demographics["education"].astype(str),
    )
    ours = _rows(data, attribute="education")
    for group, rate in frame.by_group.items():
        assert ours[group].rate == pytest.approx(rate)
        assert ours[group].impact_ratio == pytest.approx(rate / frame.group_max())
    assert frame.ratio() == pytest.approx(min(r.impact_ratio for r in ours.values()))
    assert ours["大专"].flag == "adverse_impact"


def test_intersections_are_audited():
    data = synthetic_job(4000, seed=10, penalised_group=("age_band", ">=45"))
    rows = [r for r in fairness(data) if r.attribute == "sex×age_band" and r.rate_kind == "scoring"]
    flagged = {r.group for r in rows if r.flag == "adverse_impact"}
    assert flagged == {"female×>=45", "male×>=45"}
