"""dingtalk-sdk's real AppKeyClient against the DingTalk emulator, through bots.dingtalk."""

from __future__ import annotations

import pytest

from bots import dingtalk
from bots.errors import RateLimitedError, TokenExpiredError, VendorError, VendorUnavailableError
from tests.bots.conftest import load_fixture

AGENT_ID = 1000001


def _report_card(event_ref: str = "report-ready:interview-41") -> dict:
    return dingtalk.action_card_single(
        "面试报告：张三 · 产品经理",
        "### 张三 综合 82 分\n- 需求分析 85\n- 项目管理 78\n\n建议：进入复试",
        "查看候选人",
        "https://hr.example.com/admin/candidates/7",
        event_ref,
    )


def test_action_card_is_accepted_and_recorded(dingtalk_emulator, dingtalk_client):
    task_id = dingtalk.send_work_notification(
        dingtalk_client, AGENT_ID, ["manager4220", "hr01"], _report_card()
    )

    delivered = dingtalk_emulator.delivered()
    assert {m["userid"] for m in delivered} == {"manager4220", "hr01"}
    card = delivered[0]["msg"]["action_card"]
    assert card["single_url"] == "https://hr.example.com/admin/candidates/7"
    assert "report-ready:interview-41" in card["markdown"]
    assert all(m["task_id"] == task_id for m in delivered)


def test_review_request_card_has_three_buttons(dingtalk_emulator, dingtalk_client):
    msg = dingtalk.action_card_buttons(
        "待审核：李四 · 运营专员",
        "综合 64 分，处于复核区间",
        [
            ("通过", "https://hr.example.com/a?x=1"),
            ("淘汰", "https://hr.example.com/a?x=2"),
            ("查看", "https://hr.example.com/c/9"),
        ],
        "review:interview-42",
    )

    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["manager4220"], msg)

    [sent] = dingtalk_emulator.delivered("manager4220")
    buttons = sent["msg"]["action_card"]["btn_json_list"]
    assert [b["title"] for b in buttons] == ["通过", "淘汰", "查看"]


def test_markdown_digest_is_accepted(dingtalk_emulator, dingtalk_client):
    msg = dingtalk.markdown_message(
        "今日面试汇总", "### 今日面试 5 场\n- 待审核 2", "digest:2026-11-24"
    )

    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["manager4220"], msg)

    [sent] = dingtalk_emulator.delivered("manager4220")
    assert sent["msg"]["markdown"]["title"] == "今日面试汇总"


def test_identical_content_same_day_is_dropped_and_reported(dingtalk_emulator, dingtalk_client):
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())
    task_id = dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())

    result = dingtalk.get_send_result(dingtalk_client, AGENT_ID, task_id)

    assert len(dingtalk_emulator.delivered("hr01")) == 1
    assert dingtalk.recipient_outcomes(result) == {"hr01": "dropped_duplicate"}


def test_event_reference_keeps_same_looking_messages_apart(dingtalk_emulator, dingtalk_client):
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card("evt-1"))
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card("evt-2"))

    assert len(dingtalk_emulator.delivered("hr01")) == 2


def test_identical_content_next_day_is_delivered_again(dingtalk_emulator, dingtalk_client):
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())
    dingtalk_emulator.advance(86400)

    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())

    assert len(dingtalk_emulator.delivered("hr01")) == 2


def test_send_result_lists_unknown_user_as_invalid(dingtalk_emulator, dingtalk_client):
    dingtalk_emulator.add_user("manager4220", "李娜")

    task_id = dingtalk.send_work_notification(
        dingtalk_client, AGENT_ID, ["manager4220", "left-company"], _report_card()
    )
    outcomes = dingtalk.recipient_outcomes(
        dingtalk.get_send_result(dingtalk_client, AGENT_ID, task_id)
    )

    assert outcomes == {"manager4220": "unread", "left-company": "invalid"}


def test_recorded_send_result_outcomes():
    result = load_fixture("dingtalk_getsendresult.json")["send_result"]

    assert dingtalk.recipient_outcomes(result) == {
        "ghost01": "invalid",
        "hr02": "dropped_duplicate",
        "hr03": "rate_limited",
        "manager4220": "read",
        "hr01": "unread",
    }


def test_expired_token_is_refreshed_once_transparently(dingtalk_emulator, dingtalk_client):
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card("a"))
    dingtalk_emulator.advance(7300)

    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card("b"))

    assert len(dingtalk_emulator.delivered("hr01")) == 2
    sends = [c.errcode for c in dingtalk_emulator.calls if c.path.endswith("asyncsend_v2")]
    assert sends == [0, 42001, 0]
    assert dingtalk_emulator.token_fetches == 2


def test_token_rejected_twice_raises_retryable(dingtalk_emulator, dingtalk_client):
    dingtalk_emulator.inject_failure(
        count=2,
        errcode=40014,
        errmsg="不合法的access_token",
        path="/topapi/message/corpconversation/asyncsend_v2",
    )

    with pytest.raises(TokenExpiredError) as info:
        dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())

    assert info.value.retryable
    assert dingtalk_emulator.messages == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_vendor_5xx_raises_retryable_then_delivers_once(dingtalk_emulator, dingtalk_client, status):
    dingtalk_emulator.inject_failure(
        count=1, status=status, path="/topapi/message/corpconversation/asyncsend_v2"
    )

    with pytest.raises(VendorUnavailableError) as info:
        dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())
    assert info.value.retryable
    dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], _report_card())

    assert len(dingtalk_emulator.delivered("hr01")) == 1


def test_qps_limit_raises_rate_limited(dingtalk_emulator, dingtalk_client):
    dingtalk_emulator.qps_limit = 2
    with pytest.raises(RateLimitedError) as info:
        for n in range(5):
            dingtalk.send_work_notification(
                dingtalk_client, AGENT_ID, ["hr01"], _report_card(f"evt-{n}")
            )

    assert info.value.errcode == 90018
    assert len(dingtalk_emulator.delivered("hr01")) == 2


def test_camel_case_robot_card_is_refused_by_work_notification(dingtalk_emulator, dingtalk_client):
    msg = {"msgtype": "action_card", "actionCard": {"title": "t", "text": "x"}}

    with pytest.raises(VendorError) as info:
        dingtalk.send_work_notification(dingtalk_client, AGENT_ID, ["hr01"], msg)

    assert info.value.errcode == 40035
    assert not info.value.retryable


def test_wrong_app_secret_is_not_retryable(dingtalk_emulator, dingtalk_url):
    client = dingtalk.make_dingtalk_client("corp", dingtalk_emulator.app_key, "wrong", dingtalk_url)

    with pytest.raises(VendorError) as info:
        dingtalk.send_work_notification(client, AGENT_ID, ["hr01"], _report_card())

    assert info.value.errcode == 40089
    assert not info.value.retryable


@pytest.mark.parametrize("userids", [[], [f"u{n}" for n in range(101)]])
def test_recipient_list_size_checked_before_calling(dingtalk_emulator, dingtalk_client, userids):
    with pytest.raises(ValueError):
        dingtalk.send_work_notification(dingtalk_client, AGENT_ID, userids, _report_card())
    assert dingtalk_emulator.calls == []


def test_redis_storage_shares_token_between_clients(dingtalk_emulator, dingtalk_url, redis_conn):
    clients = [
        dingtalk.make_dingtalk_client(
            "corp",
            dingtalk_emulator.app_key,
            dingtalk_emulator.app_secret,
            dingtalk_url,
            redis=redis_conn,
        )
        for _ in range(2)
    ]

    for n, client in enumerate(clients * 2):
        dingtalk.send_work_notification(client, AGENT_ID, ["hr01"], _report_card(f"evt-{n}"))

    assert dingtalk_emulator.token_fetches == 1
    assert len(dingtalk_emulator.delivered("hr01")) == 4


def test_robot_reply_posts_markdown_to_session_webhook(dingtalk_emulator, dingtalk_url):
    webhook = f"{dingtalk_url}/robot/sendBySession?session=8c4a1f6b"

    dingtalk.reply_markdown(webhook, "待审核", "### 待审核 2 人", at_userids=["manager4220"])

    [reply] = dingtalk_emulator.robot_replies
    assert reply["session"] == "8c4a1f6b"
    assert reply["body"]["markdown"]["text"] == "### 待审核 2 人"
    assert reply["body"]["at"]["atUserIds"] == ["manager4220"]


def test_robot_reply_to_unreachable_webhook_is_retryable():
    with pytest.raises(VendorUnavailableError):
        dingtalk.reply_markdown(
            "http://127.0.0.1:9/robot/sendBySession?session=x", "t", "x", timeout=1
        )


def test_redis_down_raises_retryable_and_sends_nothing(dingtalk_emulator, dingtalk_url):
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    dead = redis.Redis(
        host="127.0.0.1", port=1, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )
    client = dingtalk.make_dingtalk_client(
        "corp", dingtalk_emulator.app_key, dingtalk_emulator.app_secret, dingtalk_url, redis=dead
    )

    with pytest.raises(VendorUnavailableError, match="token storage") as info:
        dingtalk.send_work_notification(client, AGENT_ID, ["hr01"], _report_card())

    assert info.value.retryable
    assert dingtalk_emulator.messages == []


def test_legacy_top_call_stays_on_the_emulator(dingtalk_emulator, dingtalk_client):
    """The SDK's own message.asyncsend_v2 goes to eco.taobao.com; tests must never leave."""
    with pytest.raises(VendorError):
        dingtalk.call(
            dingtalk_client,
            lambda: dingtalk_client.message.asyncsend_v2(
                dingtalk.markdown_message("t", "x", "e1"), AGENT_ID, ["hr01"]
            ),
        )

    assert dingtalk_emulator.token_fetches == 1  # it did talk to the emulator, nowhere else


def test_unknown_user_lookup_raises_vendor_error(dingtalk_emulator, dingtalk_client):
    dingtalk_emulator.add_user("manager4220", "李娜")

    with pytest.raises(VendorError) as info:
        dingtalk.get_user(dingtalk_client, "left-company")

    assert info.value.errcode == 60121
