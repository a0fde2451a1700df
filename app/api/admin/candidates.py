"""Candidates: list (department-scoped), create (de-duplicated), read (audited)."""

from flask_smorest import Blueprint
from marshmallow import Schema, validate

from app import audit
from app.api import fields
from app.api.schemas import PageArgs
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import NotFound
from app.extensions import db
from app.models import Department
from app.services.candidates import (
    get_candidate_for,
    upsert_candidate_for,
    visible_candidates_query,
)

blp = Blueprint("admin_candidates", __name__, url_prefix="/api/admin/v1", description="Candidates")


class CandidateInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(load_default=None, validate=validate.Regexp(r"^\+?[\d\s-]{6,20}$"))
    email = fields.Email(load_default=None)
    source = fields.String(load_default="manual", validate=validate.Length(max=50))
    department_id = fields.Id(load_default=None)


class CandidateSummarySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    source = fields.String()
    department_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class CandidateDetailSchema(CandidateSummarySchema):
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    wechat_bound = fields.Boolean()
    created = fields.Boolean()


@blp.get("/candidates")
@hr_required()
@blp.arguments(PageArgs, location="query")
@blp.response(200, CandidateSummarySchema(many=True))
@blp.doc(security=[{"bearerAuth": []}])
def list_candidates(args):
    query = visible_candidates_query(current_hr_user())
    query = query.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])
    return db.session.scalars(query).all()


@blp.post("/candidates")
@hr_required("admin", "recruiter", "manager")
@blp.arguments(CandidateInSchema)
@blp.response(201, CandidateDetailSchema)
@blp.doc(security=[{"bearerAuth": []}])
def create_candidate(body):
    user = current_hr_user()
    if (
        body["department_id"] is not None
        and db.session.get(Department, body["department_id"]) is None
    ):
        raise NotFound(f"department {body['department_id']} not found", code="department_not_found")
    if body["department_id"] is not None or user.role == "manager":
        ensure_department(user, body["department_id"])
    candidate, created = upsert_candidate_for(user, **body)
    audit.record("create" if created else "merge", "candidate", candidate.id)
    db.session.commit()
    return _detail(candidate, created=created)


@blp.get("/candidates/<int:candidate_id>")
@hr_required()
@blp.response(200, CandidateDetailSchema)
@blp.doc(security=[{"bearerAuth": []}])
def get_candidate(candidate_id: int):
    candidate = get_candidate_for(current_hr_user(), candidate_id)
    audit.record_read("candidate", candidate.id, ["phone", "email"])
    return _detail(candidate)


def _detail(candidate, created: bool = False) -> dict:
    return {
        "id": candidate.id,
        "name": candidate.name,
        "source": candidate.source,
        "department_id": candidate.department_id,
        "created_at": candidate.created_at,
        "phone": candidate.phone,
        "email": candidate.email,
        "wechat_bound": candidate.wechat_openid is not None,
        "created": created,
    }
