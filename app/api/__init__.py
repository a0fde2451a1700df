"""JSON APIs: /api/admin/v1 (HR) and /api/mp/v1 (mini-program), one OpenAPI document."""

from flask import Flask, request
from flask_smorest import Api

from app.errors import UnsupportedMediaType

BODY_METHODS = {"POST", "PUT", "PATCH"}
ACCEPTED_BODIES = ("application/json", "multipart/form-data")


def _require_known_body() -> None:
    """A body we cannot read is a 415, not a confusing validation error."""
    if not request.path.startswith("/api/") or request.method not in BODY_METHODS:
        return
    if not request.content_length and not request.mimetype:
        return  # an empty body is fine for action endpoints
    if request.mimetype not in ACCEPTED_BODIES:
        raise UnsupportedMediaType(
            f"content type {request.mimetype or 'none'!r} is not accepted; send application/json"
        )


def register_api(app: Flask, api: Api) -> None:
    from app.api.admin import blueprints as admin_blueprints
    from miniprogram_api import blueprints as mp_blueprints

    app.before_request(_require_known_body)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for bp in admin_blueprints() + mp_blueprints():
        api.register_blueprint(bp)
