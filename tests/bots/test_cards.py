"""HR card content, sent through the real SDK client to the emulator."""

from __future__ import annotations

from datetime import date

from bots import dingtalk
from bots.cards import (
    JobPassRate,
    ReviewLinks,
    daily_digest,
    report_ready_card,
    review_request_card,
)
from bots.signatures import sign_action_link, verify_action_link

DIMENSIONS = [("需求分析", 85.4), ("项目管理", 78.0), ("用户思维", 81.2)]


def test_report_ready_card_shows_scores_recommendation_and_link(dingtalk_emulator, dingtalk_client):
    msg = report_ready_card(
        "张*三",
        "产品经理",
        82.1,
        DIMENSIONS,
        "pass",
        "https://hr.example.com/admin/candidates/7",
        "report:41",
    )

    dingtalk.send_work_notification(dingtalk_client, 1000001, ["manager4220"], msg)

    [sent] = dingtalk_emulator.delivered("manager4220")
    card = sent["msg"]["action_card"]
    assert "**张三** · 产品经理" in card["markdown"]
    assert "综合得分：**82**" in card["markdown"]
    assert "- 需求分析：85" in card["markdown"]
    assert "建议进入复试" in card["markdown"]
    assert card["single_url"] == "https://hr.example.com/admin/candidates/7"


def test_review_request_buttons_carry_signed_links_per_recipient(
    dingtalk_emulator, dingtalk_client
):
    base = "https://hr.example.com/bots/dingtalk/action"
    links = ReviewLinks(
        *(
            sign_action_link(base, "k" * 32, action, 42, "manager4220", 2_000_000_000)
            for action in ("pass", "reject", "view")
        )
    )
    msg = review_request_card("李四", "运营专员", 64, DIMENSIONS, (60, 70), links, "review:42")

    dingtalk.send_work_notification(dingtalk_client, 1000001, ["manager4220"], msg)

    [sent] = dingtalk_emulator.delivered("manager4220")
    buttons = sent["msg"]["action_card"]["btn_json_list"]
    from urllib.parse import parse_qsl, urlsplit

    actions = [
        verify_action_link(
            "k" * 32, dict(parse_qsl(urlsplit(b["action_url"]).query)), now_s=1_900_000_000
        ).action
        for b in buttons
    ]
    assert [b["title"] for b in buttons] == ["通过", "淘汰", "查看"]
    assert actions == ["pass", "reject", "view"]
    assert "复核区间 60–70" in sent["msg"]["action_card"]["markdown"]


def test_daily_digest_lists_counts_and_pass_rates(dingtalk_emulator, dingtalk_client):
    msg = daily_digest(
        date(2026, 11, 24),
        5,
        2,
        [JobPassRate("产品经理", 3, 4), JobPassRate("运营专员", 0, 0)],
        "https://hr.example.com/admin",
    )

    dingtalk.send_work_notification(dingtalk_client, 1000001, ["manager4220"], msg)
    dingtalk.send_work_notification(dingtalk_client, 1000001, ["manager4220"], msg)

    delivered = dingtalk_emulator.delivered("manager4220")
    text = delivered[0]["msg"]["markdown"]["text"]
    assert "今日面试：**5** 场" in text
    assert "产品经理：75%（3/4）" in text
    assert "运营专员：—（0/0）" in text
    assert len(delivered) == 1  # the same day's digest twice reaches HR once
