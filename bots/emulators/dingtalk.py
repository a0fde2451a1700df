"""DingTalk open API emulator: token, work notifications and their send results, users,
the robot's sessionWebhook, and Stream mode (the open-connection endpoint and its gateway).

Like the real service: `gettoken` returns the same token while it is valid (and extends
it), sending is asynchronous (accepted now, read later), the same content to the same user
is accepted but dropped after the first of the (China) day (143106 in the send result), 500
per user per day (143105), and a per-path QPS limit answers 90018. Only `userid_list`
recipients are emulated (no `dept_id_list` / `to_all_user`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from bots.emulators.base import EmulatorBase, Handler, json_response, request_json
from bots.emulators.dingtalk_robot import RobotAndStream
from bots.emulators.dingtalk_stream import StreamGateway

logger = logging.getLogger(__name__)

CHINA_OFFSET_S = 8 * 3600
DAILY_LIMIT = 500
_MSG_REQUIRED = {
    "text": ("content",),
    "markdown": ("title", "text"),
    "link": ("messageUrl", "picUrl", "title", "text"),
    "action_card": ("title", "markdown"),
}


@dataclass
class DingTalkEmulator(RobotAndStream, EmulatorBase):
    app_key: str = "ding-emulator-appkey"
    app_secret: str = "ding-emulator-appsecret"  # noqa: S105 - the emulator's public test secret
    agent_id: int = 1000001
    token_ttl_s: int = 7200
    qps_limit: int | None = None
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # empty: any userid exists
    tokens: dict[str, float] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    robot_replies: list[dict[str, Any]] = field(default_factory=list)
    robot_sessions: dict[str, int] = field(default_factory=dict)  # session -> expiry (ms)
    token_fetches: int = 0
    base_url: str = ""  # set by start_emulator; sessionWebhooks point here
    stream: StreamGateway = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.stream = StreamGateway(self.app_key, self.app_secret)

    def close(self) -> None:
        self.stream.stop()

    def routes(self) -> dict[str, Handler]:
        return {
            "/gettoken": self.handle_gettoken,
            "/topapi/message/corpconversation/asyncsend_v2": self.handle_asyncsend,
            "/topapi/message/corpconversation/getsendresult": self.handle_getsendresult,
            "/topapi/v2/user/get": self.handle_user_get,
            "/robot/sendBySession": self.handle_robot_reply,
            "/v1.0/gateway/connections/open": self.handle_open_connection,
        }

    # -- controls ----------------------------------------------------------------------
    def reset(self) -> None:
        self.reset_base()
        self.tokens.clear()
        self.messages.clear()
        self.tasks.clear()
        self.robot_replies.clear()
        self.robot_sessions.clear()
        self.token_fetches = 0
        self.stream.reset()

    def add_user(
        self, userid: str, name: str, dept_id_list: list[int] | None = None, active: bool = True
    ) -> None:
        with self.lock:
            self.users[userid] = {
                "userid": userid,
                "name": name,
                "dept_id_list": dept_id_list or [1],
                "active": active,
            }

    def delivered(self, userid: str | None = None) -> list[dict[str, Any]]:
        """Messages a person actually got (not dropped)."""
        return [m for m in self.messages if not m["dropped"] and userid in (None, m["userid"])]

    def expire_tokens(self) -> None:
        with self.lock:
            now = self.now()
            self.tokens = {t: min(exp, now - 1) for t, exp in self.tokens.items()}

    def control_extra(self, request: Request, action: str, body: dict) -> Response:
        if action == "messages":
            return json_response({"messages": self.messages, "robot_replies": self.robot_replies})
        if action.startswith("stream/"):
            return self._stream_control(request, action.removeprefix("stream/"), body)
        if action == "users" and request.method == "POST":
            self.add_user(
                body["userid"],
                body.get("name", body["userid"]),
                body.get("dept_id_list"),
                body.get("active", True),
            )
            return json_response({"ok": True})
        raise NotFound()

    # -- helpers -----------------------------------------------------------------------
    @staticmethod
    def _error(errcode: int, errmsg: str) -> Response:
        return json_response(
            {"errcode": errcode, "errmsg": errmsg, "request_id": secrets.token_hex(6)}
        )

    def _check_token(self, request: Request) -> Response | None:
        token = request.args.get("access_token")
        if not token or token not in self.tokens:
            return self._error(40014, "不合法的access_token")
        if self.tokens[token] <= self.now():
            return self._error(42001, "access_token超时")
        if self.qps_limit is not None:
            window = [c for c in self.calls if c.path == request.path and c.at > self.now() - 1]
            if len(window) >= self.qps_limit:
                return self._error(90018, "当前企业调用该接口的QPS超过了限制")
        return None

    def _china_day(self) -> int:
        return int((self.now() + CHINA_OFFSET_S) // 86400)

    @staticmethod
    def _check_msg(msg: Any) -> str | None:
        if not isinstance(msg, dict) or msg.get("msgtype") not in _MSG_REQUIRED:
            return "msg.msgtype"
        content = msg.get(msg["msgtype"])
        if not isinstance(content, dict):
            return f"msg.{msg['msgtype']}"  # e.g. camelCase actionCard from the robot API
        for key in _MSG_REQUIRED[msg["msgtype"]]:
            if not content.get(key):
                return f"msg.{msg['msgtype']}.{key}"
        if msg["msgtype"] == "action_card":
            single = content.get("single_title") and content.get("single_url")
            buttons = content.get("btn_json_list")
            if not single and not (
                isinstance(buttons, list)
                and buttons
                and all(b.get("title") and b.get("action_url") for b in buttons)
            ):
                return "msg.action_card.single_url or btn_json_list"
        return None

    # -- vendor paths ------------------------------------------------------------------
    def handle_gettoken(self, request: Request) -> Response:
        if (
            request.args.get("appkey") != self.app_key
            or request.args.get("appsecret") != self.app_secret
        ):
            return self._error(40089, "不合法的appkey或appsecret")
        now = self.now()
        valid = [t for t, exp in self.tokens.items() if exp > now]
        # DingTalk hands out the same token while it is valid, and extends its life.
        token = valid[0] if valid else self.new_token()
        self.tokens[token] = now + self.token_ttl_s
        self.token_fetches += 1
        return json_response(
            {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.token_ttl_s}
        )

    def handle_asyncsend(self, request: Request) -> Response:
        error = self._check_token(request)
        if error:
            return error
        body = request_json(request)
        if str(body.get("agent_id")) != str(self.agent_id):
            return self._error(40056, "不合法的agentid")
        userids = [u for u in str(body.get("userid_list") or "").split(",") if u]
        if not userids:
            return self._error(40035, "不合法的参数: userid_list")
        problem = self._check_msg(body.get("msg"))
        if problem:
            return self._error(40035, f"不合法的参数: {problem}")
        task_id = 10_000_000 + len(self.tasks) + 1
        day = self._china_day()
        digest = hashlib.sha256(json.dumps(body["msg"], sort_keys=True).encode()).hexdigest()
        result: dict[str, list] = {
            "invalid_user_id_list": [],
            "forbidden_user_id_list": [],
            "failed_user_id_list": [],
            "read_user_id_list": [],
            "unread_user_id_list": [],
            "invalid_dept_id_list": [],
            "forbidden_list": [],
        }
        for userid in userids:
            user = self.users.get(userid)
            if self.users and (user is None or not user["active"]):
                result["invalid_user_id_list"].append(userid)
                continue
            today = [m for m in self.messages if m["userid"] == userid and m["day"] == day]
            reason = None
            if any(m["digest"] == digest and not m["dropped"] for m in today):
                reason = "143106"
            elif sum(not m["dropped"] for m in today) >= DAILY_LIMIT:
                reason = "143105"
            self.messages.append(
                {
                    "task_id": task_id,
                    "userid": userid,
                    "msg": body["msg"],
                    "digest": digest,
                    "day": day,
                    "dropped": reason is not None,
                    "drop_reason": reason,
                    "at": self.now(),
                }
            )
            logger.info(
                "dingtalk emulator: work notification to %s%s: %s",
                userid,
                f" DROPPED ({reason})" if reason else "",
                json.dumps(body["msg"], ensure_ascii=False),
            )
            if reason:
                result["forbidden_user_id_list"].append(userid)
                count = 1 if reason == "143106" else DAILY_LIMIT
                result["forbidden_list"].append({"code": reason, "count": count, "userid": userid})
            else:
                result["unread_user_id_list"].append(userid)
        self.tasks[task_id] = result
        return json_response(
            {"errcode": 0, "errmsg": "ok", "task_id": task_id, "request_id": secrets.token_hex(6)}
        )

    def handle_getsendresult(self, request: Request) -> Response:
        error = self._check_token(request)
        if error:
            return error
        body = request_json(request)
        result = self.tasks.get(int(body.get("task_id") or 0))
        if result is None or str(body.get("agent_id")) != str(self.agent_id):
            return self._error(40035, "不合法的参数: task_id")
        return json_response(
            {
                "errcode": 0,
                "errmsg": "ok",
                "send_result": result,
                "request_id": secrets.token_hex(6),
            }
        )

    def handle_user_get(self, request: Request) -> Response:
        error = self._check_token(request)
        if error:
            return error
        user = self.users.get(str(request_json(request).get("userid")))
        if user is None or not user["active"]:
            return self._error(60121, "找不到该用户")
        return json_response(
            {
                "errcode": 0,
                "errmsg": "ok",
                "result": {
                    "userid": user["userid"],
                    "name": user["name"],
                    "dept_id_list": user["dept_id_list"],
                    "active": True,
                },
                "request_id": secrets.token_hex(6),
            }
        )
