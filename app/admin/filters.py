"""Template filters and labels: China time, recommendation and decision names, scores."""

from datetime import datetime

from markupsafe import Markup, escape

from app.admin import bp
from app.models.base import CHINA_OFFSET
from app.services.labels import (  # noqa: F401
    ANSWER_FLAGS,
    CHANNELS,
    MESSAGE_KINDS,
    MESSAGE_STATUSES,
    RESUME_STATUSES,
)

RECOMMENDATIONS = {"pass": "建议通过", "review": "临界·需人工复核", "not_pass": "暂不推荐"}
DECISIONS = {"advance": "通过", "reject": "淘汰", "hold": "待定"}
STAGES = {
    "new": "未邀请",
    "invited": "已邀请",
    "interviewing": "面试中",
    "scoring": "评分中",
    "to_decide": "待决定",
    "advanced": "已通过",
    "rejected": "已淘汰",
    "on_hold": "待定",
    "expired": "已过期",
}
INVITATION_STATUSES = {
    "sent": "已发送",
    "accepted": "已接受",
    "in_progress": "面试中",
    "completed": "已完成",
    "expired": "已过期",
    "cancelled": "已取消",
}


def china_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Naive UTC from the database (or its ISO text, as in JSON records), shown in China time."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return (value + CHINA_OFFSET).strftime(fmt)


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def label(value: str | None, table: str) -> str:
    tables = {
        "recommendation": RECOMMENDATIONS,
        "decision": DECISIONS,
        "stage": STAGES,
        "message_status": MESSAGE_STATUSES,
        "message_kind": MESSAGE_KINDS,
        "invitation_status": INVITATION_STATUSES,
        "answer_flag": ANSWER_FLAGS,
        "resume_status": RESUME_STATUSES,
    }
    if value is None:
        return "—"
    return tables[table].get(value, value)


def badge(value: str | None, table: str) -> Markup:
    """A coloured label; the CSS class is the raw value, so colours follow meaning."""
    if value is None:
        return Markup("—")
    return Markup('<span class="badge b-{}">{}</span>').format(escape(value), label(value, table))


@bp.app_template_filter("china_time")
def _china_time(value, fmt="%Y-%m-%d %H:%M"):
    return china_time(value, fmt)


@bp.app_template_filter("score")
def _score(value):
    return score(value)


@bp.app_template_filter("label")
def _label(value, table):
    return label(value, table)


@bp.app_template_filter("badge")
def _badge(value, table):
    return badge(value, table)
