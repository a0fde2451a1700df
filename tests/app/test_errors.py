"""Every JSON error is {"error": {"code", "message"}} with the right status."""

import pytest

from app import create_app
from app.errors import Conflict


def _assert_envelope(response, status, code):
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_unauthenticated_request_is_401(client):
    _assert_envelope(client.get("/api/admin/v1/candidates"), 401, "unauthorized")


def test_wrong_role_is_403(client, make_hr_user):
    _, headers = make_hr_user("recruiter")
    response = client.post("/api/admin/v1/departments", json={"name": "x"}, headers=headers)
    _assert_envelope(response, 403, "forbidden_role")


def test_unknown_candidate_is_404(client, make_hr_user):
    _, headers = make_hr_user("admin")
    _assert_envelope(client.get("/api/admin/v1/candidates/999", headers=headers), 404, "not_found")


def test_wrong_method_is_405(client):
    _assert_envelope(client.delete("/healthz"), 405, "method_not_allowed")


def test_duplicate_department_is_409(client, make_hr_user):
    _, headers = make_hr_user("admin")
    assert (
        client.post(
            "/api/admin/v1/departments", json={"name": "销售部"}, headers=headers
        ).status_code
        == 201
    )
    response = client.post("/api/admin/v1/departments", json={"name": "销售部"}, headers=headers)
    _assert_envelope(response, 409, "conflict")


def test_oversized_body_is_413(app, client, make_hr_user):
    _, headers = make_hr_user("admin")
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 100
    try:
        response = client.post(
            "/api/admin/v1/candidates", json={"name": "x" * 500}, headers=headers
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    _assert_envelope(response, 413, "payload_too_large")


def test_non_json_body_is_415(client, make_hr_user):
    _, headers = make_hr_user("admin")
    response = client.post(
        "/api/admin/v1/candidates", data="name=x", content_type="text/plain", headers=headers
    )
    _assert_envelope(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": "张三", "email": "not-an-email"}, "email"),
        ({"name": "张三", "phone": "abc"}, "phone"),
    ],
)
def test_invalid_body_is_422_naming_the_field(client, make_hr_user, body, field):
    _, headers = make_hr_user("admin")
    response = client.post("/api/admin/v1/candidates", json=body, headers=headers)
    _assert_envelope(response, 422, "validation_error")
    assert field in response.get_json()["error"]["details"]["json"]


def test_repeated_failed_logins_are_429(client, make_hr_user):
    make_hr_user("admin", username="boss")
    for _ in range(5):
        bad = client.post("/api/admin/v1/auth/login", json={"username": "boss", "password": "nope"})
        _assert_envelope(bad, 401, "invalid_credentials")
    response = client.post(
        "/api/admin/v1/auth/login", json={"username": "boss", "password": "correct horse battery"}
    )
    _assert_envelope(response, 429, "too_many_requests")


def test_unexpected_error_is_500_without_a_stack_trace(tmp_path):
    app = create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db"})

    @app.get("/boom")
    def boom():
        raise KeyError("secret internal detail")

    response = app.test_client().get("/boom")
    _assert_envelope(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret internal detail" not in text


def test_domain_error_keeps_its_code(tmp_path):
    app = create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db"})

    @app.get("/clash")
    def clash():
        raise Conflict("already answered", code="already_answered")

    _assert_envelope(app.test_client().get("/clash"), 409, "already_answered")
