"""Choosing one candidate's questions: every dimension covered, heavier ones get more."""

from __future__ import annotations

import re
from dataclasses import replace

from scoring.questions import generic_questions, questions_for_dimension
from scoring.types import CompetencyModel, Question

_THRESHOLD = re.compile(r"^(\w+)\s*(>=|>|<=|<)\s*(\d+(?:\.\d+)?)$")


def condition_met(condition: str, signals: dict) -> bool:
    """A resume signal: a name ("cross_region") or a comparison ("years_of_experience>=3")."""
    match = _THRESHOLD.match(condition.strip())
    if match:
        name, op, bound = match.group(1), match.group(2), float(match.group(3))
        value = signals.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        return {">=": value >= bound, ">": value > bound, "<=": value <= bound, "<": value < bound}[
            op
        ]
    return bool(signals.get(condition))


def fits(question: Question, signals: dict) -> bool:
    """Variant questions go only to candidates on the matching side of their condition."""
    if question.variant is None or not question.condition:
        return True
    met = condition_met(question.condition, signals)
    return met if question.variant == "experienced" else not met


def allocate(weights: list[int], total: int) -> list[int]:
    """Questions per dimension: proportional to weight, at least one each, summing to total."""
    n = len(weights)
    total = max(total, n)
    wsum = sum(weights) or 1
    ideal = [total * w / wsum for w in weights]
    counts = [max(1, int(x)) for x in ideal]
    by_remainder = sorted(range(n), key=lambda i: (-(ideal[i] - int(ideal[i])), -weights[i], i))
    for i in by_remainder:
        if sum(counts) >= total:
            break
        counts[i] += 1
    while sum(counts) > total:  # minimums pushed us over: take back from the most over-served
        i = max((j for j in range(n) if counts[j] > 1), key=lambda j: (counts[j] - ideal[j], -j))
        counts[i] -= 1
    return counts


def _candidates(dim_name: str, keywords: list[str], bank: list[Question], signals: dict, pool: str):
    found = [q for q in questions_for_dimension(dim_name, pool, bank) if fits(q, signals)]
    # Variant questions were written for this candidate's situation: ask them first.
    found.sort(key=lambda q: (q.variant is None, q.key or q.text))
    if not any(q.key and q.key.startswith("gen-") for q in found):
        found += generic_questions(dim_name, pool)
    # Copies: the caller's bank is never modified; a question without indicators borrows
    # the dimension's keywords.
    return [replace(q, keywords=list(q.keywords or keywords)) for q in found]


def select_questions(
    model: CompetencyModel,
    bank: list[Question],
    signals: dict,
    total: int = 6,
    pool: str = "formal",
) -> list[Question]:
    """Deterministic: the same model, bank and signals give the same questions in order.

    A dimension short of questions gives its places to the next heaviest ones.
    """
    signals = signals or {}
    dims = sorted(model.dimensions, key=lambda d: -d.weight)
    counts = allocate([d.weight for d in dims], total)
    total = sum(counts)
    pools = [_candidates(d.name, d.keywords, bank, signals, pool) for d in dims]
    per_dim: list[list[Question]] = [[] for _ in dims]
    seen: set[str] = set()

    def take(i: int) -> bool:
        while pools[i]:
            q = pools[i].pop(0)
            ident = q.key or q.text
            if ident not in seen:
                seen.add(ident)
                per_dim[i].append(q)
                return True
        return False

    for i, count in enumerate(counts):
        for _ in range(count):
            take(i)
    while sum(map(len, per_dim)) < total and any(take(i) for i in range(len(dims))):
        pass
    return [q for group in per_dim for q in group]
