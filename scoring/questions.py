"""The built-in question bank, lookup by competency, and the forbidden-topic check.

Questions live as data in `scoring/question_bank/builtin.json`; HR-added questions are stored by
the app and pass through `check_question_text` before they are saved.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from scoring.text.lexicon import find_competency
from scoring.types import Question

BANK_FILE = Path(__file__).resolve().parent / "question_bank" / "builtin.json"
POOLS = ("formal", "practice")

# Topics Chinese employment law and fair-hiring practice keep out of interviews.
FORBIDDEN_TOPICS: dict[str, tuple[str, re.Pattern[str]]] = {
    "marriage": (
        "婚姻状况",
        re.compile(
            r"结婚|婚姻|已婚|未婚|离婚|婚否|有对象|找对象|男朋友|女朋友|恋爱|单身|配偶|老公|老婆"
        ),
    ),
    "childbearing": (
        "生育计划",
        re.compile(r"生育|生孩子|要孩子|生小孩|二胎|三胎|几个孩子|孩子多大|带孩子|育儿"),
    ),
    "pregnancy": ("怀孕", re.compile(r"怀孕|孕期|备孕|产假|哺乳期|孕妇")),
    "age": ("年龄", re.compile(r"年龄|年纪|多大了|几岁|岁数|哪年出生|出生年|属相|属什么")),
    "hukou": ("户籍", re.compile(r"户口|户籍|籍贯|哪里人|哪儿人|本地人|外地人")),
    "ethnicity": ("民族", re.compile(r"民族|种族|汉族|少数民族")),
    "religion": ("宗教信仰", re.compile(r"宗教|信教|信仰|佛教|基督|天主教|伊斯兰|穆斯林|道教")),
    "health": (
        "健康状况",
        re.compile(
            r"健康状况|身体状况|身体怎么样|身体好不好|病史|疾病|乙肝|残疾|残障|慢性病|住院|体检结果"
        ),
    ),
}


class ForbiddenTopicError(ValueError):
    """A question touches a topic that must not be asked in an interview."""

    def __init__(self, topic: str):
        self.topic = topic
        label = FORBIDDEN_TOPICS[topic][0]
        super().__init__(
            f"问题涉及“{label}”，属于与岗位无关的个人隐私或就业歧视话题，不能用于面试，请修改后再保存。"
        )


def check_question_text(text: str) -> None:
    """Raise ForbiddenTopicError for the first forbidden topic the text touches."""
    for topic, (_label, pattern) in FORBIDDEN_TOPICS.items():
        if pattern.search(text or ""):
            raise ForbiddenTopicError(topic)


@cache
def _builtin() -> tuple[Question, ...]:
    with BANK_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)["questions"]
    questions = tuple(Question.from_dict(item) for item in data)
    for q in questions:
        check_question_text(q.text)
    return questions


def builtin_bank() -> list[Question]:
    """A fresh list each call, so callers may edit their copy."""
    return [Question.from_dict(q.to_dict()) for q in _builtin()]


def generic_questions(name: str, pool: str) -> list[Question]:
    """Questions built from the lexicon for a competency the bank does not cover."""
    comp = find_competency(name)
    keywords = list(comp.indicators[:5]) if comp else [name]
    if pool == "practice":
        text = f"请分享一次能体现你“{name}”的经历，说说你是怎么做的。"
        return [Question(text, name, keywords, 90, pool="practice", key=f"gen-{name}-p")]
    text = f"请讲一个最能体现你“{name}”的具体经历：当时的情况、你的任务、你的做法和最终结果。"
    return [Question(text, name, keywords, 120, pool="formal", key=f"gen-{name}-1")]


def questions_for_dimension(
    name: str, pool: str = "formal", bank: list[Question] | None = None
) -> list[Question]:
    """Questions for a dimension, matched by name or by the lexicon competency it stands for."""
    if pool not in POOLS:
        raise ValueError(f"unknown pool {pool!r}")
    bank = builtin_bank() if bank is None else bank
    found = [q for q in bank if q.pool == pool and q.dimension == name]
    if found:
        return found
    comp = find_competency(name)
    if comp is not None:
        found = [
            Question.from_dict({**q.to_dict(), "dimension": name})
            for q in bank
            if q.pool == pool and q.dimension == comp.name
        ]
    return found or generic_questions(name, pool)
