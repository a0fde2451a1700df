"""/admin/candidates: the pipeline with filters, paging, sorting, bulk actions and Excel export."""

from datetime import datetime, time, timedelta
from io import BytesIO

from flask import render_template, request, send_file
from sqlalchemy import select

from app import audit
from app.admin import bp, nav
from app.admin.filters import CHINA_OFFSET, DECISIONS, RECOMMENDATIONS, STAGES, china_time, label
from app.admin.session import login_required, page_user
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, Department, HrUser, Job
from app.models.base import utcnow
from app.services import bulk
from app.services import pipeline as service
from app.services.outbox import kick
from app.services.scope import scoped

nav.add("candidates", "候选人", "admin.candidates", position=20)
EXPORT_COLUMNS = (
    "姓名", "手机", "邮箱", "职位", "部门", "阶段", "总分", "AI建议", "决定", "面试完成时间",
)  # fmt: skip


def _choices(user: HrUser) -> dict:
    jobs = db.session.execute(
        scoped(select(Job.id, Job.title), user, Job.department_id).order_by(Job.title)
    ).all()
    departments = db.session.execute(
        scoped(select(Department.id, Department.name), user, Department.id).order_by(Department.id)
    ).all()
    colleagues = db.session.execute(
        select(HrUser.id, HrUser.display_name, HrUser.username)
        .where(HrUser.active.is_(True), HrUser.dingtalk_userid.is_not(None), HrUser.id != user.id)
        .order_by(HrUser.id)
    ).all()
    return {
        "jobs": jobs,
        "departments": departments,
        "department_names": dict(departments),
        "colleagues": colleagues,
        "stages": STAGES,
        "recommendations": RECOMMENDATIONS,
        "decisions": DECISIONS,
    }


@bp.get("/candidates")
@login_required()
def candidates():
    user = page_user()
    filters = service.PipelineFilters.from_args(request.args)
    result = service.page(user, filters)
    context = {"f": filters, "result": result, **_choices(user)}
    if request.headers.get("HX-Target") == "pipeline":
        return render_template("admin/partials/pipeline_table.html", **context)
    return render_template("admin/candidates.html", **context)


@bp.get("/candidates/export.xlsx")
@login_required()
def candidates_export():
    from openpyxl import Workbook

    user = page_user()
    filters = service.PipelineFilters.from_args(request.args)
    rows = service.export_rows(user, filters)
    contacts = _contacts([r.candidate_id for r in rows])
    names = dict(db.session.execute(select(Department.id, Department.name)).all())
    book = Workbook(write_only=True)
    sheet = book.create_sheet("候选人")
    sheet.append(EXPORT_COLUMNS)
    for r in rows:
        phone, email = contacts.get(r.candidate_id, (None, None))
        sheet.append(
            [
                r.name,
                phone or "",
                email or "",
                r.job_title or "",
                names.get(r.department_id, ""),
                label(r.stage, "stage"),
                r.overall,
                label(r.recommendation, "recommendation") if r.recommendation else "",
                label(r.decision, "decision") if r.decision else "",
                china_time(r.finished_at) if r.finished_at else "",
            ]
        )
    audit.record(
        "export",
        "candidates",
        None,
        detail={"rows": len(rows), "fields": ["phone", "email"], "filters": _jsonable(filters)},
    )
    db.session.commit()
    out = BytesIO()
    book.save(out)
    out.seek(0)
    stamp = (utcnow() + CHINA_OFFSET).strftime("%Y%m%d-%H%M")
    return send_file(
        out,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"candidates-{stamp}.xlsx",
    )


def _contacts(ids: list[int]) -> dict[int, tuple]:
    """Phones and emails (decrypted) in chunks: a bounded number of queries for any export."""
    found = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 1000):
        chunk = unique[start : start + 1000]
        for cid, phone, email in db.session.execute(
            select(Candidate.id, Candidate.phone_enc, Candidate.email_enc).where(
                Candidate.id.in_(chunk)
            )
        ):
            found[cid] = (phone, email)
    return found


def _jsonable(filters) -> dict:
    return {k: str(v) for k, v in filters.as_args().items()}


def _pairs(name: str) -> tuple[list[int], list[int]]:
    """Checkbox values are "candidate_id:report_id" (report id empty before a report)."""
    candidates, reports = [], []
    for value in request.form.getlist(name):
        cid, _, rid = value.partition(":")
        if cid.isdigit():
            candidates.append(int(cid))
        if rid.isdigit():
            reports.append(int(rid))
    return candidates, reports


@bp.post("/candidates/bulk")
@login_required("admin", "recruiter", "manager")
def candidates_bulk():
    user = page_user()
    action = request.form.get("action")
    candidate_ids, report_ids = _pairs("ids")
    reason = (request.form.get("reason") or "").strip() or None
    if action in ("advance", "reject"):
        if not candidate_ids:
            raise ValidationError("请先勾选候选人", code="nothing_selected")
        if action == "reject" and not reason:
            raise ValidationError("批量淘汰需要填写理由", code="reason_required")
        if not report_ids:
            raise ValidationError("所选候选人还没有面试报告，无法决定", code="no_reports")
        result = bulk.decide_many(user, report_ids, action, reason)
        verb = "通过" if action == "advance" else "淘汰"
    elif action == "invite":
        job = db.session.get(Job, _int(request.form.get("job_id")))
        if job is None or not user.can_access_department(job.department_id):
            raise NotFound("请选择要邀请的职位", code="job_not_found")
        days = max(1, min(_int(request.form.get("days")) or 7, 60))
        china_end = datetime.combine(
            (utcnow() + CHINA_OFFSET).date() + timedelta(days=days),
            time(23, 59),
        )
        result = bulk.invite_many(user, candidate_ids, job, china_end - CHINA_OFFSET)
        verb = f"邀请面试（{job.title}）"
    elif action == "share":
        result = bulk.share_with(
            user, candidate_ids, _int(request.form.get("colleague_id")) or 0, reason
        )
        verb = "分享到钉钉"
    else:
        raise ValidationError("请选择要执行的操作", code="unknown_action")
    kick()  # commits the decisions / invitations with their messages, then sends them
    message = f"已{verb} {result.done} 人。"
    if result.skipped:
        message += " 未处理：" + "；".join(result.skipped[:5])
    body = render_template("admin/partials/notice.html", kind="ok", message=message)
    return body, 200, {"HX-Trigger": "pipeline-changed"}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
