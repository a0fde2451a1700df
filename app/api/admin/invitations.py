"""HR invites a candidate to a job's AI interview."""

from datetime import UTC

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy import select

from app.api import fields
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import AppError, Conflict, NotFound, ValidationError
from app.extensions import db
from app.models import Invitation, Job
from app.services.candidates import get_candidate_for
from app.services.invitations import create_invitation
from app.services.outbox import kick

blp = Blueprint(
    "admin_invitations", __name__, url_prefix="/api/admin/v1", description="Invitations"
)
SECURITY = [{"bearerAuth": []}]
MP_INVITE_PAGE = "pages/invite/index"  # the page reads `scene` = "<id>.<token>"


class InvitationIn(Schema):
    candidate_id = fields.Id(required=True)
    job_id = fields.Id(required=True)
    deadline = fields.DateTime(required=True)


class AdminInvitationOut(Schema):
    id = fields.Integer()
    candidate_id = fields.Integer()
    job_id = fields.Integer()
    deadline = fields.DateTime()
    status = fields.String()
    token = fields.String()
    mp_path = fields.Method("_path")

    def _path(self, obj) -> str:
        return f"pages/invite/index?id={obj.id}&token={obj.token}"


@blp.post("/invitations")
@hr_required("admin", "recruiter", "manager")
@blp.arguments(InvitationIn)
@blp.response(201, AdminInvitationOut)
@blp.doc(security=SECURITY)
def invite(body):
    user = current_hr_user()
    job = db.session.get(Job, body["job_id"])
    if job is None:
        raise NotFound(f"job {body['job_id']} not found")
    ensure_department(user, job.department_id)
    candidate = get_candidate_for(user, body["candidate_id"])
    deadline = body["deadline"]
    if deadline.tzinfo is not None:  # stored as naive UTC
        try:
            deadline = deadline.astimezone(UTC).replace(tzinfo=None)
        except OverflowError as exc:  # year 1 with a positive offset
            raise ValidationError(
                "the deadline must be in the future", code="deadline_in_past"
            ) from exc
    invitation = create_invitation(candidate, job, deadline, user.id)
    kick()  # commits the invitation with its outbox message, then queues delivery
    return invitation


@blp.get("/invitations")
@hr_required()
@blp.response(200, AdminInvitationOut(many=True))
@blp.doc(security=SECURITY)
def list_invitations():
    user = current_hr_user()
    rows = db.session.scalars(select(Invitation).order_by(Invitation.id.desc()).limit(200)).all()
    return [i for i in rows if user.can_access_department(i.job.department_id)]


@blp.get("/invitations/<int:invitation_id>/mp-code")
@hr_required()
@blp.doc(
    security=SECURITY,
    responses={"200": {"description": "PNG mini-program code", "content": {"image/png": {}}}},
)
def mp_code(invitation_id: int):
    """A mini-program code (getwxacodeunlimit) HR can send as a picture; it opens the invitation."""
    from app.services.vendors import wechat_client
    from bots.errors import VendorError
    from bots.wechat import get_wxa_code_unlimited

    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(f"invitation {invitation_id} not found")
    ensure_department(current_hr_user(), invitation.job.department_id)
    scene = f"{invitation.id}.{invitation.token}"
    if len(scene) > 32:
        raise Conflict(
            "this invitation's token is too long for a mini-program code; share the link instead",
            code="scene_too_long",
        )
    try:
        png = get_wxa_code_unlimited(wechat_client(), scene, MP_INVITE_PAGE)
    except VendorError as exc:
        raise AppError(
            f"WeChat could not make the code: {exc}", code="wechat_unavailable", status=503
        ) from exc
    return Response(png, mimetype="image/png")
