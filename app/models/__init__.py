"""All models, imported so Alembic and the app see one metadata."""

from app.models.audit import AuditLog
from app.models.candidates import Candidate, CandidateDemographics, Consent, Resume
from app.models.decisions import Decision
from app.models.follow_ups import FollowUp
from app.models.integrity import AnswerBand, AnswerFingerprint, IntegrityFlag
from app.models.interviews import (
    Answer,
    AnswerScore,
    Interview,
    Invitation,
    Outcome,
    Report,
    ReviewRequest,
)
from app.models.jobs import (
    CompetencyDimension,
    CompetencyModelVersion,
    Job,
    JobReviewFlags,
    Question,
)
from app.models.messages import OutboxMessage, ProcessedEvent, WechatSubscription
from app.models.org import AuthSession, Department, HrUser, hr_user_departments
from app.models.tasks import Task

__all__ = [
    "Answer",
    "AnswerBand",
    "AnswerFingerprint",
    "AnswerScore",
    "AuditLog",
    "AuthSession",
    "Candidate",
    "CandidateDemographics",
    "CompetencyDimension",
    "CompetencyModelVersion",
    "Consent",
    "Decision",
    "Department",
    "FollowUp",
    "HrUser",
    "IntegrityFlag",
    "Interview",
    "Invitation",
    "Job",
    "JobReviewFlags",
    "OutboxMessage",
    "Outcome",
    "Question",
    "ProcessedEvent",
    "Report",
    "ReviewRequest",
    "Resume",
    "Task",
    "WechatSubscription",
    "hr_user_departments",
]
