"""DingTalk event subscription and WeChat message push endpoints, on both backends."""

import json
import secrets
import threading
import time
from pathlib import Path

import pytest

from app.models import HrUser, ProcessedEvent, Task, WechatSubscription
from bots.dingtalk_crypto import DingTalkCallbackCrypto, callback_signature
from bots.signatures import wechat_signature
from tests.conftest import REDIS_URL

VENDOR = Path(__file__).resolve().parents[1] / "fixtures" / "vendor"
LEAVE = json.loads((VENDOR / "dingtalk_event_user_leave_org.json").read_text(encoding="utf-8"))
POPUP = json.loads((VENDOR / "wechat_subscribe_popup_event.json").read_text(encoding="utf-8"))
CHANGE = json.loads((VENDOR / "wechat_subscribe_change_event.json").read_text(encoding="utf-8"))
PUSH_TOKEN = "push-token-for-tests"  # noqa: S105


@pytest.fixture()
def events_app(app):
    keys = ("DINGTALK_CALLBACK_TOKEN", "DINGTALK_CALLBACK_AES_KEY", "DINGTALK_APP_KEY")
    saved = {k: app.config.get(k) for k in keys}
    app.config.update(
        DINGTALK_CALLBACK_TOKEN=LEAVE["token"],
        DINGTALK_CALLBACK_AES_KEY=LEAVE["aes_key"],
        DINGTALK_APP_KEY=LEAVE["receiver_id"],
    )
    yield app
    app.config.update(saved)


@pytest.fixture()
def push_app(app):
    saved = app.config.get("WECHAT_PUSH_TOKEN")
    app.config["WECHAT_PUSH_TOKEN"] = PUSH_TOKEN
    yield app
    app.config["WECHAT_PUSH_TOKEN"] = saved


def vendor_crypto() -> DingTalkCallbackCrypto:
    """What DingTalk holds: the same token, key and our app key as receiver."""
    return DingTalkCallbackCrypto(LEAVE["token"], LEAVE["aes_key"], LEAVE["receiver_id"])


def post_event(client, event: dict, signature: str | None = None):
    timestamp, nonce = str(int(time.time() * 1000)), secrets.token_hex(4)
    encrypt = vendor_crypto().encrypt(json.dumps(event, ensure_ascii=False))
    signature = signature or callback_signature(LEAVE["token"], timestamp, nonce, encrypt)
    query = f"signature={signature}&timestamp={timestamp}&nonce={nonce}"
    return client.post(f"/bots/dingtalk/events?{query}", json={"encrypt": encrypt})


def assert_success_reply(response) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    expected = callback_signature(LEAVE["token"], body["timeStamp"], body["nonce"], body["encrypt"])
    assert body["msg_signature"] == expected
    assert vendor_crypto().decrypt(body["encrypt"]) == "success"


def test_check_url_is_answered_with_encrypted_success(client, events_app, db):
    started = time.monotonic()
    response = post_event(client, {"EventType": "check_url"})
    assert_success_reply(response)
    assert time.monotonic() - started < 1.5


def test_recorded_event_decrypts_with_the_settings(client, events_app, db):
    """The recorded payload (encrypted by dingtalk-sdk) is refused only for its old timestamp."""
    query = "&".join(f"{k}={v}" for k, v in LEAVE["query"].items())
    response = client.post(f"/bots/dingtalk/events?{query}", json=LEAVE["body"])
    assert response.status_code == 401
    assert "too far" in response.get_json()["error"]["message"]


def leave_event(userid: str, event_id: str | None = None) -> dict:
    event = dict(LEAVE["plaintext"], UserId=[userid], TimeStamp=str(int(time.time() * 1000)))
    if event_id:
        event["EventId"] = event_id
    return event


def test_user_leaving_the_organisation_is_disabled_once(
    client, events_app, db, make_hr_user, run_worker
):
    leaver, _ = make_hr_user("manager", departments=["销售部"], dingtalk_userid="manager4220")
    stayer, _ = make_hr_user("recruiter", dingtalk_userid="hr-stays")
    event = leave_event("manager4220")
    assert_success_reply(post_event(client, event))
    assert_success_reply(post_event(client, event))  # DingTalk retried: same event
    if REDIS_URL:
        run_worker("default")
    db.session.rollback()
    assert db.session.get(HrUser, leaver.id).active is False
    assert db.session.get(HrUser, stayer.id).active is True
    assert db.session.query(Task).filter_by(kind="dingtalk.event").count() == 1


def test_hundred_concurrent_copies_of_an_event_queue_one_task(app, events_app, db, make_hr_user):
    make_hr_user("manager", departments=["销售部"], dingtalk_userid="manager4220")
    event = leave_event("manager4220", event_id="evt-4220")
    barrier = threading.Barrier(100)
    statuses: list[int] = []

    def deliver():
        with app.test_client() as own:
            barrier.wait()
            statuses.append(post_event(own, event).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert statuses == [200] * 100
    assert db.session.query(Task).filter_by(kind="dingtalk.event").count() == 1
    assert db.session.query(ProcessedEvent).filter_by(event_id="evt-4220").count() == 1


@pytest.mark.parametrize("tamper", ["signature", "key"])
def test_forged_events_are_refused(client, events_app, db, make_hr_user, tamper):
    user, _ = make_hr_user("manager", departments=["销售部"], dingtalk_userid="manager4220")
    event = leave_event("manager4220")
    if tamper == "signature":
        response = post_event(client, event, signature="0" * 40)
    else:
        other = DingTalkCallbackCrypto(LEAVE["token"], "a" * 43, LEAVE["receiver_id"])
        timestamp, nonce = str(int(time.time() * 1000)), "n1"
        encrypt = other.encrypt(json.dumps(event))
        signature = callback_signature(LEAVE["token"], timestamp, nonce, encrypt)
        response = client.post(
            f"/bots/dingtalk/events?signature={signature}&timestamp={timestamp}&nonce={nonce}",
            json={"encrypt": encrypt},
        )
    assert response.status_code == 401
    db.session.rollback()
    assert db.session.get(HrUser, user.id).active is True


def test_events_endpoint_without_settings_says_so(client, db):
    response = client.post("/bots/dingtalk/events", json={"encrypt": "x"})
    assert response.status_code == 503


def signed_query(token: str = PUSH_TOKEN) -> str:
    timestamp, nonce = str(int(time.time())), secrets.token_hex(4)
    return (
        f"signature={wechat_signature(token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}"
    )


def test_wechat_push_get_echoes_and_bad_signature_is_refused(client, push_app, db):
    echoed = client.get(f"/bots/wechat/push?{signed_query()}&echostr=hello-123")
    assert echoed.status_code == 200 and echoed.get_data(as_text=True) == "hello-123"
    forged = client.get(f"/bots/wechat/push?{signed_query('other')}&echostr=hello-123")
    assert forged.status_code == 401
    assert "hello-123" not in forged.get_data(as_text=True)
    posted = client.post(f"/bots/wechat/push?{signed_query('other')}", json=POPUP)
    assert posted.status_code == 401
    assert db.session.query(WechatSubscription).count() == 0


def accepts(db, template_id: str) -> int | None:
    db.session.rollback()
    row = db.session.query(WechatSubscription).filter_by(template_id=template_id).one_or_none()
    return None if row is None else row.accepts


def test_popup_accepts_count_and_rejects_or_bans_reset(client, push_app, db):
    assert client.post(f"/bots/wechat/push?{signed_query()}", json=POPUP).status_code == 200
    assert accepts(db, "tmpl-invitation-Xy12") == 1
    assert accepts(db, "tmpl-report-ready-Ab34") == 0
    # WeChat retries a push it got no answer to: the same push counts once.
    client.post(f"/bots/wechat/push?{signed_query()}", json=POPUP)
    assert accepts(db, "tmpl-invitation-Xy12") == 1
    later = dict(POPUP, CreateTime=str(int(POPUP["CreateTime"]) + 60))
    client.post(f"/bots/wechat/push?{signed_query()}", json=later)
    assert accepts(db, "tmpl-invitation-Xy12") == 2

    # The user turned the template off in settings (List is a single object here).
    assert CHANGE["List"]["SubscribeStatusString"] == "reject"
    client.post(f"/bots/wechat/push?{signed_query()}", json=CHANGE)
    assert accepts(db, "tmpl-invitation-Xy12") == 0
