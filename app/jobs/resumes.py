"""`resume.parse`: read a stored resume (text layer or OCR), fill in the candidate, match the job.

OCR runs only here, on the `ocr` queue, where the worker preloaded the engine; the web process
only decides the queue (`needs_ocr`). Slow work holds no database transaction.
"""

from __future__ import annotations

import logging

from app import audit, storage
from app.extensions import db
from app.jobs import handler
from app.models import Candidate, Job, Resume
from app.services.candidates import find_existing, upsert_candidate
from app.services.resumes import compute_match
from scoring.resume.errors import ResumeError
from scoring.resume.extract import extract_text
from scoring.resume.fields import ResumeFields, parse_resume

log = logging.getLogger(__name__)

# Highest first: the level kept for the fairness audit is the best degree a resume shows.
_SYSTEM = ("system", "resume.parse")
# Shown while RQ retries, and left if every retry fails (HR can then ask for a reparse).
_INTERNAL = "parse_error: 解析时出现内部错误, 系统会自动重试; 仍失败可重新解析 (internal error)"


@handler("resume.parse")
def parse_resume_task(resume_id: int) -> dict:
    resume = db.session.get(Resume, resume_id)
    if resume is None:
        log.warning("resume.parse: resume %s no longer exists", resume_id)
        return {"resume_id": resume_id, "status": "missing"}
    if not resume.file_path:
        return {"resume_id": resume_id, "status": resume.status}
    file_path = resume.file_path
    resume.status, resume.error = "processing", None
    db.session.commit()  # release the session: extraction and OCR take seconds
    try:
        extraction = extract_text(storage.load(file_path))
        fields = parse_resume(extraction.text)
    except ResumeError as exc:  # bad input: retrying will not help
        log.info("resume %s unreadable: %s", resume_id, exc)
        _mark_failed(resume_id, str(exc))
        return {"resume_id": resume_id, "status": "failed", "error": exc.code}
    except Exception:
        _mark_failed(resume_id, _INTERNAL)
        raise
    try:
        candidate_id = _record(resume_id, extraction.source, fields)
    except Exception:  # e.g. two workers created the same candidate at once: retry
        _mark_failed(resume_id, _INTERNAL)
        raise
    return {"resume_id": resume_id, "status": "parsed", "candidate_id": candidate_id}


def _mark_failed(resume_id: int, error: str) -> None:
    db.session.rollback()
    resume = db.session.get(Resume, resume_id)
    if resume is not None:
        resume.status, resume.error = "failed", error[:500]
        db.session.commit()


def _record(resume_id: int, source: str, fields: ResumeFields) -> int:
    """Everything the parse found, in one commit: resume and candidate. Sex and age a resume
    may show are dropped: the fairness audit only uses demographics given with the
    candidate's separate consent or imported by HR with a legal basis."""
    resume = db.session.get(Resume, resume_id)
    job = db.session.get(Job, resume.job_id) if resume.job_id else None
    parsed = fields.scoring_view()  # never gender or age
    effective = {**parsed, **(resume.corrections or {})}
    match, evidence = compute_match(effective, job)
    candidate, created = _attach_candidate(resume, effective, job)
    resume.parsed = {**parsed, "match_evidence": evidence} if evidence else parsed
    resume.match = match
    resume.source = source
    resume.candidate_id = candidate.id
    resume.status, resume.error = "parsed", None
    audit.record(
        "parse",
        "resume",
        resume.id,
        actor=_SYSTEM,
        detail={"candidate_id": candidate.id, "new_candidate": created, "source": source},
    )
    db.session.commit()
    return candidate.id


def _attach_candidate(resume: Resume, fields: dict, job: Job | None) -> tuple[Candidate, bool]:
    """The same phone or email means the same person: update them, never add a twin."""
    department_id = job.department_id if job else None
    name, phone, email = fields.get("name"), fields.get("phone"), fields.get("email")
    candidate = db.session.get(Candidate, resume.candidate_id) if resume.candidate_id else None
    if candidate is None:
        candidate = find_existing(phone, email)
    if candidate is None:
        return upsert_candidate(
            name=name, phone=phone, email=email, source="resume", department_id=department_id
        )
    if name and (candidate.name in (None, "", "未命名") or "name" in (resume.corrections or {})):
        candidate.name = name
    if phone and not candidate.phone_bidx and find_existing(phone, None) is None:
        candidate.phone = phone
    if email and not candidate.email_bidx and find_existing(None, email) is None:
        candidate.email = email
    if department_id and candidate.department_id is None:
        candidate.department_id = department_id
    return candidate, False
