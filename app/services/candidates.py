"""Candidates: one person, one row, found again by phone or email through the blind index."""

from sqlalchemy import or_, select

from app.crypto import blind_index
from app.errors import Conflict, Forbidden, NotFound
from app.extensions import db
from app.models import Candidate, HrUser, Invitation, Job


def find_existing(phone: str | None, email: str | None) -> Candidate | None:
    conditions = []
    if (phone_idx := blind_index("phone", phone)) is not None:
        conditions.append(Candidate.phone_bidx == phone_idx)
    if (email_idx := blind_index("email", email)) is not None:
        conditions.append(Candidate.email_bidx == email_idx)
    if not conditions:
        return None
    matches = db.session.scalars(select(Candidate).where(or_(*conditions))).all()
    if not matches:
        return None
    # Prefer the phone match: phones change less often than emails.
    phone_idx = blind_index("phone", phone)
    return next((c for c in matches if c.phone_bidx == phone_idx), matches[0])


def upsert_candidate(
    *,
    name: str | None,
    phone: str | None = None,
    email: str | None = None,
    source: str = "manual",
    department_id: int | None = None,
) -> tuple[Candidate, bool]:
    """Create a candidate, or update the one with the same phone or email. Not committed."""
    existing = find_existing(phone, email)
    if existing is None:
        candidate = Candidate(name=name or "未命名", source=source, department_id=department_id)
        candidate.phone = phone
        candidate.email = email
        db.session.add(candidate)
        db.session.flush()
        return candidate, True
    if name and (not existing.name or existing.name == "未命名"):
        existing.name = name
    if phone and not existing.phone_bidx:
        existing.phone = phone
    if email and not existing.email_bidx:
        # Only fill a missing email: a different one would collide with another row's index.
        if find_existing(None, email) in (None, existing):
            existing.email = email
    if department_id and existing.department_id is None:
        existing.department_id = department_id
    return existing, False


def candidate_departments(candidate: Candidate) -> set[int]:
    """The owning department plus those of every job the candidate was invited to."""
    depts = {candidate.department_id} if candidate.department_id else set()
    rows = db.session.execute(
        select(Job.department_id)
        .join(Invitation, Invitation.job_id == Job.id)
        .where(Invitation.candidate_id == candidate.id)
    ).scalars()
    return depts | set(rows)


def can_see_candidate(user: HrUser, candidate: Candidate) -> bool:
    return user.role != "manager" or bool(candidate_departments(candidate) & user.department_ids)


def upsert_candidate_for(user: HrUser, **fields) -> tuple[Candidate, bool]:
    """upsert_candidate for an HR user: never merges into a candidate this user may not see
    (409 saying only that one exists), so a known phone cannot reveal another department's."""
    existing = find_existing(fields.get("phone"), fields.get("email"))
    if existing is not None and not can_see_candidate(user, existing):
        raise Conflict(
            "这个手机号或邮箱已属于其他部门的候选人",
            code="candidate_in_other_department",
        )
    return upsert_candidate(**fields)


def get_candidate_for(user: HrUser, candidate_id: int) -> Candidate:
    """The candidate if this HR user may see them: 404 if absent, 403 if out of scope."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.status == "deleted":
        raise NotFound(f"candidate {candidate_id} not found")
    if not can_see_candidate(user, candidate):
        raise Forbidden("not allowed for this department", code="forbidden_department")
    return candidate


def visible_candidates_query(user: HrUser):
    query = select(Candidate).where(Candidate.status != "deleted")
    if user.role == "manager":
        ids = user.department_ids or {-1}
        invited = (
            select(Invitation.candidate_id)
            .join(Job, Job.id == Invitation.job_id)
            .where(Job.department_id.in_(ids))
        )
        query = query.where(or_(Candidate.department_id.in_(ids), Candidate.id.in_(invited)))
    return query.order_by(Candidate.id.desc())
