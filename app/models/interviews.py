"""Invitations, interviews, answers, scores, reports and later-round outcomes."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import EncryptedJSON, EncryptedText
from app.extensions import db
from app.models.base import Timestamps, utcnow
from app.models.candidates import Candidate
from app.models.jobs import Job


class Invitation(Timestamps, db.Model):
    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    # Random token carried by the link / QR code; binds a WeChat user to the candidate.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    deadline: Mapped[datetime] = mapped_column(DateTime)
    # sent | accepted | in_progress | completed | expired | cancelled
    status: Mapped[str] = mapped_column(String(20), default="sent")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    job: Mapped[Job] = relationship()
    candidate: Mapped[Candidate] = relationship()


class Interview(Timestamps, db.Model):
    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # practice | formal
    # The invitation's id on its formal interview only (NULL on practice rounds): the unique
    # constraint makes a second formal interview for one invitation impossible, even in a race.
    formal_invitation_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    # in_progress | completing | scored | human_review | expired
    state: Mapped[str] = mapped_column(String(20), default="in_progress")
    question_ids: Mapped[list] = mapped_column(JSON, default=list)
    # question id (str) -> ISO time it was first shown: the server's clock for time limits.
    presented: Mapped[dict] = mapped_column(JSON, default=dict)
    # question id (str) -> hint codes shown while answering it.
    hints_log: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set when the candidate declined AI evaluation: a human reviews instead.
    ai_evaluation: Mapped[bool] = mapped_column(default=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The invitation deadline when the interview started; the live one is on the invitation.
    deadline: Mapped[datetime | None] = mapped_column(DateTime)
    invitation: Mapped[Invitation] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="interview", order_by="Answer.position", cascade="all, delete-orphan"
    )


class Answer(Timestamps, db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(EncryptedText)  # typed answer
    client_transcript: Mapped[str | None] = mapped_column(EncryptedText)
    transcript: Mapped[str | None] = mapped_column(EncryptedText)  # server ASR
    audio_path: Mapped[str | None] = mapped_column(String(255))
    duration_s: Mapped[float | None] = mapped_column(Float)
    presented_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    hints_shown: Mapped[list] = mapped_column(JSON, default=list)
    # e.g. "overtime" when it arrived after the time limit and its grace.
    flags: Mapped[list] = mapped_column(JSON, default=list)
    features: Mapped[dict | None] = mapped_column(JSON)
    # What the mini-program reported of how the answer was produced: typed_chars, pasted_chars,
    # background_s, input (keyboard | voice); evidence for a human (scoring.integrity.signals).
    client_signals: Mapped[dict | None] = mapped_column(JSON)
    # none | pending | done | unavailable | failed
    asr_state: Mapped[str] = mapped_column(String(20), default="none")
    quality: Mapped[str | None] = mapped_column(String(20))  # ok | insufficient
    quality_reason: Mapped[str | None] = mapped_column(String(255))
    interview: Mapped[Interview] = relationship(back_populates="answers")


class AnswerScore(db.Model):
    __tablename__ = "answer_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[float] = mapped_column(Float)
    # star, evidence, tips, flags: evidence quotes the candidate's sentences, so encrypted.
    detail: Mapped[dict] = mapped_column(EncryptedJSON)
    scoring_version: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Report(Timestamps, db.Model):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20), default="preparing")  # preparing | ready
    overall: Mapped[float | None] = mapped_column(Float)
    dimension_scores: Mapped[dict | None] = mapped_column(JSON)
    recommendation: Mapped[str | None] = mapped_column(String(20))  # pass | review | not_pass
    # Both views quote the candidate's answers (evidence, transcripts): encrypted at rest.
    hr_view: Mapped[dict | None] = mapped_column(EncryptedJSON)
    candidate_view: Mapped[dict | None] = mapped_column(EncryptedJSON)
    scoring_version: Mapped[str | None] = mapped_column(String(20))
    # The version of the job's competency model (weights) the overall was computed with.
    model_version: Mapped[int | None] = mapped_column(Integer)
    # The human decision: advance | reject, who made it and when.
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A not_pass result reaches the candidate only after HR confirms or this time passes.
    release_at: Mapped[datetime | None] = mapped_column(DateTime)
    candidate_notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    interview: Mapped[Interview] = relationship()


class ReviewRequest(db.Model):
    """A candidate asks for an explanation or a human review of their interview."""

    __tablename__ = "review_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # explanation | human_review
    message: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | answered
    # The interview's id while the request is open (NULL once answered): one open request per
    # interview, so a candidate cannot flood HR with review messages.
    open_interview_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Outcome(db.Model):
    """What happened after the AI interview, one current record per candidate, job and kind.

    kind: final_round (passed | failed), offer (made | not_made), hired (hired | not_hired),
    probation (stayed | left), performance_3m / performance_6m / performance_12m (rating 1–5).
    `value` is what the analysis reads: 1/0 for the yes/no kinds, the rating for performance.
    """

    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("candidate_id", "job_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id"))
    kind: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="admin")  # admin | import | bot
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
