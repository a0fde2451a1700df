"""Voluntary demographics for the fairness audit: a separate screen with its own consent."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.openapi import json_object
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import CandidateDemographics
from app.services import demographics
from app.services.mp_auth import current_candidate, current_openid, mp_required

blp = Blueprint(
    "mp_demographics", __name__, url_prefix="/api/mp/v1", description="Mini-program: fairness audit"
)
SECURITY = [{"bearerAuth": []}]


class DemographicsIn(Schema):
    consent = fields.Boolean(required=True)
    version = fields.String(required=True, validate=validate.Length(max=30))
    sex = fields.String(load_default=None, validate=validate.OneOf(list(demographics.SEXES)))
    birth_year = fields.Integer(load_default=None, validate=validate.Range(min=1900, max=2100))
    education = fields.String(
        load_default=None, validate=validate.OneOf(list(demographics.EDUCATION))
    )


def _candidate():
    candidate = current_candidate()
    if candidate is None:
        raise NotFound("请先通过邀请链接确认身份", code="no_candidate")
    return candidate


def _state(candidate_id: int) -> dict:
    row = db.session.get(CandidateDemographics, candidate_id)
    return {
        "version": demographics.CONSENT_VERSION,
        "text": demographics.CONSENT_TEXT,
        "options": {
            "sex": demographics.SEXES,
            "education": demographics.EDUCATION,
        },
        "given": row is not None and row.source == "candidate",
        "answers": (row.data if row is not None and row.source == "candidate" else {}),
    }


@blp.get("/me/demographics")
@mp_required
@blp.doc(
    security=SECURITY,
    responses={"200": json_object("consent text, choices and what the candidate gave")},
)
def get_demographics():
    """The separate consent text, the choices, and what this candidate gave (only to them)."""
    return _state(_candidate().id)


@blp.put("/me/demographics")
@mp_required
@blp.arguments(DemographicsIn)
@blp.doc(
    security=SECURITY,
    responses={"200": json_object("consent text, choices and what the candidate gave")},
)
def give_demographics(body):
    candidate = _candidate()
    if not body["consent"]:
        raise ValidationError("不同意就不需要填写；您的面试不受影响", code="consent_required")
    if body["version"] != demographics.CONSENT_VERSION:
        raise ValidationError("说明文字已更新，请重新阅读后再提交", code="consent_version_outdated")
    fields_given = {k: body[k] for k in ("sex", "birth_year", "education") if body[k] is not None}
    if not fields_given:
        raise ValidationError("请至少选择一项，或直接跳过本页", code="nothing_given")
    demographics.give(candidate.id, current_openid(), fields_given, request.remote_addr)
    return _state(candidate.id)


@blp.delete("/me/demographics")
@mp_required
@blp.doc(security=SECURITY, responses={"200": json_object("{deleted, message}")})
def withdraw_demographics():
    """Withdraw: the data are deleted at once."""
    candidate = _candidate()
    deleted = demographics.withdraw(candidate.id, current_openid(), request.remote_addr)
    return {"deleted": deleted, "message": "已撤回，相关信息已删除。"}
