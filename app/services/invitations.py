"""Invitations: created by HR, accepted (and bound to a WeChat user) by the candidate."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from app import audit
from app.errors import Conflict, Forbidden, NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, Invitation, Job
from app.models.base import utcnow
from app.services import events

# An invitation open longer than this is a typo (year 9999), and its message could not be sent.
MAX_DEADLINE = timedelta(days=365)


def create_invitation(
    candidate: Candidate, job: Job, deadline: datetime, created_by_id: int | None
):
    if deadline <= utcnow():
        raise ValidationError("the deadline must be in the future", code="deadline_in_past")
    if deadline > utcnow() + MAX_DEADLINE:
        raise ValidationError(
            f"the deadline must be within {MAX_DEADLINE.days} days", code="deadline_too_far"
        )
    invitation = Invitation(
        job_id=job.id,
        candidate_id=candidate.id,
        # 144 bits in 24 characters: "<id>.<token>" fits a mini-program code's 32-char scene.
        token=secrets.token_urlsafe(18),
        deadline=deadline,
        created_by_id=created_by_id,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("create", "invitation", invitation.id)
    events.invitation_created(invitation)
    return invitation


def is_expired(invitation: Invitation) -> bool:
    return invitation.status == "expired" or invitation.deadline < utcnow()


def invitations_for(candidate: Candidate) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.candidate_id == candidate.id, Invitation.status != "cancelled")
            .order_by(Invitation.id.desc())
        )
    )


def accept(invitation_id: int, token: str, openid: str) -> Invitation:
    """Bind this WeChat user to the invited candidate (invitation by link or QR code)."""
    invitation = db.session.get(Invitation, invitation_id)
    # Bytes: compare_digest raises TypeError on str with non-ASCII characters.
    if invitation is None or not secrets.compare_digest(invitation.token.encode(), token.encode()):
        raise NotFound("invitation not found", code="invitation_not_found")
    if is_expired(invitation):
        raise Conflict("this invitation has expired", code="invitation_expired")
    candidate = invitation.candidate
    if candidate.wechat_openid not in (None, openid):
        raise Forbidden(
            "this invitation belongs to another WeChat account", code="invitation_taken"
        )
    other = db.session.scalar(select(Candidate).where(Candidate.wechat_openid == openid))
    if other is not None and other.id != candidate.id:
        raise Conflict(
            "this WeChat account is already linked to another candidate", code="account_linked"
        )
    candidate.wechat_openid = openid
    if invitation.status == "sent":
        invitation.status = "accepted"
        invitation.accepted_at = utcnow()
    audit.record("accept", "invitation", invitation.id)
    db.session.commit()
    return invitation


def invitation_for_candidate(invitation_id: int, candidate: Candidate | None) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if candidate is None or invitation is None or invitation.candidate_id != candidate.id:
        raise NotFound("invitation not found", code="invitation_not_found")
    return invitation
