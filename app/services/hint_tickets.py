"""Signed hint tickets: a live hint (every 2 s per answering candidate) without the database.

Each question handed to the mini-program carries a short-lived ticket: interview, question,
the hints the job's policy allows, the bearer token it was issued to (a hash prefix) and an
expiry, signed with HMAC-SHA256 under a key derived from SECRET_KEY. A hint request that
sends it back is answered from the ticket and an in-process copy of the question; an expired
ticket falls back to the database path, a forged one is refused.

Hints are still recorded per answer: the codes a ticket request returns go into a Redis set
per interview and question (one round trip, only when there are hints to show), and the
answer reads that set, together with the interview's own hints log, into `hints_shown` in
the same commit that stores the answer. Without Redis (the embedded default, or Redis down)
the codes are written to the interview row as before.

A ticket does not see its question answered or the interview finished: until it expires
(twice the time limit plus two minutes) hints keep coming for that question, which stores
nothing but codes no answer will read. Logging out is not seen either; the token binding
keeps a ticket useless to anyone without the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from redis.exceptions import RedisError
from sqlalchemy.orm.attributes import flag_modified

from app.auth import hash_token
from app.errors import AppError, NotFound, Unauthorized
from app.extensions import db
from app.models import Interview
from app.queues import get_redis
from app.services import hot_cache

log = logging.getLogger(__name__)

# Hints a formal interview shows under each job hint policy (practice shows all).
POLICY_CODES = {"all": None, "time_only": {"time_left", "too_long"}, "none": set()}
# A ticket outlives its question's time limit (overtime hints still come) but not by much.
TICKET_SLACK_S = 120
RECORD_TTL_S = 24 * 3600  # read by the answer, minutes later
_BINDING_CHARS = 16


class BadTicket(AppError):
    status, code = 403, "invalid_hint_ticket"


@dataclass(frozen=True)
class Ticket:
    interview_id: int
    question_id: int
    policy: str  # "all" | "time_only" | "none", already resolved for the interview's kind
    expires_at: int

    @property
    def allowed(self) -> set[str] | None:
        return POLICY_CODES.get(self.policy)


def _key() -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"hint-ticket-v1", hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _binding() -> str | None:
    if not has_request_context():
        return None
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return hash_token(header[7:].strip())[:_BINDING_CHARS]


def issue(interview: Interview, question_id: int, time_limit_s: int) -> str | None:
    """A ticket for this question, bound to the caller's bearer token; None outside one."""
    binding = _binding()
    if binding is None:
        return None
    policy = (
        hot_cache.job_settings(interview.job_id).hint_policy
        if interview.kind == "formal"
        else "all"
    )
    resolved = policy if policy in POLICY_CODES else "all"
    claims = {
        "i": interview.id,
        "q": question_id,
        "p": resolved,
        "a": binding,
        "e": int(time.time()) + 2 * int(time_limit_s) + TICKET_SLACK_S,
    }
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest()[:18])
    return f"{payload}.{signature}"


def verify(ticket: str, interview_id: int, question_id: int) -> Ticket | None:
    """The ticket's claims; None when it has expired (the caller uses the database path).

    Raises BadTicket when it was not signed by us, was issued to another token, or is for
    another interview or question."""
    payload, _, signature = ticket.partition(".")
    expected = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest()[:18])
    if not hmac.compare_digest(signature, expected):
        raise BadTicket("the hint ticket is not valid")
    claims = json.loads(_unb64(payload))
    binding = _binding()
    if binding is None:
        raise Unauthorized("missing bearer token", code="unauthorized")
    if not hmac.compare_digest(claims["a"], binding):
        raise BadTicket("the hint ticket belongs to another session")
    if claims["i"] != interview_id or claims["q"] != question_id:
        raise BadTicket("the hint ticket is for another question")
    if claims["e"] < time.time():
        return None
    return Ticket(claims["i"], claims["q"], claims["p"], claims["e"])


def hints(ticket: Ticket, partial_text: str, elapsed_s: float, shown: list[str], spoken: bool):
    """Hints for a ticket holder: no database unless the question is not cached yet."""
    from scoring.hints import hints_for

    try:
        question = hot_cache.scoring_question(ticket.question_id)
    except LookupError:
        raise NotFound("question not found", code="question_not_in_interview") from None
    found = hints_for(question, partial_text, elapsed_s, shown=set(shown), spoken=spoken)
    allowed = ticket.allowed
    if allowed is not None:
        found = [h for h in found if h.code in allowed]
    if found:
        record(ticket.interview_id, ticket.question_id, [h.code for h in found])
    return [h.to_dict() for h in found]


def _record_key(interview_id: int, question_id: int) -> str:
    return f"hints:{interview_id}:{question_id}"


def record(interview_id: int, question_id: int, codes: list[str]) -> None:
    """Remember hints shown for this answer: in Redis, else on the interview row."""
    conn = get_redis()
    if conn is not None:
        try:
            key = _record_key(interview_id, question_id)
            conn.pipeline(transaction=False).sadd(key, *codes).expire(key, RECORD_TTL_S).execute()
            return
        except RedisError as exc:
            log.warning("hints for interview %s kept in the database: %s", interview_id, exc)
    interview = db.session.get(Interview, interview_id, with_for_update=True)
    logged = set(interview.hints_log.get(str(question_id), []))
    if not set(codes) <= logged:
        interview.hints_log = {**interview.hints_log, str(question_id): sorted(logged | set(codes))}
        flag_modified(interview, "hints_log")
    db.session.commit()


def recorded(interview: Interview, question_id: int) -> list[str]:
    """Every hint shown for this question: the interview's log and the Redis set."""
    codes = set(interview.hints_log.get(str(question_id), []))
    conn = get_redis()
    if conn is not None:
        try:
            codes |= {c.decode() for c in conn.smembers(_record_key(interview.id, question_id))}
        except RedisError as exc:
            log.warning("hints of interview %s not read from redis: %s", interview.id, exc)
    return sorted(codes)
