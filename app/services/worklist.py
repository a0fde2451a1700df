"""The HR workbench (工作台): what needs a human today, each item linking to where it is handled.

Every section is one count and one bounded list query with its joins, scoped to the user's
departments in SQL, so the page costs the same with ten or ten thousand candidates.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import (
    Candidate,
    HrUser,
    Interview,
    Invitation,
    Job,
    OutboxMessage,
    Report,
    ReviewRequest,
)
from app.models.base import CHINA_OFFSET, utcnow
from app.services.labels import CHANNELS, MESSAGE_KINDS
from app.services.scope import scoped, sees_every_department

STUCK_DAYS = 3  # an invitation not started after this many days needs a nudge
LIST_LIMIT = 8


@dataclass
class Item:
    title: str  # candidate name, or a message recipient
    detail: str  # job, score, status…
    link: tuple[str, dict]  # endpoint and its arguments
    when: object = None


@dataclass
class Section:
    key: str
    title: str
    hint: str
    count: int = 0
    items: list[Item] = field(default_factory=list)
    more: tuple[str, dict] | None = None  # the full list


def _count_and_rows(base, key_column, order):
    """The section's count and its first rows. The count reads only the key column (selecting
    whole rows, encrypted report views included, made MariaDB sort and copy them)."""
    count = db.session.scalar(
        select(func.count()).select_from(base.with_only_columns(key_column).subquery())
    )
    return count, db.session.execute(base.order_by(order).limit(LIST_LIMIT)).all()


def _report_rows(user: HrUser, condition, order):
    base = (
        select(Report.overall, Report.updated_at, Interview.id, Candidate.name, Job.title)
        .join(Interview, Interview.id == Report.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Job, Job.id == Interview.job_id)
        .where(condition, Candidate.status != "deleted")
    )
    return _count_and_rows(scoped(base, user, Job.department_id), Report.id, order)


def _report_section(user, key, title, hint, condition, order, more) -> Section:
    count, rows = _report_rows(user, condition, order)
    items = [
        Item(
            name,
            f"{job} · {overall:.1f}分" if overall is not None else job,
            ("admin.interview_detail", {"interview_id": interview_id}),
            updated_at,
        )
        for overall, updated_at, interview_id, name, job in rows
    ]
    return Section(key, title, hint, count, items, more)


def workbench(user: HrUser) -> list[Section]:
    now = utcnow()
    undecided = or_(Report.decision.is_(None), Report.decision == "hold")
    sections = [
        _report_section(
            user,
            "review_band",
            "临界候选人待决定",
            "分数落在复核区间，需要人工判断",
            (Report.status == "ready") & (Report.recommendation == "review") & undecided,
            Report.overall.desc(),
            ("admin.candidates", {"stage": "to_decide", "recommendation": "review"}),
        ),
        _report_section(
            user,
            "declined_ai",
            "拒绝AI评估·需人工评估",
            "候选人未同意AI评分，请阅读作答后决定",
            (Report.status == "human_review") & undecided,
            Report.id,
            ("admin.candidates", {"stage": "to_decide"}),
        ),
        _review_requests(user),
        _report_section(
            user,
            "reports_ready",
            "报告已生成·待确认",
            "建议通过或暂不推荐的报告，等待您确认",
            (Report.status == "ready")
            & Report.recommendation.in_(("pass", "not_pass"))
            & Report.decision.is_(None),
            Report.updated_at.desc(),
            ("admin.candidates", {"stage": "to_decide"}),
        ),
        _due_today(user, now),
        _stuck(user, now),
        _review_flags(user),
    ]
    if sees_every_department(user):
        sections.append(_failed_messages())
    return sections


def _review_requests(user) -> Section:
    base = (
        select(
            ReviewRequest.kind, ReviewRequest.created_at, Interview.id, Candidate.name, Job.title
        )
        .join(Interview, Interview.id == ReviewRequest.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Job, Job.id == Interview.job_id)
        .where(ReviewRequest.status == "open")
    )
    base = scoped(base, user, Job.department_id)
    count, rows = _count_and_rows(base, ReviewRequest.id, ReviewRequest.id)
    kinds = {"explanation": "申请解释评分", "human_review": "申请人工复核"}
    items = [
        Item(
            name,
            f"{job} · {kinds.get(kind, kind)}",
            ("admin.interview_detail", {"interview_id": interview_id}),
            created_at,
        )
        for kind, created_at, interview_id, name, job in rows
    ]
    return Section("review_requests", "候选人复核申请", "候选人对结果有疑问", count, items)


def _invitation_section(user, key, title, hint, condition, order, more=None) -> Section:
    base = (
        select(Invitation.candidate_id, Invitation.deadline, Candidate.name, Job.title)
        .join(Candidate, Candidate.id == Invitation.candidate_id)
        .join(Job, Job.id == Invitation.job_id)
        .where(condition, Candidate.status != "deleted")
    )
    count, rows = _count_and_rows(scoped(base, user, Job.department_id), Invitation.id, order)
    items = [
        Item(name, job, ("admin.candidate_detail", {"candidate_id": candidate_id}), deadline)
        for candidate_id, deadline, name, job in rows
    ]
    return Section(key, title, hint, count, items, more)


def _due_today(user, now) -> Section:
    china = now + CHINA_OFFSET
    end_of_day = china.replace(hour=23, minute=59, second=59, microsecond=0) - CHINA_OFFSET
    return _invitation_section(
        user,
        "due_today",
        "今日截止的面试",
        "今天 24 点前需完成AI面试",
        Invitation.status.in_(("sent", "accepted", "in_progress"))
        & (Invitation.deadline >= now)
        & (Invitation.deadline <= end_of_day),
        Invitation.deadline,
    )


def _stuck(user, now) -> Section:
    return _invitation_section(
        user,
        "stuck",
        f"邀请超过{STUCK_DAYS}天未开始",
        "可以提醒候选人或更换时间",
        Invitation.status.in_(("sent", "accepted"))
        & (Invitation.created_at < now - timedelta(days=STUCK_DAYS))
        & (Invitation.deadline >= now),
        Invitation.created_at,
        ("admin.candidates", {"stage": "invited"}),
    )


def _review_flags(user) -> Section:
    from app.services.review_flags import KIND_WORDS, visible

    count, flagged = visible(user, LIST_LIMIT)
    items = [
        Item(
            job.title,
            f"{KIND_WORDS[flag['kind']]} · {flag['what']}（n={flag['n']}）",
            ("admin.job_analytics_page", {"job_id": job.id}),
            computed_at,
        )
        for job, flag, computed_at in flagged
    ]
    when = min((item.when for item in items), default=None)
    hint = "过去12个月的题目效度与公平性，差异不等于已证明歧视，请看样本量后复核"
    if when is not None:
        hint += f"（{(when + CHINA_OFFSET):%m月%d日 %H:%M} 计算）"
    return Section("review_flags", "数据复盘提示", hint, count, items, ("admin.analytics", {}))


def _failed_messages() -> Section:
    condition = OutboxMessage.status.in_(("failed", "not_subscribed"))
    count = db.session.scalar(select(func.count()).where(condition))
    rows = db.session.scalars(
        select(OutboxMessage).where(condition).order_by(OutboxMessage.id.desc()).limit(LIST_LIMIT)
    ).all()
    items = [
        Item(
            f"{CHANNELS.get(m.channel, m.channel)} · {MESSAGE_KINDS.get(m.kind, m.kind)}",
            (m.last_error or m.status)[:40],
            ("admin.messages", {"status": m.status}),
            m.updated_at,
        )
        for m in rows
    ]
    return Section(
        "failed_messages",
        "发送失败的消息",
        "候选人或HR没有收到，可重试",
        count,
        items,
        ("admin.messages", {"status": "failed"}),
    )
