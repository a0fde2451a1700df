"""DingTalk subscription events that have work behind them (queued by app.services.inbound).

Periodic work (releasing due decisions, the daily digest, checking send results) is not a task:
every worker's maintenance pass runs it (app.worker.housekeeping).
"""

import logging

from sqlalchemy import update

from app.extensions import db
from app.jobs import handler
from app.models import HrUser

log = logging.getLogger(__name__)


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
