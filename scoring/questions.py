"""The built-in question bank, lookup by competency, and the forbidden-topic check.

Questions live as data in `scoring/question_bank/builtin.json`; HR-added questions are stored by
the app and pass through `check_question_text` before they are saved.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from scoring.guard import find_topic, topics
from scoring.text.lexicon import find_competency
from scoring.types import Question

# topic code → (label, rule), as read from scoring/lexicon/forbidden_topics.json
FORBIDDEN_TOPICS: dict[str, tuple[str, str]] = {t.code: (t.label, t.rule) for t in topics()}
BANK_FILE = Path(__file__).resolve().parent / "question_bank" / "builtin.json"
POOLS = ("formal", "practice")


class ForbiddenTopicError(ValueError):
    """A question touches a topic that must not be asked in an interview.

    `topic` is the code (marriage, age, …), `label` the topic in Chinese, `rule` the laws that
    forbid it; the message names both, for HR.
    """

    def __init__(self, topic: str):
        self.topic = topic
        found = next(t for t in topics() if t.code == topic)
        self.label, self.rule = found.label, found.rule
        super().__init__(
            f"问题涉及“{self.label}”，与岗位无关，属于就业歧视或个人隐私话题，不能用于面试。"
            f"依据：{self.rule}。请修改后再保存。"
        )


def check_question_text(text: str) -> None:
    """Raise ForbiddenTopicError for the first forbidden topic the text touches."""
    found = find_topic(text or "")
    if found is not None:
        raise ForbiddenTopicError(found.code)


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
    # A finer concept that only contains a competency's word (薪酬市场调研 ⊃ 市场调研) is not
    # asked about by that competency's questions: it gets questions naming it.
    if comp is not None and (name == comp.name or name in comp.synonyms):
        found = [
            Question.from_dict({**q.to_dict(), "dimension": name})
            for q in bank
            if q.pool == pool and q.dimension == comp.name
        ]
    return found or generic_questions(name, pool)
