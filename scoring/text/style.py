"""Delivery and structure of an answer: fillers, ordering words, opening/closing summaries."""

from __future__ import annotations

import re

FILLER = re.compile(
    r"嗯+|呃+|(?<![金数])额(?![度外])|那个(?=[，,、…])|就是(?=[，,、…])|怎么说呢|反正"
)
THEN = re.compile(r"然后")
PUNCT = re.compile(r"[\s，,。．.！!？?；;：:、…“”\"'‘’（）()《》—\-]+")
# Ordering words, not "第一个任务", "第二天" or "最后他同意了" (an outcome, not a step).
_NTH = r"(?=[，,、:：]|步|点|件事|是|个方面)"
SEQUENCE_WORDS = (
    re.compile(rf"首先|第一{_NTH}|一是|一方面"),
    re.compile(rf"其次|第二{_NTH}|二是|然后|接着|另一方面"),
    re.compile(rf"最后(?=[，,]?我)|第三{_NTH}|三是|再次|此外"),
)
OPENING = re.compile(
    r"^(我(先)?说结论|我举个例子|我分享一个|我讲一个|我说一个|我举一个|总的来说|这个问题我从|我的做法是|我处理.{0,8}的核心)"
)
CLOSING = re.compile(
    r"总结下来|总结一下|所以我认为|这件事让我|我学到|收获|总的来说|回头看|复盘下来|经验是"
)
DONT_KNOW = re.compile(
    r"不知道|不清楚|答不上|想不到|想不出|不太会|不会回答|跳过|换一个|没有(做过|遇到过|经历过|相关经验)|没怎么|"
    r"没有?[\u4e00-\u9fff]{1,3}过(别人|领导|人|团队|下属)?[。！!]?$"
)


def filler_count(text: str) -> int:
    """Filler words, plus 然后 beyond about one per 80 characters (a fluent speaker's share)."""
    allowed = max(3, len(text) // 80)
    return len(FILLER.findall(text)) + max(0, len(THEN.findall(text)) - allowed)


def meaningful_length(text: str) -> int:
    """Characters left once fillers and punctuation are removed."""
    return len(PUNCT.sub("", FILLER.sub("", text)))


def sequence_levels(text: str) -> int:
    """How many of first/second/last ordering steps the answer uses (0–3).

    Without a first step ("首先", "第一") there is no ordering: "然后…最后…" is how any story
    is told, and "最后" often just means "in the end".
    """
    if not SEQUENCE_WORDS[0].search(text):
        return 0
    return sum(1 for words in SEQUENCE_WORDS if words.search(text))


def has_summary(sentences: list[str]) -> tuple[bool, bool]:
    """(opens with a summary, closes with a summary or reflection): the 总分总 shape."""
    if not sentences:
        return False, False
    return bool(OPENING.search(sentences[0])), bool(CLOSING.search(sentences[-1]))


# "如果让你负责…你会怎么做": the question asks for a plan, not for a past episode.
PLAN_QUESTION = re.compile(
    r"如果|假如|假设|设想|倘若|万一|要是|会怎么|会如何|打算怎么|打算如何|准备怎么|将如何|怎么开展|从哪些方面"
)


def asks_for_plan(question_text: str, star_expected: tuple[str, ...] | list[str]) -> bool:
    """A hypothetical question, by its wording or by the STAR parts HR expects of it."""
    if "situation" not in star_expected and "result" not in star_expected:
        return True
    return bool(PLAN_QUESTION.search(question_text)) and not re.search(
        r"请讲|讲一次|讲一个|分享一次|举例|经历", question_text
    )
