"""What WeChat and DingTalk calls share: errcode translation and the refresh-once retry.

Each vendor module declares its `Vendor` (channel and errcode sets) and how its client drops a
rejected token; the rest is here, so both vendors fail in the same, tested way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests
from redis.exceptions import RedisError

from bots.errors import RateLimitedError, TokenExpiredError, VendorError, VendorUnavailableError

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Vendor:
    channel: str
    token_errcodes: frozenset[int]
    rate_errcodes: frozenset[int]
    # errcodes with a meaning of their own, e.g. WeChat 43101 -> NotSubscribedError
    special: Mapping[int, type[VendorError]] = field(default_factory=dict)

    def translate(
        self, errcode: int | None, errmsg: str | None, status: int | None = None
    ) -> VendorError:
        """Our exception for a failed call, keeping the vendor's errcode and errmsg."""
        if errcode is None:
            if status is None or status >= 500:
                return VendorUnavailableError(self.channel, None, errmsg or f"HTTP {status}")
            return VendorError(self.channel, None, errmsg or f"HTTP {status}")
        if errcode in self.special:
            return self.special[errcode](self.channel, errcode, errmsg)
        if errcode in self.rate_errcodes:
            return RateLimitedError(self.channel, errcode, errmsg)
        if errcode in self.token_errcodes:
            return TokenExpiredError(self.channel, errcode, errmsg)
        if errcode == -1:  # both vendors: system busy
            return VendorUnavailableError(self.channel, errcode, errmsg)
        return VendorError(self.channel, errcode, errmsg)

    def call(
        self,
        operation: Callable[[], T],
        sdk_error: type[Exception],
        refresh: Callable[[Any], None],
    ) -> T:
        """Run one SDK call; on a rejected token `refresh(the SDK's exception)` and retry once.

        The SDKs' own retries are off: dingtalk-sdk's raises TypeError, wechatpy's loops.
        """
        rejected: Any = None
        for _ in (1, 2):
            try:
                if rejected is not None:
                    refresh(rejected)
                return operation()
            except sdk_error as exc:
                errcode = getattr(exc, "errcode", None)
                if errcode in self.token_errcodes and rejected is None:
                    logger.info("%s token rejected (%s), refreshing once", self.channel, errcode)
                    rejected = exc
                    continue
                status = getattr(getattr(exc, "response", None), "status_code", None)
                raise self.translate(errcode, getattr(exc, "errmsg", None), status) from exc
            except requests.RequestException as exc:
                raise VendorUnavailableError(
                    self.channel, None, f"{type(exc).__name__}: {exc}"
                ) from exc
            except RedisError as exc:
                # The shared token store is down: the message waits, like in a vendor outage.
                raise VendorUnavailableError(self.channel, None, f"token storage: {exc}") from exc
        raise AssertionError("unreachable")
