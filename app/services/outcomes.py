"""Recording what happened after the AI interview: one current record per candidate, job, kind."""

from __future__ import annotations

from sqlalchemy import select

from app import audit
from app.errors import NotFound
from app.extensions import db
from app.models import Candidate, HrUser, Interview, Job, Outcome
from app.models.base import utcnow
from app.services.outcome_kinds import OutcomeValue


def latest_formal_interview(candidate_id: int, job_id: int) -> Interview | None:
    return db.session.scalar(
        select(Interview)
        .where(
            Interview.candidate_id == candidate_id,
            Interview.job_id == job_id,
            Interview.kind == "formal",
        )
        .order_by(Interview.id.desc())
        .limit(1)
    )


def record(
    candidate: Candidate,
    job: Job,
    outcome: OutcomeValue,
    *,
    by: HrUser | None,
    source: str,
    note: str | None = None,
) -> tuple[Outcome, str]:
    """Create or change the outcome; returns it and `created`, `updated` or `unchanged`.

    Recording the same thing again changes nothing (imports and bot retries are idempotent).
    The caller commits.
    """
    if candidate.status != "active":
        raise NotFound(f"candidate {candidate.id} not found")
    row = db.session.scalar(
        select(Outcome).where(
            Outcome.candidate_id == candidate.id,
            Outcome.job_id == job.id,
            Outcome.kind == outcome.kind,
        )
    )
    if row is not None and row.result == outcome.result and row.value == outcome.value:
        if note and note != row.note:
            row.note = note
        return row, "unchanged"
    status = "updated" if row is not None else "created"
    before = {"result": row.result, "value": row.value} if row is not None else None
    if row is None:
        interview = latest_formal_interview(candidate.id, job.id)
        row = Outcome(
            candidate_id=candidate.id,
            job_id=job.id,
            kind=outcome.kind,
            interview_id=interview.id if interview else None,
        )
        db.session.add(row)
    row.result, row.value, row.source = outcome.result, outcome.value, source
    row.note = note or row.note
    row.recorded_by_id = by.id if by is not None else None
    row.recorded_at = utcnow()
    db.session.flush()
    audit.record(
        f"outcome_{status}",
        "outcome",
        row.id,
        actor=("hr", str(by.id)) if by is not None else None,
        detail={
            "candidate_id": candidate.id,
            "job_id": job.id,
            "kind": outcome.kind,
            "result": outcome.result,
            "value": outcome.value,
            "before": before,
            "source": source,
        },
    )
    return row, status


def outcome_dict(row: Outcome) -> dict:
    return {
        "id": row.id,
        "candidate_id": row.candidate_id,
        "job_id": row.job_id,
        "interview_id": row.interview_id,
        "kind": row.kind,
        "result": row.result,
        "value": row.value,
        "note": row.note,
        "source": row.source,
        "recorded_by_id": row.recorded_by_id,
        "recorded_at": row.recorded_at.isoformat(),
    }
