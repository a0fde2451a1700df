"""Invitations in bulk from an Excel file: one row per candidate (姓名, 手机, 邮箱, 职位).

Each row is checked on its own; good rows are invited (the same phone or email updates the
existing candidate), bad rows are reported with their row number, nothing half-done.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from sqlalchemy import select

from app.errors import AppError, ValidationError
from app.extensions import db
from app.models import HrUser, Job
from app.services.candidates import upsert_candidate_for
from app.services.invitations import create_invitation
from app.services.scope import scoped

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
HEADERS = {"姓名": "name", "手机": "phone", "手机号": "phone", "邮箱": "email", "职位": "job"}
PHONE = re.compile(r"^\+?[\d\s-]{6,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ImportResult:
    invited: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_rows(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise AppError("文件超过 5 MB", code="file_too_large", status=413)
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError("请上传 .xlsx 格式的 Excel 文件", code="not_xlsx")
    try:
        sheet = load_workbook(BytesIO(data), read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ValidationError("无法读取这个 Excel 文件", code="bad_xlsx") from exc
    if not rows:
        raise ValidationError("表格是空的", code="empty_sheet")
    header = [HEADERS.get(str(c or "").strip()) for c in rows[0]]
    if "name" not in header or "job" not in header:
        raise ValidationError("第一行需要列名：姓名、手机、邮箱、职位", code="bad_header")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(f"一次最多导入 {MAX_ROWS} 行", code="too_many_rows")
    out = []
    for values in rows[1:]:
        row = {key: str(v).strip() for key, v in zip(header, values, strict=False) if key and v}
        out.append(row)
    return out


def import_invitations(user: HrUser, data: bytes, deadline: datetime) -> ImportResult:
    rows = read_rows(data)
    jobs = {
        j.title: j
        for j in db.session.scalars(
            scoped(select(Job).where(Job.status == "open"), user, Job.department_id)
        )
    }
    result = ImportResult()
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        problem = _problem(row, jobs)
        if problem:
            result.errors.append(f"第{number}行：{problem}")
            continue
        job = jobs[row["job"]]
        try:
            with db.session.begin_nested():
                candidate, _ = upsert_candidate_for(
                    user,
                    name=row["name"][:100],
                    phone=row.get("phone"),
                    email=row.get("email"),
                    source="excel",
                    department_id=job.department_id,
                )
                create_invitation(candidate, job, deadline, user.id)
            result.invited.append(f"{row['name']}（{job.title}）")
        except AppError as exc:
            result.errors.append(f"第{number}行：{exc.message}")
    return result


def _problem(row: dict, jobs: dict) -> str | None:
    if not row.get("name"):
        return "缺少姓名"
    if row.get("job") not in jobs:
        return f"职位“{row.get('job', '')}”不存在、已关闭或不在您的部门"
    if row.get("phone") and not PHONE.match(row["phone"]):
        return "手机号格式不对"
    if row.get("email") and not EMAIL.match(row["email"]):
        return "邮箱格式不对"
    if not row.get("phone") and not row.get("email"):
        return "手机和邮箱至少填一个"
    return None
