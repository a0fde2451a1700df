"""Live hints while a candidate answers: at most two gentle nudges, never one already shown.

Runs on every partial transcript the client sends, so it uses only precompiled regexes
(no jieba): well under a millisecond for a few hundred characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from scoring.text.normalise import normalise
from scoring.text.quantities import find_quantities
from scoring.text.star import analyse_star
from scoring.text.style import asks_for_plan, meaningful_length
from scoring.types import SPEECH_RATE_CPM, Hint, Question

MAX_HINTS = 2
MAX_CHARS = 2000  # five minutes of speech; keeps latency bounded for pathological input
RATE_LOW, RATE_HIGH = SPEECH_RATE_CPM
RATE_MIN_ELAPSED = 15.0  # a rate over the first seconds says nothing

TEXTS = {
    "too_long": "已经超过建议的作答时间了，可以用一两句话总结收尾。",
    "time_left": "还剩大约{left}秒，可以开始总结了。",
    "too_fast": f"语速有点快，可以稍微放慢一些，每分钟{RATE_LOW:.0f}到{RATE_HIGH:.0f}字听起来最清楚。",
    "too_slow": "可以说得再连贯一些，不用担心，先讲最关键的经过。",
    "star_situation": "可以先简单交代一下当时的背景：在什么团队、遇到了什么情况？",
    "star_task": "可以说一说你在这件事中负责什么、目标是什么。",
    "star_action": "可以具体讲讲你本人做了哪些事情。",
    "star_result": "可以补充一下这件事的最终结果吗？",
    "plan_steps": "可以按先后顺序，具体说说你会分几步来做、每一步做什么。",
    "no_figures": "如果有具体数据，可以说一说，比如提升了多少、用了多长时间。",
    "strong_evidence": "这个数据很有说服力，继续保持。",
}


def hint(code: str, **values: object) -> Hint:
    return Hint(code, TEXTS[code].format(**values))


def hints_for(
    question: Question,
    partial_text: str,
    elapsed_s: float,
    shown: Iterable[str] = (),
    spoken: bool = True,
) -> list[Hint]:
    """Hints in priority order: time, delivery, missing STAR parts, praise, then the rest."""
    shown = set(shown)
    limit = float(question.time_limit_s)
    text = (partial_text or "")[:MAX_CHARS]
    progress = elapsed_s / limit if limit else 0.0
    candidates: list[Hint] = []
    if elapsed_s > limit:
        candidates.append(hint("too_long"))
    elif limit - elapsed_s <= max(15.0, 0.15 * limit):
        candidates.append(hint("time_left", left=max(1, round(limit - elapsed_s))))
    length = meaningful_length(partial_text or "")
    if spoken and elapsed_s >= RATE_MIN_ELAPSED and length >= 20:  # typed answers have no rate
        rate = length * 60.0 / elapsed_s
        if rate > RATE_HIGH:
            candidates.append(hint("too_fast"))
        elif rate < RATE_LOW:
            candidates.append(hint("too_slow"))
    if length >= 30:
        story = normalise(text)
        if asks_for_plan(question.text, question.star_expected):
            candidates.extend(_plan_hints(story, progress))
        else:
            candidates.extend(_story_hints(question, story, progress, length))
    return [h for h in candidates if h.code not in shown][:MAX_HINTS]


def _plan_hints(story: str, progress: float) -> list[Hint]:
    """A hypothetical question ("如果让你负责…") wants steps: no past background or result."""
    analysis = analyse_star(story)
    steps = analysis.narrative_actions + analysis.other_actions
    return [hint("plan_steps")] if steps < 2 and progress >= 0.35 else []


def _story_hints(question: Question, story: str, progress: float, length: int) -> list[Hint]:
    """Ask only for a STAR part not yet told; praise only figures inside the result."""
    analysis = analyse_star(story)
    expected = set(question.star_expected)
    parts = analysis.star
    out: list[Hint] = []
    if "situation" in expected and not parts["situation"] and progress >= 0.25:
        out.append(hint("star_situation"))
    if "action" in expected and not parts["action"] and progress >= 0.35:
        out.append(hint("star_action"))
    if "result" in expected and parts["action"] and not parts["result"] and progress >= 0.5:
        out.append(hint("star_result"))
    result_figures = [
        f
        for c in analysis.clauses
        if "result" in c.roles and "situation" not in c.roles
        for f in find_quantities(c.text)
    ]
    if result_figures:
        out.append(hint("strong_evidence"))
    if "task" in expected and not parts["task"] and parts["action"] and progress >= 0.4:
        out.append(hint("star_task"))
    if not result_figures and progress >= 0.4 and length >= 60 and not find_quantities(story):
        out.append(hint("no_figures"))
    return out
