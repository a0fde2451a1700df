"""JSON APIs: /api/admin/v1 (HR) and /api/mp/v1 (mini-program), one OpenAPI document."""

import json

from flask import Flask, request
from flask_smorest import Api

from app.errors import AppError, UnsupportedMediaType

BODY_METHODS = {"POST", "PUT", "PATCH"}
ACCEPTED_BODIES = ("application/json", "multipart/form-data")
# Deeper JSON than any of our bodies needs is refused before a parser recurses into it.
MAX_JSON_DEPTH = 20


def _require_known_body() -> None:
    """A body we cannot read is a 415 or 400, never a confusing validation error or a 500."""
    if not request.path.startswith("/api/") or request.method not in BODY_METHODS:
        return
    if not request.content_length and not request.mimetype:
        return  # an empty body is fine for action endpoints
    if request.mimetype not in ACCEPTED_BODIES:
        raise UnsupportedMediaType(
            f"不支持的内容类型，请发送 application/json "
            f"(content type {request.mimetype or 'none'!r} is not accepted)"
        )
    if request.mimetype == "application/json":
        problem = json_problem(request.get_data(cache=True))
        if problem:
            raise AppError(f"请求内容不是有效的 JSON ({problem})", code="invalid_json")


def json_problem(raw: bytes) -> str | None:
    """Why a JSON body cannot be used (bad syntax or encoding, too deep, lone surrogates)."""
    if not raw.strip():
        return None
    try:
        value = json.loads(raw)
    except RecursionError:
        return f"nested deeper than {MAX_JSON_DEPTH} levels"
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        return f"invalid JSON: {exc}"
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"nested deeper than {MAX_JSON_DEPTH} levels"
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "text holds a lone UTF-16 surrogate (\\ud800-\\udfff), not a character"
    return None


def register_api(app: Flask, api: Api) -> None:
    from app.api.admin import blueprints as admin_blueprints
    from miniprogram_api import blueprints as mp_blueprints

    app.before_request(_require_known_body)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for bp in admin_blueprints() + mp_blueprints():
        api.register_blueprint(bp)
