import pytest

from scoring.questions import (
    FORBIDDEN_TOPICS,
    ForbiddenTopicError,
    builtin_bank,
    check_question_text,
    questions_for_dimension,
)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("请问你结婚了吗？", "marriage"),
        ("你目前有男朋友吗", "marriage"),
        ("近两年有生孩子的打算吗？", "childbearing"),
        ("你现在怀孕了吗？", "pregnancy"),
        ("请问你今年多大了？", "age"),
        ("你的户口在哪里？", "hukou"),
        ("你是哪个民族的？", "ethnicity"),
        ("你有宗教信仰吗？", "religion"),
        ("你的身体状况怎么样，有没有慢性病？", "health"),
    ],
)
def test_check_question_text_refuses_forbidden_topics(text, topic):
    with pytest.raises(ForbiddenTopicError) as exc:
        check_question_text(text)
    assert exc.value.topic == topic
    assert isinstance(exc.value, ValueError)
    assert FORBIDDEN_TOPICS[topic][0] in str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "请讲一次你与其他部门意见不一致、最终协调推进工作的经历。",
        "你在跨区域项目中遇到的最大挑战是什么？",
        "请讲一个你通过数据分析提升留存的例子。",
    ],
)
def test_check_question_text_accepts_job_related_questions(text):
    check_question_text(text)


def test_builtin_bank_has_separate_practice_and_formal_pools():
    bank = builtin_bank()
    formal = {q.text for q in bank if q.pool == "formal"}
    practice = {q.text for q in bank if q.pool == "practice"}
    assert len(formal) >= 30 and len(practice) >= 10
    assert not formal & practice


def test_builtin_bank_questions_carry_indicators_star_parts_and_time_limits():
    for q in builtin_bank():
        assert q.keywords and q.star_expected and 30 <= q.time_limit_s <= 300
        assert set(q.star_expected) <= {"situation", "task", "action", "result"}
        check_question_text(q.text)


def test_builtin_bank_variants_come_in_pairs_with_a_condition():
    bank = builtin_bank()
    variants = [q for q in bank if q.variant]
    assert {q.variant for q in variants} == {"experienced", "inexperienced"}
    for q in variants:
        assert q.condition
        twin = "inexperienced" if q.variant == "experienced" else "experienced"
        assert any(
            o.variant == twin and o.condition == q.condition and o.dimension == q.dimension
            for o in variants
        )
    cross = [q for q in variants if q.condition == "cross_region" and q.variant == "inexperienced"]
    assert any("如果让你负责" in q.text for q in cross)


def test_builtin_bank_returns_copies_callers_can_edit():
    bank = builtin_bank()
    bank[0].text = "changed"
    assert builtin_bank()[0].text != "changed"


@pytest.mark.parametrize("pool", ["formal", "practice"])
def test_questions_for_dimension_matches_by_name_and_pool(pool):
    found = questions_for_dimension("客户服务", pool)
    assert found and all(q.pool == pool and q.dimension == "客户服务" for q in found)


def test_questions_for_dimension_understands_a_synonym_dimension_name():
    found = questions_for_dimension("沟通能力", "formal")
    assert found and all(q.dimension == "沟通能力" for q in found)
    assert any("部门" in q.text for q in found)


def test_questions_for_dimension_builds_a_question_for_an_unknown_competency():
    (q,) = questions_for_dimension("跨文化适应", "formal")
    assert "跨文化适应" in q.text and q.pool == "formal"


def test_questions_for_dimension_rejects_an_unknown_pool():
    with pytest.raises(ValueError):
        questions_for_dimension("客户服务", "secret")
