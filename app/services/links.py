"""Links to the admin page that leave the server (DingTalk cards, bot replies, the digest)."""

from flask import current_app


def admin_url(path: str = "") -> str:
    """ADMIN_BASE_URL + path; without it, the public base URL's /admin (never a guessed host)."""
    base = current_app.config.get("ADMIN_BASE_URL") or (
        current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/admin"
    )
    return base.rstrip("/") + path
