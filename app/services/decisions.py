"""What happens after a report: advance, ask HR, or wait for HR before telling a candidate no.

The machine may advance a candidate (when the job allows it) but never rejects one alone: a
not_pass result reaches the candidate only after an HR user confirms it, or after the job's
delay during which HR was told and could overturn it. Every decision names who made it.
"""

import logging

from sqlalchemy import select, update

from app import audit
from app.errors import Conflict, Forbidden, ValidationError
from app.extensions import db
from app.models import Decision, HrUser, Report
from app.models.base import utcnow
from app.services import review_requests
from app.services.events import hr_recipients
from app.services.outbox import add_message
from bots.cards import plain

log = logging.getLogger(__name__)

DECISIONS = ("advance", "reject", "hold")  # 通过 / 淘汰 / 待定
LABELS = {"advance": "进入复试", "reject": "不通过", "hold": "待定"}
MAX_REASON_CHARS = 500
FINAL_ROUND_NOTE = "HR将在2个工作日内联系您安排复试"
RESULT_NOTE = "感谢参与，本次暂未进入下一轮"


def _context(report: Report):
    interview = report.interview
    invitation = interview.invitation
    return interview, invitation.job, invitation.candidate


def _admin_link(path: str) -> str:
    from app.services.links import admin_url

    return admin_url(path)


def _hr_payload(report: Report) -> dict:
    interview, job, candidate = _context(report)
    return {
        "report_id": report.id,
        "interview_id": interview.id,
        "candidate_id": candidate.id,
        "candidate": candidate.name,
        "job": job.title,
        "overall": report.overall,
        "recommendation": report.recommendation,
        "dimensions": report.dimension_scores or {},
        "pass_threshold": job.pass_threshold,
        "review_threshold": job.review_threshold,
        "link": _admin_link(f"/interviews/{interview.id}"),
    }


def on_report_ready(report: Report) -> None:
    """Called by completion in the report's own transaction: one card per HR recipient."""
    interview, job, candidate = _context(report)
    payload = _hr_payload(report)
    auto_advance = report.recommendation == "pass" and job.auto_invite_final
    # Review band, or a pass on a job that wants a human to send every final-round invitation.
    needs_hr = report.recommendation == "review" or (
        report.recommendation == "pass" and not auto_advance
    )
    for user in hr_recipients(job.department_id):
        if report.status != "ready":  # no AI evaluation: nothing to score, a human decides
            text = (
                f"### 需要人工评估\n**{plain(candidate.name)}** · {plain(job.title)}\n\n"
                f"候选人未同意AI评估，请查看答题记录后决定（编号 {report.id}）。\n\n"
                f"[查看候选人]({payload['link']})"
            )
            add_message(
                "dingtalk",
                "notice",
                user.dingtalk_userid,
                {**payload, "title": "需要人工评估", "text": text},
                f"human_review:{report.id}:dingtalk:{user.dingtalk_userid}",
            )
        elif needs_hr:
            add_message(
                "dingtalk",
                "review_request",
                user.dingtalk_userid,
                payload,
                f"review_request:{report.id}:dingtalk:{user.dingtalk_userid}",
            )
        else:
            add_message(
                "dingtalk",
                "report_ready",
                user.dingtalk_userid,
                payload,
                f"report_ready:{report.id}:dingtalk:{user.dingtalk_userid}",
            )
    if auto_advance:
        _apply(report, "advance", None, source="auto", previous=None)
    elif candidate.wechat_openid and report.recommendation != "not_pass":
        add_message(
            "wechat",
            "report_ready",
            candidate.wechat_openid,
            {"report_id": report.id, "interview_id": interview.id, "job": job.title},
            f"report_ready:{report.id}:wechat:{candidate.wechat_openid}",
        )


def check_allowed(user: HrUser, report: Report) -> None:
    """Raise Forbidden unless this HR user may decide on this report."""
    _, job, _ = _context(report)
    if not user.active:
        raise Forbidden("user disabled", code="user_disabled")
    if not user.can_access_department(job.department_id):
        raise Forbidden("not allowed for this department", code="forbidden_department")


def decide(
    report: Report, decision: str, by: HrUser, source: str = "admin", reason: str | None = None
) -> bool:
    """An HR decision (or an overturn). Not committed; False when it changes nothing.

    `hold` (待定) records that a human is still thinking: nothing reaches the candidate and a
    not_pass result is no longer released automatically.
    """
    if decision not in DECISIONS:
        raise ValidationError(f"decision must be one of {', '.join(DECISIONS)}")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON_CHARS:
        raise ValidationError(
            f"理由最多 {MAX_REASON_CHARS} 字 (reason is too long)", code="reason_too_long"
        )
    check_allowed(by, report)
    if report.status == "preparing":
        raise Conflict("the report is not ready yet", code="report_not_ready")
    if report.decision == decision:
        return False
    _apply(report, decision, by, source=source, previous=report.decision, reason=reason)
    if decision != "hold":
        review_requests.close_on_decision(report.interview_id, decision)
    return True


def _apply(
    report: Report,
    decision: str,
    by: HrUser | None,
    source: str,
    previous: str | None,
    reason: str | None = None,
) -> None:
    interview, job, candidate = _context(report)
    now = utcnow()
    report.decision, report.decided_at = decision, now
    report.decided_by_id = by.id if by is not None else None
    report.release_at = None
    db.session.add(
        Decision(
            report_id=report.id,
            decision=decision,
            previous=previous,
            reason=reason,
            source=source,
            decided_by_id=report.decided_by_id,
            created_at=now,
        )
    )
    actor = ("hr", str(by.id)) if by is not None else ("system", None)
    audit.record(
        "decision",
        "report",
        report.id,
        actor=actor,
        detail={
            "decision": decision,
            "previous": previous,
            "source": source,
            "with_reason": reason is not None,
        },
    )
    openid = candidate.wechat_openid
    if decision == "advance" and openid:
        add_message(
            "wechat",
            "final_round",
            openid,
            {
                "report_id": report.id,
                "interview_id": interview.id,
                "job": job.title,
                "when": now.isoformat(),
                "note": FINAL_ROUND_NOTE,
            },
            f"final_round:{report.id}:wechat:{openid}",
        )
    if decision == "reject" and openid:
        add_message(
            "wechat",
            "result",
            openid,
            {
                "report_id": report.id,
                "interview_id": interview.id,
                "job": job.title,
                "finished_at": (interview.finished_at or now).isoformat(),
                "note": RESULT_NOTE,
            },
            f"result:{report.id}:wechat:{openid}",
        )
    # candidate_notified_at is stamped when WeChat takes the message (candidate_notices).
    who = plain(by.display_name or by.username) if by is not None else "系统"
    label = LABELS[decision]
    why = {"auto": "（达到通过线，自动邀请）", "release_delay": "（等待期满，结果已告知候选人）"}
    text = (
        f"### 面试结论：{label}\n**{plain(candidate.name)}** · {plain(job.title)}\n\n"
        f"决定人：{who}{why.get(source, '')}\n\n"
        + (f"理由：{plain(reason)}\n\n" if reason else "")
        + f"[查看候选人]({_admin_link(f'/candidates/{candidate.id}')})"
    )
    stamp = int(now.timestamp() * 1000)
    for user in hr_recipients(job.department_id):
        add_message(
            "dingtalk",
            "decision",
            user.dingtalk_userid,
            {"report_id": report.id, "title": f"面试结论：{label}", "text": text},
            f"decision:{report.id}:{decision}:{stamp}:dingtalk:{user.dingtalk_userid}",
        )
    log.info("report %s: %s by %s (%s)", report.id, decision, actor, source)


def release_due_results(limit: int = 200) -> list[int]:
    """not_pass results whose waiting time passed without HR overturning: tell the candidate."""
    due = db.session.scalars(
        select(Report)
        .where(
            Report.recommendation == "not_pass",
            Report.decision.is_(None),
            Report.release_at.is_not(None),
            Report.release_at <= utcnow(),
        )
        .order_by(Report.id)
        .limit(limit)
    ).all()
    released = []
    for report in due:
        # Two sweeps at once, or HR deciding right now: only the first change counts.
        claimed = db.session.execute(
            update(Report)
            .where(Report.id == report.id, Report.decision.is_(None))
            .values(decision="reject")
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            continue
        _apply(report, "reject", None, source="release_delay", previous=None)
        released.append(report.id)
    db.session.commit()
    return released
