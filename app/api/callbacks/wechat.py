"""WeChat mini-program message push: the console's address check and subscribe events."""

import time

from flask import current_app, request

from app.api.callbacks.replies import callback_blueprint, error
from app.services import inbound
from bots.signatures import verify_wechat_signature
from bots.wechat_push import PushCrypto

bp = callback_blueprint("wechat_callbacks", "/bots/wechat")


@bp.route("/push", methods=["GET", "POST"])
def wechat_push():
    token = current_app.config.get("WECHAT_PUSH_TOKEN")
    if not token:
        return error(503, "not_configured", "WECHAT_PUSH_TOKEN is not set")
    verify_wechat_signature(
        token,
        request.args.get("timestamp"),
        request.args.get("nonce"),
        request.args.get("signature"),
        now_s=int(time.time()),  # a replayed push (timestamp more than 5 minutes off) is refused
    )
    if request.method == "GET":  # the server-address check in the mini-program console
        return request.args.get("echostr", ""), 200, {"Content-Type": "text/plain"}
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error(400, "bad_request", "push messages must be JSON (JSON data format)")
    if request.args.get("encrypt_type") == "aes":  # safe mode (安全模式)
        aes_key = current_app.config.get("WECHAT_PUSH_AES_KEY")
        if not aes_key:
            return error(503, "not_configured", "WECHAT_PUSH_AES_KEY is not set")
        crypto = PushCrypto(token, aes_key, current_app.config["WECHAT_APPID"])
        payload = crypto.decrypt(
            payload,
            request.args.get("msg_signature"),
            request.args.get("timestamp"),
            request.args.get("nonce"),
        )
    inbound.subscribe_events(payload)
    return "success", 200, {"Content-Type": "text/plain"}
