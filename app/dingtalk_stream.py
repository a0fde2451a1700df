"""The `flask dingtalk-stream` process: DingTalk Stream mode feeding the HTTP callbacks' handlers.

Robot messages and events arriving over the websocket go through `app.services.inbound`
exactly like the HTTP callbacks' (the same dedupe rows, the same commands and tasks); only the
reply differs: Stream has no HTTP response, so it goes through the message's sessionWebhook.
"""

from __future__ import annotations

import logging
from functools import partial

from flask import Flask

from app.extensions import db
from app.queues import get_redis
from app.services import inbound, robot_replies
from bots.dingtalk_stream import DINGTALK_OPENAPI_ROOT, StreamRunner
from bots.errors import VendorError
from bots.robot_commands import RobotMessage
from bots.stream_lease import StreamLease

log = logging.getLogger(__name__)


class QuietPings(logging.Filter):
    """dingtalk-stream 0.24 logs each gateway ping as an "unknown message topic" warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (str(record.msg).startswith("unknown message topic") and args[:1] == ("ping",))


logging.getLogger("bots.dingtalk_stream").addFilter(QuietPings())


def handle_robot(app: Flask, payload: dict) -> None:
    """One robot frame; raising leaves it unacked, so DingTalk delivers it again."""
    with app.app_context():
        try:
            message = RobotMessage.from_payload(payload)
        except ValueError as exc:  # acked: a malformed message never becomes a valid one
            log.warning("stream robot message refused: %s", exc)
            return
        reply = inbound.robot_message(message)
        if reply is None or reply.later:
            return
        try:
            robot_replies.post(message.session_webhook, message.webhook_expires_ms, reply)
        except VendorError as exc:  # the command ran once; only its answer is lost
            log.warning("stream robot reply to %s failed: %s", message.msg_id, exc)
        db.session.remove()


def handle_event(app: Flask, event: dict) -> None:
    with app.app_context():
        inbound.dingtalk_event(event)
        db.session.remove()


def build_runner(app: Flask, lease: StreamLease | None = None, **options) -> StreamRunner:
    """A StreamRunner for this app's DingTalk credentials, holding the lease in its Redis."""
    cfg = app.config
    key, secret = cfg.get("DINGTALK_APP_KEY"), cfg.get("DINGTALK_APP_SECRET")
    if not key or not secret:
        raise RuntimeError("DINGTALK_APP_KEY and DINGTALK_APP_SECRET are needed for Stream mode")
    if lease is None:
        with app.app_context():
            redis = get_redis()
        if redis is None:
            log.warning("no REDIS_URL: nothing stops a second stream process from connecting")
        lease = StreamLease(redis, key)
    return StreamRunner(
        key,
        secret,
        lease,
        on_robot=partial(handle_robot, app),
        on_event=partial(handle_event, app),
        api_base_url=cfg.get("DINGTALK_OPENAPI_BASE_URL") or DINGTALK_OPENAPI_ROOT,
        **options,
    )
