"""Reading the audit log: who read or changed what, filtered and paged (admins only)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, HrUser
from app.models.base import CHINA_OFFSET

PER_PAGE = 100


@dataclass
class AuditFilters:
    actor_id: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "AuditFilters":
        def day(value):
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                return None

        try:
            page = max(1, min(int(args.get("page") or 1), 100000))
        except ValueError:
            page = 1
        return cls(
            actor_id=(args.get("actor_id") or "").strip()[:64],
            action=(args.get("action") or "").strip()[:50],
            object_type=(args.get("object_type") or "").strip()[:50],
            object_id=(args.get("object_id") or "").strip()[:64],
            date_from=day(args.get("date_from")),
            date_to=day(args.get("date_to")),
            page=page,
        )


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min) - CHINA_OFFSET


def audit_page(f: AuditFilters, per_page: int = PER_PAGE) -> dict:
    query = select(AuditLog)
    for column, value in (
        (AuditLog.actor_id, f.actor_id),
        (AuditLog.action, f.action),
        (AuditLog.object_type, f.object_type),
        (AuditLog.object_id, f.object_id),
    ):
        if value:
            query = query.where(column == value)
    if f.date_from:
        query = query.where(AuditLog.created_at >= _start(f.date_from))
    if f.date_to:
        query = query.where(AuditLog.created_at < _start(f.date_to + timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(f.page, pages)
    rows = db.session.scalars(
        query.order_by(AuditLog.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    hr_ids = {
        int(r.actor_id) for r in rows if r.actor_kind == "hr" and (r.actor_id or "").isdigit()
    }
    names = (
        dict(
            db.session.execute(
                select(HrUser.id, func.coalesce(HrUser.display_name, HrUser.username)).where(
                    HrUser.id.in_(hr_ids)
                )
            ).all()
        )
        if hr_ids
        else {}
    )
    return {"rows": rows, "total": total, "page": page, "pages": pages, "names": names}


def entry_dict(row: AuditLog, names: dict) -> dict:
    actor_name = names.get(int(row.actor_id)) if (row.actor_id or "").isdigit() else None
    return {
        "id": row.id,
        "at": row.created_at,
        "actor_kind": row.actor_kind,
        "actor_id": row.actor_id,
        "actor_name": actor_name if row.actor_kind == "hr" else None,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "ip": row.ip,
        "detail": row.detail,
    }
