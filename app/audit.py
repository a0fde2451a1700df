"""Writing the audit log. Reads of personal data by HR go through `record_read`."""

from flask import has_request_context, request

from app.extensions import db
from app.models import AuditLog


def _actor() -> tuple[str, str | None]:
    if has_request_context():
        user = request.environ.get("app.hr_user")
        if user is not None:
            return "hr", str(user.id)
        openid = request.environ.get("app.mp_openid")
        if openid is not None:
            return "candidate", openid
    return "system", None


def record(
    action: str,
    object_type: str | None = None,
    object_id=None,
    *,
    actor=None,
    detail: dict | None = None,
) -> AuditLog:
    """Add an audit row to the current unit of work (committed with it)."""
    kind, actor_id = actor or _actor()
    entry = AuditLog(
        actor_kind=kind,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        ip=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def record_read(object_type: str, object_id, fields: list[str] | None = None) -> None:
    """An HR read of personal data: logged and committed even for a GET."""
    record("read", object_type, object_id, detail={"fields": fields} if fields else None)
    db.session.commit()
