"""DingTalk callback crypto: recorded payloads (encrypted by dingtalk-sdk) and round trips."""

from __future__ import annotations

import pytest
from dingtalk.crypto import DingTalkCrypto

from bots.dingtalk_crypto import DingTalkCallbackCrypto, EventDecryptError, event_dedupe_key
from bots.errors import BadSignatureError, StaleTimestampError
from tests.bots.conftest import load_fixture


def _crypto(recorded: dict, receiver: str | None = None) -> DingTalkCallbackCrypto:
    return DingTalkCallbackCrypto(
        recorded["token"], recorded["aes_key"], receiver or recorded["receiver_id"]
    )


@pytest.mark.parametrize(
    "name", ["dingtalk_event_check_url.json", "dingtalk_event_user_leave_org.json"]
)
def test_recorded_event_decrypts(name):
    recorded = load_fixture(name)
    q = recorded["query"]

    event = _crypto(recorded).decrypt_event(
        q["signature"], q["timestamp"], q["nonce"], recorded["body"]["encrypt"]
    )

    assert event == recorded["plaintext"]


def test_reply_success_decrypts_with_the_sdk():
    recorded = load_fixture("dingtalk_event_check_url.json")

    reply = _crypto(recorded).encrypt_reply("success", timestamp="1795500000100", nonce="abc123")

    sdk = DingTalkCrypto(recorded["token"], recorded["aes_key"], recorded["receiver_id"])
    assert set(reply) == {"msg_signature", "timeStamp", "nonce", "encrypt"}
    assert (
        sdk.decrypt_encrypt_str(
            reply["msg_signature"], reply["timeStamp"], reply["nonce"], reply["encrypt"]
        )
        == "success"
    )


def test_round_trip_of_chinese_event():
    recorded = load_fixture("dingtalk_event_check_url.json")
    crypto = _crypto(recorded)
    sealed = crypto.encrypt_reply('{"EventType":"user_modify_org","Name":"张三"}')

    event = crypto.decrypt_event(
        sealed["msg_signature"], sealed["timeStamp"], sealed["nonce"], sealed["encrypt"]
    )

    assert event == {"EventType": "user_modify_org", "Name": "张三"}


def test_tampered_signature_rejected():
    recorded = load_fixture("dingtalk_event_user_leave_org.json")
    q = recorded["query"]

    with pytest.raises(BadSignatureError):
        _crypto(recorded).decrypt_event(
            "0" * 40, q["timestamp"], q["nonce"], recorded["body"]["encrypt"]
        )


def test_other_receiver_rejected():
    recorded = load_fixture("dingtalk_event_user_leave_org.json")
    q = recorded["query"]

    with pytest.raises(EventDecryptError):
        _crypto(recorded, receiver="dingOTHERAPP").decrypt_event(
            q["signature"], q["timestamp"], q["nonce"], recorded["body"]["encrypt"]
        )


def test_garbage_encrypt_with_valid_signature_rejected_cleanly():
    recorded = load_fixture("dingtalk_event_check_url.json")
    crypto = _crypto(recorded)
    sealed = crypto.encrypt_reply("x")
    garbage = sealed["encrypt"][:-8] + "AAAAAAA="
    from bots.dingtalk_crypto import callback_signature

    signature = callback_signature(crypto.token, "1", "n", garbage)
    with pytest.raises(EventDecryptError):
        crypto.decrypt_event(signature, "1", "n", garbage)


def test_stale_timestamp_rejected_when_clock_given():
    recorded = load_fixture("dingtalk_event_check_url.json")
    q = recorded["query"]

    with pytest.raises(StaleTimestampError):
        _crypto(recorded).decrypt_event(
            q["signature"],
            q["timestamp"],
            q["nonce"],
            recorded["body"]["encrypt"],
            now_ms=int(q["timestamp"]) + 2 * 3600_000,
        )


def test_dedupe_key_same_for_redelivered_event():
    recorded = load_fixture("dingtalk_event_user_leave_org.json")
    crypto = _crypto(recorded)
    q = recorded["query"]
    first = crypto.decrypt_event(
        q["signature"], q["timestamp"], q["nonce"], recorded["body"]["encrypt"]
    )
    again = crypto.encrypt_reply(
        '{"UserId":["manager4220"],"CorpId":"dinge8a565ab12345678",'
        '"TimeStamp":"1795500123456","EventType":"user_leave_org"}'
    )
    second = crypto.decrypt_event(
        again["msg_signature"], again["timeStamp"], again["nonce"], again["encrypt"]
    )

    assert event_dedupe_key(first) == event_dedupe_key(second)
    assert event_dedupe_key(first) != event_dedupe_key({"EventType": "check_url"})


def test_bad_aes_key_refused():
    with pytest.raises(ValueError):
        DingTalkCallbackCrypto("t", "short", "r")


def test_wechat_safe_mode_push_decrypts_with_same_scheme():
    import base64
    import json

    from wechatpy.crypto import PrpCrypto

    from bots.dingtalk_crypto import callback_signature

    aes_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    event = {"MsgType": "event", "Event": "subscribe_msg_change_event", "FromUserName": "o1"}
    encrypt = PrpCrypto(base64.b64decode(aes_key + "=")).encrypt(json.dumps(event), "wx123")
    encrypt = encrypt.decode() if isinstance(encrypt, bytes) else encrypt
    crypto = DingTalkCallbackCrypto("push-token", aes_key, "wx123")

    decrypted = crypto.decrypt_event(
        callback_signature("push-token", "1795500000", "n1", encrypt), "1795500000", "n1", encrypt
    )

    assert decrypted == event
