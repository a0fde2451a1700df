"""DingTalk Stream gateway emulator: connection tickets, a websocket server, frames and acks.

The wire format (what `dingtalk-stream` 0.24 speaks) is described in `stream_wire`.

Delivery here is at least once: a frame not acked with code 200 (a dropped connection, a handler
that failed, an event acked LATER) is sent again on the next live connection. Frames pushed
while no client is connected wait for one. The controls drop a connection abruptly (no close
frame), or make it silent (the gateway's bytes stop reaching the client while the TCP connection
stays up, as on a dying NAT path), which only a client-side watchdog notices.
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request as WsRequest
from websockets.sync.server import Server, ServerConnection, serve

from bots.emulators.stream_wire import (
    MutedSocket,
    PendingFrame,
    StreamConnection,
    build_frame,
    parse_ack,
)

logger = logging.getLogger(__name__)

ROBOT_TOPIC = "/v1.0/im/bot/messages/get"
TICKET_TTL_S = 90
PUMP_INTERVAL_S = 0.05


@dataclass
class StreamGateway:
    """One app's Stream gateway; `DingTalkEmulator` starts it at the first open-connection."""

    app_key: str
    app_secret: str
    corp_id: str = "dingemulatorcorp"
    ping_interval_s: float = 10.0
    redeliver_unacked: bool = True
    cut_acks: int = 0  # the next N business acks are lost and their connection cut
    host: str = "127.0.0.1"
    port: int = 0
    tickets: dict[str, tuple[float, list[dict]]] = field(default_factory=dict)
    connections: dict[str, StreamConnection] = field(default_factory=dict)
    pending: dict[str, PendingFrame] = field(default_factory=dict)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    opened: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _server: Server | None = field(default=None, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return f"ws://{self.host}:{self.start()}/connect"

    def start(self) -> int:
        """Serve (once) on `port`, 0 for a free one; returns the port."""
        with self.lock:
            if self._server is not None:
                return self._server.socket.getsockname()[1]
            self._stop.clear()
            self._server = serve(
                self._handle,
                self.host,
                self.port,
                process_request=self._check_ticket,
                ping_interval=None,  # DingTalk keeps alive with SYSTEM ping frames
                compression=None,
            )
            for target, name in ((self._server.serve_forever, "ws"), (self._pump, "pump")):
                thread = threading.Thread(target=target, name=f"stream-{name}", daemon=True)
                thread.start()
                self._threads.append(thread)
            return self._server.socket.getsockname()[1]

    def stop(self) -> None:
        with self.lock:
            server, self._server = self._server, None
            self._stop.set()
            for conn in self._named(None):
                self._abort(conn)
        if server is not None:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def reset(self) -> None:
        """Forget tickets, frames and records; connected clients are dropped."""
        with self.lock:
            for conn in self._named(None):
                self._abort(conn)
            for record in (self.tickets, self.pending, self.deliveries, self.acks, self.opened):
                record.clear()
            self.redeliver_unacked = True
            self.cut_acks = 0

    # -- the open-connection endpoint ----------------------------------------------------
    def open_connection(self, body: dict) -> tuple[int, dict]:
        """POST /v1.0/gateway/connections/open: (HTTP status, JSON body)."""
        if body.get("clientId") != self.app_key or body.get("clientSecret") != self.app_secret:
            return 401, {"code": "InvalidAuthentication", "message": "clientId或clientSecret无效"}
        subscriptions = body.get("subscriptions")
        if not isinstance(subscriptions, list) or not subscriptions:
            return 400, {"code": "InvalidParameter", "message": "subscriptions is required"}
        ticket = secrets.token_hex(16)
        with self.lock:
            self.tickets[ticket] = (time.time() + TICKET_TTL_S, subscriptions)
        return 200, {"endpoint": self.endpoint, "ticket": ticket}

    def _check_ticket(self, conn: ServerConnection, request: WsRequest) -> Any:
        query = parse_qs(urlsplit(request.path).query)
        ticket = (query.get("ticket") or [""])[0]
        with self.lock:
            entry = self.tickets.pop(ticket, None)  # a ticket opens one connection
        if entry is None or entry[0] < time.time():
            return conn.respond(401, "invalid or expired ticket\n")
        conn.emulator_subscriptions = entry[1]  # type: ignore[attr-defined]
        return None

    def _handle(self, ws: ServerConnection) -> None:
        now = time.time()
        conn = StreamConnection(
            id=secrets.token_hex(8),
            ws=ws,
            subscriptions=getattr(ws, "emulator_subscriptions", []),
            opened_at=now,
            last_ping_at=now,
        )
        with self.lock:
            self.connections[conn.id] = conn
            self.opened.append({"connection_id": conn.id, "at": now})
        logger.info("dingtalk stream emulator: connection %s opened", conn.id)
        try:
            for raw in ws:
                self._on_ack(conn, raw)
        except ConnectionClosed:
            pass
        finally:
            with self.lock:
                conn.closed = True
                self.connections.pop(conn.id, None)
                for frame in self.pending.values():
                    if frame.in_flight_on == conn.id:
                        frame.in_flight_on = None  # never acked: goes out again
            logger.info("dingtalk stream emulator: connection %s closed", conn.id)

    def _on_ack(self, conn: StreamConnection, raw: str | bytes) -> None:
        if conn.silent:
            return  # the path is dead: nothing the client says arrives either
        parsed = parse_ack(raw)
        if parsed is None:
            logger.warning("dingtalk stream emulator: bad ack %r", raw)
            return
        message_id, code, status = parsed
        with self.lock:
            if self.cut_acks and message_id in self.pending:
                self.cut_acks -= 1
                self._abort(conn)  # the link died just before this ack got through
                return
            ack = {"message_id": message_id, "connection_id": conn.id, "code": code}
            self.acks.append({**ack, "at": time.time()})
            frame = self.pending.get(message_id)
            if frame is None:
                return
            if (code == 200 and status in (None, "SUCCESS")) or not self.redeliver_unacked:
                del self.pending[message_id]
            else:
                frame.in_flight_on = None  # LATER or an error: try again

    def live_connections(self) -> list[str]:
        with self.lock:
            return [c.id for c in self.connections.values() if not c.closed]

    # -- pushing frames ------------------------------------------------------------------
    def push_robot_message(self, payload: dict) -> str:
        """A robot callback (the same JSON as the HTTP mode's body) for the connected client."""
        return self._push("CALLBACK", ROBOT_TOPIC, {}, payload)

    def push_event(
        self, event_type: str, data: dict, event_id: str | None = None, born_ms: int | None = None
    ) -> str:
        headers = {
            "eventId": event_id or secrets.token_hex(16),
            "eventType": event_type,
            "eventBornTime": str(born_ms or int(time.time() * 1000)),
            "eventCorpId": self.corp_id,
            "eventUnifiedAppId": self.app_key,
        }
        return self._push("EVENT", event_type, headers, data)

    def _push(self, frame_type: str, topic: str, headers: dict, data: dict) -> str:
        message_id = secrets.token_hex(12)
        with self.lock:
            self.pending[message_id] = PendingFrame(message_id, frame_type, topic, headers, data)
        return message_id

    def unacked(self) -> list[str]:
        with self.lock:
            return list(self.pending)

    # -- controls ------------------------------------------------------------------------
    def drop(self, connection_id: str | None = None) -> int:
        """Cut connections without a close frame (all when none is named); returns how many."""
        with self.lock:
            targets = self._named(connection_id)
            for conn in targets:
                self._abort(conn)
        return len(targets)

    def silence(self, connection_id: str | None = None) -> int:
        """From now on nothing from the gateway reaches these clients, and their acks are lost."""
        with self.lock:
            targets = self._named(connection_id)
            for conn in targets:
                conn.silent = True
                conn.ws.socket = MutedSocket(conn.ws.socket)  # pongs and frames vanish too
        return len(targets)

    def cut_before_ack(self, count: int = 1) -> None:
        """The next `count` event/callback acks never arrive: their connection drops first."""
        with self.lock:
            self.cut_acks += count

    def send_disconnect(self, connection_id: str | None = None) -> int:
        """The gateway's SYSTEM `disconnect`: the client should open a new connection."""
        with self.lock:
            targets = self._named(connection_id)
            for conn in targets:
                self._send(conn, self._wire(conn, "SYSTEM", "disconnect", {}, {"reason": "test"}))
        return len(targets)

    def _named(self, connection_id: str | None) -> list[StreamConnection]:
        return [c for c in self.connections.values() if connection_id in (None, c.id)]

    def _abort(self, conn: StreamConnection) -> None:
        conn.closed = True
        try:
            conn.ws.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- the pump: pings and deliveries ----------------------------------------------------
    def _wire(self, conn: StreamConnection, kind: str, topic: str, headers: dict, data: dict):
        return build_frame(self.app_key, conn.id, kind, topic, headers, data)

    def _send(self, conn: StreamConnection, frame: dict) -> bool:
        try:
            conn.ws.send(json.dumps(frame, ensure_ascii=False))
        except (ConnectionClosed, OSError, RuntimeError):
            return False
        return True

    def _target(self, frame: PendingFrame) -> StreamConnection | None:
        live = [
            c
            for c in self.connections.values()
            if not c.closed and c.subscribed(frame.frame_type, frame.topic)
        ]
        return max(live, key=lambda c: c.opened_at) if live else None  # the newest one

    def _pump(self) -> None:
        while not self._stop.wait(PUMP_INTERVAL_S):
            with self.lock:
                now = time.time()
                for conn in list(self.connections.values()):
                    if not conn.closed and now - conn.last_ping_at >= self.ping_interval_s:
                        conn.last_ping_at = now
                        ping = {"opaque": secrets.token_hex(8)}
                        self._send(conn, self._wire(conn, "SYSTEM", "ping", {}, ping))
                for frame in list(self.pending.values()):
                    if frame.in_flight_on is not None:
                        continue
                    conn = self._target(frame)
                    if conn is None:
                        continue
                    headers = {**frame.headers, "messageId": frame.message_id}
                    wire = self._wire(conn, frame.frame_type, frame.topic, headers, frame.data)
                    if self._send(conn, wire):
                        frame.in_flight_on = conn.id
                        frame.attempts += 1
                        self.deliveries.append(frame.delivery_record(conn.id, now))
