"""Jobs, their competency model and question bank; previewing a candidate's question set."""

from flask_smorest import Blueprint
from sqlalchemy import select

from app import audit
from app.api.admin.job_schemas import (
    DimensionSchema,
    JobIn,
    JobOut,
    JobSettings,
    JobSummaryOut,
    ModelOut,
    ParseIn,
    PreviewIn,
    PreviewOut,
    QuestionPatchSchema,
    QuestionSchema,
)
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import Department, Job, Question
from app.services import jobs as job_service
from app.services import model_versions
from app.services.candidates import get_candidate_for
from app.services.scoring_bridge import competency_model, scoring_question
from scoring.jd import parse_jd
from scoring.jd_guard import check_jd
from scoring.selection import select_questions

blp = Blueprint(
    "admin_jobs",
    __name__,
    url_prefix="/api/admin/v1",
    description="Jobs, competency models and questions",
)
SECURITY = [{"bearerAuth": []}]
EDITORS = ("admin", "recruiter", "manager")


def _require_changes(body: dict) -> None:
    if not body:
        raise ValidationError("没有要修改的字段 (send at least one field)", code="no_changes")


def _job(job_id: int, *, edit: bool = False) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    ensure_department(current_hr_user(), job.department_id)
    return job


@blp.post("/jd/parse")
@hr_required()
@blp.arguments(ParseIn)
@blp.response(200, ModelOut)
@blp.doc(security=SECURITY)
def parse(body):
    """Preview the competency model a job description gives, without saving anything.

    `warnings` lists discriminatory requirements; creating a job with them is refused (422).
    """
    model = parse_jd(body["jd_text"], title=body["title"]).to_dict()
    text = f"{body['title'] or ''}\n{body['jd_text']}"
    return {**model, "warnings": [w.to_dict() for w in check_jd(text)]}


@blp.post("/jobs")
@hr_required(*EDITORS)
@blp.arguments(JobIn)
@blp.response(201, JobOut)
@blp.doc(security=SECURITY)
def create(body):
    """Create a job from its description; returns the parsed model and questions for editing."""
    if db.session.get(Department, body["department_id"]) is None:
        raise NotFound(f"department {body['department_id']} not found")
    ensure_department(current_hr_user(), body["department_id"])
    settings = {k: v for k, v in body.items() if k in JobSettings().fields}
    job = job_service.create_job(
        title=body["title"],
        department_id=body["department_id"],
        jd_text=body["jd_text"],
        settings=settings,
    )
    db.session.commit()
    return job


@blp.get("/jobs")
@hr_required()
@blp.response(200, JobSummaryOut(many=True))
@blp.doc(security=SECURITY)
def list_jobs():
    user = current_hr_user()
    rows = db.session.scalars(select(Job).order_by(Job.id)).all()
    return [j for j in rows if user.can_access_department(j.department_id)]


@blp.get("/jobs/<int:job_id>")
@hr_required()
@blp.response(200, JobOut)
@blp.doc(security=SECURITY)
def get_job(job_id: int):
    return _job(job_id)


@blp.patch("/jobs/<int:job_id>")
@hr_required(*EDITORS)
@blp.arguments(JobSettings)
@blp.response(200, JobOut)
@blp.doc(security=SECURITY)
def update_job(body, job_id: int):
    _require_changes(body)
    job = _job(job_id, edit=True)
    job_service.validate_thresholds(
        body.get("pass_threshold", job.pass_threshold),
        body.get("review_threshold", job.review_threshold),
    )
    for key, value in body.items():
        setattr(job, key, value)
    audit.record("update", "job", job.id, detail=sorted(body))
    db.session.commit()
    return job


@blp.put("/jobs/<int:job_id>/dimensions")
@hr_required(*EDITORS)
@blp.arguments(DimensionSchema(many=True))
@blp.response(200, JobOut)
@blp.doc(security=SECURITY)
def replace_dimensions(body, job_id: int):
    """Replace the competency model: 3–8 dimensions whose weights sum to 100."""
    job = _job(job_id, edit=True)
    job_service.set_dimensions(job, body)
    version = model_versions.snapshot(job, "edited", by=current_hr_user())
    audit.record("update_model", "job", job.id, detail={"version": version})
    db.session.commit()
    return job


@blp.post("/jobs/<int:job_id>/questions")
@hr_required(*EDITORS)
@blp.arguments(QuestionSchema)
@blp.response(201, QuestionSchema)
@blp.doc(security=SECURITY)
def add_question(body, job_id: int):
    job = _job(job_id, edit=True)
    job_service.check_text(body["text"])
    question = Question(job_id=job.id, **body)
    db.session.add(question)
    db.session.flush()
    audit.record("create", "question", question.id)
    db.session.commit()
    return question


@blp.patch("/questions/<int:question_id>")
@hr_required(*EDITORS)
@blp.arguments(QuestionPatchSchema)
@blp.response(200, QuestionSchema)
@blp.doc(security=SECURITY)
def edit_question(body, question_id: int):
    _require_changes(body)
    question = db.session.get(Question, question_id)
    if question is None or question.job_id is None:
        raise NotFound(f"question {question_id} not found")
    _job(question.job_id, edit=True)
    if "text" in body:
        job_service.check_text(body["text"])
    for key, value in body.items():
        setattr(question, key, value)
    audit.record("update", "question", question.id)
    db.session.commit()
    return question


@blp.post("/jobs/<int:job_id>/preview")
@hr_required()
@blp.arguments(PreviewIn, required=False)
@blp.response(200, PreviewOut)
@blp.doc(security=SECURITY)
def preview(body, job_id: int):
    """The questions a candidate with these resume signals would get (nothing is saved)."""
    from app.services.resumes import resume_signals

    job = _job(job_id)
    signals = dict(body["signals"])
    if body["candidate_id"] is not None:
        get_candidate_for(current_hr_user(), body["candidate_id"])  # 403 outside the scope
        signals = {**resume_signals(body["candidate_id"], job.id), **signals}
    rows = db.session.scalars(
        select(Question).where(
            Question.job_id == job.id, Question.pool == body["pool"], Question.active.is_(True)
        )
    ).all()
    by_key = {str(r.id): r for r in rows}
    chosen = select_questions(
        competency_model(job),
        [scoring_question(r) for r in rows],
        signals,
        total=job.questions_per_interview,
        pool=body["pool"],
    )
    out = []
    for q in chosen:
        row = by_key.get(q.key)
        out.append(
            QuestionSchema().dump(row)
            if row
            else {
                "competency": q.dimension,
                "text": q.text,
                "pool": q.pool,
                "time_limit_s": q.time_limit_s,
                "keywords": q.keywords,
                "star_expected": list(q.star_expected),
                "variant": q.variant,
            }
        )
    return {"signals": signals, "questions": out}
