"""Periodic and callback-driven work around decisions and HR messages.

Nothing schedules these by itself: run them from cron (or an RQ scheduler) through the
task kinds below, e.g. `decisions.release_due` every 10 minutes, `digest.daily` at 09:00
China time, `outbox.check_send_results` every 5 minutes.
"""

import logging

from sqlalchemy import update

from app.extensions import db
from app.jobs import handler
from app.models import HrUser

log = logging.getLogger(__name__)


@handler("decisions.release_due")
def release_due() -> dict:
    from app.services.decisions import release_due_results
    from app.services.outbox import kick

    released = release_due_results()
    if released:
        kick()
    return {"released": released}


@handler("digest.daily")
def daily_digest() -> dict:
    from app.services.digest import send_daily_digest

    return send_daily_digest()


@handler("outbox.check_send_results")
def check_send_results() -> dict:
    from app.services.delivery import check_send_results as run

    return run()


@handler("dingtalk.event")
def dingtalk_event(event: dict) -> dict:
    """A person who left the company loses HR access (their DingTalk userid is disabled)."""
    if event.get("EventType") != "user_leave_org":
        return {"ignored": event.get("EventType")}
    userids = event.get("UserId") or event.get("UserIdList") or []
    if isinstance(userids, str):
        userids = [userids]
    disabled = db.session.execute(
        update(HrUser)
        .where(HrUser.dingtalk_userid.in_([str(u) for u in userids]), HrUser.active.is_(True))
        .values(active=False)
    ).rowcount
    db.session.commit()
    log.info("user_leave_org %s: %s HR user(s) disabled", userids, disabled)
    return {"disabled": disabled}
