"""CSRF tokens for every state-changing admin request (forms and htmx alike).

One random token per browser session. Forms carry it as `csrf_token`; htmx sends it as the
`X-CSRF-Token` header, set once on <body> with hx-headers (inherited in htmx 2).
"""

import hmac
import secrets

from flask import request, session

from app.admin import bp
from app.errors import AppError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


@bp.before_request
def _check_csrf():
    if request.method in SAFE_METHODS:
        return
    expected = session.get("csrf")
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise AppError("页面已过期或来源不明，请刷新页面后重试。", code="csrf_failed", status=400)


@bp.app_context_processor
def _inject_csrf():
    return {"csrf_token": csrf_token}
