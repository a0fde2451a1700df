"""A candidate's review request: one open per interview; once HR has handled it (API or page),
the candidate may ask again."""

import pytest

from app.models import ReviewRequest
from tests.admin.factories import page_login
from tests.app.access_world import build_world
from tests.app.journey_helpers import dev_login


@pytest.fixture()
def asked(app, db, make_hr_user, wechat_emulator, dingtalk_emulator):
    world = build_world("A")
    world.candidate.wechat_openid = "review-openid"
    db.session.commit()
    phone = dev_login(app, app.test_client(), "review-openid")
    phone.consent()
    path = f"/interviews/{world.interview.id}/review-request"
    first = phone.post(path, {"kind": "human_review", "message": "我想请HR再看看"})
    assert first.status_code == 201
    return world, phone, path, first.get_json()["id"]


def _open_column(db, review_id: int):
    db.session.expire_all()
    review = db.session.get(ReviewRequest, review_id)
    return review.status, review.open_interview_id


def test_answered_request_frees_the_interview_for_a_new_one(client, db, make_hr_user, asked):
    world, phone, path, review_id = asked
    assert phone.post(path, {"kind": "explanation"}).status_code == 409
    _, headers = make_hr_user("recruiter", username="reviewer")
    response = client.post(f"/api/admin/v1/review-requests/{review_id}/close", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["status"] == "answered" and response.get_json()["changed"]
    assert _open_column(db, review_id) == ("answered", None)
    again = phone.post(path, {"kind": "explanation"})
    assert again.status_code == 201
    assert phone.post(path, {"kind": "explanation"}).status_code == 409  # one open at a time
    repeat = client.post(f"/api/admin/v1/review-requests/{review_id}/close", headers=headers)
    assert repeat.status_code == 200 and repeat.get_json()["changed"] is False


def test_closing_on_the_interview_page_frees_it_too(client, db, make_hr_user, asked):
    world, phone, path, review_id = asked
    user, _ = make_hr_user("manager", departments=[world.department.name], username="mgr")
    page_login(client, user)
    page = client.get(f"/admin/interviews/{world.interview.id}").get_data(as_text=True)
    assert "标记已处理" in page and "我想请HR再看看" in page
    response = client.post(
        f"/admin/review-requests/{review_id}/close", headers={"X-CSRF-Token": "test-csrf"}
    )
    assert response.status_code == 200
    assert "已答复" in response.get_data(as_text=True)
    assert _open_column(db, review_id) == ("answered", None)
    assert phone.post(path, {"kind": "human_review"}).status_code == 201


def test_a_manager_of_another_department_cannot_close_it(client, db, make_hr_user, asked):
    _, _, _, review_id = asked
    _, headers = make_hr_user("manager", departments=["别的部门"], username="other")
    response = client.post(f"/api/admin/v1/review-requests/{review_id}/close", headers=headers)
    assert response.status_code == 403
    assert _open_column(db, review_id)[0] == "open"


def test_a_decision_answers_the_open_request_but_hold_does_not(client, db, make_hr_user, asked):
    world, phone, path, review_id = asked
    _, headers = make_hr_user("recruiter", username="decider")
    url = f"/api/admin/v1/reports/{world.report.id}/decision"
    held = client.post(url, json={"decision": "hold", "reason": "再看看"}, headers=headers)
    assert held.status_code == 200
    assert _open_column(db, review_id) == ("open", world.interview.id)
    decided = client.post(
        url, json={"decision": "advance", "reason": "复核后通过"}, headers=headers
    )
    assert decided.status_code == 200
    assert _open_column(db, review_id) == ("answered", None)
    assert phone.post(path, {"kind": "explanation"}).status_code == 201
