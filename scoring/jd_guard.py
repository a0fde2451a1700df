"""Discriminatory requirements in a job description: age limits, sex, marriage and children,
hukou and region, height and looks, health status (乙肝…), ethnicity, religion.

The patterns are data (`scoring/lexicon/jd_requirements.json`); lawful look-alikes such as
"年满18周岁", "男女不限", "持健康证" or "母婴产品" are exceptions checked in the same clause.
`python -m scoring jd` lists the warnings, and the admin API refuses to create such a job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from scoring.guard import guard_text
from scoring.text.lexicon import LEXICON_DIR

_CLAUSE = re.compile(r"[^，,。；;\n！!？?]+")


@dataclass(frozen=True)
class JdWarning:
    code: str  # age, gender, marital_status, childbearing, hukou, region, appearance, …
    text: str  # the words found in the JD
    label: str  # what kind of requirement, in Chinese
    rule: str  # the laws it breaks

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text, "label": self.label, "rule": self.rule}


@dataclass(frozen=True)
class _Code:
    code: str
    label: str
    rule: str
    pattern: re.Pattern[str]
    exception: re.Pattern[str] | None


@cache
def _codes() -> tuple[_Code, ...]:
    with (LEXICON_DIR / "jd_requirements.json").open(encoding="utf-8") as fh:
        codes = json.load(fh)["codes"]
    with (LEXICON_DIR / "forbidden_topics.json").open(encoding="utf-8") as fh:
        laws = json.load(fh)["laws"]
    return tuple(
        _Code(
            code,
            spec["label"],
            "；".join(laws[name] for name in spec["laws"]),
            re.compile(spec["patterns"]),
            re.compile(spec["except"]) if spec.get("except") else None,
        )
        for code, spec in codes.items()
    )


def _spans(pattern: re.Pattern[str], text: str, gap: int = 2) -> list[tuple[int, int]]:
    """Matches of one code, neighbours merged: "乙肝" + "携带者" → "乙肝携带者"."""
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if spans and m.start() - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], max(spans[-1][1], m.end()))
        elif m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def check_jd(text: str) -> list[JdWarning]:
    """Every discriminatory requirement found, in order of appearance, one per code and text."""
    clean = guard_text(text)
    found: list[tuple[int, JdWarning]] = []
    seen: set[tuple[str, str]] = set()
    for clause in _CLAUSE.finditer(clean):
        part = clause.group(0)
        for spec in _codes():
            if spec.exception and spec.exception.search(part):
                continue
            for start, end in _spans(spec.pattern, part):
                words = part[start:end].strip("，,、；;。：: ")
                if words and (spec.code, words) not in seen:
                    seen.add((spec.code, words))
                    warning = JdWarning(spec.code, words, spec.label, spec.rule)
                    found.append((clause.start() + start, warning))
    return [w for _, w in sorted(found, key=lambda p: p[0])]
