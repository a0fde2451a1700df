"""Request and response shapes of answers shared by the answer and follow-up endpoints: the
client's signals, the follow-up as the mini-program shows it, and multipart form parsing."""

from flask import request
from marshmallow import Schema, validate
from marshmallow import ValidationError as SchemaError
from marshmallow import fields as text_fields

from app.api import fields
from app.errors import ValidationError


class FollowUpOut(Schema):
    """A follow-up (追问) asked after an answer; reply at /follow-ups/{id}/answer."""

    id = fields.Integer()
    answer_id = fields.Integer()
    text = fields.String()
    part = fields.String(metadata={"description": "example | result | action | figure"})
    time_limit_s = fields.Integer()
    answer_by = fields.DateTime()
    state = fields.String(metadata={"description": "pending | answered"})
    quality = fields.String(allow_none=True)
    transcript_state = fields.String()
    flags = fields.List(fields.String())
    message = fields.String()


class ClientSignalsIn(Schema):
    """How the answer was produced, as the mini-program saw it: shown to HR as evidence."""

    typed_chars = fields.Integer(validate=validate.Range(min=0, max=100000))
    pasted_chars = fields.Integer(validate=validate.Range(min=0, max=100000))
    background_s = fields.Float(validate=validate.Range(min=0, max=86400))
    input = fields.String(validate=validate.OneOf(["keyboard", "voice"]))


class TextAnswerIn(Schema):
    question_id = fields.Id(required=True)
    text = fields.String(required=True, validate=validate.Length(max=5000))
    duration_s = fields.Float(load_default=None, validate=validate.Range(min=0, max=3600))
    client_signals = fields.Nested(ClientSignalsIn, load_default=None)


ANSWER_BODY = {
    "content": {
        "application/json": {"schema": TextAnswerIn},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "question_id": {"type": "integer"},
                    "audio": {"type": "string", "format": "binary"},
                    "client_transcript": {"type": "string"},
                    "duration_s": {"type": "number"},
                    "client_signals": {
                        "type": "string",
                        "description": "JSON text of the client_signals object",
                    },
                },
                "required": ["question_id", "audio"],
            }
        },
    }
}


def answer_form(form) -> dict:
    """A multipart answer's fields: form values are text ("12" is 12)."""
    schema = Schema.from_dict(
        {
            "question_id": text_fields.Integer(
                required=True, validate=validate.Range(min=1, max=fields.MAX_ID)
            ),
            "client_transcript": text_fields.String(
                load_default=None, validate=validate.Length(max=5000)
            ),
            "duration_s": text_fields.Float(
                load_default=None, validate=validate.Range(min=0, max=3600)
            ),
            "client_signals": text_fields.String(load_default=None),
        }
    )()
    try:
        loaded = schema.load(form.to_dict())
        if loaded["client_signals"] is not None:
            loaded["client_signals"] = ClientSignalsIn().loads(loaded["client_signals"])
        return loaded
    except SchemaError as exc:
        raise ValidationError(
            "request does not match the schema", details={"form": exc.messages}
        ) from exc
    except ValueError as exc:  # client_signals that is not JSON
        raise ValidationError("client_signals must be a JSON object") from exc


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header (answers and follow-up replies), 1 to 100 chars."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 100):
        raise ValidationError("Idempotency-Key must be 1 to 100 characters")
    return key
