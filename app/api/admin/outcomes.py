"""Later-round outcomes (single, bulk, Excel/CSV import) and HR-imported demographics."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from app import audit
from app.api.openapi import json_object
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import Job, Outcome
from app.services import outcomes as outcome_service
from app.services.candidates import get_candidate_for
from app.services.demographics_import import import_demographics
from app.services.outcome_import import import_outcomes
from app.services.outcome_kinds import KINDS, OutcomeError, normalise

blp = Blueprint("admin_outcomes", __name__, url_prefix="/api/admin/v1", description="Outcomes")
SECURITY = [{"bearerAuth": []}]
EDITORS = ("admin", "recruiter", "manager")
ID = validate.Range(min=1, max=2**31 - 1)


class OutcomeIn(Schema):
    candidate_id = fields.Integer(required=True, validate=ID)
    job_id = fields.Integer(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    result = fields.String(load_default=None, validate=validate.Length(max=20))
    rating = fields.Integer(load_default=None, validate=validate.Range(min=1, max=5))
    note = fields.String(load_default=None, validate=validate.Length(max=1000))


class BulkIn(Schema):
    items = fields.List(
        fields.Nested(OutcomeIn), required=True, validate=validate.Length(min=1, max=500)
    )


class ImportArgs(Schema):
    dry_run = fields.Boolean(load_default=True)


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    ensure_department(current_hr_user(), job.department_id)
    return job


def _prepare(item: dict):
    candidate = get_candidate_for(current_hr_user(), item["candidate_id"])
    job = _job(item["job_id"])
    try:
        value = normalise(item["kind"], item["result"], item["rating"])
    except OutcomeError as exc:
        raise ValidationError(str(exc), code="invalid_outcome") from exc
    if outcome_service.latest_formal_interview(candidate.id, job.id) is None:
        raise ValidationError(
            f"candidate {candidate.id} has no formal interview for job {job.id}",
            code="no_interview",
        )
    return candidate, job, value


def _file() -> bytes:
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError("send the spreadsheet as multipart field `file`", code="no_file")
    return upload.read()


@blp.post("/outcomes")
@hr_required(*EDITORS)
@blp.arguments(OutcomeIn)
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object("the same outcome was already recorded: {status, outcome}"),
        "201": json_object("recorded: {status, outcome}"),
    },
)
def record_outcome(body):
    """Record what happened next; the same outcome again changes nothing."""
    candidate, job, value = _prepare(body)
    row, status = outcome_service.record(
        candidate, job, value, by=current_hr_user(), source="admin", note=body["note"]
    )
    db.session.commit()
    return {"status": status, "outcome": outcome_service.outcome_dict(row)}, (
        201 if status == "created" else 200
    )


@blp.post("/outcomes/bulk")
@hr_required(*EDITORS)
@blp.arguments(BulkIn)
@blp.doc(security=SECURITY, responses={"200": json_object("per-row results: {results}")})
def record_bulk(body):
    """All or nothing: any invalid item and nothing is saved (422 names the items)."""
    prepared, errors = [], {}
    for index, item in enumerate(body["items"]):
        try:
            prepared.append((item, *_prepare(item)))
        except (ValidationError, NotFound) as exc:
            errors[str(index)] = exc.message
    if errors:
        raise ValidationError(
            f"{len(errors)} item(s) invalid; nothing saved", code="invalid_items", details=errors
        )
    results = []
    user = current_hr_user()
    for item, candidate, job, value in prepared:
        row, status = outcome_service.record(
            candidate, job, value, by=user, source="admin", note=item["note"]
        )
        results.append({"status": status, "outcome": outcome_service.outcome_dict(row)})
    db.session.commit()
    return {"results": results}


@blp.get("/jobs/<int:job_id>/outcomes")
@hr_required()
@blp.doc(security=SECURITY, responses={"200": json_object("the job's outcomes: {outcomes}")})
def list_outcomes(job_id: int):
    job = _job(job_id)
    rows = db.session.scalars(
        select(Outcome).where(Outcome.job_id == job.id).order_by(Outcome.id)
    ).all()
    audit.record_read("outcomes", job.id)
    return {"outcomes": [outcome_service.outcome_dict(r) for r in rows]}


@blp.post("/jobs/<int:job_id>/outcomes/import")
@hr_required(*EDITORS)
@blp.arguments(ImportArgs, location="query")
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object("row-level errors and matches; with dry_run=false, what was recorded")
    },
)
def import_file(args, job_id: int):
    """Excel or CSV: 候选人ID / 手机 / 邮箱, and 结果 (终面通过 …) or 结果类型 + 结果 + 评分.

    `dry_run=true` (the default) shows the matches and row errors without saving.
    """
    job = _job(job_id)
    return import_outcomes(job, _file(), by=current_hr_user(), dry_run=args["dry_run"])


@blp.post("/demographics/import")
@hr_required("admin")
@blp.arguments(ImportArgs, location="query")
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object("row-level errors and matches; with dry_run=false, what was recorded")
    },
)
def import_demographics_file(args):
    """HR-held demographics (性别, 出生年份, 学历) with the legal basis in form field
    `legal_basis`; only the audit uses them, and the answer never shows them."""
    return import_demographics(
        _file(),
        legal_basis=request.form.get("legal_basis", ""),
        by=current_hr_user(),
        dry_run=args["dry_run"],
    )
