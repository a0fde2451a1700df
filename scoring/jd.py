"""Job description → weighted competency model (3–8 dimensions, integer weights summing to 100).

Two sources of evidence, both from the lexicon in `scoring/lexicon/`: the role named in the
title or text brings its prior weights (产品经理 → 需求分析 35, 项目管理 30, 用户思维 35), and
every competency mentioned in the text (by name, synonym or indicator) adds to its weight.
"""

from __future__ import annotations

import re
from functools import cache

from scoring.text.lexicon import Competency, Role, competencies, roles
from scoring.text.tokens import tokenize
from scoring.types import CompetencyModel, Dimension

MIN_DIMENSIONS, MAX_DIMENSIONS = 3, 8
MIN_WEIGHT = 5
MENTION_POINTS = 4.0  # per weighted mention; a prior of 35 equals about nine mentions
MENTION_CAP = 40.0
KEEP_THRESHOLD = 12.0  # below this a competency is noise (a word or two in passing)
BOILERPLATE = re.compile(r"(?m)^\s*(招聘|诚聘|急聘|高薪诚聘)|岗位职责|任职要求|职位描述|岗位要求")
KEYWORDS_PER_DIMENSION = 6
FALLBACK = ("沟通协调", "问题解决", "学习能力", "执行力")


def detect_role(text: str, title: str | None = None) -> Role | None:
    """The role whose aliases best match; longer aliases win (项目经理 before 经理)."""
    sources = [(title or "", 5.0)]
    lines = text.strip().splitlines()
    if lines:
        sources.append((lines[0], 3.0))
    sources.append((text, 1.0))
    aliases = sorted(
        ((alias, role) for role in roles() for alias in role.aliases), key=lambda p: -len(p[0])
    )
    scores: dict[str, float] = {}
    for source, weight in sources:
        rest = source
        for alias, role in aliases:
            count = rest.count(alias)
            if count:
                scores[role.name] = scores.get(role.name, 0.0) + weight * count * len(alias)
                rest = rest.replace(alias, "\0")
    if not scores:
        return None
    best = max(scores.items(), key=lambda kv: kv[1])[0]
    return next(r for r in roles() if r.name == best)


@cache
def _indicator_share() -> dict[str, float]:
    """An indicator listed by k competencies counts 1/k (客户 says little on its own)."""
    listed: dict[str, int] = {}
    for comp in competencies().values():
        for term in comp.indicators:
            listed[term] = listed.get(term, 0) + 1
    return {term: 1.0 / k for term, k in listed.items()}


def _mentions(tokens: tuple[str, ...], text: str, comp: Competency) -> float:
    lowered = text.lower()
    strong = {comp.name, *comp.synonyms}
    share = _indicator_share()
    count = 0.0
    for term in strong:
        # ASCII terms (SQL, Java) are matched as substrings; Chinese ones as whole tokens.
        count += 2 * (lowered.count(term.lower()) if term.isascii() else tokens.count(term))
    for term in comp.indicators:
        if term not in strong:
            found = lowered.count(term.lower()) if term.isascii() else tokens.count(term)
            count += found * share.get(term, 1.0)
    return count


def _integer_weights(scores: list[float]) -> list[int]:
    """Largest-remainder rounding to integers summing to 100, each at least MIN_WEIGHT."""
    n = len(scores)
    total = sum(scores) or 1.0
    spare = 100 - MIN_WEIGHT * n
    raw = [spare * s / total for s in scores]
    weights = [MIN_WEIGHT + int(r) for r in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[: 100 - sum(weights)]:
        weights[i] += 1
    return weights


def _keywords(comp: Competency, text: str) -> list[str]:
    found = [k for k in comp.indicators if k.lower() in text.lower()]
    found.sort(key=lambda k: text.lower().find(k.lower()))
    rest = [k for k in comp.indicators if k not in found]
    return (found + rest)[:KEYWORDS_PER_DIMENSION]


def parse_jd(text: str, title: str | None = None) -> CompetencyModel:
    """Deterministic: the same text always gives the same model."""
    text = text or ""
    comps = competencies()
    role = detect_role(text, title)
    scores: dict[str, float] = {name: 0.0 for name in comps}
    prior_rank: dict[str, int] = {}
    if role:
        for rank, (name, prior) in enumerate(role.priors):
            scores[name] += float(prior)
            prior_rank[name] = rank
    body = BOILERPLATE.sub(" ", text)
    tokens = tokenize(body)
    for name, comp in comps.items():
        scores[name] += min(MENTION_CAP, MENTION_POINTS * _mentions(tokens, body, comp))
    ranked = sorted(
        (name for name, s in scores.items() if s >= KEEP_THRESHOLD),
        key=lambda name: (-scores[name], prior_rank.get(name, 99), name),
    )[:MAX_DIMENSIONS]
    for name in FALLBACK:
        if len(ranked) >= MIN_DIMENSIONS:
            break
        if name not in ranked:
            scores[name] = max(scores[name], 10.0)
            ranked.append(name)
    weights = _integer_weights([scores[name] for name in ranked])
    dims = [
        Dimension(name, weight, _keywords(comps[name], text))
        for name, weight in zip(ranked, weights, strict=True)
    ]
    return CompetencyModel(dims, role.name if role else None)


def validate_model(model: CompetencyModel) -> None:
    """Check an HR-edited model; ValueError (message in Chinese) says what to fix."""
    dims = model.dimensions
    if not MIN_DIMENSIONS <= len(dims) <= MAX_DIMENSIONS:
        raise ValueError(f"能力维度需要{MIN_DIMENSIONS}到{MAX_DIMENSIONS}个，当前为{len(dims)}个。")
    names = [d.name.strip() for d in dims]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise ValueError("能力维度名称不能为空，也不能重复。")
    if any(
        isinstance(d.weight, bool) or not isinstance(d.weight, int) or d.weight <= 0 for d in dims
    ):
        raise ValueError("每个维度的权重必须是正整数。")
    total = sum(d.weight for d in dims)
    if total != 100:
        raise ValueError(f"各维度权重之和必须为100，当前为{total}。")
