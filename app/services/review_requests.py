"""Candidates' review requests as HR handles them.

A request holds its interview's id in `open_interview_id` while it is open, so a candidate has
at most one open request per interview (review_already_open). Closing it clears that column:
the candidate may ask again later, about a new score or decision.
"""

from sqlalchemy import select

from app import audit
from app.errors import NotFound
from app.extensions import db
from app.models import HrUser, ReviewRequest
from app.services.interview_record import load_interview


def close_review(user: HrUser, review_id: int) -> tuple[ReviewRequest, bool]:
    """Mark a request answered (scoped like its interview). Not committed; closing a closed
    request changes nothing and says so with False."""
    review = db.session.get(ReviewRequest, review_id)
    if review is None:
        raise NotFound(f"review request {review_id} not found")
    load_interview(user, review.interview_id)
    if review.status != "open":
        return review, False
    review.status = "answered"
    review.open_interview_id = None
    audit.record(
        "answer_review", "review_request", review.id, detail={"interview_id": review.interview_id}
    )
    return review, True


def close_on_decision(interview_id: int, decision: str) -> int:
    """A human's 通过/淘汰 answers the candidate's open request about that interview (待定 does
    not: a human is still looking). Not committed; returns how many were closed."""
    open_requests = db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.open_interview_id == interview_id)
    ).all()
    for review in open_requests:
        review.status = "answered"
        review.open_interview_id = None
        audit.record(
            "answer_review",
            "review_request",
            review.id,
            detail={"interview_id": interview_id, "by_decision": decision},
        )
    return len(open_requests)
