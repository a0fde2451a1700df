"""Things that happened and who must hear of them: each becomes outbox rows, same transaction."""

from sqlalchemy import select

from app.extensions import db
from app.models import HrUser, Interview, Invitation, ReviewRequest
from app.services.outbox import add_message


def hr_recipients(department_id: int | None) -> list[HrUser]:
    """Recruiters see every department; managers only their own."""
    users = db.session.scalars(
        select(HrUser).where(HrUser.active.is_(True), HrUser.dingtalk_userid.is_not(None))
    ).all()
    return [
        u
        for u in users
        if u.role == "recruiter" or (u.role == "manager" and department_id in u.department_ids)
    ]


def _admin_link(path: str) -> str:
    from app.services.links import admin_url

    return admin_url(path)


def invitation_created(invitation: Invitation) -> None:
    candidate = invitation.candidate  # loaded by key: the row was flushed
    if candidate.wechat_openid:
        add_message(
            "wechat",
            "invitation",
            candidate.wechat_openid,
            {
                "invitation_id": invitation.id,
                "job": invitation.job.title,
                "deadline": invitation.deadline.isoformat(),
                "note": "请在截止前完成AI面试",
            },
            f"invitation:{invitation.id}:wechat:{candidate.wechat_openid}",
        )


def review_requested(request: ReviewRequest) -> None:
    interview = db.session.get(Interview, request.interview_id)
    job = interview.invitation.job
    for user in hr_recipients(job.department_id):
        add_message(
            "dingtalk",
            "candidate_review_request",
            user.dingtalk_userid,
            {
                "review_request_id": request.id,
                "interview_id": interview.id,
                "candidate": interview.invitation.candidate.name,
                "job": job.title,
                "kind": request.kind,
                "link": _admin_link(f"/interviews/{interview.id}"),
            },
            f"candidate_review_request:{request.id}:dingtalk:{user.dingtalk_userid}",
        )
