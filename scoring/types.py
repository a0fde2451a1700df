"""Dataclasses shared by JD parsing, question selection, answer scoring, hints and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")


@dataclass
class Dimension:
    """One competency of a job: its weight (0–100, the model's weights sum to 100) and indicators."""

    name: str
    weight: int
    keywords: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight, "keywords": list(self.keywords)}


@dataclass
class CompetencyModel:
    dimensions: list[Dimension]
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"dimensions": [d.to_dict() for d in self.dimensions]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompetencyModel:
        dims = [
            Dimension(str(d["name"]), int(d["weight"]), [str(k) for k in d.get("keywords", [])])
            for d in data["dimensions"]
        ]
        return cls(dims, data.get("role"))

    def weight_of(self, name: str) -> int:
        return next((d.weight for d in self.dimensions if d.name == name), 0)


@dataclass
class Question:
    """A structured behavioural question.

    `variant` is None for everyone, "experienced" or "inexperienced"; `condition` names the
    resume signal that decides between the two (e.g. "cross_region").
    """

    text: str
    dimension: str
    keywords: list[str] = field(default_factory=list)
    time_limit_s: int = 120
    star_expected: tuple[str, ...] = STAR_PARTS
    pool: str = "formal"
    variant: str | None = None
    key: str | None = None
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["star_expected"] = list(self.star_expected)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(
            text=str(data["text"]),
            dimension=str(data["dimension"]),
            keywords=[str(k) for k in data.get("keywords", [])],
            time_limit_s=int(data.get("time_limit_s", 120)),
            star_expected=tuple(data.get("star_expected", STAR_PARTS)),
            pool=str(data.get("pool", "formal")),
            variant=data.get("variant"),
            key=data.get("key"),
            condition=data.get("condition"),
        )


@dataclass
class Hint:
    code: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass
class AnswerScore:
    """The score of one answer and everything HR needs to see why."""

    score: float
    star: dict[str, bool]
    quantified: list[str] = field(default_factory=list)
    keywords_hit: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    band: str = "weak"
    components: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
