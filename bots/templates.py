"""WeChat subscribe-message data for our three messages, with the vendor's field limits.

WeChat rejects a whole message (47003) when one value breaks its template field rule, so we
check here: `thing` is shortened with an ellipsis, values that cannot be shortened honestly
(phrase, name, number, character_string) raise TemplateValueError.

Template ids and the vendor keys of each field (thing1, time2, ...) depend on the templates
chosen in the mini-program console, so both come from configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")
ELLIPSIS = "…"
LIMITS = {"thing": 20, "name": 10, "character_string": 32, "number": 32, "phrase": 5}
_TIME_RE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}$")
_DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$")
_PHRASE_RE = re.compile(r"^[\u4e00-\u9fff]{1,5}$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_CHARSTR_RE = re.compile(r"^[\x21-\x7e]{1,32}$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


class TemplateValueError(ValueError):
    """A value cannot be shown in its template field; the message is not sent."""

    def __init__(self, field_key: str, value: object, reason: str) -> None:
        self.field_key = field_key
        self.value = value
        self.reason = reason
        super().__init__(f"subscribe field {field_key}={value!r}: {reason}")


def field_kind(vendor_key: str) -> str:
    """thing1 -> thing, character_string3 -> character_string."""
    return vendor_key.rstrip("0123456789")


def _china_time(value: datetime) -> datetime:
    # Our database stores naive UTC; candidates read China time.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ)


def format_time(value: datetime) -> str:
    local = _china_time(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def format_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = _china_time(value)
    return f"{value.year}年{value.month}月{value.day}日"


def format_field(vendor_key: str, value: object) -> str:
    """The string WeChat accepts for this field, or TemplateValueError."""
    kind = field_kind(vendor_key)
    if kind == "time":
        text = format_time(value) if isinstance(value, datetime) else str(value)
        if not _TIME_RE.match(text):
            raise TemplateValueError(vendor_key, value, "time must look like 2026年11月24日 14:00")
        return text
    if kind == "date":
        text = format_date(value) if isinstance(value, date) else str(value)
        if not _DATE_RE.match(text):
            raise TemplateValueError(vendor_key, value, "date must look like 2026年11月24日")
        return text
    text = " ".join(str(value).split())  # no newlines or runs of spaces in a card line
    if not text:
        raise TemplateValueError(vendor_key, value, "empty value")
    if kind == "thing":
        limit = LIMITS["thing"]
        return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
    if kind == "phrase" and not _PHRASE_RE.match(text):
        raise TemplateValueError(vendor_key, value, "phrase must be 1 to 5 Chinese characters")
    if kind == "name":
        limit = LIMITS["name"] if _HAN_RE.search(text) else 20
        if len(text) > limit:
            raise TemplateValueError(vendor_key, value, f"name longer than {limit} characters")
    if kind == "number" and (not _NUMBER_RE.match(text) or len(text) > LIMITS["number"]):
        raise TemplateValueError(vendor_key, value, "number must be at most 32 digits")
    if kind == "character_string" and not _CHARSTR_RE.match(text):
        raise TemplateValueError(
            vendor_key, value, "character_string must be at most 32 ASCII letters/digits/symbols"
        )
    return text


@dataclass(frozen=True)
class TemplateSpec:
    """One configured template: its id and which vendor key holds each of our fields."""

    template_id: str
    keys: dict[str, str]


def _default_specs() -> dict[str, TemplateSpec]:
    return {
        "invitation": TemplateSpec("", {"job": "thing1", "deadline": "time2", "note": "thing3"}),
        "report_ready": TemplateSpec(
            "", {"job": "thing1", "finished_at": "time2", "note": "thing3"}
        ),
        "final_round": TemplateSpec(
            "", {"job": "thing1", "time": "time2", "status": "phrase3", "note": "thing4"}
        ),
    }


@dataclass(frozen=True)
class SubscribeTemplates:
    """Template ids from config (WECHAT_TEMPLATE_INVITATION, ..._REPORT_READY, ..._FINAL_ROUND)."""

    invitation: str
    report_ready: str
    final_round: str
    keys: dict[str, dict[str, str]] = field(default_factory=dict)

    def spec(self, message: str) -> TemplateSpec:
        template_id = getattr(self, message)
        if not template_id:
            raise TemplateValueError(message, template_id, "template id is not configured")
        keys = dict(_default_specs()[message].keys)
        keys.update(self.keys.get(message, {}))
        return TemplateSpec(template_id, keys)


@dataclass(frozen=True)
class SubscribeMessage:
    """What `bots.wechat.send_subscribe_message` sends."""

    message: str
    template_id: str
    data: dict[str, dict[str, str]]
    page: str | None


def build_message(
    templates: SubscribeTemplates, message: str, values: dict[str, object], page: str | None
) -> SubscribeMessage:
    spec = templates.spec(message)
    missing = set(spec.keys) - set(values)
    if missing:
        raise TemplateValueError(message, sorted(missing), "missing fields")
    data = {
        spec.keys[name]: {"value": format_field(spec.keys[name], values[name])}
        for name in spec.keys
    }
    return SubscribeMessage(message, spec.template_id, data, page)


def invitation_message(
    templates: SubscribeTemplates, job: str, deadline: datetime, note: str, page: str
) -> SubscribeMessage:
    """面试邀请: job, deadline, a short note (e.g. 请在安静环境下完成)."""
    return build_message(
        templates, "invitation", {"job": job, "deadline": deadline, "note": note}, page
    )


def report_ready_message(
    templates: SubscribeTemplates,
    job: str,
    finished_at: datetime,
    page: str,
    note: str = "你的面试反馈报告已生成，点击查看",
) -> SubscribeMessage:
    values = {"job": job, "finished_at": finished_at, "note": note}
    return build_message(templates, "report_ready", values, page)


def final_round_message(
    templates: SubscribeTemplates,
    job: str,
    when: datetime,
    note: str,
    page: str,
    status: str = "进入复试",
) -> SubscribeMessage:
    """Invitation to the human final round."""
    values = {"job": job, "time": when, "status": status, "note": note}
    return build_message(templates, "final_round", values, page)
