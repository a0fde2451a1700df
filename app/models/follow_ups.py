"""The one follow-up question (追问) asked after an answer, and the candidate's reply to it."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.crypto import EncryptedText
from app.extensions import db
from app.models.base import Timestamps


class FollowUp(Timestamps, db.Model):
    """Asked when an answer leaves out a part the question expects; pending until a usable
    reply arrives. The reply is stored like an answer (typed text, or audio and transcripts),
    and the question itself quotes the candidate, so both are encrypted."""

    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(20))  # example | result | action | figure
    question: Mapped[str] = mapped_column(EncryptedText)
    asked_at: Mapped[datetime] = mapped_column(DateTime)
    time_limit_s: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(EncryptedText)  # typed reply
    client_transcript: Mapped[str | None] = mapped_column(EncryptedText)
    transcript: Mapped[str | None] = mapped_column(EncryptedText)  # server ASR
    audio_path: Mapped[str | None] = mapped_column(String(255))
    duration_s: Mapped[float | None] = mapped_column(Float)
    features: Mapped[dict | None] = mapped_column(JSON)
    # none | pending | done | unavailable | waiting | failed, as on answers
    asr_state: Mapped[str] = mapped_column(String(20), default="none")
    quality: Mapped[str | None] = mapped_column(String(20))  # None: not answered yet
    quality_reason: Mapped[str | None] = mapped_column(String(255))
    flags: Mapped[list] = mapped_column(JSON, default=list)
    client_signals: Mapped[dict | None] = mapped_column(JSON)  # as on answers, for HR
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
