"""Inputs that once answered 500: each now gets a 4xx with the error envelope, on both backends."""

import json
import time
from datetime import timedelta

import pytest

from app.models import Candidate, Job
from app.models.base import utcnow
from bots.signatures import wechat_signature
from tests.app.journey_helpers import dev_login, seeded
from tests.app.test_callbacks import PUSH_TOKEN, push_app  # noqa: F401 - fixture
from tests.app.test_robot import FIXTURE, documented_sign, robot_app  # noqa: F401 - fixture


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]
    return body["error"]


def _job_id(db) -> int:
    return db.session.query(Job).filter_by(title="产品经理").one().id


@pytest.fixture()
def admin(make_hr_user):
    return make_hr_user("admin")[1]


@pytest.fixture()
def phone(app, client, db):
    """The demo candidate, logged in, with every consent and a started formal interview."""
    invitation = seeded(db)
    mp = dev_login(app, client, "demo-candidate")
    mp.consent()
    interview = mp.start(invitation.id, "formal").get_json()
    mp.interview, mp.invitation_id = interview, invitation.id
    return mp


def test_non_ascii_invitation_token_is_not_found(phone):
    response = phone.post(f"/invitations/{phone.invitation_id}/accept", {"token": "令牌" * 5})
    _error(response, 404)


@pytest.mark.parametrize(
    "body",
    [
        {"question_id": "abc", "text": "我的回答"},
        {"question_id": 1.5, "text": "我的回答"},
        {"question_id": True, "text": "我的回答"},
        {"question_id": 2**63, "text": "我的回答"},
        {"question_id": 1, "text": ["not", "text"]},
        {"question_id": 1, "text": "长" * 1_000_000},
    ],
)
def test_answer_with_wrong_types_or_a_megabyte_of_text_is_refused(phone, body):
    response = phone.post(f"/interviews/{phone.interview['id']}/answers", body)
    assert response.status_code in (413, 422), response.get_data(as_text=True)[:300]
    _error(response, response.status_code)


def test_lone_surrogate_in_text_is_400(phone):
    question_id = phone.interview["current_question"]["id"]
    raw = '{"question_id": ' + str(question_id) + ', "text": "abc\\ud800def"}'
    response = phone.client.post(
        f"/api/mp/v1/interviews/{phone.interview['id']}/answers",
        data=raw,
        content_type="application/json",
        headers=phone.headers,
    )
    assert _error(response, 400)["code"] == "invalid_json"


def test_deeply_nested_json_on_session_is_400(client, db):
    raw = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/mp/v1/session", data=raw, content_type="application/json")
    assert _error(response, 400)["code"] == "invalid_json"


@pytest.mark.parametrize("path", ["/candidates/{n}", "/jobs/{n}", "/tasks/{n}", "/resumes/{n}"])
@pytest.mark.parametrize("n", [2**63, 2**64 + 1, 2**31, 0])
def test_out_of_range_ids_in_the_path_are_404(client, admin, path, n):
    _error(client.get("/api/admin/v1" + path.format(n=n), headers=admin), 404)


@pytest.mark.parametrize(
    "query", ["per_page=-1", "per_page=0", "per_page=100000", "page=-5", "page=10000000000000"]
)
def test_paging_out_of_range_is_422(client, admin, query):
    _error(client.get(f"/api/admin/v1/candidates?{query}", headers=admin), 422)


@pytest.mark.parametrize("deadline", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59Z"])
def test_invitation_deadline_in_year_1_or_9999_is_422(client, db, admin, deadline):
    seeded(db)
    candidate = db.session.query(Candidate).filter_by(name="李四").one()
    response = client.post(
        "/api/admin/v1/invitations",
        json={"candidate_id": candidate.id, "job_id": _job_id(db), "deadline": deadline},
        headers=admin,
    )
    assert _error(response, 422)["code"] in ("deadline_in_past", "deadline_too_far")


def test_candidate_in_a_nonexistent_department_is_404_and_not_stored(client, db, admin):
    response = client.post(
        "/api/admin/v1/candidates", json={"name": "赵六", "department_id": 4242}, headers=admin
    )
    assert _error(response, 404)["code"] == "department_not_found"
    assert db.session.query(Candidate).count() == 0


def test_405_keeps_its_allow_header(client):
    response = client.delete("/api/mp/v1/session")
    _error(response, 405)
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("timestamp", ["²", "9" * 5000, "１２３", "-5"])
def test_robot_timestamp_that_is_not_ascii_digits_is_401(client, db, robot_app, timestamp):
    secret = robot_app.config["DINGTALK_APP_SECRET"]
    response = client.post(
        "/bots/dingtalk/robot",
        json=FIXTURE["body"],
        headers={"timestamp": timestamp, "sign": documented_sign(timestamp, secret)},
    )
    _error(response, 401)


@pytest.mark.parametrize("text", [{"content": "帮助"}, "a string, not an object", 12, None, ["x"]])
def test_signed_robot_message_of_odd_shape_is_answered(client, db, robot_app, text):
    secret = robot_app.config["DINGTALK_APP_SECRET"]
    timestamp = str(int(time.time() * 1000))
    body = {**FIXTURE["body"], "text": text, "sessionWebhookExpiredTime": "soon"}
    response = client.post(
        "/bots/dingtalk/robot",
        json=body,
        headers={"timestamp": timestamp, "sign": documented_sign(timestamp, secret)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize(
    "payload",
    [
        {
            "MsgType": "event",
            "Event": "subscribe_msg_popup_event",
            "FromUserName": "o1",
            "CreateTime": "yesterday",
            "List": {"TemplateId": "t", "SubscribeStatusString": "accept"},
        },
        {
            "MsgType": "event",
            "Event": "subscribe_msg_popup_event",
            "FromUserName": "o" * 500,
            "CreateTime": 1,
            "List": [{"TemplateId": "t" * 500, "SubscribeStatusString": "accept"}],
        },
        {
            "MsgType": "event",
            "Event": "subscribe_msg_sent_event",
            "FromUserName": {"a": 1},
            "CreateTime": 1,
            "List": "not a list",
        },
        {
            "MsgType": "event",
            "Event": "subscribe_msg_sent_event",
            "FromUserName": "o2",
            "CreateTime": 1,
            "List": [{"TemplateId": {"x": 1}, "ErrorCode": "²"}],
        },
    ],
)
def test_signed_wechat_push_of_odd_shape_is_answered(client, db, push_app, payload):
    timestamp, nonce = str(int(time.time())), "n1"
    query = {
        "timestamp": timestamp,
        "nonce": nonce,
        "signature": wechat_signature(PUSH_TOKEN, timestamp, nonce),
    }
    response = client.post(
        "/bots/wechat/push",
        query_string=query,
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def test_openapi_documents_the_error_envelope_and_implied_statuses(client):
    spec = client.get("/openapi.json").get_json()
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert {"code", "message"} <= set(detail["required"])
    candidate = spec["paths"]["/api/admin/v1/candidates/{candidate_id}"]["get"]["responses"]
    assert {"200", "401", "403", "404", "default"} <= set(candidate)
    param = spec["paths"]["/api/admin/v1/candidates/{candidate_id}"]["parameters"][0]
    assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] == 2**31 - 1


def test_expired_deadline_check_uses_utc(client, db, admin):
    """A deadline given with an offset is compared in UTC: one hour ahead in +08:00 is fine."""
    seeded(db)
    candidate = db.session.query(Candidate).filter_by(name="李四").one()
    soon = (utcnow() + timedelta(hours=1)).isoformat() + "Z"
    response = client.post(
        "/api/admin/v1/invitations",
        json={"candidate_id": candidate.id, "job_id": _job_id(db), "deadline": soon},
        headers=admin,
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["deadline"].endswith("+00:00")


@pytest.mark.parametrize("age_s, status", [(0, 200), (240, 200), (400, 401), (365 * 86400, 401)])
def test_wechat_push_timestamp_more_than_five_minutes_off_is_refused(
    client, db, push_app, age_s, status
):
    timestamp, nonce = str(int(time.time()) - age_s), "n2"
    query = {
        "timestamp": timestamp,
        "nonce": nonce,
        "signature": wechat_signature(PUSH_TOKEN, timestamp, nonce),
    }
    payload = {"MsgType": "event", "Event": "other", "FromUserName": "o3", "CreateTime": 1}
    response = client.post("/bots/wechat/push", query_string=query, json=payload)
    assert response.status_code == status, response.get_data(as_text=True)


def test_candidate_errors_are_in_chinese(app, client, db):
    """A few of the refusals a candidate meets, each with a Chinese message."""
    invitation = seeded(db)
    mp = dev_login(app, client, "demo-candidate")
    cases = [
        mp.start(invitation.id, "formal"),  # no consent yet: 403 consent_required
        mp.get("/interviews/999999"),  # 404
        client.get("/api/mp/v1/invitations"),  # no token: 401
        mp.post("/interviews", {"invitation_id": "x", "kind": "formal"}),  # 422
        client.delete("/api/mp/v1/session"),  # 405
    ]
    for response in cases:
        message = response.get_json()["error"]["message"]
        assert response.status_code >= 400
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), (response.status_code, message)
