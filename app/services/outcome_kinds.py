"""The kinds of later outcome HR records, their results, and the words HR uses for them.

Pure data and parsing (no database): the admin API, the Excel import and the DingTalk bot
(`结果 张三 终面通过`) all read results through `parse_phrase` / `normalise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RATING_KINDS = ("performance_3m", "performance_6m", "performance_12m")
# kind -> (label, {result: value}); value 1 is the good result.
KINDS: dict[str, tuple[str, dict[str, float]]] = {
    "final_round": ("终面", {"passed": 1.0, "failed": 0.0}),
    "offer": ("Offer", {"made": 1.0, "not_made": 0.0}),
    "hired": ("入职", {"hired": 1.0, "not_hired": 0.0}),
    "probation": ("试用期", {"stayed": 1.0, "left": 0.0}),
    "performance_3m": ("3个月绩效", {}),
    "performance_6m": ("6个月绩效", {}),
    "performance_12m": ("12个月绩效", {}),
}
RESULT_LABELS = {
    "passed": "通过",
    "failed": "未通过",
    "made": "已发",
    "not_made": "未发",
    "hired": "已入职",
    "not_hired": "未入职",
    "stayed": "转正",
    "left": "试用期离职",
    "rating": "评分",
}
PHRASES: dict[str, tuple[str, str]] = {
    "终面通过": ("final_round", "passed"),
    "复试通过": ("final_round", "passed"),
    "终面未通过": ("final_round", "failed"),
    "终面不通过": ("final_round", "failed"),
    "终面淘汰": ("final_round", "failed"),
    "发offer": ("offer", "made"),
    "已发offer": ("offer", "made"),
    "offer已发": ("offer", "made"),
    "未发offer": ("offer", "not_made"),
    "不发offer": ("offer", "not_made"),
    "入职": ("hired", "hired"),
    "已入职": ("hired", "hired"),
    "未入职": ("hired", "not_hired"),
    "放弃入职": ("hired", "not_hired"),
    "转正": ("probation", "stayed"),
    "通过试用期": ("probation", "stayed"),
    "试用期通过": ("probation", "stayed"),
    "试用期离职": ("probation", "left"),
    "试用期内离职": ("probation", "left"),
}
_RATING = re.compile(
    r"^(?:绩效\s*(3|6|12)\s*个?月|(3|6|12)\s*个?月\s*绩效)\s*[:：]?\s*([1-5])(?:分)?$"
)


@dataclass(frozen=True)
class OutcomeValue:
    kind: str
    result: str
    value: float

    @property
    def label(self) -> str:
        if self.kind in RATING_KINDS:
            return f"{KINDS[self.kind][0]} {self.value:g} 分"
        return f"{KINDS[self.kind][0]}{RESULT_LABELS[self.result]}"


class OutcomeError(ValueError):
    """The words do not name an outcome; the message says what would."""


def normalise(kind: str, result: str | None = None, rating: float | None = None) -> OutcomeValue:
    """Check a (kind, result) or (performance kind, rating) pair from the API or an import."""
    kind = (kind or "").strip()
    if kind not in KINDS:
        raise OutcomeError(f"unknown outcome kind {kind!r}; known: {', '.join(KINDS)}")
    if kind in RATING_KINDS:
        value = rating if rating is not None else _number(result)
        if value is None or value not in (1, 2, 3, 4, 5):
            raise OutcomeError(f"{kind} needs a rating 1–5, got {result or rating!r}")
        return OutcomeValue(kind, "rating", float(value))
    results = KINDS[kind][1]
    result = (result or "").strip()
    by_label = {label: code for code, label in RESULT_LABELS.items() if code in results}
    code = result if result in results else by_label.get(result)
    if code is None:
        raise OutcomeError(f"{kind} takes one of {', '.join(results)}; got {result!r}")
    return OutcomeValue(kind, code, results[code])


def parse_phrase(text: str) -> OutcomeValue:
    """'终面通过', '已入职', '试用期离职', '6个月绩效 4' → an outcome."""
    compact = re.sub(r"\s+", "", text or "").lower()
    if compact in PHRASES:
        kind, result = PHRASES[compact]
        return normalise(kind, result)
    match = _RATING.match(compact)
    if match:
        months = match.group(1) or match.group(2)
        return normalise(f"performance_{months}m", rating=float(match.group(3)))
    raise OutcomeError(
        f"看不懂“{text}”。可以写：终面通过、终面未通过、已发offer、已入职、未入职、转正、试用期离职、6个月绩效 4"
    )


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None
