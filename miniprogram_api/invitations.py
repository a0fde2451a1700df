"""The candidate's invitations and consents."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, validate

from app.api import fields
from app.services import consents
from app.services.consent_text import CONSENT_VERSION, REQUIREMENTS, STEPS
from app.services.invitations import accept, invitations_for, is_expired
from app.services.mp_auth import current_candidate, current_openid, mp_required

blp = Blueprint(
    "mp_invitations",
    __name__,
    url_prefix="/api/mp/v1",
    description="Mini-program: invitations and consent",
)
SECURITY = [{"bearerAuth": []}]


class InvitationOut(Schema):
    id = fields.Integer()
    company = fields.String()
    job = fields.String()
    deadline = fields.DateTime()
    status = fields.String()
    steps = fields.List(fields.String())
    requirements = fields.List(fields.String())


class AcceptIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=8, max=64))


class ConsentIn(Schema):
    kinds = fields.List(fields.String(), required=True)
    version = fields.String(required=True, validate=validate.Length(min=1, max=20))


class ConsentOut(Schema):
    version = fields.String()
    granted = fields.Dict(keys=fields.String(), values=fields.Boolean())


def _view(invitation) -> dict:
    status = (
        "expired"
        if is_expired(invitation) and invitation.status != "completed"
        else invitation.status
    )
    return {
        "id": invitation.id,
        "company": invitation.job.department.name,
        "job": invitation.job.title,
        "deadline": invitation.deadline,
        "status": status,
        "steps": STEPS,
        "requirements": REQUIREMENTS,
    }


@blp.get("/invitations")
@mp_required
@blp.response(200, InvitationOut(many=True))
@blp.doc(security=SECURITY)
def list_invitations():
    candidate = current_candidate()
    return [] if candidate is None else [_view(i) for i in invitations_for(candidate)]


@blp.post("/invitations/<int:invitation_id>/accept")
@mp_required
@blp.arguments(AcceptIn)
@blp.response(200, InvitationOut)
@blp.doc(security=SECURITY)
def accept_invitation(body, invitation_id: int):
    return _view(accept(invitation_id, body["token"], current_openid()))


@blp.post("/consents")
@mp_required
@blp.arguments(ConsentIn)
@blp.response(200, ConsentOut)
@blp.doc(security=SECURITY)
def give_consent(body):
    candidate = current_candidate()
    granted = consents.record(
        current_openid(),
        candidate.id if candidate else None,
        body["kinds"],
        body["version"],
        request.remote_addr,
    )
    return {"version": CONSENT_VERSION, "granted": granted}


@blp.get("/consents")
@mp_required
@blp.response(200, ConsentOut)
@blp.doc(security=SECURITY)
def get_consent():
    return {"version": CONSENT_VERSION, "granted": consents.current(current_openid())}
