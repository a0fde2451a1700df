import pytest

from scoring.answers import score_answer
from scoring.report import SCORING_VERSION, build_report
from scoring.types import AnswerScore, CompetencyModel, Dimension, Question

MODEL = CompetencyModel(
    [Dimension("需求分析", 50, []), Dimension("项目管理", 30, []), Dimension("用户思维", 20, [])]
)
STAR_ALL = dict.fromkeys(("situation", "task", "action", "result"), True)


def fake(dim, score, **kw):
    q = Question(f"关于{dim}的问题", dim, [], key=f"k-{dim}-{score}")
    return q, AnswerScore(score=score, star=kw.pop("star", STAR_ALL), **kw)


def test_build_report_overall_is_weighted_by_the_model():
    report = build_report(MODEL, [fake("需求分析", 90), fake("项目管理", 60), fake("用户思维", 40)])
    assert report.overall == pytest.approx(0.5 * 90 + 0.3 * 60 + 0.2 * 40)
    assert [d.score for d in report.dimensions] == [90, 60, 40]


def test_build_report_dimension_score_is_the_mean_of_its_answers():
    report = build_report(
        MODEL,
        [fake("需求分析", 90), fake("需求分析", 70), fake("项目管理", 60), fake("用户思维", 60)],
    )
    assert report.dimensions[0].score == 80 and report.dimensions[0].answered == 2


@pytest.mark.parametrize(
    ("score", "thresholds", "band"),
    [
        (80, (75, 60), "pass"),
        (70, (75, 60), "review"),
        (50, (75, 60), "not_pass"),
        (70, (65, 50), "pass"),
    ],
)
def test_build_report_recommendation_follows_the_job_thresholds(score, thresholds, band):
    scored = [fake(d.name, score) for d in MODEL.dimensions]
    assert build_report(MODEL, scored, thresholds).recommendation == band


def test_build_report_unasked_dimension_sends_a_pass_to_review():
    report = build_report(MODEL, [fake("需求分析", 95), fake("项目管理", 95)])
    assert report.recommendation == "review"
    assert any("用户思维" in n for n in report.notes)


def test_build_report_strengths_and_improvements_name_dimensions():
    report = build_report(MODEL, [fake("需求分析", 90), fake("项目管理", 40), fake("用户思维", 70)])
    assert any("需求分析" in s for s in report.strengths)
    assert any("项目管理" in s for s in report.improvements)


def test_build_report_missing_result_across_answers_becomes_an_improvement():
    no_result = {"situation": True, "task": True, "action": True, "result": False}
    scored = [fake(d.name, 60, star=no_result) for d in MODEL.dimensions]
    report = build_report(MODEL, scored)
    assert any("结果" in s for s in report.improvements)


def test_candidate_view_has_advice_but_no_thresholds_scores_or_notes():
    q = Question("请讲一个你通过数据分析发现需求的经历。", "需求分析", ["数据分析"])
    scored = [(q, score_answer(q, "我做过很多需求分析，写过100多份文档。"))]
    view = build_report(MODEL, scored).candidate_view()
    flat = repr(view)
    assert view["advice"] and "overall_level" in view
    for hidden in (
        "thresholds",
        "recommendation",
        "notes",
        "evidence",
        "scoring_version",
        "not_pass",
    ):
        assert hidden not in flat


def test_hr_view_carries_scores_evidence_refs_and_version():
    q = Question("请讲一个你通过数据分析发现需求的经历。", "需求分析", ["数据分析"])
    answer = "去年我负责会员改版，先分析了埋点数据，又访谈了20位用户，最终续费率提升了9个百分点。"
    report = build_report(MODEL, [(q, score_answer(q, answer))], answer_refs=[4711])
    view = report.hr_view()
    assert view["scoring_version"] == SCORING_VERSION
    assert view["thresholds"] == {"pass": 75.0, "review": 60.0}
    (entry,) = view["answers"]
    assert entry["answer_ref"] == 4711 and entry["evidence"] and entry["question"] == q.text


def test_report_views_are_json_serialisable():
    import json

    q = Question("请讲一个你通过数据分析发现需求的经历。", "需求分析", ["数据分析"])
    report = build_report(MODEL, [(q, score_answer(q, "去年我分析了数据，最终转化率提升了5%。"))])
    json.dumps(report.hr_view(), ensure_ascii=False)
    json.dumps(report.candidate_view(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("score", "thresholds", "level"),
    [
        (52, (75, 60), "待提升"),
        (65, (75, 60), "合格"),
        (78, (75, 60), "良好"),
        (90, (75, 60), "优秀"),
    ],
)
def test_candidate_level_agrees_in_direction_with_hr_recommendation(score, thresholds, level):
    report = build_report(MODEL, [fake(d.name, score) for d in MODEL.dimensions], thresholds)
    view = report.candidate_view()
    assert view["overall_level"] == level
    assert {d["level"] for d in view["dimensions"]} == {level}


def test_report_never_praises_a_part_it_asks_to_improve():
    no_result = dict(STAR_ALL, result=False)
    scored = [
        fake("需求分析", 80, quantified=["30%"]),
        fake("需求分析", 70, quantified=["2周"], star=no_result),
        fake("项目管理", 75, quantified=["5人"]),
        fake("用户思维", 60, star=no_result, tips=["用具体数字说明成果，例如百分比。"]),
    ]
    report = build_report(MODEL, scored)
    assert any("结果" in s for s in report.improvements)
    assert not any("结果" in s or "成果" in s for s in report.strengths)
    assert all("数字" not in a for a in report.advice) or not any(
        "数据" in s for s in report.strengths
    )
