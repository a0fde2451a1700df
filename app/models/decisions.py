"""Every human (or rule) decision on a report, kept as history: who, when, what and why."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.crypto import EncryptedText
from app.extensions import db
from app.models.base import utcnow


class Decision(db.Model):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))  # advance | reject | hold
    previous: Mapped[str | None] = mapped_column(String(20))
    # HR's reason in their own words (may mention the candidate): encrypted at rest.
    reason: Mapped[str | None] = mapped_column(EncryptedText)
    # admin | page | dingtalk_card | bot | auto | release_delay
    source: Mapped[str] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
