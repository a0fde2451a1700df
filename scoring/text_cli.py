"""`python -m scoring jd FILE` and `python -m scoring answers FILE.jsonl` (formats are fixed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from scoring.answers import score_answer
from scoring.jd import parse_jd
from scoring.jd_guard import check_jd
from scoring.types import Question

USAGE = "usage: python -m scoring jd FILE | python -m scoring answers FILE.jsonl  (FILE may be -)\n"


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8-sig") as fh:
        return fh.read()


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def run_jd(path: str) -> int:
    """The model, plus `warnings`: discriminatory requirements found ({code, text, label, rule})."""
    text = _read(path)
    _emit({**parse_jd(text).to_dict(), "warnings": [w.to_dict() for w in check_jd(text)]})
    return 0


def _question(record: dict[str, Any]) -> Question:
    """Validate one input record and build its question; ValueError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    for name in ("id", "question", "answer"):
        if name not in record:
            raise ValueError(f"missing field {name!r}")
    if not isinstance(record["question"], str) or not isinstance(record["answer"], str):
        raise ValueError("'question' and 'answer' must be strings")
    keywords = record.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ValueError("'keywords' must be a list of strings")
    dimension = record.get("dimension", "")
    if not isinstance(dimension, str):
        raise ValueError("'dimension' must be a string")
    duration = record.get("duration_s")
    if duration is not None and (
        isinstance(duration, bool) or not isinstance(duration, int | float)
    ):
        raise ValueError("'duration_s' must be a number")
    limit = record.get("time_limit_s", 120)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
        raise ValueError("'time_limit_s' must be a positive number")
    return Question(record["question"], dimension, keywords, int(limit))


def score_lines(lines: Iterable[str]) -> int:
    status = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question = _question(record)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            sys.stderr.write(f"line {number}: {exc}\n")
            status = 2
            continue
        duration = record.get("duration_s")
        result = score_answer(
            question, record["answer"], {"duration_s": duration} if duration is not None else None
        )
        _emit(
            {
                "id": record["id"],
                "score": result.score,
                "star": result.star,
                "evidence": result.evidence,
                "hints": result.tips,
                "flags": result.flags,
                "gaming": result.gaming,
            }
        )
    return status


def run_answers(path: str) -> int:
    if path == "-":
        return score_lines(sys.stdin)
    with open(path, encoding="utf-8-sig") as fh:
        return score_lines(fh)


def main(command: str, argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in {"-h", "--help"}:
        sys.stderr.write(USAGE)
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    try:
        return run_jd(argv[0]) if command == "jd" else run_answers(argv[0])
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"cannot read {argv[0]}: {exc}\n")
        return 2
