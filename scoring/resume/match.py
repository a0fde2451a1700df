"""Match a parsed resume against a job's competency model.

Each dimension gets the resume sentences that show it (so HR sees why), a 0-100 score, and the
whole resume gets the signals question selection uses ("有相关经验 → 你在跨区域项目中…").
Demographics are never read here: only `scoring_view()` fields.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from scoring.resume.dates import years_between
from scoring.resume.fields import QUANTIFIED_RE, ResumeFields

_DEGREE_RANK = {"高中": 1, "大专": 2, "本科": 3, "硕士": 4, "MBA": 4, "EMBA": 4, "博士": 5}
_CROSS_REGION_RE = re.compile(
    r"跨区域|跨地区|跨省|多区域|多个区域|多地|全国|大区|华东|华南|华北|华中|西南|西北|东北|海外|跨国|"
    r"国际化|全球|多个城市|\d+\s*个(?:城市|省|区域|国家|地区)"
)
_TEAM_RE = re.compile(r"(?:带领|管理|领导|带)\s*(\d+)\s*(?:人|名)|(\d+)\s*人(?:的)?团队")
_MANAGES_RE = re.compile(r"带领|带队|团队管理|管理团队|管理\d+|下属|组建团队|搭建团队|领导")
_MANAGER_TITLE_RE = re.compile(
    r"总监|主管|组长|负责人|总经理|部门经理|团队经理|区域经理|店长|主任|Head|Director|VP|"
    r"CEO|CTO|COO|CFO|Team Lead|Leader",
    re.IGNORECASE,
)


@dataclass
class DimensionMatch:
    name: str
    weight: float
    score: float
    matched_keywords: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class ResumeMatch:
    score: float
    dimensions: list[DimensionMatch]
    signals: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dimensions(model: Any) -> list[dict[str, Any]]:
    """Plain dicts {name, weight, keywords} from dicts, objects, or a model with .dimensions."""
    items = getattr(model, "dimensions", model)
    out = []
    for item in items:
        get = item.get if isinstance(item, dict) else lambda key, obj=item: getattr(obj, key, None)
        keywords = get("keywords") or []
        if isinstance(keywords, str):
            keywords = re.split(r"[,，、\s]+", keywords)
        out.append(
            {
                "name": str(get("name")),
                "weight": float(get("weight") or 0),
                "keywords": [k.strip() for k in keywords if k and k.strip()],
            }
        )
    return out


def _sentences(fields: ResumeFields) -> list[str]:
    found: list[str] = []
    for entry in fields.experience + fields.projects:
        found.append(" ".join(x for x in (entry.company, entry.title) if x))
        found.extend(entry.highlights)
    found.extend(fields.achievements)
    if fields.skills:
        found.append("技能：" + "、".join(fields.skills))
    for edu in fields.education:
        found.append(" ".join(x for x in (edu.school, edu.major) if x))
    return list(dict.fromkeys(s for s in found if s))


def _hits(sentence: str, keywords: list[str]) -> list[str]:
    lowered = sentence.lower()
    return [k for k in keywords if k.lower() in lowered]


def match_dimension(sentences: list[str], dim: dict[str, Any]) -> DimensionMatch:
    keywords = list(dict.fromkeys([*dim["keywords"], dim["name"]]))
    scored = []
    for sentence in sentences:
        hits = _hits(sentence, keywords)
        if hits:
            scored.append((len(hits), bool(QUANTIFIED_RE.search(sentence)), sentence, hits))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    matched = list(dict.fromkeys(k for _, _, _, hits in scored for k in hits))
    coverage = min(1.0, len(matched) / max(1, min(len(keywords), 4)))
    depth = min(3, len(scored)) / 3
    measured = any(q for _, q, _, _ in scored)
    score = round(70 * coverage + 20 * depth + (10 if measured else 0), 1)
    return DimensionMatch(
        dim["name"], dim["weight"], score, matched, [s for _, _, s, _ in scored[:3]]
    )


def match_resume(
    fields: ResumeFields, dimensions: Any, job_title: str | None = None, today: date | None = None
) -> ResumeMatch:
    """Score 0-100 = dimension scores weighted by the job's model; evidence per dimension."""
    dims = _dimensions(dimensions)
    sentences = _sentences(fields)
    results = [match_dimension(sentences, dim) for dim in dims]
    total_weight = sum(d.weight for d in results) or len(results) or 1
    if any(d.weight for d in results):
        score = sum(d.score * d.weight for d in results) / total_weight
    else:
        score = sum(d.score for d in results) / (len(results) or 1)
    keywords = [k for dim in dims for k in dim["keywords"]]
    return ResumeMatch(round(score, 1), results, signals(fields, keywords, job_title, today))


def signals(
    fields: ResumeFields, keywords: list[str], job_title: str | None, today: date | None
) -> dict[str, Any]:
    """What question selection branches on; see design.md step 5."""
    title_words = [w for w in re.split(r"[\s/|,，、]+", job_title or "") if len(w) >= 2]
    related = []
    for entry in fields.experience:
        text = " ".join([entry.title or "", entry.company or "", *entry.highlights])
        if _hits(text, keywords) or any(w in (entry.title or "") for w in title_words):
            related.append(entry)
    work_text = "\n".join(
        " ".join([e.title or "", *e.highlights]) for e in fields.experience + fields.projects
    )
    teams = [int(a or b) for a, b in _TEAM_RE.findall(work_text)]
    titles = " ".join(e.title or "" for e in fields.experience)
    degrees = [_DEGREE_RANK.get(e.degree or "", 0) for e in fields.education]
    best = max(degrees, default=0)
    return {
        "has_related_experience": bool(related),
        "related_years": years_between(
            [(e.start, e.end) for e in related if e.kind != "internship"],
            today or date.today(),
        ),
        "years_of_experience": fields.years_of_experience,
        "cross_region": bool(_CROSS_REGION_RE.search(work_text)),
        "management": bool(_MANAGES_RE.search(work_text) or _MANAGER_TITLE_RE.search(titles)),
        "team_size": max(teams, default=0),
        "quantified_achievements": len(fields.achievements),
        "highest_degree": next((k for k, v in _DEGREE_RANK.items() if v == best and best), None),
        "skills_matched": [
            s for s in fields.skills if _hits(s, keywords) or _hits_any(s, keywords)
        ],
        "internship_only": bool(fields.experience)
        and all(e.kind == "internship" for e in fields.experience),
    }


def _hits_any(skill: str, keywords: list[str]) -> bool:
    return any(skill.lower() in k.lower() for k in keywords if len(skill) >= 2)
