"""Outbound messages are rows written in the event's own transaction; the notify queue sends them."""

from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage


def add_message(
    channel: str, kind: str, recipient: str, payload: dict, dedupe_key: str
) -> OutboxMessage:
    """Add (not commit) a message; the same dedupe key twice yields the first row."""
    existing = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    if existing is not None:
        return existing
    for pending in db.session.new:  # added earlier in this same unit of work
        if isinstance(pending, OutboxMessage) and pending.dedupe_key == dedupe_key:
            return pending
    message = OutboxMessage(
        channel=channel, kind=kind, recipient=recipient, payload=payload, dedupe_key=dedupe_key
    )
    db.session.add(message)
    return message


def kick() -> None:
    """Commit, then ask the notify queue to deliver whatever is pending.

    Kicks coalesce: while a delivery task is still waiting (pending or queued, e.g. Redis is
    down), it will see this commit's messages too, so no second task is added.
    """
    from app.models import Task
    from app.queues import enqueue_outbox_delivery

    waiting = db.session.scalar(
        select(Task.id)
        .where(Task.kind == "outbox.deliver_pending", Task.state.in_(("pending", "queued")))
        .limit(1)
    )
    if waiting is None:
        enqueue_outbox_delivery()
    db.session.commit()  # the delivery task is dispatched after this
