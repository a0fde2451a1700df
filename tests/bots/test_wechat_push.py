"""Subscribe-message events from WeChat message push (recorded payloads)."""

from __future__ import annotations

import pytest

from bots.wechat_push import parse_subscribe_events
from tests.bots.conftest import load_fixture


def test_popup_event_with_two_templates():
    changes = parse_subscribe_events(load_fixture("wechat_subscribe_popup_event.json"))

    assert [(c.template_id, c.status, c.grants_one_send) for c in changes] == [
        ("tmpl-invitation-Xy12", "accept", True),
        ("tmpl-report-ready-Ab34", "reject", False),
    ]
    assert {c.openid for c in changes} == {"oZk3x5Yq2Vb8NwLm1aPcR7tUe4sD"}


def test_change_event_with_single_object_list():
    [change] = parse_subscribe_events(load_fixture("wechat_subscribe_change_event.json"))

    assert (change.event, change.status, change.grants_one_send) == (
        "subscribe_msg_change_event",
        "reject",
        False,
    )


def test_sent_event_reports_msg_id_and_error_code():
    [change] = parse_subscribe_events(load_fixture("wechat_subscribe_sent_event.json"))

    assert (change.msg_id, change.error_code, change.status) == (
        "2823176541920387073",
        0,
        "success",
    )


def test_other_events_ignored():
    assert parse_subscribe_events({"MsgType": "event", "Event": "user_enter_tempsession"}) == []
    assert parse_subscribe_events({"MsgType": "text", "Content": "hi"}) == []


# -- safe mode (encrypted push) -----------------------------------------------------------
OFFICIAL = {  # Tencent's published WXBizMsgCrypt sample (XML plaintext)
    "token": "QDG6eK",
    "aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "appid": "wx5823bf96d3bd56c7",
    "timestamp": "1409659813",
    "nonce": "1372623149",
    "msg_signature": "477715d11cdb4164915debcba66cb864d751f3e6",
    "encrypt": (
        "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3Qczc"
        "dCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLj"
        "vd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMn"
        "vw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k"
        "22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2Yoy"
        "yH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
    ),
}


def test_official_vector_signature_and_plaintext():
    from bots.dingtalk_crypto import callback_signature
    from bots.wechat_push import PushCrypto

    v = OFFICIAL
    crypto = PushCrypto(v["token"], v["aes_key"], v["appid"])
    args = (v["msg_signature"], v["timestamp"], v["nonce"])

    assert callback_signature(v["token"], v["timestamp"], v["nonce"], v["encrypt"]) == args[0]
    text = crypto.decrypt_text({"Encrypt": v["encrypt"]}, *args)
    assert "<Content><![CDATA[hello]]></Content>" in text
    assert "<MsgId>4561255354251345929</MsgId>" in text


def test_safe_mode_json_vector_decrypts_to_the_subscribe_event():
    from bots.wechat_push import PushCrypto

    v = load_fixture("wechat_push_safe_mode.json")
    crypto = PushCrypto(v["token"], v["aes_key"], v["appid"])
    q = v["query"]

    payload = crypto.decrypt(v["body"], q["msg_signature"], q["timestamp"], q["nonce"])

    assert payload == v["plaintext"]
    [change] = parse_subscribe_events(payload)
    assert (change.template_id, change.grants_one_send) == ("tmpl-report-ready-Ab34", True)


def test_safe_mode_round_trip_through_encrypt():
    from bots.wechat_push import PushCrypto

    v = load_fixture("wechat_push_safe_mode.json")
    crypto = PushCrypto(v["token"], v["aes_key"], v["appid"])

    body, query = crypto.encrypt(v["plaintext"])

    assert query["encrypt_type"] == "aes"
    assert body["Encrypt"] != v["body"]["Encrypt"]  # 16 fresh random bytes each time
    decrypted = crypto.decrypt(body, query["msg_signature"], query["timestamp"], query["nonce"])
    assert decrypted == v["plaintext"]


@pytest.mark.parametrize(
    "change, error",
    [
        ({"msg_signature": "0" * 40}, "BadSignatureError"),
        ({"msg_signature": ""}, "BadSignatureError"),
        ({"appid": "wx-another-app"}, "PushDecryptError"),
        ({"aes_key": "B" * 43}, "PushDecryptError"),
        ({"token": "another-token"}, "BadSignatureError"),
    ],
)
def test_safe_mode_refuses_what_is_not_genuine(change, error):
    from bots.errors import BadSignatureError
    from bots.wechat_push import PushCrypto

    v = load_fixture("wechat_push_safe_mode.json")
    q = {**v["query"], **{k: w for k, w in change.items() if k == "msg_signature"}}
    keys = {k: change.get(k, v[k]) for k in ("token", "aes_key", "appid")}
    crypto = PushCrypto(keys["token"], keys["aes_key"], keys["appid"])

    with pytest.raises(BadSignatureError) as refused:
        crypto.decrypt(v["body"], q["msg_signature"], q["timestamp"], q["nonce"])
    assert type(refused.value).__name__ == error


def test_garbage_that_is_signed_is_a_decrypt_error():
    from bots.dingtalk_crypto import callback_signature
    from bots.wechat_push import PushCrypto, PushDecryptError

    v = load_fixture("wechat_push_safe_mode.json")
    crypto = PushCrypto(v["token"], v["aes_key"], v["appid"])
    for garbage in ("not base64!", "QUJD", "A" * 64):
        signature = callback_signature(v["token"], "1", "2", garbage)
        with pytest.raises(PushDecryptError):
            crypto.decrypt({"Encrypt": garbage}, signature, "1", "2")


def test_bad_aes_key_is_refused_at_construction():
    from bots.wechat_push import PushCrypto

    with pytest.raises(ValueError, match="43"):
        PushCrypto("t", "short", "wx1")
