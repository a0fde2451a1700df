"""/admin/messages: every outbound WeChat / DingTalk message, its status, errors and a retry.

In development the local emulators' recordings (what the candidate's WeChat or HR's DingTalk
would have shown) are listed too.
"""

import json

from flask import current_app, render_template, request
from sqlalchemy import func, select

from app import audit
from app.admin import bp, nav
from app.admin.filters import MESSAGE_KINDS, MESSAGE_STATUSES
from app.admin.session import login_required
from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import OutboxMessage
from app.services.outbox import kick

nav.add("messages", "消息", "admin.messages", position=50, roles=("admin", "recruiter"))
PER_PAGE = 50
RETRYABLE = ("failed", "not_subscribed", "pending")


def _query():
    query = select(OutboxMessage)
    status = request.args.get("status") or ""
    channel = request.args.get("channel") or ""
    kind = request.args.get("kind") or ""
    if status in MESSAGE_STATUSES:
        query = query.where(OutboxMessage.status == status)
    if channel in ("wechat", "dingtalk"):
        query = query.where(OutboxMessage.channel == channel)
    if kind in MESSAGE_KINDS:
        query = query.where(OutboxMessage.kind == kind)
    return query, {"status": status, "channel": channel, "kind": kind}


@bp.get("/messages")
@login_required("admin", "recruiter")
def messages():
    query, filters = _query()
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = db.session.scalars(
        query.order_by(OutboxMessage.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return render_template(
        "admin/messages.html",
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        filters=filters,
        statuses=MESSAGE_STATUSES,
        kinds=MESSAGE_KINDS,
        recordings=_emulator_recordings(),
    )


@bp.post("/messages/<int:message_id>/retry")
@login_required("admin", "recruiter")
def message_retry(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(f"message {message_id} not found")
    if message.status not in RETRYABLE:
        raise Conflict("这条消息已发送或正在发送，不能重试", code="not_retryable")
    message.status, message.next_attempt_at = "pending", None
    audit.record("retry", "outbox_message", message.id)
    kick()  # commits, then the notify queue sends it
    db.session.refresh(message)
    return render_template("admin/partials/message_row.html", m=message)


def _emulator_recordings() -> list[dict] | None:
    """What the local emulators recorded (development only; None elsewhere)."""
    if current_app.config["APP_ENV"] != "development":
        return None
    import requests

    found = []
    for channel, key in (("wechat", "WECHAT_API_BASE_URL"), ("dingtalk", "DINGTALK_API_BASE_URL")):
        base = current_app.config.get(key)
        if not base:
            continue
        try:
            body = requests.get(f"{base.rstrip('/')}/_emulator/messages", timeout=1).json()
        except (requests.RequestException, ValueError):
            continue
        for m in body.get("messages", [])[-20:]:
            found.append(
                {
                    "channel": channel,
                    "to": m.get("touser") or m.get("userid"),
                    "at": m.get("at"),
                    "content": json.dumps(m.get("data") or m.get("msg"), ensure_ascii=False)[:300],
                }
            )
    return found
