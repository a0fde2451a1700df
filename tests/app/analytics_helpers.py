"""Small builders for the data-review tests: a job with candidates who took an interview."""

from datetime import timedelta

from app.models import Candidate, Department, Interview, Invitation, Job, Report
from app.models.base import utcnow
from app.services import jobs as job_service
from app.services.model_versions import snapshot


def job_with_candidates(db, count=3, title="运营专员", department="产品研发部"):
    dept = db.session.query(Department).filter_by(name=department).one_or_none()
    if dept is None:
        dept = Department(name=department)
        db.session.add(dept)
        db.session.flush()
    job = Job(title=title, department_id=dept.id, jd_text="负责用户增长与活动运营。")
    db.session.add(job)
    job_service.set_dimensions(
        job,
        [
            {"name": "活动策划", "weight": 35},
            {"name": "数据分析", "weight": 35},
            {"name": "沟通协作", "weight": 30},
        ],
    )
    db.session.flush()
    snapshot(job, "created")
    people = []
    for i in range(count):
        candidate = Candidate(name=f"候选人{i + 1}", source="test", department_id=dept.id)
        candidate.phone = f"1380000{i:04d}"
        candidate.email = f"c{i}@example.com"
        db.session.add(candidate)
        db.session.flush()
        invitation = Invitation(
            job_id=job.id,
            candidate_id=candidate.id,
            token=f"t-{job.id}-{i}",
            deadline=utcnow() + timedelta(days=3),
            status="completed",
        )
        db.session.add(invitation)
        db.session.flush()
        interview = Interview(
            invitation_id=invitation.id,
            candidate_id=candidate.id,
            job_id=job.id,
            kind="formal",
            state="scored",
            finished_at=utcnow() - timedelta(days=2),
        )
        db.session.add(interview)
        db.session.flush()
        db.session.add(
            Report(
                interview_id=interview.id,
                status="ready",
                overall=70.0 + i,
                dimension_scores={"活动策划": 70.0, "数据分析": 70.0 + i, "沟通协作": 70.0},
                recommendation="review",
            )
        )
        people.append(candidate)
    db.session.commit()
    return job, people
