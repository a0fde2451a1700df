"""Integrity flags over the mini-program API: what HR sees, with evidence, and what the
candidate never sees. A flag sends the candidate to a human; it never rejects."""

import uuid

from app.models import AnswerFingerprint, IntegrityFlag, Report
from tests.admin.factories import page_login
from tests.app.journey_helpers import (
    STRONG_ANSWER,
    STRONG_ANSWERS,
    dev_login,
    finish_background_work,
    invite_new_candidate,
    seeded,
)


def _finish(app, client, db, run_worker, phone, invitation_id, answers):
    formal = phone.start(invitation_id, "formal").get_json()
    current = formal["current_question"]
    while current is not None:
        body = answers(current)
        response = phone.post(
            f"/interviews/{formal['id']}/answers",
            {"question_id": current["id"], **body},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["follow_up"] is None
        current = response.get_json()["next_question"]
    finish_background_work(run_worker)
    db.session.rollback()
    return formal["id"]


def _record(client, hr, interview_id):
    response = client.get(f"/api/admin/v1/interviews/{interview_id}", headers=hr)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _candidate_sees_nothing(phone, interview_id):
    report = phone.get(f"/interviews/{interview_id}/report")
    assert report.status_code == 200, report.get_json()
    text = report.get_data(as_text=True)
    assert "雷同" not in text and "诚信" not in text and "粘贴" not in text


def test_the_same_answer_to_every_question_is_flagged_for_hr_with_the_matching_answer(
    app, client, db, make_hr_user, run_worker
):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    interview_id = _finish(
        app, client, db, run_worker, phone, invitation.id, lambda q: {"text": STRONG_ANSWER}
    )
    user, hr = make_hr_user("admin")
    record = _record(client, hr, interview_id)
    repeated = [f for f in record["integrity_flags"] if f["kind"] == "repeated"]
    total = len(record["answers"])
    assert len(repeated) == total * (total - 1) // 2  # every pair of questions, once
    evidence = repeated[0]["evidence"]
    assert evidence["similarity"] >= 0.9 and evidence["passages"]
    assert evidence["passages"][0] in STRONG_ANSWER and evidence["other_question"]
    flagged = record["answers"][1]["answer"]["integrity_flags"]
    assert flagged and flagged[0]["message"].startswith("与本场第1题的回答几乎相同")
    report = db.session.query(Report).filter_by(interview_id=interview_id).one()
    assert report.recommendation == "review"  # a human looks, whatever the score
    assert report.hr_view["integrity_flags"]
    _candidate_sees_nothing(phone, interview_id)
    page_login(client, user)
    page = client.get(f"/admin/interviews/{interview_id}").get_data(as_text=True)
    assert "诚信提示" in page and "多题回答雷同" in page


def test_answers_shared_between_candidates_of_a_job_are_flagged_on_both(
    app, client, db, make_hr_user, run_worker
):
    invitation = seeded(db)
    invitation.job.auto_invite_final, invitation.job.pass_threshold = False, 0.0
    db.session.commit()
    first = dev_login(app, client, "demo-candidate")
    first.consent()
    stories = {}

    def own(question):
        stories[question["index"]] = STRONG_ANSWERS[question["index"] - 1]
        return {"text": stories[question["index"]]}

    first_id = _finish(app, client, db, run_worker, first, invitation.id, own)
    earlier = db.session.query(Report).filter_by(interview_id=first_id).one()
    assert earlier.recommendation == "pass" and earlier.decision is None

    _, hr = make_hr_user("recruiter")
    link = invite_new_candidate(client, hr, invitation, "吴九", "13612345678").get_json()
    second = dev_login(app, client, "openid-wujiu")
    accepted = second.post(f"/invitations/{link['id']}/accept", {"token": link["token"]})
    assert accepted.status_code == 200, accepted.get_json()
    second.consent()

    def copied(question):  # the first candidate's story with its figures changed
        story = stories[1 + (question["index"] % len(stories))]
        return {"text": story.replace("30", "25").replace("8%", "9%").replace("20", "18")}

    second_id = _finish(app, client, db, run_worker, second, link["id"], copied)

    shared = [f for f in _record(client, hr, second_id)["integrity_flags"] if f["kind"] == "shared"]
    assert shared, "copied answers were not flagged"
    evidence = shared[0]["evidence"]
    assert evidence["other_candidate"]["name"] == invitation.candidate.name
    assert evidence["other_interview_id"] == first_id
    assert evidence["other_text"] in stories.values() and evidence["passages"]
    back = [f for f in _record(client, hr, first_id)["integrity_flags"] if f["kind"] == "shared"]
    assert back and back[0]["evidence"]["other_candidate"]["name"] == "吴九"
    db.session.expire_all()
    assert db.session.get(Report, earlier.id).recommendation == "review"  # now for a human too
    assert db.session.query(Report).filter_by(interview_id=second_id).one().recommendation == (
        "review"
    )
    _candidate_sees_nothing(second, second_id)

    # Erasing the second candidate takes their words out of the first one's flags and the index.
    from app.services.privacy import erase

    erase(link["candidate_id"])
    assert not [
        f for f in _record(client, hr, first_id)["integrity_flags"] if f["kind"] == "shared"
    ]
    assert (
        db.session.query(AnswerFingerprint).filter_by(candidate_id=link["candidate_id"]).count()
        == 0
    )
    assert db.session.query(AnswerFingerprint).count() > 0  # the first candidate's stay indexed


def test_client_signals_pasted_background_and_too_fast_are_flagged_with_their_numbers(
    app, client, db, make_hr_user, run_worker
):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    signals = {"typed_chars": 12, "pasted_chars": 160, "background_s": 95.0, "input": "keyboard"}

    def answer(question):
        body = {"text": STRONG_ANSWERS[question["index"] - 1]}
        return {**body, "client_signals": signals} if question["index"] == 1 else body

    interview_id = _finish(app, client, db, run_worker, phone, invitation.id, answer)
    _, hr = make_hr_user("admin")
    record = _record(client, hr, interview_id)
    kinds = {f["kind"]: f for f in record["integrity_flags"]}
    assert set(kinds) == {"pasted", "background", "too_fast"}
    assert kinds["pasted"]["evidence"]["pasted_chars"] == 160
    assert "160字是粘贴的" in kinds["pasted"]["message"]
    assert kinds["background"]["evidence"]["background_s"] == 95.0
    assert kinds["too_fast"]["evidence"]["chars_per_minute"] > 250
    assert {f["answer_id"] for f in kinds.values()} == {record["answers"][0]["answer"]["id"]}
    report = db.session.query(Report).filter_by(interview_id=interview_id).one()
    assert report.recommendation == "review"
    _candidate_sees_nothing(phone, interview_id)


def test_malformed_client_signals_are_refused(app, client, db):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    bad = phone.answer(formal["id"], formal["current_question"]["id"], STRONG_ANSWER)
    assert bad.status_code == 200
    second = bad.get_json()["next_question"]
    refused = phone.post(
        f"/interviews/{formal['id']}/answers",
        {"question_id": second["id"], "text": STRONG_ANSWERS[1],
         "client_signals": {"pasted_chars": -5}},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    assert refused.status_code == 422
    assert db.session.query(IntegrityFlag).count() == 0
