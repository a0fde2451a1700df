"""Replying to a follow-up question (追问), by text or voice, like an answer."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, validate
from marshmallow import ValidationError as SchemaError
from marshmallow import fields as text_fields

from app.api import fields
from app.api.schemas import ErrorSchema
from app.errors import ValidationError
from app.services import interviews
from app.services.follow_up_replies import submit_reply
from app.services.mp_auth import current_candidate, current_openid, mp_required
from miniprogram_api.answer_schemas import ClientSignalsIn, idempotency_key
from miniprogram_api.interviews import SECURITY, AnswerOut

blp = Blueprint(
    "mp_follow_ups", __name__, url_prefix="/api/mp/v1", description="Mini-program: follow-ups"
)


class ReplyIn(Schema):
    text = fields.String(required=True, validate=validate.Length(max=5000))
    duration_s = fields.Float(load_default=None, validate=validate.Range(min=0, max=3600))
    client_signals = fields.Nested(ClientSignalsIn, load_default=None)


class ReplyForm(Schema):  # form values are text: "12.5" is 12.5
    client_transcript = text_fields.String(load_default=None, validate=validate.Length(max=5000))
    duration_s = text_fields.Float(load_default=None, validate=validate.Range(min=0, max=3600))
    client_signals = text_fields.String(load_default=None)  # JSON text of the object


@blp.post("/interviews/<int:interview_id>/follow-ups/<int:follow_up_id>/answer")
@mp_required
@blp.response(200, AnswerOut)
@blp.alt_response(404, schema=ErrorSchema, description="no such follow-up in this interview")
@blp.alt_response(409, schema=ErrorSchema, description="already answered, or interview finished")
@blp.doc(
    security=SECURITY,
    description="The reply to the pending follow-up: JSON {text, duration_s, client_signals}, or"
    " multipart with `audio` and optionally `client_transcript`, `duration_s`, `client_signals`. Send an Idempotency-Key header."
    " The response is the answer's, with the follow-up answered and the next question.",
    requestBody={
        "content": {
            "application/json": {"schema": ReplyIn},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "audio": {"type": "string", "format": "binary"},
                        "client_transcript": {"type": "string", "maxLength": 5000},
                        "duration_s": {"type": "number", "minimum": 0, "maximum": 3600},
                        "client_signals": {"type": "string", "description": "JSON text"},
                    },
                    "required": ["audio"],
                }
            },
        }
    },
)
def reply(interview_id: int, follow_up_id: int):
    if follow_up_id > fields.MAX_ID:
        raise ValidationError("follow_up_id is out of range")
    interview = interviews.interview_for(current_candidate(), interview_id)
    key = idempotency_key()
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("audio")
        if upload is None:
            raise ValidationError("multipart replies need an `audio` file", code="audio_missing")
        try:
            form = ReplyForm().load(request.form.to_dict())
            if form["client_signals"] is not None:
                form["client_signals"] = ClientSignalsIn().loads(form["client_signals"])
        except ValueError as exc:
            raise ValidationError("client_signals must be a JSON object") from exc
        except SchemaError as exc:
            raise ValidationError(
                "request does not match the schema", details={"form": exc.messages}
            ) from exc
        return submit_reply(
            interview, current_openid(), follow_up_id, key=key, audio=upload.read(), **form
        )
    body = ReplyIn().load(request.get_json(silent=True) or {})
    return submit_reply(interview, current_openid(), follow_up_id, key=key, **body)
