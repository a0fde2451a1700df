"""Rows for admin page tests, written directly (no scoring run): fast and exact."""

from datetime import timedelta

from app.auth import issue_token
from app.models import (
    Answer,
    AnswerScore,
    Candidate,
    CompetencyDimension,
    Department,
    Interview,
    Invitation,
    Job,
    Question,
    Report,
)
from app.models.base import utcnow

DIMENSIONS = (("需求分析", 40), ("项目管理", 30), ("用户思维", 30))
ANSWER = "去年我负责客户管理模块。首先我访谈了30家客户。最后续费率提升了8个百分点。"
EVIDENCE = [
    {"sentence": "首先我访谈了30家客户。", "effect": "+", "reason": "描述了本人的具体行动"},
    {"sentence": "最后续费率提升了8个百分点。", "effect": "+", "reason": "给出了事情的结果"},
]


def department(db, name: str) -> Department:
    found = db.session.query(Department).filter_by(name=name).one_or_none()
    if found is None:
        found = Department(name=name)
        db.session.add(found)
        db.session.flush()
    return found


def job(db, title="产品经理", dept="产品研发部") -> Job:
    row = Job(title=title, department_id=department(db, dept).id, jd_text="负责产品需求")
    row.dimensions = [
        CompetencyDimension(name=n, weight=w, keywords=[], position=i)
        for i, (n, w) in enumerate(DIMENSIONS)
    ]
    db.session.add(row)
    db.session.flush()
    row.test_questions = []
    for name, _ in DIMENSIONS:
        q = Question(job_id=row.id, competency=name, text=f"请讲一个关于{name}的经历。")
        db.session.add(q)
        row.test_questions.append(q)
    db.session.flush()
    return row


def finished(db, job_row: Job, name: str, overall: float, recommendation: str) -> Interview:
    """A candidate with a finished, scored interview and a ready report."""
    candidate = Candidate(name=name, department_id=job_row.department_id)
    db.session.add(candidate)
    db.session.flush()
    invitation = Invitation(
        job_id=job_row.id,
        candidate_id=candidate.id,
        token=f"t-{candidate.id}",
        deadline=utcnow() + timedelta(days=3),
        status="completed",
    )
    db.session.add(invitation)
    db.session.flush()
    questions = job_row.test_questions
    interview = Interview(
        invitation_id=invitation.id,
        candidate_id=candidate.id,
        job_id=job_row.id,
        kind="formal",
        state="scored",
        question_ids=[q.id for q in questions],
        presented={},
        hints_log={},
        finished_at=utcnow(),
    )
    db.session.add(interview)
    db.session.flush()
    for position, q in enumerate(questions):
        answer = Answer(
            interview_id=interview.id,
            question_id=q.id,
            position=position,
            text=ANSWER,
            quality="ok",
            hints_shown=["star_result"],
            flags=[],
        )
        db.session.add(answer)
        db.session.flush()
        db.session.add(
            AnswerScore(
                answer_id=answer.id,
                score=overall,
                scoring_version="test",
                detail={
                    "star": {"situation": True, "task": False, "action": True, "result": True},
                    "evidence": EVIDENCE,
                    "tips": [],
                    "flags": [],
                    "quantified": ["30家"],
                    "keywords_hit": ["访谈"],
                    "band": "good",
                    "components": {},
                },
            )
        )
    dims = [{"name": n, "weight": w, "score": overall, "answered": 1} for n, w in DIMENSIONS]
    db.session.add(
        Report(
            interview_id=interview.id,
            status="ready",
            overall=overall,
            recommendation=recommendation,
            dimension_scores={d["name"]: overall for d in dims},
            hr_view={
                "overall": overall,
                "recommendation": recommendation,
                "thresholds": {"pass": 75.0, "review": 60.0},
                "dimensions": dims,
                "strengths": [],
                "improvements": [],
                "notes": [],
            },
            scoring_version="test",
        )
    )
    db.session.flush()
    return interview


def page_login(client, user) -> None:
    """Log a test client in as this HR user, as the login form would."""
    token, _ = issue_token("hr", hr_user=user)
    from app.extensions import db

    db.session.commit()
    with client.session_transaction() as session:
        session["hr_token"] = token
        session["csrf"] = "test-csrf"
