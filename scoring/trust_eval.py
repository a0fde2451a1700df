"""`python -m scoring.evaluate --trust [tune|heldout|heldout2]`: every target of issue 14.

The labelled sets live in `tests/data/trust/` (see its README). Each check returns the figure,
its target and whether it is met, so the same numbers are printed here and asserted in tests.
"""

from __future__ import annotations

from collections import defaultdict

from scoring.evaluate import evaluate
from scoring.trust_checks import hints, jd_guard, jd_roles, question_guard, reports
from scoring.trust_data import BATCHES, FULL_BATCHES, GAMING_KINDS, Figure, _score, has_set, load
from scoring.types import STAR_PARTS

__all__ = [
    "BATCHES",
    "CHECKS",
    "FULL_BATCHES",
    "SETS",
    "Figure",
    "has_set",
    "load",
    "print_figures",
    "run",
]


def gaming(batch: str) -> list[Figure]:
    groups: dict[str, dict[str, dict]] = defaultdict(dict)
    for rec in load(f"gaming_{batch}.jsonl"):
        groups[rec["group"]][rec["kind"]] = rec
    per_kind: dict[str, list[bool]] = defaultdict(list)
    misses: dict[str, list[str]] = defaultdict(list)
    false_flags = honest = 0
    for group in groups.values():
        weak = _score(group["weak_honest"], group["weak_honest"]["answer"]).score
        for kind, rec in group.items():
            result = _score(rec, rec["answer"])
            if kind in GAMING_KINDS:
                ok = result.score <= weak and rec["expect_flag"] in result.flags
                per_kind[kind].append(ok)
                if not ok:
                    misses[kind].append(f"{rec['id']}={result.score}/{weak} {result.flags}")
            else:
                honest += 1
                false_flags += bool(set(result.flags) & GAMING_FLAGS)
    figures = [
        Figure(
            f"gaming {kind}: <= weak honest and flagged",
            sum(v) / len(v),
            "1.00",
            all(v),
            "; ".join(misses[kind][:6]),
        )
        for kind, v in per_kind.items()
    ]
    figures.append(
        Figure("gaming flags on honest answers", false_flags / honest, "0.00", not false_flags)
    )
    return figures


GAMING_FLAGS = frozenset(
    ("keyword_list", "off_competency", "implausible_figures", "no_personal_action")
)


def language(batch: str) -> list[Figure]:
    deltas: dict[str, list[float]] = defaultdict(list)
    worst: dict[str, str] = {}
    for rec in load(f"language_{batch}.jsonl"):
        a = _score(rec, rec["standard"]).score
        b = _score(rec, rec["variant"]).score
        d = abs(a - b)
        deltas[rec["kind"]].append(d)
        if d > rec["max_delta"]:
            worst[rec["kind"]] = worst.get(rec["kind"], "") + f" {rec['id']}:{a}->{b}"
    return [
        Figure(
            f"language {kind}: |delta| <= 10",
            sum(d <= 10 for d in v) / len(v),
            "1.00",
            all(d <= 10 for d in v),
            f"max {max(v):.1f}" + (f";{worst[kind]}" if kind in worst else ""),
        )
        for kind, v in deltas.items()
    ]


def invariance(batch: str) -> list[Figure]:
    deltas: dict[str, list[float]] = defaultdict(list)
    for rec in load(f"invariance_{batch}.jsonl"):
        d = abs(_score(rec, rec["a"]).score - _score(rec, rec["b"]).score)
        deltas[rec["kind"]].append(d)
    flat = [d for v in deltas.values() for d in v]
    share = sum(d <= 2 for d in flat) / len(flat)
    detail = ", ".join(f"{k} max {max(v):.1f}" for k, v in deltas.items())
    return [
        Figure(
            f"invariance: |delta| <= 2 ({len(flat)} pairs)", share, ">= 0.99", share >= 0.99, detail
        )
    ]


def agreement(batch: str) -> list[Figure]:
    records = load(f"answers_{batch}.jsonl")
    if batch == "tune":
        records = load("../dev_answers.jsonl") + records
    result = evaluate(records)
    figures = [
        Figure(f"spearman ({result.n} answers)", result.spearman, ">= 0.90", result.spearman >= 0.9)
    ]
    for part in STAR_PARTS:
        f1 = result.star[part]["f1"]
        figures.append(Figure(f"STAR F1 {part}", f1, ">= 0.90", f1 >= 0.9))
    rated = records + [
        dict(r, star=dict.fromkeys(STAR_PARTS, False)) for r in load(f"gaming_{batch}.jsonl")
    ]
    combined = evaluate(rated).spearman
    figures.append(Figure("spearman incl. gaming answers (info)", combined, "info", True))
    return figures


CHECKS = (
    gaming,
    language,
    invariance,
    agreement,
    question_guard,
    jd_guard,
    jd_roles,
    hints,
    reports,
)


# The set each check reads; a batch without that set (heldout2) skips the check.
SETS = {
    "gaming": "gaming",
    "language": "language",
    "invariance": "invariance",
    "agreement": "answers",
    "question_guard": "questions",
    "jd_guard": "jd_guard",
    "jd_roles": "jd_roles",
    "hints": "hints",
    "reports": "reports",
}


def run(batch: str) -> list[Figure]:
    figures = []
    for check in CHECKS:
        if has_set(f"{SETS[check.__name__]}_{batch}.jsonl"):
            figures.extend(check(batch))
    return figures


def print_figures(batches: tuple[str, ...], out) -> bool:
    ok = True
    for batch in batches:
        out.write(f"\n== {batch} batch ==\n")
        for f in run(batch):
            ok = ok and f.ok
            mark = "ok  " if f.ok else "MISS"
            out.write(f"{mark} {f.name:<55}{f.value:>7.3f}  (target {f.target})")
            out.write(f"  {f.detail[:300]}\n" if f.detail else "\n")
    return ok
