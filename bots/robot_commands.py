"""Parsing the Chinese commands HR types to the DingTalk robot (parsing only, no actions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

HELP_TEXT = """### 面试助手可用命令
- **帮助**：显示本说明
- **今日面试**：今天完成或进行中的面试
- **待审核**：等待人工审核的候选人
- **查看 <姓名或编号>**：候选人概况与报告要点、微信能否联系到，例如 `查看 张三` 或 `查看 123`
- **报告 <编号>**：各维度等级、最有力与最薄弱的原话，附面试详情链接，例如 `报告 123`
- **通过 <编号>**：审核通过，邀请进入复试
- **淘汰 <编号>**：审核不通过
- **邀请 <姓名> <岗位>**：发送面试邀请，例如 `邀请 张三 产品经理`
- **结果 <姓名或编号> <结果>**：记录后续结果，例如 `结果 张三 终面通过`、`结果 123 6个月绩效 4`
"""

# name -> (internal command, how many arguments, whether the first must be a number)
_COMMANDS: dict[str, tuple[str, int, bool]] = {
    "帮助": ("help", 0, False),
    "今日面试": ("today", 0, False),
    "待审核": ("pending", 0, False),
    "查看": ("view", 1, False),
    "报告": ("report", 1, True),
    "通过": ("approve", 1, True),
    "淘汰": ("reject", 1, True),
    "邀请": ("invite", 2, False),
    "结果": ("outcome", 2, False),
}
_ALIASES = {"help": "帮助", "?": "帮助", "？": "帮助", "今天面试": "今日面试", "审核": "待审核"}
_MENTION_RE = re.compile(r"@\S+")
_ID_RE = re.compile(r"^#?(\d{1,12})$")


@dataclass(frozen=True)
class Command:
    name: str  # help, today, pending, view, report, approve, reject, invite, outcome
    args: tuple[str, ...] = ()
    problem: str | None = None  # why a known command was not understood, shown above the help


def _tokens(text: str) -> list[str]:
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = _MENTION_RE.sub(" ", text)
    return text.split()


def parse_command(text: str | None) -> Command:
    """'@面试助手 通过　123' -> Command('approve', ('123',)); anything unclear -> help."""
    words = _tokens(text or "")
    if not words:
        return Command("help")
    head, rest = words[0], words[1:]
    head = _ALIASES.get(head.lower(), head)
    if head not in _COMMANDS:
        # "通过123" typed without a space
        for name in _COMMANDS:
            if head.startswith(name) and len(head) > len(name):
                head, rest = name, [head[len(name) :], *rest]
                break
        else:
            return Command("help", problem=f"不认识的命令：{words[0]}")
    name, arity, numeric = _COMMANDS[head]
    if arity == 0:
        return Command(name)
    if len(rest) < arity:
        return Command("help", problem=f"「{head}」需要 {arity} 个参数")
    if arity == 1:
        args = (" ".join(rest),) if name == "view" else (rest[0],)
    else:
        args = (rest[0], " ".join(rest[1:]))
    if numeric:
        match = _ID_RE.match(args[0])
        if not match or len(rest) > 1:
            return Command("help", problem=f"「{head}」后面请写编号，例如 {head} 123")
        args = (match.group(1),)
    return Command(name, args)


@dataclass(frozen=True)
class RobotMessage:
    """The parts of a DingTalk robot callback the bot acts on."""

    msg_id: str
    sender_staff_id: str
    sender_nick: str
    conversation_type: str  # "1" one-to-one, "2" group
    text: str
    session_webhook: str
    webhook_expires_ms: int

    @classmethod
    def from_payload(cls, body: dict) -> RobotMessage:
        """ValueError when the ids the bot needs are missing."""
        msg_id, staff_id = body.get("msgId"), body.get("senderStaffId")
        if not msg_id or not staff_id or not body.get("sessionWebhook"):
            raise ValueError("robot message without msgId, senderStaffId or sessionWebhook")
        return cls(
            msg_id=str(msg_id),
            sender_staff_id=str(staff_id),
            sender_nick=str(body.get("senderNick") or ""),
            conversation_type=str(body.get("conversationType") or ""),
            text=_message_text(body),
            session_webhook=str(body["sessionWebhook"]),
            webhook_expires_ms=_int(body.get("sessionWebhookExpiredTime")),
        )

    def webhook_valid(self, now_ms: int) -> bool:
        """sessionWebhook works for about 90 minutes; after that a work notification must do."""
        return now_ms < self.webhook_expires_ms

    def command(self) -> Command:
        return parse_command(self.text)


def _int(value: object) -> int:
    text = str(value or 0)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


def _message_text(body: dict) -> str:
    msgtype = body.get("msgtype")
    content = body.get("content") if isinstance(body.get("content"), dict) else {}
    if msgtype == "text":
        text = body.get("text") if isinstance(body.get("text"), dict) else {}
        return str(text.get("content") or "")
    if msgtype == "audio":  # DingTalk sends its own transcript of a voice message
        return str(content.get("recognition") or "")
    if msgtype == "richText":
        parts = content.get("richText") if isinstance(content.get("richText"), list) else []
        return " ".join(str(p["text"]) for p in parts if isinstance(p, dict) and p.get("text"))
    return ""
