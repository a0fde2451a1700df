"""Versions of a job's competency model: every change of dimensions or weights is a new one.

Reports record the version their overall score used, so a figure can always be traced back
to the weights that produced it. Suggested weights are applied only by an HR admin.
"""

from __future__ import annotations

from sqlalchemy import select

from app import audit
from app.errors import Conflict, Forbidden, ValidationError
from app.extensions import db
from app.models import CompetencyModelVersion, HrUser, Job
from scoring.analytics.weights import MAX_STEP


def snapshot(job: Job, source: str, by: HrUser | None = None, note: str | None = None) -> int:
    """Record the job's current dimensions as a new version (1 for a new job). Caller commits."""
    db.session.flush()
    latest = db.session.scalar(
        select(CompetencyModelVersion.version)
        .where(CompetencyModelVersion.job_id == job.id)
        .order_by(CompetencyModelVersion.version.desc())
        .limit(1)
    )
    version = (latest or 0) + 1
    db.session.add(
        CompetencyModelVersion(
            job_id=job.id,
            version=version,
            dimensions=[
                {"name": d.name, "weight": d.weight, "keywords": list(d.keywords or [])}
                for d in job.dimensions
            ],
            source=source,
            note=note,
            created_by_id=by.id if by is not None else None,
        )
    )
    job.model_version = version
    return version


def versions(job: Job) -> list[dict]:
    rows = db.session.scalars(
        select(CompetencyModelVersion)
        .where(CompetencyModelVersion.job_id == job.id)
        .order_by(CompetencyModelVersion.version)
    )
    return [
        {
            "version": r.version,
            "dimensions": r.dimensions,
            "source": r.source,
            "note": r.note,
            "created_by_id": r.created_by_id,
            "created_at": r.created_at.isoformat(),
            "current": r.version == job.model_version,
        }
        for r in rows
    ]


def apply_weights(
    job: Job, weights: dict[str, int], by: HrUser, expected_version: int, note: str | None
) -> int:
    """An admin applies (suggested) weights: same dimensions, sum 100, each within ±5."""
    if by.role != "admin":
        raise Forbidden("only an HR admin can apply new weights", code="admin_only")
    if expected_version != job.model_version:
        raise Conflict(
            f"the model is now version {job.model_version}, not {expected_version}: reload",
            code="model_changed",
        )
    current = {d.name: d.weight for d in job.dimensions}
    if set(weights) != set(current):
        raise ValidationError(
            f"weights must name exactly the job's dimensions: {', '.join(current)}",
            code="invalid_weights",
        )
    if sum(weights.values()) != 100 or any(w < 1 for w in weights.values()):
        raise ValidationError("weights must be at least 1 and sum to 100", code="weights_not_100")
    too_far = [k for k, w in weights.items() if abs(w - current[k]) > MAX_STEP]
    if too_far:
        raise ValidationError(
            f"each weight moves at most ±{MAX_STEP} per cycle: {', '.join(too_far)}",
            code="weight_step_too_large",
        )
    if weights == current:
        raise ValidationError("these are already the current weights", code="no_change")
    for dimension in job.dimensions:
        dimension.weight = int(weights[dimension.name])
    version = snapshot(job, "analytics", by=by, note=note)
    audit.record(
        "apply_weights",
        "job",
        job.id,
        detail={"from": current, "to": weights, "version": version, "note": note},
    )
    return version
