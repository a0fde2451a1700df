"""The DingTalk emulator's robot side: chat messages to the bot, its sessionWebhook, Stream mode.

A mixin of `DingTalkEmulator` (which holds the state: `robot_sessions`, `robot_replies`,
`stream`, `base_url`, `lock`).
"""

from __future__ import annotations

import secrets
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from bots.emulators.base import json_response, request_json
from bots.emulators.stream_wire import robot_message_payload


class RobotAndStream:
    def robot_message(self, text: str, sender_staff_id: str, **extra: Any) -> dict:
        """A chat message to the robot, with a sessionWebhook of this emulator (90 minutes)."""
        session = secrets.token_hex(16)
        now_ms = int(self.now() * 1000)
        payload = robot_message_payload(
            text,
            sender_staff_id,
            f"{self.base_url}/robot/sendBySession?session={session}",
            now_ms=now_ms,
            **extra,
        )
        with self.lock:
            self.robot_sessions[session] = payload["sessionWebhookExpiredTime"]
        return payload

    def stream_robot_message(self, text: str, sender_staff_id: str, **extra: Any) -> dict:
        """Send a robot message over Stream (delivered when a client is connected)."""
        payload = self.robot_message(text, sender_staff_id, **extra)
        self.stream.push_robot_message(payload)
        return payload

    def replies_to(self, payload: dict) -> list[dict[str, Any]]:
        """What the bot posted back through this message's sessionWebhook."""
        session = payload["sessionWebhook"].rsplit("session=", 1)[-1]
        return [r for r in self.robot_replies if r["session"] == session]

    def _stream_control(self, request: Request, action: str, body: dict) -> Response:
        """Development controls: send a robot message or an event over Stream, cut links."""
        stream = self.stream
        if action == "robot" and request.method == "POST":
            payload = self.stream_robot_message(body["text"], body["sender_staff_id"])
            return json_response({"ok": True, "msgId": payload["msgId"]})
        if action == "event" and request.method == "POST":
            message_id = stream.push_event(body["event_type"], body.get("data") or {})
            return json_response({"ok": True, "messageId": message_id})
        if action in ("drop", "silence", "disconnect") and request.method == "POST":
            act = {"drop": stream.drop, "silence": stream.silence}.get(
                action, stream.send_disconnect
            )
            return json_response({"ok": True, "connections": act(body.get("connection_id"))})
        if action == "state":
            return json_response(
                {
                    "live_connections": stream.live_connections(),
                    "opened": stream.opened,
                    "deliveries": stream.deliveries,
                    "acks": stream.acks,
                    "unacked": stream.unacked(),
                }
            )
        raise NotFound()

    def handle_open_connection(self, request: Request) -> Response:
        status, body = self.stream.open_connection(request_json(request))
        return json_response(body, status)

    def handle_robot_reply(self, request: Request) -> Response:
        session = request.args.get("session")
        if not session:
            return self._error(300001, "session不存在")
        expires_ms = self.robot_sessions.get(session)
        if expires_ms is not None and expires_ms <= self.now() * 1000:
            return self._error(300001, "session已过期")
        body = request_json(request)
        msgtype = body.get("msgtype")
        if msgtype not in ("text", "markdown", "actionCard") or not isinstance(
            body.get(msgtype), dict
        ):
            return self._error(40035, "不合法的参数: msgtype")
        self.robot_replies.append(
            {"session": request.args["session"], "body": body, "at": self.now()}
        )
        return json_response({"errcode": 0, "errmsg": "ok"})
