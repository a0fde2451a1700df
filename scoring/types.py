"""Dataclasses shared by JD parsing, question selection, answer scoring, hints and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")
# Characters per minute of clear spoken Chinese: slower or faster is hinted and scored.
SPEECH_RATE_CPM: tuple[float, float] = (150.0, 200.0)


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
    # Gaming patterns found in this answer, for HR: [{"code", "reason"}] (see text/gaming.py).
    gaming: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DimensionScore:
    name: str
    weight: int
    score: float | None  # None when no answer covered the dimension
    answered: int


@dataclass
class Report:
    """An interview's report; `candidate_view` and `hr_view` are what each audience sees."""

    overall: float
    dimensions: list[DimensionScore]
    recommendation: str  # pass | review | not_pass
    strengths: list[str]
    improvements: list[str]
    advice: list[str]
    answers: list[dict[str, Any]]
    thresholds: tuple[float, float]
    scoring_version: str
    notes: list[str] = field(default_factory=list)  # internal, HR only

    def candidate_view(self) -> dict[str, Any]:
        """Advice for the candidate: levels, strengths, what to improve; no thresholds or notes."""
        return {
            "overall_level": level_for_recommendation(self.recommendation, self.overall),
            "dimensions": [
                {"name": d.name, "level": level_of(d.score, self.thresholds)}
                for d in self.dimensions
                if d.score is not None
            ],
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "advice": list(self.advice),
        }

    def hr_view(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "recommendation": self.recommendation,
            "thresholds": {"pass": self.thresholds[0], "review": self.thresholds[1]},
            "dimensions": [asdict(d) for d in self.dimensions],
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "answers": list(self.answers),
            "notes": list(self.notes),
            "scoring_version": self.scoring_version,
        }


EXCELLENT_MARGIN = 10.0  # 优秀: this far above the job's pass threshold (and at least 85)


def level_of(score: float | None, thresholds: tuple[float, float] = (75.0, 60.0)) -> str:
    """The candidate's level on the job's own scale, so it agrees with HR's recommendation:
    at or above the pass threshold 良好/优秀, at or above the review threshold 合格, else 待提升."""
    if score is None:
        return "未作答"
    pass_at, review_at = thresholds
    if score >= pass_at:
        return "优秀" if score >= max(pass_at + EXCELLENT_MARGIN, 85.0) else "良好"
    return "合格" if score >= review_at else "待提升"


def level_for_recommendation(recommendation: str, overall: float) -> str:
    """The overall level follows HR's recommendation (pass, review, not_pass) in direction."""
    if recommendation == "pass":
        return "优秀" if overall >= 85.0 else "良好"
    return "合格" if recommendation == "review" else "待提升"
