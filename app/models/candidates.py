"""Candidates, their resumes, consents and (kept apart) demographics for fairness audits."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import EncryptedJSON, EncryptedText, blind_index
from app.extensions import db
from app.models.base import Timestamps, utcnow


class Candidate(Timestamps, db.Model):
    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Name stays searchable by HR ("查看 张三"); reads are audited and department-scoped.
    name: Mapped[str] = mapped_column(String(100), index=True)
    phone_enc: Mapped[str | None] = mapped_column(EncryptedText)
    phone_bidx: Mapped[str | None] = mapped_column(String(64), unique=True)
    email_enc: Mapped[str | None] = mapped_column(EncryptedText)
    email_bidx: Mapped[str | None] = mapped_column(String(64), unique=True)
    wechat_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(50), default="manual")
    # The department that owns the candidate (scopes managers).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | deleted
    deletion_requested_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def phone(self) -> str | None:
        return self.phone_enc

    @phone.setter
    def phone(self, value: str | None) -> None:
        self.phone_enc = value
        self.phone_bidx = blind_index("phone", value)

    @property
    def email(self) -> str | None:
        return self.email_enc

    @email.setter
    def email(self, value: str | None) -> None:
        self.email_enc = value
        self.email_bidx = blind_index("email", value)


class CandidateDemographics(db.Model):
    """Sex, birth year and education for the fairness audit only: encrypted, kept apart from
    the candidate, shown only in aggregate, and never passed to scoring or question selection.

    Recorded only with the candidate's separate consent (source "candidate") or imported by HR
    with a stated legal basis (source "hr_import").
    """

    __tablename__ = "candidate_demographics"
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    # {"sex": ..., "birth_year": ..., "education": ...}; any may be absent.
    data: Mapped[dict] = mapped_column(EncryptedJSON)
    source: Mapped[str] = mapped_column(String(20))  # candidate | hr_import
    legal_basis: Mapped[str | None] = mapped_column(String(200))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Resume(Timestamps, db.Model):
    __tablename__ = "resumes"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    batch_id: Mapped[str | None] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str | None] = mapped_column(String(10))  # pdf | docx | png | jpeg | webp
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    file_path: Mapped[str | None] = mapped_column(String(255))  # encrypted file in storage
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(10))  # text | ocr
    extracted_text: Mapped[str | None] = mapped_column(EncryptedText)
    parsed: Mapped[dict | None] = mapped_column(EncryptedJSON)
    corrections: Mapped[dict | None] = mapped_column(EncryptedJSON)
    match: Mapped[dict | None] = mapped_column(JSON)
    candidate: Mapped[Candidate | None] = relationship()


class Consent(db.Model):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # processing | voice | ai_evaluation
    version: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool] = mapped_column(default=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
