"""Small per-process caches for the candidate API's hot path (hints every 2 s, answers).

What is cached changes rarely and is harmless for a few seconds when it does: a question's
text, time limit and keywords (HR edits reach running interviews within HOT_CACHE_TTL_S) and
which candidate a mini-program token belongs to (a token expiring, or a candidate deleted,
is seen within the same bound). HOT_CACHE_TTL_S = 0 switches both off.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Question
from scoring.types import Question as ScoringQuestion

MAX_ENTRIES = 20_000
_lock = threading.Lock()
_entries: dict[tuple, tuple[float, object]] = {}


@dataclass(frozen=True)
class QuestionFacts:
    """What the mini-program sees of a question, and what hints need."""

    id: int
    text: str
    competency: str
    time_limit_s: int
    scoring: ScoringQuestion


@dataclass(frozen=True)
class MpSession:
    openid: str
    candidate_id: int | None
    expires_at: datetime


def _ttl() -> float:
    return float(current_app.config.get("HOT_CACHE_TTL_S", 0))


def get(key: tuple):
    found = _entries.get(key)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def put(key: tuple, value) -> None:
    ttl = _ttl()
    if ttl <= 0:
        return
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            now = time.monotonic()
            for stale in [k for k, (until, _) in _entries.items() if until < now]:
                del _entries[stale]
            if len(_entries) >= MAX_ENTRIES:
                _entries.clear()
        _entries[key] = (time.monotonic() + ttl, value)


def forget(key: tuple) -> None:
    _entries.pop(key, None)


def clear() -> None:
    with _lock:
        _entries.clear()


def question(question_id: int) -> QuestionFacts:
    """The question's facts (raises LookupError when it does not exist)."""
    from app.services.scoring_bridge import scoring_question

    key = ("question", question_id)
    facts = get(key)
    if facts is None:
        row = db.session.get(Question, question_id)
        if row is None:
            raise LookupError(question_id)
        facts = QuestionFacts(
            row.id, row.text, row.competency, row.time_limit_s, scoring_question(row)
        )
        put(key, facts)
    return facts


def scoring_question(question_id: int) -> ScoringQuestion:
    return question(question_id).scoring


@dataclass(frozen=True)
class JobSettings:
    """The job's settings the answer path reads on every request."""

    hint_policy: str  # all | time_only | none (formal interviews)
    follow_up_policy: str  # one | off (formal interviews)


def job_settings(job_id: int) -> JobSettings:
    from app.models import Job

    key = ("job_settings", job_id)
    settings = get(key)
    if settings is None:
        row = db.session.execute(
            select(Job.hint_policy, Job.follow_up_policy).where(Job.id == job_id)
        ).one()
        settings = JobSettings(row.hint_policy or "all", row.follow_up_policy or "one")
        put(key, settings)
    return settings
