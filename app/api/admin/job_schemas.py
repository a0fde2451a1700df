"""The admin API's shapes for jobs, their competency model and question bank."""

from marshmallow import Schema, validate
from sqlalchemy import select

from app.api import fields
from app.extensions import db
from app.models import Question
from app.models.jobs import FOLLOW_UP_POLICIES, HINT_POLICIES
from scoring.jd import KEYWORD_MAX_CHARS
from scoring.types import STAR_PARTS


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
