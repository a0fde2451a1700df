"""Rows in, `scoring` dataclasses out: the one place the app translates for the domain core."""

from app.models import Job, Question
from scoring.types import STAR_PARTS, CompetencyModel, Dimension
from scoring.types import Question as ScoringQuestion


def competency_model(job: Job) -> CompetencyModel:
    return CompetencyModel(
        [Dimension(d.name, int(d.weight), list(d.keywords or [])) for d in job.dimensions],
        role=job.title,
    )


def scoring_question(row: Question) -> ScoringQuestion:
    condition = None
    if isinstance(row.variant_condition, dict) and row.variant_condition:
        condition = next(iter(row.variant_condition))
    elif isinstance(row.variant_condition, str):
        condition = row.variant_condition
    return ScoringQuestion(
        text=row.text,
        dimension=row.competency,
        keywords=list(row.keywords or []),
        time_limit_s=row.time_limit_s,
        star_expected=tuple(row.star_expected or STAR_PARTS),
        pool=row.pool,
        variant=row.variant,
        key=str(row.id),
        condition=condition,
    )
