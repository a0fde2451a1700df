"""Carrying out a candidate's deletion request."""

from app.jobs import handler


@handler("candidate.erase")
def erase_candidate(candidate_id: int) -> dict:
    from app.services.privacy import erase

    return erase(candidate_id)
