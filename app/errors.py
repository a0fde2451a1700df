"""Typed domain errors, mapped to one JSON envelope: {"error": {"code", "message"}}."""

import logging

from flask import Flask, has_request_context, jsonify, request
from marshmallow import ValidationError as SchemaValidationError
from redis.exceptions import RedisError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ConfigError(RuntimeError):
    """A setting is missing or invalid; raised at start, never per request."""


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict | None = None,
    ):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details


class ValidationError(AppError):
    status, code = 422, "validation_error"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    status, code = 409, "conflict"


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(AppError):
    status, code = 415, "unsupported_media_type"


class TooManyRequests(AppError):
    status, code = 429, "too_many_requests"


# Werkzeug's own exceptions (routing, body size, ...) get stable snake_case codes.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


def error_body(
    code: str, message: str, details: dict | None = None, status: int | None = None
) -> dict:
    """The envelope; on the mini-program API (given a status) the message is Chinese."""
    if status is not None and has_request_context() and request.path.startswith("/api/mp/"):
        from app.candidate_messages import for_candidate

        message = for_candidate(code, message, status)
    error = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


def _http_error(exc: HTTPException):
    status = exc.code or 500
    if status == 422:  # webargs/marshmallow validation from the declared request schemas
        messages = (getattr(exc, "data", None) or {}).get("messages") or {}
        return jsonify(
            error_body("validation_error", "request does not match the schema", messages, 422)
        ), 422
    code = _HTTP_CODES.get(status, "http_error")
    message = exc.description or exc.name
    response = jsonify(error_body(code, message, status=status))
    # Keep what the exception says about itself: Allow on 405, WWW-Authenticate on 401...
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(AppError)
    def _app_error(exc: AppError):
        return jsonify(error_body(exc.code, exc.message, exc.details, exc.status)), exc.status

    @app.errorhandler(SchemaValidationError)
    def _schema_error(exc: SchemaValidationError):
        # A schema loaded by hand (not through @blp.arguments) refused the body.
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        details = {"json": messages}
        return jsonify(
            error_body("validation_error", "request does not match the schema", details, 422)
        ), 422

    @app.errorhandler(RedisError)
    def _redis_down(exc: RedisError):
        # Work is recorded in the database and waits; what needs Redis right now says so.
        log.warning("redis unavailable on %s %s: %s", request.method, request.path, exc)
        body = error_body("queue_unavailable", "service busy, please retry shortly", status=503)
        return jsonify(body), 503, {"Retry-After": "30"}

    @app.errorhandler(HTTPException)
    def _werkzeug_error(exc: HTTPException):
        return _http_error(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # Log the trace for us; the client gets no stack trace and no internals.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return jsonify(error_body("internal_error", "internal server error", status=500)), 500
