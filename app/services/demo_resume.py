"""A resume for the demo's borderline candidate, so the candidate page shows parsed fields, the
job match and the file download. A Word file made at seed time and parsed by the same task as
HR's uploads (the same phone and email merge it into her record)."""

from __future__ import annotations

import io

from sqlalchemy import select

from app.extensions import db
from app.models import Job, Resume
from app.services.resumes import upload_resumes

NAME = "王芳"
FILENAME = "王芳-产品经理-简历.docx"
LINES = [
    ("title", "王芳"),
    ("text", "电话：13800000012    邮箱：wangfang@example.com"),
    ("text", "求职意向：产品经理"),
    ("section", "教育背景"),
    ("text", "2014.09 - 2018.06    华东师范大学    本科    信息管理与信息系统"),
    ("section", "工作经历"),
    ("text", "2021.03 - 至今    杭州云栖电商科技有限公司    高级产品经理"),
    ("text", "负责会员续费产品：用户调研和数据分析找出流失原因，续费率提升了8个百分点。"),
    ("text", "2018.07 - 2021.02    上海数帆软件有限公司    产品经理"),
    ("text", "撰写PRD，协调研发、设计、测试按期交付，版本准时上线率从70%提升到95%。"),
    ("section", "专业技能"),
    ("text", "需求分析、用户调研、数据分析、SQL、Axure、项目管理"),
]


def _docx() -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    for style, text in LINES:
        run = doc.add_paragraph().add_run(text)
        run.font.size = Pt({"title": 18, "section": 13}.get(style, 10.5))
        run.bold = style != "text"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def seed_resume(job: Job) -> list[str]:
    """Upload the resume once (the parse task runs inline, or in a worker with Redis)."""
    if db.session.scalar(select(Resume.id).where(Resume.filename == FILENAME)):
        return []
    upload_resumes(job, [(FILENAME, _docx())])
    return [f"resume of {NAME} for {job.title}"]
