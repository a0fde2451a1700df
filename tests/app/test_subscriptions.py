"""Subscribe-message accepts: reported by the mini-program and by WeChat's push, spent by the sender."""

import threading

import pytest
from werkzeug.serving import make_server

from app.models import OutboxMessage, WechatSubscription
from app.services.demo_subscriptions import simulate_demo_accepts
from tests.app.journey_helpers import dev_login
from tests.app.test_decisions import (
    OPENID,
    RECRUITER,
    deliver,
    finish_formal_interview,
    make_report,
)

TEMPLATES = ("tmpl-invitation", "tmpl-report-ready", "tmpl-final-round")
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the console gives


def report_popup(phone, results: dict, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return phone.client.post(
        "/api/mp/v1/subscriptions",
        json={"results": results},
        headers={**phone.headers, **headers},
    )


def left(db, template: str = "tmpl-report-ready") -> int:
    db.session.rollback()
    row = db.session.query(WechatSubscription).filter_by(openid=OPENID, template_id=template)
    return row.one().accepts if row.one_or_none() else 0


@pytest.fixture()
def phone(app, client, db):
    return dev_login(app, client, OPENID)


@pytest.fixture()
def live_app(app):
    """The app on a real port (1650-1699), so the WeChat emulator can push to it."""
    for port in range(1650, 1700):
        try:
            server = make_server("127.0.0.1", port, app, threaded=True)
            break
        except OSError:
            continue
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_reported_accepts_allow_one_message_each(db, phone, wechat_emulator):
    answered = report_popup(phone, {"tmpl-report-ready": "accept", "tmpl-final-round": "reject"})
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["accepts"] == dict.fromkeys(TEMPLATES, 0) | {"tmpl-report-ready": 1}
    assert phone.get("/subscriptions").get_json()["accepts"]["tmpl-report-ready"] == 1
    assert report_popup(phone, {"tmpl-report-ready": "accept"}, key="popup-2").status_code == 200
    again = report_popup(phone, {"tmpl-report-ready": "accept"}, key="popup-2")  # a retry
    assert again.get_json()["accepts"]["tmpl-report-ready"] == 2
    assert report_popup(phone, {"tmpl-report-ready": "ban"}).get_json()["accepts"] == dict.fromkeys(
        TEMPLATES, 0
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"results": {"tmpl-somebody-else": "accept"}}, "unknown_template"),
        ({"results": {"tmpl-report-ready": "yes"}}, None),
        ({"results": {}}, None),
        ({"results": dict.fromkeys(("a", "b", "c", "d"), "accept")}, None),
        ({}, None),
    ],
)
def test_bad_reports_are_422_in_chinese_or_by_field(db, phone, body, code):
    response = phone.client.post("/api/mp/v1/subscriptions", json=body, headers=phone.headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # the candidate reads it
    if code:
        assert error["code"] == code and "模板" in error["message"]
    assert db.session.query(WechatSubscription).count() == 0


def test_reports_need_a_candidate_token(client, db):
    response = client.post("/api/mp/v1/subscriptions", json={"results": {"x": "accept"}})
    assert response.status_code == 401


@pytest.mark.parametrize("safe_mode", [False, True])
def test_push_event_and_mini_program_report_of_one_tap_count_once(
    app, db, phone, wechat_emulator, live_app, safe_mode
):
    app.config.update(
        WECHAT_PUSH_TOKEN="push-token", WECHAT_PUSH_AES_KEY=AES_KEY if safe_mode else None
    )
    wechat_emulator.push_url, wechat_emulator.push_token = (
        f"{live_app}/bots/wechat/push",
        "push-token",
    )
    wechat_emulator.push_aes_key = AES_KEY if safe_mode else None
    try:
        assert wechat_emulator.popup(OPENID, {"tmpl-report-ready": "accept"}) == 200
        assert left(db) == 1  # WeChat's push came first
        report_popup(phone, {"tmpl-report-ready": "accept"})  # the same tap, from the phone
        assert left(db) == 1
        report_popup(phone, {"tmpl-report-ready": "accept"})  # a second tap, pushed later
        wechat_emulator.popup(OPENID, {"tmpl-report-ready": "accept"})
        assert left(db) == 2
    finally:
        app.config.update(WECHAT_PUSH_TOKEN=None, WECHAT_PUSH_AES_KEY=None)
    assert [p["status"] for p in wechat_emulator.pushes] == [200, 200]


def test_no_accept_left_means_no_call_and_hr_is_told(
    db, phone, make_hr_user, wechat_emulator, dingtalk_emulator, run_worker, client
):
    report = make_report(db, "review")
    wechat_emulator.popup(OPENID, {"tmpl-report-ready": "accept"})  # not for the next message
    report_popup(phone, {"tmpl-report-ready": "accept"})
    wechat_emulator.grant_accepts(OPENID, "tmpl-final-round")  # WeChat would take it
    _, hr = make_hr_user("recruiter")
    decided = client.post(
        f"/api/admin/v1/reports/{report.id}/decision", json={"decision": "advance"}, headers=hr
    )
    assert decided.status_code == 200
    deliver(run_worker)
    deliver(run_worker)  # the HR notice the refusal queued
    db.session.rollback()
    final = db.session.query(OutboxMessage).filter_by(kind="final_round").one()
    assert final.status == "not_subscribed"
    assert [m["template_id"] for m in wechat_emulator.messages] == ["tmpl-report-ready"]
    notices = [
        m["msg"] for m in dingtalk_emulator.delivered(RECRUITER) if "未收到" in str(m["msg"])
    ]
    assert notices and "请通过电话或短信联系候选人" in str(notices[0])


def test_demo_journey_delivers_the_candidates_messages(
    app, client, db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    from tests.app.journey_helpers import seeded

    seeded(db)
    assert "accepted 3" in simulate_demo_accepts()  # what `flask seed-demo` does
    assert wechat_emulator.accepts[(OPENID, "tmpl-report-ready")] == 3
    report = finish_formal_interview(app, client, db, run_worker, "review")
    _, hr = make_hr_user("recruiter")
    decided = client.post(
        f"/api/admin/v1/reports/{report.id}/decision", json={"decision": "reject"}, headers=hr
    )
    assert decided.status_code == 200, decided.get_json()
    deliver(run_worker)
    deliver(run_worker)

    db.session.rollback()
    to_candidate = db.session.query(OutboxMessage).filter_by(channel="wechat").all()
    assert {m.kind: m.status for m in to_candidate} == {"report_ready": "sent", "result": "sent"}
    received = [(m["touser"], m["template_id"]) for m in wechat_emulator.messages]
    assert received == [(OPENID, "tmpl-report-ready"), (OPENID, "tmpl-report-ready")]
    assert left(db) == 1
