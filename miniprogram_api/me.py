"""The candidate's own data: export and deletion."""

from flask_smorest import Blueprint

from app.api.openapi import json_object
from app.errors import NotFound
from app.extensions import db
from app.services.mp_auth import current_candidate, current_openid, mp_required
from app.services.privacy import export, request_deletion

blp = Blueprint("mp_me", __name__, url_prefix="/api/mp/v1", description="Mini-program: my data")
SECURITY = [{"bearerAuth": []}]


def _me():
    candidate = current_candidate()
    if candidate is None:
        raise NotFound("no candidate is linked to this WeChat account", code="no_candidate")
    return candidate


@blp.get("/me/export")
@mp_required
@blp.doc(security=SECURITY, responses={"200": json_object("everything held, as JSON")})
def export_me():
    """Everything we hold about the candidate, as JSON."""
    return export(_me(), current_openid())


@blp.delete("/me")
@mp_required
@blp.doc(security=SECURITY, responses={"202": json_object("deletion requested")})
def delete_me():
    request_deletion(_me())
    db.session.commit()  # then the erasure task is dispatched
    return {
        "status": "deletion_requested",
        "message": "已收到删除请求，您的个人数据、录音和简历将被删除。",
    }, 202
