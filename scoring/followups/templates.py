"""Follow-up templates: data HR can read and edit, checked before they are used.

Each part an answer can miss has templates that quote the candidate (`{quote}` is a short
clause of their own answer, told back in the second person) and one plain template for when no
clause can be quoted. The built-in set is `scoring/followups/templates.json`; a job may store
its own edited copy, which passes `parse_templates` (and the forbidden-topic guard) first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scoring.questions import check_question_text

BUILTIN_FILE = Path(__file__).resolve().parent / "templates.json"
# What each part asks for, in the order a good interviewer would ask (one follow-up at most).
PARTS: dict[str, str] = {
    "example": "回答只有观点或一般做法，没有亲身经历的具体事例",
    "result": "讲了做法，但没有说最后的结果",
    "action": "没有说清候选人本人具体做了什么",
    "figure": "说了结果，但没有数字说明变化有多大",
}
PLACEHOLDER = "{quote}"
PLACEHOLDER_HELP = "候选人回答中的一句原话（已把“我”改成“你”），由系统自动填入。"
MAX_CHARS = 80
_BRACES = re.compile(r"[{}]")


class TemplateError(ValueError):
    """An edited template set that cannot be used; `field` names the offending entry."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class FollowUpTemplates:
    quoted: dict[str, tuple[str, ...]]
    plain: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {p: {"quoted": list(self.quoted[p]), "plain": self.plain[p]} for p in PARTS}


def _check(field: str, text: Any, quoted: bool) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TemplateError(field, f"{field}：模板不能为空。")
    text = text.strip()
    if len(text) > MAX_CHARS:
        raise TemplateError(field, f"{field}：模板不能超过{MAX_CHARS}个字。")
    if not text.endswith(("？", "?", "。")):
        raise TemplateError(field, f"{field}：追问应以问号或句号结尾。")
    rest = text.replace(PLACEHOLDER, "", 1) if quoted else text
    if quoted and PLACEHOLDER not in text:
        raise TemplateError(field, f"{field}：需要包含 {PLACEHOLDER}，用来引用候选人的原话。")
    if _BRACES.search(rest):
        raise TemplateError(field, f"{field}：只能使用 {PLACEHOLDER} 这一个占位符。")
    check_question_text(rest)  # raises ForbiddenTopicError
    return text


def parse_templates(data: Any) -> FollowUpTemplates:
    """Validate a template set (the JSON shape of templates.json) and return it."""
    if not isinstance(data, dict):
        raise TemplateError("templates", "模板应为一个对象，按追问类型分组。")
    unknown = set(data) - set(PARTS)
    if unknown:
        raise TemplateError(sorted(unknown)[0], f"未知的追问类型：{'、'.join(sorted(unknown))}。")
    quoted, plain = {}, {}
    for part in PARTS:
        entry = data.get(part)
        if not isinstance(entry, dict):
            raise TemplateError(part, f"{part}：缺少这一类追问的模板。")
        items = entry.get("quoted")
        if not isinstance(items, list) or not items or len(items) > 10:
            raise TemplateError(f"{part}.quoted", f"{part}.quoted：需要1到10条引用原话的模板。")
        quoted[part] = tuple(
            _check(f"{part}.quoted[{i}]", t, quoted=True) for i, t in enumerate(items)
        )
        plain[part] = _check(f"{part}.plain", entry.get("plain"), quoted=False)
    return FollowUpTemplates(quoted, plain)


@cache
def builtin_templates() -> FollowUpTemplates:
    with BUILTIN_FILE.open(encoding="utf-8") as fh:
        return parse_templates(json.load(fh))


def templates_for(data: dict | None) -> FollowUpTemplates:
    """A job's own templates when it has them, else the built-in set."""
    return builtin_templates() if not data else parse_templates(data)
