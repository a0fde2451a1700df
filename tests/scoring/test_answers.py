import pytest

from scoring.answers import score_answer
from scoring.text.quantities import find_quantities
from scoring.types import Question

Q = Question(
    "请讲一个你处理客户投诉并让客户满意的例子。", "客户服务", ["投诉", "安抚", "满意度", "跟进"]
)
STRONG = (
    "去年我在一家连锁酒店做前台主管，有位客人凌晨入住发现空调坏了，在大堂大声投诉。"
    "我的任务是当晚把问题解决。我先把客人请到休息区，耐心听他说完；然后马上给他免费升级了套房，"
    "并通知工程部第二天一早维修；第二天我又打电话回访。客人退房时给了五星好评，"
    "之后我推动前台增加了入住前的设备检查，那个季度设备类投诉下降了60%。"
)
AVERAGE = "有个客户因为安装师傅迟到了两个小时投诉我们。我打电话过去道歉，并送了一次免费清洗服务，客户接受了。"
GENERIC = (
    "处理投诉的时候，我一般会先倾听客户的问题，表示理解，然后按规定给出解决方案，最后做好回访。"
)
CLAIMS = "我做客服三年，一共处理过2000多个投诉，满意度一直保持在98%以上，是我们组第一名。"


def test_score_answer_orders_strong_average_generic_and_claims():
    scores = [score_answer(Q, t).score for t in (STRONG, AVERAGE, GENERIC, CLAIMS)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] >= 80 and scores[-1] < 30


def test_score_answer_strong_story_finds_all_star_parts_and_figures():
    result = score_answer(Q, STRONG)
    assert result.star == {"situation": True, "task": True, "action": True, "result": True}
    assert "60%" in result.quantified
    assert {"投诉", "满意度"} <= set(result.keywords_hit)
    assert result.band == "strong" and not result.flags


def test_score_answer_evidence_names_the_sentence_that_earned_the_result():
    result = score_answer(Q, STRONG)
    plus = [e for e in result.evidence if e["effect"] == "+"]
    assert any("60%" in e["sentence"] and "结果" in e["reason"] for e in plus)
    assert all(set(e) == {"sentence", "effect", "reason"} for e in result.evidence)


def test_score_answer_missing_result_gives_a_tip_about_results():
    result = score_answer(
        Q, "有一次客户投诉快递太慢，我耐心地跟他解释了原因，然后帮他查了物流，催了快递公司。"
    )
    assert result.star["result"] is False
    assert any("结果" in tip for tip in result.tips)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("", "empty"),
        ("嗯，好的。", "empty"),
        ("这个问题我不太清楚，没有处理过投诉，不知道该怎么说。", "dont_know"),
        ("我平时喜欢打篮球和旅游，上个月刚去了云南，风景很好。", "off_topic"),
        ("我想先了解一下这个岗位的底薪和提成是怎么算的，有没有双休。", "off_topic"),
    ],
)
def test_score_answer_non_answers_score_low_and_say_why(text, flag):
    result = score_answer(Q, text)
    assert flag in result.flags
    assert result.score <= 15
    assert result.tips
    assert not any(result.star.values())


def test_score_answer_claims_without_a_story_are_marked_as_such():
    result = score_answer(Q, CLAIMS)
    assert any(e["effect"] == "-" and "具体事例" in e["reason"] for e in result.evidence)


def test_score_answer_hypothetical_plan_scores_below_a_real_story():
    plan = "如果遇到客户投诉，我会先安抚客户情绪，然后了解问题，再给出解决方案，最后跟进回访。"
    assert score_answer(Q, plan).score < score_answer(Q, AVERAGE).score


def test_score_answer_transcript_without_punctuation_still_finds_star():
    transcript = (
        "那是去年的事情我们门店经常有顾客投诉排队太久我负责把等待时间降下来我先统计了一周的高峰时段"
        "然后把收银员的班次调整到高峰前半小时到岗最后平均等待时间从十二分钟降到了五分钟投诉少了一半"
    )
    result = score_answer(Q, transcript)
    assert all(result.star.values())
    assert result.score >= 60


def test_score_answer_fillers_cost_points():
    clean = (
        "上个月有一位客户投诉我们发错了货，情绪很激动。我先诚恳道歉，然后查了订单和仓库记录，"
        "确认是拣货错误，当天就给他补发了正确的商品，还送了一张优惠券。客户收到后表示满意。"
    )
    filled = (
        "嗯，那个，上个月有一位客户投诉我们发错了货，嗯，情绪很激动。我就，就是先道歉，然后，那个，"
        "查了订单和仓库记录，嗯，确认是拣货错误，那个，当天就给他补发了正确的商品，嗯，还送了一张优惠券。"
        "客户收到后表示满意。"
    )
    assert score_answer(Q, filled).score < score_answer(Q, clean).score
    assert any("口头禅" in tip for tip in score_answer(Q, filled).tips)


def test_score_answer_over_time_is_flagged_too_long():
    result = score_answer(Q, STRONG, timing={"duration_s": 200})
    assert "too_long" in result.flags
    assert result.score < score_answer(Q, STRONG, timing={"duration_s": 100}).score


@pytest.mark.parametrize(
    ("acoustics", "flag"),
    [
        ({"speech_rate_cpm": 260, "pause_ratio": 0.1}, "too_fast"),
        ({"speech_rate_cpm": 110, "pause_ratio": 0.2}, "too_slow"),
        ({"speech_rate_cpm": 175, "pause_ratio": 0.5, "long_pauses": 4}, "too_slow"),
    ],
)
def test_score_answer_acoustics_outside_the_comfortable_range_cost_points(acoustics, flag):
    good = score_answer(Q, STRONG, {"duration_s": 90}, {"speech_rate_cpm": 175, "pause_ratio": 0.1})
    bad = score_answer(Q, STRONG, {"duration_s": 90}, acoustics)
    assert flag in bad.flags and flag not in good.flags
    assert bad.score < good.score


def test_score_answer_plan_question_counts_planned_steps_in_full():
    plan_q = Question(
        "如果让你负责一个新区域的市场开拓，你会怎么做？",
        "客户开发",
        ["客户", "渠道"],
        star_expected=("task", "action"),
    )
    plan = "我会先用两周时间走访区域内的主要客户，摸清渠道结构；然后挑三个重点客户做试点；同时每周复盘进度。"
    as_plan = score_answer(plan_q, plan)
    as_story = score_answer(Question(plan_q.text, "客户开发", ["客户", "渠道"]), plan)
    assert as_plan.score >= 50
    assert as_plan.score > as_story.score


def test_score_answer_is_deterministic():
    assert score_answer(Q, STRONG).to_dict() == score_answer(Q, STRONG).to_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完课率从35%提升到了52%", ["35%", "52%"]),
        ("销售额做到了360万，成本节省了5000元", ["360万", "5000元"]),
        ("两周完成开发，用了3个月", ["两周", "3个月"]),
        ("效率提高了2倍，压缩了三分之一", ["2倍", "三分之一"]),
        ("提高了8个百分点", ["8个百分点"]),
        ("我们一个团队有一天", []),
    ],
)
def test_find_quantities_covers_percentages_money_durations_and_ratios(text, expected):
    assert find_quantities(text) == expected


@pytest.mark.parametrize(
    ("ending", "is_result"),
    [
        ("那位客户后来又在我们店下了两单。", True),
        ("这件事之后，公司把加急流程写进了客服手册。", True),
        ("然后我又给他打了个电话。", False),
        ("最后我写了一份总结交给了主管。", False),
    ],
)
def test_score_answer_closing_sentence_about_others_reads_as_the_result(ending, is_result):
    base = "上个月有位客户投诉快递太慢，我先跟他道歉，然后马上联系了快递公司加急处理。"
    assert score_answer(Q, base + ending).star["result"] is is_result
