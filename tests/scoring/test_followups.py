"""Follow-up questions (追问): what is asked, in whose words, and how the reply is scored."""

import copy
import json

import pytest

from scoring.followups.combine import Exchange, score_with_follow_up
from scoring.followups.generate import follow_up_for, second_person
from scoring.followups.templates import (
    BUILTIN_FILE,
    PARTS,
    TemplateError,
    builtin_templates,
    parse_templates,
    templates_for,
)
from scoring.questions import ForbiddenTopicError
from scoring.types import Question

QUESTION = Question(
    "请讲一个你通过用户调研或数据分析发现真实需求、并推动产品改进的经历。",
    "需求分析",
    ["用户调研", "数据分析", "需求", "优先级"],
)
NO_RESULT = (
    "去年我在一家教育公司做产品经理，老师们反映排课太麻烦，每周要花半天。我的任务是找到排课的痛点。"
    "我先访谈了15位老师，又分析了排课后台的操作数据，发现80%的时间花在调课冲突上。"
    "于是我设计了一键排课的方案，推动研发上线了一键排课。"
)
RESULT_REPLY = "上线一个月后，老师排课时间从半天缩短到20分钟，调课冲突减少了70%。"
COMPLETE = NO_RESULT + RESULT_REPLY
TEAM_ONLY = (
    "去年我们团队负责公司App的改版，当时用户流失很严重。我们团队先做了用户调研，又分析了数据，"
    "最后团队推出了新版本，流失率下降了20%。"
)
WORDS_ONLY = (
    "去年我负责会员体系改版，当时续费率一直下滑。我先访谈了用户，又分析了数据，找出了两个原因，"
    "然后推动上线了到期提醒，最后续费率明显提升了。"
)
OPINION_ONLY = (
    "我觉得需求分析最重要的是站在用户角度思考，不能只听老板的想法。平时做需求的时候，我一般会先收集"
    "用户反馈，再看看后台数据，然后和开发一起评估成本，按优先级排好再做。"
)


def test_answer_without_result_gets_a_result_follow_up_in_its_own_words():
    follow_up = follow_up_for(QUESTION, NO_RESULT)
    assert follow_up.part == "result"
    assert follow_up.text == "你提到推动研发上线了一键排课，这件事最后带来了什么结果？"
    assert follow_up.quote in NO_RESULT.replace("我", "")


def test_complete_answer_gets_no_follow_up():
    assert follow_up_for(QUESTION, COMPLETE) is None


@pytest.mark.parametrize(
    ("text", "part", "quote_in"),
    [
        (TEAM_ONLY, "action", "你们团队"),
        (WORDS_ONLY, "figure", "续费率明显提升了"),
        (OPINION_ONLY, "example", ""),
    ],
)
def test_the_missing_part_is_asked_for(text, part, quote_in):
    follow_up = follow_up_for(QUESTION, text)
    assert follow_up.part == part
    assert quote_in in follow_up.text
    assert "我" not in follow_up.text  # told back in the second person


@pytest.mark.parametrize(
    "text", ["不知道，没有做过。", "嗯", "我周末喜欢打篮球和旅游，上个月去了云南。"]
)
def test_non_answers_get_no_follow_up(text):
    assert follow_up_for(QUESTION, text) is None


def test_a_plan_question_is_not_asked_for_a_result():
    plan = Question(
        "如果让你负责一个新产品的需求调研，你会怎么做？",
        "需求分析",
        ["用户调研"],
        star_expected=("task", "action"),
    )
    text = "我会先明确调研目标，然后设计问卷和访谈提纲，访谈20位目标用户，再把需求按优先级排序。"
    assert follow_up_for(plan, text) is None


def test_variant_changes_the_wording_not_the_question():
    texts = {follow_up_for(QUESTION, NO_RESULT, variant=v).text for v in range(3)}
    assert len(texts) == 3
    assert all("推动研发上线了一键排课" in t for t in texts)


@pytest.mark.parametrize(
    ("clause", "quoted"),
    [
        ("然后我就推动研发上线了一键排课。", "推动研发上线了一键排课"),
        ("我们团队先做了用户调研", "你们团队先做了用户调研"),
        ("最后我把报告交给了我的主管", "把报告交给了你的主管"),
        ("了解用户需求的变化", "了解用户需求的变化"),
    ],
)
def test_clauses_are_told_back_in_the_second_person(clause, quoted):
    assert second_person(clause) == quoted


def test_a_quote_touching_a_forbidden_topic_is_never_asked():
    text = (
        "去年我休完产假回来，接手了会员续费的项目，当时续费率一直下滑。我先访谈了20位用户，"
        "又分析了后台数据，接着推动研发上线了到期提醒。"
    )
    follow_up = follow_up_for(QUESTION, text)
    assert follow_up is not None and "产假" not in follow_up.text


def test_follow_up_reply_raises_the_missing_part_and_the_score():
    text = NO_RESULT.replace("，推动研发上线了一键排课", "")
    follow_up = follow_up_for(QUESTION, text)
    assert follow_up.part == "result"
    exchange = Exchange(follow_up.part, follow_up.text, RESULT_REPLY)
    result, summary = score_with_follow_up(QUESTION, text, exchange)
    assert summary["star_before"]["result"] is False and result.star["result"] is True
    assert summary["parts_added"] == ["result"]
    assert result.score > summary["score_before"] + 10
    sources = {e["sentence"]: e["source"] for e in result.evidence}
    assert sources[RESULT_REPLY] == "follow_up"
    assert set(sources.values()) == {"answer", "follow_up"}


def test_a_weak_reply_never_costs_points():
    follow_up = follow_up_for(QUESTION, NO_RESULT)
    reply = "嗯，那个，然后，嗯，就是，那个，我也不太清楚，反正，嗯，就那样吧。"
    result, summary = score_with_follow_up(
        QUESTION, NO_RESULT, Exchange(follow_up.part, follow_up.text, reply)
    )
    assert result.score >= summary["score_before"]


def test_unanswered_follow_up_keeps_the_answer_score():
    follow_up = follow_up_for(QUESTION, NO_RESULT)
    result, summary = score_with_follow_up(
        QUESTION, NO_RESULT, Exchange(follow_up.part, follow_up.text, None)
    )
    assert result.score == summary["score_before"]
    assert summary["answer"] is None


def test_builtin_templates_cover_every_part_and_pass_the_guard():
    templates = builtin_templates()
    assert set(templates.quoted) == set(PARTS)
    assert parse_templates(json.loads(BUILTIN_FILE.read_text("utf-8"))) == templates


def test_hr_edited_templates_are_used():
    data = copy.deepcopy(builtin_templates().to_dict())
    data["result"]["quoted"] = ["关于{quote}，最后的结果是什么？"]
    follow_up = follow_up_for(QUESTION, NO_RESULT, templates_for(data))
    assert follow_up.text == "关于推动研发上线了一键排课，最后的结果是什么？"


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["result"].update(quoted=["这件事最后带来了什么结果？"]), "result.quoted[0]"),
        (
            lambda d: d["result"].update(quoted=["你提到{quote}，{name}怎么看？"]),
            "result.quoted[0]",
        ),
        (lambda d: d["action"].update(plain=""), "action.plain"),
        (lambda d: d.pop("figure"), "figure"),
        (lambda d: d.update(extra={}), "extra"),
        (
            lambda d: d["result"].update(quoted=["你提到{quote}，" + "很" * 80 + "？"]),
            "result.quoted[0]",
        ),
    ],
)
def test_broken_templates_are_refused_with_the_field(edit, field):
    data = copy.deepcopy(builtin_templates().to_dict())
    edit(data)
    with pytest.raises(TemplateError) as info:
        parse_templates(data)
    assert info.value.field == field


def test_templates_touching_a_forbidden_topic_are_refused():
    data = copy.deepcopy(builtin_templates().to_dict())
    data["result"]["plain"] = "这件事之后，你有结婚的打算吗？"
    with pytest.raises(ForbiddenTopicError):
        parse_templates(data)
