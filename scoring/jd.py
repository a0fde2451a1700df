"""Job description → weighted competency model (3–8 dimensions, integer weights summing to 100).

Two sources of evidence, both from the lexicon in `scoring/lexicon/`: the role named in the
title or text brings its prior weights (产品经理 → 需求分析 35, 项目管理 30, 用户思维 35), and
every competency mentioned in the text (by name, synonym or indicator) adds to its weight.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from scoring.jd_items import COWORKERS, duty_name, split_items
from scoring.text.lexicon import Competency, Role, competencies, find_competency, roles
from scoring.text.tokens import content_words, tokenize
from scoring.types import CompetencyModel, Dimension

MIN_DIMENSIONS, MAX_DIMENSIONS = 3, 8
MIN_WEIGHT = 5
DUTY_POINTS = 20.0  # one responsibility of the JD
MIN_ITEM_MENTIONS = 1.5  # a synonym, or a few indicators
DERIVED_SHARE = 0.8  # a responsibility no competency covers, as a dimension of its own
NEED_POINTS, NEED_CAP = 4.0, 10.0  # requirements ("沟通能力强") per mention, capped per item
PRIOR_SHARE = 0.2  # role defaults only break ties once the JD lists its duties
KEEP_THRESHOLD = 8.0  # below this a competency is noise (a word or two in passing)
DERIVED_STOP = frozenset(
    "负责 工作 相关 进行 完成 开展 做好 协助 参与 定期 及时 公司 部门 各类".split()
)
BOILERPLATE = re.compile(r"(?m)^\s*(招聘|诚聘|急聘|高薪诚聘)|岗位职责|任职要求|职位描述|岗位要求")
KEYWORDS_PER_DIMENSION = 6
KEYWORD_MAX_CHARS = 30  # a longer run of characters is not a keyword (and the API refuses it)
FALLBACK = ("沟通协调", "问题解决", "学习能力", "执行力")
TEAMWORK = "团队协作"


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
    # A synonym counts wherever it appears ("业务培训" names 培训); a shorter synonym inside a
    # longer one found ("护理" in "护理质量") does not count again.
    found_strong = [t for t in strong if t.lower() in lowered]
    for term in found_strong:
        if not any(term != other and term in other for other in found_strong):
            count += 2 * lowered.count(term.lower())
    count += 2 * sum(1 for pattern in comp.patterns if pattern.search(text))
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


def _item_competencies(item: str) -> list[tuple[str, float]]:
    """Competencies a JD item names (synonyms count double), strongest first."""
    body = BOILERPLATE.sub(" ", item)
    tokens = tokenize(body)
    found = [(name, _mentions(tokens, body, comp)) for name, comp in competencies().items()]
    return sorted(((n, m) for n, m in found if m > 0), key=lambda p: (-p[1], p[0]))


def _derived_keywords(item: str) -> list[str]:
    words = [
        w for w in content_words(item) if w not in DERIVED_STOP and len(w) <= KEYWORD_MAX_CHARS
    ]
    return list(dict.fromkeys(words))[:KEYWORDS_PER_DIMENSION]


def parse_jd(text: str, title: str | None = None) -> CompetencyModel:
    """Deterministic: the same text always gives the same model.

    Each responsibility of the JD adds to the competencies it names; a responsibility the
    lexicon does not know becomes a dimension of its own, named from its words. Requirements
    ("沟通能力强") add less. A role family's default weights decide only when the JD lists
    (almost) no responsibilities, e.g. a bare title.
    """
    text = text or ""
    comps = competencies()
    role = detect_role(text, title)
    items = split_items(text)
    scores: dict[str, float] = defaultdict(float)
    derived: dict[str, list[str]] = {}
    claimed: set[str] = set()  # competencies that are already an earlier duty's main one
    for i, item in enumerate(items.duties):
        weight = DUTY_POINTS * (1.0 - 0.08 * min(i, 6))  # a JD lists its core duties first
        named = _item_competencies(item)
        strong = [(n, m) for n, m in named if m >= MIN_ITEM_MENTIONS and m >= 0.25 * named[0][1]]
        name = duty_name(item)
        if COWORKERS.search(item):  # "与设计、视频同事配合完成…": the duty is done as a team
            scores[TEAMWORK] += weight * DERIVED_SHARE
        if strong:
            total = sum(m for _, m in strong[:4])
            for rank, (comp, m) in enumerate(strong[:4]):
                share = weight * (0.5 + 0.5 * m / total)
                if rank == 0 and (_own_duty(name, comp, claimed) or _unnamed(comp, item, name)):
                    # A second duty under the same broad competency (零部件选型 after 结构设计)
                    # is a concept of its own to a reader: it keeps its own words.
                    scores[name] += share
                    derived.setdefault(name, _derived_keywords(item))
                else:
                    scores[comp] += share
            claimed.add(strong[0][0])
            continue
        if len(name) >= 2:
            comp = find_competency(name)
            key = comp.name if comp else name
            scores[key] += weight * DERIVED_SHARE
            if not comp:
                derived.setdefault(key, _derived_keywords(item))
    for item in items.needs:
        for name, m in _item_competencies(item):
            scores[name] += min(NEED_CAP, NEED_POINTS * m)
    prior_rank: dict[str, int] = {}
    if role:
        share = 1.0 if len(items.duties) < 2 else PRIOR_SHARE
        for rank, (name, prior) in enumerate(role.priors):
            scores[name] += prior * share
            prior_rank[name] = rank
    ranked = sorted(
        (name for name, s in scores.items() if s >= KEEP_THRESHOLD),
        key=lambda name: (-scores[name], prior_rank.get(name, 99), name),
    )[:MAX_DIMENSIONS]
    for name in [n for n, _ in role.priors] if role else []:
        if len(ranked) >= MIN_DIMENSIONS:
            break
        if name not in ranked:
            scores[name] = max(scores[name], KEEP_THRESHOLD)
            ranked.append(name)
    for name in FALLBACK:
        if len(ranked) >= MIN_DIMENSIONS:
            break
        if name not in ranked:
            scores[name] = max(scores[name], 10.0)
            ranked.append(name)
    weights = _integer_weights([scores[name] for name in ranked])
    dims = [
        Dimension(
            name if name in derived else _jd_wording(comps[name], text),
            weight,
            derived[name] if name in derived else _keywords(comps[name], text),
        )
        for name, weight in zip(ranked, weights, strict=True)
    ]
    return CompetencyModel(_unique(dims), role.name if role else None)


def _own_duty(name: str, main: str, claimed: set[str]) -> bool:
    """A duty whose main competency an earlier duty already named, told in other words."""
    return main in claimed and 2 <= len(name) <= 8 and main not in name and name not in main


def _unnamed(comp: str, item: str, name: str) -> bool:
    """A duty that only hints at its competency through shared indicator words (跟踪交期 →
    异常处理) reads as what it says: its own words name the dimension. One that shares a word
    with the competency's name (门店日常经营 → 门店经营) stays with it."""
    entry = competencies()[comp]
    named = any(len(w) >= 2 and w in item for w in (comp, *entry.synonyms))
    named = named or any(p.search(item) for p in entry.patterns)
    named = named or any(comp[i : i + 2] in name for i in range(len(comp) - 1))
    return 2 <= len(name) <= 8 and not named and find_competency(name) is None


# A synonym the JD uses is its name for the dimension only when it reads as a competency.
COMPETENCY_SUFFIX = re.compile(
    r"(沟通|管理|质量|设计|分析|运营|控制|核算|审核|检索|研究|调度|辅导|护理)$"
)


def _jd_wording(comp: Competency, text: str) -> str:
    """The competency as this JD words it: its own name if used, else its longest synonym
    that reads as a competency ("护患沟通" for 医患沟通), else the lexicon name."""
    if comp.name in text:
        return comp.name
    used = [s for s in comp.synonyms if len(s) >= 4 and COMPETENCY_SUFFIX.search(s) and s in text]
    if used:
        return max(used, key=len)
    # The JD's own compound of a short synonym: 质量 -> 质量体系.
    short = "|".join(re.escape(s) for s in comp.synonyms if len(s) == 2)
    compound = re.search(rf"(?:{short})(?:体系|标准)", text) if short else None
    return compound.group(0) if compound else comp.name


def _unique(dims: list[Dimension]) -> list[Dimension]:
    seen: set[str] = set()
    out = []
    for d in dims:
        if d.name in seen:
            d = Dimension(f"{d.name}（{len(seen)}）", d.weight, d.keywords)
        seen.add(d.name)
        out.append(d)
    return out


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
