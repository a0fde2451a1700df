"""What an inbound vendor event does once its signature checked out: dedupe, act or enqueue.

The HTTP callbacks (`app/api/callbacks`) verify and parse with `bots`, then call these; any
other transport (DingTalk Stream mode) can call them with the same parsed objects. Vendors
retry, so every handler is idempotent: a ProcessedEvent row is inserted first, and a
unique-key violation means "already handled".
"""

from __future__ import annotations

import hashlib
import logging

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import HrUser, OutboxMessage, ProcessedEvent
from app.queues import enqueue_dingtalk_event
from app.services import robot
from app.services.outbox import kick
from bots.dingtalk_crypto import event_dedupe_key
from bots.robot_commands import RobotMessage
from bots.wechat_push import parse_subscribe_events

log = logging.getLogger(__name__)

# DingTalk event kinds that have work behind them; the others are only recorded.
HANDLED_EVENTS = ("user_leave_org",)


def claim(source: str, event_id: str) -> bool:
    """Insert the event's row in the current transaction; False if it was handled already."""
    db.session.add(ProcessedEvent(source=source, event_id=event_id[:150]))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def kick_if_pending() -> None:
    """After a commit: ask the notify queue to send what the event added to the outbox."""
    pending = db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.status == "pending").limit(1)
    )
    if pending is not None:
        kick()


def robot_message(message: RobotMessage) -> robot.Reply | None:
    """Run an HR user's robot command once; None when this message was handled already.

    Both transports call this (HTTP callback, Stream frame). A slow command is claimed now
    and answered by a task through the sessionWebhook: the reply is then `robot.LATER`.
    """
    from app.services import robot_replies

    if not claim("dingtalk_robot", message.msg_id):
        log.info("robot message %s already handled", message.msg_id)
        return None
    user = robot.find_sender(message.sender_staff_id)
    if user is None:
        db.session.commit()
        return robot.Reply("面试助手", robot.REFUSAL)
    if has_request_context():
        request.environ["app.hr_user"] = user  # audit rows name the HR user behind the bot
    command = message.command()
    if command.name in robot_replies.SLOW_COMMANDS and robot_replies.webhook_allowed(
        message.session_webhook
    ):
        return robot_replies.answer_later(message, command, user)
    reply = robot.execute(command, user)
    db.session.commit()
    kick_if_pending()
    return reply


def dingtalk_event(event: dict) -> None:
    """Record a subscription event once; those with work behind them become a task."""
    kind = event.get("EventType")
    if kind == "check_url" or not claim("dingtalk_event", event_dedupe_key(event)):
        db.session.rollback()
        return
    if kind in HANDLED_EVENTS:
        # DingTalk wants the answer within 1.5 s: the work is a task (inline without Redis).
        enqueue_dingtalk_event(event)
    db.session.commit()


def subscribe_events(payload: dict) -> int:
    """Popup accepts add one send each; a reject or ban leaves none. Returns rows changed."""
    from datetime import UTC, datetime

    from app.services import subscriptions

    changes = parse_subscribe_events(payload)
    if not changes:
        return 0
    # WeChat retries a push it got no answer to; the same user and time is the same push.
    raw = f"{payload.get('FromUserName')}:{payload.get('CreateTime')}:{payload.get('Event')}"
    if not claim("wechat_push", hashlib.sha256(raw.encode()).hexdigest()):
        return 0
    changed = 0
    for change in changes:
        if change.event == "subscribe_msg_sent_event":
            continue
        if change.grants_one_send:
            seconds = change.create_time
            at = (
                datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
                if 0 < seconds < 2**32
                else None
            )
            subscriptions.record_accept(change.openid, change.template_id, "push", at)
        elif change.status in ("reject", "ban"):
            subscriptions.record_refusal(change.openid, change.template_id)
        else:
            continue
        changed += 1
    db.session.commit()
    return changed


def active_hr_user(dingtalk_userid: str) -> HrUser | None:
    user = db.session.scalar(select(HrUser).where(HrUser.dingtalk_userid == dingtalk_userid))
    return user if user is not None and user.active else None
