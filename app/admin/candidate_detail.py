"""/admin/candidates/<id>: resume fields (an audited read), files, applications, history."""

from io import BytesIO

from flask import render_template, send_file

from app import audit, storage
from app.admin import bp
from app.admin.session import login_required, page_user
from app.errors import NotFound
from app.extensions import db
from app.services.candidate_record import candidate_record
from app.services.resumes import get_resume_for

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}


@bp.get("/candidates/<int:candidate_id>")
@login_required()
def candidate_detail(candidate_id: int):
    record = candidate_record(page_user(), candidate_id)
    html = render_template("admin/candidate.html", r=record, c=record["candidate"])
    db.session.commit()  # the audited read
    return html


@bp.get("/resumes/<int:resume_id>/file")
@login_required()
def resume_file(resume_id: int):
    resume = get_resume_for(page_user(), resume_id)
    if not resume.file_path:
        raise NotFound("这份简历的原文件已删除")
    data = storage.load(resume.file_path)
    audit.record_read("resume_file", resume.id)
    return send_file(
        BytesIO(data),
        mimetype=MIMETYPES.get(resume.kind or "", "application/octet-stream"),
        as_attachment=True,
        download_name=resume.filename,
    )
