"""What the DingTalk bot does for an HR user: each command, limited by role and departments.

Replies are markdown. A manager sees and decides only their own departments' candidates;
what they may not see is answered as if it did not exist for them ("没有权限").
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app import audit
from app.errors import AppError
from app.extensions import db
from app.models import Candidate, HrUser, Interview, Invitation, Job, Report
from app.models.base import CHINA_OFFSET, utcnow
from app.services import robot_report
from app.services.candidates import visible_candidates_query
from app.services.robot_outcomes import record_outcome
from bots.cards import RECOMMENDATIONS, plain
from bots.robot_commands import HELP_TEXT, Command

INVITATION_DAYS = 7  # deadline of an invitation sent from the bot
MAX_LINES = 20
MAX_REPORTS_SHOWN = 3  # `查看` details this many reports; `报告 <编号>` shows any one
REFUSAL = "抱歉，你的钉钉账号没有开通面试助手权限，请联系系统管理员。"
VIA_BOT = {"via": "dingtalk_bot"}
NO_ACCESS = "抱歉，你没有权限查看或处理该候选人（不在你负责的部门）。"


@dataclass(frozen=True)
class Reply:
    title: str
    text: str
    later: bool = False  # a task answers through the message's sessionWebhook

    def body(self) -> dict:
        """The HTTP response body DingTalk posts back into the conversation."""
        if self.later:
            return {"msgtype": "empty"}
        return {"msgtype": "markdown", "markdown": {"title": self.title, "text": self.text}}


LATER = Reply("面试助手", "", later=True)


def _hr(user: HrUser) -> tuple[str, str]:
    """The audit actor: the HR user behind the bot, also in the Stream process and tasks."""
    return "hr", str(user.id)


def find_sender(staff_id: str) -> HrUser | None:
    """The active HR user behind a DingTalk staff id, or None."""
    user = db.session.scalar(select(HrUser).where(HrUser.dingtalk_userid == staff_id))
    return user if user is not None and user.active else None


def execute(command: Command, user: HrUser) -> Reply:
    """Run one parsed command for this HR user; the caller commits."""
    handlers = {
        "today": _today,
        "pending": _pending,
        "view": _view,
        "report": _report,
        "approve": _decide,
        "reject": _decide,
        "invite": _invite,
        "outcome": record_outcome,
    }
    handler = handlers.get(command.name)
    if handler is None:
        text = HELP_TEXT if not command.problem else f"{command.problem}\n\n{HELP_TEXT}"
        return Reply("面试助手", text)
    return handler(command, user)


def _china_today_start_utc():
    now_china = utcnow() + CHINA_OFFSET
    return now_china.replace(hour=0, minute=0, second=0, microsecond=0) - CHINA_OFFSET


def _scope(user: HrUser, query, department_column):
    if user.role == "manager":
        return query.where(department_column.in_(user.department_ids or {-1}))
    return query


def _score(report: Report | None) -> str:
    if report is None or report.overall is None:
        return "—"
    return f"{report.overall:.0f}分"


def _today(command: Command, user: HrUser) -> Reply:
    start = _china_today_start_utc()
    query = (
        select(Interview, Job, Candidate)
        .join(Job, Job.id == Interview.job_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.kind == "formal", Interview.started_at >= start)
        .order_by(Interview.id)
    )
    rows = db.session.execute(_scope(user, query, Job.department_id)).all()
    states = {"in_progress": "进行中", "completing": "评分中", "scored": "已出报告"}
    lines = [f"### 今日面试（{len(rows)} 场）"]
    for interview, job, candidate in rows[:MAX_LINES]:
        report = db.session.scalar(select(Report).where(Report.interview_id == interview.id))
        state = states.get(interview.state, "待人工评估")
        ref = f"#{report.id} " if report else ""
        lines.append(
            f"- {ref}{plain(candidate.name)} · {plain(job.title)} · {state} · {_score(report)}"
        )
    if not rows:
        lines.append("今天还没有正式面试。")
    return Reply("今日面试", "\n".join(lines))


def pending_reports(user: HrUser):
    """Reports waiting for a human decision, within the user's departments."""
    query = (
        select(Report, Job, Candidate)
        .join(Interview, Interview.id == Report.interview_id)
        .join(Job, Job.id == Interview.job_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(
            Report.decision.is_(None),
            (Report.status == "human_review")
            | ((Report.status == "ready") & Report.recommendation.in_(("review", "not_pass"))),
        )
        .order_by(Report.id)
    )
    return db.session.execute(_scope(user, query, Job.department_id)).all()


def _pending(command: Command, user: HrUser) -> Reply:
    rows = pending_reports(user)
    lines = [f"### 待审核（{len(rows)} 人）"]
    for report, job, candidate in rows[:MAX_LINES]:
        advice = RECOMMENDATIONS.get(report.recommendation or "", "人工评估")
        lines.append(
            f"- #{report.id} {plain(candidate.name)} · {plain(job.title)} · {_score(report)}"
            f" · {advice}"
        )
    if rows:
        lines.append("\n回复「通过 编号」或「淘汰 编号」处理。")
    else:
        lines.append("没有等待审核的候选人。")
    return Reply("待审核", "\n".join(lines))


def _view(command: Command, user: HrUser) -> Reply:
    key = command.args[0].lstrip("#")
    query = visible_candidates_query(user)
    if key.isdigit():
        candidates = db.session.scalars(query.where(Candidate.id == int(key))).all()
        exists = db.session.get(Candidate, int(key)) is not None
    else:
        candidates = db.session.scalars(query.where(Candidate.name == key)).all()
        exists = bool(db.session.scalar(select(func.count()).where(Candidate.name == key)))
    if not candidates:
        return Reply("查看候选人", NO_ACCESS if exists else f"没有找到候选人「{plain(key)}」。")
    lines, shown = [], 0
    for candidate in candidates[:5]:
        audit.record("read", "candidate", candidate.id, actor=_hr(user), detail=VIA_BOT)
        lines.append(f"### {plain(candidate.name)}（编号 {candidate.id}）")
        lines.append(_reachable(candidate))
        invitations = db.session.scalars(
            select(Invitation).where(Invitation.candidate_id == candidate.id)
        ).all()
        for invitation in invitations:
            if not user.can_access_department(invitation.job.department_id):
                continue
            report = db.session.scalar(
                select(Report)
                .join(Interview, Interview.id == Report.interview_id)
                .where(Interview.invitation_id == invitation.id, Interview.kind == "formal")
            )
            detail = f"报告 #{report.id} · {_score(report)}" if report else invitation.status
            lines.append(f"- {plain(invitation.job.title)}：{detail}")
            if report is not None and report.status == "ready" and shown < MAX_REPORTS_SHOWN:
                shown += 1
                audit.record("read", "report", report.id, actor=_hr(user), detail=VIA_BOT)
                lines += [
                    *robot_report.dimension_lines(report),
                    robot_report.interview_link(report),
                ]
        if not invitations:
            lines.append("- 尚未邀请面试")
    return Reply("查看候选人", "\n".join(lines))


def _reachable(candidate: Candidate) -> str:
    """Whether a WeChat message can still reach them (each popup accept allows one)."""
    from app.services.subscriptions import accepts_left

    left = sum(accepts_left(candidate.wechat_openid).values()) if candidate.wechat_openid else 0
    if left:
        return f"- 微信通知：还可发送 {left} 条"
    return "- 微信通知：无可用的订阅授权，请通过电话或短信联系"


def _visible_report(report_id: int, user: HrUser) -> tuple[Report | None, str | None]:
    report = db.session.get(Report, report_id)
    if report is None:
        return None, f"没有编号为 {report_id} 的面试报告。"
    job = report.interview.invitation.job
    if not user.can_access_department(job.department_id):
        return None, NO_ACCESS
    return report, None


def _report(command: Command, user: HrUser) -> Reply:
    report, problem = _visible_report(int(command.args[0]), user)
    if report is None:
        return Reply("面试报告", problem)
    audit.record("read", "report", report.id, actor=_hr(user), detail=VIA_BOT)
    return Reply("面试报告", robot_report.report_text(report))


def _decide(command: Command, user: HrUser) -> Reply:
    from app.services.decisions import decide

    report, problem = _visible_report(int(command.args[0]), user)
    if report is None:
        return Reply("审核", problem)
    decision = "advance" if command.name == "approve" else "reject"
    name = plain(report.interview.invitation.candidate.name)
    try:
        changed = decide(report, decision, by=user, source="bot")
    except AppError as exc:
        return Reply("审核", f"无法处理：{exc.message}")
    label = "通过，已邀请进入复试" if decision == "advance" else "淘汰，结果将告知候选人"
    if not changed:
        return Reply("审核", f"#{report.id} {name} 已经是「{label}」，无需重复操作。")
    return Reply("审核", f"已记录：#{report.id} {name} {label}。")


def _invite(command: Command, user: HrUser) -> Reply:
    from app.services.invitations import create_invitation

    name, title = command.args
    job_query = select(Job).where(Job.title == title, Job.status == "open")
    jobs = [j for j in db.session.scalars(job_query) if user.can_access_department(j.department_id)]
    if not jobs:
        return Reply("邀请", f"没有找到你可以邀请的岗位「{plain(title)}」。")
    if len(jobs) > 1:
        return Reply("邀请", f"有多个名为「{plain(title)}」的岗位，请在管理后台发送邀请。")
    job = jobs[0]
    candidates = db.session.scalars(
        visible_candidates_query(user).where(Candidate.name == name)
    ).all()
    if not candidates:
        return Reply("邀请", f"没有找到你可以邀请的候选人「{plain(name)}」。")
    if len(candidates) > 1:
        return Reply("邀请", f"有多位名为「{plain(name)}」的候选人，请用编号在管理后台邀请。")
    candidate = candidates[0]
    deadline = utcnow() + timedelta(days=INVITATION_DAYS)
    invitation = create_invitation(candidate, job, deadline, user.id)
    china = deadline + CHINA_OFFSET
    how = (
        "已通过微信通知候选人" if candidate.wechat_openid else "候选人尚未绑定微信，请发送小程序码"
    )
    return Reply(
        "邀请",
        f"已邀请 **{plain(candidate.name)}** 参加「{plain(job.title)}」AI面试"
        f"（邀请编号 {invitation.id}，截止 {china:%Y-%m-%d %H:%M}），{how}。",
    )
