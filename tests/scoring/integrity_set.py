"""The labelled near-duplicate set: copies of an answer (label 1) against different answers to
the same question (label 0), split by question into a tuning batch and a held-out batch.

Sources:
- `tests/data/dev_answers.jsonl`: 190 answers to 28 questions; two different answers to the
  same question are a negative pair (they share the question's wording, and often its outline);
- `tests/data/integrity/handmade.jsonl`: 27 copies of dev answers edited by hand as a candidate
  who copied a shared answer would (names and figures changed, retold as a spoken transcript,
  reworded, or half copied), written before any threshold was chosen;
- `tests/data/integrity/hard_negatives.jsonl`: 12 new answers that restate the question and use
  the same outline words as the dev answers, but tell another story;
- seeded machine edits of every dev answer long enough to copy (`edited_copies`).

Questions with an even index in the dev set form the tuning batch, odd ones the held-out batch.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
MIN_SOURCE_CHARS = 80  # shorter answers ("不知道…") are not worth copying

SYNONYMS = {
    "提升": "提高",
    "提高": "提升",
    "客户": "顾客",
    "用户": "客户",
    "负责": "主导",
    "分析": "研究",
    "发现": "看到",
    "然后": "接着",
    "接着": "随后",
    "最终": "最后",
    "最后": "最终",
    "公司": "单位",
    "领导": "上级",
    "老板": "领导",
    "问题": "难题",
    "方案": "计划",
    "数据": "数字",
    "同事": "伙伴",
    "目标": "指标",
    "沟通": "交流",
    "完成": "做完",
    "了解": "摸清",
    "整理": "梳理",
    "当时": "那时候",
    "去年": "前年",
}
FILLERS = ("嗯", "然后", "就是", "那个", "呃")
HOMOPHONES = {"的": "得", "在": "再", "做": "作", "已": "以", "里": "理", "到": "道", "是": "事"}
OWN_SENTENCES = (
    "这件事让我学到了很多。",
    "这也是我印象最深的一次经历。",
    "后来我把这个经验分享给了团队。",
    "总的来说结果还是不错的。",
)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    label: int  # 1: b is a copy of a; 0: different answers
    kind: str
    question: int


def dev_answers() -> list[dict]:
    lines = (DATA / "dev_answers.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    order = list(dict.fromkeys(r["question"] for r in records))
    for r in records:
        r["question_index"] = order.index(r["question"])
    return records


def _jsonl(name: str) -> list[dict]:
    lines = (DATA / "integrity" / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？；])", text) if s]


def edit(text: str, rng: random.Random, strength: int) -> str:
    """A copy as a candidate might hand it in: `strength` edits drawn from what copiers do."""
    ops = ["numbers", "synonyms", "drop", "swap", "spoken", "append", "typos"]
    for op in rng.sample(ops, k=min(strength, len(ops))):
        if op == "numbers":
            text = re.sub(r"\d+", lambda m: str(rng.randint(2, 99)), text)
        elif op == "synonyms":
            words = [w for w in SYNONYMS if w in text]
            for w in rng.sample(words, k=min(len(words), 4)):
                text = text.replace(w, SYNONYMS[w], 1)
        elif op == "drop":
            sentences = _sentences(text)
            if len(sentences) >= 4:
                del sentences[rng.randrange(1, len(sentences))]
                text = "".join(sentences)
        elif op == "swap":
            sentences = _sentences(text)
            if len(sentences) >= 3:
                i = rng.randrange(len(sentences) - 1)
                sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
                text = "".join(sentences)
        elif op == "spoken":
            parts = re.split(r"[，。；：、！？,.]", text)
            text = "".join(p + (rng.choice(FILLERS) if rng.random() < 0.3 else "") for p in parts)
        elif op == "append":
            text += rng.choice(OWN_SENTENCES)
        elif op == "typos":
            chars = list(text)
            for i, ch in enumerate(chars):
                if ch in HOMOPHONES and rng.random() < 0.3:
                    chars[i] = HOMOPHONES[ch]
            text = "".join(chars)
    return text


def edited_copies(records: list[dict], seed: int = 17) -> list[Pair]:
    rng = random.Random(seed)
    pairs = []
    for r in records:
        if len(r["answer"]) < MIN_SOURCE_CHARS:
            continue
        for strength in (1, 2, 3):
            pairs.append(
                Pair(
                    r["answer"],
                    edit(r["answer"], rng, strength),
                    1,
                    f"edit{strength}",
                    r["question_index"],
                )
            )
    return pairs


def labelled_pairs(batch: str) -> list[Pair]:
    """All pairs of one batch ("tune" or "held_out")."""
    parity = {"tune": 0, "held_out": 1}[batch]
    records = dev_answers()
    by_id = {r["id"]: r for r in records}
    pairs: list[Pair] = []
    for item in _jsonl("handmade.jsonl"):
        source = by_id[item["source"]]
        pairs.append(
            Pair(source["answer"], item["text"], 1, item["kind"], source["question_index"])
        )
    copies = edited_copies(records)
    pairs += copies
    by_question: dict[int, list[str]] = {}
    for r in records:
        by_question.setdefault(r["question_index"], []).append(r["answer"])
    for q, answers in by_question.items():
        pairs += [Pair(a, b, 0, "same_question", q) for a, b in itertools.combinations(answers, 2)]
    for item in _jsonl("hard_negatives.jsonl"):
        q = item["question_index"]
        pairs += [Pair(a, item["text"], 0, "hard_negative", q) for a in by_question[q]]
    # A copy of one answer is still a different answer from every other answer to the question.
    for copy in copies[::3]:
        pairs += [
            Pair(other, copy.b, 0, "copy_vs_other", copy.question)
            for other in by_question[copy.question]
            if other != copy.a
        ]
    return [p for p in pairs if p.question % 2 == parity]
