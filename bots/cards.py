"""DingTalk work-notification content for HR: report ready, review request, daily digest.

Plain values in, message dicts out (ready for `bots.dingtalk.send_work_notification`). Every
message carries its event reference, because DingTalk silently drops identical content sent
to the same person twice in a day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bots.dingtalk import action_card_buttons, action_card_single, markdown_message

RECOMMENDATIONS = {"pass": "建议进入复试", "review": "建议人工复核", "not_pass": "暂不推荐"}
_MARKUP_RE = re.compile(r"[*_#`\[\]<>|\\]")


def plain(text: object) -> str:
    """User-entered text (names, job titles) shown literally, never as markdown."""
    return " ".join(_MARKUP_RE.sub("", str(text)).split())


def _score(value: float) -> str:
    return f"{value:.0f}"


def _dimension_lines(dimensions: Sequence[tuple[str, float]]) -> str:
    return "\n".join(f"- {plain(name)}：{_score(score)}" for name, score in dimensions)


def report_ready_card(
    candidate: str,
    job: str,
    overall: float,
    dimensions: Sequence[tuple[str, float]],
    recommendation: str,
    admin_url: str,
    event_ref: str,
) -> dict:
    advice = RECOMMENDATIONS.get(recommendation, plain(recommendation))
    markdown = (
        f"### 面试报告已生成\n**{plain(candidate)}** · {plain(job)}\n\n"
        f"综合得分：**{_score(overall)}**\n\n{_dimension_lines(dimensions)}\n\n结论：**{advice}**"
    )
    return action_card_single(
        f"面试报告：{plain(candidate)} · {plain(job)}", markdown, "查看候选人", admin_url, event_ref
    )


@dataclass(frozen=True)
class ReviewLinks:
    """Signed links (bots.signatures.sign_action_link) for one recipient."""

    approve: str
    reject: str
    view: str


def review_request_card(
    candidate: str,
    job: str,
    overall: float,
    dimensions: Sequence[tuple[str, float]],
    band: tuple[float, float],
    links: ReviewLinks,
    event_ref: str,
) -> dict:
    markdown = (
        f"### 需要人工审核\n**{plain(candidate)}** · {plain(job)}\n\n"
        f"综合得分：**{_score(overall)}**（复核区间 {_score(band[0])}–{_score(band[1])}）\n\n"
        f"{_dimension_lines(dimensions)}\n\n请查看答题记录和评分依据后决定。"
    )
    return action_card_buttons(
        f"待审核：{plain(candidate)} · {plain(job)}",
        markdown,
        [("通过", links.approve), ("淘汰", links.reject), ("查看", links.view)],
        event_ref,
    )


@dataclass(frozen=True)
class JobPassRate:
    job: str
    passed: int
    finished: int


def daily_digest(
    day: date,
    interviews_today: int,
    pending_reviews: int,
    pass_rates: Sequence[JobPassRate],
    admin_url: str,
) -> dict:
    lines = [
        f"### {day.year}年{day.month}月{day.day}日 面试日报",
        f"- 今日面试：**{interviews_today}** 场",
        f"- 待审核：**{pending_reviews}** 人",
    ]
    if pass_rates:
        lines.append("\n**各岗位通过率**")
        for rate in pass_rates:
            share = f"{100 * rate.passed / rate.finished:.0f}%" if rate.finished else "—"
            lines.append(f"- {plain(rate.job)}：{share}（{rate.passed}/{rate.finished}）")
    lines.append(f"\n[打开管理后台]({admin_url})")
    return markdown_message("面试日报", "\n".join(lines), f"digest:{day.isoformat()}")
