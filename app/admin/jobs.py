"""/admin/jobs and /admin/jobs/new: jobs with their pipeline counts; paste a JD, preview, save."""

from flask import redirect, render_template, request, url_for
from sqlalchemy import and_, case, func, select

from app.admin import bp, nav
from app.admin.session import login_required, page_user
from app.auth import ensure_department
from app.errors import AppError
from app.extensions import db
from app.models import Department, Interview, Invitation, Job, Report
from app.services import jobs as job_service
from app.services.scope import scoped
from scoring.jd import parse_jd

nav.add("jobs", "职位", "admin.jobs", position=30)
EDITORS = ("admin", "recruiter", "manager")


@bp.get("/jobs")
@login_required()
def jobs():
    user = page_user()
    counts = (
        select(
            Job.id,
            func.count(Invitation.id.distinct()).label("invited"),
            func.count(Report.id.distinct()).label("finished"),
            # COUNT(DISTINCT CASE …): MariaDB has no aggregate FILTER clause.
            func.count(case((Report.decision.is_(None), Report.id)).distinct()).label("open"),
        )
        .outerjoin(Invitation, Invitation.job_id == Job.id)
        .outerjoin(
            Interview, and_(Interview.invitation_id == Invitation.id, Interview.kind == "formal")
        )
        .outerjoin(Report, Report.interview_id == Interview.id)
        .group_by(Job.id)
    )
    stats = {row.id: row for row in db.session.execute(scoped(counts, user, Job.department_id))}
    rows = db.session.execute(
        scoped(select(Job, Department.name), user, Job.department_id)
        .join(Department, Department.id == Job.department_id)
        .order_by(Job.status, Job.id.desc())
    ).all()
    return render_template("admin/jobs.html", rows=rows, stats=stats)


def _departments(user):
    return db.session.execute(
        scoped(select(Department.id, Department.name), user, Department.id).order_by(Department.id)
    ).all()


@bp.get("/jobs/new")
@login_required(*EDITORS)
def job_new():
    return render_template("admin/job_new.html", departments=_departments(page_user()), form={})


@bp.post("/jobs/preview")
@login_required(*EDITORS)
def job_preview():
    """The competency model the pasted JD gives; nothing is saved."""
    text = (request.form.get("jd_text") or "").strip()
    if len(text) < 10:
        return render_template(
            "admin/partials/jd_preview.html", error="请粘贴职位描述（至少10个字）"
        )
    model = parse_jd(text[:20000], title=(request.form.get("title") or "").strip() or None)
    return render_template("admin/partials/jd_preview.html", model=model)


@bp.post("/jobs/new")
@login_required(*EDITORS)
def job_create():
    user = page_user()
    form = {k: (request.form.get(k) or "").strip() for k in ("title", "department_id", "jd_text")}
    error = None
    if not form["title"] or len(form["title"]) > 100:
        error = "请填写职位名称（不超过100字）"
    elif len(form["jd_text"]) < 10 or len(form["jd_text"]) > 20000:
        error = "职位描述需要10到20000字"
    elif not form["department_id"].isdigit():
        error = "请选择部门"
    if error is None:
        ensure_department(user, int(form["department_id"]))  # not theirs: the 403 page
        try:
            job = job_service.create_job(
                title=form["title"],
                department_id=int(form["department_id"]),
                jd_text=form["jd_text"],
                settings={},
            )
            db.session.commit()
            return redirect(url_for("admin.job_detail", job_id=job.id, created=1))
        except AppError as exc:
            db.session.rollback()
            error = exc.message
    return render_template(
        "admin/job_new.html", departments=_departments(user), form=form, error=error
    ), 422
