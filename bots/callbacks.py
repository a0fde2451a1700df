"""Inbound vendor calls: verify the signature, parse, dedupe, act or enqueue, reply fast.

- POST /bots/dingtalk/robot   the enterprise robot (HR commands in a chat)
- POST /bots/dingtalk/events  the event subscription (encrypted; reply within 1.5 s)
- GET  /bots/dingtalk/action  signed card buttons (通过 / 淘汰 / 查看)
- GET/POST /bots/wechat/push  mini-program message push (subscribe popups and changes)

Vendors retry, so every handler is idempotent: a ProcessedEvent row is inserted first and a
unique-key violation means "already handled".
"""

from __future__ import annotations

import hashlib
import logging
import time

from flask import Blueprint, current_app, jsonify, redirect, request
from markupsafe import escape
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.errors import AppError, error_body
from app.extensions import db
from app.models import HrUser, ProcessedEvent, Report, WechatSubscription
from bots.errors import SignatureError

log = logging.getLogger(__name__)

bp = Blueprint("bots", __name__, url_prefix="/bots")


def _error(status: int, code: str, message: str):
    return jsonify(error_body(code, message)), status


@bp.errorhandler(SignatureError)
def _signature_failed(exc: SignatureError):
    log.warning("callback %s refused: %s", request.path, exc.reason)
    return _error(401, "bad_signature", exc.reason)


def claim(source: str, event_id: str) -> bool:
    """Insert the event's row in the current transaction; False if it was handled already."""
    db.session.add(ProcessedEvent(source=source, event_id=event_id[:150]))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


# -- DingTalk robot --------------------------------------------------------------------
@bp.post("/dingtalk/robot")
def dingtalk_robot():
    from app.services import robot
    from bots.robot_commands import RobotMessage
    from bots.signatures import verify_robot_request

    secret = current_app.config.get("DINGTALK_APP_SECRET")
    if not secret:
        return _error(503, "not_configured", "DINGTALK_APP_SECRET is not set")
    verify_robot_request(
        request.headers.get("timestamp"),
        request.headers.get("sign"),
        secret,
        int(time.time() * 1000),
    )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "bad_request", "the robot message must be a JSON object")
    try:
        message = RobotMessage.from_payload(body)
    except ValueError as exc:
        return _error(400, "bad_request", str(exc))
    if not claim("dingtalk_robot", message.msg_id):
        log.info("robot message %s already handled", message.msg_id)
        return jsonify({"msgtype": "empty", "duplicate": True})
    user = robot.find_sender(message.sender_staff_id)
    if user is None:
        db.session.commit()
        return jsonify(robot.Reply("面试助手", robot.REFUSAL).body())
    request.environ["app.hr_user"] = user  # audit rows name the HR user behind the bot
    reply = robot.execute(message.command(), user)
    db.session.commit()
    _kick_if_needed()
    return jsonify(reply.body())


def _kick_if_needed() -> None:
    from app.models import OutboxMessage
    from app.services.outbox import kick

    pending = db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.status == "pending").limit(1)
    )
    if pending is not None:
        kick()


# -- DingTalk event subscription --------------------------------------------------------
def _callback_crypto():
    from bots.dingtalk_crypto import DingTalkCallbackCrypto

    cfg = current_app.config
    token, key = cfg.get("DINGTALK_CALLBACK_TOKEN"), cfg.get("DINGTALK_CALLBACK_AES_KEY")
    receiver = cfg.get("DINGTALK_APP_KEY")
    if not (token and key and receiver):
        return None
    return DingTalkCallbackCrypto(token, key, receiver)


@bp.post("/dingtalk/events")
def dingtalk_events():
    from app.queues import submit
    from bots.dingtalk_crypto import event_dedupe_key

    crypto = _callback_crypto()
    if crypto is None:
        return _error(503, "not_configured", "DingTalk callback token/AES key are not set")
    body = request.get_json(silent=True) or {}
    event = crypto.decrypt_event(
        request.args.get("msg_signature") or request.args.get("signature"),
        request.args.get("timestamp"),
        request.args.get("nonce"),
        body.get("encrypt") if isinstance(body, dict) else None,
        now_ms=int(time.time() * 1000),
    )
    kind = event.get("EventType")
    if kind != "check_url" and claim("dingtalk_event", event_dedupe_key(event)):
        if kind in ("user_leave_org",):
            # DingTalk wants the answer within 1.5 s: the work is a task (inline without Redis).
            submit("dingtalk.event", queue="default", event=event)
        else:
            db.session.commit()
    else:
        db.session.rollback()
    return jsonify(crypto.encrypt_reply("success"))


# -- signed card buttons ----------------------------------------------------------------
@bp.get("/dingtalk/action")
def dingtalk_action():
    from app.services.decisions import decide
    from bots.signatures import verify_action_link

    link = verify_action_link(
        current_app.config["SECRET_KEY"], request.args.to_dict(), int(time.time())
    )
    user = db.session.scalar(select(HrUser).where(HrUser.dingtalk_userid == link.actor))
    if user is None or not user.active:
        return _error(403, "user_disabled", "this DingTalk account has no active HR user")
    report = db.session.get(Report, int(link.object_id)) if link.object_id.isdigit() else None
    if report is None:
        return _error(404, "not_found", "report not found")
    job = report.interview.invitation.job
    if not user.can_access_department(job.department_id):
        return _error(403, "forbidden_department", "not allowed for this department")
    candidate = report.interview.invitation.candidate
    if link.action == "view":
        admin = current_app.config["ADMIN_BASE_URL"].rstrip("/")
        return redirect(f"{admin}/candidates/{candidate.id}")
    request.environ["app.hr_user"] = user
    decision = "advance" if link.action == "pass" else "reject"
    try:
        changed = decide(report, decision, by=user, source="dingtalk_card")
    except AppError as exc:
        db.session.rollback()
        return _error(exc.status, exc.code, exc.message)
    db.session.commit()
    _kick_if_needed()
    label = (
        "已通过，复试邀请已发送给候选人" if decision == "advance" else "已淘汰，结果将告知候选人"
    )
    note = "" if changed else "（此前已是该结论）"
    html = f"<!doctype html><meta charset=utf-8><h3>{escape(candidate.name)}：{label}{note}</h3>"
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


# -- WeChat message push ----------------------------------------------------------------
def _verify_wechat() -> None:
    from bots.signatures import verify_wechat_signature

    verify_wechat_signature(
        current_app.config["WECHAT_PUSH_TOKEN"],
        request.args.get("timestamp"),
        request.args.get("nonce"),
        request.args.get("signature"),
    )


@bp.route("/wechat/push", methods=["GET", "POST"])
def wechat_push():
    if not current_app.config.get("WECHAT_PUSH_TOKEN"):
        return _error(503, "not_configured", "WECHAT_PUSH_TOKEN is not set")
    _verify_wechat()
    if request.method == "GET":  # the server-address check in the mini-program console
        return request.args.get("echostr", ""), 200, {"Content-Type": "text/plain"}
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _error(400, "bad_request", "push messages must be JSON (JSON data format)")
    record_subscribe_events(payload)
    return "success", 200, {"Content-Type": "text/plain"}


def record_subscribe_events(payload: dict) -> int:
    """Popup accepts add one send each; a reject or ban leaves none. Returns rows changed."""
    from bots.wechat_push import parse_subscribe_events

    changes = parse_subscribe_events(payload)
    if not changes:
        return 0
    # WeChat retries a push it got no answer to; the same user and time is the same push.
    raw = f"{payload.get('FromUserName')}:{payload.get('CreateTime')}:{payload.get('Event')}"
    if not claim("wechat_push", hashlib.sha256(raw.encode()).hexdigest()):
        return 0
    changed = 0
    for change in changes:
        if change.event == "subscribe_msg_sent_event":
            continue
        if not (change.grants_one_send or change.status in ("reject", "ban")):
            continue
        row = _subscription(change.openid, change.template_id)
        if change.grants_one_send:
            db.session.execute(
                update(WechatSubscription)
                .where(WechatSubscription.id == row.id)
                .values(accepts=WechatSubscription.accepts + 1)
            )
        else:
            row.accepts = 0
        changed += 1
    db.session.commit()
    return changed


def _subscription(openid: str, template_id: str) -> WechatSubscription:
    query = select(WechatSubscription).where(
        WechatSubscription.openid == openid, WechatSubscription.template_id == template_id
    )
    row = db.session.scalar(query)
    if row is None:
        row = WechatSubscription(openid=openid, template_id=template_id, accepts=0)
        db.session.add(row)
        db.session.flush()
    return row
