"""/admin/invitations: invite one candidate or many (Excel), status per invitation, and the
mini-program code to download or print."""

from datetime import datetime, time, timedelta

from flask import Response, render_template, request
from sqlalchemy import func, select

from app.admin import bp, nav
from app.admin.filters import CHINA_OFFSET, INVITATION_STATUSES
from app.admin.session import login_required, page_user
from app.auth import ensure_department
from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, Invitation, Job
from app.models.base import utcnow
from app.services.candidates import upsert_candidate_for
from app.services.invitation_import import import_invitations
from app.services.invitations import create_invitation
from app.services.outbox import kick
from app.services.scope import scoped

nav.add("invitations", "邀约", "admin.invitations", position=40)
EDITORS = ("admin", "recruiter", "manager")
PER_PAGE = 50


def _deadline(days_text: str | None) -> datetime:
    try:
        days = int(days_text or 7)
    except ValueError:
        days = 7
    days = max(1, min(days, 60))
    china_day = (utcnow() + CHINA_OFFSET).date() + timedelta(days=days)
    return datetime.combine(china_day, time(23, 59)) - CHINA_OFFSET


def _context(**extra) -> dict:
    user = page_user()
    status = request.args.get("status") or ""
    query = scoped(
        select(Invitation, Candidate.name, Job.title)
        .join(Candidate, Candidate.id == Invitation.candidate_id)
        .join(Job, Job.id == Invitation.job_id)
        .where(Candidate.status != "deleted"),
        user,
        Job.department_id,
    )
    if status in INVITATION_STATUSES:
        query = query.where(Invitation.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = db.session.execute(
        query.order_by(Invitation.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    jobs = db.session.execute(
        scoped(select(Job.id, Job.title).where(Job.status == "open"), user, Job.department_id)
    ).all()
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": pages,
        "status": status,
        "statuses": INVITATION_STATUSES,
        "jobs": jobs,
        **extra,
    }


@bp.get("/invitations")
@login_required()
def invitations():
    return render_template("admin/invitations.html", **_context())


@bp.post("/invitations")
@login_required(*EDITORS)
def invitation_create():
    user = page_user()
    form = request.form
    name = (form.get("name") or "").strip()[:100]
    phone = (form.get("phone") or "").strip() or None
    email = (form.get("email") or "").strip() or None
    job = db.session.get(Job, int(form["job_id"])) if (form.get("job_id") or "").isdigit() else None
    if job is not None:
        ensure_department(user, job.department_id)  # another department's job: the 403 page
    try:
        if not name or not (phone or email):
            raise ValidationError("请填写姓名，以及手机或邮箱")
        if job is None:
            raise ValidationError("请选择职位", code="job_required")
        candidate, _ = upsert_candidate_for(
            user,
            name=name,
            phone=phone,
            email=email,
            source="admin",
            department_id=job.department_id,
        )
        invitation = create_invitation(candidate, job, _deadline(form.get("days")), user.id)
    except AppError as exc:
        db.session.rollback()
        return render_template("admin/invitations.html", **_context(error=exc.message)), 422
    kick()  # commits the invitation with its WeChat message, then sends it
    return render_template(
        "admin/invitations.html",
        **_context(saved=f"已邀请 {name}（{job.title}），邀请编号 {invitation.id}"),
    )


@bp.post("/invitations/import")
@login_required(*EDITORS)
def invitation_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("admin/invitations.html", **_context(error="请选择文件")), 422
    try:
        result = import_invitations(page_user(), upload.read(), _deadline(request.form.get("days")))
    except AppError as exc:
        db.session.rollback()
        return render_template("admin/invitations.html", **_context(error=exc.message)), 422
    kick()
    return render_template("admin/invitations.html", **_context(imported=result))


@bp.get("/invitations/<int:invitation_id>/mp-code.png")
@login_required()
def invitation_mp_code(invitation_id: int):
    """The mini-program code that opens this invitation, to send as a picture or print."""
    from app.services.vendors import wechat_client
    from bots.errors import VendorError
    from bots.wechat import get_wxa_code_unlimited

    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(f"invitation {invitation_id} not found")
    ensure_department(page_user(), invitation.job.department_id)
    scene = f"{invitation.id}.{invitation.token}"
    if len(scene) > 32:
        raise AppError("这个邀请的链接太长，无法生成小程序码，请发送链接", status=409)
    try:
        png = get_wxa_code_unlimited(wechat_client(), scene, "pages/invite/index")
    except VendorError as exc:
        raise AppError(f"微信暂时无法生成小程序码：{exc}", status=503) from exc
    filename = f"invitation-{invitation.id}.png"
    return Response(
        png,
        mimetype="image/png",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
