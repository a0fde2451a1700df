"""What each DingTalk outbox row says, rendered at send time from its payload."""

import time

from flask import current_app

from app.models import OutboxMessage

# Card buttons stay valid for a week: a review can wait over a weekend.
LINK_TTL_S = 24 * 3600  # signed decision links expire within a day (and work once)


def _dimensions(payload: dict) -> list[tuple[str, float]]:
    return [(name, float(score)) for name, score in (payload.get("dimensions") or {}).items()]


def action_links(report_id: int, userid: str):
    from bots.cards import ReviewLinks
    from bots.signatures import sign_action_link

    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/bots/dingtalk/action"
    secret = current_app.config["SECRET_KEY"]
    expires = int(time.time()) + LINK_TTL_S
    return ReviewLinks(
        *(
            sign_action_link(base, secret, action, report_id, userid, expires)
            for action in ("pass", "reject", "view")
        )
    )


def render(message: OutboxMessage) -> dict:
    from bots import cards
    from bots.dingtalk import markdown_message

    p, ref = message.payload, message.dedupe_key.split(":dingtalk:")[0]
    if message.kind == "report_ready":
        return cards.report_ready_card(
            p["candidate"],
            p["job"],
            p["overall"] or 0.0,
            _dimensions(p),
            p["recommendation"],
            p["link"],
            ref,
        )
    if message.kind == "review_request":
        return cards.review_request_card(
            p["candidate"],
            p["job"],
            p["overall"] or 0.0,
            _dimensions(p),
            (p["review_threshold"], p["pass_threshold"]),
            action_links(p["report_id"], message.recipient),
            ref,
        )
    if message.kind == "candidate_review_request":
        kind = "解释评分" if p["kind"] == "explanation" else "人工复核"
        text = (
            f"### 候选人申请{kind}\n**{cards.plain(p['candidate'])}** · {cards.plain(p['job'])}"
            f"\n\n[查看面试]({p['link']})"
        )
        return markdown_message(f"候选人申请{kind}", text, ref)
    if message.kind in ("decision", "notice"):
        return markdown_message(p["title"], p["text"], ref)
    if message.kind == "digest":
        return p["msg"]
    raise ValueError(f"unknown DingTalk message kind {message.kind!r}")
