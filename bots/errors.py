"""Our own exceptions for vendor failures, so callers decide on retries without SDK types.

`retryable` tells the notify job whether to try again later (outage, rate limit) or to record
the failure for good (user not subscribed, invalid code, bad request).
"""

from __future__ import annotations


class VendorError(Exception):
    """A WeChat or DingTalk API call failed; keeps the vendor's errcode and errmsg."""

    retryable: bool = False

    def __init__(self, channel: str, errcode: int | None, errmsg: str | None) -> None:
        self.channel = channel
        self.errcode = errcode
        self.errmsg = errmsg or ""
        super().__init__(f"{channel} error {errcode}: {self.errmsg}")

    def to_dict(self) -> dict:
        """What the outbox row stores as the last vendor error."""
        return {
            "channel": self.channel,
            "errcode": self.errcode,
            "errmsg": self.errmsg,
            "kind": type(self).__name__,
            "retryable": self.retryable,
        }


class NotSubscribedError(VendorError):
    """WeChat 43101: the user refused or used up their subscribe-message accepts. Never retry."""


class InvalidCodeError(VendorError):
    """WeChat 40029/40163: a login code that is wrong, used or expired. The client must re-login."""


class TokenExpiredError(VendorError):
    """The access token was still rejected after one refresh; retry later."""

    retryable = True


class RateLimitedError(VendorError):
    """WeChat 45009/45011, DingTalk 90018/143103: too many calls; retry with backoff."""

    retryable = True


class VendorUnavailableError(VendorError):
    """HTTP 5xx, -1 system busy, or a connection failure; retry with backoff."""

    retryable = True


class SignatureError(Exception):
    """An inbound callback or link failed verification; the endpoint answers 401."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class BadSignatureError(SignatureError):
    """The signature does not match."""


class StaleTimestampError(SignatureError):
    """The timestamp is too far from now (replay or clock skew)."""


class ExpiredLinkError(SignatureError):
    """A signed action link is past its expiry."""
