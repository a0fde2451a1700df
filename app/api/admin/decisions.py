"""HR decisions on a report: advance to the human final round, or reject (and overturns)."""

from flask_smorest import Blueprint
from marshmallow import Schema, validate

from app.api import fields
from app.auth import current_hr_user, hr_required
from app.errors import NotFound
from app.extensions import db
from app.models import Report
from app.services.decisions import DECISIONS, decide
from app.services.outbox import kick

blp = Blueprint("admin_decisions", __name__, url_prefix="/api/admin/v1", description="Decisions")


class DecisionIn(Schema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(DECISIONS),
        metadata={"description": "advance (通过) | reject (淘汰) | hold (待定)"},
    )
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class DecisionOut(Schema):
    report_id = fields.Integer(attribute="id")
    decision = fields.String()
    decided_by_id = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    candidate_notified_at = fields.DateTime(allow_none=True)
    changed = fields.Boolean()


@blp.post("/reports/<int:report_id>/decision")
@hr_required("admin", "recruiter", "manager")
@blp.arguments(DecisionIn)
@blp.response(200, DecisionOut)
@blp.doc(security=[{"bearerAuth": []}])
def post_decision(body, report_id: int):
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(f"report {report_id} not found")
    changed = decide(
        report, body["decision"], by=current_hr_user(), source="admin", reason=body["reason"]
    )
    kick()  # commits the decision with its outbox messages, then queues delivery
    return {
        "id": report.id,
        "decision": report.decision,
        "decided_by_id": report.decided_by_id,
        "decided_at": report.decided_at,
        "candidate_notified_at": report.candidate_notified_at,
        "changed": changed,
    }
