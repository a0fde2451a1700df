"""Scoring a formal question on the answer and its follow-up together.

The candidate's reply to the follow-up completes the same answer, so both are scored as one
text; every evidence sentence says where it came from (`source`: answer | follow_up), and the
result keeps the score of the answer alone so HR sees what the follow-up changed. A follow-up
can only help: only some candidates are asked one, so a weak reply never costs points the
answer alone had earned.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.answers import score_answer
from scoring.text.tokens import split_sentences
from scoring.types import STAR_PARTS, AnswerScore, Question


@dataclass(frozen=True)
class Exchange:
    """A follow-up as it was asked and answered."""

    part: str
    question: str
    answer: str | None  # None when it was never answered


def joined(answer: str, follow_up_answer: str) -> str:
    answer = answer.rstrip()
    if answer and answer[-1] not in "。！？!?；;":
        answer += "。"
    return answer + follow_up_answer.strip()


def score_with_follow_up(
    question: Question,
    answer: str,
    exchange: Exchange | None,
    timing: dict | None = None,
    acoustics: dict | None = None,
) -> tuple[AnswerScore, dict | None]:
    """The question's score and, when a follow-up was asked, what HR reads about it.

    Timing and acoustics are the first answer's: the follow-up had its own time limit, so its
    seconds never count against the question's.
    """
    alone = score_answer(question, answer, timing=timing, acoustics=acoustics)
    if exchange is None:
        return alone, None
    summary = {
        "part": exchange.part,
        "question": exchange.question,
        "answer": exchange.answer,
        "score_before": alone.score,
        "star_before": dict(alone.star),
    }
    for item in alone.evidence:
        item["source"] = "answer"
    if not (exchange.answer or "").strip():
        return alone, summary
    together = score_answer(
        question, joined(answer, exchange.answer or ""), timing=timing, acoustics=acoustics
    )
    added = set(split_sentences(exchange.answer or ""))
    for item in together.evidence:
        item["source"] = "follow_up" if item["sentence"] in added else "answer"
    if together.score < alone.score:
        summary["parts_added"] = []
        return alone, summary
    summary["parts_added"] = [p for p in STAR_PARTS if together.star[p] and not alone.star[p]]
    return together, summary
