"""Parsing HR's robot commands: spaces, full-width spaces and @mentions tolerated."""

from __future__ import annotations

import pytest

from bots.robot_commands import HELP_TEXT, Command, RobotMessage, parse_command
from tests.bots.conftest import load_fixture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("帮助", Command("help")),
        ("@面试助手 帮助", Command("help")),
        ("今日面试", Command("today")),
        ("  今日面试  ", Command("today")),
        ("待审核", Command("pending")),
        ("查看 张三", Command("view", ("张三",))),
        ("查看　123", Command("view", ("123",))),
        ("查看 Li Na", Command("view", ("Li Na",))),
        ("报告 123", Command("report", ("123",))),
        ("报告 #123", Command("report", ("123",))),
        ("通过 123", Command("approve", ("123",))),
        ("@面试助手\u3000通过\u3000123", Command("approve", ("123",))),
        ("通过123", Command("approve", ("123",))),
        ("淘汰 77", Command("reject", ("77",))),
        ("邀请 张三 产品经理", Command("invite", ("张三", "产品经理"))),
        ("邀请 张三 高级 产品经理", Command("invite", ("张三", "高级 产品经理"))),
        ("help", Command("help")),
    ],
)
def test_command_parsed(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", None, "   ", "你好", "删除 123", "通过", "通过 张三", "淘汰 12 34", "邀请 张三", "报告"],
)
def test_unknown_or_incomplete_command_gets_help(text):
    command = parse_command(text)

    assert command.name == "help"
    assert command.args == ()
    if text and text.strip():
        assert command.problem


def test_recorded_robot_message_text_parses():
    body = load_fixture("dingtalk_robot_text_message.json")["body"]

    assert parse_command(body["text"]["content"]) == Command("approve", ("123",))


def test_help_text_lists_every_command():
    for word in ["帮助", "今日面试", "待审核", "查看", "报告", "通过", "淘汰", "邀请"]:
        assert f"**{word}" in HELP_TEXT


def test_recorded_robot_payload_to_message_and_command():
    body = load_fixture("dingtalk_robot_text_message.json")["body"]

    message = RobotMessage.from_payload(body)

    assert message.sender_staff_id == "manager4220"
    assert message.msg_id == "msgFq2mR7cXbZk9YtW4pLhJ0sA=="
    assert message.command() == Command("approve", ("123",))
    assert message.webhook_valid(now_ms=1795505399999)
    assert not message.webhook_valid(now_ms=1795505400000)


def test_voice_message_uses_dingtalk_transcript():
    body = load_fixture("dingtalk_robot_text_message.json")["body"] | {
        "msgtype": "audio",
        "content": {"duration": 2300, "recognition": "查看张三"},
    }
    body.pop("text")

    assert RobotMessage.from_payload(body).command() == Command("view", ("张三",))


def test_robot_payload_without_sender_refused():
    body = load_fixture("dingtalk_robot_text_message.json")["body"]
    body.pop("senderStaffId")

    with pytest.raises(ValueError):
        RobotMessage.from_payload(body)
