"""The OpenAPI document tells the truth about errors: our envelope, and the statuses we send.

flask-smorest documents its own error body by default; the app answers
{"error": {"code", "message"}} (app.errors), so that schema is the documented error. Each
operation also lists the error statuses its shape implies (401/403 when it needs a token,
404 with an id in the path, 413/415/422 with a body, 422 with query arguments); anything
else it may answer (409, 429, 503) is the documented `default` error.
"""

from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api
from werkzeug.routing import IntegerConverter

from app.api.fields import MAX_ID
from app.api.schemas import ErrorSchema

BODY_METHODS = ("post", "put", "patch")


def json_object(description: str) -> dict:
    """A documented response whose body is a JSON object of free shape."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


class IdConverter(IntegerConverter):
    """`<int:…>` in a URL: 1 to MAX_ID; anything else matches no route (404).

    Larger numbers cannot be ids, and SQLite raises OverflowError on integers >= 2**63.
    """

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class ErrorResponsesPlugin(BasePlugin):
    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            implied = []
            if operation.get("security"):
                implied += [("401", "UNAUTHORIZED"), ("403", "FORBIDDEN")]
            if "{" in (path or ""):
                implied.append(("404", "NOT_FOUND"))
            if method in BODY_METHODS:
                implied += [
                    ("413", "REQUEST_ENTITY_TOO_LARGE"),
                    ("415", "UNSUPPORTED_MEDIA_TYPE"),
                    ("422", "UNPROCESSABLE_ENTITY"),
                ]
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                implied.append(("422", "UNPROCESSABLE_ENTITY"))
            for status, name in implied:
                responses.setdefault(status, name)


class JsonErrorApi(Api):
    """flask-smorest with our error envelope instead of its own.

    One per app (create_app makes it): a smorest Api keeps its spec and blueprints.
    """

    ERROR_SCHEMA = ErrorSchema

    @classmethod
    def for_app(cls, app: Flask) -> "JsonErrorApi":
        # Before any blueprint: rules take their converters when they are added.
        app.url_map.converters["int"] = IdConverter
        return cls(app, spec_kwargs={"extra_plugins": [ErrorResponsesPlugin()]})

    def _register_error_handlers(self):  # the app-wide handlers in app.errors serve instead
        return None
