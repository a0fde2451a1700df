"""Once a month, HR admins get a DingTalk message when the data review shows flags.

Flags: questions or dimensions that are ineffective or inverse, and groups with adverse
impact (or to watch) in the fairness audit, over the last 12 months of each open job.
Sent through the outbox (kind `notice`), one per admin and month, never twice.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import AuditLog, HrUser, Job
from app.models.base import CHINA_OFFSET, utcnow
from app.services import review_flags
from app.services.links import admin_url
from app.services.outbox import add_message

log = logging.getLogger(__name__)
MARKER = "analytics_flags_checked"
MAX_LINES = 12


def _month() -> str:
    return (utcnow() + CHINA_OFFSET).strftime("%Y-%m")


def monthly_flags_due() -> bool:
    """True once a China month, from DINGTALK_DIGEST_HOUR on, until this month was checked."""
    if (utcnow() + CHINA_OFFSET).hour < current_app.config["DINGTALK_DIGEST_HOUR"]:
        return False
    done = db.session.scalar(
        select(AuditLog.id).where(AuditLog.action == MARKER, AuditLog.object_id == _month())
    )
    return done is None


def mark_month() -> None:
    """Record (uncommitted) that this month's check is queued."""
    audit.record(MARKER, "analytics", _month(), actor=("system", None))


def send_monthly_flags() -> dict:
    """Check every open job; message each admin with a DingTalk id if anything is flagged."""
    from app.services.outbox import kick

    month = _month()
    lines, flagged_jobs = [], 0
    jobs = list(db.session.scalars(select(Job).where(Job.status == "open").order_by(Job.id)))
    computed = review_flags.refresh(jobs)  # the workbench shows the same flags
    for job in jobs:
        flags = [f for f in computed[job.id] if f["kind"] != "watch"]
        if flags:
            flagged_jobs += 1
            for flag in flags:
                lines.append(
                    f"- **{job.title}**：{review_flags.KIND_WORDS[flag['kind']]} · {flag['what']}"
                )
    admins = db.session.scalars(
        select(HrUser).where(
            HrUser.role == "admin", HrUser.active.is_(True), HrUser.dingtalk_userid.is_not(None)
        )
    ).all()
    if lines:
        link = admin_url("/analytics")
        shown = lines[:MAX_LINES] + (
            [f"- 以及另外 {len(lines) - MAX_LINES} 项"] if len(lines) > MAX_LINES else []
        )
        text = (
            f"### 数据复盘 {month}：{flagged_jobs} 个岗位有需要关注的标记\n"
            + "\n".join(shown)
            + "\n\n标记说明存在差异或题目效果不佳，不等于已证明歧视；请在后台查看样本量与区间后复核。"
            + f"\n\n[打开数据复盘]({link})"
        )
        for admin in admins:
            add_message(
                "dingtalk",
                "notice",
                admin.dingtalk_userid,
                {"title": f"数据复盘 {month}", "text": text},
                f"analytics_flags:{month}:dingtalk:{admin.dingtalk_userid}",
            )
    audit.record(
        "analytics_flags_sent",
        "analytics",
        month,
        actor=("system", None),
        detail={"flags": len(lines), "jobs": flagged_jobs, "admins": len(admins) if lines else 0},
    )
    db.session.commit()
    kick()
    log.info("monthly analytics flags %s: %s flag(s) in %s job(s)", month, len(lines), flagged_jobs)
    return {"month": month, "flags": len(lines), "jobs": flagged_jobs}
