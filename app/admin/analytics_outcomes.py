"""Recording later outcomes from the job's data-review page: one at a time, or a spreadsheet
with a preview (nothing saved) before the import. The same services as the JSON API."""

from flask import render_template, request

from app.admin import bp
from app.admin.session import login_required, page_user
from app.errors import AppError
from app.extensions import db
from app.models import Job
from app.services import outcomes as outcome_service
from app.services.candidates import get_candidate_for
from app.services.outcome_import import import_outcomes
from app.services.outcome_kinds import OutcomeError, parse_phrase


def _job(job_id: int) -> Job:
    from app.admin.analytics import _job as job_for_page

    return job_for_page(job_id)


@bp.post("/jobs/<int:job_id>/outcomes")
@login_required("admin", "recruiter", "manager")
def record_outcome(job_id: int):
    job = _job(job_id)
    raw_id = (request.form.get("candidate_id") or "").strip().lstrip("#")
    try:
        if not raw_id.isdigit() or len(raw_id) > 9:
            raise OutcomeError("请填写候选人编号（数字）")
        candidate = get_candidate_for(page_user(), int(raw_id))
        value = parse_phrase(request.form.get("result", ""))
        if outcome_service.latest_formal_interview(candidate.id, job.id) is None:
            raise OutcomeError(f"候选人 {candidate.id} 没有参加过“{job.title}”的正式面试")
        _, status = outcome_service.record(
            candidate, job, value, by=page_user(), source="admin", note=request.form.get("note")
        )
    except (OutcomeError, AppError) as exc:
        db.session.rollback()
        message = exc.message if isinstance(exc, AppError) else str(exc)
        return render_template("admin/partials/apply_result.html", ok=False, message=message), 422
    db.session.commit()
    done = {"created": "已记录", "updated": "已更新", "unchanged": "之前已记录过"}[status]
    return render_template(
        "admin/partials/apply_result.html",
        ok=True,
        message=f"{done}：{candidate.name}（编号 {candidate.id}）{value.label}。",
    )


@bp.post("/jobs/<int:job_id>/outcomes/import")
@login_required("admin", "recruiter", "manager")
def import_outcome_file(job_id: int):
    job = _job(job_id)
    upload = request.files.get("file")
    dry_run = request.form.get("apply") != "1"
    try:
        if upload is None or not upload.filename:
            raise OutcomeError("请选择 Excel 或 CSV 文件")
        result = import_outcomes(job, upload.read(), by=page_user(), dry_run=dry_run)
    except (OutcomeError, AppError) as exc:
        db.session.rollback()
        message = exc.message if isinstance(exc, AppError) else str(exc)
        return render_template("admin/partials/apply_result.html", ok=False, message=message), 422
    return render_template("admin/partials/import_result.html", result=result)
