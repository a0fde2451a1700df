"""Interview report: per-dimension scores, the overall weighted by the job's model, a band.

The recommendation is advice to HR, never a decision: `not_pass` still goes to a human.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from scoring.answers import TIPS
from scoring.text.gaming import REASONS as GAMING_REASONS
from scoring.types import STAR_PARTS, AnswerScore, CompetencyModel, DimensionScore, Question, Report

SCORING_VERSION = "text-2026.11.1"
PART_NAMES = {"situation": "背景", "task": "任务", "action": "行动", "result": "结果"}
GAMING_CODES = frozenset(GAMING_REASONS)


def _recommend(overall: float, thresholds: tuple[float, float]) -> str:
    pass_at, review_at = thresholds
    if overall >= pass_at:
        return "pass"
    return "review" if overall >= review_at else "not_pass"


def _answer_entry(index: int, ref: object, question: Question, score: AnswerScore) -> dict:
    return {
        "answer_ref": ref if ref is not None else index,
        "question_key": question.key,
        "question": question.text,
        "dimension": question.dimension,
        **score.to_dict(),
    }


# What a sentence of the report is about; a report never praises and criticises the same thing.
ASPECTS = {
    "result": re.compile(r"结果|成果|成效"),
    "figures": re.compile(r"数据|数字"),
    "action": re.compile(r"行动|做法|做了哪些"),
    "situation": re.compile(r"背景|情境"),
    "task": re.compile(r"任务|职责|角色"),
    "fillers": re.compile(r"口头禅"),
}
NON_ANSWERS = {"empty", "dont_know", "off_topic", *GAMING_CODES}


def aspects_of(sentence: str, dimensions: Sequence[str] = ()) -> set[str]:
    """Aspects a sentence speaks of; a dimension's name ("数据分析") is not an aspect."""
    for name in dimensions:
        sentence = sentence.replace(name, "")
    return {name for name, pattern in ASPECTS.items() if pattern.search(sentence)}


def _habits(scored: Sequence[tuple[Question, AnswerScore]]) -> tuple[list[str], list[str]]:
    """Strengths and improvements seen across answers (STAR, figures, fillers, time).

    A STAR part is a strength when more than two thirds of the real answers tell it and an
    improvement when a third or more lack it, so the two can never name the same part.
    """
    real = [(q, s) for q, s in scored if not NON_ANSWERS & set(s.flags)]
    strengths, improvements = [], []
    if real:
        expected = [(q, s, [p for p in STAR_PARTS if p in q.star_expected]) for q, s in real]
        missing = Counter(p for _, s, parts in expected for p in parts if not s.star[p])
        asked = Counter(p for _, _, parts in expected for p in parts)
        told = [p for p in STAR_PARTS if asked[p] and missing[p] * 3 < asked[p]]
        if len(told) >= 2:
            names = "、".join(PART_NAMES[p] for p in told)
            strengths.append(f"回答条理清楚，能把{names}讲清楚。")
        if sum(bool(s.quantified) for _, s in real) * 3 > len(real) * 2:
            strengths.append("善于用具体数据说话。")
        for part, n in missing.most_common(2):
            if n * 3 >= asked[part]:
                improvements.append(f"多个回答缺少“{PART_NAMES[part]}”：{TIPS[part]}")
    flagged = Counter(f for _, s in scored for f in s.flags)
    for flag in ("dont_know", "off_topic", "too_long", "too_fast", "too_slow"):
        if flagged[flag]:
            improvements.append(TIPS[flag])
    if any(s.components.get("fillers", 0) <= -3 for _, s in scored):
        improvements.append(TIPS["fillers"])
    return strengths, improvements


def build_report(
    model: CompetencyModel,
    scored: list[tuple[Question, AnswerScore]],
    thresholds: tuple[float, float] = (75, 60),
    answer_refs: Sequence[object] | None = None,
) -> Report:
    """`answer_refs` (e.g. answer ids) are copied into the HR view next to each answer."""
    by_dim: dict[str, list[float]] = {}
    for question, score in scored:
        by_dim.setdefault(question.dimension, []).append(score.score)
    dims: list[DimensionScore] = []
    for d in model.dimensions:
        values = by_dim.get(d.name, [])
        mean = round(sum(values) / len(values), 1) if values else None
        dims.append(DimensionScore(d.name, d.weight, mean, len(values)))
    weighted = [(d.weight, d.score) for d in dims if d.score is not None]
    wsum = sum(w for w, _ in weighted)
    overall = round(sum(w * s for w, s in weighted) / wsum, 1) if wsum else 0.0
    notes = [f"维度“{d.name}”没有对应的回答，未计入总分。" for d in dims if d.score is None]
    # Dimension verdicts use the job's thresholds, so they agree with the levels shown.
    strong_at, weak_below = float(thresholds[0]), float(thresholds[1])
    strengths = [
        f"{d.name}表现突出（{d.score:.0f}分）。" for d in dims if (d.score or 0) >= strong_at
    ]
    improvements = [
        f"{d.name}有待加强：可以准备一两个能体现这项能力的具体经历。"
        for d in dims
        if d.score is not None and d.score < weak_below
    ]
    habit_strengths, habit_improvements = _habits(scored)
    names = [d.name for d in dims]
    improvements = list(dict.fromkeys(improvements + habit_improvements))
    criticised = set().union(set(), *(aspects_of(s, names) for s in improvements))
    # A report never praises what it also asks to improve: the improvement wins.
    strengths += [s for s in habit_strengths if not aspects_of(s, names) & criticised]
    praised = set().union(set(), *(aspects_of(s, names) for s in strengths))
    # Per-answer tips that contradict a strength seen across answers are left out.
    advice = list(
        dict.fromkeys(
            tip for _, s in scored for tip in s.tips if not aspects_of(tip, names) & praised
        )
    )[:5]
    refs = list(answer_refs) if answer_refs is not None else [None] * len(scored)
    answers = [
        _answer_entry(i, ref, q, s)
        for i, ((q, s), ref) in enumerate(zip(scored, refs, strict=True))
    ]
    recommendation = _recommend(overall, thresholds)
    if recommendation == "pass" and notes:
        # A job dimension nobody asked about cannot be judged: a human looks first.
        recommendation = "review"
    return Report(
        overall=overall,
        dimensions=dims,
        recommendation=recommendation,
        strengths=strengths,
        improvements=improvements,
        advice=advice,
        answers=answers,
        thresholds=(float(thresholds[0]), float(thresholds[1])),
        scoring_version=SCORING_VERSION,
        notes=notes,
    )
