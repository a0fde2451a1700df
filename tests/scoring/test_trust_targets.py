"""Issue 14's targets on the held-out adversarial sets (tests/data/trust/*_heldout*.jsonl).

These batches were written in a separate sitting and not tuned on; a change that drops one of
their figures below target (or below a known shortfall's floor) fails here.
`python -m scoring.evaluate --trust` prints the same figures for every batch.
"""

import pytest

from scoring import trust_eval

CHECKS = {check.__name__: check for check in trust_eval.CHECKS}
# Figures still below target when this was written (see tests/data/trust/README.md): they
# must not drop further; raise the floor, or delete the line, when they improve. heldout2 was
# written after the first held-out batch had been looked at, and was never tuned on.
KNOWN_SHORTFALLS = {
    "heldout": {
        "gaming off_competency: <= weak honest and flagged": 0.625,
        "JD concept coverage": 0.83,
    },
    "heldout2": {
        "gaming off_competency: <= weak honest and flagged": 0.33,
        "JD concept coverage": 0.65,
        "hints: due hint shown": 0.92,
    },
}
HELD_OUT = tuple(KNOWN_SHORTFALLS)


# heldout2 has only the sets of the kinds that were still weak.
PARAMS = [
    (batch, name)
    for batch in HELD_OUT
    for name in sorted(CHECKS)
    if trust_eval.has_set(f"{trust_eval.SETS[name]}_{batch}.jsonl")
]


@pytest.fixture(scope="module", params=PARAMS, ids=str)
def figures(request):
    batch, name = request.param
    return batch, name, CHECKS[name](batch)


def test_heldout_figures_meet_their_targets(figures):
    batch, name, found = figures
    floors = KNOWN_SHORTFALLS[batch]
    missed = [
        f"{f.name}: {f.value:.3f} (target {f.target}) {f.detail}"
        for f in found
        if not f.ok and not (f.name in floors and f.value >= floors[f.name])
    ]
    assert not missed, f"{batch} {name}: " + "; ".join(missed)


def test_heldout2_has_the_three_weak_kinds():
    figures = {f.name for f in trust_eval.run("heldout2")}
    assert set(KNOWN_SHORTFALLS["heldout2"]) <= figures


def test_every_set_has_both_batches():
    for kind in (
        "gaming",
        "language",
        "invariance",
        "answers",
        "questions",
        "jd_guard",
        "jd_roles",
        "hints",
        "reports",
    ):
        for batch in trust_eval.FULL_BATCHES:
            assert trust_eval.load(f"{kind}_{batch}.jsonl"), (kind, batch)


def test_evaluate_cli_prints_every_target_for_every_batch(capsys):
    from scoring.evaluate import main

    main(["--trust"])
    out = capsys.readouterr().out
    assert "== tune batch ==" in out and "== heldout batch ==" in out
    assert "== heldout2 batch ==" in out
    for words in (
        "gaming keyword_list",
        "invariance",
        "spearman",
        "STAR F1 result",
        "question guard",
        "JD guard",
        "JD concept coverage",
        "hints",
        "reports",
    ):
        assert out.count(words) >= 2, words
