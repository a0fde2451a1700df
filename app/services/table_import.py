"""Reading an HR spreadsheet (CSV or Excel) into rows, and finding each row's candidate.

The type is decided by content (an .xlsx is a zip; a CSV is UTF-8 or GB18030 text), never by
the file name. Rows are matched by candidate id, else phone, else email (blind indexes).
"""

from __future__ import annotations

import csv
import io
import zipfile

from app.crypto import blind_index
from app.errors import PayloadTooLarge, UnsupportedMediaType, ValidationError
from app.extensions import db
from app.models import Candidate, HrUser
from app.services.candidates import can_see_candidate

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Our column name -> the headers HR may use for it.
ALIASES = {
    "candidate_id": ("candidate_id", "候选人id", "候选人编号", "id"),
    "name": ("name", "姓名"),
    "phone": ("phone", "手机", "手机号", "电话"),
    "email": ("email", "邮箱", "电子邮箱"),
    "kind": ("kind", "结果类型", "类型"),
    "result": ("result", "结果"),
    "rating": ("rating", "评分", "绩效"),
    "note": ("note", "备注"),
    "sex": ("sex", "性别"),
    "birth_year": ("birth_year", "出生年份", "出生年"),
    "education": ("education", "学历", "最高学历"),
}


def read_table(blob: bytes) -> list[dict[str, str]]:
    """Rows as {our column: text}; unknown columns are dropped."""
    if len(blob) > MAX_BYTES:
        raise PayloadTooLarge(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not blob.strip():
        raise ValidationError("the file is empty", code="empty_file")
    raw = _xlsx_rows(blob) if blob[:4] == b"PK\x03\x04" else _csv_rows(blob)
    if not raw:
        raise ValidationError("the file has no header row", code="empty_file")
    header = [_column(h) for h in raw[0]]
    if not any(header):
        raise ValidationError(
            "no known column; use e.g. 候选人ID/手机/邮箱 and 结果", code="unknown_columns"
        )
    rows = []
    for values in raw[1:]:
        if not any(str(v or "").strip() for v in values):
            continue
        rows.append({h: _text(v) for h, v in zip(header, values, strict=False) if h is not None})
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"at most {MAX_ROWS} rows per file", code="too_many_rows")
    return rows


def _column(header) -> str | None:
    key = str(header or "").strip().lower().replace(" ", "")
    return next((ours for ours, names in ALIASES.items() if key in names), None)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_rows(blob: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = blob.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnsupportedMediaType("send an Excel (.xlsx) or CSV (UTF-8) file")
    if "\x00" in text:
        raise UnsupportedMediaType("send an Excel (.xlsx) or CSV (UTF-8) file")
    return [row for row in csv.reader(io.StringIO(text))]


def _xlsx_rows(blob: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(blob), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnsupportedMediaType(f"not a readable Excel file ({exc.__class__.__name__})") from exc
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def match_candidate(
    row: dict[str, str], user: HrUser | None = None
) -> tuple[Candidate | None, str | None, str | None]:
    """(candidate, matched by, error). With a user, a candidate they may not see is answered
    exactly like a missing one: an import never tells whose phone it was."""

    def visible(candidate: Candidate | None) -> bool:
        return (
            candidate is not None
            and candidate.status == "active"
            and (user is None or can_see_candidate(user, candidate))
        )

    cid = row.get("candidate_id", "")
    if cid:
        if not cid.isdigit() or len(cid) > 12:
            return None, None, f"候选人ID “{cid}” 不是数字"
        candidate = db.session.get(Candidate, int(cid))
        if not visible(candidate):
            return None, None, f"没有 ID 为 {cid} 的候选人"
        return candidate, "candidate_id", None
    for kind in ("phone", "email"):
        value = row.get(kind, "")
        index = blind_index(kind, value) if value else None
        if index:
            column = Candidate.phone_bidx if kind == "phone" else Candidate.email_bidx
            candidate = db.session.query(Candidate).filter(column == index).one_or_none()
            if not visible(candidate):
                return None, None, f"没有{'手机号' if kind == 'phone' else '邮箱'}匹配的候选人"
            return candidate, kind, None
    return None, None, "需要候选人ID、手机号或邮箱之一"
