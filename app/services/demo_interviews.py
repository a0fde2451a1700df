"""Seed finished demo interviews through the real scoring, reports and decision rules."""

from datetime import timedelta

from sqlalchemy import select

from app import demo_interviews as data
from app.extensions import db
from app.models import (
    Answer,
    Interview,
    Invitation,
    Job,
    OutboxMessage,
    Question,
    Report,
    ReviewRequest,
)
from app.models.base import utcnow
from app.services.candidates import upsert_candidate


def _questions(job: Job) -> list[Question]:
    """One formal question per dimension (the experienced variant where there are two)."""
    rows = db.session.scalars(
        select(Question)
        .where(Question.job_id == job.id, Question.pool == "formal", Question.active.is_(True))
        .order_by(Question.id)
    ).all()
    chosen = {}
    for q in rows:
        if q.competency not in chosen or q.variant == "experienced":
            chosen[q.competency] = q
    order = [d.name for d in job.dimensions]
    return sorted(chosen.values(), key=lambda q: order.index(q.competency))


def seed_finished_interviews(jobs: dict[str, Job], departments: dict) -> list[str]:
    from app.services.completion import complete

    lines = []
    for index, (name, phone, email, dept, title, answers, ai_ok) in enumerate(data.FINISHED):
        candidate, _ = upsert_candidate(
            name=name, phone=phone, email=email, source="demo", department_id=departments[dept].id
        )
        candidate.wechat_openid = candidate.wechat_openid or f"demo-openid-{index + 1}"
        job = jobs[title]
        if db.session.scalar(
            select(Invitation).where(
                Invitation.candidate_id == candidate.id, Invitation.job_id == job.id
            )
        ):
            continue
        started = utcnow() - timedelta(hours=2 + index)
        invitation = Invitation(
            job_id=job.id,
            candidate_id=candidate.id,
            token=f"demo-finished-{index + 1}",
            deadline=utcnow() + timedelta(days=5),
            status="completed",
            accepted_at=started,
        )
        db.session.add(invitation)
        db.session.flush()
        questions = _questions(job)
        interview = Interview(
            invitation_id=invitation.id,
            candidate_id=candidate.id,
            job_id=job.id,
            kind="formal",
            state="completing",
            question_ids=[q.id for q in questions],
            presented={},
            hints_log={},
            ai_evaluation=ai_ok,
            started_at=started,
            finished_at=started + timedelta(minutes=18),
            deadline=invitation.deadline,
        )
        db.session.add(interview)
        db.session.flush()
        for position, q in enumerate(questions):
            db.session.add(
                Answer(
                    interview_id=interview.id,
                    question_id=q.id,
                    position=position,
                    text=answers[q.competency],
                    quality="ok",
                    asr_state="none",
                    hints_shown=data.DEMO_TRANSCRIPT_HINTS.get(q.competency, []),
                    flags=[],
                    duration_s=95.0 + 10 * position,
                    presented_at=started + timedelta(minutes=5 * position),
                    submitted_at=started + timedelta(minutes=5 * position + 2),
                )
            )
        db.session.add(Report(interview_id=interview.id, status="preparing"))
        db.session.commit()
        result = complete(interview.id)
        lines.append(f"finished interview {interview.id} for {name}: {result}")
    lines += _review_request_and_failures()
    db.session.commit()
    return lines


def _review_request_and_failures() -> list[str]:
    lines = []
    name, kind, message = data.REVIEW_REQUEST
    interview = db.session.scalar(
        select(Interview)
        .join(Invitation, Invitation.id == Interview.invitation_id)
        .where(Invitation.token == "demo-finished-2")  # noqa: S105 (a demo invitation)
    )
    exists = interview and db.session.scalar(
        select(ReviewRequest).where(ReviewRequest.interview_id == interview.id)
    )
    if interview is not None and not exists:
        db.session.add(ReviewRequest(interview_id=interview.id, kind=kind, message=message))
        lines.append(f"review request from {name}")
    for spec in (data.FAILED_MESSAGE, data.FAILED_DINGTALK):
        key = f"demo-failed:{spec['channel']}:{spec['recipient']}"
        if db.session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key)):
            continue
        db.session.add(
            OutboxMessage(
                channel=spec["channel"],
                kind=spec["kind"],
                recipient=spec["recipient"],
                payload=spec["payload"],
                status=spec["status"],
                attempts=5 if spec["status"] == "failed" else 1,
                last_error=spec["error"],
                dedupe_key=key,
            )
        )
        lines.append(f"undelivered {spec['channel']} message ({spec['status']})")
    return lines
