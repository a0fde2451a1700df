"""DingTalk work notifications through dingtalk-sdk, with our errors and a shared token.

The SDK's own retry after an expired token raises TypeError on some paths, so auto_retry is
off and we refresh once ourselves. Messages go to the current `/topapi/...` endpoints through
the SDK's request machinery (token, errcode handling). Work notifications: the same content
to the same user is dropped after the first of the day, so every builder takes an event
reference and prints it in the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import requests
from dingtalk import AppKeyClient
from dingtalk.core.exceptions import DingTalkClientException
from dingtalk.storage.kvstorage import KvStorage
from dingtalk.storage.memorystorage import MemoryStorage

from bots.errors import VendorUnavailableError
from bots.vendor import Vendor

logger = logging.getLogger(__name__)

CHANNEL = "dingtalk"
DINGTALK_API_ROOT = "https://oapi.dingtalk.com/"
TOKEN_ERRCODES = frozenset({33001, 40001, 40014, 42001})
RATE_ERRCODES = frozenset({88, 90002, 90005, 90006, 90010, 90018, 143103, 143104})
VENDOR = Vendor(CHANNEL, TOKEN_ERRCODES, RATE_ERRCODES)
MAX_USERIDS = 100  # asyncsend_v2 accepts at most 100 user ids per call
T = TypeVar("T")


class ProjectDingTalkClient(AppKeyClient):
    """AppKeyClient pointed at `api_root`, with its own HTTP session and no SDK auto-retry."""

    def __init__(
        self,
        corp_id: str,
        app_key: str,
        app_secret: str,
        api_root: str,
        storage: Any,
        timeout: float,
    ) -> None:
        super().__init__(
            corp_id, app_key, app_secret, storage=storage, timeout=timeout, auto_retry=False
        )
        self.API_BASE_URL = api_root.rstrip("/") + "/"
        self.emulated = self.API_BASE_URL != DINGTALK_API_ROOT
        self._http = requests.Session()  # the SDK shares one class-level session otherwise

    def _handle_pre_top_request(self, params: dict, uri: str) -> tuple[dict, str]:
        # The SDK's legacy TOP gateway is hard-wired to eco.taobao.com: against an emulator,
        # keep such calls local (the emulator answers 404) instead of leaking them out.
        params, uri = super()._handle_pre_top_request(params, uri)
        if self.emulated and uri.startswith("https://eco.taobao.com"):
            uri = self.API_BASE_URL + "router/rest"
        return params, uri


def make_dingtalk_client(
    corp_id: str,
    app_key: str,
    app_secret: str,
    api_base_url: str | None = None,
    redis: Any = None,
    timeout: float = 10.0,
) -> ProjectDingTalkClient:
    """The one way the app builds a DingTalk client; the token is shared through Redis."""
    storage = KvStorage(redis, prefix="dingtalk") if redis is not None else MemoryStorage()
    return ProjectDingTalkClient(
        corp_id, app_key, app_secret, api_base_url or DINGTALK_API_ROOT, storage, timeout
    )


def call(client: ProjectDingTalkClient, operation: Callable[[], T]) -> T:
    """Run one SDK call; on a rejected token drop it, fetch a new one and retry once."""
    return VENDOR.call(
        operation, DingTalkClientException, lambda _: client.cache.access_token.delete()
    )


def send_work_notification(
    client: ProjectDingTalkClient, agent_id: int | str, userid_list: Sequence[str], msg: dict
) -> int:
    """Accepted, not delivered: check `get_send_result` later. Returns the task id."""
    if not userid_list or len(userid_list) > MAX_USERIDS:
        raise ValueError(f"userid_list must hold 1 to {MAX_USERIDS} user ids")
    body = {"agent_id": agent_id, "userid_list": ",".join(userid_list), "msg": msg}
    result = call(
        client, lambda: client.post("/topapi/message/corpconversation/asyncsend_v2", body)
    )
    return int(result["task_id"])


def get_send_result(client: ProjectDingTalkClient, agent_id: int | str, task_id: int) -> dict:
    body = {"agent_id": agent_id, "task_id": task_id}
    result = call(
        client, lambda: client.post("/topapi/message/corpconversation/getsendresult", body)
    )
    return result["send_result"]


def get_user(client: ProjectDingTalkClient, userid: str) -> dict:
    """userid, name, dept_id_list, ...; VendorError 60121 when the person is not found."""
    return call(client, lambda: client.post("/topapi/v2/user/get", {"userid": userid}))["result"]


def recipient_outcomes(send_result: dict) -> dict[str, str]:
    """Per user id: read, unread, dropped_duplicate, rate_limited, forbidden, failed, invalid."""
    outcomes: dict[str, str] = {}
    for key, label in (
        ("read_user_id_list", "read"),
        ("unread_user_id_list", "unread"),
        ("failed_user_id_list", "failed"),
        ("invalid_user_id_list", "invalid"),
        ("forbidden_user_id_list", "forbidden"),
    ):
        for userid in send_result.get(key) or []:
            outcomes[userid] = label
    for item in send_result.get("forbidden_list") or []:
        code = str(item.get("code"))
        label = "dropped_duplicate" if code in {"143106", "143206"} else "rate_limited"
        outcomes[item.get("userid")] = label
    return outcomes


def event_footer(event_ref: str) -> str:
    """Names the event, so two messages never have identical content (DingTalk drops those)."""
    return f"\n\n###### 事件编号 {event_ref}"


def markdown_message(title: str, text: str, event_ref: str) -> dict:
    return {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": text + event_footer(event_ref)},
    }


def action_card_single(
    title: str, markdown: str, single_title: str, single_url: str, event_ref: str
) -> dict:
    """Work-notification card (snake_case, unlike the robot webhook's camelCase)."""
    return {
        "msgtype": "action_card",
        "action_card": {
            "title": title,
            "markdown": markdown + event_footer(event_ref),
            "single_title": single_title,
            "single_url": single_url,
        },
    }


def action_card_buttons(
    title: str,
    markdown: str,
    buttons: Sequence[tuple[str, str]],
    event_ref: str,
    vertical: bool = False,
) -> dict:
    """Card with independent buttons, e.g. 通过 / 淘汰 / 查看 as signed links."""
    if not buttons:
        raise ValueError("an action card needs at least one button")
    return {
        "msgtype": "action_card",
        "action_card": {
            "title": title,
            "markdown": markdown + event_footer(event_ref),
            "btn_orientation": "0" if vertical else "1",
            "btn_json_list": [{"title": label, "action_url": url} for label, url in buttons],
        },
    }


def reply_markdown(
    session_webhook: str,
    title: str,
    text: str,
    at_userids: Sequence[str] = (),
    timeout: float = 5.0,
) -> None:
    """Answer a robot message through its sessionWebhook (valid for about 90 minutes)."""
    body: dict[str, Any] = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if at_userids:
        body["at"] = {"atUserIds": list(at_userids), "isAtAll": False}
    try:
        res = requests.post(session_webhook, json=body, timeout=timeout)
    except requests.RequestException as exc:
        raise VendorUnavailableError(CHANNEL, None, f"{type(exc).__name__}: {exc}") from exc
    if res.status_code >= 400:
        raise VENDOR.translate(None, f"HTTP {res.status_code} from sessionWebhook", res.status_code)
    result = res.json()
    if int(result.get("errcode", 0)):
        raise VENDOR.translate(int(result["errcode"]), result.get("errmsg"))
