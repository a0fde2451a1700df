"""What the admin page shows, as JSON: interviews with answers, transcripts, evidence and hints;
the report's HR view; answer audio (range requests, audited); outbound messages; the audit log.
"""

from io import BytesIO

from flask import send_file
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from app import audit
from app.api import fields as api_fields
from app.auth import current_hr_user, hr_required
from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import OutboxMessage, Report
from app.services.audio_access import answer_audio
from app.services.audit_query import AuditFilters, audit_page, entry_dict
from app.services.interview_record import interview_record
from app.services.labels import MESSAGE_STATUSES
from app.services.outbox import kick
from app.services.review_requests import close_review

blp = Blueprint(
    "admin_records",
    __name__,
    url_prefix="/api/admin/v1",
    description="Interviews, reports, audio, messages and the audit log, as HR reads them",
)
SECURITY = [{"bearerAuth": []}]


class IntegrityFlagSchema(Schema):
    id = fields.Integer()
    kind = fields.String(
        metadata={"description": "repeated | shared | pasted | background | too_fast"}
    )
    label = fields.String()
    answer_id = fields.Integer()
    message = fields.String(metadata={"description": "for HR, in Chinese, with the numbers"})
    evidence = fields.Dict(
        metadata={
            "description": "the numbers, or the matching answer: similarity, shared passages, "
            "other_answer_id, other_question, other_text (and other_candidate, "
            "other_interview_id for answers shared between candidates)"
        }
    )


class InterviewRecordSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    ai_evaluation = fields.Boolean()
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    candidate = fields.Dict()
    job = fields.Dict()
    report = fields.Dict(allow_none=True, metadata={"description": "with hr_view, thresholds"})
    answers = fields.List(
        fields.Dict(),
        metadata={
            "description": "per question: the answer text and its source, hints shown, flags, "
            "score with STAR, evidence and reasons, and transcript segments with the evidence "
            "marked; `follow_up` (the follow-up asked, the reply, its evidence segments, the "
            "score before it) and `integrity_flags` (this answer's flags)"
        },
    )
    integrity_flags = fields.List(
        fields.Nested(IntegrityFlagSchema),
        metadata={"description": "evidence for a human to weigh, never a decision by itself"},
    )
    decisions = fields.List(fields.Dict())
    review_requests = fields.List(fields.Dict())


class MessageArgs(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(MESSAGE_STATUSES)))
    channel = fields.String(load_default=None, validate=validate.OneOf(["wechat", "dingtalk"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class MessageSchema(Schema):
    id = fields.Integer()
    channel = fields.String()
    kind = fields.String()
    recipient = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = api_fields.DateTime()
    sent_at = api_fields.DateTime(allow_none=True)
    next_attempt_at = api_fields.DateTime(allow_none=True)


class MessagePageSchema(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(MessageSchema))


class ReviewRequestSchema(Schema):
    id = fields.Integer()
    interview_id = fields.Integer()
    kind = fields.String(metadata={"description": "human_review | explanation"})
    status = fields.String(metadata={"description": "open | answered"})
    created_at = api_fields.DateTime()
    changed = fields.Boolean(metadata={"description": "false when it was already answered"})


class AuditArgs(Schema):
    actor_id = fields.String(load_default="", validate=validate.Length(max=64))
    action = fields.String(load_default="", validate=validate.Length(max=50))
    object_type = fields.String(load_default="", validate=validate.Length(max=50))
    object_id = fields.String(load_default="", validate=validate.Length(max=64))
    date_from = fields.Date(load_default=None)
    date_to = fields.Date(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = api_fields.DateTime()
    actor_kind = fields.String()
    actor_id = fields.String(allow_none=True)
    actor_name = fields.String(allow_none=True)
    action = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    ip = fields.String(allow_none=True)
    detail = fields.Raw(allow_none=True)


class AuditPageSchema(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(AuditEntrySchema))


@blp.get("/interviews/<int:interview_id>")
@hr_required()
@blp.response(200, InterviewRecordSchema)
@blp.doc(security=SECURITY)
def get_interview(interview_id: int):
    """The interview as the admin page shows it (an audited read of transcripts and scores)."""
    record = interview_record(current_hr_user(), interview_id)
    db.session.commit()
    return record


@blp.get("/reports/<int:report_id>")
@hr_required()
@blp.response(200, InterviewRecordSchema)
@blp.doc(security=SECURITY)
def get_report(report_id: int):
    """A report's HR view with its interview, answers and evidence (an audited read)."""
    interview_id = db.session.scalar(select(Report.interview_id).where(Report.id == report_id))
    if interview_id is None:
        raise NotFound(f"report {report_id} not found")
    record = interview_record(current_hr_user(), interview_id)
    db.session.commit()
    return record


@blp.get("/answers/<int:answer_id>/audio")
@hr_required()
@blp.doc(
    security=SECURITY,
    responses={
        "200": {"description": "the recording as uploaded", "content": {"audio/*": {}}},
        "206": {"description": "the requested byte range (Range: bytes=…)"},
    },
)
def get_answer_audio(answer_id: int):
    """A voice answer, streamed with range requests; every request is an audited read."""
    data, mimetype = answer_audio(current_hr_user(), answer_id)
    return send_file(BytesIO(data), mimetype=mimetype, conditional=True, max_age=0)


@blp.get("/messages")
@hr_required("admin", "recruiter")
@blp.arguments(MessageArgs, location="query")
@blp.response(200, MessagePageSchema)
@blp.doc(security=SECURITY)
def list_messages(args):
    """Every outbound WeChat / DingTalk message, newest first, with status and errors."""
    query = select(OutboxMessage)
    if args["status"]:
        query = query.where(OutboxMessage.status == args["status"])
    if args["channel"]:
        query = query.where(OutboxMessage.channel == args["channel"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.order_by(OutboxMessage.id.desc())
        .limit(args["per_page"])
        .offset((args["page"] - 1) * args["per_page"])
    ).all()
    return {"total": total, "items": items}


@blp.post("/messages/<int:message_id>/retry")
@hr_required("admin", "recruiter")
@blp.response(200, MessageSchema)
@blp.doc(security=SECURITY)
def retry_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(f"message {message_id} not found")
    if message.status not in ("failed", "not_subscribed", "pending"):
        raise Conflict("this message was sent or is being sent", code="not_retryable")
    message.status, message.next_attempt_at = "pending", None
    audit.record("retry", "outbox_message", message.id)
    kick()
    db.session.refresh(message)
    return message


@blp.post("/review-requests/<int:review_id>/close")
@hr_required("admin", "recruiter", "manager")
@blp.response(200, ReviewRequestSchema)
@blp.doc(security=SECURITY)
def close_review_request(review_id: int):
    """HR has handled a candidate's review request: it is answered, and the candidate may ask
    again later (one open request per interview)."""
    review, changed = close_review(current_hr_user(), review_id)
    db.session.commit()
    return {
        "id": review.id,
        "interview_id": review.interview_id,
        "kind": review.kind,
        "status": review.status,
        "created_at": review.created_at,
        "changed": changed,
    }


@blp.get("/audit")
@hr_required("admin")
@blp.arguments(AuditArgs, location="query")
@blp.response(200, AuditPageSchema)
@blp.doc(security=SECURITY)
def list_audit(args):
    """Who read or changed what, newest first (admins only)."""
    filters = AuditFilters.from_args({k: v.isoformat() if hasattr(v, "isoformat") else v
                                      for k, v in args.items() if v is not None})  # fmt: skip
    page = audit_page(filters)
    return {"total": page["total"], "items": [entry_dict(r, page["names"]) for r in page["rows"]]}
