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
    ("text", "topic", "law"),
    [
        ("你是几零后？", "age", "就业促进法"),
        ("你爱人是做什么工作的？", "marriage", "妇女权益保障法》第四十三条"),
        ("家里有小孩需要照顾吗？", "childbearing", "妇女权益保障法》第四十三条"),
        ("你老家是哪的？", "hukou", "就业促进法"),
        ("入职体检你能过吗？", "health", "个人信息保护法》第二十八条"),
        ("你平时去教堂吗？", "religion", "个人信息保护法》第二十八条"),
        ("孩子上幾年級了？", "childbearing", "第四十三条"),  # traditional characters
        ("你 结 婚 了 吗", "marriage", "第四十三条"),  # spaced out
        ("你-信-教-吗", "religion", "第二十八条"),
        ("Do you plan to have children soon?", "childbearing", "第四十三条"),
        ("How old are you?", "age", "就业促进法"),
    ],
)
def test_rephrased_spaced_traditional_and_english_questions_are_refused_with_the_rule(
    text, topic, law
):
    with pytest.raises(ForbiddenTopicError) as exc:
        check_question_text(text)
    assert exc.value.topic == topic
    assert exc.value.label in str(exc.value) and law in str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "你如何处理孕妇客户的特殊需求？",
        "请介绍你熟悉的产假审批流程。",
        "请讲一次你分析用户年龄分布的经历。",
        "你如何为客户办理户口迁移相关的业务咨询？",
        "请讲讲你参与设计一款育儿类App的经历。",
        "请讲一次你协助客户完成重疾险理赔的经历。",
        "你在民族地区开展销售工作时，是如何适应当地市场的？",
        "作为HR，你如何避免在面试中询问候选人的婚育情况？",
        "Tell me about a time you helped a pregnant customer.",
    ],
)
def test_work_questions_that_mention_such_words_are_accepted(text):
    check_question_text(text)


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
