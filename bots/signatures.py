"""Signature checks for inbound vendor calls and our own signed card links.

Pure functions, constant-time comparisons. Known-answer vectors live in
tests/bots/test_signatures.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from bots.errors import BadSignatureError, ExpiredLinkError, StaleTimestampError

ROBOT_MAX_SKEW_MS = 3600_000  # DingTalk: reject robot callbacks more than one hour off
ACTION_LINK_ACTIONS = frozenset({"pass", "reject", "view"})


def _is_epoch(value: str, digits: int) -> bool:
    """ASCII digits only, and not absurdly many: "²".isdigit() is True, int("²") fails."""
    return value.isascii() and value.isdigit() and len(value) <= digits + 2


def robot_sign(timestamp_ms: str, app_secret: str) -> str:
    """DingTalk enterprise robot: base64(HmacSHA256(key=appSecret, timestamp + "\\n" + appSecret))."""
    message = f"{timestamp_ms}\n{app_secret}".encode()
    digest = hmac.new(app_secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_robot_request(
    timestamp: str | None,
    sign: str | None,
    app_secret: str,
    now_ms: int,
    max_skew_ms: int = ROBOT_MAX_SKEW_MS,
) -> None:
    """Raise BadSignatureError or StaleTimestampError unless the robot headers are genuine."""
    if not timestamp or not sign:
        raise BadSignatureError("missing timestamp or sign header")
    if not _is_epoch(timestamp, 13):
        raise BadSignatureError("timestamp is not a millisecond number")
    if abs(now_ms - int(timestamp)) > max_skew_ms:
        raise StaleTimestampError(f"timestamp {timestamp} is more than {max_skew_ms} ms off")
    expected = robot_sign(timestamp, app_secret)
    if not hmac.compare_digest(expected.encode(), sign.strip().encode()):
        raise BadSignatureError("robot sign does not match")


def wechat_signature(token: str, timestamp: str, nonce: str) -> str:
    """WeChat message push: sha1 of the sorted, concatenated token, timestamp and nonce."""
    joined = "".join(sorted([token, timestamp, nonce]))
    return hashlib.sha1(joined.encode()).hexdigest()  # noqa: S324 - the vendor's algorithm


def verify_wechat_signature(
    token: str,
    timestamp: str | None,
    nonce: str | None,
    signature: str | None,
    now_s: int | None = None,
    max_skew_s: int = 300,
) -> None:
    """Check a WeChat push (GET echo or POST); with now_s, also reject stale timestamps."""
    if not timestamp or not nonce or not signature:
        raise BadSignatureError("missing signature, timestamp or nonce")
    if now_s is not None:
        if not _is_epoch(timestamp, 10):
            raise BadSignatureError("timestamp is not a number")
        if abs(now_s - int(timestamp)) > max_skew_s:
            raise StaleTimestampError(f"timestamp {timestamp} is more than {max_skew_s} s off")
    expected = wechat_signature(token, timestamp, nonce)
    if not hmac.compare_digest(expected.encode(), signature.lower().encode()):
        raise BadSignatureError("wechat signature does not match")


@dataclass(frozen=True)
class ActionLink:
    """A verified card button: who may do what to which object, until when."""

    action: str
    object_id: str
    actor: str
    expires_at: int


def _action_mac(secret_key: str, action: str, object_id: str, actor: str, expires_at: int) -> str:
    # Fields are joined with a separator that cannot occur in any of them unescaped.
    message = "\x1f".join([action, object_id, actor, str(expires_at)]).encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_action_link(
    base_url: str,
    secret_key: str,
    action: str,
    object_id: str | int,
    actor: str,
    expires_at: int,
) -> str:
    """URL for a DingTalk card button (通过 / 淘汰 / 查看) bound to one recipient's staff id."""
    if action not in ACTION_LINK_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    object_id = str(object_id)
    query = urlencode(
        {
            "action": action,
            "id": object_id,
            "actor": actor,
            "exp": expires_at,
            "sig": _action_mac(secret_key, action, object_id, actor, expires_at),
        }
    )
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}{query}"


def verify_action_link(secret_key: str, params: Mapping[str, str], now_s: int) -> ActionLink:
    """Check the query parameters of a clicked card link; raise SignatureError subclasses."""
    try:
        action, object_id, actor = params["action"], params["id"], params["actor"]
        expires_at = int(params["exp"])
        sig = params["sig"]
    except (KeyError, ValueError, TypeError) as exc:
        raise BadSignatureError("incomplete action link") from exc
    expected = _action_mac(secret_key, action, object_id, actor, expires_at)
    if not hmac.compare_digest(expected.encode(), str(sig).encode()):
        raise BadSignatureError("action link signature does not match")
    if action not in ACTION_LINK_ACTIONS:
        raise BadSignatureError(f"unknown action {action!r}")
    if now_s > expires_at:
        raise ExpiredLinkError("action link has expired")
    return ActionLink(action=action, object_id=object_id, actor=actor, expires_at=expires_at)
