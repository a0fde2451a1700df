"""Shared request/response schemas (marshmallow); the OpenAPI document is built from them."""

import dataclasses
import typing

from marshmallow import RAISE, Schema, validate
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


def schema_for(shape: type, name: str | None = None) -> type[Schema]:
    """A strict schema with one field per dataclass field, so the API follows the type.

    Handles the shapes resume entries use: optional strings, lists of strings and strings
    with `choices` metadata (which default to the dataclass default when left out).
    """
    hints = typing.get_type_hints(shape)
    declared: dict[str, fields.Field] = {}
    for item in dataclasses.fields(shape):
        hint = hints[item.name]
        if hint == list[str]:
            declared[item.name] = fields.List(fields.String(), load_default=list)
        elif hint == str | None:
            declared[item.name] = fields.String(allow_none=True)
        elif hint is str and "choices" in item.metadata:
            declared[item.name] = fields.String(
                load_default=item.default, validate=validate.OneOf(item.metadata["choices"])
            )
        else:
            raise TypeError(f"{shape.__name__}.{item.name}: no schema field for {hint}")
    meta = type("Meta", (), {"unknown": RAISE})
    return type(name or f"{shape.__name__}Schema", (Schema,), {**declared, "Meta": meta})
