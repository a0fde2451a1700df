"""Redis down (a closed port, never the shared server): every endpoint answers 2xx, 4xx or
503, HR login keeps working and limiting, outbox kicks coalesce, review requests are limited."""

import re
import socket

import pytest

from app.models import OutboxMessage, ReviewRequest, Task
from tests.app.access_world import build_world
from tests.app.journey_helpers import dev_login
from tests.app.test_access_matrix import PARAMS, ROUTES

MP_BODIES = {
    ("POST", "/api/mp/v1/session"): {"code": "a-real-looking-wx-code"},
    ("POST", "/api/mp/v1/interviews"): "start",
    ("POST", "/api/mp/v1/consents"): {"kinds": ["processing"], "version": "2026-11"},
    ("POST", "/api/mp/v1/invitations/<int:invitation_id>/accept"): "accept",
    ("POST", "/api/mp/v1/interviews/<int:interview_id>/hints"): "hints",
    ("POST", "/api/mp/v1/interviews/<int:interview_id>/answers"): "answer",
    ("POST", "/api/mp/v1/interviews/<int:interview_id>/review-request"): {"kind": "explanation"},
}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when this returns: nothing listens there


@pytest.fixture()
def redis_down(app):
    saved = app.config.get("REDIS_URL"), app.extensions.pop("redis", None)
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{_closed_port()}/0"
    yield
    app.extensions.pop("redis", None)
    app.config["REDIS_URL"] = saved[0]
    if saved[1] is not None:
        app.extensions["redis"] = saved[1]


@pytest.fixture()
def world(app, db, make_hr_user, wechat_emulator, dingtalk_emulator):
    world = build_world("A")
    world.candidate.wechat_openid = "redis-down-openid"
    db.session.commit()
    _, admin = make_hr_user("admin", username="redis-down-admin")
    phone = dev_login(app, app.test_client(), "redis-down-openid")
    phone.consent()
    return world, admin, phone


def _mp_body(kind, world):
    question_id = world.question.id
    if not isinstance(kind, str):
        return kind
    return {
        "start": {"invitation_id": world.invitation.id, "kind": "practice"},
        "accept": {"token": world.invitation.token},
        "hints": {"question_id": question_id, "partial_text": "我", "elapsed_s": 3},
        "answer": {"question_id": question_id, "text": "我负责过一次需求调研。"},
    }[kind]


def test_every_endpoint_answers_2xx_4xx_or_503(app, client, db, world, redis_down):
    world, admin, phone = world
    world.interview.state = "in_progress"
    db.session.commit()
    problems = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = re.sub(
                r"<(?:[a-z]+:)?([a-z_]+)>",
                lambda m: str(PARAMS.get(m.group(1), lambda w: "x")(world)),
                rule.rule,
            )
            kwargs = {}
            if rule.rule.startswith("/api/admin/"):
                kwargs["headers"] = admin
                route = ROUTES.get((method, rule.rule))
                if route is not None and route.body is not None:
                    kwargs["json"] = route.body(world)
            elif rule.rule.startswith("/api/mp/"):
                kwargs["headers"] = phone.headers
                body = MP_BODIES.get((method, rule.rule))
                if body is not None:
                    kwargs["json"] = _mp_body(body, world)
            response = client.open(url, method=method, **kwargs)
            response.close()  # a static file's response holds the file open
            if response.status_code >= 500 and response.status_code != 503:
                problems.append(f"{method} {url} -> {response.status_code}")
    assert not problems, problems


def test_hr_login_works_and_still_limits_guessing(client, make_hr_user, redis_down):
    make_hr_user("admin", username="lead")
    good = {"username": "lead", "password": "correct horse battery"}
    assert client.post("/api/admin/v1/auth/login", json=good).status_code == 200
    for _ in range(5):
        bad = client.post("/api/admin/v1/auth/login", json={**good, "password": "guess"})
        assert bad.status_code == 401
    assert client.post("/api/admin/v1/auth/login", json=good).status_code == 429


def test_outbox_kicks_coalesce_into_one_waiting_task(app, db, redis_down):
    from app.services.outbox import kick

    for _ in range(50):
        kick()
    waiting = db.session.query(Task).filter_by(kind="outbox.deliver_pending", state="pending")
    assert waiting.count() == 1


def test_one_open_review_request_per_interview(client, db, world, redis_down):
    world, _, phone = world
    path = f"/interviews/{world.interview.id}/review-request"
    statuses = [phone.post(path, {"kind": "human_review"}).status_code for _ in range(25)]
    assert statuses == [201] + [409] * 24
    assert db.session.query(ReviewRequest).count() == 1
    messages = db.session.query(OutboxMessage).filter_by(kind="candidate_review_request")
    assert messages.count() == len({m.recipient for m in messages})  # one per HR recipient
    refused = phone.post(path, {"kind": "human_review"}).get_json()["error"]
    assert refused["code"] == "review_already_open" and "HR" in refused["message"]
