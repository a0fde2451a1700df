"""/admin/jobs/<id>: settings, the weighted competency model, and the question bank.

Weights are checked in the browser as HR types and again here (3–8 dimensions, sum 100); a
question is checked against the forbidden topics as it is typed and again when it is saved.
"""

from flask import render_template, request
from sqlalchemy import select

from app import audit
from app.admin import bp
from app.admin.session import login_required, page_user
from app.auth import ensure_department
from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models import Department, Job, Question
from app.models.jobs import FOLLOW_UP_POLICIES, HINT_POLICIES
from app.services import jobs as job_service
from scoring.types import STAR_PARTS

EDITORS = ("admin", "recruiter", "manager")
HINT_NAMES = {"all": "全部提示", "time_only": "只提示时间", "none": "不提示"}
VARIANTS = {None: "通用", "experienced": "有相关经验", "inexperienced": "无相关经验"}


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    ensure_department(page_user(), job.department_id)
    return job


def _questions(job: Job) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.job_id == job.id)
            .order_by(Question.pool, Question.competency, Question.id)
        )
    )


def _page(job: Job, **extra) -> dict:
    return {
        "job": job,
        "department": db.session.get(Department, job.department_id),
        "questions": _questions(job),
        "hint_names": HINT_NAMES,
        "variants": VARIANTS,
        **extra,
    }


@bp.get("/jobs/<int:job_id>")
@login_required()
def job_detail(job_id: int):
    return render_template("admin/job.html", **_page(_job(job_id)))


@bp.post("/jobs/<int:job_id>/dimensions")
@login_required(*EDITORS)
def job_dimensions(job_id: int):
    job = _job(job_id)
    rows = []
    for name, weight, keywords in zip(
        request.form.getlist("name"),
        request.form.getlist("weight"),
        request.form.getlist("keywords"),
        strict=False,
    ):
        if not name.strip() and not weight.strip():
            continue  # an empty row left by the form
        rows.append(
            {
                "name": name.strip()[:50],
                "weight": int(weight) if weight.strip().lstrip("-").isdigit() else 0,
                "keywords": [k.strip()[:30] for k in keywords.replace("，", ",").split(",")],
            }
        )
    try:
        if any(not 1 <= r["weight"] <= 100 for r in rows):
            raise ValidationError("每个维度的权重须在 1 到 100 之间", code="invalid_weight")
        job_service.set_dimensions(job, rows)
    except ValidationError as exc:
        db.session.rollback()
        total = sum(r["weight"] for r in rows)
        message = {
            "weights_not_100": f"权重合计须等于 100，现在是 {total}，未保存。",
            "invalid_model": "需要 3 到 8 个维度，名称不能为空或重复，未保存。",
        }.get(exc.code, exc.message)
        return render_template(
            "admin/partials/dimensions_form.html", job=job, rows=rows, error=message
        ), 422
    audit.record("update_model", "job", job.id)
    db.session.commit()
    return render_template("admin/partials/dimensions_form.html", job=job, saved=True)


@bp.post("/jobs/<int:job_id>/settings")
@login_required(*EDITORS)
def job_settings(job_id: int):
    job = _job(job_id)
    form = request.form
    try:
        pass_at = float(form.get("pass_threshold", job.pass_threshold))
        review_at = float(form.get("review_threshold", job.review_threshold))
        per_interview = int(form.get("questions_per_interview", job.questions_per_interview))
        delay = int(form.get("reject_delay_hours", job.reject_delay_hours))
    except ValueError:
        return _settings_error(job, "请填写数字")
    if form.get("hint_policy") not in HINT_POLICIES:
        return _settings_error(job, "请选择提示策略")
    follow_up_policy = form.get("follow_up_policy", job.follow_up_policy)
    if follow_up_policy not in FOLLOW_UP_POLICIES:
        return _settings_error(job, "请选择追问策略")
    if not 1 <= per_interview <= 20 or not 0 <= delay <= 720:
        return _settings_error(job, "每场题数 1–20，淘汰通知等待 0–720 小时")
    try:
        job_service.validate_thresholds(pass_at, review_at)
    except ValidationError:
        return _settings_error(job, "需要 0 ≤ 复核线 ≤ 通过线 ≤ 100")
    job.pass_threshold, job.review_threshold = pass_at, review_at
    job.hint_policy, job.follow_up_policy = form["hint_policy"], follow_up_policy
    job.questions_per_interview, job.reject_delay_hours = per_interview, delay
    job.auto_invite_final = form.get("auto_invite_final") == "on"
    job.status = "closed" if form.get("status") == "closed" else "open"
    audit.record("update", "job", job.id, detail=["settings"])
    db.session.commit()
    return render_template(
        "admin/partials/settings_form.html", job=job, hint_names=HINT_NAMES, saved=True
    )


def _settings_error(job: Job, message: str):
    db.session.rollback()
    return render_template(
        "admin/partials/settings_form.html", job=job, hint_names=HINT_NAMES, error=message
    ), 422


@bp.post("/jobs/<int:job_id>/questions/check")
@login_required(*EDITORS)
def question_check(job_id: int):
    """As HR types: is this question allowed? (Nothing is saved.)"""
    _job(job_id)
    text = (request.form.get("text") or "").strip()
    try:
        job_service.check_text(text)
    except AppError as exc:
        return render_template("admin/partials/question_check.html", error=exc.message)
    return render_template("admin/partials/question_check.html", ok=len(text) >= 5)


@bp.post("/jobs/<int:job_id>/questions")
@login_required(*EDITORS)
def question_add(job_id: int):
    job = _job(job_id)
    form = request.form
    text = (form.get("text") or "").strip()
    competency = form.get("competency") or ""
    try:
        if not 5 <= len(text) <= 500:
            raise ValidationError("问题需要5到500字")
        if competency not in {d.name for d in job.dimensions}:
            raise ValidationError("请选择这道题考察的维度")
        job_service.check_text(text)
        limit = int(form.get("time_limit_s") or 120)
        if not 30 <= limit <= 600:
            raise ValidationError("作答时限 30–600 秒")
    except (AppError, ValueError) as exc:
        message = exc.message if isinstance(exc, AppError) else "作答时限请填写数字"
        return render_template(
            "admin/partials/question_form.html", job=job, error=message, form=form
        ), 422
    variant = form.get("variant") if form.get("variant") in VARIANTS else None
    keywords = next((d.keywords for d in job.dimensions if d.name == competency), [])
    question = Question(
        job_id=job.id,
        competency=competency,
        text=text,
        pool="practice" if form.get("pool") == "practice" else "formal",
        time_limit_s=limit,
        keywords=list(keywords),
        star_expected=list(STAR_PARTS),
        variant=variant,
        variant_condition={"has_related_experience": variant == "experienced"} if variant else None,
    )
    db.session.add(question)
    db.session.flush()
    audit.record("create", "question", question.id)
    db.session.commit()
    body = render_template("admin/partials/question_form.html", job=job, saved=True, form={})
    return body, 200, {"HX-Trigger": "questions-changed"}


@bp.get("/jobs/<int:job_id>/questions")
@login_required()
def question_list(job_id: int):
    return render_template("admin/partials/questions.html", **_page(_job(job_id)))


@bp.post("/questions/<int:question_id>/toggle")
@login_required(*EDITORS)
def question_toggle(question_id: int):
    question = db.session.get(Question, question_id)
    if question is None or question.job_id is None:
        raise NotFound(f"question {question_id} not found")
    job = _job(question.job_id)
    if not question.active:
        job_service.check_text(question.text)  # never re-enable a forbidden question
    question.active = not question.active
    audit.record("update", "question", question.id, detail=["active"])
    db.session.commit()
    return render_template("admin/partials/questions.html", **_page(job))
