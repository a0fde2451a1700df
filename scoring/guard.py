"""Interview questions that touch a forbidden topic, and why: data in forbidden_topics.json.

A question is refused when it can only be about the candidate ("你结婚了吗", "几零后") or when
a topic word ("孩子", "户口", "宗教") is not about work ("孕妇客户", "户口迁移业务", "宗教场所").
Refusals name the topic and the rule (就业促进法, 妇女权益保障法 第四十三条, 个人信息保护法
第二十八条). Traditional characters, spaced-out characters and English are checked too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from scoring.text.lexicon import LEXICON_DIR
from scoring.text.normalise import to_simplified

WINDOW_BEFORE, WINDOW_AFTER = 8, 10
_SEPARATED = re.compile(r"(?<=[\u4e00-\u9fff])[\s\-_·.*/|~]+(?=[\u4e00-\u9fff])")
_WIDE = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
_CLAUSE_END = re.compile(r"[，,。？?！!；;：:\n]")


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    rule: str  # the laws HR is shown, in full
    personal: re.Pattern[str] | None
    words: re.Pattern[str] | None
    context: re.Pattern[str] | None
    english: re.Pattern[str] | None


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    return re.compile(pattern, flags) if pattern else None


@cache
def _data() -> dict:
    with (LEXICON_DIR / "forbidden_topics.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def topics() -> tuple[Topic, ...]:
    data = _data()
    laws = data["laws"]
    return tuple(
        Topic(
            code,
            spec["label"],
            "；".join(laws[name] for name in spec["laws"]),
            _compile(spec.get("personal", "")),
            _compile(spec.get("words", "")),
            _compile(spec.get("context", "")),
            _compile(data.get("english", {}).get(code, ""), re.I),
        )
        for code, spec in data["topics"].items()
    )


@cache
def _shared() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = _data()
    return (
        re.compile(data["context"]),
        re.compile(data["allowed"]),
        re.compile(data["english_context"], re.I),
    )


def guard_text(text: str) -> str:
    """Simplified, half-width, with spaces and separators between characters removed."""
    text = to_simplified((text or "").translate(_WIDE))
    return _SEPARATED.sub("", text)


def _window(text: str, start: int, end: int) -> str:
    """The words around text[start:end], within its clause."""
    lo = max(0, start - WINDOW_BEFORE)
    hi = min(len(text), end + WINDOW_AFTER)
    before = _CLAUSE_END.split(text[lo:start])[-1]
    after = _CLAUSE_END.split(text[end:hi])[0]
    return before + text[start:end] + after


def _compliance(text: str, start: int, end: int) -> bool:
    """ "如何避免询问婚育情况": the topic is named in order not to ask it."""
    return bool(_shared()[1].search(_window(text, start, end)))


def _about_work(text: str, start: int, end: int, topic: Topic) -> bool:
    """Whether a topic word at text[start:end] is about work, not about the candidate."""
    window = _window(text, start, end)
    context = _shared()[0]
    if _compliance(text, start, end):
        return True
    return bool(context.search(window) or (topic.context and topic.context.search(window)))


def find_topic(text: str) -> Topic | None:
    """The first forbidden topic the question touches, or None."""
    clean = guard_text(text)
    english_context = _shared()[2]
    for topic in topics():
        for m in topic.personal.finditer(clean) if topic.personal else ():
            if not _compliance(clean, m.start(), m.end()):
                return topic
        if topic.words:
            for m in topic.words.finditer(clean):
                if not _about_work(clean, m.start(), m.end(), topic):
                    return topic
        if topic.english and topic.english.search(clean) and not english_context.search(clean):
            return topic
    return None
