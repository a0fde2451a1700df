"""Builders for the resume upload tests: jobs, generated resume files, uploads, the queue."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from app.models import CompetencyDimension, Department, Job
from tests.conftest import REDIS_URL
from tests.support import resume_render as render
from tests.support.resume_samples import ResumeSpec, expected_years, layout_lines, make_spec

# Keywords the generated highlights use, so a match has evidence to find.
DIMENSIONS = (
    ("需求分析", 40, ("需求分析", "用户调研", "数据看板", "GMV", "产品规划")),
    ("项目管理", 30, ("跨部门", "交付", "版本", "项目", "流程")),
    ("业务拓展", 30, ("渠道拓展", "新签客户", "区域", "成本")),
)
RENDERERS = {
    "pdf": render.to_text_pdf,
    "docx": render.to_docx,
    "png": render.to_png,
    "scan": render.to_scanned_pdf,
}


def make_job(db, department: str = "产品研发部", title: str = "产品经理", dims=DIMENSIONS) -> Job:
    dept = db.session.query(Department).filter_by(name=department).one_or_none()
    if dept is None:
        dept = Department(name=department)
        db.session.add(dept)
        db.session.flush()
    job = Job(title=title, department_id=dept.id)
    job.dimensions = [
        CompetencyDimension(name=n, weight=w, keywords=list(k), position=i)
        for i, (n, w, k) in enumerate(dims)
    ]
    db.session.add(job)
    db.session.commit()
    return job


def resume_file(spec: ResumeSpec | int, fmt: str) -> bytes:
    spec = make_spec(spec) if isinstance(spec, int) else spec
    lines = layout_lines(spec)
    if fmt in ("png", "scan"):  # narrow pages keep OCR to a few seconds
        return RENDERERS[fmt](lines, width=760)
    return RENDERERS[fmt](lines)


def upload(client, headers, job_id: int, files: list[tuple[str, bytes]]):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(
        f"/api/admin/v1/jobs/{job_id}/resumes",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def zip_of(files: list[tuple[str, bytes]], extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def finish_tasks(db, run_worker, *queues: str) -> None:
    """With Redis, let a real worker drain the queues; inline runs are already done."""
    if REDIS_URL:
        run_worker(*(queues or ("default", "ocr")))
    db.session.rollback()  # end the snapshot (MySQL REPEATABLE READ)
    db.session.expire_all()


def expected_fields(spec: ResumeSpec) -> dict:
    want = spec.expected()
    want["years_of_experience"] = expected_years(spec.experience, date.today())
    return want


def assert_fields(got: dict, spec: ResumeSpec) -> None:
    """The fields a recruiter reads first must be exactly right."""
    want = expected_fields(spec)
    assert got["name"] == want["name"]
    assert got["phone"] == want["phone"]
    assert got["email"] == want["email"]
    assert [e["company"] for e in got["experience"]] == [e["company"] for e in want["experience"]]
    assert [e["title"] for e in got["experience"]] == [e["title"] for e in want["experience"]]
    assert [e["school"] for e in got["education"]] == [e["school"] for e in want["education"]]
    assert set(got["skills"]) == set(want["skills"])
    assert abs(got["years_of_experience"] - want["years_of_experience"]) <= 0.1
