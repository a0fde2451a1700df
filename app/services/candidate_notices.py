"""What really reached the candidate: recorded when WeChat took the message, told to HR when not.

A decision used to stamp `candidate_notified_at` at once, although the message could still be
refused (43101: no subscribe accept left) and nothing reached the candidate. Now the stamp
follows delivery, and a refused or failed candidate message becomes a DingTalk notice to the
job's HR, who can call the candidate instead.
"""

from app.extensions import db
from app.models import Invitation, OutboxMessage, Report
from app.models.base import utcnow
from app.services.events import hr_recipients
from app.services.outbox import add_message

# Candidate messages about an outcome, and how HR names them.
DECISION_KINDS = {"final_round": "复试邀请", "result": "面试结果"}
# What HR must hear was not delivered (a missed "report ready" is only a convenience).
NAMES = {**DECISION_KINDS, "invitation": "面试邀请"}
REASONS = {"not_subscribed": "候选人未授权订阅消息或授权次数已用完", "failed": "发送失败"}


def delivered(message: OutboxMessage) -> None:
    """Called in the transaction that marks a WeChat message sent."""
    if message.channel != "wechat" or message.kind not in DECISION_KINDS:
        return
    report = db.session.get(Report, (message.payload or {}).get("report_id") or 0)
    if report is not None and report.candidate_notified_at is None:
        report.candidate_notified_at = message.sent_at or utcnow()


def undelivered(message: OutboxMessage) -> None:
    """Called when a WeChat message to a candidate ends refused or failed: HR hears of it."""
    if message.channel != "wechat" or message.kind not in NAMES:
        return
    found = _candidate_and_job(message.payload or {})
    if found is None:
        return
    candidate_name, job = found
    reason = REASONS.get(message.status, message.status)
    text = (
        f"### 候选人未收到通知\n**{candidate_name}** · {job.title}\n\n"
        f"「{NAMES[message.kind]}」未能通过微信送达（{reason}）。请通过电话或短信联系候选人。"
    )
    for user in hr_recipients(job.department_id):
        add_message(
            "dingtalk",
            "notice",
            user.dingtalk_userid,
            {"title": "候选人未收到通知", "text": text, "outbox_id": message.id},
            f"undelivered:{message.id}:dingtalk:{user.dingtalk_userid}",
        )


def _candidate_and_job(payload: dict):
    if payload.get("report_id"):
        report = db.session.get(Report, payload["report_id"])
        invitation = report.interview.invitation if report else None
    else:
        invitation = db.session.get(Invitation, payload.get("invitation_id") or 0)
    if invitation is None:
        return None
    return invitation.candidate.name, invitation.job
