"""`python -m scoring.evaluate FILE.jsonl`: agreement of the scorer with labelled answers.

`python -m scoring.evaluate --trust [tune|heldout|heldout2]` prints every target of issue 14 (gaming,
language, invariance, agreement, question and JD guards, JD parsing, hints, reports) on the
labelled sets in tests/data/trust/; it exits 1 when a target is missed.

Each line is an `answers` input line plus `rating` (1–5) and `star` (true/false per part).
Prints Spearman's rho between score and rating, and precision/recall/F1 per STAR part.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from scoring.answers import score_answer
from scoring.types import STAR_PARTS, Question


@dataclass
class Evaluation:
    n: int
    spearman: float
    star: dict[str, dict[str, float]]  # part → precision, recall, f1


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    a, b = _ranks(xs), _ranks(ys)
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    var = (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5
    return cov / var if var else 0.0


def evaluate(records: list[dict]) -> Evaluation:
    scores, ratings = [], []
    counts = {p: [0, 0, 0] for p in STAR_PARTS}  # tp, fp, fn
    for rec in records:
        question = Question(rec["question"], rec.get("dimension", ""), rec.get("keywords", []))
        duration = rec.get("duration_s")
        result = score_answer(
            question, rec["answer"], {"duration_s": duration} if duration else None
        )
        scores.append(result.score)
        ratings.append(float(rec["rating"]))
        for part in STAR_PARTS:
            gold, got = bool(rec["star"][part]), result.star[part]
            counts[part][0] += gold and got
            counts[part][1] += got and not gold
            counts[part][2] += gold and not got
    star = {}
    for part, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        star[part] = {"precision": precision, "recall": recall, "f1": f1}
    return Evaluation(len(records), spearman(scores, ratings), star)


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--trust":
        from scoring.trust_eval import BATCHES, print_figures

        batches = tuple(argv[1:]) or BATCHES
        if not set(batches) <= set(BATCHES):
            sys.stderr.write(f"batches are {', '.join(BATCHES)}\n")
            return 2
        return 0 if print_figures(batches, sys.stdout) else 1
    if len(argv) != 1:
        sys.stderr.write("usage: python -m scoring.evaluate FILE.jsonl\n")
        return 2
    result = evaluate(load(argv[0]))
    out = sys.stdout
    out.write(f"answers: {result.n}\n")
    out.write(f"spearman(score, rating): {result.spearman:.3f}   (target >= 0.80)\n")
    for part, m in result.star.items():
        out.write(
            f"star {part:<9} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
            f"F1 {m['f1']:.3f}   (target >= 0.90)\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
