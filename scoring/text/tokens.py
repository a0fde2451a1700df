"""Tokenising and sentence splitting; jieba loads lazily, once per process."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from scoring.text.lexicon import all_terms

log = logging.getLogger(__name__)

_lock = threading.Lock()
_ready = False

SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
CLAUSE_SEP = re.compile(r"[，,：:、]|……|\.\.\.|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# Speech transcripts often come without punctuation: long runs are cut before discourse
# markers and before a new "我" so that clauses keep their STAR roles apart.
DISCOURSE = re.compile(
    r"(?=(?:然后|接着|随后|后来|最后|最终|结果|首先|其次|于是|所以|但是|同时|之后|(?<![让给被和跟与对向帮])我))"
)
LONG_RUN = 30
# Words that carry no topic: question boilerplate, pronouns, particles.
STOPWORDS = frozenset(
    "请 你 我 我们 他 她 它 他们 的 了 是 在 和 与 及 或 也 都 就 还 又 把 被 让 给 对 从 到 为 "
    "一个 一次 一下 这个 那个 这 那 吗 呢 吧 啊 嗯 哦 如何 怎么 怎样 什么 哪些 哪个 是否 "
    "讲 讲讲 说 说说 谈谈 分享 描述 举例 例子 举个 经历 一段 请讲 当时 最终 你的 自己 具体 "
    "如果 因为 所以 但是 然后 以及 并 并且 而 时 中 上 下 里 后 前 过 会 能 要 可以 有 没有 "
    "做 进行 通过 情况 时候 方面 问题 说明 介绍 最 很 比较 非常 某个 曾经".split()
)


def _ensure_jieba():
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                for term in all_terms():
                    jieba.add_word(term, freq=2000)
                jieba.initialize()
                _ready = True
    return jieba


def warm_up() -> None:
    """Load jieba's dictionary and POS tags now (workers call this before serving)."""
    _ensure_jieba()
    import jieba.posseg

    jieba.posseg.lcut("预热", HMM=False)


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[str, ...]:
    """Word tokens of `text` (HMM off: deterministic and faster; lexicon words are added)."""
    jieba = _ensure_jieba()
    return tuple(t for t in jieba.lcut(text, HMM=False) if t.strip())


def word_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, jieba dictionary POS tag) by longest dictionary match; "x" when unknown."""
    return tuple(lead_words(text, len(text)))


def content_words(text: str) -> tuple[str, ...]:
    """Tokens that can carry topic: two or more characters, not a stopword."""
    return tuple(t for t in tokenize(text) if len(t) >= 2 and t not in STOPWORDS)


def search_words(text: str) -> tuple[str, ...]:
    """Content words plus their parts ("用户调研" → 用户, 调研), for matching question topics."""
    jieba = _ensure_jieba()
    words = dict.fromkeys(
        t for t in jieba.lcut_for_search(text, HMM=False) if len(t) >= 2 and t not in STOPWORDS
    )
    return tuple(words)


def split_sentences(text: str) -> list[str]:
    sentences = []
    for sentence in SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if len(sentence) > LONG_RUN and not re.search(r"[，,；;]", sentence):
            sentences.extend(split_clauses(sentence))
        else:
            sentences.append(sentence)
    return sentences


def split_clauses(sentence: str) -> list[str]:
    clauses = []
    for clause in CLAUSE_SEP.split(sentence):
        clause = clause.strip()
        if len(clause) > LONG_RUN:
            clauses.extend(p.strip() for p in DISCOURSE.split(clause) if p.strip())
        elif clause:
            clauses.append(clause)
    return clauses


_LEAD_SKIP = ("f", "t", "d", "c", "u", "y", "e")  # 之后, 今年, 就, 而且, 的, 吧, 嗯


_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%]*")


def lead_words(text: str, limit: int = 10):
    """(word, POS tag) from the start of `text` by longest dictionary match.

    Enough to find a clause's subject, and far cheaper than a full jieba cut: this runs for
    every clause of every answer and of every live hint."""
    _ensure_jieba()
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    i, end = 0, min(len(text), limit)
    while i < end:
        latin = _LATIN_RUN.match(text, i)
        if latin:
            yield latin.group(0), "eng"
            i = latin.end()
            continue
        for size in (4, 3, 2, 1):
            word = text[i : i + size]
            if len(word) == size and (size == 1 or word in tags):
                yield word, tags.get(word, "x")
                i += size
                break


def told_of_someone_else(clause: str) -> bool:
    """Whether a clause's subject is a third party (客户选了…, 订单多了…) rather than the
    speaker or an omitted subject (提交给了经理 = the speaker acted). Uses jieba's POS tags."""
    for word, flag in lead_words(clause):  # the subject comes first
        if flag.startswith(_LEAD_SKIP) or not word.strip():
            continue
        if word in ("我", "我们", "自己"):
            return False
        return flag.startswith(("n", "r"))
    return False
