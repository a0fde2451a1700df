"""/admin/interviews/<id>: answers with evidence, scores, the recommendation, and the decision."""

from io import BytesIO

from flask import render_template, request, send_file
from sqlalchemy import or_, select

from app.admin import bp
from app.admin.filters import DECISIONS
from app.admin.session import login_required, page_user
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import OutboxMessage, Report
from app.services.audio_access import answer_audio
from app.services.candidate_record import REPORT_KINDS
from app.services.decisions import decide
from app.services.interview_record import interview_record, load_interview, review_rows
from app.services.outbox import kick
from app.services.review_requests import close_review


def score_chart(record: dict) -> dict | None:
    """ECharts option: one bar per dimension with the review and pass lines."""
    report = record["report"]
    dims = [d for d in (report or {}).get("dimensions", []) if d.get("score") is not None]
    if not dims:
        return None
    thresholds = report.get("thresholds") or {}
    lines = [
        {"xAxis": thresholds[key], "name": name, "lineStyle": {"color": color}}
        for key, name, color in (("review", "复核", "#d99a00"), ("pass", "通过", "#2f9e55"))
        if thresholds.get(key) is not None
    ]
    return {
        "animation": False,
        "grid": {"left": 8, "right": 40, "top": 28, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [f"{d['name']}（{d['weight']}%）" for d in dims],
        },
        "series": [
            {
                "type": "bar",
                "data": [d["score"] for d in dims],
                "label": {"show": True, "position": "right"},
                "itemStyle": {"color": "#3b6fb6"},
                "markLine": {
                    "symbol": "none",
                    "label": {"show": False},  # named in the line of text above
                    "data": lines,
                },
            }
        ],
    }


def _report_messages(report_id: int | None) -> list[OutboxMessage]:
    if report_id is None:
        return []
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                or_(*(OutboxMessage.dedupe_key.like(f"{k}:{report_id}:%") for k in REPORT_KINDS))
            )
            .order_by(OutboxMessage.id.desc())
            .limit(50)
        )
    )


def _context(interview_id: int) -> dict:
    record = interview_record(page_user(), interview_id)
    report_id = record["report"]["id"] if record["report"] else None
    return {
        "rec": record,
        "chart": score_chart(record),
        "decisions": DECISIONS,
        "r": {"messages": _report_messages(report_id)},
    }


@bp.get("/interviews/<int:interview_id>")
@login_required()
def interview_detail(interview_id: int):
    html = render_template("admin/interview.html", **_context(interview_id))
    db.session.commit()  # the audited read
    return html


@bp.post("/interviews/<int:interview_id>/decision")
@login_required("admin", "recruiter", "manager")
def interview_decide(interview_id: int):
    user = page_user()
    load_interview(user, interview_id)
    report = db.session.scalar(select(Report).where(Report.interview_id == interview_id))
    if report is None:
        raise NotFound("这场面试还没有报告")
    decision = request.form.get("decision") or ""
    reason = (request.form.get("reason") or "").strip()
    if decision not in DECISIONS:
        raise ValidationError("请选择 通过 / 淘汰 / 待定", code="decision_required")
    overrides = report.recommendation != "pass" and decision == "advance"
    if not reason and (decision in ("reject", "hold") or overrides):
        context = _context(interview_id)
        context.update(form_error="请填写理由：淘汰、待定或推翻AI建议时需要说明原因。")
        context.update(form_decision=decision)
        html = render_template("admin/partials/decision_panel.html", **context)
        db.session.commit()
        return html, 422
    changed = decide(report, decision, by=user, source="page", reason=reason or None)
    kick()  # commits the decision with its messages, then sends them
    context = _context(interview_id)
    context["form_ok"] = (
        f"已记录：{DECISIONS[decision]}" if changed else f"结论本来就是“{DECISIONS[decision]}”"
    )
    html = render_template("admin/partials/decision_panel.html", **context)
    db.session.commit()
    return html


@bp.get("/answers/<int:answer_id>/audio")
@login_required()
def answer_audio_file(answer_id: int):
    data, mimetype = answer_audio(page_user(), answer_id)
    return send_file(BytesIO(data), mimetype=mimetype, conditional=True, max_age=0)


@bp.post("/review-requests/<int:review_id>/close")
@login_required("admin", "recruiter", "manager")
def review_request_close(review_id: int):
    review, _ = close_review(page_user(), review_id)
    db.session.commit()
    return render_template(
        "admin/partials/review_requests.html", reviews=review_rows(review.interview_id)
    )
