"""Jobs, their competency model and question bank; previewing a candidate's question set."""

from flask_smorest import Blueprint
from marshmallow import Schema, validate
from sqlalchemy import select

from app import audit
from app.api import fields
from app.auth import current_hr_user, ensure_department, hr_required
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import Department, Job, Question
from app.models.jobs import FOLLOW_UP_POLICIES, HINT_POLICIES
from app.services import jobs as job_service
from app.services import model_versions
from app.services.candidates import get_candidate_for
from app.services.scoring_bridge import competency_model, scoring_question
from scoring.jd import KEYWORD_MAX_CHARS, parse_jd
from scoring.jd_guard import check_jd
from scoring.selection import select_questions
from scoring.types import STAR_PARTS

blp = Blueprint(
    "admin_jobs",
    __name__,
    url_prefix="/api/admin/v1",
    description="Jobs, competency models and questions",
)
SECURITY = [{"bearerAuth": []}]
EDITORS = ("admin", "recruiter", "manager")


class DimensionSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    weight = fields.Integer(required=True, validate=validate.Range(min=1, max=100))
    keywords = fields.List(
        fields.String(validate=validate.Length(max=KEYWORD_MAX_CHARS)), load_default=list
    )


class QuestionSchema(Schema):
    id = fields.Integer(dump_only=True)
    competency = fields.String(required=True, validate=validate.Length(min=1, max=50))
    text = fields.String(required=True, validate=validate.Length(min=5, max=500))
    pool = fields.String(load_default="formal", validate=validate.OneOf(["formal", "practice"]))
    time_limit_s = fields.Integer(load_default=120, validate=validate.Range(min=30, max=600))
    keywords = fields.List(fields.String(), load_default=list)
    star_expected = fields.List(
        fields.String(validate=validate.OneOf(STAR_PARTS)),
        load_default=lambda: list(STAR_PARTS),
    )
    variant = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(["experienced", "inexperienced"]),
    )
    variant_condition = fields.Dict(load_default=None, allow_none=True)
    active = fields.Boolean(load_default=True)


class QuestionPatchSchema(Schema):
    """Only the fields sent are changed."""

    competency = fields.String(validate=validate.Length(min=1, max=50))
    text = fields.String(validate=validate.Length(min=5, max=500))
    pool = fields.String(validate=validate.OneOf(["formal", "practice"]))
    time_limit_s = fields.Integer(validate=validate.Range(min=30, max=600))
    keywords = fields.List(fields.String())
    star_expected = fields.List(fields.String(validate=validate.OneOf(STAR_PARTS)))
    variant = fields.String(
        allow_none=True, validate=validate.OneOf(["experienced", "inexperienced"])
    )
    variant_condition = fields.Dict(allow_none=True)
    active = fields.Boolean()


class JobSettings(Schema):
    pass_threshold = fields.Float(validate=validate.Range(min=0, max=100))
    review_threshold = fields.Float(validate=validate.Range(min=0, max=100))
    hint_policy = fields.String(validate=validate.OneOf(HINT_POLICIES))
    # one: at most one follow-up (追问) per formal question; off: none (practice always asks)
    follow_up_policy = fields.String(validate=validate.OneOf(FOLLOW_UP_POLICIES))
    auto_invite_final = fields.Boolean()
    reject_delay_hours = fields.Integer(validate=validate.Range(min=0, max=720))
    questions_per_interview = fields.Integer(validate=validate.Range(min=1, max=20))
    status = fields.String(validate=validate.OneOf(["open", "closed"]))


class JobIn(JobSettings):
    title = fields.String(required=True, validate=validate.Length(min=1, max=100))
    department_id = fields.Id(required=True)
    jd_text = fields.String(required=True, validate=validate.Length(min=10, max=20000))


class JobOut(Schema):
    id = fields.Integer()
    title = fields.String()
    department_id = fields.Integer()
    jd_text = fields.String()
    pass_threshold = fields.Float()
    review_threshold = fields.Float()
    hint_policy = fields.String()
    follow_up_policy = fields.String()
    auto_invite_final = fields.Boolean()
    reject_delay_hours = fields.Integer()
    questions_per_interview = fields.Integer()
    status = fields.String()
    model_version = fields.Integer()
    dimensions = fields.List(fields.Nested(DimensionSchema))
    questions = fields.Method("_questions")

    def _questions(self, job):
        rows = db.session.scalars(
            select(Question).where(Question.job_id == job.id).order_by(Question.id)
        )
        return QuestionSchema(many=True).dump(rows)


class JobSummaryOut(Schema):
    id = fields.Integer()
    title = fields.String()
    department_id = fields.Integer()
    status = fields.String()
    pass_threshold = fields.Float()
    review_threshold = fields.Float()


class ParseIn(Schema):
    title = fields.String(load_default=None)
    jd_text = fields.String(required=True, validate=validate.Length(min=10, max=20000))


class JdWarningOut(Schema):
    code = fields.String()
    text = fields.String()
    label = fields.String()
    rule = fields.String()


class ModelOut(Schema):
    dimensions = fields.List(fields.Nested(DimensionSchema))
    warnings = fields.List(fields.Nested(JdWarningOut))


class PreviewIn(Schema):
    signals = fields.Dict(load_default=dict)
    pool = fields.String(load_default="formal", validate=validate.OneOf(["formal", "practice"]))
    candidate_id = fields.Id(load_default=None)


class PreviewOut(Schema):
    signals = fields.Dict()
    questions = fields.List(fields.Nested(QuestionSchema))


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
