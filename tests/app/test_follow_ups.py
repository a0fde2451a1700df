"""Follow-up questions (追问) over the mini-program API: asked from the candidate's own words
when an answer leaves out its result, answered like an answer, scored with it, shown to HR."""

import uuid

from app.models import AnswerScore, FollowUp, Interview, Job, Report
from tests.admin.factories import page_login
from tests.app.journey_helpers import (
    STRONG_ANSWER,
    answer_all,
    dev_login,
    finish_background_work,
    seeded,
)

NO_RESULT = (
    "去年我负责公司排课系统的改版，当时老师们排课要花很长时间，我的任务是简化流程。"
    "我先访谈了十位老师，整理出最常见的排课冲突，然后和研发一起设计并上线了一键排课功能。"
)
RESULT = "上线后老师排课的时间从两天缩短到半小时，投诉减少了80%，这个功能后来推广到了全校。"


def _formal(app, client, db, policy="one"):
    invitation = seeded(db)
    db.session.get(Job, invitation.job_id).follow_up_policy = policy
    db.session.commit()
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    return phone, phone.start(invitation.id, "formal").get_json()


def _reply(phone, interview_id, follow_up_id, text, key=None):
    return phone.post(
        f"/interviews/{interview_id}/follow-ups/{follow_up_id}/answer",
        {"text": text, "duration_s": 30},
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def test_answer_without_a_result_gets_one_follow_up_that_raises_its_score(
    app, client, db, make_hr_user, run_worker
):
    phone, formal = _formal(app, client, db)
    first = formal["current_question"]
    answered = phone.answer(formal["id"], first["id"], NO_RESULT)
    assert answered.status_code == 200, answered.get_json()
    body = answered.get_json()
    asked = body["follow_up"]
    assert asked["part"] == "result" and asked["state"] == "pending"
    assert "一键排课" in asked["text"] and "结果" in asked["text"]  # built from the answer
    assert "我" not in asked["text"]  # told back in the second person
    assert body["next_question"] is None  # the next question waits for the reply

    # The connection drops: the interview shows the pending follow-up, not the next question.
    state = dev_login(app, client, "demo-candidate").get(f"/interviews/{formal['id']}").get_json()
    assert state["current_question"] is None
    assert state["pending_follow_up"]["id"] == asked["id"]
    # Nothing else can be answered while the follow-up waits.
    second_id = db.session.get(Interview, formal["id"]).question_ids[1]
    ahead = phone.answer(formal["id"], second_id, STRONG_ANSWER)
    assert ahead.status_code == 409
    assert ahead.get_json()["error"]["code"] == "follow_up_pending"

    key = uuid.uuid4().hex
    replied = _reply(phone, formal["id"], asked["id"], RESULT, key=key)
    assert replied.status_code == 200, replied.get_json()
    after = replied.get_json()
    assert after["follow_up"]["state"] == "answered"
    assert after["next_question"]["index"] == 2
    assert _reply(phone, formal["id"], asked["id"], RESULT, key=key).get_json() == after
    again = _reply(phone, formal["id"], asked["id"], "再补充一点。")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "follow_up_already_answered"
    state = phone.get(f"/interviews/{formal['id']}").get_json()
    assert state["pending_follow_up"] is None and state["current_question"]["index"] == 2

    # The same answer again is not followed up twice: one follow-up per question at most.
    assert db.session.query(FollowUp).filter_by(answer_id=body["answer_id"]).count() == 1
    rest = {"id": formal["id"], "current_question": after["next_question"]}
    answer_all(phone, rest)  # strong answers need no follow-up
    assert db.session.query(FollowUp).count() == 1
    finish_background_work(run_worker)
    db.session.rollback()

    score = db.session.query(AnswerScore).filter_by(answer_id=body["answer_id"]).one()
    exchange = score.detail["follow_up"]
    assert exchange["answer"] == RESULT
    assert score.score > exchange["score_before"]
    sources = {e["sentence"]: e["source"] for e in score.detail["evidence"]}
    assert sources[RESULT] == "follow_up" and "answer" in sources.values()

    user, hr = make_hr_user("admin")
    record = client.get(f"/api/admin/v1/interviews/{formal['id']}", headers=hr).get_json()
    entry = next(e for e in record["answers"] if e["question"]["id"] == first["id"])
    shown = entry["answer"]["follow_up"]
    assert shown["question"] == asked["text"] and shown["answer"] == RESULT
    assert shown["score_before"] < entry["answer"]["score"]["score"]
    assert any(s.get("effect") == "plus" for s in shown["segments"])
    report = db.session.query(Report).filter_by(interview_id=formal["id"]).one()
    assert [f["answer"] for f in report.hr_view["follow_ups"]] == [RESULT]
    assert "追问" not in str(report.candidate_view)
    page_login(client, user)
    page = client.get(f"/admin/interviews/{formal['id']}").get_data(as_text=True)
    assert asked["text"] in page and RESULT in page and "来自追问" in page


def test_policy_off_asks_no_follow_up(app, client, db):
    phone, formal = _formal(app, client, db, policy="off")
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    assert body["follow_up"] is None
    assert body["next_question"]["index"] == 2
    assert db.session.query(FollowUp).count() == 0


def test_practice_always_asks_as_coaching_even_when_the_job_says_off(app, client, db):
    invitation = seeded(db)
    db.session.get(Job, invitation.job_id).follow_up_policy = "off"
    db.session.commit()
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    practice = phone.start(invitation.id, "practice").get_json()
    body = phone.answer(practice["id"], practice["current_question"]["id"], NO_RESULT).get_json()
    assert body["follow_up"]["state"] == "pending"
    replied = _reply(phone, practice["id"], body["follow_up"]["id"], RESULT).get_json()
    assert replied["feedback"]["score"] > body["feedback"]["score"]
    assert replied["next_question"]["index"] == 2


def test_a_reply_to_another_interviews_follow_up_is_not_found(app, client, db):
    phone, formal = _formal(app, client, db)
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    stranger = dev_login(app, client, "someone-else")
    refused = _reply(stranger, formal["id"], body["follow_up"]["id"], RESULT)
    assert refused.status_code == 404
    empty = _reply(phone, formal["id"], body["follow_up"]["id"], "  ")
    assert empty.status_code == 422


def test_a_reply_that_still_lacks_the_result_gets_no_second_follow_up(app, client, db):
    phone, formal = _formal(app, client, db)
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    vague = "后来我又和老师们沟通了几次，也整理了一份使用说明发给大家。"
    replied = _reply(phone, formal["id"], body["follow_up"]["id"], vague).get_json()
    assert replied["follow_up"]["state"] == "answered"
    assert replied["next_question"]["index"] == 2
    assert db.session.query(FollowUp).count() == 1


def test_a_follow_up_is_answered_by_voice_and_an_inaudible_recording_is_asked_again(
    app, client, db, tmp_path
):
    from tests.app.journey_helpers import _bytes_io, synthesize
    from tests.app.test_journey import _silence_wav

    phone, formal = _formal(app, client, db)
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    path = f"/api/mp/v1/interviews/{formal['id']}/follow-ups/{body['follow_up']['id']}/answer"

    def record(audio, transcript=None):
        data = {"audio": (_bytes_io(audio), "reply.wav")}
        if transcript:
            data["client_transcript"] = transcript
        return client.post(
            path, data=data, content_type="multipart/form-data",
            headers={**phone.headers, "Idempotency-Key": uuid.uuid4().hex},
        )  # fmt: skip

    silent = record(_silence_wav(3.0)).get_json()
    assert silent["follow_up"]["state"] == "pending" and silent["follow_up"]["message"]
    assert silent["next_question"] is None
    spoken = record(synthesize(RESULT, tmp_path), transcript=RESULT)
    assert spoken.status_code == 200, spoken.get_json()
    assert spoken.get_json()["follow_up"]["state"] == "answered"
    assert spoken.get_json()["next_question"]["index"] == 2
    assert db.session.get(FollowUp, body["follow_up"]["id"]).client_transcript == RESULT


def test_the_jobs_own_template_words_the_follow_up(app, client, db):
    invitation = seeded(db)
    job = db.session.get(Job, invitation.job_id)
    from scoring.followups.templates import builtin_templates

    own = builtin_templates().to_dict()
    own["result"]["quoted"] = ["你刚才说{quote}，最后成效如何？"]
    job.follow_up_templates = own
    db.session.commit()
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    assert (
        body["follow_up"]["text"].startswith("你刚才说") and "一键排课" in body["follow_up"]["text"]
    )


def test_a_follow_up_left_unanswered_at_the_deadline_scores_the_answer_alone(
    app, client, db, run_worker
):
    from app.services.completion import expire_overdue
    from tests.app.journey_helpers import expire

    phone, formal = _formal(app, client, db)
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    expire(db, db.session.get(Interview, formal["id"]).invitation)
    late = _reply(phone, formal["id"], body["follow_up"]["id"], RESULT)
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "invitation_expired"
    assert expire_overdue() == [formal["id"]]
    finish_background_work(run_worker)
    db.session.rollback()
    score = db.session.query(AnswerScore).filter_by(answer_id=body["answer_id"]).one()
    assert score.detail["follow_up"]["answer"] is None
    assert score.score == score.detail["follow_up"]["score_before"]
    assert all(e["source"] == "answer" for e in score.detail["evidence"])


def test_client_signals_sent_with_a_reply_are_flagged_for_hr(
    app, client, db, make_hr_user, run_worker
):
    phone, formal = _formal(app, client, db)
    body = phone.answer(formal["id"], formal["current_question"]["id"], NO_RESULT).get_json()
    replied = phone.post(
        f"/interviews/{formal['id']}/follow-ups/{body['follow_up']['id']}/answer",
        {"text": RESULT, "client_signals": {"typed_chars": 0, "pasted_chars": 42}},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert replied.status_code == 200, replied.get_json()
    answer_all(phone, {"id": formal["id"], "current_question": replied.get_json()["next_question"]})
    finish_background_work(run_worker)
    db.session.rollback()
    _, hr = make_hr_user("admin")
    record = client.get(f"/api/admin/v1/interviews/{formal['id']}", headers=hr).get_json()
    pasted = [f for f in record["integrity_flags"] if f["kind"] == "pasted"]
    assert len(pasted) == 1 and pasted[0]["message"].startswith("追问的回答：回答中有42字是粘贴的")
    assert pasted[0]["evidence"]["follow_up_id"] == body["follow_up"]["id"]
    assert pasted[0]["answer_id"] == body["answer_id"]
