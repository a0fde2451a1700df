"""Jobs, their competency model and the question bank."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import Timestamps, utcnow
from app.models.org import Department

# Which live hints a formal interview may show; practice always gets all of them.
HINT_POLICIES = ("all", "time_only", "none")
# Follow-ups (追问) in a formal interview: at most one per question, or none; practice always
# asks them, as coaching.
FOLLOW_UP_POLICIES = ("one", "off")


class Job(Timestamps, db.Model):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    jd_text: Mapped[str] = mapped_column(Text, default="")
    # Overall score at or above pass_threshold -> pass; at or above review_threshold -> review.
    pass_threshold: Mapped[float] = mapped_column(Float, default=75.0)
    review_threshold: Mapped[float] = mapped_column(Float, default=60.0)
    hint_policy: Mapped[str] = mapped_column(String(20), default="all")
    follow_up_policy: Mapped[str] = mapped_column(String(10), default="one", server_default="one")
    # The job's own follow-up templates (scoring/followups/templates.json's shape); None: built-in.
    follow_up_templates: Mapped[dict | None] = mapped_column(JSON)
    # Invite candidates above the pass threshold to the human final round without waiting.
    auto_invite_final: Mapped[bool] = mapped_column(Boolean, default=True)
    # Hours a not_pass result waits for HR before the candidate is told (0: wait for HR).
    reject_delay_hours: Mapped[int] = mapped_column(Integer, default=48)
    questions_per_interview: Mapped[int] = mapped_column(Integer, default=6)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The current competency model version; every change of dimensions or weights adds one.
    model_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    department: Mapped[Department] = relationship()
    dimensions: Mapped[list["CompetencyDimension"]] = relationship(
        back_populates="job", order_by="CompetencyDimension.position", cascade="all, delete-orphan"
    )


class CompetencyDimension(db.Model):
    __tablename__ = "competency_dimensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[int] = mapped_column(Integer)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    job: Mapped[Job] = relationship(back_populates="dimensions")


class CompetencyModelVersion(db.Model):
    """A snapshot of a job's dimensions and weights; reports name the version they used."""

    __tablename__ = "competency_model_versions"
    __table_args__ = (UniqueConstraint("job_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    dimensions: Mapped[list] = mapped_column(JSON)  # [{"name", "weight", "keywords"}]
    source: Mapped[str] = mapped_column(String(20))  # created | edited | analytics
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Question(Timestamps, db.Model):
    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Null job_id: a company-wide question usable by any job with the same competency.
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    competency: Mapped[str] = mapped_column(String(50), index=True)
    text: Mapped[str] = mapped_column(Text)
    pool: Mapped[str] = mapped_column(String(10), default="formal")  # practice | formal
    time_limit_s: Mapped[int] = mapped_column(Integer, default=120)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    star_expected: Mapped[list] = mapped_column(JSON, default=list)
    # experienced | inexperienced | None, and the resume signal that decides it.
    variant: Mapped[str | None] = mapped_column(String(20))
    variant_condition: Mapped[dict | None] = mapped_column(JSON)
    builtin_key: Mapped[str | None] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class JobReviewFlags(db.Model):
    """The last data-review flags of a job, computed in the worker, read by the workbench.

    The analysis of a job (bootstrap intervals over every past candidate) takes seconds; the
    workbench must render in milliseconds, so it reads this row and says when it was computed.
    """

    __tablename__ = "job_review_flags"
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32))  # the outcome the validity flags are about
    period_start: Mapped[datetime | None] = mapped_column(DateTime)
    candidates: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0, index=True)
    flags: Mapped[list] = mapped_column(JSON, default=list)  # app.services.analytics.flags()
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
