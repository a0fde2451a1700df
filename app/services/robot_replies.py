"""Answering a robot message through its sessionWebhook instead of the HTTP response.

Stream mode has no HTTP response to answer in, so every reply goes through the message's
sessionWebhook (valid about 90 minutes). In both modes a slow command is run by a task that
posts its reply there, so the HTTP callback answers DingTalk at once and a Stream frame is
acked before DingTalk gives up on it. The webhook must be DingTalk's own (the configured API
base): the URL arrives in the message body, which the robot signature does not cover.
"""

from __future__ import annotations

import json
import logging
import time

from flask import current_app

from app import crypto
from app.extensions import db
from app.models import HrUser
from app.queues import enqueue_robot_reply
from app.services import robot
from bots.dingtalk import DINGTALK_API_ROOT, reply_markdown
from bots.robot_commands import Command, RobotMessage

log = logging.getLogger(__name__)

# Commands whose reply summarises every answer's evidence (decrypting each report).
SLOW_COMMANDS = frozenset({"view", "report"})


def webhook_allowed(url: str) -> bool:
    base = (current_app.config.get("DINGTALK_API_BASE_URL") or DINGTALK_API_ROOT).rstrip("/")
    return url.startswith(base + "/robot/sendBySession?")


def post(webhook: str, expires_ms: int, reply: robot.Reply) -> bool:
    """Post the reply; False (logged) when the webhook is not DingTalk's or has expired."""
    if not webhook_allowed(webhook):
        log.warning("robot reply not sent: sessionWebhook is not DingTalk's API")
        return False
    if int(time.time() * 1000) >= expires_ms:
        log.warning("robot reply not sent: sessionWebhook expired")
        return False
    reply_markdown(webhook, reply.title, reply.text)
    return True


def answer_later(message: RobotMessage, command: Command, user: HrUser) -> robot.Reply:
    """Commit the message's claim with a task that runs the command and posts its reply."""
    # The command names a candidate and the webhook is a bearer URL: sealed in the task row.
    sealed = crypto.encrypt_str(
        json.dumps(
            {
                "name": command.name,
                "args": list(command.args),
                "webhook": message.session_webhook,
                "expires_ms": message.webhook_expires_ms,
            },
            ensure_ascii=False,
        )
    )
    enqueue_robot_reply(message.msg_id, user.id, sealed)
    db.session.commit()  # the task is dispatched after this
    return robot.LATER


def run_later(msg_id: str, user_id: int, sealed: str) -> dict:
    """The task: run the command as the HR user now and post the reply."""
    data = json.loads(crypto.decrypt_str(sealed))
    user = db.session.get(HrUser, user_id)
    if user is None or not user.active:
        return {"msg_id": msg_id, "posted": False, "reason": "user inactive"}
    command = Command(data["name"], tuple(data["args"]))
    if int(time.time() * 1000) >= int(data["expires_ms"]):
        return {
            "msg_id": msg_id,
            "posted": False,
            "reason": "webhook expired",
            **_ask_again(msg_id, user, command),
        }
    reply = robot.execute(command, user)
    db.session.commit()  # the audit rows of the reads, whatever happens to the post
    posted = post(data["webhook"], int(data["expires_ms"]), reply)
    return {"msg_id": msg_id, "posted": posted}


def _ask_again(msg_id: str, user: HrUser, command: Command) -> dict:
    """The chat's sessionWebhook expired before the task ran (a queue down for ~90 minutes):
    a work notification asks HR to send the command again. Not the answer itself: a report
    in a notification's text would sit unencrypted in the outbox."""
    from app.services.inbound import kick_if_pending
    from app.services.outbox import add_message

    if not user.dingtalk_userid:
        return {"notified": False}
    asked = f"报告 {command.args[0]}" if command.name == "report" else "查看 …"
    text = f"### 面试助手\n你发送的「{asked}」等待处理时会话已过期，请在钉钉里重新发送一次。"
    add_message(
        "dingtalk",
        "notice",
        user.dingtalk_userid,
        {"title": "面试助手", "text": text},
        f"robot_late:{msg_id}:dingtalk:{user.dingtalk_userid}",
    )
    db.session.commit()
    kick_if_pending()
    return {"notified": True}
