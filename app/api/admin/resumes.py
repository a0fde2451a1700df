"""Resumes: upload for a job (files or a zip), batch progress, parsed result, corrections."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, validate

from app import audit
from app.api import fields
from app.api.schemas import schema_for
from app.auth import current_hr_user, hr_required
from app.errors import ValidationError
from app.extensions import db
from app.services import resumes as service
from scoring.resume.types import Education, Experience

blp = Blueprint("admin_resumes", __name__, url_prefix="/api/admin/v1", description="Resumes")


class UploadSchema(Schema):
    files = fields.List(
        fields.Raw(metadata={"type": "string", "format": "binary"}),
        metadata={"description": "PDF, DOCX, PNG, JPEG or WebP resumes, or zips of them"},
    )


class FileErrorSchema(Schema):
    code = fields.String()
    message = fields.String()


class BatchFileSchema(Schema):
    resume_id = fields.Integer()
    filename = fields.String()
    status = fields.String(metadata={"description": "pending | processing | parsed | failed"})
    candidate_id = fields.Integer()
    error = fields.Nested(FileErrorSchema)


class ProgressSchema(Schema):
    total = fields.Integer()
    done = fields.Integer(metadata={"description": "parsed + failed"})
    parsed = fields.Integer()
    failed = fields.Integer()


class BatchSchema(Schema):
    batch_id = fields.String()
    files = fields.List(fields.Nested(BatchFileSchema))
    progress = fields.Nested(ProgressSchema)


EducationSchema = schema_for(Education)
ExperienceSchema = schema_for(Experience)


class CorrectionSchema(Schema):
    """Any of the correctable fields (scoring.resume.fields.CORRECTABLE); what is sent replaces
    the parsed value. Entries are exactly what GET returns, so an unchanged entry sends back."""

    class Meta:
        unknown = RAISE

    name = fields.String(validate=validate.Length(min=1, max=100))
    phone = fields.String(validate=validate.Regexp(r"^\+?[\d\s()-]{6,20}$"))
    email = fields.Email()
    education = fields.List(fields.Nested(EducationSchema))
    experience = fields.List(fields.Nested(ExperienceSchema))
    years_of_experience = fields.Float(validate=validate.Range(min=0, max=60))
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=50)))


class ResumeSchema(Schema):
    id = fields.Integer()
    job_id = fields.Integer(allow_none=True)
    batch_id = fields.String(allow_none=True)
    candidate_id = fields.Integer(allow_none=True)
    filename = fields.String()
    kind = fields.String(allow_none=True)
    status = fields.String()
    error = fields.Nested(FileErrorSchema, allow_none=True)
    source = fields.String(allow_none=True, metadata={"description": "text | ocr"})
    fields_ = fields.Dict(data_key="fields", allow_none=True)
    corrections = fields.Dict()
    match = fields.Dict(allow_none=True)
    created_at = fields.DateTime()


class ResumeSummarySchema(Schema):
    id = fields.Integer()
    job_id = fields.Integer(allow_none=True)
    filename = fields.String()
    kind = fields.String(allow_none=True)
    status = fields.String()
    source = fields.String(allow_none=True)
    match_score = fields.Float(allow_none=True)
    created_at = fields.DateTime()


class ReparseSchema(Schema):
    resume_id = fields.Integer()
    status = fields.String()
    task_id = fields.Integer()


@blp.post("/jobs/<int:job_id>/resumes")
@hr_required()
@blp.arguments(UploadSchema, location="files")
@blp.response(202, BatchSchema)
@blp.doc(security=[{"bearerAuth": []}])
def upload(_args, job_id: int):
    job = service.get_job_for(current_hr_user(), job_id)
    unknown = sorted((set(request.form) | set(request.files)) - {"files"})
    if unknown:
        raise ValidationError(
            "只接受表单字段 files (unknown form fields: " + ", ".join(unknown)[:200] + ")",
            code="unknown_field",
        )
    uploads = [(f.filename or "resume", f.read()) for f in request.files.getlist("files")]
    uploads = [(name, data) for name, data in uploads if data]
    if not uploads:
        raise ValidationError(
            "请上传简历文件 (send one or more files, or a zip, under the form field 'files')",
            code="no_files",
        )
    return service.upload_resumes(job, uploads)


@blp.get("/resume-batches/<batch_id>")
@hr_required()
@blp.response(200, BatchSchema)
@blp.doc(security=[{"bearerAuth": []}])
def get_batch(batch_id: str):
    rows = service.batch_rows(current_hr_user(), batch_id)
    return service.batch_status(batch_id, rows)


@blp.get("/candidates/<int:candidate_id>/resumes")
@hr_required()
@blp.response(200, ResumeSummarySchema(many=True))
@blp.doc(security=[{"bearerAuth": []}])
def candidate_resumes(candidate_id: int):
    """Every resume a candidate sent, newest first: merging a duplicate keeps the history."""
    rows = service.candidate_resumes(current_hr_user(), candidate_id)
    return [
        {
            "id": r.id,
            "job_id": r.job_id,
            "filename": r.filename,
            "kind": r.kind,
            "status": r.status,
            "source": r.source,
            "match_score": (r.match or {}).get("score"),
            "created_at": r.created_at,
        }
        for r in rows
    ]


@blp.get("/resumes/<int:resume_id>")
@hr_required()
@blp.response(200, ResumeSchema)
@blp.doc(security=[{"bearerAuth": []}])
def get_resume(resume_id: int):
    resume = service.get_resume_for(current_hr_user(), resume_id)
    body = _detail(resume)
    audit.record_read("resume", resume.id, ["fields", "match"])
    return body


@blp.patch("/resumes/<int:resume_id>")
@hr_required()
@blp.arguments(CorrectionSchema)
@blp.response(200, ResumeSchema)
@blp.doc(security=[{"bearerAuth": []}])
def correct(changes: dict, resume_id: int):
    if not changes:
        raise ValidationError("没有要修改的字段 (send at least one field)", code="no_changes")
    resume = service.get_resume_for(current_hr_user(), resume_id)
    service.correct_resume(resume, changes)
    audit.record("correct", "resume", resume.id, detail={"fields": sorted(changes)})
    db.session.commit()
    return _detail(resume)


@blp.post("/resumes/<int:resume_id>/reparse")
@hr_required()
@blp.response(202, ReparseSchema)
@blp.doc(security=[{"bearerAuth": []}])
def reparse(resume_id: int):
    resume = service.get_resume_for(current_hr_user(), resume_id)
    audit.record("reparse", "resume", resume.id)
    task_id = service.reparse(resume)
    db.session.commit()  # then the task is dispatched
    db.session.expire_all()  # an inline run may have finished already
    resume = db.session.get(type(resume), resume_id)
    return {"resume_id": resume.id, "status": resume.status, "task_id": task_id}


def _detail(resume) -> dict:
    match = dict(resume.match) if resume.match else None
    evidence = (resume.parsed or {}).get("match_evidence") or {}
    if match:
        match["dimensions"] = [
            {**dim, "evidence": evidence.get(dim["name"], [])} for dim in match["dimensions"]
        ]
    return {
        "id": resume.id,
        "job_id": resume.job_id,
        "batch_id": resume.batch_id,
        "candidate_id": resume.candidate_id,
        "filename": resume.filename,
        "kind": resume.kind,
        "status": resume.status,
        "error": service.error_parts(resume.error),
        "source": resume.source,
        "fields_": service.effective_fields(resume),
        "corrections": resume.corrections or {},
        "match": match,
        "created_at": resume.created_at,
    }
