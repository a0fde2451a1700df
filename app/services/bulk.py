"""Bulk actions from the pipeline: decide, invite, share with a colleague. Caller commits."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app import audit
from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, HrUser, Job, Report
from app.models.base import utcnow
from app.services.candidates import get_candidate_for
from app.services.decisions import decide
from app.services.invitations import create_invitation
from app.services.links import admin_url
from app.services.outbox import add_message

log = logging.getLogger(__name__)
MAX_BULK = 200


@dataclass
class BulkResult:
    done: int = 0
    skipped: list[str] = field(default_factory=list)


def _limit(ids: list[int]) -> list[int]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ValidationError("请先勾选候选人", code="nothing_selected")
    if len(ids) > MAX_BULK:
        raise ValidationError(f"一次最多处理 {MAX_BULK} 人", code="too_many")
    return ids


def decide_many(user: HrUser, report_ids: list[int], decision: str, reason: str | None):
    result = BulkResult()
    reports = db.session.scalars(select(Report).where(Report.id.in_(_limit(report_ids)))).all()
    for report in reports:
        try:
            with db.session.begin_nested():
                if decide(report, decision, by=user, source="page_bulk", reason=reason):
                    result.done += 1
        except AppError as exc:
            result.skipped.append(f"报告 {report.id}：{exc.message}")
    return result


def invite_many(user: HrUser, candidate_ids: list[int], job: Job, deadline: datetime):
    result = BulkResult()
    if deadline <= utcnow():
        raise ValidationError("截止时间必须晚于现在", code="deadline_in_past")
    for candidate_id in _limit(candidate_ids):
        try:
            with db.session.begin_nested():
                candidate = get_candidate_for(user, candidate_id)
                create_invitation(candidate, job, deadline, user.id)
                result.done += 1
        except AppError as exc:
            result.skipped.append(f"候选人 {candidate_id}：{exc.message}")
    return result


def share_with(user: HrUser, candidate_ids: list[int], colleague_id: int, note: str | None):
    """A DingTalk work notification to a colleague listing the candidates with their links."""
    colleague = db.session.get(HrUser, colleague_id)
    if colleague is None or not colleague.active or not colleague.dingtalk_userid:
        raise NotFound("这位同事没有绑定钉钉账号", code="colleague_not_found")
    rows = db.session.scalars(
        select(Candidate).where(Candidate.id.in_(_limit(candidate_ids)))
    ).all()
    visible = []
    for candidate in rows:
        try:
            visible.append(get_candidate_for(user, candidate.id))
            get_candidate_for(colleague, candidate.id)  # never share beyond their scope
        except AppError:
            continue
    if not visible:
        raise ValidationError("所选候选人不在这位同事的可见范围内", code="out_of_scope")
    who = user.display_name or user.username
    lines = [f"### {who} 请您看看这些候选人"]
    if note:
        lines.append(note.strip()[:200])
    lines += [f"- [{c.name}]({admin_url(f'/candidates/{c.id}')})" for c in visible]
    stamp = int(utcnow().timestamp() * 1000)
    add_message(
        "dingtalk",
        "notice",
        colleague.dingtalk_userid,
        {"title": f"{who}分享了{len(visible)}位候选人", "text": "\n\n".join(lines)},
        f"share:{user.id}:{stamp}:dingtalk:{colleague.dingtalk_userid}",
    )
    audit.record(
        "share",
        "candidate",
        None,
        detail={"to": colleague.id, "candidate_ids": [c.id for c in visible]},
    )
    return BulkResult(done=len(visible), skipped=[])
