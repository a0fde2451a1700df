"""The notify queue: delivering outbox rows."""

from app.jobs import handler


@handler("outbox.deliver_pending")
def deliver_pending() -> dict:
    from app.services.delivery import deliver_pending as run

    return run()
