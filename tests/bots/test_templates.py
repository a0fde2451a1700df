"""WeChat subscribe-message field limits, enforced before the vendor refuses a message."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bots.templates import (
    SubscribeTemplates,
    TemplateValueError,
    final_round_message,
    format_field,
    invitation_message,
    report_ready_message,
)

TEMPLATES = SubscribeTemplates("tmpl-inv", "tmpl-rep", "tmpl-final")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("thing1", "产品经理", "产品经理"),
        (
            "thing1",
            "一二三四五六七八九十一二三四五六七八九十",
            "一二三四五六七八九十一二三四五六七八九十",
        ),
        (
            "thing1",
            "一二三四五六七八九十一二三四五六七八九十多",
            "一二三四五六七八九十一二三四五六七八九…",
        ),
        ("thing3", "请在\n安静环境  完成", "请在 安静环境 完成"),
        ("time2", datetime(2026, 11, 24, 6, 0, tzinfo=UTC), "2026年11月24日 14:00"),
        ("time2", datetime(2026, 11, 24, 6, 0), "2026年11月24日 14:00"),  # naive = UTC
        ("time2", "2026年11月24日 14:00", "2026年11月24日 14:00"),
        ("date4", date(2026, 1, 5), "2026年1月5日"),
        ("phrase3", "进入复试", "进入复试"),
        ("phrase3", "已通过初试", "已通过初试"),
        ("number5", 82, "82"),
        ("name6", "欧阳娜娜", "欧阳娜娜"),
        ("character_string7", "INV-2026-000123", "INV-2026-000123"),
    ],
)
def test_field_value_formatted_within_limits(key, value, expected):
    assert format_field(key, value) == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("phrase3", "进入最终复试环节"),
        ("phrase3", "passed"),
        ("phrase3", "通过!"),
        ("name6", "一二三四五六七八九十一"),
        ("number5", "八十"),
        ("number5", "1" * 33),
        ("character_string7", "编号123"),
        ("character_string7", "A" * 33),
        ("time2", "明天下午"),
        ("date4", "2026-11-24"),
        ("thing1", "   "),
    ],
)
def test_field_value_that_cannot_fit_raises(key, value):
    with pytest.raises(TemplateValueError) as info:
        format_field(key, value)
    assert info.value.field_key == key


def test_invitation_message_built_from_configured_ids_and_keys():
    templates = SubscribeTemplates(
        "tmpl-inv", "tmpl-rep", "tmpl-final", keys={"invitation": {"note": "thing7"}}
    )

    message = invitation_message(
        templates,
        "数据分析师",
        datetime(2026, 12, 1, 15, 59, tzinfo=UTC),
        "约30分钟",
        "pages/invitation/detail?id=3",
    )

    assert message.template_id == "tmpl-inv"
    assert message.data == {
        "thing1": {"value": "数据分析师"},
        "time2": {"value": "2026年12月1日 23:59"},
        "thing7": {"value": "约30分钟"},
    }


def test_report_ready_and_final_round_messages():
    finished = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)

    report = report_ready_message(TEMPLATES, "产品经理", finished, "pages/report/index?id=5")
    final = final_round_message(
        TEMPLATES,
        "产品经理",
        finished,
        "地点：北京市朝阳区望京SOHO塔三二十层",
        "pages/final/index?id=5",
    )

    assert report.template_id == "tmpl-rep"
    assert report.data["time2"] == {"value": "2026年11月24日 10:30"}
    assert final.data["phrase3"] == {"value": "进入复试"}
    assert len(final.data["thing4"]["value"]) == 20


def test_final_round_status_longer_than_five_characters_raises():
    with pytest.raises(TemplateValueError):
        final_round_message(
            TEMPLATES,
            "产品经理",
            datetime(2026, 11, 24, tzinfo=UTC),
            "x",
            "pages/final/index",
            status="恭喜进入最终复试",
        )


def test_unconfigured_template_id_raises():
    with pytest.raises(TemplateValueError, match="not configured"):
        invitation_message(
            SubscribeTemplates("", "r", "f"),
            "产品经理",
            datetime(2026, 11, 24, tzinfo=UTC),
            "x",
            "pages/i",
        )
