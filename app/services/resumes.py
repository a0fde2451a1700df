"""Resume intake for HR: uploads (files or a zip), batches, hand corrections, resume signals.

Files are checked by content before anything is stored; parsing happens in `resume.parse`
tasks (app/jobs/resumes.py) on the `ocr` queue for images and scans, `default` otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid

from cryptography.exceptions import InvalidTag
from sqlalchemy import select

from app import audit, storage
from app.auth import ensure_department
from app.crypto import normalize_phone
from app.errors import Conflict, NotFound, ValidationError
from app.extensions import db
from app.models import Candidate, HrUser, Job, Resume
from app.queues import enqueue_resume_parse
from app.services.candidates import find_existing, get_candidate_for
from app.services.resume_uploads import Incoming, expand_uploads, safe_filename
from scoring.resume.errors import ResumeError
from scoring.resume.extract import needs_ocr
from scoring.resume.fields import CORRECTABLE, ResumeFields
from scoring.resume.match import match_resume
from scoring.resume.sniff import inspect_file

log = logging.getLogger(__name__)

FINISHED = ("parsed", "failed")


def error_parts(error: str | None) -> dict | None:
    """A stored "code: message" as {"code", "message"}."""
    if not error:
        return None
    code, sep, message = error.partition(": ")
    if not sep or not re.fullmatch(r"[a-z_]+", code):
        return {"code": "parse_failed", "message": error}
    return {"code": code, "message": message}


def get_job_for(user: HrUser, job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    ensure_department(user, job.department_id)
    return job


def upload_resumes(job: Job, uploads: list[tuple[str, bytes]]) -> dict:
    """Check, store and queue every file; bad files get an error entry, good ones a task."""
    incoming = expand_uploads(uploads)
    for item in incoming:
        if item.error is None:
            try:
                item.kind = inspect_file(item.data).kind
            except ResumeError as exc:
                item.error = exc
    if not incoming or all(item.error for item in incoming):
        raise ValidationError(
            "没有可用的简历文件 (no usable resume file in the upload)",
            code="no_usable_file",
            details={"files": [_entry(item) for item in incoming]},
        )
    batch_id = str(uuid.uuid4())
    rows: list[tuple[Resume, bool | None]] = []
    try:
        for item in incoming:
            rows.append(_new_resume(job, batch_id, item))
        audit.record(
            "upload", "resume_batch", batch_id, detail={"job_id": job.id, "files": len(rows)}
        )
        db.session.flush()
        for resume, ocr in rows:
            if ocr is not None:
                enqueue_resume_parse(resume.id, needs_ocr=ocr)
        db.session.commit()  # the parse tasks are dispatched once their rows exist
    except Exception:
        db.session.rollback()
        for resume, _ in rows:  # no row points at them: do not leave them on disk
            storage.delete(resume.file_path)
        raise
    return batch_status(batch_id)


def _new_resume(job: Job, batch_id: str, item: Incoming) -> tuple[Resume, bool | None]:
    """The row for one file (stored encrypted if accepted) and whether it needs OCR (None: the
    file was refused, nothing will parse it)."""
    resume = Resume(
        job_id=job.id,
        batch_id=batch_id,
        filename=safe_filename(item.filename),
        size=len(item.data or b""),
        sha256=hashlib.sha256(item.data or b"").hexdigest(),
    )
    db.session.add(resume)
    if item.error is not None:
        resume.status, resume.error = "failed", str(item.error)[:500]
        return resume, None
    resume.kind = item.kind
    resume.file_path = storage.save("resumes", item.data)
    return resume, needs_ocr(item.data)


def _entry(item: Incoming) -> dict:
    entry: dict = {"filename": safe_filename(item.filename), "status": "failed"}
    if item.error is not None:
        entry["error"] = {"code": item.error.code, "message": item.error.message}
    return entry


def batch_rows(user: HrUser, batch_id: str) -> list[Resume]:
    rows = db.session.scalars(
        select(Resume).where(Resume.batch_id == batch_id).order_by(Resume.id)
    ).all()
    if not rows:
        raise NotFound(f"upload batch {batch_id} not found")
    for job_id in {r.job_id for r in rows}:
        job = db.session.get(Job, job_id) if job_id else None
        ensure_department(user, job.department_id if job else None)
    return list(rows)


def batch_status(batch_id: str, rows: list[Resume] | None = None) -> dict:
    if rows is None:
        db.session.expire_all()  # inline tasks may have moved the rows on
        rows = db.session.scalars(
            select(Resume).where(Resume.batch_id == batch_id).order_by(Resume.id)
        ).all()
    files = []
    for row in rows:
        entry = {"resume_id": row.id, "filename": row.filename, "status": row.status}
        if row.candidate_id:
            entry["candidate_id"] = row.candidate_id
        if row.status == "failed":
            entry["error"] = error_parts(row.error)
        files.append(entry)
    return {
        "batch_id": batch_id,
        "files": files,
        "progress": {
            "total": len(rows),
            "done": sum(r.status in FINISHED for r in rows),
            "parsed": sum(r.status == "parsed" for r in rows),
            "failed": sum(r.status == "failed" for r in rows),
        },
    }


def get_resume_for(user: HrUser, resume_id: int) -> Resume:
    """The resume if this HR user may see it: by its job's department, else its candidate's."""
    resume = db.session.get(Resume, resume_id)
    if resume is None:
        raise NotFound(f"resume {resume_id} not found")
    job = db.session.get(Job, resume.job_id) if resume.job_id else None
    if job is not None:
        ensure_department(user, job.department_id)
    elif resume.candidate_id:
        get_candidate_for(user, resume.candidate_id)
    else:
        ensure_department(user, None)
    return resume


def candidate_resumes(user: HrUser, candidate_id: int) -> list[Resume]:
    get_candidate_for(user, candidate_id)
    return list(
        db.session.scalars(
            select(Resume)
            .where(Resume.candidate_id == candidate_id)
            .order_by(Resume.created_at.desc(), Resume.id.desc())
        )
    )


def effective_fields(resume: Resume) -> dict | None:
    """Parsed fields with the hand corrections on top (corrections always win)."""
    if resume.parsed is None and not resume.corrections:
        return None
    fields = {k: v for k, v in (resume.parsed or {}).items() if k != "match_evidence"}
    fields.update(resume.corrections or {})
    return fields


def compute_match(fields: dict, job: Job | None) -> tuple[dict | None, dict | None]:
    """(match without resume text, evidence per dimension): only the first is stored in clear."""
    if job is None:
        return None, None
    result = match_resume(ResumeFields.from_dict(fields), job.dimensions, job_title=job.title)
    evidence = {d.name: d.evidence for d in result.dimensions}
    match = result.to_dict()
    if not job.dimensions:
        match["score"] = None  # no competency model yet: only the signals mean something
    for dim in match["dimensions"]:
        dim.pop("evidence")
    return match, evidence


def correct_resume(resume: Resume, changes: dict) -> None:
    """Store hand corrections and carry name/phone/email to the candidate. Not committed."""
    changes = {k: v for k, v in changes.items() if k in CORRECTABLE}
    if "phone" in changes:
        changes["phone"] = normalize_phone(changes["phone"])
    candidate = db.session.get(Candidate, resume.candidate_id) if resume.candidate_id else None
    if candidate is not None:
        apply_contacts(candidate, changes)
    resume.corrections = {**(resume.corrections or {}), **changes}
    if resume.status == "parsed":
        job = db.session.get(Job, resume.job_id) if resume.job_id else None
        match, evidence = compute_match(effective_fields(resume), job)
        if match is not None:
            resume.match = match
            resume.parsed = {**(resume.parsed or {}), "match_evidence": evidence}


def apply_contacts(candidate: Candidate, changes: dict) -> None:
    """Corrected contacts win on the candidate, unless they belong to someone else (409)."""
    for key, label in (("phone", "手机号"), ("email", "邮箱")):
        value = changes.get(key)
        if not value:
            continue
        owner = find_existing(value if key == "phone" else None, value if key == "email" else None)
        if owner is not None and owner.id != candidate.id:
            raise Conflict(
                f"{label}已属于另一位候选人 (candidate {owner.id}); "
                f"the {key} already belongs to another candidate",
                code=f"{key}_taken",
                details={"candidate_id": owner.id},
            )
        setattr(candidate, key, value)
    if changes.get("name"):
        candidate.name = changes["name"]


def reparse(resume: Resume) -> int:
    """Queue the resume for parsing again (the task id; not committed); corrections are kept
    and re-applied."""
    if not resume.file_path:
        raise ValidationError(
            "这份文件没有保存, 无法重新解析 (the file was refused at upload; upload it again)",
            code="nothing_to_parse",
        )
    try:
        data = storage.load(resume.file_path)
    except (OSError, ValueError, InvalidTag) as exc:
        log.error("resume %s: stored file unreadable (%s)", resume.id, type(exc).__name__)
        raise Conflict(
            "简历文件已丢失, 请重新上传 (the stored file is missing or damaged; upload it again)",
            code="file_missing",
        ) from exc
    try:
        ocr = needs_ocr(data)
    except ResumeError:
        ocr = False  # the parse task records what is wrong with the file on the row
    resume.status, resume.error = "pending", None
    return enqueue_resume_parse(resume.id, needs_ocr=ocr).id


def resume_signals(candidate_id: int, job_id: int) -> dict:
    """Signals for question selection from the candidate's latest parsed resume ({} if none).

    A resume uploaded for another job is matched again, against this job's model.
    """
    rows = db.session.scalars(
        select(Resume)
        .where(Resume.candidate_id == candidate_id, Resume.status == "parsed")
        .order_by(Resume.created_at.desc(), Resume.id.desc())
    ).all()
    if not rows:
        return {}
    latest = rows[0]
    if latest.job_id == job_id and latest.match:
        return dict(latest.match.get("signals") or {})
    match, _ = compute_match(effective_fields(latest) or {}, db.session.get(Job, job_id))
    return dict(match["signals"]) if match else {}
