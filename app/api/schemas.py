"""Shared request/response schemas (marshmallow); the OpenAPI document is built from them."""

from marshmallow import Schema, validate
from marshmallow import fields as text_fields

from app.api import fields


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable, snake_case"})
    message = fields.String(
        required=True, metadata={"description": "for people; in Chinese for candidates"}
    )
    details = fields.Dict(metadata={"description": "per-field problems, when there are"})


class ErrorSchema(Schema):
    """Every error the API answers: {"error": {"code", "message"}}."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class PageArgs(Schema):
    """Query string paging; marshmallow's own Integer, since a query string is text."""

    page = text_fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = text_fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class TaskSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    queue = fields.String()
    state = fields.String()
    attempts = fields.Integer()
    result = fields.Dict(allow_none=True)
    last_error = fields.String(allow_none=True)
