"""Shared request/response schemas (marshmallow); the OpenAPI document is built from them."""

from marshmallow import Schema, fields


class ErrorSchema(Schema):
    class Error(Schema):
        code = fields.String(required=True)
        message = fields.String(required=True)
        details = fields.Dict()

    error = fields.Nested(Error, required=True)


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=lambda n: n >= 1)
    per_page = fields.Integer(load_default=50, validate=lambda n: 1 <= n <= 200)


class TaskSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    queue = fields.String()
    state = fields.String()
    attempts = fields.Integer()
    result = fields.Dict(allow_none=True)
    last_error = fields.String(allow_none=True)
