import pytest

from scoring.questions import builtin_bank
from scoring.selection import allocate, condition_met, select_questions
from scoring.types import CompetencyModel, Dimension, Question

MODEL = CompetencyModel(
    [
        Dimension("客户开发", 50, ["客户"]),
        Dimension("沟通协调", 30, []),
        Dimension("抗压能力", 20, []),
    ]
)


def test_select_questions_covers_every_dimension_and_favours_heavy_ones():
    chosen = select_questions(MODEL, builtin_bank(), {}, total=6)
    dims = [q.dimension for q in chosen]
    assert len(chosen) == 6
    assert set(dims) == {"客户开发", "沟通协调", "抗压能力"}
    assert dims.count("客户开发") >= dims.count("沟通协调") >= dims.count("抗压能力")
    assert len({q.text for q in chosen}) == 6


@pytest.mark.parametrize(
    ("signals", "variant"),
    [
        ({"cross_region": True, "has_related_experience": True}, "experienced"),
        ({"cross_region": False, "has_related_experience": False}, "inexperienced"),
        ({}, "inexperienced"),
    ],
)
def test_select_questions_picks_the_variant_matching_resume_signals(signals, variant):
    chosen = select_questions(MODEL, builtin_bank(), signals, total=6)
    variants = {q.variant for q in chosen if q.variant}
    assert variants == {variant}


def test_select_questions_cross_region_candidate_gets_the_challenge_question():
    chosen = select_questions(MODEL, builtin_bank(), {"cross_region": True}, total=6)
    assert any("跨区域" in q.text and "挑战" in q.text for q in chosen)


def test_select_questions_is_deterministic():
    a = select_questions(MODEL, builtin_bank(), {"years_of_experience": 3}, total=7)
    b = select_questions(MODEL, builtin_bank(), {"years_of_experience": 3}, total=7)
    assert [q.text for q in a] == [q.text for q in b]


def test_select_questions_never_drops_a_dimension_when_total_is_small():
    chosen = select_questions(MODEL, builtin_bank(), {}, total=1)
    assert {q.dimension for q in chosen} == {"客户开发", "沟通协调", "抗压能力"}


def test_select_questions_practice_pool_uses_practice_questions_only():
    chosen = select_questions(MODEL, builtin_bank(), {}, total=4, pool="practice")
    assert chosen and all(q.pool == "practice" for q in chosen)


def test_select_questions_uses_hr_questions_from_the_given_bank():
    mine = Question("请讲一次你说服采购总监的经历。", "客户开发", ["说服"], key="hr-1")
    chosen = select_questions(MODEL, [mine], {}, total=3)
    assert chosen[0].key == "hr-1"
    assert {q.dimension for q in chosen} == {"客户开发", "沟通协调", "抗压能力"}


@pytest.mark.parametrize(
    ("condition", "signals", "met"),
    [
        ("years_of_experience>=3", {"years_of_experience": 3}, True),
        ("years_of_experience>=3", {"years_of_experience": 2.5}, False),
        ("years_of_experience>=3", {}, False),
        ("cross_region", {"cross_region": True}, True),
        ("cross_region", {"cross_region": False}, False),
    ],
)
def test_condition_met_reads_names_and_comparisons(condition, signals, met):
    assert condition_met(condition, signals) is met


def test_allocate_gives_each_dimension_one_and_the_rest_by_weight():
    assert allocate([50, 30, 20], 6) == [3, 2, 1]
    assert allocate([35, 35, 30], 6) == [2, 2, 2]
    assert allocate([90, 5, 5], 4) == [2, 1, 1]
    assert sum(allocate([34, 33, 33], 10)) == 10


def test_select_questions_leaves_the_callers_bank_untouched():
    mine = Question("请讲一次你说服采购总监的经历。", "客户开发", [], key="hr-2")
    chosen = select_questions(MODEL, [mine], {}, total=3)
    assert chosen[0].keywords == ["客户"]
    assert mine.keywords == []
