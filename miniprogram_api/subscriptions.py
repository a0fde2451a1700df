"""What the candidate answered in the subscribe-message popup (wx.requestSubscribeMessage).

Each "accept" allows us one message of that template; without one, a message is not sent and
HR is told to reach the candidate another way. WeChat's push event for the same popup may
also arrive: the two reports of one tap count once (app.services.subscriptions).
"""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, validate
from marshmallow import ValidationError as SchemaError

from app.api import fields
from app.errors import ValidationError
from app.extensions import db
from app.services import inbound, subscriptions
from app.services.mp_auth import current_openid, mp_required

blp = Blueprint(
    "mp_subscriptions",
    __name__,
    url_prefix="/api/mp/v1",
    description="Mini-program: subscribe-message accepts",
)
SECURITY = [{"bearerAuth": []}]


def _one_popup(results: dict) -> None:
    if not 1 <= len(results) <= 3:  # one popup asks for 1 to 3 templates
        raise SchemaError("一次订阅弹窗包含 1 到 3 个模板")


class PopupIn(Schema):
    results = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=validate.OneOf(subscriptions.RESULTS)),
        required=True,
        validate=_one_popup,
        metadata={
            "description": "wx.requestSubscribeMessage's answer per template id",
            "minProperties": 1,
            "maxProperties": 3,
        },
    )


class AcceptsOut(Schema):
    accepts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "messages we may still send, per template id"},
    )
    message = fields.String()


@blp.get("/subscriptions")
@mp_required
@blp.response(200, AcceptsOut)
@blp.doc(security=SECURITY)
def accepts_left():
    """How many messages of each template the candidate still allows (to ask again when 0)."""
    return {"accepts": subscriptions.accepts_left(current_openid()), "message": ""}


@blp.post("/subscriptions")
@mp_required
@blp.arguments(PopupIn)
@blp.response(200, AcceptsOut)
@blp.doc(
    security=SECURITY,
    description='Report the popup\'s answers, e.g. {"results": {"<template id>": "accept"}}.'
    " Send an Idempotency-Key header so a retried report is not counted twice.",
)
def report_popup(body):
    openid = current_openid()
    known = subscriptions.configured_templates()
    unknown = [t for t in body["results"] if t not in known]
    if unknown:
        raise ValidationError("订阅消息模板不正确，请更新小程序后重试", code="unknown_template")
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        if not (1 <= len(key) <= 100) or not key.isascii():
            raise ValidationError(
                "Idempotency-Key 须为 1 到 100 个字符", code="bad_idempotency_key"
            )
        if not inbound.claim("mp_subscriptions", f"{openid}:{key}"):
            return {"accepts": subscriptions.accepts_left(openid), "message": "已记录"}
    subscriptions.record_popup(openid, body["results"], "mp")
    db.session.commit()
    return {
        "accepts": subscriptions.accepts_left(openid),
        "message": "已记录，我们会通过微信通知您",
    }
