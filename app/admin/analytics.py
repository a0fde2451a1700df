"""/admin/analytics and /admin/jobs/<id>/analytics: the data review (数据复盘) on the page.

The same service as the JSON API (app.services.analytics), so the page, the API and
`python -m scoring analytics` show the same figures; charts are ECharts options built here.
"""

import json
from io import BytesIO

from flask import render_template, request, send_file
from marshmallow import ValidationError as SchemaError
from sqlalchemy import select

from app import audit
from app.admin import bp, nav
from app.admin.session import login_required, page_user
from app.api.admin.analytics import AnalyticsArgs, period_of
from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models import Job
from app.services import analytics_charts as charts
from app.services import model_versions
from app.services.analytics import job_analytics, overview
from app.services.analytics_export import FLAG_LABELS, STATUS_LABELS, workbook
from app.services.outcome_kinds import KINDS
from app.services.scope import scoped

nav.add("analytics", "数据复盘", "admin.analytics", position=70)


def _args() -> dict:
    try:
        return AnalyticsArgs().load({k: v for k, v in request.args.items() if v})
    except SchemaError as exc:
        raise ValidationError(f"查询条件有误：{exc.messages}", code="invalid_query") from exc


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    user = page_user()
    if job is None or not user.can_access_department(job.department_id):
        raise NotFound("没有这个岗位，或您无权查看")
    return job


def _context(args: dict) -> dict:
    query = {"outcome": args["outcome"]}
    for key, name in (("date_from", "from"), ("date_to", "to")):
        if args.get(key):
            query[name] = args[key].isoformat()
    return {
        "q": query,
        "outcome": args["outcome"],
        "date_from": args.get("date_from") or "",
        "date_to": args.get("date_to") or "",
        "outcome_kinds": {k: v[0] for k, v in KINDS.items()},
        "status_labels": STATUS_LABELS,
        "flag_labels": FLAG_LABELS,
    }


@bp.get("/analytics")
@login_required()
def analytics():
    args = _args()
    query = scoped(select(Job), page_user(), Job.department_id).order_by(Job.id)
    jobs = list(db.session.scalars(query))
    rows = overview(jobs, period_of(args), args["outcome"])
    return render_template("admin/analytics.html", rows=rows, **_context(args))


@bp.get("/jobs/<int:job_id>/analytics")
@login_required()
def job_analytics_page(job_id: int):
    args = _args()
    job = _job(job_id)
    result = job_analytics(job, period_of(args), args["outcome"])
    audit.record_read("analytics", job.id)
    return render_template(
        "admin/job_analytics.html",
        job=job,
        r=result,
        funnel_chart=json.dumps(charts.funnel(result), ensure_ascii=False),
        forest_chart=json.dumps(charts.forest(result), ensure_ascii=False),
        rate_charts={
            kind: json.dumps(charts.rates(result, kind), ensure_ascii=False)
            for kind in ("selection_ai", "selection_human", "scoring")
        },
        can_apply=page_user().role == "admin",
        **_context(args),
    )


@bp.get("/jobs/<int:job_id>/analytics.xlsx")
@login_required()
def job_analytics_xlsx(job_id: int):
    args = _args()
    job = _job(job_id)
    result = job_analytics(job, period_of(args), args["outcome"])
    audit.record_read("analytics", job.id, fields=["xlsx"])
    return send_file(
        BytesIO(workbook(result)),
        as_attachment=True,
        download_name=f"数据复盘-{job.title}-{args['outcome']}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.post("/jobs/<int:job_id>/analytics/apply")
@login_required("admin")
def apply_weights(job_id: int):
    job = _job(job_id)
    weights = {d.name: int(request.form.get(f"w:{d.name}", "0") or 0) for d in job.dimensions}
    try:
        version = model_versions.apply_weights(
            job,
            weights,
            page_user(),
            int(request.form.get("expected_version", "0") or 0),
            request.form.get("note") or None,
        )
    except AppError as exc:
        db.session.rollback()
        return render_template(
            "admin/partials/apply_result.html", ok=False, message=exc.message
        ), 422
    db.session.commit()
    return render_template(
        "admin/partials/apply_result.html",
        ok=True,
        message=f"已应用新权重，岗位模型更新为第 {version} 版；之后的面试按新权重计分。",
    )
