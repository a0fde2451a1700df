"""`python -m scoring analytics FILE.csv --outcome COLUMN` as an analyst would run it."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.scoring.analytics.synth import synthetic_job

ROOT = Path(__file__).resolve().parents[3]
VALIDITY_KEYS = {
    "target",
    "outcome",
    "n",
    "r",
    "ci_low",
    "ci_high",
    "r_corrected",
    "p_adj",
    "status",
}
FAIRNESS_KEYS = {
    "attribute",
    "group",
    "rate_kind",
    "n",
    "rate",
    "ci_low",
    "ci_high",
    "impact_ratio",
    "p_value",
    "flag",
    "reason",
}


def write_csv(path: Path, data, job="数据分析师") -> None:
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        return f"{v:g}" if isinstance(v, float) else str(v)

    header = [
        "candidate_id",
        "job",
        "sex",
        "age_band",
        "education",
        "overall",
        "ai_pass",
        "human_pass",
    ]
    header += [f"dim:{k}" for k in data.dimensions] + [f"q:{k}" for k in data.questions]
    header += list(data.outcomes)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(len(data)):
            row = [int(data.candidate_ids[i]), job]
            row += [data.demographics[a][i] for a in ("sex", "age_band", "education")]
            row += [data.overall[i], data.ai_pass[i], data.human_pass[i]]
            row += [v[i] for v in data.dimensions.values()] + [
                v[i] for v in data.questions.values()
            ]
            row += [v[i] for v in data.outcomes.values()]
            out.writerow([cell(v if not isinstance(v, np.floating) else float(v)) for v in row])


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "scoring", "analytics", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("analytics") / "history.csv"
    write_csv(path, synthetic_job(800, seed=21, penalised_group=("sex", "female")))
    return path


def test_prints_one_json_object_in_the_documented_shape(csv_file):
    done = run(csv_file, "--outcome", "performance_6m")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"validity", "fairness", "weights"}
    assert all(set(r) == VALIDITY_KEYS for r in out["validity"])
    assert all(set(r) == FAIRNESS_KEYS for r in out["fairness"])
    assert set(out["weights"]) == {"suggested", "reason"}
    targets = [r["target"] for r in out["validity"]]
    assert targets[0] == "q:1" and "dim:维度1" in targets and targets[-1] == "overall"
    assert {r["attribute"] for r in out["fairness"]} == {
        "sex",
        "age_band",
        "education",
        "sex×age_band",
        "sex×education",
    }
    assert any(r["group"] == "female" and r["flag"] == "adverse_impact" for r in out["fairness"])
    assert run(csv_file, "--outcome", "performance_6m").stdout == done.stdout  # seeded


def test_unknown_outcome_and_bad_cells_are_clear_errors(csv_file, tmp_path):
    done = run(csv_file, "--outcome", "salary")
    assert done.returncode == 2 and "final_round" in done.stderr and "salary" in done.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("candidate_id,job,overall,final_round\n1,A,70,1\n2,A,abc,0\n", encoding="utf-8")
    done = run(bad, "--outcome", "final_round")
    assert done.returncode == 2 and "row 3" in done.stderr and "overall" in done.stderr
    two = tmp_path / "two.csv"
    two.write_text("candidate_id,job,overall,final_round\n1,A,70,1\n2,B,60,0\n", encoding="utf-8")
    done = run(two, "--outcome", "final_round")
    assert done.returncode == 2 and "--job" in done.stderr


def test_given_weights_are_used_and_checked(csv_file):
    weights = "维度1=40,维度2=15,维度3=15,维度4=15,维度5=15"
    done = run(csv_file, "--outcome", "performance_6m", "--weights", weights)
    assert done.returncode == 0, done.stderr
    suggested = json.loads(done.stdout)["weights"]["suggested"]
    assert suggested is None or abs(suggested["维度1"] - 40) <= 5
    done = run(csv_file, "--outcome", "performance_6m", "--weights", "维度1=40")
    assert done.returncode == 2 and "100" in done.stderr


def test_written_table_reads_back_exactly(tmp_path):
    from scoring.analytics.table import read_csv, write_rows

    data = synthetic_job(200, seed=3)
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_rows(out, data, "数据分析师")
    back = read_csv(str(path))
    np.testing.assert_array_equal(back.candidate_ids, data.candidate_ids)
    for name in ("overall", "ai_pass", "human_pass"):
        np.testing.assert_array_equal(getattr(back, name), getattr(data, name))
    for table in ("dimensions", "questions", "outcomes"):
        assert list(getattr(back, table)) == list(getattr(data, table))
        for key, values in getattr(data, table).items():
            np.testing.assert_array_equal(getattr(back, table)[key], values)
    for attribute, values in data.demographics.items():
        assert list(back.demographics[attribute]) == list(values)
