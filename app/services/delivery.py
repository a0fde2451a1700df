"""Sending outbox rows through the real SDK clients: once each, retried with backoff.

A row moves pending -> sending -> sent (or not_subscribed / failed). The move to `sending`
is a conditional UPDATE, so two workers never send the same row.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.models import OutboxMessage, WechatSubscription
from app.models.base import utcnow
from app.services import candidate_notices
from app.services.vendors import VendorNotConfigured

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_S = (10, 30, 120, 600, 1800, 3600, 7200)
MP_REPORT_PAGE = "pages/report/index?interview={interview_id}"
MP_INVITE_PAGE = "pages/invite/index?id={invitation_id}"


def due_messages(limit: int = 100) -> list[int]:
    now = utcnow()
    stuck = now - timedelta(minutes=5)
    db.session.execute(  # a worker died mid-send: try again (vendors dedupe on their side too)
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.updated_at < stuck)
        .values(status="pending")
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "pending",
                (OutboxMessage.next_attempt_at.is_(None)) | (OutboxMessage.next_attempt_at <= now),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )


def deliver_pending() -> dict:
    outcomes: dict[str, int] = {}
    for message_id in due_messages():
        status = deliver(message_id)
        outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes


def deliver(message_id: int) -> str:
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1, updated_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    message = db.session.get(OutboxMessage, message_id)
    try:
        vendor_ref = _send(message)
    except Exception as exc:  # classified below; every outcome is recorded on the row
        return _record_failure(message, exc)
    message.status, message.vendor_ref, message.sent_at = "sent", vendor_ref, utcnow()
    message.last_error = None
    candidate_notices.delivered(message)
    db.session.commit()
    log.info(
        "outbox %s sent (%s %s to %s)", message.id, message.channel, message.kind, message.recipient
    )
    return "sent"


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    from bots.errors import NotSubscribedError, VendorError
    from bots.templates import TemplateValueError

    db.session.rollback()
    message = db.session.get(OutboxMessage, message.id)
    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, NotSubscribedError):
        message.status = "not_subscribed"  # 43101: the user has no accept left; never retried
    elif isinstance(exc, TemplateValueError | ValueError) and not isinstance(exc, VendorError):
        message.status = "failed"  # our content cannot be sent as is; retrying will not help
    elif isinstance(exc, VendorError) and not exc.retryable:
        message.status = "failed"
    elif message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
    else:
        if not isinstance(exc, VendorError | VendorNotConfigured):
            log.exception("outbox %s: unexpected error", message.id)
        message.status = "pending"
        wait = BACKOFF_S[min(message.attempts - 1, len(BACKOFF_S) - 1)]
        message.next_attempt_at = utcnow() + timedelta(seconds=wait)
    if message.status in ("not_subscribed", "failed"):
        candidate_notices.undelivered(message)
    db.session.commit()
    log.warning("outbox %s %s: %s", message.id, message.status, message.last_error)
    return message.status


def _send(message: OutboxMessage) -> str | None:
    if message.channel == "wechat":
        return _send_wechat(message)
    if message.channel == "dingtalk":
        return _send_dingtalk(message)
    raise ValueError(f"unknown channel {message.channel!r}")


def _templates():
    from bots.templates import SubscribeTemplates

    cfg = current_app.config
    return SubscribeTemplates(
        invitation=cfg.get("WECHAT_TEMPLATE_INVITATION") or "",
        report_ready=cfg.get("WECHAT_TEMPLATE_REPORT_READY") or "",
        final_round=cfg.get("WECHAT_TEMPLATE_FINAL_ROUND") or "",
    )


def _send_wechat(message: OutboxMessage) -> None:
    from app.services.vendors import wechat_client
    from bots import templates
    from bots.errors import NotSubscribedError
    from bots.wechat import send_message

    p = message.payload
    if message.kind == "invitation":
        content = templates.invitation_message(
            _templates(),
            p["job"],
            datetime.fromisoformat(p["deadline"]),
            p["note"],
            MP_INVITE_PAGE.format(invitation_id=p["invitation_id"]),
        )
    elif message.kind in ("report_ready", "result"):
        content = templates.report_ready_message(
            _templates(),
            p["job"],
            datetime.fromisoformat(p.get("finished_at") or message.created_at.isoformat()),
            MP_REPORT_PAGE.format(interview_id=p["interview_id"]),
            **({"note": p["note"]} if p.get("note") else {}),
        )
    elif message.kind == "final_round":
        content = templates.final_round_message(
            _templates(),
            p["job"],
            datetime.fromisoformat(p["when"]),
            p["note"],
            MP_REPORT_PAGE.format(interview_id=p["interview_id"]),
        )
    else:
        raise ValueError(f"unknown WeChat message kind {message.kind!r}")
    _use_accept(message.recipient, content.template_id)
    try:
        send_message(wechat_client(), message.recipient, content)
    except NotSubscribedError:
        _set_accepts(message.recipient, content.template_id, 0)  # WeChat knows better
        raise
    except Exception:
        # nothing was delivered: the accept is still the candidate's
        _set_accepts(message.recipient, content.template_id, None)
        raise
    return None


def _use_accept(openid: str, template_id: str) -> None:
    """Spend one recorded popup accept; with none left WeChat is not called at all (it would
    answer 43101), and the message ends `not_subscribed` so HR hears to reach them otherwise."""
    from bots.errors import NotSubscribedError

    used = db.session.execute(
        update(WechatSubscription)
        .where(
            WechatSubscription.openid == openid,
            WechatSubscription.template_id == template_id,
            WechatSubscription.accepts > 0,
        )
        .values(accepts=WechatSubscription.accepts - 1)
    ).rowcount
    db.session.commit()
    if not used:
        raise NotSubscribedError("wechat", None, "no subscribe accept left; not sent to WeChat")


def _set_accepts(openid: str, template_id: str, value: int | None) -> None:
    """value None gives one accept back; 0 records that none is left."""
    db.session.rollback()
    new = WechatSubscription.accepts + 1 if value is None else value
    db.session.execute(
        update(WechatSubscription)
        .where(WechatSubscription.openid == openid, WechatSubscription.template_id == template_id)
        .values(accepts=new)
    )
    db.session.commit()


def _send_dingtalk(message: OutboxMessage) -> str:
    from app.services.dingtalk_content import render
    from bots.dingtalk import send_work_notification

    msg = render(message)
    task_id = send_work_notification(
        _dingtalk(), current_app.config["DINGTALK_AGENT_ID"], [message.recipient], msg
    )
    return str(task_id)


def _dingtalk():
    from app.services.vendors import dingtalk_client

    return dingtalk_client()


def check_send_results(min_age_s: int = 60, limit: int = 100) -> dict:
    """DingTalk accepts first and delivers later: record read / unread / dropped per row.

    The row stays `sent`; the outcome goes into the payload (`send_result`) and, when the
    person did not get it, into `last_error`. Unread rows are looked at again for a day.
    """
    from bots.dingtalk import get_send_result, recipient_outcomes
    from bots.errors import VendorError

    now = utcnow()
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.channel == "dingtalk",
            OutboxMessage.status == "sent",
            OutboxMessage.vendor_ref.is_not(None),
            OutboxMessage.sent_at <= now - timedelta(seconds=min_age_s),
            OutboxMessage.sent_at >= now - timedelta(days=1),
        )
        .order_by(OutboxMessage.id)
    ).all()
    todo = [m for m in rows if (m.payload or {}).get("send_result") in (None, "unread")][:limit]
    counts: dict[str, int] = {}
    if not todo:
        return counts
    client, agent_id = _dingtalk(), current_app.config["DINGTALK_AGENT_ID"]
    for message in todo:
        try:
            result = get_send_result(client, agent_id, int(message.vendor_ref))
        except VendorError as exc:
            log.warning("outbox %s: send result unavailable: %s", message.id, exc)
            counts["unknown"] = counts.get("unknown", 0) + 1
            continue
        outcome = recipient_outcomes(result).get(message.recipient, "unknown")
        message.payload = {**message.payload, "send_result": outcome, "checked_at": now.isoformat()}
        if outcome not in ("read", "unread"):
            message.last_error = f"dingtalk send result: {outcome}"
        counts[outcome] = counts.get(outcome, 0) + 1
        db.session.commit()
    return counts
