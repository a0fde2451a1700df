"""Load the demo company; safe to run again (finds before it creates)."""

from datetime import timedelta

from sqlalchemy import select

from app import demo_data
from app.extensions import db
from app.models import (
    CompetencyDimension,
    CompetencyModelVersion,
    Department,
    HrUser,
    Invitation,
    Job,
    Question,
)
from app.models.base import CHINA_OFFSET, utcnow
from app.services import demo_history
from app.services.candidates import upsert_candidate
from app.services.model_versions import snapshot
from scoring.types import STAR_PARTS


def _get_or_create(model, defaults: dict | None = None, **keys):
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is None:
        row = model(**keys, **(defaults or {}))
        db.session.add(row)
        db.session.flush()
        return row, True
    return row, False


def seed_demo(history: bool = False, interviews: bool = False) -> list[str]:
    """Returns lines describing what was created, for the CLI to print. `history` adds a year
    of past candidates for the data review; `interviews` adds finished interviews in each band,
    a review request and undelivered messages for the admin page (`flask seed-demo` does both)."""
    lines = []
    depts = {name: _get_or_create(Department, name=name)[0] for name in demo_data.DEPARTMENTS}
    for username, display, role, dept_names, ding in demo_data.HR_USERS:
        user, created = _get_or_create(
            HrUser,
            username=username,
            defaults={
                "display_name": display,
                "role": role,
                "dingtalk_userid": ding,
                "password_hash": "",
            },
        )
        if created:
            user.set_password(demo_data.DEMO_PASSWORD)
            user.departments = [depts[d] for d in dept_names]
            lines.append(f"HR user {username} ({role}) password: {demo_data.DEMO_PASSWORD}")
    jobs = {}
    for spec in demo_data.JOBS:
        job, created = _get_or_create(
            Job,
            title=spec["title"],
            department_id=depts[spec["department"]].id,
            defaults={"jd_text": spec["jd_text"]},
        )
        if created:
            job.dimensions = [
                CompetencyDimension(name=n, weight=w, keywords=k, position=i)
                for i, (n, w, k) in enumerate(spec["dimensions"])
            ]
            lines.append(f"job {job.title} (id {job.id})")
        jobs[job.title] = job
    for title, competency, pool, text, limit, variant, condition in demo_data.QUESTIONS:
        keywords = next(k for n, _, k in _dims(title) if n == competency)
        _get_or_create(
            Question,
            job_id=jobs[title].id,
            text=text,
            defaults={
                "competency": competency,
                "pool": pool,
                "time_limit_s": limit,
                "keywords": keywords,
                "variant": variant,
                "variant_condition": condition,
                "star_expected": list(STAR_PARTS),
            },
        )
    people = {}
    for name, phone, email, dept, openid in demo_data.CANDIDATES:
        candidate, created = upsert_candidate(
            name=name, phone=phone, email=email, source="demo", department_id=depts[dept].id
        )
        if openid and candidate.wechat_openid is None:
            candidate.wechat_openid = openid
        if created:
            lines.append(f"candidate {name} (id {candidate.id})")
        people[name] = candidate
    for spec in demo_data.DEMO_INVITATIONS:
        sent = utcnow() - timedelta(days=spec.get("sent_ago", 0))
        invitation, created = _get_or_create(
            Invitation,
            token=spec["token"],
            defaults={
                "job_id": jobs[spec["job"]].id,
                "candidate_id": people[spec["candidate"]].id,
                "deadline": _deadline(spec["days"]),
                "created_at": sent,
                "updated_at": sent,
            },
        )
        if created:
            lines.append(f"open invitation {invitation.id} for {spec['candidate']} ({spec['job']})")
    for job in jobs.values():
        if not _has_versions(job):
            snapshot(job, "created")
    history_job = jobs[demo_history.JOB_TITLE]
    added = history and demo_history.seed_history(history_job, history_job.department_id, utcnow())
    if added:
        lines.append(f"{added} past candidates of {history_job.title} for the data review")
    if history:
        from app.services.review_flags import refresh

        flags = refresh([history_job])[history_job.id]  # the workbench shows them at once
        lines.append(f"{len(flags)} data-review flag(s) of {history_job.title} on the workbench")
    db.session.commit()
    if not interviews:
        return lines
    from app.services.demo_interviews import seed_finished_interviews
    from app.services.demo_resume import seed_resume

    lines += seed_finished_interviews(jobs, depts)
    return lines + seed_resume(jobs["产品经理"])


def _deadline(days: int):
    """The end of the China day `days` from today (23:59 China time), in UTC."""
    china = utcnow() + CHINA_OFFSET + timedelta(days=days)
    return china.replace(hour=23, minute=59, second=0, microsecond=0) - CHINA_OFFSET


def _dims(title: str):
    return next(j["dimensions"] for j in demo_data.JOBS if j["title"] == title)


def _has_versions(job: Job) -> bool:
    return db.session.scalar(select(CompetencyModelVersion.id).filter_by(job_id=job.id)) is not None
