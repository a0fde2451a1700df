"""Every link sent to HR (DingTalk cards, notices, the digest) uses ADMIN_BASE_URL and opens an
admin page that answers for a logged-in HR user."""

import re

import pytest
from sqlalchemy import select

from app.models import HrUser, OutboxMessage
from tests.admin.factories import page_login

BASE = "https://hr.example.cn/admin"


@pytest.fixture()
def admin_base(app):
    app.config["ADMIN_BASE_URL"] = BASE
    yield BASE
    app.config["ADMIN_BASE_URL"] = None


def _links(payload) -> list[str]:
    return re.findall(r"https?://[^\s)\"'\]]+", str(payload))


def test_links_to_hr_use_admin_base_url_and_open_the_page(app, client, db, admin_base, demo):
    from app.services.analytics_notice import send_monthly_flags
    from app.services.demo import seed_demo
    from app.services.digest import send_daily_digest

    seed_demo(history=True)
    send_daily_digest()
    send_monthly_flags()
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.channel == "dingtalk")
    ).all()
    links = {link for m in messages for link in _links(m.payload) if "/admin" in link}
    kinds = {m.kind for m in messages if any("/admin" in x for x in _links(m.payload))}
    assert {"report_ready", "review_request", "decision", "digest", "notice"} <= kinds, kinds
    assert links and all(link.startswith(BASE + "/") or link == BASE for link in links), links
    admin = db.session.scalar(select(HrUser).where(HrUser.username == "admin"))
    page_login(client, admin)
    for link in sorted(links):
        path = "/admin" + link[len(BASE) :]  # the bare base redirects to /admin/
        assert client.get(path, follow_redirects=True).status_code == 200, path
