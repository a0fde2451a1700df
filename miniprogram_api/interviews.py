"""Practice and formal interviews: questions, live hints, answers, the report."""

from flask import jsonify, request
from flask_smorest import Blueprint
from marshmallow import Schema, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit
from app.api import fields
from app.api.openapi import json_object
from app.api.schemas import ErrorSchema
from app.auth import bearer_token
from app.errors import Conflict, NotFound, ValidationError
from app.extensions import db
from app.models import Report, ReviewRequest
from app.services import events, hint_tickets, interviews
from app.services.answers import submit_answer
from app.services.invitations import invitation_for_candidate
from app.services.mp_auth import (
    current_candidate,
    current_candidate_id,
    current_openid,
    mp_required,
)
from app.services.outbox import kick
from miniprogram_api.answer_schemas import (
    ANSWER_BODY,
    FollowUpOut,
    TextAnswerIn,
    answer_form,
    idempotency_key,
)

blp = Blueprint(
    "mp_interviews", __name__, url_prefix="/api/mp/v1", description="Mini-program: interviews"
)
SECURITY = [{"bearerAuth": []}]


class StartIn(Schema):
    invitation_id = fields.Id(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["practice", "formal"]))


class QuestionOut(Schema):
    id = fields.Integer()
    text = fields.String()
    competency = fields.String()
    time_limit_s = fields.Integer()
    index = fields.Integer()
    total = fields.Integer()
    answer_by = fields.DateTime(allow_none=True)
    hint_ticket = fields.String(
        allow_none=True,
        metadata={"description": "send with each hint request for this question (short-lived)"},
    )


class InterviewOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    deadline = fields.DateTime(allow_none=True)
    answered = fields.List(fields.Integer())
    total = fields.Integer()
    current_question = fields.Nested(QuestionOut, allow_none=True)
    pending_follow_up = fields.Nested(FollowUpOut, allow_none=True)


class HintsIn(Schema):
    question_id = fields.Id(required=True)
    partial_text = fields.String(load_default="", validate=validate.Length(max=5000))
    elapsed_s = fields.Float(required=True, validate=validate.Range(min=0, max=3600))
    shown = fields.List(fields.String(), load_default=list)
    # "voice" while recording (speech-rate hints apply), "text" while typing.
    mode = fields.String(load_default="voice", validate=validate.OneOf(["voice", "text"]))
    ticket = fields.String(
        load_default=None,
        validate=[validate.Length(max=600), validate.Regexp(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")],
        metadata={"description": "the current question's hint_ticket: answered without a lookup"},
    )


class HintOut(Schema):
    code = fields.String()
    text = fields.String()


class HintsOut(Schema):
    hints = fields.List(fields.Nested(HintOut))


class AnswerOut(Schema):
    answer_id = fields.Integer()
    question_id = fields.Integer()
    quality = fields.String(allow_none=True)
    transcript_state = fields.String()
    flags = fields.List(fields.String())
    interview_state = fields.String()
    message = fields.String()
    next_question = fields.Nested(QuestionOut, allow_none=True)
    follow_up = fields.Nested(FollowUpOut, allow_none=True)
    feedback = fields.Dict()


class ReviewIn(Schema):
    kind = fields.String(
        load_default="human_review", validate=validate.OneOf(["explanation", "human_review"])
    )
    message = fields.String(load_default=None, validate=validate.Length(max=1000))


class ReviewOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String()


@blp.post("/interviews")
@mp_required
@blp.arguments(StartIn)
@blp.response(200, InterviewOut)
@blp.doc(security=SECURITY)
def start_interview(body):
    candidate = current_candidate()
    invitation = invitation_for_candidate(body["invitation_id"], candidate)
    interview, _ = interviews.start(candidate, invitation, body["kind"], current_openid())
    return interviews.state_view(interview)


@blp.get("/interviews/<int:interview_id>")
@mp_required
@blp.response(200, InterviewOut)
@blp.doc(security=SECURITY)
def get_interview(interview_id: int):
    return interviews.state_view(interviews.interview_for(current_candidate_id(), interview_id))


HINTS_IN = HintsIn()


@blp.route("/interviews/<int:interview_id>/hints", methods=["POST"])
@blp.doc(
    security=SECURITY,
    requestBody={"required": True, "content": {"application/json": {"schema": HintsIn}}},
)
@blp.alt_response(200, schema=HintsOut, description="hints to show now (often none)")
@blp.alt_response(409, schema=ErrorSchema, description="the interview is finished")
def get_hints(interview_id: int):
    """Live hints while answering (every ~2 s). With the question's `hint_ticket` the answer
    needs no database; without one (or once it has expired) the interview is looked up.

    The hot path of the candidate API: the body is validated by the schema directly and the
    reply written as JSON, without the webargs and response-schema wrappers."""
    bearer_token()  # 401 before anything else, as on every mini-program route
    raw = request.get_json(silent=True)
    body = HINTS_IN.load(raw if isinstance(raw, dict) else {})
    spoken = body["mode"] == "voice"
    ticket = None
    if body["ticket"]:
        ticket = hint_tickets.verify(body["ticket"], interview_id, body["question_id"])
    if ticket is not None:
        found = hint_tickets.hints(
            ticket, body["partial_text"], body["elapsed_s"], body["shown"], spoken
        )
    else:
        current_openid()
        interview = interviews.interview_for(current_candidate_id(), interview_id)
        found = interviews.hints(
            interview,
            body["question_id"],
            body["partial_text"],
            body["elapsed_s"],
            body["shown"],
            spoken=spoken,
        )
    return jsonify({"hints": found})


@blp.post("/interviews/<int:interview_id>/answers")
@mp_required
@blp.response(200, AnswerOut)
@blp.doc(
    security=SECURITY,
    description="JSON {question_id, text, duration_s, client_signals}, or multipart with `audio`,"
    " `question_id` and optionally `client_transcript`, `duration_s`, `client_signals`. Send an"
    " Idempotency-Key header. The response may carry a `follow_up` to answer before the next"
    " question.",
    requestBody=ANSWER_BODY,
)
def post_answer(interview_id: int):
    interview = interviews.interview_for(current_candidate_id(), interview_id)
    key = idempotency_key()
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("audio")
        if upload is None:
            raise ValidationError("multipart answers need an `audio` file", code="audio_missing")
        form = answer_form(request.form)
        return submit_answer(
            interview,
            current_openid(),
            question_id=form["question_id"],
            key=key,
            audio=upload.read(),
            client_transcript=form.get("client_transcript"),
            duration_s=form.get("duration_s"),
            client_signals=form.get("client_signals"),
        )
    body = TextAnswerIn().load(request.get_json(silent=True) or {})
    return submit_answer(interview, current_openid(), key=key, **body)


@blp.get("/interviews/<int:interview_id>/report")
@mp_required
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object("the candidate's report: levels and advice"),
        "202": json_object("being prepared: {status, message}"),
    },
)
def get_report(interview_id: int):
    interview = interviews.interview_for(current_candidate_id(), interview_id)
    if interview.kind == "practice":
        raise NotFound(
            "practice interviews have no report; feedback comes with each answer",
            code="no_report_for_practice",
        )
    report = db.session.scalar(select(Report).where(Report.interview_id == interview.id))
    if report is None or report.status == "preparing":
        status = "in_progress" if interview.state == "in_progress" else "preparing"
        return {"status": status, "message": "报告生成中，请稍候。"}, 202
    # Advice only: the hiring decision reaches the candidate separately, after HR.
    audit.record("read", "report", report.id)
    db.session.commit()
    return {"status": report.status, **(report.candidate_view or {})}, 200


@blp.post("/interviews/<int:interview_id>/review-request")
@mp_required
@blp.arguments(ReviewIn, required=False)
@blp.response(201, ReviewOut)
@blp.alt_response(409, schema=ErrorSchema, description="a request for this interview is open")
@blp.doc(security=SECURITY)
def request_review(body, interview_id: int):
    interview = interviews.interview_for(current_candidate_id(), interview_id)
    if interview.kind != "formal":
        raise ValidationError("reviews are for the formal interview", code="not_formal")
    review = ReviewRequest(
        interview_id=interview.id,
        kind=body["kind"],
        message=body["message"],
        open_interview_id=interview.id,
    )
    db.session.add(review)
    try:
        db.session.flush()
    except IntegrityError:  # one open request per interview, even when two arrive at once
        db.session.rollback()
        raise Conflict(
            "您已提交过申请，请等待HR处理后再提交。", code="review_already_open"
        ) from None
    events.review_requested(review)
    audit.record("review_request", "interview", interview.id)
    kick()
    return review
