"""/metrics (issue 15): a Prometheus scrape sees request latency, queues, tasks and the outbox."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.models import OutboxMessage, Task
from tests.app.journey_helpers import dev_login, seeded
from tests.conftest import REDIS_URL

TOKEN = "scrape-token-for-tests"  # noqa: S105


@pytest.fixture()
def token(app):
    app.config["METRICS_TOKEN"] = TOKEN
    yield {"Authorization": f"Bearer {TOKEN}"}
    app.config["METRICS_TOKEN"] = None


def _scrape(client, headers) -> dict:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.content_type.startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_scrape_counts_hint_requests_tasks_and_the_outbox(app, client, db, token):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    interview = phone.start(invitation.id, "formal").get_json()
    route = "/api/mp/v1/interviews/<int:interview_id>/hints"
    labels = {"endpoint": route, "method": "POST", "status": "200"}
    before = _value(_scrape(client, token), "http_request_duration_seconds_count", **labels)
    for _ in range(3):
        hint = phone.post(
            f"/interviews/{interview['id']}/hints",
            {"question_id": interview["current_question"]["id"], "elapsed_s": 3},
        )
        assert hint.status_code == 200
    db.session.add_all(
        [
            Task(kind="report.build", queue="default", state="failed", attempts=3),
            OutboxMessage(
                channel="dingtalk",
                kind="metrics-test",
                recipient="hr-metrics",
                payload={},
                status="pending",
                dedupe_key="metrics-test-1",
            ),
        ]
    )
    db.session.commit()

    samples = _scrape(client, token)
    count = _value(samples, "http_request_duration_seconds_count", **labels)
    assert count - before == 3
    assert _value(samples, "http_request_duration_seconds_bucket", le="10.0", **labels) >= 3
    assert _value(samples, "tasks", queue="default", state="failed") >= 1
    assert _value(samples, "task_retries", queue="default") >= 2
    assert _value(samples, "outbox_backlog", channel="dingtalk") >= 1
    assert _value(samples, "redis_up") == 1
    if REDIS_URL:  # queue depths come from Redis itself
        assert ("rq_queue_depth", (("queue", "asr"),)) in samples


def test_metrics_need_the_token_or_a_loopback_client(app, client, token):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "unauthorized"
    app.config["METRICS_TOKEN"] = None
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    remote = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 403
