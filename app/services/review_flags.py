"""The data-review flags of each open job, kept for the workbench (工作台).

Analysing a job takes seconds (bootstrap intervals over every past candidate), and the
workbench must answer in milliseconds for every HR user, so the flags are not computed there.
The worker computes them for every open job once a China day (`refresh`, queued by the
maintenance pass), the monthly DingTalk notice stores what it computed, and `flask seed-demo`
fills the demo job's; the workbench reads the stored rows in one scoped query and says when
they were computed. Outcomes arrive over weeks and a flag needs n ≥ 100 (validity) or 30 per
group (fairness), so last night's figures are as fresh as any decision they prompt.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app import audit
from app.extensions import db
from app.models import AuditLog, HrUser, Job, JobReviewFlags
from app.models.base import CHINA_OFFSET, utcnow
from app.services.analytics import DEFAULT_OUTCOME, job_analytics
from app.services.analytics_data import Period
from app.services.scope import scoped

PERIOD_DAYS = 365  # the same year the monthly notice and the API's default period look at
MARKER = "analytics_flags_refreshed"
KIND_WORDS = {
    "adverse_impact": "不利影响",
    "inverse": "反向题目",
    "ineffective": "无效题目",
    "watch": "需观察",
}
KIND_ORDER = tuple(KIND_WORDS)  # the most serious first


def refresh(jobs: list[Job] | None = None) -> dict[int, list[dict]]:
    """Compute and store (uncommitted) the flags of each open job; returns them by job id."""
    if jobs is None:
        jobs = list(db.session.scalars(select(Job).where(Job.status == "open").order_by(Job.id)))
    period = Period(utcnow() - timedelta(days=PERIOD_DAYS), None)
    out = {}
    for job in jobs:
        result = job_analytics(job, period, DEFAULT_OUTCOME)
        row = db.session.get(JobReviewFlags, job.id)
        if row is None:
            row = JobReviewFlags(job_id=job.id)
            db.session.add(row)
        row.outcome = DEFAULT_OUTCOME
        row.period_start = period.start
        row.candidates = result["candidates"]
        row.flags = result["flags"]
        row.flag_count = len(result["flags"])
        row.computed_at = utcnow()
        out[job.id] = result["flags"]
    return out


def _today() -> str:
    return (utcnow() + CHINA_OFFSET).date().isoformat()


def refresh_due() -> bool:
    """True once a China day, from ANALYTICS_FLAGS_HOUR on, until today's refresh is queued."""
    if (utcnow() + CHINA_OFFSET).hour < current_app.config["ANALYTICS_FLAGS_HOUR"]:
        return False
    done = db.session.scalar(
        select(AuditLog.id).where(AuditLog.action == MARKER, AuditLog.object_id == _today())
    )
    return done is None


def mark_day() -> None:
    """Record (uncommitted) that today's refresh is queued."""
    audit.record(MARKER, "analytics", _today(), actor=("system", None))


def visible(user: HrUser, limit: int) -> tuple[int, list[tuple[Job, dict, object]]]:
    """(number of flags, the most serious flags) of the open jobs the user may see.

    Two queries whatever the number of jobs: a scoped sum, and the `limit` most flagged jobs.
    """
    base = (
        select(JobReviewFlags, Job)
        .join(Job, Job.id == JobReviewFlags.job_id)
        .where(Job.status == "open", JobReviewFlags.flag_count > 0)
    )
    base = scoped(base, user, Job.department_id)
    total = db.session.scalar(
        select(func.coalesce(func.sum(JobReviewFlags.flag_count), 0))
        .join(Job, Job.id == JobReviewFlags.job_id)
        .where(base.whereclause)
    )
    rows = db.session.execute(
        base.order_by(JobReviewFlags.flag_count.desc(), Job.id).limit(limit)
    ).all()
    items = [(job, flag, row.computed_at) for row, job in rows for flag in row.flags]
    items.sort(key=lambda item: KIND_ORDER.index(item[1]["kind"]))  # stable: jobs keep order
    return int(total or 0), items[:limit]
