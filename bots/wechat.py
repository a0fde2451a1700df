"""WeChat mini-program server API through wechatpy, with our errors and a shared token.

wechatpy keeps the access token in process memory and every /cgi-bin/token call invalidates
the previous token, so web and worker processes would knock each other out: with `redis` the
token lives in Redis and refreshes happen under a Redis lock. wechatpy's own retry on an
expired token loops without limit; we refresh once and retry once ourselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

from bots.errors import (
    InvalidCodeError,
    NotSubscribedError,
    TokenExpiredError,
    VendorError,
    VendorUnavailableError,
)
from bots.templates import SubscribeMessage
from bots.vendor import Vendor

logger = logging.getLogger(__name__)

CHANNEL = "wechat"
WECHAT_API_ROOT = "https://api.weixin.qq.com"
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
RATE_ERRCODES = frozenset({45009, 45011, 45047})
CODE_ERRCODES = frozenset({40029, 40163})
VENDOR = Vendor(
    CHANNEL,
    TOKEN_ERRCODES,
    RATE_ERRCODES,
    {43101: NotSubscribedError, **dict.fromkeys(CODE_ERRCODES, InvalidCodeError)},
)
TOKEN_EARLY_REFRESH_S = 300  # share a token only while it has 5 minutes left
T = TypeVar("T")


class ProjectWeChatClient(WeChatClient):
    """WeChatClient whose every URL (token, cgi-bin, wxa, sns) starts at `api_root`."""

    def __init__(
        self,
        appid: str,
        secret: str,
        api_root: str,
        session: Any,
        timeout: float,
        redis: Any = None,
    ) -> None:
        super().__init__(appid, secret, session=session, timeout=timeout, auto_retry=False)
        self.api_root = api_root.rstrip("/")
        self.API_BASE_URL = self.api_root + "/cgi-bin/"
        self.wxa.API_BASE_URL = self.api_root + "/"
        self.token_redis = redis

    @property
    def access_token(self) -> str:
        """The shared token; with Redis, its TTL (set 5 minutes early) says when to refresh."""
        token = self.session.get(self.access_token_key)
        fresh = self.token_redis is not None or (
            self.expires_at is not None and self.expires_at - time.time() > 60
        )
        if token and fresh:
            return token
        return self.refresh_access_token(stale=token)

    def refresh_access_token(self, stale: str | None) -> str:
        """Fetch a new token unless another process already replaced `stale`.

        Every /cgi-bin/token call invalidates the previous token, so processes sharing Redis
        fetch under a lock and re-read first.
        """
        lock = (
            self.token_redis.lock(
                f"wechatpy:{self.appid}:token-lock", timeout=15, blocking_timeout=15
            )
            if self.token_redis is not None
            else nullcontext()
        )
        with lock:
            current = self.session.get(self.access_token_key)
            if current and current != stale:
                return current
            return self.fetch_access_token()["access_token"]

    def fetch_access_token(self) -> dict:
        # Same as wechatpy's, plus a timeout and an earlier expiry in the shared storage.
        logger.info("fetching wechat access token for %s", self.appid)
        res = self._http.get(
            self.api_root + "/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
            timeout=self.timeout,
        )
        if res.status_code >= 500:
            raise VendorUnavailableError(CHANNEL, None, f"HTTP {res.status_code} from token")
        result = res.json()
        if result.get("errcode"):
            error = VENDOR.translate(int(result["errcode"]), result.get("errmsg"))
            if isinstance(error, TokenExpiredError):
                # 40001 here means a wrong AppSecret: configuration, not a stale token.
                error = VendorError(CHANNEL, error.errcode, error.errmsg)
            raise error
        expires_in = int(result.get("expires_in", 7200))
        ttl = max(expires_in - TOKEN_EARLY_REFRESH_S, 60)
        self.session.set(self.access_token_key, result["access_token"], ttl)
        self.expires_at = int(time.time()) + ttl
        return result


def make_wechat_client(
    appid: str,
    secret: str,
    api_base_url: str | None = None,
    redis: Any = None,
    timeout: float = 10.0,
) -> ProjectWeChatClient:
    """The one way the app builds a WeChat client (emulator URL in tests and development)."""
    storage = RedisStorage(redis, prefix="wechatpy") if redis is not None else MemoryStorage()
    return ProjectWeChatClient(
        appid, secret, api_base_url or WECHAT_API_ROOT, storage, timeout, redis
    )


def _token_of(exc: WeChatClientException) -> str | None:
    url = getattr(exc.request, "url", None) or ""
    return (parse_qs(urlsplit(url).query).get("access_token") or [None])[0]


def call(client: ProjectWeChatClient, operation: Callable[[], T]) -> T:
    """Run one SDK call; on a rejected token refresh once and retry once."""
    return VENDOR.call(
        operation,
        WeChatClientException,
        lambda rejected: client.refresh_access_token(_token_of(rejected)),
    )


def code_to_session(client: ProjectWeChatClient, code: str) -> dict[str, str]:
    """wx.login code -> {openid, session_key[, unionid]}; InvalidCodeError for a bad code."""
    # Params as a list keep wechatpy from fetching an access token this API does not need.
    params = [
        ("appid", client.appid),
        ("secret", client.secret),
        ("js_code", code),
        ("grant_type", "authorization_code"),
    ]
    result = call(
        client, lambda: client.get(client.api_root + "/sns/jscode2session", params=params)
    )
    session = {"openid": result["openid"], "session_key": result["session_key"]}
    if result.get("unionid"):
        session["unionid"] = result["unionid"]
    return session


def send_subscribe_message(
    client: ProjectWeChatClient, openid: str, template_id: str, data: dict, page: str | None
) -> None:
    """NotSubscribedError (43101) when the user has no accept left for this template."""
    call(client, lambda: client.wxa.send_subscribe_message(openid, template_id, data, page))


def send_message(client: ProjectWeChatClient, openid: str, message: SubscribeMessage) -> None:
    send_subscribe_message(client, openid, message.template_id, message.data, message.page)


def get_wxa_code_unlimited(
    client: ProjectWeChatClient, scene: str, page: str | None, width: int = 430
) -> bytes:
    """PNG of a mini-program code; `scene` is at most 32 visible ASCII characters."""
    if not scene or len(scene) > 32 or not scene.isascii() or not scene.isprintable():
        raise ValueError("scene must be 1 to 32 visible ASCII characters")
    res = call(client, lambda: client.wxa.get_wxa_code_unlimited(scene, width=width, page=page))
    content = getattr(res, "content", b"")
    if not content.startswith(b"\x89PNG"):
        raise VendorError(CHANNEL, None, "getwxacodeunlimit did not return a PNG")
    return content
