"""The candidate's journey over HTTP, as the mini-program drives it, on both backends."""

from app.models import Answer, AnswerScore, Interview, OutboxMessage, Report
from app.services.completion import expire_overdue
from tests.app.journey_helpers import (
    STRONG_ANSWER,
    MiniProgram,
    answer_all,
    dev_login,
    expire,
    finish_background_work,
    invite_new_candidate,
    seeded,
    synthesize,
)
from tests.conftest import REDIS_URL


def test_whole_journey_from_login_to_report(
    app, client, db, wechat_emulator, make_hr_user, run_worker, tmp_path
):
    _, hr = make_hr_user("recruiter", dingtalk_userid="hr-lin")
    invitation = seeded(db)
    # HR invites a new candidate who arrives through the invitation link.
    created = invite_new_candidate(client, hr, invitation, "周八", "13512345678")
    assert created.status_code == 201, created.get_json()
    link = created.get_json()

    # Login goes through WeChat's code2session (the emulator) with the real wechatpy client.
    code = wechat_emulator.issue_code("openid-zhouba")
    session = client.post("/api/mp/v1/session", json={"code": code})
    assert session.status_code == 200, session.get_json()
    assert "session_key" not in session.get_data(as_text=True)
    phone = MiniProgram(client, session.get_json()["token"])
    assert phone.get("/invitations").get_json() == []
    accepted = phone.post(f"/invitations/{link['id']}/accept", {"token": link["token"]})
    assert accepted.status_code == 200, accepted.get_json()
    listed = phone.get("/invitations").get_json()
    assert [i["job"] for i in listed] == ["产品经理"]
    assert listed[0]["steps"] == ["身份确认", "模拟练习", "正式面试", "报告"]

    # Without consent nothing starts.
    refused = phone.start(link["id"], "practice")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "consent_required"
    phone.consent()

    # Practice: instant feedback, as often as wanted.
    practice = phone.start(link["id"], "practice").get_json()
    question = practice["current_question"]
    hints = phone.post(
        f"/interviews/{practice['id']}/hints",
        {
            "question_id": question["id"],
            "elapsed_s": question["time_limit_s"] * 0.7,
            "partial_text": "当时团队遇到交付延期的问题，我负责协调研发和测试。"
            "首先我重新梳理了排期，其次每天组织站会跟进风险，",
        },
    )
    assert hints.status_code == 200 and hints.get_json()["hints"]
    fed = phone.answer(practice["id"], question["id"], STRONG_ANSWER)
    assert fed.status_code == 200, fed.get_json()
    feedback = fed.get_json()["feedback"]
    assert feedback["star"]["result"] is True and feedback["band"] in ("strong", "ok")
    again = phone.start(link["id"], "practice").get_json()
    assert again["id"] != practice["id"]

    # Formal: every question answered once, text and voice, hints recorded.
    formal = phone.start(link["id"], "formal").get_json()
    assert formal["kind"] == "formal" and formal["total"] >= 3
    assert phone.start(link["id"], "formal").get_json()["id"] == formal["id"]  # resumes
    audio = synthesize("去年我带领团队完成了新版本上线，用户满意度提升了百分之二十。", tmp_path)
    current = formal["current_question"]
    first_key = None
    answered = 0
    while current is not None:
        hint = phone.post(
            f"/interviews/{formal['id']}/hints",
            {
                "question_id": current["id"],
                "partial_text": "首先",
                "elapsed_s": current["time_limit_s"] - 10,
            },
        )
        assert hint.status_code == 200
        assert "time_left" in [h["code"] for h in hint.get_json()["hints"]]
        if answered == 1:
            response = phone.answer_audio(
                formal["id"],
                current["id"],
                audio,
                transcript="去年我带领团队完成了新版本上线，用户满意度提升了百分之二十。",
            )
        else:
            first_key = first_key or f"key-{current['id']}"
            response = phone.answer(
                formal["id"], current["id"], STRONG_ANSWER, key=first_key if answered == 0 else None
            )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        if answered == 0:  # a retry with the same key returns the first result
            retry = phone.answer(formal["id"], current["id"], STRONG_ANSWER, key=first_key)
            assert retry.get_json()["answer_id"] == body["answer_id"]
            second = phone.answer(formal["id"], current["id"], "另一个回答")
            assert second.status_code == 409
            assert second.get_json()["error"]["code"] == "already_answered"
        answered += 1
        current = body["next_question"]
    assert answered == formal["total"]

    finish_background_work(run_worker)
    db.session.rollback()
    report = phone.get(f"/interviews/{formal['id']}/report")
    assert report.status_code == 200, report.get_json()
    view = report.get_json()
    assert view["status"] == "ready" and view["dimensions"] and view["advice"] is not None
    assert "thresholds" not in view and "notes" not in view

    interview = db.session.get(Interview, formal["id"])
    assert interview.state == "scored"
    rows = db.session.query(Answer).filter_by(interview_id=interview.id).all()
    assert len(rows) == answered
    assert any(r.hints_shown for r in rows)
    assert db.session.query(AnswerScore).count() >= answered - 0
    stored = db.session.query(Report).filter_by(interview_id=interview.id).one()
    assert stored.recommendation in ("pass", "review", "not_pass")
    assert stored.hr_view["answers"] and all(a["evidence"] for a in stored.hr_view["answers"])
    # HR hears of it in DingTalk: a report card, or a review card when the score is borderline.
    cards = db.session.query(OutboxMessage).filter(
        OutboxMessage.channel == "dingtalk",
        OutboxMessage.kind.in_(("report_ready", "review_request")),
    )
    assert "hr-lin" in [m.recipient for m in cards]  # the recruiter who is on DingTalk


def test_answers_to_other_candidates_and_wrong_questions_are_refused(app, client, db):
    invitation = seeded(db)
    owner = dev_login(app, client, "demo-candidate")
    owner.consent()
    formal = owner.start(invitation.id, "formal").get_json()
    practice = owner.start(invitation.id, "practice").get_json()

    stranger = dev_login(app, client, "someone-else")
    assert stranger.get(f"/interviews/{formal['id']}").status_code == 404
    assert stranger.answer(formal["id"], formal["current_question"]["id"], "x").status_code == 404

    wrong = owner.answer(formal["id"], practice["current_question"]["id"], STRONG_ANSWER)
    assert wrong.status_code == 404
    assert wrong.get_json()["error"]["code"] == "question_not_in_interview"
    later = formal["current_question"]["id"]
    skipped = [q for q in db.session.get(Interview, formal["id"]).question_ids if q != later][0]
    jump = owner.answer(formal["id"], skipped, STRONG_ANSWER)
    assert jump.status_code == 409
    empty = owner.answer(formal["id"], later, "   ")
    assert empty.status_code == 422


def test_dropped_connection_resumes_where_it_stopped(app, client, db):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    first = formal["current_question"]
    phone.answer(formal["id"], first["id"], STRONG_ANSWER)
    # The phone loses its session and logs in again.
    again = dev_login(app, client, "demo-candidate")
    state = again.get(f"/interviews/{formal['id']}").get_json()
    assert state["answered"] == [first["id"]]
    assert state["current_question"]["id"] != first["id"]
    assert state["current_question"]["index"] == 2
    resumed = again.start(invitation.id, "formal").get_json()
    assert resumed["id"] == formal["id"]


def test_expired_invitation_cannot_start_and_deadline_completes_a_started_interview(
    app, client, db, run_worker
):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    first = phone.answer(formal["id"], formal["current_question"]["id"], STRONG_ANSWER)
    expire(db, invitation)
    late = phone.answer(formal["id"], first.get_json()["next_question"]["id"], STRONG_ANSWER)
    late_body = phone.get(f"/interviews/{formal['id']}").get_json()
    assert late.status_code == 409
    assert late.get_json()["error"]["code"] == "invitation_expired"
    assert late_body["state"] == "in_progress"

    assert expire_overdue() == [formal["id"]]
    finish_background_work(run_worker)
    db.session.rollback()
    report = db.session.query(Report).filter_by(interview_id=formal["id"]).one()
    from app.models import Task

    assert report.status == "ready", [
        (t.kind, t.state, t.result, t.last_error) for t in db.session.query(Task)
    ]
    assert report.recommendation != "pass"  # unanswered dimensions cannot pass by default
    practice = phone.start(invitation.id, "practice")
    assert practice.status_code == 409
    assert practice.get_json()["error"]["code"] == "invitation_expired"


def test_declining_ai_evaluation_routes_to_human_review(app, client, db, run_worker):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent(kinds=("processing",))
    formal = phone.start(invitation.id, "formal").get_json()
    answer_all(phone, formal)
    finish_background_work(run_worker)
    db.session.rollback()
    assert db.session.get(Interview, formal["id"]).state == "human_review"
    assert db.session.query(AnswerScore).count() == 0
    report = phone.get(f"/interviews/{formal['id']}/report").get_json()
    assert report["status"] == "human_review"


def test_audio_needs_voice_consent_and_silence_is_insufficient(app, client, db, tmp_path):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent(kinds=("processing", "ai_evaluation"))
    formal = phone.start(invitation.id, "formal").get_json()
    qid = formal["current_question"]["id"]
    audio = synthesize("我负责过一个项目。", tmp_path)
    refused = phone.answer_audio(formal["id"], qid, audio)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "consent_required"

    phone.consent()
    silence = _silence_wav(3.0)
    weak = phone.answer_audio(formal["id"], qid, silence)
    assert weak.status_code == 200, weak.get_json()
    body = weak.get_json()
    assert body["quality"] == "insufficient" and body["message"]
    assert body["next_question"]["id"] == qid  # asked to record again or type
    typed = phone.answer(formal["id"], qid, STRONG_ANSWER)
    assert typed.status_code == 200 and typed.get_json()["next_question"]["id"] != qid

    corrupt = phone.answer_audio(
        formal["id"], typed.get_json()["next_question"]["id"], b"RIFF0000WAVEjunk"
    )
    assert corrupt.status_code == 422
    assert corrupt.get_json()["error"]["code"].startswith("audio_")


def test_candidate_can_export_and_delete_their_data(app, client, db):
    invitation = seeded(db)
    candidate_id = invitation.candidate_id
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    phone.answer(formal["id"], formal["current_question"]["id"], STRONG_ANSWER)
    exported = phone.get("/me/export")
    assert exported.status_code == 200
    data = exported.get_json()
    assert data["profile"]["phone"] == "13800000001"
    assert data["interviews"][0]["answers"][0]["text"] == STRONG_ANSWER
    deleted = client.delete("/api/mp/v1/me", headers=phone.headers)
    assert deleted.status_code == 202
    db.session.rollback()
    if not REDIS_URL:
        from app.models import Candidate

        gone = db.session.get(Candidate, candidate_id)
        assert gone.status == "deleted" and gone.phone is None
        assert db.session.query(Answer).count() == 0
        assert phone.get("/invitations").status_code in (200, 401)


def _silence_wav(seconds: float) -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * int(16000 * seconds))
    return buffer.getvalue()


def test_hr_gets_a_mini_program_code_for_an_invitation(client, db, wechat_emulator, make_hr_user):
    invitation = seeded(db)
    _, hr = make_hr_user("recruiter")
    response = client.get(f"/api/admin/v1/invitations/{invitation.id}/mp-code", headers=hr)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "image/png" and response.data.startswith(b"\x89PNG")
    [made] = wechat_emulator.wxa_codes
    assert made["scene"] == f"{invitation.id}.{invitation.token}"
