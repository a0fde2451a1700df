"""The competency lexicon: data files under `scoring/lexicon/`, loaded once and cached.

HR tunes these files (see `scoring/lexicon/README.md`); nothing here hard-codes a competency.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"


@dataclass(frozen=True)
class Competency:
    name: str
    synonyms: tuple[str, ...]
    indicators: tuple[str, ...]
    # regular expressions that name it in a JD as a synonym would ("管理…团队")
    patterns: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Role:
    name: str
    aliases: tuple[str, ...]
    priors: tuple[tuple[str, int], ...]


def _load(name: str) -> dict:
    with (LEXICON_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def competencies() -> dict[str, Competency]:
    data = _load("competencies.json")["competencies"]
    return {
        name: Competency(
            name,
            tuple(v.get("synonyms", ())),
            tuple(v.get("indicators", ())),
            tuple(re.compile(p) for p in v.get("patterns", ())),
        )
        for name, v in data.items()
    }


@cache
def roles() -> tuple[Role, ...]:
    data = _load("roles.json")["roles"]
    return tuple(
        Role(name, tuple(v.get("aliases", ())), tuple(v.get("priors", {}).items()))
        for name, v in data.items()
    )


@cache
def synonym_index() -> dict[str, frozenset[str]]:
    """Word → every word interchangeable with it (itself included)."""
    index: dict[str, set[str]] = {}
    for group in _load("synonyms.json")["groups"]:
        words = set(group)
        for word in group:
            index.setdefault(word, set()).update(words)
    return {word: frozenset(words) for word, words in index.items()}


@cache
def entity_words() -> frozenset[str]:
    """Words naming people, places or organisations (synonyms.json "entities")."""
    return frozenset(_load("synonyms.json").get("entities", ()))


def expand(word: str) -> frozenset[str]:
    return synonym_index().get(word, frozenset((word,)))


def find_competency(name: str) -> Competency | None:
    """The lexicon entry for a dimension name, also when HR used a synonym of it."""
    comps = competencies()
    if name in comps:
        return comps[name]
    for comp in comps.values():
        if name in comp.synonyms or any(s and s in name for s in comp.synonyms if len(s) >= 2):
            return comp
    return None


@cache
def all_terms() -> tuple[str, ...]:
    """Every multi-character lexicon term, so jieba keeps them as one token."""
    terms: set[str] = set()
    for comp in competencies().values():
        terms.add(comp.name)
        terms.update(comp.synonyms)
        terms.update(comp.indicators)
    for role in roles():
        terms.update(role.aliases)
    for words in synonym_index().values():
        terms.update(words)
    return tuple(sorted(t for t in terms if len(t) >= 2))
