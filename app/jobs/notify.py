"""The notify queue: delivering outbox rows."""

from app.jobs import handler


@handler("outbox.deliver_pending")
def deliver_pending() -> dict:
    from app.services.delivery import deliver_pending as run

    return run()


@handler("dingtalk.robot_reply")
def robot_reply(msg_id: str, user_id: int, sealed: str) -> dict:
    """A slow robot command: run it and answer through the message's sessionWebhook."""
    from app.services.robot_replies import run_later

    return run_later(msg_id, user_id, sealed)
