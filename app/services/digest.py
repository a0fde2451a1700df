"""The daily DingTalk digest: per HR user, what happened today within their departments."""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import HrUser, Interview, Job, Report
from app.models.base import CHINA_OFFSET, utcnow
from app.services.links import admin_url
from app.services.outbox import add_message

log = logging.getLogger(__name__)

PASS_RATE_DAYS = 30  # pass rates are over the last 30 days: one day is too few interviews


def _scoped(query, user: HrUser):
    if user.role == "manager":
        return query.where(Job.department_id.in_(user.department_ids or {-1}))
    return query


def digest_for(user: HrUser, day_start, now) -> dict:
    """The digest message for one user (bots.cards.daily_digest)."""
    from app.services.robot import pending_reports
    from bots.cards import JobPassRate, daily_digest

    today = _scoped(
        select(func.count(Interview.id))
        .join(Job, Job.id == Interview.job_id)
        .where(Interview.kind == "formal", Interview.started_at >= day_start),
        user,
    )
    rates_query = _scoped(
        select(Job.title, Report.recommendation, func.count(Report.id))
        .join(Interview, Interview.id == Report.interview_id)
        .join(Job, Job.id == Interview.job_id)
        .where(
            Report.status == "ready",
            Interview.finished_at >= now - timedelta(days=PASS_RATE_DAYS),
        )
        .group_by(Job.title, Report.recommendation)
        .order_by(Job.title),
        user,
    )
    rates: dict[str, list[int]] = {}
    for title, recommendation, count in db.session.execute(rates_query):
        entry = rates.setdefault(title, [0, 0])
        entry[1] += count
        if recommendation == "pass":
            entry[0] += count
    day = (now + CHINA_OFFSET).date()
    return daily_digest(
        day,
        db.session.scalar(today) or 0,
        len(pending_reports(user)),
        [JobPassRate(title, passed, finished) for title, (passed, finished) in rates.items()],
        admin_url(),
    )


def send_daily_digest() -> dict:
    """One digest per HR user on DingTalk per China day (the dedupe key names the day)."""
    from app.services.outbox import kick

    now = utcnow()
    china_now = now + CHINA_OFFSET
    day_start = china_now.replace(hour=0, minute=0, second=0, microsecond=0) - CHINA_OFFSET
    day = china_now.date().isoformat()
    users = db.session.scalars(
        select(HrUser).where(HrUser.active.is_(True), HrUser.dingtalk_userid.is_not(None))
    ).all()
    for user in users:
        msg = digest_for(user, day_start, now)
        add_message(
            "dingtalk",
            "digest",
            user.dingtalk_userid,
            {"day": day, "msg": msg},
            f"digest:{day}:dingtalk:{user.dingtalk_userid}",
        )
    db.session.commit()
    kick()
    log.info("daily digest %s for %s HR user(s)", day, len(users))
    return {"day": day, "users": len(users)}


def digest_due() -> bool:
    """True once a China day, from DINGTALK_DIGEST_HOUR on, until today's digest exists."""
    from app.models import OutboxMessage

    china_now = utcnow() + CHINA_OFFSET
    if china_now.hour < current_app.config["DINGTALK_DIGEST_HOUR"]:
        return False
    prefix = f"digest:{china_now.date().isoformat()}:"
    sent = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like(prefix + "%"))
    )
    return not sent
