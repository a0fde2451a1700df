"""Inbound vendor calls: verify the signature and parse (with `bots`), then act through services.

- POST /bots/dingtalk/robot   the enterprise robot (HR commands in a chat)
- POST /bots/dingtalk/events  the event subscription (encrypted; reply within 1.5 s)
- GET  /bots/dingtalk/action  signed card buttons (通过 / 淘汰 / 查看)
- GET/POST /bots/wechat/push  mini-program message push (subscribe popups and changes)

The paths keep their `/bots` prefix: they are registered in the vendors' consoles.
Deduplication and the work itself live in `app.services.inbound`.
"""

from flask import Flask

from app.api.callbacks import dingtalk, wechat


def register_callbacks(app: Flask) -> None:
    for bp in (dingtalk.bp, wechat.bp):
        app.register_blueprint(bp)
