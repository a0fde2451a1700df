"""Starting and resuming interviews, the current question, live hints."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from app import audit
from app.errors import Conflict, NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, Interview, Invitation, Question
from app.models.base import utcnow
from app.services import consents, hint_tickets, hot_cache
from app.services.hint_tickets import POLICY_CODES
from app.services.invitations import is_expired
from app.services.scoring_bridge import competency_model, scoring_question

PRACTICE_QUESTIONS = 3
# Seconds allowed past a question's time limit for network and upload delays.
TIME_GRACE_S = 30


def _bank(job_id: int, pool: str) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(
                (Question.job_id == job_id) | (Question.job_id.is_(None)),
                Question.pool == pool,
                Question.active.is_(True),
            )
            .order_by(Question.id)
        )
    )


def choose_questions(invitation: Invitation, kind: str) -> list[int]:
    from app.services.resumes import resume_signals
    from scoring.selection import select_questions

    job = invitation.job
    rows = _bank(job.id, kind)
    if not rows:
        raise Conflict(f"job {job.title} has no {kind} questions yet", code="no_questions")
    by_key = {str(r.id): r for r in rows}
    total = job.questions_per_interview if kind == "formal" else PRACTICE_QUESTIONS
    chosen = select_questions(
        competency_model(job),
        [scoring_question(r) for r in rows],
        resume_signals(invitation.candidate_id, job.id),
        total=total,
        pool=kind,
    )
    return [_row_for(job.id, q, by_key).id for q in chosen]


def _row_for(job_id: int, question, by_key: dict[str, Question]) -> Question:
    """A bank row, or the built-in question the selector used to cover a dimension."""
    if question.key in by_key:
        return by_key[question.key]
    row = db.session.scalar(
        select(Question).where(Question.job_id == job_id, Question.builtin_key == question.key)
    )
    if row is None:
        row = Question(
            job_id=job_id,
            competency=question.dimension,
            text=question.text,
            pool=question.pool,
            time_limit_s=question.time_limit_s,
            keywords=list(question.keywords),
            star_expected=list(question.star_expected),
            variant=question.variant,
            variant_condition={question.condition: question.variant == "experienced"}
            if question.condition
            else None,
            builtin_key=question.key,
        )
        db.session.add(row)
        db.session.flush()
    return row


def start(
    candidate: Candidate, invitation: Invitation, kind: str, openid: str
) -> tuple[Interview, bool]:
    """A new practice round, or the formal interview (resumed when it exists)."""
    if kind not in ("practice", "formal"):
        raise ValidationError("kind must be practice or formal")
    consents.require(openid, "processing")
    if kind == "formal":
        existing = formal_interview(invitation.id)
        if existing is not None:
            return existing, False
    if is_expired(invitation):
        raise Conflict("this invitation has expired", code="invitation_expired")
    question_ids = choose_questions(invitation, kind)
    now = utcnow()
    interview = Interview(
        invitation_id=invitation.id,
        candidate_id=candidate.id,
        job_id=invitation.job_id,
        kind=kind,
        question_ids=question_ids,
        presented={str(question_ids[0]): now.isoformat()},
        hints_log={},
        deadline=invitation.deadline,
        ai_evaluation=consents.current(openid).get("ai_evaluation", False),
        started_at=now,
        formal_invitation_id=invitation.id if kind == "formal" else None,
    )
    db.session.add(interview)
    if kind == "formal" and invitation.status in ("sent", "accepted"):
        invitation.status = "in_progress"
    try:
        db.session.flush()
    except IntegrityError:
        # Two starts raced (a double tap): the other request's interview is the one.
        db.session.rollback()
        existing = formal_interview(invitation.id) if kind == "formal" else None
        if existing is None:
            raise
        return existing, False
    audit.record("start", "interview", interview.id, detail={"kind": kind})
    db.session.commit()
    return interview, True


def formal_interview(invitation_id: int) -> Interview | None:
    return db.session.scalar(
        select(Interview).where(Interview.formal_invitation_id == invitation_id)
    )


def interview_for(candidate: Candidate | int | None, interview_id: int) -> Interview:
    """Another candidate's interview is simply not found (the candidate, or their id)."""
    candidate_id = candidate.id if isinstance(candidate, Candidate) else candidate
    interview = db.session.get(Interview, interview_id)
    if candidate_id is None or interview is None or interview.candidate_id != candidate_id:
        raise NotFound("interview not found", code="interview_not_found")
    return interview


def answered_ids(interview: Interview) -> set[int]:
    return {a.question_id for a in interview.answers if a.quality != "insufficient"}


def current_question_id(interview: Interview) -> int | None:
    done = answered_ids(interview)
    return next((qid for qid in interview.question_ids if qid not in done), None)


def mark_presented(
    interview: Interview, question_id: int | None, when: datetime | None = None
) -> None:
    if question_id is None or str(question_id) in interview.presented:
        return
    interview.presented = {**interview.presented, str(question_id): (when or utcnow()).isoformat()}
    flag_modified(interview, "presented")


def keep_hints(interview: Interview, question_id: int, codes: list[str]) -> None:
    """The interview's hints log holds what ticket requests recorded elsewhere (Redis)."""
    if set(codes) - set(interview.hints_log.get(str(question_id), [])):
        interview.hints_log = {**interview.hints_log, str(question_id): sorted(codes)}
        flag_modified(interview, "hints_log")


def question_view(interview: Interview, question_id: int | None) -> dict | None:
    if question_id is None:
        return None
    question = hot_cache.question(question_id)
    presented = interview.presented.get(str(question_id))
    deadline = None
    if presented:
        deadline = datetime.fromisoformat(presented) + timedelta(seconds=question.time_limit_s)
    return {
        "id": question.id,
        "text": question.text,
        "competency": question.competency,
        "time_limit_s": question.time_limit_s,
        "index": interview.question_ids.index(question_id) + 1,
        "total": len(interview.question_ids),
        "answer_by": deadline,
        "hint_ticket": hint_tickets.issue(interview, question.id, question.time_limit_s),
    }


def state_view(interview: Interview) -> dict:
    from app.services import follow_ups

    waiting = follow_ups.pending(interview) if interview.state == "in_progress" else None
    current = current_question_id(interview) if interview.state == "in_progress" else None
    return {
        "id": interview.id,
        "kind": interview.kind,
        "state": interview.state,
        "deadline": interview.invitation.deadline,
        "answered": sorted(answered_ids(interview)),
        "total": len(interview.question_ids),
        "current_question": None if waiting else question_view(interview, current),
        "pending_follow_up": follow_ups.view(waiting),  # resume here after a dropped connection
    }


def hints(
    interview: Interview,
    question_id: int,
    partial_text: str,
    elapsed_s: float,
    shown: list[str],
    spoken: bool = True,
) -> list[dict]:
    from scoring.hints import hints_for

    if interview.state != "in_progress":
        raise Conflict("this interview is finished", code="interview_finished")
    if question_id not in interview.question_ids:
        raise NotFound("question not in this interview", code="question_not_in_interview")
    question = hot_cache.scoring_question(question_id)
    policy = hot_cache.job_settings(interview.job_id).hint_policy
    logged = set(hint_tickets.recorded(interview, question_id))  # ticket requests' too
    found = hints_for(
        question,
        partial_text,
        elapsed_s,
        shown=set(shown) | logged,
        spoken=spoken,
    )
    if interview.kind == "formal":
        allowed = POLICY_CODES.get(policy)
        if allowed is not None:
            found = [h for h in found if h.code in allowed]
    if found:
        interview.hints_log = {
            **interview.hints_log,
            str(question_id): sorted(logged | {h.code for h in found}),
        }
        flag_modified(interview, "hints_log")
        db.session.commit()
    return [h.to_dict() for h in found]
