import pytest

from scoring.hints import hints_for
from scoring.types import Question

Q = Question("请讲一个你处理客户投诉并让客户满意的例子。", "客户服务", ["投诉"], time_limit_s=120)
STORY_NO_RESULT = (
    "去年我在酒店做前台主管，有位客人凌晨投诉空调坏了，情绪很激动。我先把客人请到休息区安抚情绪，"
    "然后给他免费升级了房间，又通知工程部第二天一早维修。"
)
STORY_WITH_FIGURES = STORY_NO_RESULT + "最终客人给了五星好评，那个季度设备类投诉下降了60%。"


def codes(hints):
    return [h.code for h in hints]


def test_hints_for_never_returns_more_than_two():
    assert len(hints_for(Q, STORY_NO_RESULT, 115)) <= 2


def test_hints_for_asks_for_the_result_when_actions_have_no_outcome():
    hints = hints_for(Q, STORY_NO_RESULT, 62)
    assert "star_result" in codes(hints)
    assert any("最终结果" in h.text for h in hints)


def test_hints_for_praises_a_quantified_result():
    hints = hints_for(Q, STORY_WITH_FIGURES, len(STORY_WITH_FIGURES) * 60 / 175)
    assert "strong_evidence" in codes(hints)
    assert "star_result" not in codes(hints)


@pytest.mark.parametrize(("elapsed", "code"), [(108, "time_left"), (130, "too_long")])
def test_hints_for_warns_about_time(elapsed, code):
    assert codes(hints_for(Q, STORY_WITH_FIGURES, elapsed))[0] == code


def test_hints_for_never_repeats_a_hint_already_shown():
    first = hints_for(Q, STORY_NO_RESULT, 110)
    again = hints_for(Q, STORY_NO_RESULT, 112, shown=codes(first))
    assert not set(codes(first)) & set(codes(again))


@pytest.mark.parametrize(
    ("chars", "elapsed", "code"),
    [(300, 60, "too_fast"), (100, 60, "too_slow")],
)
def test_hints_for_speech_rate_outside_150_to_200_per_minute(chars, elapsed, code):
    text = ("我先安抚了客人的情绪" * 40)[:chars]
    assert code in codes(hints_for(Q, text, elapsed))


def test_hints_for_comfortable_rate_gives_no_rate_hint():
    text = ("我先安抚了客人的情绪" * 40)[:175]
    assert not {"too_fast", "too_slow"} & set(codes(hints_for(Q, text, 60)))


def test_hints_for_long_answer_without_figures_suggests_data():
    text = (
        "之前在门店的时候，有位顾客投诉买到的衣服有色差。我先请她拍照，和商品图做了对比，"
        "确认确实有色差；然后我给她两个选择，退货或者补偿优惠券，她选择了退货。"
    )
    assert "no_figures" in codes(
        hints_for(Q, text, 50, shown=["star_task", "too_fast", "too_slow"])
    )


def test_hints_for_quiet_start_gives_nothing():
    assert hints_for(Q, "好的，我来讲一下", 3) == []


def test_hints_for_stays_fast_on_a_huge_transcript():
    import time

    text = "我先安抚了客人的情绪，然后给他换了房间" * 1000
    start = time.perf_counter()
    hints = hints_for(Q, text, 100)
    assert time.perf_counter() - start < 0.2
    assert "too_fast" in codes(hints)


def test_hints_for_typed_answer_gets_no_speech_rate_hint():
    text = ("我先安抚了客人的情绪" * 40)[:300]
    assert not {"too_fast", "too_slow"} & set(codes(hints_for(Q, text, 60, spoken=False)))
