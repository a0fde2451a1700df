"""The dev set's agreement targets from issue 3: a regression in the scorer fails CI."""

from pathlib import Path

import pytest

from scoring.evaluate import evaluate, load, main, spearman

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "dev_answers.jsonl"


@pytest.fixture(scope="module")
def result():
    return evaluate(load(str(DEV_SET)))


def test_dev_set_is_big_and_varied_enough():
    records = load(str(DEV_SET))
    assert len(records) >= 60
    assert len({r["question"] for r in records}) >= 5
    assert {r["rating"] for r in records} == {1, 2, 3, 4, 5}


def test_dev_set_spearman_meets_target(result):
    assert result.spearman >= 0.8


@pytest.mark.parametrize("part", ["situation", "task", "action", "result"])
def test_dev_set_star_f1_meets_target(result, part):
    assert result.star[part]["f1"] >= 0.9


@pytest.mark.parametrize(
    ("xs", "ys", "rho"),
    [([1, 2, 3], [10, 20, 30], 1.0), ([1, 2, 3], [3, 2, 1], -1.0), ([1, 1, 2], [5, 5, 9], 1.0)],
)
def test_spearman_handles_order_and_ties(xs, ys, rho):
    assert spearman(xs, ys) == pytest.approx(rho)


def test_evaluate_cli_prints_the_figures(capsys):
    assert main([str(DEV_SET)]) == 0
    out = capsys.readouterr().out
    assert "spearman" in out and out.count("F1") == 4
