"""Mini-program login: wx.login code -> WeChat code2session -> our own opaque token."""

from functools import wraps

from flask import current_app, request
from sqlalchemy import select

from app.auth import bearer_token, hash_token, issue_token
from app.crypto import encrypt_str
from app.errors import AppError, Unauthorized
from app.extensions import db
from app.models import AuthSession, Candidate
from app.models.base import utcnow
from app.services import hot_cache

DEV_PREFIX = "dev:"


def login(code: str) -> tuple[str, int]:
    if code.startswith(DEV_PREFIX):
        if not (
            current_app.config.get("APP_ENV") == "development"
            and current_app.config.get("WECHAT_DEV_LOGIN")
        ):
            raise Unauthorized("development login is switched off", code="invalid_code")
        openid, session_key = code[len(DEV_PREFIX) :].strip(), None
        if not openid or len(openid) > 64:
            raise Unauthorized("dev login needs dev:<openid>", code="invalid_code")
    else:
        openid, session_key = _code_to_session(code)
    token, ttl = issue_token(
        "mp", openid=openid, session_key_enc=encrypt_str(session_key) if session_key else None
    )
    db.session.commit()
    return token, ttl


def _code_to_session(code: str) -> tuple[str, str]:
    from app.services.vendors import wechat_client
    from bots.errors import InvalidCodeError, VendorError
    from bots.wechat import code_to_session

    try:
        session = code_to_session(wechat_client(), code)
    except InvalidCodeError as exc:
        raise Unauthorized("the login code is invalid or used", code="invalid_code") from exc
    except VendorError as exc:
        raise AppError(
            f"WeChat login is unavailable, please retry ({exc})",
            code="wechat_unavailable",
            status=503,
        ) from exc
    return session["openid"], session["session_key"]


def current_openid() -> str:
    openid = request.environ.get("app.mp_openid")
    if openid is None:
        openid = _authenticate()
    return openid


def _authenticate() -> str:
    """The token's session and the candidate bound to its openid, in one query.

    Every mini-program request (a live hint every 2 s per candidate) starts here, so the
    two lookups share one round trip, and a token seen recently is not looked up at all
    (hot_cache: an expiry or a deleted candidate is seen within HOT_CACHE_TTL_S).
    """
    token_hash = hash_token(bearer_token())
    cached = hot_cache.get(("mp_session", token_hash))
    if cached is not None and cached.expires_at >= utcnow():
        request.environ["app.mp_openid"] = cached.openid
        request.environ["app.mp_candidate_id"] = cached.candidate_id
        return cached.openid
    row = db.session.execute(
        select(AuthSession.kind, AuthSession.expires_at, AuthSession.openid, Candidate)
        .outerjoin(
            Candidate,
            (Candidate.wechat_openid == AuthSession.openid) & (Candidate.status != "deleted"),
        )
        .where(AuthSession.token_hash == token_hash)
    ).first()
    if row is None or row.kind != "mp" or row.expires_at < utcnow() or row.openid is None:
        raise Unauthorized("invalid or expired token", code="invalid_token")
    request.environ["app.mp_openid"] = row.openid
    request.environ["app.mp_candidate"] = row.Candidate
    if row.Candidate is not None:  # not before an invitation binds one: that comes next
        request.environ["app.mp_candidate_id"] = row.Candidate.id
        session = hot_cache.MpSession(row.openid, row.Candidate.id, row.expires_at)
        hot_cache.put(("mp_session", token_hash), session)
    return row.openid


def mp_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        current_openid()
        return view(*args, **kwargs)

    return wrapper


def current_candidate_id() -> int | None:
    """The candidate's id, without loading the row when the token was cached."""
    current_openid()
    if "app.mp_candidate_id" in request.environ:
        return request.environ["app.mp_candidate_id"]
    candidate = current_candidate()
    return candidate.id if candidate is not None else None


def current_candidate() -> Candidate | None:
    """The candidate bound to this WeChat user, or None before an invitation is accepted."""
    openid = current_openid()
    found = request.environ.get("app.mp_candidate")
    # The row loaded with the token, unless this request has since unbound or deleted it.
    if found is not None and found.wechat_openid == openid and found.status != "deleted":
        return found
    return db.session.scalar(
        select(Candidate).where(Candidate.wechat_openid == openid, Candidate.status != "deleted")
    )
