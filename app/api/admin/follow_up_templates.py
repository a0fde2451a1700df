"""A job's follow-up templates (追问模板): HR reads the set in use and edits it; an edited set is
checked (every part, the {quote} placeholder, length, the forbidden-topic guard) before it is
saved, and null puts the built-in set back."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app import audit
from app.api.admin.jobs import EDITORS, SECURITY, _job
from app.auth import hr_required
from app.errors import ValidationError
from app.extensions import db
from scoring.followups.templates import (
    PARTS,
    PLACEHOLDER,
    PLACEHOLDER_HELP,
    TemplateError,
    builtin_templates,
    parse_templates,
    templates_for,
)
from scoring.questions import ForbiddenTopicError

blp = Blueprint(
    "admin_follow_up_templates",
    __name__,
    url_prefix="/api/admin/v1",
    description="Follow-up question templates per job",
)


class TemplatesIn(Schema):
    templates = fields.Dict(
        required=True,
        allow_none=True,
        metadata={"description": "{part: {quoted: [..], plain: ..}} for every part; null resets"},
    )


class TemplatesOut(Schema):
    job_id = fields.Integer()
    custom = fields.Boolean(metadata={"description": "false: the built-in set is in use"})
    templates = fields.Dict()
    builtin = fields.Dict()
    parts = fields.Dict(metadata={"description": "what each part asks for"})
    placeholder = fields.String()
    placeholder_help = fields.String()


def _view(job) -> dict:
    return {
        "job_id": job.id,
        "custom": job.follow_up_templates is not None,
        "templates": templates_for(job.follow_up_templates).to_dict(),
        "builtin": builtin_templates().to_dict(),
        "parts": PARTS,
        "placeholder": PLACEHOLDER,
        "placeholder_help": PLACEHOLDER_HELP,
    }


@blp.get("/jobs/<int:job_id>/follow-up-templates")
@hr_required()
@blp.response(200, TemplatesOut)
@blp.doc(security=SECURITY)
def get_templates(job_id: int):
    return _view(_job(job_id))


@blp.put("/jobs/<int:job_id>/follow-up-templates")
@hr_required(*EDITORS)
@blp.arguments(TemplatesIn)
@blp.response(200, TemplatesOut)
@blp.doc(security=SECURITY)
def put_templates(body, job_id: int):
    job = _job(job_id, edit=True)
    data = body["templates"]
    if data is not None:
        try:
            data = parse_templates(data).to_dict()
        except TemplateError as exc:
            raise ValidationError(
                str(exc), code="invalid_template", details={"field": exc.field}
            ) from exc
        except ForbiddenTopicError as exc:
            raise ValidationError(str(exc), code="forbidden_topic") from exc
    job.follow_up_templates = data
    audit.record("update", "job", job.id, detail=["follow_up_templates"])
    db.session.commit()
    return _view(job)
