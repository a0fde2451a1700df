"""Integrity flags for HR, raised when an interview completes: the same or nearly the same
answer to different questions of the interview, answers shared with other candidates of the
job (through the job's fingerprint index), and the client's signals (pasted, time in the
background, faster than anyone types or speaks). Each flag carries its evidence; a flag sends
the candidate to a human and is never a reason to reject by itself. The candidate never sees
them.
"""

from datetime import datetime

from sqlalchemy import delete, select

from app.extensions import db
from app.models import Answer, Candidate, IntegrityFlag, Interview, Question, Report
from app.services import integrity_index
from scoring.integrity.duplicates import Match, confirm, repeated_answers
from scoring.integrity.signals import ClientSignals, signal_flags

KINDS = {
    "repeated": "多题回答雷同",
    "shared": "与其他候选人回答雷同",
    "pasted": "粘贴作答",
    "background": "作答时离开小程序",
    "too_fast": "作答速度异常",
}
NOTE = "本场面试有诚信提示（见各题），请人工查看证据后再做决定；提示本身不是淘汰理由。"


def _text(answer: Answer) -> str | None:
    return answer.text or answer.transcript or answer.client_transcript


def _flag(interview_id: int, source: int, answer_id: int, kind: str, message: str, evidence: dict,
          other: int | None = None) -> IntegrityFlag:  # fmt: skip
    row = IntegrityFlag(
        interview_id=interview_id,
        answer_id=answer_id,
        other_answer_id=other,
        source_interview_id=source,
        kind=kind,
        detail={"message": message, "evidence": evidence},
    )
    db.session.add(row)
    return row


def flag_interview(
    interview: Interview, answers: list[Answer], replies: dict | None = None
) -> list[IntegrityFlag]:
    """Raise this interview's flags (replacing those an earlier run raised) and put its answers
    into the job's index; returns the flags on this interview."""
    db.session.execute(
        delete(IntegrityFlag).where(IntegrityFlag.source_interview_id == interview.id)
    )
    texts = [(a, t) for a in answers if a.quality == "ok" and (t := _text(a))]
    ids = [a.question_id for a, _ in texts]
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
    number = {qid: i + 1 for i, qid in enumerate(interview.question_ids or [])}
    flags = []
    by_id = {a.id: a for a, _ in texts}
    for m in repeated_answers([(a.id, t) for a, t in texts]):
        earlier = by_id[m.other]
        flags.append(
            _flag(interview.id, interview.id, m.ref, "repeated",
                  f"与本场第{number.get(earlier.question_id, '?')}题的回答几乎相同"
                  f"（相似度{m.similarity:.0%}）。",
                  {**m.to_dict(), "other_answer_id": m.other,
                   "other_question": questions[earlier.question_id].text,
                   "other_text": _text(earlier)},
                  other=m.other)
        )  # fmt: skip
    flags += _shared(interview, texts)
    for answer, text in texts:
        if answer.client_signals is None:  # the mini-program reports them with every answer
            continue
        presented = (interview.presented or {}).get(str(answer.question_id))
        elapsed = None
        if presented:  # MySQL keeps whole seconds: an answer within the second took up to one
            shown = datetime.fromisoformat(presented)
            elapsed = max((answer.submitted_at - shown).total_seconds(), 1.0)
        recording = (answer.features or {}).get("duration_s") if answer.audio_path else None
        signals = ClientSignals.from_dict(answer.client_signals)
        for found in signal_flags(len(text), signals, elapsed, recording):
            flags.append(
                _flag(interview.id, interview.id, answer.id, found.kind, found.message,
                      found.evidence)
            )  # fmt: skip
    flags += _reply_signals(interview, texts, replies or {})
    if interview.kind == "formal":
        integrity_index.add(
            interview.job_id, interview.candidate_id, [a.id for a, _ in texts],
            [t for _, t in texts],
        )  # fmt: skip
    db.session.flush()
    return flags


def _reply_signals(interview: Interview, texts, replies: dict) -> list[IntegrityFlag]:
    """The client's signals sent with follow-up replies, flagged on the answer they complete."""
    flags = []
    for answer, _ in texts:
        reply = replies.get(answer.id)
        text = reply and (reply.text or reply.transcript or reply.client_transcript)
        if not text or reply.client_signals is None or reply.submitted_at is None:
            continue
        elapsed = max((reply.submitted_at - reply.asked_at).total_seconds(), 1.0)
        recording = (reply.features or {}).get("duration_s") if reply.audio_path else None
        signals = ClientSignals.from_dict(reply.client_signals)
        for found in signal_flags(len(text), signals, elapsed, recording):
            evidence = {**found.evidence, "follow_up_id": reply.id}
            flags.append(
                _flag(interview.id, interview.id, answer.id, found.kind,
                      "追问的回答：" + found.message, evidence)
            )  # fmt: skip
    return flags


def _shared(interview: Interview, texts: list[tuple[Answer, str]]) -> list[IntegrityFlag]:
    """Answers that nearly repeat another candidate's answer for the job; the other answer's
    interview gets the flag too, pointing back here."""
    if interview.kind != "formal" or not texts:
        return []
    sigs, keys, usable = integrity_index.fingerprint([t for _, t in texts])
    flags = []
    for (answer, text), sig, row, ok in zip(texts, sigs, keys, usable, strict=True):
        near = integrity_index.similar(interview.job_id, interview.candidate_id, sig, row) if ok \
            else []  # fmt: skip
        if not near:
            continue
        others = {
            a.id: (a, iv, c, q)
            for a, iv, c, q in db.session.execute(
                select(Answer, Interview, Candidate, Question)
                .join(Interview, Interview.id == Answer.interview_id)
                .join(Candidate, Candidate.id == Interview.candidate_id)
                .join(Question, Question.id == Answer.question_id)
                .where(Answer.id.in_([answer_id for answer_id, _ in near]))
            )
        }
        matches = confirm(answer.id, text, [(i, _text(o[0]) or "") for i, o in others.items()], 3)
        for m in matches:
            other, other_interview, other_candidate, other_question = others[m.other]
            flags.append(_shared_flag(interview, answer, m, other, other_interview,
                                      other_candidate, other_question))  # fmt: skip
            _shared_flag(other_interview, other, m, answer, interview, None, None, source=interview)
            to_human(other_interview.id)
    return flags


def _shared_flag(interview, answer, m: Match, other, other_interview, candidate, question,
                 source: Interview | None = None) -> IntegrityFlag:  # fmt: skip
    if candidate is None:  # the flag on the earlier interview names this one's candidate
        candidate = db.session.get(Candidate, other_interview.candidate_id)
        question = db.session.get(Question, other.question_id)
    return _flag(
        interview.id, (source or interview).id, answer.id, "shared",
        f"与同岗位候选人{candidate.name}的回答高度相似（相似度{m.similarity:.0%}）。",
        {**m.to_dict(), "other_answer_id": other.id, "other_interview_id": other_interview.id,
         "other_candidate": {"id": candidate.id, "name": candidate.name},
         "other_question": question.text, "other_text": _text(other)},
        other=other.id,
    )  # fmt: skip


def to_human(interview_id: int) -> None:
    """An earlier interview flagged after its report: undecided, it goes to a human now (no
    automatic rejection is released); a decision already taken stays, the flag shows beside it."""
    from app.services.decisions import on_report_ready

    report = db.session.scalar(select(Report).where(Report.interview_id == interview_id))
    if report is None or report.status != "ready" or report.decision is not None:
        return
    if report.recommendation == "review" and NOTE in (report.hr_view or {}).get("notes", []):
        return
    report.recommendation, report.release_at = "review", None
    hr = dict(report.hr_view or {})
    hr["notes"] = [*(hr.get("notes") or []), NOTE]
    report.hr_view = hr
    on_report_ready(report)  # HR's review request (sent once per report and person)


def flags_of(interview_id: int) -> list[IntegrityFlag]:
    return list(
        db.session.scalars(
            select(IntegrityFlag)
            .where(IntegrityFlag.interview_id == interview_id)
            .order_by(IntegrityFlag.id)
        )
    )


def view(row: IntegrityFlag) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "label": KINDS.get(row.kind, row.kind),
        "answer_id": row.answer_id,
        "message": row.detail.get("message"),
        "evidence": row.detail.get("evidence") or {},
    }
