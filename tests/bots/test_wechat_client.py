"""wechatpy's real WeChatClient against the WeChat emulator, through bots.wechat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bots import wechat
from bots.errors import (
    InvalidCodeError,
    NotSubscribedError,
    RateLimitedError,
    TokenExpiredError,
    VendorError,
    VendorUnavailableError,
)
from bots.templates import SubscribeTemplates, invitation_message
from tests.bots.conftest import load_fixture

TEMPLATES = SubscribeTemplates("tmpl-invitation-Xy12", "tmpl-report-ready-Ab34", "tmpl-final-Cd56")
OPENID = "oZk3x5Yq2Vb8NwLm1aPcR7tUe4sD"


def _invitation():
    return invitation_message(
        TEMPLATES,
        "高级产品经理（北京）",
        datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
        "请在安静的环境中用手机完成，约需三十分钟，中途可暂停",
        "pages/invitation/detail?id=12",
    )


def test_code_to_session_returns_openid_without_fetching_a_token(wechat_emulator, wechat_client):
    code = wechat_emulator.issue_code(OPENID, unionid="uZ9")

    session = wechat.code_to_session(wechat_client, code)

    assert session["openid"] == OPENID
    assert session["unionid"] == "uZ9"
    assert session["session_key"]
    assert wechat_emulator.token_fetches == 0


@pytest.mark.parametrize("second_use", [False, True])
def test_code_to_session_rejects_unknown_or_used_code(wechat_emulator, wechat_client, second_use):
    code = wechat_emulator.issue_code(OPENID) if second_use else "forged-code"
    if second_use:
        wechat.code_to_session(wechat_client, code)

    with pytest.raises(InvalidCodeError) as info:
        wechat.code_to_session(wechat_client, code)

    assert info.value.errcode == (40163 if second_use else 40029)
    assert not info.value.retryable


def test_subscribe_message_delivered_with_template_data(wechat_emulator, wechat_client):
    message = _invitation()
    wechat_emulator.grant_accepts(OPENID, message.template_id)

    wechat.send_message(wechat_client, OPENID, message)

    [sent] = wechat_emulator.messages
    assert sent["touser"] == OPENID
    assert sent["template_id"] == "tmpl-invitation-Xy12"
    assert sent["page"] == "pages/invitation/detail?id=12"
    assert sent["data"]["time2"] == {"value": "2026年11月30日 18:00"}
    assert sent["data"]["thing3"]["value"].endswith("…")


def test_subscribe_message_without_accept_raises_not_subscribed(wechat_emulator, wechat_client):
    message = _invitation()
    wechat_emulator.grant_accepts(OPENID, message.template_id, count=1)
    wechat.send_message(wechat_client, OPENID, message)

    with pytest.raises(NotSubscribedError) as info:
        wechat.send_message(wechat_client, OPENID, message)

    assert info.value.errcode == 43101
    assert info.value.retryable is False
    assert len(wechat_emulator.messages) == 1


def test_subscribe_message_too_long_thing_is_refused_by_vendor(wechat_emulator, wechat_client):
    wechat_emulator.grant_accepts(OPENID, "tmpl-x")
    data = {"thing1": {"value": "这是一段远远超过二十个字符的岗位名称描述文字内容"}}

    with pytest.raises(VendorError) as info:
        wechat.send_subscribe_message(wechat_client, OPENID, "tmpl-x", data, None)

    assert info.value.errcode == 47003
    assert wechat_emulator.messages == []


def test_expired_token_is_refreshed_once_transparently(wechat_emulator, wechat_client):
    message = _invitation()
    wechat_emulator.grant_accepts(OPENID, message.template_id, count=2)
    wechat.send_message(wechat_client, OPENID, message)
    wechat_emulator.advance(7300)  # past the 7200 s token lifetime

    wechat.send_message(wechat_client, OPENID, message)

    assert len(wechat_emulator.messages) == 2
    assert wechat_emulator.token_fetches == 2
    assert [c.errcode for c in wechat_emulator.calls if c.path.endswith("/send")] == [0, 42001, 0]


def test_token_still_rejected_after_refresh_raises_retryable(wechat_emulator, wechat_client):
    wechat_emulator.grant_accepts(OPENID, "tmpl-x")
    wechat_emulator.inject_failure(
        count=2, errcode=40001, errmsg="invalid credential", path="/cgi-bin/message/subscribe/send"
    )

    with pytest.raises(TokenExpiredError) as info:
        wechat.send_subscribe_message(
            wechat_client, OPENID, "tmpl-x", {"thing1": {"value": "产品经理"}}, None
        )

    assert info.value.retryable
    assert wechat_emulator.messages == []


def test_vendor_5xx_raises_retryable_then_delivers_once(wechat_emulator, wechat_client):
    message = _invitation()
    wechat_emulator.grant_accepts(OPENID, message.template_id)
    wechat_emulator.inject_failure(count=1, status=503, path="/cgi-bin/message/subscribe/send")

    with pytest.raises(VendorUnavailableError) as info:
        wechat.send_message(wechat_client, OPENID, message)
    assert info.value.retryable
    wechat.send_message(wechat_client, OPENID, message)

    assert len(wechat_emulator.messages) == 1


def test_connection_refused_raises_retryable():
    client = wechat.make_wechat_client("wxapp", "secret", "http://127.0.0.1:9", timeout=1)

    with pytest.raises(VendorUnavailableError):
        wechat.send_subscribe_message(client, OPENID, "tmpl-x", {"thing1": {"value": "x"}}, None)


def test_daily_quota_exceeded_raises_rate_limited(wechat_emulator, wechat_client):
    wechat_emulator.daily_quota["/cgi-bin/message/subscribe/send"] = 1
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=5)
    data = {"thing1": {"value": "产品经理"}}
    wechat.send_subscribe_message(wechat_client, OPENID, "tmpl-x", data, None)

    with pytest.raises(RateLimitedError) as info:
        wechat.send_subscribe_message(wechat_client, OPENID, "tmpl-x", data, None)

    assert info.value.errcode == 45009
    assert info.value.retryable


@pytest.mark.parametrize(
    "case",
    load_fixture("wechat_error_responses.json")["cases"],
    ids=lambda c: str(c["body"]["errcode"]),
)
def test_recorded_vendor_errors_map_to_our_exceptions(wechat_emulator, wechat_client, case):
    wechat_emulator.grant_accepts(OPENID, "tmpl-x")
    wechat_emulator.inject_failure(
        count=2,
        errcode=case["body"]["errcode"],
        errmsg=case["body"]["errmsg"],
        path="/cgi-bin/message/subscribe/send",
    )

    with pytest.raises(VendorError) as info:
        wechat.send_subscribe_message(
            wechat_client, OPENID, "tmpl-x", {"thing1": {"value": "产品经理"}}, None
        )

    assert type(info.value).__name__ == case["kind"]
    assert info.value.retryable is case["retryable"]
    assert info.value.errmsg == case["body"]["errmsg"]


def test_wxa_code_unlimited_returns_png(wechat_emulator, wechat_client):
    image = wechat.get_wxa_code_unlimited(wechat_client, "inv=12&c=7", "pages/invitation/detail")

    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert wechat_emulator.wxa_codes[0]["scene"] == "inv=12&c=7"


def test_wxa_code_scene_longer_than_32_is_refused_before_calling(wechat_emulator, wechat_client):
    with pytest.raises(ValueError):
        wechat.get_wxa_code_unlimited(wechat_client, "x" * 33, None)
    assert wechat_emulator.calls == []


def test_new_token_knocks_out_a_client_without_shared_storage(wechat_emulator, wechat_url):
    """The trap Redis storage fixes: two memory-storage clients invalidate each other."""
    first = wechat.make_wechat_client(wechat_emulator.appid, wechat_emulator.secret, wechat_url)
    second = wechat.make_wechat_client(wechat_emulator.appid, wechat_emulator.secret, wechat_url)
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=3)
    data = {"thing1": {"value": "产品经理"}}

    wechat.send_subscribe_message(first, OPENID, "tmpl-x", data, None)
    wechat.send_subscribe_message(second, OPENID, "tmpl-x", data, None)
    wechat.send_subscribe_message(first, OPENID, "tmpl-x", data, None)

    send_codes = [c.errcode for c in wechat_emulator.calls if c.path.endswith("/send")]
    assert send_codes == [0, 0, 40001, 0]
    assert wechat_emulator.token_fetches == 3


def test_redis_storage_shares_one_token_between_clients(wechat_emulator, wechat_url, redis_conn):
    web = wechat.make_wechat_client(
        wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
    )
    worker = wechat.make_wechat_client(
        wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
    )
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=4)
    data = {"thing1": {"value": "产品经理"}}

    for client in (web, worker, web, worker):
        wechat.send_subscribe_message(client, OPENID, "tmpl-x", data, None)

    assert wechat_emulator.token_fetches == 1
    assert len(wechat_emulator.messages) == 4
    assert redis_conn.ttl(f"wechatpy:{wechat_emulator.appid}_access_token") <= 7200 - 300


def test_redis_storage_refresh_by_one_client_serves_the_other(
    wechat_emulator, wechat_url, redis_conn
):
    web = wechat.make_wechat_client(
        wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
    )
    worker = wechat.make_wechat_client(
        wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
    )
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=3)
    data = {"thing1": {"value": "产品经理"}}
    wechat.send_subscribe_message(web, OPENID, "tmpl-x", data, None)
    wechat_emulator.expire_tokens()

    wechat.send_subscribe_message(worker, OPENID, "tmpl-x", data, None)
    wechat.send_subscribe_message(web, OPENID, "tmpl-x", data, None)

    assert wechat_emulator.token_fetches == 2
    assert len(wechat_emulator.messages) == 3


def test_redis_down_raises_retryable_and_sends_nothing(wechat_emulator, wechat_url):
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    dead = redis.Redis(
        host="127.0.0.1", port=1, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )
    client = wechat.make_wechat_client(
        wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=dead
    )
    wechat_emulator.grant_accepts(OPENID, "tmpl-x")

    with pytest.raises(VendorUnavailableError, match="token storage") as info:
        wechat.send_subscribe_message(client, OPENID, "tmpl-x", {"thing1": {"value": "x"}}, None)

    assert info.value.retryable
    assert wechat_emulator.messages == []


def test_concurrent_refresh_through_redis_fetches_one_new_token(
    wechat_emulator, wechat_url, redis_conn
):
    from concurrent.futures import ThreadPoolExecutor

    clients = [
        wechat.make_wechat_client(
            wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
        )
        for _ in range(8)
    ]
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=9)
    data = {"thing1": {"value": "产品经理"}}
    wechat.send_subscribe_message(clients[0], OPENID, "tmpl-x", data, None)
    wechat_emulator.expire_tokens()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda c: wechat.send_subscribe_message(c, OPENID, "tmpl-x", data, None), clients
            )
        )

    assert len(wechat_emulator.messages) == 9
    assert wechat_emulator.token_fetches == 2


def test_concurrent_cold_start_through_redis_fetches_one_token(
    wechat_emulator, wechat_url, redis_conn
):
    from concurrent.futures import ThreadPoolExecutor

    clients = [
        wechat.make_wechat_client(
            wechat_emulator.appid, wechat_emulator.secret, wechat_url, redis=redis_conn
        )
        for _ in range(8)
    ]
    clients[0].session.delete(clients[0].access_token_key)
    wechat_emulator.grant_accepts(OPENID, "tmpl-x", count=8)
    data = {"thing1": {"value": "产品经理"}}

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda c: wechat.send_subscribe_message(c, OPENID, "tmpl-x", data, None), clients
            )
        )

    assert len(wechat_emulator.messages) == 8
    assert wechat_emulator.token_fetches == 1


@pytest.mark.parametrize(("errcode", "retryable"), [(40001, False), (40164, False), (-1, True)])
def test_token_endpoint_error_is_configuration_or_outage(
    wechat_emulator, wechat_client, errcode, retryable
):
    wechat_emulator.inject_failure(
        count=1, errcode=errcode, errmsg="token refused", path="/cgi-bin/token"
    )

    with pytest.raises(VendorError) as info:
        wechat.get_wxa_code_unlimited(wechat_client, "inv=1", None)

    assert info.value.errcode == errcode
    assert info.value.retryable is retryable


def test_wrong_app_secret_is_not_retryable(wechat_emulator, wechat_url):
    client = wechat.make_wechat_client(wechat_emulator.appid, "wrong-secret", wechat_url)

    with pytest.raises(VendorError) as info:
        wechat.get_wxa_code_unlimited(client, "inv=1", None)

    assert info.value.errcode == 40125
    assert not info.value.retryable
