"""Jobs and their competency model: from a job description to something HR can edit."""

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import CompetencyDimension, Job, Question
from app.services.model_versions import snapshot
from scoring.jd import parse_jd
from scoring.jd_guard import check_jd
from scoring.questions import ForbiddenTopicError, check_question_text, questions_for_dimension
from scoring.types import CompetencyModel

MIN_DIMENSIONS, MAX_DIMENSIONS = 3, 8


def validate_dimensions(dimensions: list[dict]) -> None:
    if not MIN_DIMENSIONS <= len(dimensions) <= MAX_DIMENSIONS:
        raise ValidationError(
            f"a competency model has {MIN_DIMENSIONS} to {MAX_DIMENSIONS} dimensions, "
            f"got {len(dimensions)}",
            code="invalid_model",
        )
    names = [d["name"].strip() for d in dimensions]
    if len(set(names)) != len(names) or not all(names):
        raise ValidationError("dimension names must be present and unique", code="invalid_model")
    total = sum(int(d["weight"]) for d in dimensions)
    if total != 100:
        raise ValidationError(
            f"weights must sum to 100, they sum to {total}", code="weights_not_100"
        )


def check_text(text: str) -> None:
    try:
        check_question_text(text)
    except ForbiddenTopicError as exc:
        raise ValidationError(
            str(exc),
            code="forbidden_topic",
            details={"topic": exc.topic, "label": exc.label, "rule": exc.rule},
        ) from exc


def set_dimensions(job: Job, dimensions: list[dict]) -> None:
    validate_dimensions(dimensions)
    job.dimensions = [
        CompetencyDimension(
            name=d["name"].strip(),
            weight=int(d["weight"]),
            keywords=[k.strip() for k in d.get("keywords", []) if k.strip()],
            position=i,
        )
        for i, d in enumerate(dimensions)
    ]


def seed_questions(job: Job, model: CompetencyModel) -> int:
    """Copy the built-in questions for each dimension into the job, where HR can edit them."""
    added = 0
    for dim in model.dimensions:
        for pool in ("formal", "practice"):
            for q in questions_for_dimension(dim.name, pool):
                db.session.add(
                    Question(
                        job_id=job.id,
                        competency=dim.name,
                        text=q.text,
                        pool=q.pool,
                        time_limit_s=q.time_limit_s,
                        keywords=list(q.keywords or dim.keywords),
                        star_expected=list(q.star_expected),
                        variant=q.variant,
                        variant_condition={q.condition: q.variant == "experienced"}
                        if q.condition
                        else None,
                        builtin_key=q.key,
                    )
                )
                added += 1
    return added


def refuse_discriminatory_jd(title: str, jd_text: str) -> None:
    """422 `discriminatory_requirement` naming every requirement the law forbids in a JD."""
    warnings = check_jd(f"{title}\n{jd_text}")
    if warnings:
        listed = "；".join(f"“{w.text}”（{w.label}）" for w in warnings)
        raise ValidationError(
            f"职位描述包含歧视性要求：{listed}。请删除后再保存。",
            code="discriminatory_requirement",
            details={"warnings": [w.to_dict() for w in warnings]},
        )


def create_job(*, title: str, department_id: int, jd_text: str, settings: dict) -> Job:
    refuse_discriminatory_jd(title, jd_text)
    model = parse_jd(jd_text, title=title)
    job = Job(title=title, department_id=department_id, jd_text=jd_text, **settings)
    validate_thresholds(job.pass_threshold, job.review_threshold)
    db.session.add(job)
    set_dimensions(job, [d.to_dict() for d in model.dimensions])
    db.session.flush()
    seed_questions(job, model)
    snapshot(job, "created")
    audit.record("create", "job", job.id)
    return job


def validate_thresholds(pass_threshold: float | None, review_threshold: float | None) -> None:
    p = 75.0 if pass_threshold is None else pass_threshold
    r = 60.0 if review_threshold is None else review_threshold
    if not (0 <= r <= p <= 100):
        raise ValidationError(
            "thresholds need 0 ≤ review_threshold ≤ pass_threshold ≤ 100", code="invalid_thresholds"
        )
