"""Bearer tokens for HR users and mini-program candidates; role and department checks."""

import hashlib
import logging
import secrets
import time
from collections import defaultdict, deque
from datetime import timedelta
from functools import wraps

from flask import current_app, request
from redis.exceptions import RedisError
from sqlalchemy import select

from app.errors import Forbidden, TooManyRequests, Unauthorized
from app.extensions import db
from app.models import AuthSession, HrUser
from app.models.base import utcnow

log = logging.getLogger(__name__)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    kind: str,
    *,
    hr_user: HrUser | None = None,
    openid: str | None = None,
    session_key_enc: str | None = None,
) -> tuple[str, int]:
    """A random 256-bit token; only its hash is stored."""
    ttl = current_app.config["HR_TOKEN_TTL_S" if kind == "hr" else "MP_TOKEN_TTL_S"]
    token = secrets.token_urlsafe(32)
    db.session.add(
        AuthSession(
            token_hash=hash_token(token),
            kind=kind,
            hr_user_id=hr_user.id if hr_user else None,
            openid=openid,
            session_key_enc=session_key_enc,
            expires_at=utcnow() + timedelta(seconds=ttl),
        )
    )
    return token, ttl


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise Unauthorized("missing bearer token", code="unauthorized")
    return header[7:].strip()


def load_session(kind: str) -> AuthSession:
    row = db.session.scalar(
        select(AuthSession).where(AuthSession.token_hash == hash_token(bearer_token()))
    )
    if row is None or row.kind != kind or row.expires_at < utcnow():
        raise Unauthorized("invalid or expired token", code="invalid_token")
    return row


def current_hr_user() -> HrUser:
    # Cached on the request, not on `g`: an app context can outlive one request.
    user = request.environ.get("app.hr_user")
    if user is None:
        session = load_session("hr")
        user = session.hr_user
        if user is None or not user.active:
            raise Unauthorized("user disabled", code="user_disabled")
        request.environ["app.hr_user"] = user
    return user


def request_hr_user() -> HrUser | None:
    """The HR user authenticated on this request, if any (no lookup)."""
    return request.environ.get("app.hr_user")


def hr_required(*roles: str):
    """Require an HR token; with roles, also one of those roles (403 otherwise)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_hr_user()
            if roles and user.role not in roles:
                raise Forbidden(f"requires role: {', '.join(roles)}", code="forbidden_role")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def ensure_department(user: HrUser, department_id: int | None) -> None:
    if not user.can_access_department(department_id):
        raise Forbidden("not allowed for this department", code="forbidden_department")


class LoginLimiter:
    """Failed logins per key per minute. Uses Redis when configured, memory otherwise.

    With Redis configured but down, the count falls back to this process's memory: logins keep
    working and guessing is still limited (per process), rather than every login failing.
    """

    def __init__(self):
        self._memory: dict[str, deque] = defaultdict(deque)

    def check(self, key: str) -> None:
        limit = current_app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
        if self._count(key) >= limit:
            raise TooManyRequests("too many failed logins; try again in a minute")

    def failed(self, key: str) -> None:
        from app.queues import get_redis

        redis = get_redis()
        self._window(key).append(time.monotonic())  # kept too: the fallback while Redis is down
        if redis is not None:
            name = f"login-fail:{key}"
            try:
                pipe = redis.pipeline()
                pipe.incr(name)
                pipe.expire(name, 60)
                pipe.execute()
            except RedisError as exc:
                log.warning("login limiter: redis unavailable, counting in memory (%s)", exc)

    def _count(self, key: str) -> int:
        from app.queues import get_redis

        redis = get_redis()
        if redis is not None:
            try:
                return int(redis.get(f"login-fail:{key}") or 0)
            except RedisError as exc:
                log.warning("login limiter: redis unavailable, counting in memory (%s)", exc)
        return len(self._window(key))

    def _window(self, key: str) -> deque:
        window = self._memory[key]
        while window and window[0] < time.monotonic() - 60:
            window.popleft()
        return window


login_limiter = LoginLimiter()
