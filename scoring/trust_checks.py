"""Issue 14's checks of guards, JD parsing, hints and reports (see `scoring.trust_eval`)."""

from __future__ import annotations

from scoring.hints import hints_for
from scoring.jd import parse_jd
from scoring.jd_guard import check_jd
from scoring.questions import ForbiddenTopicError, check_question_text, questions_for_dimension
from scoring.report import build_report
from scoring.trust_data import (
    ASPECTS,
    FULL_BATCHES,
    LEVEL_DIRECTION,
    SAME_TOPIC,
    Figure,
    _question,
    _score,
    load,
)
from scoring.types import CompetencyModel, Dimension


def question_guard(batch: str) -> list[Figure]:
    refused, missed, false_refusals, legit, unnamed = 0, [], [], 0, []
    total = 0
    for rec in load(f"questions_{batch}.jsonl"):
        try:
            check_question_text(rec["text"])
            error = None
        except ForbiddenTopicError as exc:
            error = exc
        if rec["discriminatory"]:
            total += 1
            want = SAME_TOPIC.get(rec["topic"], rec["topic"])
            got = SAME_TOPIC.get(error.topic, error.topic) if error else None
            if error and got == want:
                refused += 1
                label, rule = getattr(error, "label", ""), getattr(error, "rule", "")
                if not (label and rule and label in str(error) and rule in str(error)):
                    unnamed.append(rec["id"])
            else:
                missed.append(f"{rec['id']}:{rec['text']}->{error.topic if error else '-'}")
        else:
            legit += 1
            if error:
                false_refusals.append(f"{rec['id']}:{rec['text']}->{error.topic}")
    return [
        Figure(
            "question guard: discriminatory refused (right topic)",
            refused / total,
            ">= 0.95",
            refused / total >= 0.95,
            "; ".join(missed[:8]),
        ),
        Figure(
            "question guard: legitimate refused",
            len(false_refusals) / legit,
            "<= 0.05",
            len(false_refusals) / legit <= 0.05,
            "; ".join(false_refusals[:8]),
        ),
        Figure(
            "question guard: refusals naming topic and rule",
            1 - len(unnamed) / max(refused, 1),
            "1.00",
            not unnamed,
        ),
    ]


def jd_guard(batch: str) -> list[Figure]:
    want_codes = found_codes = 0
    clean = clean_warned = 0
    misses = []
    for rec in load(f"jd_guard_{batch}.jsonl"):
        got = {w.code for w in check_jd(rec["text"])}
        if rec["expect_codes"]:
            want_codes += len(rec["expect_codes"])
            found_codes += len(set(rec["expect_codes"]) & got)
            lost = set(rec["expect_codes"]) - got
            if lost:
                misses.append(f"{rec['id']} missed {sorted(lost)}")
        else:
            clean += 1
            if got:
                clean_warned += 1
                misses.append(f"{rec['id']} clean warned {sorted(got)}")
    return [
        Figure(
            "JD guard: discriminatory requirements found",
            found_codes / want_codes,
            ">= 0.95",
            found_codes / want_codes >= 0.95,
            "; ".join(misses[:8]),
        ),
        Figure(
            "JD guard: clean JDs warned",
            clean_warned / clean,
            "<= 0.05",
            clean_warned / clean <= 0.05,
        ),
    ]


def _names_concept(name: str, alternatives: list[str]) -> bool:
    return any(a in name or (len(name) >= 2 and name in a) for a in alternatives)


def _question_fits(dim: Dimension) -> bool:
    question = questions_for_dimension(dim.name, "formal")[0]
    terms = [dim.name, *dim.keywords[:4]]
    return question.dimension == dim.name and any(t and t in question.text for t in terms)


def jd_roles(batch: str) -> list[Figure]:
    concepts = covered = dims = fitting = 0
    missing = []
    for rec in load(f"jd_roles_{batch}.jsonl"):
        model = parse_jd(rec["text"], title=rec["title"])
        names = [d.name for d in model.dimensions]
        for group in rec["concepts"]:
            concepts += 1
            if any(_names_concept(n, group) for n in names):
                covered += 1
            else:
                missing.append(f"{rec['title']}:{group[0]}")
        for dim in model.dimensions:
            dims += 1
            fitting += _question_fits(dim)
    return [
        Figure(
            "JD concept coverage",
            covered / concepts,
            ">= 0.90",
            covered / concepts >= 0.9,
            "missing " + ", ".join(missing[:10]),
        ),
        Figure(
            "JD questions fit their dimension", fitting / dims, ">= 0.90", fitting / dims >= 0.9
        ),
    ]


def hints(batch: str) -> list[Figure]:
    clean = due = due_ok = 0
    wrong = []
    cases = load(f"hints_{batch}.jsonl")
    for rec in cases:
        codes = [
            h.code for h in hints_for(_question(rec), rec["partial"], rec["elapsed_s"], (), False)
        ]
        bad = set(codes) & set(rec["forbid"])
        clean += not bad
        if bad:
            wrong.append(f"{rec['id']}:{sorted(bad)}")
        if rec["expect_any"]:
            due += 1
            hit = bool(set(codes) & set(rec["expect_any"]))
            due_ok += hit
            if not hit:
                wrong.append(f"{rec['id']}: none of {rec['expect_any']} in {codes}")
    return [
        Figure(
            "hints: no wrong hint",
            clean / len(cases),
            "1.00",
            clean == len(cases),
            "; ".join(wrong[:8]),
        ),
        Figure("hints: due hint shown", due_ok / max(due, 1), "1.00", due_ok == due),
    ]


def _pool() -> dict[tuple[str, str], dict]:
    pool = {}
    for name in (
        "../dev_answers.jsonl",
        *(f"{k}_{b}.jsonl" for k in ("answers", "gaming") for b in FULL_BATCHES),
    ):
        for rec in load(name):
            pool[(name, rec["id"])] = rec
    return pool


def _contradictions(strengths: list[str], criticism: list[str], dims: list[str]) -> list[str]:
    """Aspects both praised and criticised. A dimension's name counts as its own aspect, and
    is removed before looking for the others ("数据分析表现突出" does not praise figures)."""
    found = [d for d in dims if any(d in s for s in strengths) and any(d in c for c in criticism)]

    def strip(text: str) -> str:
        for d in dims:
            text = text.replace(d, "")
        return text

    for aspect, pattern in ASPECTS.items():
        praised = any(pattern.search(strip(s)) for s in strengths)
        if praised and any(pattern.search(strip(c)) for c in criticism):
            found.append(aspect)
    return found


def reports(batch: str) -> list[Figure]:
    pool = _pool()
    cases = load(f"reports_{batch}.jsonl")
    contradicted, disagreeing, notes = 0, 0, []
    for case in cases:
        recs = [pool[(a["file"], a["id"])] for a in case["answers"]]
        scored = [(_question(r), _score(r, r["answer"])) for r in recs]
        dims = list(dict.fromkeys(q.dimension for q, _ in scored))
        weights = [100 // len(dims)] * len(dims)
        weights[0] += 100 - sum(weights)
        model = CompetencyModel([Dimension(d, w) for d, w in zip(dims, weights, strict=True)])
        report = build_report(model, scored, tuple(case["thresholds"]))
        view = report.candidate_view()
        clash = _contradictions(view["strengths"], view["improvements"] + view["advice"], dims)
        if clash:
            contradicted += 1
            notes.append(f"{case['id']}:{clash}")
        if LEVEL_DIRECTION[view["overall_level"]] != report.recommendation:
            disagreeing += 1
            notes.append(
                f"{case['id']}:{view['overall_level']}/{report.recommendation}/{report.overall}"
            )
    n = len(cases)
    return [
        Figure(
            "reports without contradiction",
            1 - contradicted / n,
            "1.00",
            not contradicted,
            "; ".join(notes[:6]),
        ),
        Figure(
            "candidate level agrees with HR recommendation",
            1 - disagreeing / n,
            "1.00",
            not disagreeing,
        ),
    ]
