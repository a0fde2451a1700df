"""DingTalk callbacks: the enterprise robot, the event subscription, signed card buttons."""

import hashlib
import time

from flask import current_app, jsonify, redirect, request
from markupsafe import escape

from app.api.callbacks.replies import callback_blueprint, error
from app.errors import AppError
from app.extensions import db
from app.models import Report
from app.services import inbound
from app.services.decisions import decide
from bots.dingtalk_crypto import DingTalkCallbackCrypto
from bots.robot_commands import RobotMessage
from bots.signatures import verify_action_link, verify_robot_request

bp = callback_blueprint("dingtalk_callbacks", "/bots/dingtalk")


@bp.post("/robot")
def dingtalk_robot():
    secret = current_app.config.get("DINGTALK_APP_SECRET")
    if not secret:
        return error(503, "not_configured", "DINGTALK_APP_SECRET is not set")
    verify_robot_request(
        request.headers.get("timestamp"),
        request.headers.get("sign"),
        secret,
        int(time.time() * 1000),
    )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "bad_request", "the robot message must be a JSON object")
    try:
        message = RobotMessage.from_payload(body)
    except ValueError as exc:
        return error(400, "bad_request", str(exc))
    reply = inbound.robot_message(message)
    if reply is None:
        return jsonify({"msgtype": "empty", "duplicate": True})
    return jsonify(reply.body())


def _callback_crypto() -> DingTalkCallbackCrypto | None:
    cfg = current_app.config
    token, key = cfg.get("DINGTALK_CALLBACK_TOKEN"), cfg.get("DINGTALK_CALLBACK_AES_KEY")
    receiver = cfg.get("DINGTALK_APP_KEY")
    if not (token and key and receiver):
        return None
    return DingTalkCallbackCrypto(token, key, receiver)


@bp.post("/events")
def dingtalk_events():
    crypto = _callback_crypto()
    if crypto is None:
        return error(503, "not_configured", "DingTalk callback token/AES key are not set")
    body = request.get_json(silent=True) or {}
    event = crypto.decrypt_event(
        request.args.get("msg_signature") or request.args.get("signature"),
        request.args.get("timestamp"),
        request.args.get("nonce"),
        body.get("encrypt") if isinstance(body, dict) else None,
        now_ms=int(time.time() * 1000),
    )
    inbound.dingtalk_event(event)
    return jsonify(crypto.encrypt_reply("success"))


@bp.get("/action")
def dingtalk_action():
    link = verify_action_link(
        current_app.config["SECRET_KEY"], request.args.to_dict(), int(time.time())
    )
    user = inbound.active_hr_user(link.actor)
    if user is None:
        return error(403, "user_disabled", "this DingTalk account has no active HR user")
    object_id = link.object_id
    report = (
        db.session.get(Report, int(object_id))
        if object_id.isascii() and object_id.isdigit() and len(object_id) <= 10
        else None
    )
    if report is None:
        return error(404, "not_found", "report not found")
    job = report.interview.invitation.job
    if not user.can_access_department(job.department_id):
        return error(403, "forbidden_department", "not allowed for this department")
    candidate = report.interview.invitation.candidate
    if link.action == "view":
        from app.services.links import admin_url

        return redirect(admin_url(f"/interviews/{report.interview_id}"))
    request.environ["app.hr_user"] = user
    decision = "advance" if link.action == "pass" else "reject"
    # A decision link works once: a copy of it (a log, a forwarded card) cannot act again.
    used = hashlib.sha256(request.args.get("sig", "").encode()).hexdigest()
    if not inbound.claim("action_link", used):
        return error(409, "link_used", "这个链接已经用过了；如需更改结论，请在管理后台操作")
    try:
        changed = decide(report, decision, by=user, source="dingtalk_card")
    except AppError as exc:
        db.session.rollback()
        return error(exc.status, exc.code, exc.message)
    db.session.commit()
    inbound.kick_if_pending()
    label = (
        "已通过，复试邀请已发送给候选人" if decision == "advance" else "已淘汰，结果将告知候选人"
    )
    note = "" if changed else "（此前已是该结论）"
    html = f"<!doctype html><meta charset=utf-8><h3>{escape(candidate.name)}：{label}{note}</h3>"
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}
