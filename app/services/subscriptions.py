"""Subscribe-message accepts: each popup "accept" lets us send one message of that template.

WeChat has no API to ask how many are left, so we count: the mini-program reports what the
candidate answered in the popup (`POST /api/mp/v1/subscriptions`) and WeChat's message push
reports the same popup (subscribe_msg_popup_event) when it is configured. Either may come
first, or alone; an accept from one source and an accept from the other within PAIR_WINDOW are
the same tap and count once. The sender spends one per message (app.services.delivery).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.models import WechatSubscription
from app.models.base import utcnow

PAIR_WINDOW = timedelta(minutes=5)
SOURCES = ("mp", "push")
# What wx.requestSubscribeMessage answers per template id; only "accept" allows a message.
RESULTS = ("accept", "reject", "ban", "filter")
TEMPLATE_SETTINGS = {
    "invitation": "WECHAT_TEMPLATE_INVITATION",
    "report_ready": "WECHAT_TEMPLATE_REPORT_READY",
    "final_round": "WECHAT_TEMPLATE_FINAL_ROUND",
}


def configured_templates() -> dict[str, str]:
    """template id -> our message kind, for the templates this deployment sends."""
    cfg = current_app.config
    return {cfg[key]: kind for kind, key in TEMPLATE_SETTINGS.items() if cfg.get(key)}


def subscription(openid: str, template_id: str, lock: bool = False) -> WechatSubscription:
    query = select(WechatSubscription).where(
        WechatSubscription.openid == openid, WechatSubscription.template_id == template_id
    )
    row = db.session.scalar(query.with_for_update() if lock else query)
    if row is None:
        row = WechatSubscription(openid=openid, template_id=template_id, accepts=0)
        db.session.add(row)
        db.session.flush()
    return row


def record_accept(openid: str, template_id: str, source: str, at: datetime | None = None) -> bool:
    """One popup accept reported by `source`; False when it is the other source's report of an
    accept already counted. The caller commits."""
    if source not in SOURCES:
        raise ValueError(f"unknown accept source {source!r}")
    at = at or utcnow()
    row = subscription(openid, template_id, lock=True)
    pending = (
        row.unmatched_count if row.unmatched_at and abs(at - row.unmatched_at) <= PAIR_WINDOW else 0
    )
    if row.unmatched_source not in (None, source) and pending:
        row.unmatched_count = pending - 1  # the other source's report of this very tap
        row.unmatched_source = row.unmatched_source if pending > 1 else None
        return False
    db.session.execute(
        update(WechatSubscription)
        .where(WechatSubscription.id == row.id)
        .values(accepts=WechatSubscription.accepts + 1)
    )
    same = row.unmatched_source == source
    row.unmatched_source, row.unmatched_at = source, at
    row.unmatched_count = (pending if same else 0) + 1
    return True


def record_refusal(openid: str, template_id: str) -> None:
    """Rejected or banned (in the popup or in settings): nothing may be sent any more."""
    row = subscription(openid, template_id, lock=True)
    row.accepts, row.unmatched_source, row.unmatched_count = 0, None, 0


def record_popup(openid: str, results: dict[str, str], source: str) -> None:
    """A popup's answers {template id: accept | reject | ban | filter}; the caller commits."""
    for template_id, result in results.items():
        if result == "accept":
            record_accept(openid, template_id, source)
        elif result in ("reject", "ban"):
            record_refusal(openid, template_id)


def accepts_left(openid: str) -> dict[str, int]:
    """Sends left per configured template (those never accepted show 0)."""
    rows = db.session.scalars(
        select(WechatSubscription).where(WechatSubscription.openid == openid)
    ).all()
    have = {row.template_id: row.accepts for row in rows}
    return {template_id: have.get(template_id, 0) for template_id in configured_templates()}
