import json
import subprocess
import sys
from pathlib import Path

from scoring.text_cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
LINE = {
    "id": "a1",
    "question": "请讲一个你处理客户投诉并让客户满意的例子。",
    "dimension": "客户服务",
    "keywords": ["投诉", "满意度"],
    "answer": "去年有位客人投诉空调坏了，我先安抚他，然后给他升级了房间，最终客人给了好评，投诉率下降了60%。",
    "duration_s": 40,
}


def write(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_answers_prints_one_documented_line_per_input(tmp_path, capsys):
    second = {**LINE, "id": 2, "answer": "不知道"}
    del second["duration_s"]
    path = write(
        tmp_path, [json.dumps(LINE, ensure_ascii=False), json.dumps(second, ensure_ascii=False)]
    )
    assert cli("answers", [str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["a1", 2]
    for row in rows:
        # today's keys stay; issue 14 added flags and gaming (reason codes HR sees)
        assert set(row) == {"id", "score", "star", "evidence", "hints", "flags", "gaming"}
        assert set(row["star"]) == {"situation", "task", "action", "result"}
        assert 0 <= row["score"] <= 100
    assert rows[0]["score"] > rows[1]["score"]


def test_cli_answers_reports_bad_lines_with_their_number_and_exits_2(tmp_path, capsys):
    good = json.dumps(LINE, ensure_ascii=False)
    path = write(
        tmp_path,
        [good, "{not json", json.dumps({"id": 3}), json.dumps({**LINE, "keywords": "x"}), good],
    )
    assert cli("answers", [str(path)]) == 2
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    err = captured.err.splitlines()
    assert [e.split(":")[0] for e in err] == ["line 2", "line 3", "line 4"]


def test_cli_runs_as_a_module(tmp_path):
    path = write(tmp_path, [json.dumps(LINE, ensure_ascii=False)])
    proc = subprocess.run(
        [sys.executable, "-m", "scoring", "answers", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "a1"


def test_cli_without_a_file_prints_usage_and_exits_2(capsys):
    assert cli("answers", []) == 2
    assert "usage" in capsys.readouterr().err


def test_cli_jd_lists_discriminatory_requirements_under_warnings(tmp_path, capsys):
    path = tmp_path / "jd.txt"
    path.write_text(
        "仓库管理员：负责出入库与盘点。限男性，45岁以下，非乙肝携带者。", encoding="utf-8"
    )
    assert cli("jd", [str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dimensions"]
    warnings = {w["code"]: w["text"] for w in out["warnings"]}
    assert set(warnings) == {"gender", "age", "health"}
    assert "45岁以下" in warnings["age"] and "乙肝" in warnings["health"]


def test_cli_jd_has_no_warnings_for_a_fair_description(tmp_path, capsys):
    path = tmp_path / "jd.txt"
    path.write_text(
        "餐厅服务员：负责点餐传菜，男女不限，年满18周岁，需持健康证。", encoding="utf-8"
    )
    assert cli("jd", [str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
