"""Is an answer about what the question asks? Topic words, and the competency a story shows.

Two measures, both from the lexicon (`scoring/lexicon/`):

- `topic_hits`: distinct terms of the question (its words, HR's keywords, the indicators of its
  competency, each with its synonym group) that the answer uses. Words that many competencies
  share (团队, 目标, 客户…) are "generic": they show the answer is about work, not about this
  question, so `specific` counts only the others.
- `competency_profile`: for every competency, the distinct indicators and synonyms the answer
  uses. A story whose profile is dominated by another competency, while it hits no specific
  term of the question, answers a different question (`off_competency` in `gaming.py`).

Used by the scorer and by follow-up question generation (what the answer did not cover).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from scoring.text.lexicon import competencies, entity_words, expand, find_competency
from scoring.text.tokens import search_words
from scoring.types import Question

# Question boilerplate that says nothing about the topic.
QUESTION_STOP = frozenset(
    "推动 改进 意见 最终 保证 提升 某个 如何 发现 真实 负责 紧张 经历 一次 一个 例子 情况 结果 "
    "做法 任务 背景 具体 过程 时候 当时 工作 最终结果 处理 完成 取得 遇到 最有 有挑战 挑战".split()
)
GENERIC_SHARE = 4  # a term listed by this many competencies or more is generic
GENERIC_WORDS = frozenset(
    "团队 目标 客户 用户 项目 时间 问题 公司 部门 同事 领导 工作 数据 方案 计划 成果 效果 完成 "
    "沟通 分析 推进 跟进 改进 优化 提升 效率 结果 活动 资源 按时 配合 支持 调整 解决".split()
)


@dataclass(frozen=True)
class TopicHits:
    keywords: list[str]  # HR keywords and competency indicators found (for evidence)
    count: int  # distinct on-topic terms found
    specific: int  # of those, terms that are not generic work words
    concept: int  # of those, terms that name what is asked, not who or where (学生, 客户…)
    missing: list[str]  # HR keywords not found (what a follow-up question could ask about)


@cache
def _generic_terms() -> frozenset[str]:
    listed: dict[str, int] = {}
    for comp in competencies().values():
        for term in {*comp.indicators, *comp.synonyms}:
            listed[term] = listed.get(term, 0) + 1
    return GENERIC_WORDS | {t for t, n in listed.items() if n >= GENERIC_SHARE}


@lru_cache(maxsize=512)
def _topic_terms(
    text: str, dimension: str, keywords: tuple[str, ...]
) -> tuple[tuple[str, frozenset[str], bool, bool, bool], ...]:
    """(label, spellings, is_indicator, is_generic, is_entity) for every term of the topic."""
    terms: dict[str, tuple[frozenset[str], bool]] = {}
    comp = find_competency(dimension)
    indicators = list(keywords) + (list(comp.indicators) + list(comp.synonyms) if comp else [])
    for word in indicators:
        terms.setdefault(word, (expand(word), True))
    for word in search_words(text):
        if word not in QUESTION_STOP:
            terms.setdefault(word, (expand(word), False))
    # The question's own words are never generic for it ("目标" in "接到一个目标后…").
    generic = _generic_terms() - set(search_words(text))
    entities = entity_words()
    return tuple(
        (
            label,
            frozenset(v.lower() for v in variants if len(v) >= 2),
            ind,
            label in generic,
            label in entities,
        )
        for label, (variants, ind) in terms.items()
    )


def topic_hits(question: Question, text: str) -> TopicHits:
    """Terms of the question and its competency found in the answer (as text, any synonym)."""
    found: list[str] = []
    count = specific = concept = 0
    lowered = text.lower()
    for label, variants, is_indicator, is_generic, is_entity in _topic_terms(
        question.text, question.dimension, tuple(question.keywords)
    ):
        # Variants are jieba words of the question and the lexicon, found in the answer as
        # text: matching whole jieba words of the answer changed no count and halved speed.
        if any(v in lowered for v in variants):
            count += 1
            specific += not is_generic
            concept += not is_generic and not is_entity
            if is_indicator:
                found.append(label)
    missing = [k for k in question.keywords if k not in found]
    return TopicHits(found, count, specific, concept, missing)


@cache
def _competency_terms() -> dict[str, frozenset[str]]:
    generic = _generic_terms() | entity_words()
    out = {}
    for comp in competencies().values():
        words = {v for w in (comp.name, *comp.synonyms, *comp.indicators) for v in expand(w)}
        out[comp.name] = frozenset(w.lower() for w in words - generic if len(w) >= 2)
    return out


@cache
def _term_owners() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each distinct term once, with the competencies that list it (one pass per answer)."""
    owners: dict[str, list[str]] = {}
    for name, words in _competency_terms().items():
        for word in words:
            owners.setdefault(word, []).append(name)
    return tuple((word, tuple(names)) for word, names in owners.items())


def competency_profile(text: str) -> dict[str, int]:
    """Distinct specific lexicon terms of each competency that the answer uses (0 omitted)."""
    lowered = text.lower()
    profile: dict[str, int] = {}
    for word, names in _term_owners():
        if word in lowered:
            for name in names:
                profile[name] = profile.get(name, 0) + 1
    return profile


@lru_cache(maxsize=512)
def question_competencies(text: str, dimension: str) -> frozenset[str]:
    """The competency the question is filed under, plus those its own wording names."""
    names = set()
    comp = find_competency(dimension)
    if comp:
        names.add(comp.name)
    for name, n in competency_profile(text).items():
        if n >= 1:
            names.add(name)
    return frozenset(names)
