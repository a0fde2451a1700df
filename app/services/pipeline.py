"""The candidate pipeline: one row per application (candidate × job), filtered in SQL.

A candidate with no invitation yet is one row with no job ("未邀请"). The stage is computed
in SQL from the invitation, the formal interview, its report and the decision, so filters,
sorting, paging and the Excel export all run on the database with a fixed number of queries.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select

from app.crypto import blind_index
from app.extensions import db
from app.models import Candidate, HrUser, Interview, Invitation, Job, Report
from app.models.base import CHINA_OFFSET
from app.services.scope import scoped

PER_PAGE = 50
EXPORT_LIMIT = 20000

STAGE = case(
    (Invitation.id.is_(None), "new"),
    (Report.decision == "advance", "advanced"),
    (Report.decision == "reject", "rejected"),
    (Report.decision == "hold", "on_hold"),
    (Report.status.in_(("ready", "human_review")), "to_decide"),
    (Interview.state == "completing", "scoring"),
    (Interview.state == "in_progress", "interviewing"),
    (Invitation.status.in_(("expired", "cancelled")), "expired"),
    else_="invited",
).label("stage")
DEPARTMENT = func.coalesce(Job.department_id, Candidate.department_id)
SORTS = {
    "newest": (Candidate.id.desc(), Invitation.id.desc()),
    "score": (Report.overall.is_(None), Report.overall.desc(), Candidate.id.desc()),
    "score_asc": (Report.overall.is_(None), Report.overall, Candidate.id.desc()),
    "name": (Candidate.name, Candidate.id),
    "finished": (Interview.finished_at.is_(None), Interview.finished_at.desc(), Candidate.id),
}
BANDS = ("pass", "review", "not_pass")


@dataclass
class PipelineFilters:
    q: str = ""  # name (contains), or an exact phone / email through the blind index
    job_id: int | None = None
    department_id: int | None = None
    stage: str = ""
    recommendation: str = ""  # pass | review | not_pass (the AI's advice)
    decision: str = ""  # advance | reject | hold | none
    min_score: float | None = None
    max_score: float | None = None
    date_from: date | None = None  # interview finished (China dates), else invited
    date_to: date | None = None
    sort: str = "newest"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "PipelineFilters":
        """From query-string arguments; anything malformed is ignored, never a 500."""
        out = cls()
        out.q = (args.get("q") or "").strip()[:100]
        for name in ("job_id", "department_id", "page"):
            out.__dict__[name] = _int(args.get(name), getattr(out, name))
        for name in ("min_score", "max_score"):
            out.__dict__[name] = _float(args.get(name))
        for name in ("date_from", "date_to"):
            out.__dict__[name] = _date(args.get(name))
        for name, allowed in (
            ("stage", STAGE_KEYS),
            ("recommendation", BANDS),
            ("decision", ("advance", "reject", "hold", "none")),
            ("sort", tuple(SORTS)),
        ):
            value = args.get(name) or ""
            if value in allowed:
                out.__dict__[name] = value
        out.page = max(1, min(out.page, 100000))
        return out

    def as_args(self, **changes) -> dict:
        """Non-empty filters as query arguments (for links that keep the current view)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        defaults = {"sort": "newest", "page": 1}
        return {k: v for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}


STAGE_KEYS = (
    "new",
    "invited",
    "interviewing",
    "scoring",
    "to_decide",
    "advanced",
    "rejected",
    "on_hold",
    "expired",
)


def _int(value, default):
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _float(value):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time.min) - CHINA_OFFSET


def base_query(user: HrUser):
    query = (
        select(
            Candidate.id.label("candidate_id"),
            Candidate.name,
            Candidate.created_at,
            Invitation.id.label("invitation_id"),
            Invitation.status.label("invitation_status"),
            Invitation.deadline,
            Job.id.label("job_id"),
            Job.title.label("job_title"),
            DEPARTMENT.label("department_id"),
            Interview.id.label("interview_id"),
            Interview.finished_at,
            Report.id.label("report_id"),
            Report.overall,
            Report.recommendation,
            Report.decision,
            Report.decided_at,
            STAGE,
        )
        .select_from(Candidate)
        .outerjoin(Invitation, Invitation.candidate_id == Candidate.id)
        .outerjoin(Job, Job.id == Invitation.job_id)
        .outerjoin(
            Interview, and_(Interview.invitation_id == Invitation.id, Interview.kind == "formal")
        )
        .outerjoin(Report, Report.interview_id == Interview.id)
        .where(Candidate.status != "deleted")
    )
    return scoped(query, user, DEPARTMENT)


def filtered(user: HrUser, f: PipelineFilters):
    query = base_query(user)
    if f.q:
        query = query.where(_search(f.q))
    if f.job_id:
        query = query.where(Job.id == f.job_id)
    if f.department_id:
        query = query.where(DEPARTMENT == f.department_id)
    if f.stage:
        query = query.where(STAGE == f.stage)
    if f.recommendation:
        query = query.where(Report.recommendation == f.recommendation)
    if f.decision == "none":
        query = query.where(Report.id.is_not(None), Report.decision.is_(None))
    elif f.decision:
        query = query.where(Report.decision == f.decision)
    if f.min_score is not None:
        query = query.where(Report.overall >= f.min_score)
    if f.max_score is not None:
        query = query.where(Report.overall <= f.max_score)
    when = func.coalesce(Interview.finished_at, Invitation.created_at, Candidate.created_at)
    if f.date_from:
        query = query.where(when >= _utc_start(f.date_from))
    if f.date_to:
        query = query.where(when < _utc_start(f.date_to + timedelta(days=1)))
    return query


def _search(q: str):
    """Names are searched as text; phones and emails are encrypted, so only exact matches."""
    conditions = [Candidate.name.contains(q, autoescape=True)]
    if "@" in q:
        conditions.append(Candidate.email_bidx == blind_index("email", q))
    elif sum(c.isdigit() for c in q) >= 6:
        conditions.append(Candidate.phone_bidx == blind_index("phone", q))
    return or_(*conditions)


@dataclass
class PipelinePage:
    rows: list
    total: int
    page: int
    pages: int


def page(user: HrUser, f: PipelineFilters, per_page: int = PER_PAGE) -> PipelinePage:
    query = filtered(user, f)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    current = min(f.page, pages)
    rows = db.session.execute(
        query.order_by(*SORTS[f.sort]).limit(per_page).offset((current - 1) * per_page)
    ).all()
    return PipelinePage(rows, total, current, pages)


def export_rows(user: HrUser, f: PipelineFilters) -> list:
    return db.session.execute(filtered(user, f).order_by(*SORTS[f.sort]).limit(EXPORT_LIMIT)).all()
