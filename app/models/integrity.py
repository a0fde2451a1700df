"""Integrity flags for HR, and the per-job index of answer fingerprints that finds answers
shared between candidates (MinHash signatures and their LSH band keys, see scoring.integrity)."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.crypto import EncryptedJSON
from app.extensions import db
from app.models.base import utcnow


class IntegrityFlag(db.Model):
    """Something about an answer a human should look at; never a decision by itself.

    kind: repeated (nearly the same answer to another question of the interview), shared
    (nearly the same as another candidate's answer for the job), pasted, background, too_fast
    (client signals). `detail` holds HR's message and the evidence, which quotes answers.
    """

    __tablename__ = "integrity_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    # The matching answer (repeated, shared): the flag goes when either answer is deleted.
    other_answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), index=True
    )
    # The interview whose completion raised it; recomputing that interview replaces its flags.
    source_interview_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AnswerFingerprint(db.Model):
    """A formal answer's MinHash signature in its job's index (answers long enough to judge)."""

    __tablename__ = "answer_fingerprints"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary(512))


class AnswerBand(db.Model):
    """One LSH bucket of a fingerprint: answers sharing a bucket are compared, nothing else."""

    __tablename__ = "answer_bands"
    __table_args__ = (Index("ix_answer_bands_job_id_band_key", "job_id", "band_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(Integer)
    band_key: Mapped[int] = mapped_column(BigInteger)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer_fingerprints.answer_id", ondelete="CASCADE"), index=True
    )
