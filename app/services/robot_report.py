"""A report as the DingTalk bot shows it: what HR needs to decide, in a chat message.

Per dimension the level on the job's own scale, the sentence that earned the most and the one
that cost the most (from the report's evidence), and a link to the full interview page.
"""

from __future__ import annotations

from app.models import Report
from app.services.links import admin_url
from bots.cards import RECOMMENDATIONS, plain
from scoring.types import level_of

SENTENCE_CHARS = 40  # a chat line, not the transcript: the admin page has the rest
DECISIONS = {"advance": "已进入复试", "reject": "已淘汰"}


def _quote(sentence: str) -> str:
    text = " ".join(str(sentence).split())
    if len(text) > SENTENCE_CHARS:
        text = text[: SENTENCE_CHARS - 1] + "…"
    return f"「{plain(text)}」"


def _thresholds(report: Report, hr: dict) -> tuple[float, float]:
    saved = hr.get("thresholds") or {}
    if "pass" in saved and "review" in saved:
        return float(saved["pass"]), float(saved["review"])
    job = report.interview.invitation.job
    return float(job.pass_threshold), float(job.review_threshold)


def _dimensions(report: Report, hr: dict) -> list[tuple[str, float | None]]:
    if hr.get("dimensions"):
        return [(d["name"], d.get("score")) for d in hr["dimensions"]]
    return [(name, float(score)) for name, score in (report.dimension_scores or {}).items()]


def extremes(answers: list[dict], dimension: str) -> tuple[dict | None, dict | None]:
    """(strongest, weakest) evidence of a dimension: the best sentence of its best-scored
    answer, the worst of its worst-scored (data and several STAR parts rank a sentence up)."""
    scored = [a for a in answers if a.get("dimension") == dimension]
    plus = [(a.get("score") or 0, e) for a in scored for e in a.get("evidence") or []]
    minus = [item for item in plus if item[1].get("effect") == "-"]
    plus = [item for item in plus if item[1].get("effect") == "+"]

    def weight(item):
        return item[0], item[1].get("reason", "").count("；") + (
            "数据" in item[1].get("reason", "")
        )

    strongest = max(plus, key=weight)[1] if plus else None
    weakest = min(minus, key=lambda item: item[0])[1] if minus else None
    return strongest, weakest


def dimension_lines(report: Report) -> list[str]:
    hr = report.hr_view or {}
    thresholds = _thresholds(report, hr)
    answers = hr.get("answers") or []
    lines = []
    for name, score in _dimensions(report, hr):
        shown = "未作答" if score is None else f"{level_of(score, thresholds)}（{score:.0f}分）"
        lines.append(f"\n**{plain(name)}**：{shown}")
        strongest, weakest = extremes(answers, name)
        if strongest:
            lines.append(f"- 最有力：{_quote(strongest['sentence'])}{_why(strongest)}")
        if weakest:
            lines.append(f"- 最薄弱：{_quote(weakest['sentence'])}{_why(weakest)}")
    return lines


def _why(evidence: dict) -> str:
    reason = str(evidence.get("reason") or "")
    return f"（{plain(reason)}）" if reason else ""


def interview_link(report: Report) -> str:
    return f"[在管理后台查看面试详情]({admin_url(f'/interviews/{report.interview_id}')})"


def report_text(report: Report) -> str:
    """The whole reply to `报告 <编号>`."""
    invitation = report.interview.invitation
    overall = "—" if report.overall is None else f"{report.overall:.0f}分"
    advice = RECOMMENDATIONS.get(report.recommendation or "", "人工评估")
    decision = DECISIONS.get(report.decision or "", "待决定")
    lines = [
        f"### 面试报告 #{report.id}",
        f"**{plain(invitation.candidate.name)}** · {plain(invitation.job.title)}",
        f"\n综合得分：**{overall}** · 建议：{advice} · 结论：{decision}",
        *dimension_lines(report),
        "\n" + interview_link(report),
    ]
    return "\n".join(lines)
