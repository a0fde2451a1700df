"""The outbox: every outbound WeChat / DingTalk message is a row before it is a request."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import Timestamps, utcnow


class OutboxMessage(Timestamps, db.Model):
    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # wechat | dingtalk
    kind: Mapped[str] = mapped_column(String(40))  # invitation | report_ready | review_request ...
    recipient: Mapped[str] = mapped_column(String(100))  # openid or DingTalk userid
    payload: Mapped[dict] = mapped_column(JSON)
    # pending | sending | sent | failed | not_subscribed
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # One message per event and recipient, whatever retries happen.
    dedupe_key: Mapped[str] = mapped_column(String(191), unique=True)
    vendor_ref: Mapped[str | None] = mapped_column(String(100))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class ProcessedEvent(db.Model):
    """Inbound callbacks already handled (DingTalk robot messages, events): vendors retry."""

    __tablename__ = "processed_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(30))
    event_id: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("source", "event_id"),)


class WechatSubscription(db.Model):
    """How many subscribe messages a candidate allowed per template (WeChat gives no API).

    One popup accept can be reported twice, by the mini-program and by WeChat's push event:
    accepts one source reported that the other has not yet (`unmatched_*`) pair them up.
    """

    __tablename__ = "wechat_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[str] = mapped_column(String(100))
    accepts: Mapped[int] = mapped_column(Integer, default=0)
    unmatched_source: Mapped[str | None] = mapped_column(String(10))  # mp | push
    unmatched_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unmatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("openid", "template_id"),)
