"""Evidence (which sentences earned or cost points, and why), tips, and delivery penalties."""

from __future__ import annotations

from scoring.text.quantities import find_quantities
from scoring.text.star import StarAnalysis
from scoring.text.style import filler_count
from scoring.types import SPEECH_RATE_CPM, STAR_PARTS, Question

ROLE_REASON = {
    "situation": "交代了背景和情境",
    "task": "说明了本人的职责或目标",
    "action": "描述了本人的具体行动",
    "result": "给出了事情的结果",
}
MODE_REASON = {
    "opinion": "空泛的观点表态，没有具体事例",
    "claim": "罗列经历或数字，但没有讲出具体事例",
    "hypothetical": "假设性的做法，不是亲身经历",
    "habitual": "讲的是一般做法，不是一次具体经历",
}
MAX_EVIDENCE = 10
RATE_LOW, RATE_HIGH = SPEECH_RATE_CPM


def build_evidence(
    analysis: StarAnalysis,
    star: dict[str, bool],
    flags: list[str],
    figures: list[str],
    filler_density: float,
    levels: int,
    tips_text: dict[str, str],
    real_story: bool = True,
) -> tuple[list[dict[str, str]], list[str]]:
    """Evidence per sentence (what earned or cost points) and up to four concrete tips."""
    evidence: list[dict[str, str]] = []
    if "off_topic" in flags or "dont_know" in flags:
        reason = "与所问问题无关" if "off_topic" in flags else "没有给出实质回答"
        evidence = [{"sentence": s, "effect": "-", "reason": reason} for s in analysis.sentences]
    else:
        for index, sentence in enumerate(analysis.sentences):
            clauses = [c for c in analysis.clauses if c.sentence == index]
            roles = [r for r in STAR_PARTS if any(r in c.roles for c in clauses)]
            narrative = any(c.mode == "narrative" for c in clauses if c.roles)
            if roles and narrative:
                reason = "；".join(ROLE_REASON[r] for r in roles)
                figs = find_quantities(sentence)
                if figs:
                    reason += "；用数据说明：" + "、".join(figs[:4])
                evidence.append({"sentence": sentence, "effect": "+", "reason": reason})
                if filler_count(sentence) >= 3:
                    evidence.append(
                        {"sentence": sentence, "effect": "-", "reason": "口头禅较多，表达不够连贯"}
                    )
                continue
            modes = [c.mode for c in clauses if c.mode in MODE_REASON]
            if modes:
                evidence.append(
                    {"sentence": sentence, "effect": "-", "reason": MODE_REASON[modes[0]]}
                )
            elif filler_count(sentence) >= 3:
                evidence.append(
                    {"sentence": sentence, "effect": "-", "reason": "口头禅较多，表达不够连贯"}
                )
    evidence = evidence[:MAX_EVIDENCE]

    tips: list[str] = []
    for flag in ("empty", "dont_know", "off_topic"):
        if flag in flags:
            tips.append(tips_text[flag])
    if not tips:
        if not real_story:
            tips.append(tips_text["real_example"])
        for part in ("result", "action", "situation", "task"):
            if not star[part] and len(tips) < (2 if not real_story else 3):
                tips.append(tips_text[part])
        if star["result"] and not figures:
            tips.append(tips_text["figures"])
        if filler_density > 2:
            tips.append(tips_text["fillers"])
        if levels < 2 and len(analysis.sentences) >= 4:
            tips.append(tips_text["structure"])
    for flag in ("low_relevance", "too_short", "too_long", "too_fast", "too_slow"):
        if flag in flags:
            tips.append(tips_text[flag])
    return evidence, list(dict.fromkeys(tips))[:4]


def delivery_penalties(
    question: Question, text: str, timing: dict | None, acoustics: dict | None
) -> tuple[float, list[str]]:
    """Points lost for time and, from audio, speech rate and pauses; small next to content."""
    penalty, flags = 0.0, []
    duration = float((timing or {}).get("duration_s") or 0)
    if duration > question.time_limit_s * 1.1:
        penalty -= 3.0
        flags.append("too_long")
    if not acoustics:
        return penalty, flags
    rate = acoustics.get("speech_rate_cpm")
    if rate is None and duration > 0:
        rate = len(text) * 60.0 / duration
    if rate:
        if rate > RATE_HIGH:
            penalty -= 4.0 if rate > RATE_HIGH * 1.2 else 2.0
            flags.append("too_fast")
        elif rate < RATE_LOW:
            penalty -= 4.0 if rate < RATE_LOW * 0.8 else 2.0
            flags.append("too_slow")
    if (
        float(acoustics.get("pause_ratio") or 0) > 0.4
        or int(acoustics.get("long_pauses") or 0) >= 3
    ):
        penalty -= 2.0
        if "too_slow" not in flags:
            flags.append("too_slow")
    minutes = max(duration / 60.0, 0.5) if duration else 1.0
    if int(acoustics.get("filler_count") or 0) / minutes > 6:
        penalty -= 2.0
    return penalty, flags
