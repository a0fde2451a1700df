"""Near-duplicate answers and client signals (scoring.integrity), as HR would meet them."""

import numpy as np
import pytest

from scoring.integrity import fingerprint as fp
from scoring.integrity.duplicates import confirm, repeated_answers, shared_passages
from scoring.integrity.index import (
    BUCKET_REACH,
    THRESHOLD,
    band_keys,
    candidate_pairs,
    judged,
    near_duplicate_pairs,
)
from scoring.integrity.signals import ClientSignals, signal_flags
from tests.scoring.integrity_set import dev_answers, labelled_pairs

SOURCE = (
    "去年我在一家在线教育公司做产品经理，当时我们的App课程完课率只有35%左右，老板要求我在一个"
    "季度内找到原因并提升完课率。我先拉了近三个月的学习行为数据，发现60%的用户在第二节课就流失了；"
    "接着我约了20位流失用户做电话访谈，发现主要痛点是课程太长、手机上看不完。上线两个月后，"
    "完课率从35%提升到了52%。"
)
SPOKEN_COPY = (
    "嗯去年我在一家在线教育公司做产品经理当时我们app的课程完课率只有百分之三十五左右老板要求我在"
    "一个季度内找到原因并提升完课率我先拉了近三个月的学习行为数据发现百分之六十的用户在第二节课就"
    "流失了接着我约了二十位流失用户做电话访谈发现主要痛点是课程太长手机上看不完"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我提升了35%，ＡＢＣ１２３ Hello!", "我提升了0abc0hello"),
        ("嗯，那个……一个月做了三十五个", "那个一个月做了0个"),
        ("二〇二三年", "0年"),
        ("", ""),
    ],
)
def test_normalise_drops_punctuation_fillers_and_the_figures_value(text, expected):
    assert fp.normalise(text) == expected


def test_signature_estimates_the_exact_similarity():
    answers = [r["answer"] for r in dev_answers() if len(r["answer"]) > 120][:30]
    copies = [
        a[: len(a) // 2] + "我后来换了一份工作，也做产品。" + a[len(a) // 2 + 20 :] for a in answers
    ]
    sigs, copy_sigs = fp.signatures(answers), fp.signatures(copies)
    for a, c, sa, sc in zip(answers, copies, sigs, copy_sigs, strict=True):
        assert abs(fp.jaccard(a, c) - fp.similarity(sa, sc)) < 0.12
    assert fp.similarity(sigs[0], sigs[1]) < THRESHOLD


def test_a_spoken_copy_of_a_typed_answer_is_a_near_duplicate():
    assert fp.jaccard(SOURCE, SPOKEN_COPY) >= THRESHOLD
    assert fp.similarity(fp.signature(SOURCE), fp.signature(SPOKEN_COPY)) >= THRESHOLD


def test_short_answers_are_never_matched():
    sig = fp.signatures(["不知道", "不知道"])
    assert not judged(sig).any()
    assert fp.jaccard("不知道", "不知道") == 0.0


def test_signature_round_trips_through_bytes():
    sig = fp.signature(SOURCE)
    assert len(fp.to_bytes(sig)) == fp.SLOTS * 4
    assert np.array_equal(fp.from_bytes(fp.to_bytes(sig)), sig)


def test_batch_finds_the_planted_copies_and_nothing_else():
    answers = [r["answer"] for r in dev_answers() if len(r["answer"]) >= 60 and r["id"] != "q1a"]
    copy = answers[3].replace("我", "我们", 2).replace("，", "")
    texts = answers + [SOURCE, SPOKEN_COPY, copy]
    pairs, sims = near_duplicate_pairs(fp.signatures(texts))
    found = {tuple(p) for p in pairs.tolist()}
    n = len(answers)
    assert found == {(n, n + 1), (3, n + 2)}
    assert (sims >= THRESHOLD).all()


def test_a_bucket_everyone_shares_does_not_blow_up():
    # 3000 copies of one template: every copy is linked to others, in bounded work.
    sigs = fp.signatures([SOURCE] * 3000)
    pairs = candidate_pairs(band_keys(sigs), judged(sigs))
    assert len(pairs) <= 3000 * BUCKET_REACH
    assert len(np.unique(pairs)) == 3000


@pytest.mark.parametrize(("batch", "precision", "recall"), [("held_out", 0.95, 0.95)])
def test_labelled_held_out_batch_meets_its_floor(batch, precision, recall):
    pairs = labelled_pairs(batch)
    a = fp.signatures([p.a for p in pairs])
    b = fp.signatures([p.b for p in pairs])
    hit = (band_keys(a) == band_keys(b)).any(axis=1) & (fp.similarity(a, b) >= THRESHOLD)
    label = np.array([p.label for p in pairs], dtype=bool)
    assert (hit & label).sum() / hit.sum() >= precision
    assert (hit & label).sum() / label.sum() >= recall


def test_the_same_answer_pasted_into_three_questions_is_three_pairs_with_passages():
    answers = [(1, SOURCE), (2, dev_answers()[20]["answer"]), (3, SPOKEN_COPY), (4, SOURCE)]
    found = repeated_answers(answers)
    assert {(m.ref, m.other) for m in found} == {(3, 1), (4, 1), (4, 3)}
    exact = next(m for m in found if (m.ref, m.other) == (4, 1))
    assert exact.similarity == 1.0
    assert exact.passages[0] in SOURCE and len(exact.passages[0]) >= 30


def test_different_answers_of_one_interview_are_not_repeats():
    records = [r for r in dev_answers() if r["question_index"] < 6 and r["id"].endswith("a")]
    assert repeated_answers([(r["id"], r["answer"]) for r in records]) == []


def test_confirm_keeps_only_real_matches_most_similar_first():
    edited = SOURCE.replace("在线教育", "职业教育").replace("老板", "领导")
    found = confirm(9, SOURCE, [(1, dev_answers()[1]["answer"]), (2, edited), (3, SPOKEN_COPY)])
    assert [m.other for m in found] == [2, 3]
    assert found[0].similarity > found[1].similarity


def test_shared_passages_are_the_candidates_own_words():
    passages = shared_passages(SPOKEN_COPY, SOURCE)
    assert passages and all(p in SPOKEN_COPY for p in passages)


def test_pasted_answer_is_flagged_with_the_numbers():
    flags = signal_flags(300, ClientSignals(typed_chars=12, pasted_chars=288), elapsed_s=90)
    assert [f.kind for f in flags] == ["pasted"]
    assert flags[0].evidence == {"pasted_chars": 288, "typed_chars": 12, "chars": 300}
    assert "288字是粘贴的" in flags[0].message


@pytest.mark.parametrize(
    "signals",
    [
        ClientSignals(typed_chars=280, pasted_chars=20),  # a pasted name or figure
        ClientSignals(background_s=15),  # a glance at a message
        ClientSignals(background_s=25),  # 25 s of a 200 s answer
        ClientSignals(),  # an old client sends nothing
    ],
)
def test_ordinary_answers_raise_no_signal(signals):
    assert signal_flags(300, signals, elapsed_s=200) == []


def test_long_time_in_the_background_is_flagged():
    flags = signal_flags(200, ClientSignals(background_s=60), elapsed_s=120)
    assert [f.kind for f in flags] == ["background"]
    assert flags[0].evidence == {"background_s": 60.0, "elapsed_s": 120.0}
    assert "50%" in flags[0].message


def test_answer_faster_than_anyone_types_is_flagged():
    flags = signal_flags(300, ClientSignals(input="keyboard"), elapsed_s=40)
    assert [f.kind for f in flags] == ["too_fast"]
    assert flags[0].evidence["chars_per_minute"] == 450
    assert signal_flags(300, ClientSignals(input="voice"), elapsed_s=60) == []  # 300 字/分 spoken


def test_recording_longer_than_the_time_since_the_question_is_flagged():
    flags = signal_flags(200, ClientSignals(), elapsed_s=20, recording_s=90)
    assert [f.kind for f in flags] == ["too_fast"]
    assert "录音长90秒" in flags[0].message
    assert signal_flags(200, ClientSignals(), elapsed_s=95, recording_s=90) == []
