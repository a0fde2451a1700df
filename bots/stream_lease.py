"""The Redis lease that lets exactly one process across hosts hold the DingTalk Stream connection.

DingTalk hands each message to one of the app's open connections; several processes connected
at once would split the traffic and each see only part of it.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import time
from typing import Any

from redis.exceptions import RedisError

LEASE_TTL_S = 30.0

_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"  # noqa: E501
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"  # noqa: E501


class StreamLease:
    """A Redis key naming the one process allowed to hold the Stream connection.

    Acquired with SET NX and a TTL, renewed by its owner only (a Lua compare-and-expire), so a
    process that died frees it within `ttl_s`. Without Redis (`redis=None`, development on
    SQLite) the lease is local to this process and guards nothing across hosts.
    """

    def __init__(
        self, redis: Any, app_key: str, ttl_s: float = LEASE_TTL_S, owner: str | None = None
    ) -> None:
        self.redis = redis
        self.key = f"dingtalk-stream:{app_key}:lease"
        self.ttl_ms = int(ttl_s * 1000)
        self.owner = owner or f"{socket.gethostname()}:{secrets.token_hex(6)}"
        self.held_until = 0.0  # monotonic time our last confirmed hold runs out

    @property
    def ttl_s(self) -> float:
        return self.ttl_ms / 1000

    def acquire(self) -> bool:
        if self.redis is None:
            self.held_until = float("inf")
            return True
        if self.redis.set(self.key, self.owner, nx=True, px=self.ttl_ms):
            self.held_until = time.monotonic() + self.ttl_s
            return True
        return self.renew()  # ours already (a restart within the TTL keeps it)

    def renew(self) -> bool:
        """True while we still hold it; False once another process does or it expired."""
        if self.redis is None:
            return True
        if self.redis.eval(_RENEW, 1, self.key, self.owner, self.ttl_ms):
            self.held_until = time.monotonic() + self.ttl_s
            return True
        self.held_until = 0.0
        return False

    def release(self) -> None:
        self.held_until = 0.0
        if self.redis is not None:
            with contextlib.suppress(RedisError):
                self.redis.eval(_RELEASE, 1, self.key, self.owner)

    def holder(self) -> str | None:
        if self.redis is None:
            return self.owner if self.held_until else None
        value = self.redis.get(self.key)
        return value.decode() if isinstance(value, bytes) else value
