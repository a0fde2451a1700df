"""The demo candidate taps 允许 in the subscribe popup, so the demo journey reaches them.

In development the WeChat API is the local emulator: the popup is played there (WeChat's own
count of accepts, and its push event when push is configured), and the accepts are recorded
here as the mini-program reports them (`POST /api/mp/v1/subscriptions`). Without this every
demo message to the candidate ends `not_subscribed`, as it would for a real candidate who
never accepted.
"""

from __future__ import annotations

import logging

import requests
from flask import current_app

from app.extensions import db
from app.services import subscriptions

log = logging.getLogger(__name__)

DEMO_OPENID = "demo-candidate"
POPUPS = 3  # the invitation, report-ready and result messages of one journey, with a spare


def simulate_demo_accepts(openid: str = DEMO_OPENID, popups: int = POPUPS) -> str:
    """One line for the CLI saying what was simulated (or why not)."""
    base = current_app.config.get("WECHAT_API_BASE_URL")
    if current_app.config.get("APP_ENV") == "production" or not base:
        return "subscribe accepts not simulated (no WeChat emulator in production)"
    results = {template_id: "accept" for template_id in subscriptions.configured_templates()}
    if not results:
        return "subscribe accepts not simulated (no WECHAT_TEMPLATE_* configured)"
    for _ in range(popups):
        try:
            res = requests.post(
                f"{base.rstrip('/')}/_emulator/popup",
                json={"openid": openid, "results": results},
                timeout=5,
            )
            res.raise_for_status()
        except requests.RequestException as exc:
            db.session.rollback()
            log.warning("demo accepts: WeChat emulator at %s unavailable: %s", base, exc)
            return f"subscribe accepts not simulated (WeChat emulator at {base} unavailable)"
        subscriptions.record_popup(openid, results, "mp")
    db.session.commit()
    return f"demo candidate accepted {popups} message(s) of each of {len(results)} templates"
