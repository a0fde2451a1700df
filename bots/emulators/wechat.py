"""WeChat mini-program API emulator: token, code2session, subscribe messages, mini-program codes.

Behaves like the real service where our code depends on it: a new token invalidates the
previous one (after `old_token_grace_s`), tokens expire, a login code works once, each
subscribe message uses up one "accept" of that user for that template (43101 without one),
template field rules are checked (47003), and daily quotas give 45009.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

import requests
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from bots.emulators.base import EmulatorBase, Handler, json_response, request_json

logger = logging.getLogger(__name__)

_FIELD_RULES = {
    "thing": re.compile(r"^.{1,20}$", re.S),
    "phrase": re.compile(r"^[\u4e00-\u9fff]{1,5}$"),
    "time": re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}$"),
    "date": re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$"),
    "number": re.compile(r"^-?\d{1,32}(\.\d+)?$"),
    "character_string": re.compile(r"^[\x21-\x7e]{1,32}$"),
    "name": re.compile(r"^([\u4e00-\u9fff·]{1,10}|[A-Za-z .]{1,20})$"),
}


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A valid grey PNG, standing in for a mini-program code image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class WeChatEmulator(EmulatorBase):
    appid: str = "wx-emulator-appid"
    secret: str = "wx-emulator-secret"  # noqa: S105 - the emulator's public test secret
    token_ttl_s: int = 7200
    old_token_grace_s: float = 0.0  # real WeChat keeps the old token ~5 minutes; strict here
    daily_quota: dict[str, int] = field(default_factory=dict)  # path -> calls per day
    tokens: dict[str, tuple[float, float]] = field(
        default_factory=dict
    )  # token -> (expiry, revoked)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    accepts: dict[tuple[str, str], int] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    wxa_codes: list[dict[str, Any]] = field(default_factory=list)
    token_fetches: int = 0
    # Message push to the app (the console's 消息推送): URL, token, EncodingAESKey (safe mode).
    push_url: str | None = None
    push_token: str | None = None
    push_aes_key: str | None = None
    pushes: list[dict[str, Any]] = field(default_factory=list)

    def routes(self) -> dict[str, Handler]:
        return {
            "/cgi-bin/token": self.handle_token,
            "/sns/jscode2session": self.handle_jscode2session,
            "/cgi-bin/message/subscribe/send": self.handle_subscribe_send,
            "/wxa/getwxacodeunlimit": self.handle_wxacode,
        }

    # -- test and development controls -----------------------------------------------
    def reset(self) -> None:
        self.reset_base()
        for store in (self.tokens, self.codes, self.accepts):
            store.clear()
        self.messages.clear()
        self.wxa_codes.clear()
        self.pushes.clear()
        self.token_fetches = 0
        self.push_url = self.push_token = self.push_aes_key = None

    def issue_code(self, openid: str, unionid: str | None = None) -> str:
        """What wx.login gives the mini-program: a one-time code for this user."""
        code = "emu" + secrets.token_hex(12)
        with self.lock:
            self.codes[code] = {
                "openid": openid,
                "unionid": unionid,
                "used": False,
                "expires": self.now() + 300,
            }
        return code

    def grant_accepts(self, openid: str, template_id: str, count: int = 1) -> None:
        """The user tapped 允许 in the subscribe popup `count` times."""
        with self.lock:
            key = (openid, template_id)
            self.accepts[key] = self.accepts.get(key, 0) + count

    def popup(self, openid: str, results: dict[str, str]) -> int | None:
        """The user answered the subscribe popup: accepts count here, and WeChat pushes the
        subscribe_msg_popup_event to the app when push is configured (its HTTP status)."""
        for template_id, result in results.items():
            if result == "accept":
                self.grant_accepts(openid, template_id)
            elif result in ("reject", "ban"):
                with self.lock:
                    self.accepts[(openid, template_id)] = 0
        if not (self.push_url and self.push_token):
            return None
        event = {
            "ToUserName": "gh_emulator",
            "FromUserName": openid,
            "CreateTime": int(self.now()),
            "MsgType": "event",
            "Event": "subscribe_msg_popup_event",
            "List": [
                {"TemplateId": t, "SubscribeStatusString": r, "PopupScene": "0"}
                for t, r in results.items()
            ],
        }
        return self._push(event)

    def _push(self, event: dict) -> int:
        from bots.signatures import wechat_signature
        from bots.wechat_push import PushCrypto

        timestamp, nonce = str(int(self.now())), secrets.token_hex(6)
        query = {"timestamp": timestamp, "nonce": nonce}
        query["signature"] = wechat_signature(self.push_token, timestamp, nonce)
        body = event
        if self.push_aes_key:  # safe mode: the same JSON, encrypted
            crypto = PushCrypto(self.push_token, self.push_aes_key, self.appid)
            body, extra = crypto.encrypt(event, timestamp, nonce)
            query.update(extra)
        res = requests.post(self.push_url, params=query, json=body, timeout=10)
        with self.lock:
            self.pushes.append({"event": event, "status": res.status_code, "at": self.now()})
        return res.status_code

    def expire_tokens(self) -> None:
        with self.lock:
            now = self.now()
            self.tokens = {t: (min(exp, now - 1), rev) for t, (exp, rev) in self.tokens.items()}

    def control_extra(self, request: Request, action: str, body: dict) -> Response:
        if action == "messages":
            return json_response({"messages": self.messages, "wxa_codes": self.wxa_codes})
        if action == "accepts" and request.method == "POST":
            self.grant_accepts(body["openid"], body["template_id"], int(body.get("count", 1)))
            return json_response({"ok": True})
        if action == "popup" and request.method == "POST":
            status = self.popup(body["openid"], dict(body["results"]))
            return json_response({"ok": True, "push_status": status})
        if action == "push" and request.method == "POST":  # where and how to push events
            self.push_url, self.push_token = body.get("url"), body.get("token")
            self.push_aes_key = body.get("aes_key")
            return json_response({"ok": True})
        if action == "codes" and request.method == "POST":
            return json_response({"code": self.issue_code(body["openid"], body.get("unionid"))})
        raise NotFound()

    # -- vendor paths --------------------------------------------------------------------
    def _error(self, errcode: int, errmsg: str) -> Response:
        rid = secrets.token_hex(4)
        return json_response({"errcode": errcode, "errmsg": f"{errmsg} rid: {rid}"})

    def _quota_exceeded(self, path: str) -> bool:
        quota = self.daily_quota.get(path)
        if quota is None:
            return False
        day = int(self.now() // 86400)
        used = sum(
            1 for c in self.calls if c.path == path and int(c.at // 86400) == day and not c.errcode
        )
        return used >= quota

    def _check_app(self, appid: str | None, secret: str | None) -> Response | None:
        if appid != self.appid:
            return self._error(40013, "invalid appid")
        if secret != self.secret:
            return self._error(40125, "invalid appsecret")
        return None

    def _check_token(self, request: Request) -> Response | None:
        token = request.args.get("access_token")
        if not token:
            return self._error(41001, "access_token missing")
        entry = self.tokens.get(token)
        if entry is None or entry[1] <= self.now():
            return self._error(40001, "invalid credential, access_token is invalid or not latest")
        if entry[0] <= self.now():
            return self._error(42001, "access_token expired")
        return None

    def handle_token(self, request: Request) -> Response:
        args = request.args
        if args.get("grant_type") != "client_credential":
            return self._error(40002, "invalid grant_type")
        error = self._check_app(args.get("appid"), args.get("secret"))
        if error:
            return error
        now = self.now()
        revoke_at = now + self.old_token_grace_s
        self.tokens = {t: (exp, min(rev, revoke_at)) for t, (exp, rev) in self.tokens.items()}
        token = self.new_token()
        self.tokens[token] = (now + self.token_ttl_s, float("inf"))
        self.token_fetches += 1
        return json_response({"access_token": token, "expires_in": self.token_ttl_s})

    def handle_jscode2session(self, request: Request) -> Response:
        args = request.args
        error = self._check_app(args.get("appid"), args.get("secret"))
        if error:
            return error
        entry = self.codes.get(args.get("js_code") or "")
        if entry is None or entry["expires"] <= self.now():
            return self._error(40029, "invalid code")
        if entry["used"]:
            return self._error(40163, "code been used")
        entry["used"] = True
        result = {"openid": entry["openid"], "session_key": secrets.token_urlsafe(16)}
        if entry["unionid"]:
            result["unionid"] = entry["unionid"]
        return json_response(result)

    def handle_subscribe_send(self, request: Request) -> Response:
        error = self._check_token(request)
        if error:
            return error
        body = request_json(request)
        openid, template_id = body.get("touser"), body.get("template_id")
        if not openid:
            return self._error(40003, "invalid openid")
        if not template_id:
            return self._error(40037, "invalid template id")
        data = body.get("data")
        if not isinstance(data, dict) or not data:
            return self._error(47003, "argument invalid! data is empty")
        for key, item in data.items():
            rule = _FIELD_RULES.get(key.rstrip("0123456789"))
            value = item.get("value") if isinstance(item, dict) else None
            if rule is None or not isinstance(value, str) or not rule.match(value):
                return self._error(47003, f"argument invalid! data.{key}.value invalid")
        if self._quota_exceeded(request.path):
            return self._error(45009, "reach max api daily quota limit")
        key = (openid, template_id)
        if self.accepts.get(key, 0) <= 0:
            return self._error(43101, "user refuse to accept the msg")
        self.accepts[key] -= 1
        self.messages.append(
            {
                "touser": openid,
                "template_id": template_id,
                "data": data,
                "page": body.get("page"),
                "at": self.now(),
            }
        )
        logger.info(
            "wechat emulator: subscribe message to %s (%s): %s",
            openid,
            template_id,
            json.dumps(data, ensure_ascii=False),
        )
        return json_response({"errcode": 0, "errmsg": "ok", "msgid": len(self.messages)})

    def handle_wxacode(self, request: Request) -> Response:
        error = self._check_token(request)
        if error:
            return error
        body = request_json(request)
        scene = body.get("scene")
        if not isinstance(scene, str) or not 1 <= len(scene) <= 32:
            return self._error(40169, "invalid length for scene, or the data is not json string")
        if self._quota_exceeded(request.path):
            return self._error(45009, "reach max api daily quota limit")
        self.wxa_codes.append({"scene": scene, "page": body.get("page"), "at": self.now()})
        return Response(tiny_png(), mimetype="image/png")
