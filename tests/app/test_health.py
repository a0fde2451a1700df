import pytest

from app import create_app


def test_healthz_reports_ok_when_database_and_queue_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["db"] == "ok"
    assert body["queue"] in ("ok", "inline")


@pytest.mark.parametrize(
    "overrides, failing",
    [
        ({"SQLALCHEMY_DATABASE_URI": "mysql+pymysql://nobody@127.0.0.1:1/none"}, "db"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "queue"),
    ],
)
def test_healthz_is_503_when_a_backend_is_down(overrides, failing, tmp_path):
    config = {"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.db"}
    app = create_app({**config, **overrides})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body[failing] == "error"
