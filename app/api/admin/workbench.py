"""The HR workbench (工作台) as JSON: the sections of /admin/, from the same service and scope."""

from dataclasses import asdict

from flask import url_for
from flask_smorest import Blueprint

from app.api.openapi import json_object
from app.auth import current_hr_user, hr_required
from app.services.worklist import Section, workbench

blp = Blueprint("admin_workbench", __name__, url_prefix="/api/admin/v1", description="工作台")
SECURITY = [{"bearerAuth": []}]


def _section(section: Section) -> dict:
    """Links become the admin page's paths, the page HR opens for each item."""
    out = asdict(section)
    out["items"] = [
        {
            "title": item.title,
            "detail": item.detail,
            "link": url_for(item.link[0], **item.link[1]),
            "when": item.when.isoformat() if item.when else None,
        }
        for item in section.items
    ]
    out["more"] = url_for(section.more[0], **section.more[1]) if section.more else None
    return out


@blp.get("/workbench")
@hr_required()
@blp.doc(
    security=SECURITY,
    responses={
        "200": json_object(
            "what needs the user today: {sections: [{key, title, hint, count, "
            "items: [{title, detail, link, when}], more}]}"
        )
    },
)
def workbench_json():
    """The /admin/ sections (review band, review requests, due today, data-review flags…)."""
    return {"sections": [_section(s) for s in workbench(current_hr_user())]}
