"""The app's WeChat and DingTalk clients, built from configuration (emulators in dev/tests)."""

from flask import current_app

from app.errors import AppError
from app.queues import get_redis


class VendorNotConfigured(AppError):
    status, code = 503, "vendor_not_configured"


def wechat_client():
    from bots.wechat import make_wechat_client

    cfg = current_app.config
    if not (cfg.get("WECHAT_APPID") and cfg.get("WECHAT_SECRET")):
        raise VendorNotConfigured("WeChat is not configured (WECHAT_APPID, WECHAT_SECRET)")
    return make_wechat_client(
        cfg["WECHAT_APPID"], cfg["WECHAT_SECRET"], cfg.get("WECHAT_API_BASE_URL"), get_redis()
    )


def dingtalk_client():
    from bots.dingtalk import make_dingtalk_client

    cfg = current_app.config
    if not (cfg.get("DINGTALK_APP_KEY") and cfg.get("DINGTALK_APP_SECRET")):
        raise VendorNotConfigured(
            "DingTalk is not configured (DINGTALK_APP_KEY, DINGTALK_APP_SECRET)"
        )
    return make_dingtalk_client(
        cfg.get("DINGTALK_CORP_ID") or "",
        cfg["DINGTALK_APP_KEY"],
        cfg["DINGTALK_APP_SECRET"],
        api_base_url=cfg.get("DINGTALK_API_BASE_URL"),
        redis=get_redis(),
    )
