"""The two departments the access matrix plays with: every kind of object an admin route can
name, made directly in the database, and the files the upload routes take."""

from __future__ import annotations

import csv
import io
import uuid
import wave
from dataclasses import dataclass
from datetime import timedelta

from app import storage
from app.extensions import db
from app.models import (
    Answer,
    AnswerScore,
    Candidate,
    CompetencyDimension,
    Department,
    HrUser,
    Interview,
    Invitation,
    Job,
    OutboxMessage,
    Question,
    Report,
    Resume,
    Task,
)
from app.models.base import utcnow

DEPARTMENTS = {"A": "甲部门", "B": "乙部门"}
# What a manager of A must never read about B: name, phone, email, and words of the answer.
SECRETS = {
    "A": ("甲候选人", "13800000001", "a-person@example.com", "甲方案复盘让续费率提升了百分之八"),
    "B": ("乙候选人", "13900000002", "b-person@example.com", "乙方案复盘让转化率提升了百分之九"),
}
DIMENSIONS = (("需求分析", 40), ("项目管理", 30), ("沟通协作", 30))


@dataclass
class World:
    """One department's objects."""

    key: str
    department: Department
    job: Job
    question: Question
    candidate: Candidate
    invitation: Invitation
    interview: Interview
    answer: Answer
    report: Report
    resume: Resume
    task: Task

    @property
    def secrets(self) -> tuple[str, ...]:
        return SECRETS[self.key]


def wav_bytes(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * int(16000 * seconds))
    return out.getvalue()


def build_world(key: str) -> World:
    name, phone, email, answer_text = SECRETS[key]
    dept = Department(name=DEPARTMENTS[key])
    db.session.add(dept)
    db.session.flush()
    job = Job(title=f"{DEPARTMENTS[key]}职位", department_id=dept.id, jd_text="负责产品需求分析")
    job.dimensions = [
        CompetencyDimension(name=n, weight=w, keywords=[n], position=i)
        for i, (n, w) in enumerate(DIMENSIONS)
    ]
    db.session.add(job)
    db.session.flush()
    question = Question(job_id=job.id, competency="需求分析", text="请讲一次你分析需求的经历。")
    candidate = Candidate(name=name, department_id=dept.id, source="manual")
    candidate.phone, candidate.email = phone, email
    candidate.wechat_openid = f"openid-{key}-{uuid.uuid4().hex[:8]}"
    db.session.add_all([question, candidate])
    db.session.flush()
    invitation = Invitation(
        job_id=job.id,
        candidate_id=candidate.id,
        token=uuid.uuid4().hex[:24],
        deadline=utcnow() + timedelta(days=3),
    )
    db.session.add(invitation)
    db.session.flush()
    interview = Interview(
        invitation_id=invitation.id,
        candidate_id=candidate.id,
        job_id=job.id,
        kind="formal",
        state="scored",
        question_ids=[question.id],
        presented={},
        hints_log={},
        finished_at=utcnow(),
    )
    db.session.add(interview)
    db.session.flush()
    answer = Answer(
        interview_id=interview.id,
        question_id=question.id,
        text=answer_text,
        audio_path=storage.save("audio", wav_bytes()),
        quality="ok",
        hints_shown=[],
        flags=[],
    )
    report = Report(
        interview_id=interview.id,
        status="ready",
        overall=68.0,
        recommendation="review",
        dimension_scores={"需求分析": 68.0},
    )
    resume = Resume(
        candidate_id=candidate.id,
        job_id=job.id,
        batch_id=str(uuid.uuid4()),
        filename="简历.pdf",
        kind="pdf",
        sha256="0" * 64,
        status="parsed",
        source="text",
        file_path=storage.save("resumes", b"%PDF-1.4 not really"),
    )
    db.session.add_all([answer, report, resume])
    db.session.flush()
    db.session.add(
        AnswerScore(
            answer_id=answer.id,
            score=68.0,
            scoring_version="test",
            detail={
                "star": {"situation": True, "task": True, "action": True, "result": True},
                "evidence": [{"sentence": answer_text, "effect": "+", "reason": "给出了结果"}],
                "tips": [],
                "flags": [],
                "quantified": ["百分之"],
                "keywords_hit": ["复盘"],
                "band": "good",
                "components": {},
            },
        )
    )
    task = Task(kind="resume.parse", queue="default", args={"resume_id": resume.id}, state="done")
    db.session.add(task)
    db.session.commit()
    return World(key, dept, job, question, candidate, invitation, interview, answer, report,
                 resume, task)  # fmt: skip


def failed_message(world: World) -> int:
    """A fresh message that could not be delivered (each retry call gets its own)."""
    message = OutboxMessage(
        channel="wechat",
        kind="invitation",
        recipient=world.candidate.wechat_openid,
        payload={"invitation_id": world.invitation.id},
        status="failed",
        last_error="43101 user refuse to accept the msg",
        dedupe_key=f"matrix:{uuid.uuid4().hex}",
    )
    db.session.add(message)
    db.session.commit()
    return message.id


def colleague(world: World) -> int:
    """A fresh HR user of this department, for the routes that change a user."""
    user = HrUser(
        username=f"colleague-{uuid.uuid4().hex[:8]}",
        role="manager",
        password_hash="x",
        departments=[world.department],
    )
    db.session.add(user)
    db.session.commit()
    return user.id


def csv_file(header: list[str], *rows: list) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(header: list[str], *rows: list) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_text(data: bytes) -> str:
    """Every cell of a workbook as text, so a leak check can read a download."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def fresh_phone() -> str:
    return "137" + str(uuid.uuid4().int)[:8]
