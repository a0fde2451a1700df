"""`结果 张三 终面通过`: HR records a later outcome from DingTalk."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Candidate, HrUser, Interview, Job
from app.services import outcomes
from app.services.candidates import visible_candidates_query
from app.services.outcome_kinds import OutcomeError, parse_phrase
from bots.cards import plain
from bots.robot_commands import Command

TITLE = "记录结果"


def record_outcome(command: Command, user: HrUser):
    from app.services.robot import Reply

    who, phrase = command.args
    try:
        value = parse_phrase(phrase)
    except OutcomeError as exc:
        return Reply(TITLE, str(exc))
    query = visible_candidates_query(user)
    query = (
        query.where(Candidate.id == int(who.lstrip("#")))
        if who.lstrip("#").isdigit()
        else query.where(Candidate.name == who)
    )
    candidates = db.session.scalars(query).all()
    if not candidates:
        return Reply(TITLE, f"没有找到你可以处理的候选人「{plain(who)}」。")
    if len(candidates) > 1:
        ids = "、".join(str(c.id) for c in candidates[:5])
        return Reply(
            TITLE,
            f"有多位「{plain(who)}」（编号 {ids}），请写编号，例如 `结果 {ids.split('、')[0]} {phrase}`。",
        )
    candidate = candidates[0]
    jobs = db.session.scalars(
        select(Job)
        .join(Interview, Interview.job_id == Job.id)
        .where(Interview.candidate_id == candidate.id, Interview.kind == "formal")
        .distinct()
    ).all()
    jobs = [j for j in jobs if user.can_access_department(j.department_id)]
    if not jobs:
        return Reply(TITLE, f"「{plain(candidate.name)}」还没有参加过正式面试，无法记录结果。")
    if len(jobs) > 1:
        return Reply(TITLE, f"「{plain(candidate.name)}」面试过多个岗位，请在管理后台记录。")
    job = jobs[0]
    _, status = outcomes.record(candidate, job, value, by=user, source="bot")
    done = {"created": "已记录", "updated": "已更新", "unchanged": "之前已记录过"}[status]
    return Reply(
        TITLE,
        f"{done}：**{plain(candidate.name)}**（{plain(job.title)}）{value.label}。",
    )
