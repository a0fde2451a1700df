"""A year of past candidates for one demo job, with effects planted for the data review.

`flask seed-demo` adds ~300 past candidates of 运营专员 with answers, scores, reports, HR
decisions, final-round outcomes and voluntarily given demographics. Planted, and nothing else:
- question "运营活动复盘" (活动策划) is pure noise: it should come out `ineffective`;
- the 数据分析 dimension drives the final round: the one `predictive` dimension;
- candidates aged 45 or more lose points on two questions for reasons unrelated to the job:
  the one group with `adverse_impact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

SEED = 20261268  # a sample where chance adds no flag of its own (tests check it)
MEAN, PENALTY, NOISE_SPREAD = 72.0, 12.0, 11.0
N_CANDIDATES = 300
JOB_TITLE = "运营专员"
NOISE_QUESTION = "请复盘一次效果不理想的运营活动：你认为问题出在哪里？"
EXTRA_QUESTIONS = [  # (competency, text): a second formal question per dimension
    ("活动策划", NOISE_QUESTION),
    ("数据分析", "请举例说明你如何设计指标体系来衡量一项运营动作的效果。"),
    ("沟通协作", "当你和产品同事对活动优先级意见不一致时，你是怎么达成一致的？"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
ANSWER = (
    "当时我负责{topic}。我先梳理了目标和现状，然后和团队一起拆解任务、排期推进，"
    "过程中每周复盘数据并调整方案，最后{result}。"
)
RESULTS = ("转化率提升了约 {x}%", "活跃用户增长了 {x}%", "目标基本达成", "效果一般，我总结了教训")


@dataclass(frozen=True)
class PastCandidate:
    name: str
    scores: dict[str, float]  # question key ("活动策划#1", ...) -> score
    sex: str
    birth_year: int
    education: str
    finished_days_ago: int
    advanced: bool  # HR sent them to the final round
    final_passed: bool | None


def question_keys() -> list[tuple[str, int]]:
    return [(dim, k) for dim in ("活动策划", "数据分析", "沟通协作") for k in (1, 2)]


def generate(n: int = N_CANDIDATES, seed: int = SEED, year: int = 2026) -> list[PastCandidate]:
    rng = np.random.default_rng(seed)
    general = rng.normal(size=n)  # what most questions see
    data_skill = rng.normal(size=n)  # what the final round rewards
    # Ages sit inside their band even a year later, so the audit does not depend on the date.
    age = rng.choice([19, 27, 37, 47], size=n, p=(0.2, 0.4, 0.25, 0.15)) + rng.integers(0, 5, n)
    older = age >= 45
    sex = rng.choice(["female", "male"], size=n)
    education = rng.choice(["associate", "bachelor", "master"], size=n, p=(0.3, 0.5, 0.2))

    def score(signal: np.ndarray, weight: float, spread: float = 9.0) -> np.ndarray:
        noise = rng.normal(size=n)
        return MEAN + spread * (weight * signal + np.sqrt(1 - weight**2) * noise)

    raw = {
        ("活动策划", 1): score(general, 0.6) - PENALTY * older,
        ("活动策划", 2): score(general, 0.0, NOISE_SPREAD),  # the noise question
        ("数据分析", 1): score(data_skill, 0.8),
        ("数据分析", 2): score(data_skill, 0.8),
        ("沟通协作", 1): score(general, 0.6) - PENALTY * older,
        ("沟通协作", 2): score(general, 0.6),
    }
    raw = {k: np.round(np.clip(v, 5, 98), 1) for k, v in raw.items()}
    chance = 1 / (1 + np.exp(-(1.6 * data_skill + 0.5 * general)))
    final = rng.random(n) < chance
    review_luck = rng.random(n)
    out = []
    for i in range(n):
        scores = {f"{d}#{k}": float(raw[(d, k)][i]) for d, k in question_keys()}
        out.append(
            PastCandidate(
                name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + str(i + 1),
                scores=scores,
                sex=str(sex[i]),
                birth_year=int(year - age[i]),
                education=str(education[i]),
                finished_days_ago=int(rng.integers(15, 350)),
                advanced=bool(review_luck[i] < 0.7),
                final_passed=bool(final[i]),
            )
        )
    return out


def answer_text(rng: np.random.Generator, topic: str) -> str:
    result = RESULTS[int(rng.integers(0, len(RESULTS)))].format(x=int(rng.integers(5, 40)))
    return ANSWER.format(topic=topic, result=result)


def finished_at(now, days_ago: int):
    return now - timedelta(days=days_ago, hours=3)


def seed_history(job, department_id: int, now) -> int:
    """Write the past candidates for `job` (once: a second run finds them and adds nothing)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import (
        Answer,
        AnswerScore,
        Candidate,
        CandidateDemographics,
        Consent,
        Interview,
        Invitation,
        Outcome,
        Question,
        Report,
    )
    from app.services.demographics import CONSENT_KIND, CONSENT_VERSION
    from scoring.report import SCORING_VERSION

    if db.session.scalar(
        select(func.count(Candidate.id)).where(Candidate.source == "demo-history")
    ):
        return 0
    questions: dict[str, Question] = {}
    for dim, k in question_keys():
        pool = [
            q
            for q in db.session.scalars(
                select(Question)
                .where(Question.job_id == job.id, Question.competency == dim)
                .where(Question.pool == "formal")
                .order_by(Question.id)
            )
        ]
        if len(pool) < k:
            text = next(t for d, t in EXTRA_QUESTIONS if d == dim)
            keywords = next(d.keywords for d in job.dimensions if d.name == dim)
            question = Question(job_id=job.id, competency=dim, text=text, keywords=keywords)
            db.session.add(question)
            db.session.flush()
            pool.append(question)
        questions[f"{dim}#{k}"] = pool[k - 1]
    weights = {d.name: d.weight for d in job.dimensions}
    rng = np.random.default_rng(SEED + 1)
    people = generate(year=now.year)
    for person in people:
        candidate = Candidate(name=person.name, source="demo-history", department_id=department_id)
        db.session.add(candidate)
        db.session.flush()
        openid = f"demo-history-{candidate.id}"
        consent = Consent(
            openid=openid,
            candidate_id=candidate.id,
            kind=CONSENT_KIND,
            version=CONSENT_VERSION,
            granted=True,
        )
        db.session.add(consent)
        db.session.flush()
        db.session.add(
            CandidateDemographics(
                candidate_id=candidate.id,
                data={
                    "sex": person.sex,
                    "birth_year": person.birth_year,
                    "education": person.education,
                },
                source="candidate",
                consent_id=consent.id,
            )
        )
        ended = finished_at(now, person.finished_days_ago)
        invitation = Invitation(
            job_id=job.id,
            candidate_id=candidate.id,
            token=f"demo-history-{candidate.id}",
            deadline=ended + timedelta(days=3),
            status="completed",
            created_at=ended - timedelta(days=4),
        )
        db.session.add(invitation)
        db.session.flush()
        keys = list(person.scores)
        interview = Interview(
            invitation_id=invitation.id,
            candidate_id=candidate.id,
            job_id=job.id,
            kind="formal",
            state="scored",
            question_ids=[questions[k].id for k in keys],
            started_at=ended - timedelta(minutes=35),
            finished_at=ended,
        )
        db.session.add(interview)
        db.session.flush()
        for position, key in enumerate(keys):
            answer = Answer(
                interview_id=interview.id,
                question_id=questions[key].id,
                position=position,
                text=answer_text(rng, questions[key].competency),
                submitted_at=ended - timedelta(minutes=30 - 5 * position),
                quality="ok",
            )
            db.session.add(answer)
            db.session.flush()
            db.session.add(
                AnswerScore(
                    answer_id=answer.id,
                    score=person.scores[key],
                    detail={"history": True, "note": "演示用历史数据"},
                    scoring_version=SCORING_VERSION,
                )
            )
        dims = {
            d: round((person.scores[f"{d}#1"] + person.scores[f"{d}#2"]) / 2, 1) for d in weights
        }
        overall = round(sum(weights[d] * s for d, s in dims.items()) / sum(weights.values()), 1)
        band = (
            "pass"
            if overall >= job.pass_threshold
            else ("review" if overall >= job.review_threshold else "not_pass")
        )
        advanced = band == "pass" or (band == "review" and person.advanced)
        db.session.add(
            Report(
                interview_id=interview.id,
                status="ready",
                overall=overall,
                dimension_scores=dims,
                recommendation=band,
                hr_view={"history": True},
                candidate_view={"history": True},
                scoring_version=SCORING_VERSION,
                model_version=job.model_version,
                decision="advance" if advanced else "reject",
                decided_at=ended + timedelta(days=1),
                candidate_notified_at=ended + timedelta(days=1),
            )
        )
        if advanced:
            db.session.add(
                Outcome(
                    candidate_id=candidate.id,
                    job_id=job.id,
                    interview_id=interview.id,
                    kind="final_round",
                    result="passed" if person.final_passed else "failed",
                    value=1.0 if person.final_passed else 0.0,
                    source="import",
                    recorded_at=ended + timedelta(days=10),
                )
            )
    return len(people)
