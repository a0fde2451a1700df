"""Data review figures per job and period, the Excel download, and applying new weights."""

from datetime import UTC, date, datetime, time, timedelta

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate, validates_schema
from marshmallow import ValidationError as SchemaError
from sqlalchemy import select

from app import audit
from app.api.openapi import json_object
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import NotFound
from app.extensions import db
from app.models import Job
from app.models.base import CHINA_OFFSET
from app.services import model_versions
from app.services.analytics import DEFAULT_OUTCOME, job_analytics, overview
from app.services.analytics_data import Period
from app.services.analytics_export import workbook
from app.services.outcome_kinds import KINDS

blp = Blueprint(
    "admin_analytics", __name__, url_prefix="/api/admin/v1", description="Data review (数据复盘)"
)
SECURITY = [{"bearerAuth": []}]
DEFAULT_DAYS = 365
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnalyticsArgs(Schema):
    outcome = fields.String(load_default=DEFAULT_OUTCOME, validate=validate.OneOf(list(KINDS)))
    date_from = fields.Date(data_key="from", load_default=None)
    date_to = fields.Date(data_key="to", load_default=None)

    @validates_schema
    def _order(self, data, **_):
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise SchemaError("`from` must not be after `to`", "from")
        for value in (start, end):
            if value and not date(2000, 1, 1) <= value <= date(2100, 1, 1):
                raise SchemaError("dates between 2000 and 2100", "from")


class WeightsIn(Schema):
    weights = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=50)),
        values=fields.Integer(validate=validate.Range(min=1, max=100)),
        required=True,
    )
    expected_version = fields.Integer(required=True, validate=validate.Range(min=1, max=10**6))
    note = fields.String(load_default=None, validate=validate.Length(max=500))


def period_of(args: dict) -> Period:
    """Dates are China days; the period runs from `from` 00:00 to the end of `to`."""
    offset = CHINA_OFFSET
    start, end = args.get("date_from"), args.get("date_to")
    if start is None and end is None:
        today = (datetime.now(UTC) + offset).date()
        start = today - timedelta(days=DEFAULT_DAYS)
    return Period(
        datetime.combine(start, time()) - offset if start else None,
        datetime.combine(end + timedelta(days=1), time()) - offset if end else None,
    )


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    ensure_department(current_hr_user(), job.department_id)
    return job


def visible_jobs() -> list[Job]:
    user = current_hr_user()
    query = select(Job).order_by(Job.id)
    if user.role == "manager":
        query = query.where(Job.department_id.in_(user.department_ids or {-1}))
    return list(db.session.scalars(query))


@blp.get("/analytics")
@hr_required()
@blp.arguments(AnalyticsArgs, location="query")
@blp.doc(
    security=SECURITY, responses={"200": json_object("jobs in scope with their flags: {jobs}")}
)
def analytics_overview(args):
    """Per job: candidates in the period, outcomes known and flags (the dashboard)."""
    return {"jobs": overview(visible_jobs(), period_of(args), args["outcome"])}


@blp.get("/jobs/<int:job_id>/analytics")
@hr_required()
@blp.arguments(AnalyticsArgs, location="query")
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object("validity, fairness, weights and funnel, each figure with its n")
    },
)
def job_figures(args, job_id: int):
    """Funnel, validity, fairness audit and weight advice for one job and period."""
    job = _job(job_id)
    result = job_analytics(job, period_of(args), args["outcome"])
    audit.record_read("analytics", job.id)
    return result


@blp.get("/jobs/<int:job_id>/analytics.xlsx")
@hr_required()
@blp.arguments(AnalyticsArgs, location="query")
@blp.doc(security=SECURITY, responses={"200": {"description": "an Excel workbook"}})
def job_figures_xlsx(args, job_id: int):
    job = _job(job_id)
    result = job_analytics(job, period_of(args), args["outcome"])
    audit.record_read("analytics", job.id, fields=["xlsx"])
    name = f"analytics-job{job.id}-{args['outcome']}.xlsx"
    return Response(
        workbook(result),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blp.get("/jobs/<int:job_id>/model-versions")
@hr_required()
@blp.doc(security=SECURITY, responses={"200": json_object("{current, versions}")})
def list_versions(job_id: int):
    job = _job(job_id)
    return {"current": job.model_version, "versions": model_versions.versions(job)}


@blp.post("/jobs/<int:job_id>/analytics/apply-weights")
@hr_required("admin")
@blp.arguments(WeightsIn)
@blp.doc(
    security=SECURITY,
    responses={"200": json_object("the new model version: {job_id, model_version, weights}")},
)
def apply_weights(body, job_id: int):
    """An HR admin applies (suggested) weights: a new version of the job's model, audited."""
    job = _job(job_id)
    version = model_versions.apply_weights(
        job, body["weights"], current_hr_user(), body["expected_version"], body["note"]
    )
    db.session.commit()
    return {"job_id": job.id, "model_version": version, "weights": body["weights"]}
