"""DingTalk Stream mode through the official `dingtalk-stream` SDK, with one connection at a time.

Stream mode needs no public address: this process opens a websocket to DingTalk and robot
messages and events arrive on it. The SDK (0.24.3) parses the frames, routes them to handlers
and builds the acks; around it we add what it lacks (see /work/shared/traps.md):
- a lease in Redis (`bots.stream_lease`): one process across hosts holds the connection;
- a watchdog: no frame and no pong for `silence_timeout_s` (60 s) closes the connection and
  opens a new one; a robot message sent into a silently dying connection is otherwise lost;
- the open-connection URL from configuration (the SDK fixes it at import time, from an
  environment variable) with a timeout (the SDK has none), and a bounded backoff.
Messages can still arrive twice (redelivery after a lost ack): the handlers the app passes in
dedupe by message id, exactly as the HTTP callbacks do.

Nothing here imports the app: `on_robot(payload)` receives the robot callback body (the same
JSON as the HTTP mode's) and `on_event(event)` the event shaped like the HTTP callback's
plaintext; both run in a worker thread and should raise to have the frame delivered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import requests
import websockets
from dingtalk_stream import (
    AckMessage,
    CallbackMessage,
    ChatbotHandler,
    ChatbotMessage,
    Credential,
    DingTalkStreamClient,
    EventHandler,
    EventMessage,
)
from dingtalk_stream.version import VERSION_STRING
from redis.exceptions import RedisError

from bots.stream_lease import StreamLease

logger = logging.getLogger(__name__)

DINGTALK_OPENAPI_ROOT = "https://api.dingtalk.com"
OPEN_CONNECTION_PATH = "/v1.0/gateway/connections/open"
SILENCE_TIMEOUT_S = 60.0
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0)

RobotCallback = EventCallback = Callable[[dict], None]


def event_from_stream(message: EventMessage) -> dict:
    """A Stream event shaped like the HTTP callback's plaintext (EventType, UserId, ...).

    Stream headers carry the type and id; the data keys are camelCase (userId) where the HTTP
    callback's are capitalised (UserId), so handlers written for one read the other.
    """
    headers = message.headers
    event: dict[str, Any] = {
        (key[:1].upper() + key[1:]): value for key, value in (message.data or {}).items()
    }
    event["EventType"] = headers.event_type
    event["EventId"] = headers.event_id or headers.message_id
    if headers.event_corp_id:
        event.setdefault("CorpId", headers.event_corp_id)
    if headers.event_born_time:
        event.setdefault("TimeStamp", str(headers.event_born_time))
    return event


class _RobotHandler(ChatbotHandler):
    def __init__(self, on_robot: RobotCallback) -> None:
        super().__init__()
        self.on_robot = on_robot

    async def process(self, callback: CallbackMessage) -> tuple[int, str]:
        try:
            await asyncio.to_thread(self.on_robot, callback.data)
        except Exception:  # the frame stays unacked and DingTalk may send it again
            logger.exception("stream robot message %s failed", callback.headers.message_id)
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "error"
        return AckMessage.STATUS_OK, "OK"


class _EventHandler(EventHandler):
    def __init__(self, on_event: EventCallback) -> None:
        super().__init__()
        self.on_event = on_event

    async def process(self, message: EventMessage) -> tuple[int, str]:
        try:
            await asyncio.to_thread(self.on_event, event_from_stream(message))
        except Exception:  # acked as a failure: DingTalk retries the event later
            logger.exception("stream event %s failed", message.headers.event_id)
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "error"
        return AckMessage.STATUS_OK, "success"


class StreamRunner(DingTalkStreamClient):
    """The SDK's client with a lease, a silence watchdog and a configurable gateway URL."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        lease: StreamLease,
        on_robot: RobotCallback,
        on_event: EventCallback | None = None,
        api_base_url: str | None = None,
        silence_timeout_s: float = SILENCE_TIMEOUT_S,
        lease_poll_s: float | None = None,
        http_timeout_s: float = 10.0,
    ) -> None:
        super().__init__(Credential(app_key, app_secret), logger=logger)
        self.lease = lease
        self.api_base_url = (api_base_url or DINGTALK_OPENAPI_ROOT).rstrip("/")
        self.silence_timeout_s = silence_timeout_s
        self.lease_poll_s = lease_poll_s or max(lease.ttl_s / 3, 0.2)
        self.http_timeout_s = http_timeout_s
        self.register_callback_handler(ChatbotMessage.TOPIC, _RobotHandler(on_robot))
        if on_event is not None:
            self.register_all_event_handler(_EventHandler(on_event))
        self.connections_opened = 0
        self.last_seen = 0.0
        self.connected = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()

    # -- the gateway's open-connection endpoint ------------------------------------------
    def open_connection(self) -> dict | None:
        """Same request as the SDK's, to our URL, with a timeout; None when it failed."""
        topics = [{"type": "CALLBACK", "topic": topic} for topic in self.callback_handler_map]
        if self._is_event_required:
            topics.insert(0, {"type": "EVENT", "topic": "*"})
        body = {
            "clientId": self.credential.client_id,
            "clientSecret": self.credential.client_secret,
            "subscriptions": topics,
            "ua": f"dingtalk-sdk-python/v{VERSION_STRING}-union",
            "localIp": "",
        }
        try:
            res = requests.post(
                self.api_base_url + OPEN_CONNECTION_PATH, json=body, timeout=self.http_timeout_s
            )
            res.raise_for_status()
            connection = res.json()
        except (requests.RequestException, ValueError) as exc:
            logger.error("dingtalk stream: open connection failed: %s", exc)
            return None
        if not connection.get("endpoint") or not connection.get("ticket"):
            logger.error("dingtalk stream: open connection answered %s", connection)
            return None
        return connection

    # -- the loop ------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Hold the lease, stay connected, reconnect when needed; returns once `stop` is set."""
        self.pre_start()
        failures = 0
        try:
            while not stop.is_set():
                if not await self._wait_for_lease(stop):
                    break
                opened_at = time.monotonic()
                reason = await self._connect_once(stop)
                if stop.is_set():
                    break
                logger.warning("dingtalk stream: connection ended (%s); reconnecting", reason)
                lived = time.monotonic() - opened_at
                failures = 0 if lived > self.silence_timeout_s else failures + 1
                delay = 0.0 if reason == "disconnect" else BACKOFF_S[min(failures, 4)]
                await _sleep_unless(stop, delay * random.uniform(0.5, 1.0))  # noqa: S311
        finally:
            await asyncio.to_thread(self.lease.release)

    async def _wait_for_lease(self, stop: asyncio.Event) -> bool:
        waited = False
        while not stop.is_set():
            try:
                if await asyncio.to_thread(self.lease.acquire):
                    if waited:
                        logger.info("dingtalk stream: lease acquired (%s)", self.lease.owner)
                    return True
            except RedisError as exc:
                logger.warning("dingtalk stream: lease store unavailable: %s", exc)
            if not waited:
                logger.info("dingtalk stream: another process holds the connection; standing by")
                waited = True
            await _sleep_unless(stop, self.lease_poll_s)
        return False

    async def _connect_once(self, stop: asyncio.Event) -> str:
        connection = await asyncio.to_thread(self.open_connection)
        if connection is None:
            return "open_failed"
        uri = f"{connection['endpoint']}?ticket={connection['ticket']}"
        try:
            async with websockets.connect(
                uri, ping_interval=None, open_timeout=self.http_timeout_s, close_timeout=2
            ) as websocket:
                self.websocket = websocket
                self.connections_opened += 1
                self.last_seen = time.monotonic()
                self.connected.set()
                logger.info("dingtalk stream: connected (%s)", self.lease.owner)
                watchers = {
                    asyncio.create_task(self._read(websocket), name="read"),
                    asyncio.create_task(self._watchdog(websocket), name="silence"),
                    asyncio.create_task(self._keep_lease(), name="lease_lost"),
                    asyncio.create_task(stop.wait(), name="stopped"),
                }
                done, pending = await asyncio.wait(watchers, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                finished = done.pop()
                reason = finished.get_name()
                if reason == "read" and finished.exception() is None:
                    reason = finished.result()
                if reason in ("silence", "lease_lost"):
                    websocket.transport.abort()  # no close handshake over a dead or lost link
                return reason
        except (OSError, websockets.exceptions.WebSocketException, TimeoutError) as exc:
            return f"error: {type(exc).__name__}: {exc}"
        finally:
            self.connected.clear()
            self.websocket = None

    async def _read(self, websocket: Any) -> str:
        try:
            async for raw in websocket:
                self.last_seen = time.monotonic()
                try:
                    frame = json.loads(raw)
                except ValueError:
                    logger.warning("dingtalk stream: frame is not JSON: %r", raw[:200])
                    continue
                task = asyncio.create_task(self.background_task(frame))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        except websockets.exceptions.ConnectionClosedError as exc:
            return f"dropped: {exc}"
        return "disconnect"

    async def _watchdog(self, websocket: Any) -> None:
        """Returns once neither a frame nor a pong came for `silence_timeout_s`."""
        interval = max(min(self.silence_timeout_s / 4, 15.0), 0.05)
        while True:
            await asyncio.sleep(interval)
            if time.monotonic() - self.last_seen > self.silence_timeout_s:
                logger.warning(
                    "dingtalk stream: nothing heard for %.0f s; reconnecting",
                    self.silence_timeout_s,
                )
                return
            with contextlib.suppress(websockets.exceptions.ConnectionClosed):
                pong = await websocket.ping()
                pong.add_done_callback(self._on_pong)

    def _on_pong(self, waiter: asyncio.Future) -> None:
        if not waiter.cancelled() and waiter.exception() is None:
            self.last_seen = time.monotonic()

    async def _keep_lease(self) -> None:
        """Returns once the lease is lost (another holder, or unconfirmed past its TTL)."""
        while True:
            await asyncio.sleep(self.lease.ttl_s / 3)
            try:
                if not await asyncio.to_thread(self.lease.renew):
                    logger.warning("dingtalk stream: lease lost; closing the connection")
                    return
            except RedisError as exc:
                if time.monotonic() >= self.lease.held_until:
                    logger.warning("dingtalk stream: lease unconfirmed past its TTL (%s)", exc)
                    return


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def run_until_signalled(runner: StreamRunner) -> None:
    """Run in the foreground until SIGTERM or SIGINT (the `flask dingtalk-stream` process)."""
    import signal

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await runner.run(stop)

    asyncio.run(main())
