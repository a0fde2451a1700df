"""Everything HR sees about one candidate, in a fixed number of queries, as an audited read."""

from sqlalchemy import and_, or_, select

from app import audit
from app.extensions import db
from app.models import (
    Decision,
    HrUser,
    Interview,
    Invitation,
    Job,
    OutboxMessage,
    Report,
    Resume,
    ReviewRequest,
)
from app.services.candidates import get_candidate_for
from app.services.resumes import effective_fields
from app.services.subscriptions import accepts_left, configured_templates

# Outbox dedupe keys start with "<kind>:<object id>:"; these kinds name a report or invitation.
REPORT_KINDS = (
    "report_ready",
    "review_request",
    "human_review",
    "decision",
    "final_round",
    "result",
)
INVITATION_KINDS = ("invitation",)
REVIEW_KINDS = ("candidate_review_request",)


def candidate_record(user: HrUser, candidate_id: int) -> dict:
    candidate = get_candidate_for(user, candidate_id)
    resumes = db.session.scalars(
        select(Resume)
        .where(Resume.candidate_id == candidate.id)
        .order_by(Resume.created_at.desc(), Resume.id.desc())
    ).all()
    applications = db.session.execute(
        select(Invitation, Job, Interview, Report)
        .join(Job, Job.id == Invitation.job_id)
        .outerjoin(
            Interview, and_(Interview.invitation_id == Invitation.id, Interview.kind == "formal")
        )
        .outerjoin(Report, Report.interview_id == Interview.id)
        .where(Invitation.candidate_id == candidate.id)
        .order_by(Invitation.id.desc())
    ).all()
    # A manager sees the applications of their departments only.
    applications = [a for a in applications if user.can_access_department(a.Job.department_id)]
    report_ids = [a.Report.id for a in applications if a.Report is not None]
    interview_ids = [a.Interview.id for a in applications if a.Interview is not None]
    decisions = (
        db.session.execute(
            select(Decision, HrUser.display_name, HrUser.username)
            .outerjoin(HrUser, HrUser.id == Decision.decided_by_id)
            .where(Decision.report_id.in_(report_ids))
            .order_by(Decision.created_at.desc(), Decision.id.desc())
        ).all()
        if report_ids
        else []
    )
    reviews = (
        db.session.scalars(
            select(ReviewRequest)
            .where(ReviewRequest.interview_id.in_(interview_ids))
            .order_by(ReviewRequest.id.desc())
        ).all()
        if interview_ids
        else []
    )
    messages = _messages(
        candidate.wechat_openid,
        report_ids,
        [a.Invitation.id for a in applications],
        [r.id for r in reviews],
    )
    latest = next((r for r in resumes if r.status == "parsed"), None)
    # Added, not committed: the caller commits after rendering (a commit would expire and
    # reload every row the page shows, one query each).
    audit.record(
        "read", "candidate", candidate.id, detail={"fields": ["phone", "email", "resume_fields"]}
    )
    return {
        "candidate": candidate,
        "phone": candidate.phone,
        "email": candidate.email,
        "fields": effective_fields(latest) if latest else None,
        "match": latest.match if latest else None,
        "resumes": resumes,
        "applications": applications,
        "decisions": decisions,
        "review_requests": reviews,
        "messages": messages,
        "wechat_accepts": _wechat_accepts(candidate.wechat_openid),
    }


ACCEPT_LABELS = {"invitation": "面试邀请", "report_ready": "报告与结果", "final_round": "复试邀请"}


def _wechat_accepts(openid: str | None) -> list[tuple[str, int]]:
    """WeChat messages each kind may still send them (one per popup accept); [] unbound."""
    if not openid:
        return []
    kinds = configured_templates()
    return [(ACCEPT_LABELS[kinds[t]], n) for t, n in accepts_left(openid).items()]


def _messages(openid, report_ids, invitation_ids, review_ids) -> list[OutboxMessage]:
    conditions = [
        OutboxMessage.dedupe_key.like(f"{kind}:{object_id}:%")
        for ids, kinds in (
            (report_ids, REPORT_KINDS),
            (invitation_ids, INVITATION_KINDS),
            (review_ids, REVIEW_KINDS),
        )
        for object_id in ids
        for kind in kinds
    ]
    if openid:
        conditions.append(
            and_(OutboxMessage.channel == "wechat", OutboxMessage.recipient == openid)
        )
    if not conditions:
        return []
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(or_(*conditions))
            .order_by(OutboxMessage.id.desc())
            .limit(100)
        )
    )
