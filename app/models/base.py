"""Shared column helpers. Timestamps are naive UTC (MySQL DATETIME has no zone)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

# China has one time zone and no daylight saving: China time is UTC + 8 h, all year.
CHINA_OFFSET = timedelta(hours=8)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
