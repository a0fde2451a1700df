"""A candidate's own data: export on request, and deletion carried out across rows and files."""

from sqlalchemy import select

from app import audit, storage
from app.extensions import db
from app.models import (
    Answer,
    AnswerBand,
    AnswerFingerprint,
    AnswerScore,
    AuthSession,
    Candidate,
    CandidateDemographics,
    Consent,
    FollowUp,
    IntegrityFlag,
    Interview,
    Invitation,
    Outcome,
    Report,
    Resume,
)
from app.models.base import utcnow


def export(candidate: Candidate, openid: str) -> dict:
    interviews = db.session.scalars(select(Interview).where(Interview.candidate_id == candidate.id))
    data = {
        "profile": {
            "name": candidate.name,
            "phone": candidate.phone,
            "email": candidate.email,
            "source": candidate.source,
            "created_at": candidate.created_at.isoformat(),
        },
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "granted": c.granted,
                "at": c.created_at.isoformat(),
            }
            for c in db.session.scalars(select(Consent).where(Consent.openid == openid))
        ],
        "invitations": [
            {"id": i.id, "job": i.job.title, "deadline": i.deadline.isoformat(), "status": i.status}
            for i in db.session.scalars(
                select(Invitation).where(Invitation.candidate_id == candidate.id)
            )
        ],
        "resumes": [
            {
                "id": r.id,
                "filename": r.filename,
                "uploaded_at": r.created_at.isoformat(),
                "fields": {**(r.parsed or {}), **(r.corrections or {})},
            }
            for r in db.session.scalars(select(Resume).where(Resume.candidate_id == candidate.id))
        ],
        "interviews": [],
    }
    for interview in interviews:
        report = db.session.scalar(select(Report).where(Report.interview_id == interview.id))
        data["interviews"].append(
            {
                "id": interview.id,
                "kind": interview.kind,
                "state": interview.state,
                "started_at": interview.started_at.isoformat(),
                "answers": [
                    {
                        "question_id": a.question_id,
                        "text": a.text,
                        "transcript": a.transcript,
                        "client_transcript": a.client_transcript,
                        "duration_s": a.duration_s,
                        "hints_shown": a.hints_shown,
                        "features": a.features,
                    }
                    for a in interview.answers
                ],
                "follow_ups": [
                    {
                        "question": f.question,
                        "text": f.text,
                        "transcript": f.transcript,
                        "client_transcript": f.client_transcript,
                        "duration_s": f.duration_s,
                    }
                    for f in db.session.scalars(
                        select(FollowUp).where(FollowUp.interview_id == interview.id)
                    )
                ],
                "report": report.candidate_view if report and report.status == "ready" else None,
            }
        )
    demographics = db.session.get(CandidateDemographics, candidate.id)
    data["demographics"] = (
        {"answers": demographics.data, "source": demographics.source} if demographics else None
    )
    audit.record("export", "candidate", candidate.id)
    db.session.commit()
    return data


def request_deletion(candidate: Candidate) -> None:
    """Recorded now (HR sees it in the audit log and candidate list), carried out by a job
    once the caller commits."""
    from app.queues import enqueue_erasure

    candidate.deletion_requested_at = utcnow()
    audit.record("deletion_requested", "candidate", candidate.id)
    enqueue_erasure(candidate.id)


def erase(candidate_id: int) -> dict:
    """Delete personal data and files; keep a tombstone row so HR can see it was done."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.status == "deleted":
        return {"skipped": True}
    files = 0
    interview_ids = list(
        db.session.scalars(select(Interview.id).where(Interview.candidate_id == candidate_id))
    )
    for answer in db.session.scalars(select(Answer).where(Answer.interview_id.in_(interview_ids))):
        files += storage.delete(answer.audio_path)
    for reply in db.session.scalars(
        select(FollowUp).where(FollowUp.interview_id.in_(interview_ids))
    ):
        files += storage.delete(reply.audio_path)
    for resume in db.session.scalars(select(Resume).where(Resume.candidate_id == candidate_id)):
        files += storage.delete(resume.file_path)
    answer_ids = select(Answer.id).where(Answer.interview_id.in_(interview_ids))
    for model, condition in (
        (AnswerScore, AnswerScore.answer_id.in_(answer_ids)),
        (FollowUp, FollowUp.interview_id.in_(interview_ids)),
        # Flags quote the answers, also on other candidates' interviews that matched them.
        (
            IntegrityFlag,
            IntegrityFlag.answer_id.in_(answer_ids) | IntegrityFlag.other_answer_id.in_(answer_ids),
        ),
        (AnswerBand, AnswerBand.answer_id.in_(answer_ids)),
        (AnswerFingerprint, AnswerFingerprint.answer_id.in_(answer_ids)),
        (Answer, Answer.interview_id.in_(interview_ids)),
        (Report, Report.interview_id.in_(interview_ids)),
        (Interview, Interview.candidate_id == candidate_id),
        (Invitation, Invitation.candidate_id == candidate_id),
        (Resume, Resume.candidate_id == candidate_id),
        (Outcome, Outcome.candidate_id == candidate_id),
        (CandidateDemographics, CandidateDemographics.candidate_id == candidate_id),
        (Consent, Consent.candidate_id == candidate_id),
    ):
        db.session.execute(model.__table__.delete().where(condition))
    if candidate.wechat_openid:
        db.session.execute(
            Consent.__table__.delete().where(Consent.openid == candidate.wechat_openid)
        )
        db.session.execute(
            AuthSession.__table__.delete().where(AuthSession.openid == candidate.wechat_openid)
        )
    candidate.name = "已删除"
    candidate.phone = None
    candidate.email = None
    candidate.wechat_openid = None
    candidate.status = "deleted"
    audit.record(
        "erased", "candidate", candidate_id, actor=("system", None), detail={"files": files}
    )
    db.session.commit()
    return {"files_deleted": files}
