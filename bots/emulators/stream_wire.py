"""The pieces of the emulated Stream gateway that are data: connections, frames, robot payloads.

The real protocol (what `dingtalk-stream` 0.24 speaks): the client POSTs its clientId,
clientSecret and subscriptions to `/v1.0/gateway/connections/open` and gets an `endpoint` and a
one-time `ticket`; it opens `endpoint?ticket=...` as a websocket. The gateway then sends JSON
frames `{specVersion, type: SYSTEM|EVENT|CALLBACK, headers: {appId, connectionId, contentType,
messageId, time, topic, [eventId, eventType, eventBornTime, eventCorpId]}, data: "<json>"}` and
the client answers each with an ack `{code, headers: {messageId, contentType}, message, data}`.
SYSTEM frames are `ping` (answered like any frame) and `disconnect` (the client should
reconnect).
"""

from __future__ import annotations

import json
import secrets
import socket
import time
from dataclasses import dataclass
from typing import Any

from websockets.sync.server import ServerConnection

WEBHOOK_TTL_MS = 90 * 60 * 1000  # a robot message's sessionWebhook works about 90 minutes


class MutedSocket:
    """Forwards everything to the real socket except what the gateway sends: a dead path."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def sendall(self, data: bytes, *args: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


@dataclass
class StreamConnection:
    id: str
    ws: ServerConnection
    subscriptions: list[dict]
    opened_at: float
    last_ping_at: float
    silent: bool = False
    closed: bool = False

    def subscribed(self, frame_type: str, topic: str) -> bool:
        for sub in self.subscriptions:
            if sub.get("type") == frame_type and sub.get("topic") in ("*", topic):
                return True
        return False


@dataclass
class PendingFrame:
    message_id: str
    frame_type: str  # EVENT | CALLBACK
    topic: str
    headers: dict[str, Any]
    data: dict[str, Any]
    in_flight_on: str | None = None  # connection id it was last sent on, until acked
    attempts: int = 0

    def delivery_record(self, connection_id: str, at: float) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "connection_id": connection_id,
            "type": self.frame_type,
            "topic": self.topic,
            "attempt": self.attempts,
            "at": at,
        }


def build_frame(
    app_key: str, connection_id: str, frame_type: str, topic: str, headers: dict, data: dict
) -> dict:
    """One gateway frame as DingTalk sends it: `data` is a JSON string, not an object."""
    return {
        "specVersion": "1.0",
        "type": frame_type,
        "headers": {
            "appId": app_key,
            "connectionId": connection_id,
            "contentType": "application/json",
            "messageId": headers.get("messageId") or secrets.token_hex(12),
            "time": str(int(time.time() * 1000)),
            "topic": topic,
            **{k: v for k, v in headers.items() if k != "messageId"},
        },
        "data": json.dumps(data, ensure_ascii=False),
    }


def parse_ack(raw: str | bytes) -> tuple[str, int, str | None] | None:
    """(message id, code, data.status) of a client's ack, None when it is not one."""
    try:
        ack = json.loads(raw)
        message_id, code = ack["headers"]["messageId"], int(ack.get("code", 0))
    except (ValueError, KeyError, TypeError):
        return None
    try:
        status = json.loads(ack.get("data") or "{}").get("status")
    except (ValueError, AttributeError):
        status = None
    return message_id, code, status


def robot_message_payload(
    text: str,
    sender_staff_id: str,
    session_webhook: str,
    sender_nick: str = "",
    conversation_type: str = "1",
    msg_id: str | None = None,
    now_ms: int | None = None,
) -> dict:
    """The robot callback body DingTalk sends for one chat message (both HTTP and Stream)."""
    now_ms = now_ms or int(time.time() * 1000)
    return {
        "conversationId": "cid" + secrets.token_hex(8),
        "chatbotCorpId": "dingemulatorcorp",
        "chatbotUserId": "$:LWCP_v1:$emulatorbot",
        "msgId": msg_id or "msg" + secrets.token_hex(10),
        "senderNick": sender_nick or sender_staff_id,
        "isAdmin": False,
        "senderStaffId": sender_staff_id,
        "sessionWebhookExpiredTime": now_ms + WEBHOOK_TTL_MS,
        "createAt": now_ms,
        "senderCorpId": "dingemulatorcorp",
        "conversationType": conversation_type,
        "senderId": "$:LWCP_v1:$" + secrets.token_hex(8),
        "isInAtList": True,
        "sessionWebhook": session_webhook,
        "text": {"content": text},
        "robotCode": "dingemulatorrobot",
        "msgtype": "text",
    }
