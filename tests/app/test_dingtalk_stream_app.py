"""Stream mode end to end: the real dingtalk-stream SDK, the emulator's gateway, the app's handlers."""

import json
import signal
import subprocess
import sys
import time

import pytest

from app.dingtalk_stream import build_runner
from app.models import HrUser, ProcessedEvent, Task
from app.queues import get_redis
from bots.stream_lease import StreamLease
from tests.app.test_decisions import RECRUITER, make_report
from tests.bots.stream_helpers import RunnerThread, wait_for
from tests.conftest import REDIS_URL, ROOT, requires_redis, worker_env

LEAVER = "manager4220"


@pytest.fixture()
def stream_app(app, dingtalk_emulator):
    """The app pointed at the emulator's gateway, with a report and two HR users on DingTalk."""
    base = app.config["DINGTALK_API_BASE_URL"]
    saved = {k: app.config.get(k) for k in ("DINGTALK_OPENAPI_BASE_URL", "DINGTALK_MODE")}
    app.config.update(DINGTALK_OPENAPI_BASE_URL=base, DINGTALK_MODE="stream")
    yield app
    app.config.update(saved)


@pytest.fixture()
def review(db, make_hr_user, stream_app):
    report = make_report(db, "review")
    make_hr_user("manager", departments=["销售部"], dingtalk_userid=LEAVER)
    return report


@pytest.fixture()
def start_stream(stream_app):
    threads: list[RunnerThread] = []

    def start(lease=None) -> RunnerThread:
        lease = lease or StreamLease(None, stream_app.config["DINGTALK_APP_KEY"])
        thread = RunnerThread(build_runner(stream_app, lease, silence_timeout_s=5.0)).start()
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        thread.stop()


def replies(emulator, payload) -> list[str]:
    return [r["body"]["markdown"]["text"] for r in emulator.replies_to(payload)]


def settle(emulator, run_worker) -> None:
    """Every frame acked, and the tasks they queued run (inline they already have)."""
    wait_for(lambda: not emulator.stream.unacked(), what="every frame acked")
    if REDIS_URL:
        run_worker("default")


def handled(db, source: str) -> int:
    db.session.rollback()
    return db.session.query(ProcessedEvent).filter_by(source=source).count()


def test_robot_command_and_event_over_stream_are_handled_once(
    db, dingtalk_emulator, review, start_stream, run_worker
):
    start_stream()
    wait_for(dingtalk_emulator.stream.live_connections, what="a connection")

    pending = dingtalk_emulator.stream_robot_message("待审核", RECRUITER)
    wait_for(lambda: replies(dingtalk_emulator, pending), what="the reply via sessionWebhook")
    event = {"userId": [LEAVER], "timeStamp": int(time.time() * 1000)}
    dingtalk_emulator.stream.push_event("user_leave_org", event, event_id="evt-leave-1")
    dingtalk_emulator.stream.push_event("user_leave_org", event, event_id="evt-leave-1")  # again
    settle(dingtalk_emulator, run_worker)

    [text] = replies(dingtalk_emulator, pending)
    assert "待审核" in text and "张三" in text and f"#{review.id}" in text
    assert handled(db, "dingtalk_robot") == 1 and handled(db, "dingtalk_event") == 1
    assert db.session.query(HrUser).filter_by(dingtalk_userid=LEAVER).one().active is False
    assert db.session.query(HrUser).filter_by(dingtalk_userid=RECRUITER).one().active is True
    assert db.session.query(Task).filter_by(kind="dingtalk.event").count() == 1


def test_slow_command_over_stream_answers_through_the_webhook(
    db, dingtalk_emulator, review, start_stream, run_worker
):
    start_stream()
    message = dingtalk_emulator.stream_robot_message(f"报告 {review.id}", RECRUITER)
    settle(dingtalk_emulator, run_worker)

    [text] = wait_for(lambda: replies(dingtalk_emulator, message), what="the report reply")
    assert f"面试报告 #{review.id}" in text
    db.session.rollback()
    assert db.session.query(Task).filter_by(kind="dingtalk.robot_reply").count() == 1


def test_dropped_connection_recovers_with_no_duplicate_and_no_loss(
    db, dingtalk_emulator, review, start_stream, run_worker
):
    gateway = dingtalk_emulator.stream
    runner = start_stream().runner
    wait_for(gateway.live_connections, what="a connection")

    gateway.cut_before_ack(1)  # handled, but the ack dies with the connection: sent again
    first = dingtalk_emulator.stream_robot_message("待审核", RECRUITER)
    wait_for(lambda: runner.connections_opened >= 2, what="a reconnect")
    gateway.drop()  # and once more, with a message pushed while nobody is connected
    second = dingtalk_emulator.stream_robot_message("今日面试", RECRUITER)
    wait_for(lambda: replies(dingtalk_emulator, second), what="the message sent meanwhile")
    settle(dingtalk_emulator, run_worker)

    redelivered = [d for d in gateway.deliveries if d["attempt"] > 1]
    assert redelivered, "the cut ack should have made the gateway send the message again"
    assert len(replies(dingtalk_emulator, first)) == 1
    assert len(replies(dingtalk_emulator, second)) == 1
    assert handled(db, "dingtalk_robot") == 2


@requires_redis
def test_two_stream_processes_hold_one_connection(db, dingtalk_emulator, review, stream_app):
    """Two `flask dingtalk-stream` processes: one connects, the other stands by."""
    env = worker_env(stream_app)
    config = json.loads(env["TEST_APP_CONFIG"])
    config.update(
        DINGTALK_MODE="stream",
        DINGTALK_OPENAPI_BASE_URL=stream_app.config["DINGTALK_OPENAPI_BASE_URL"],
    )
    env["TEST_APP_CONFIG"] = json.dumps(config)
    command = [sys.executable, "-m", "flask", "dingtalk-stream"]
    procs = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    try:
        wait_for(dingtalk_emulator.stream.live_connections, timeout=30, what="a connection")
        time.sleep(2)  # the second process polls the lease meanwhile
        assert len(dingtalk_emulator.stream.live_connections()) == 1
        assert len(dingtalk_emulator.stream.opened) == 1
        message = dingtalk_emulator.stream_robot_message("待审核", RECRUITER)
        wait_for(lambda: replies(dingtalk_emulator, message), timeout=15, what="the reply")
        key = stream_app.config["DINGTALK_APP_KEY"]
        with stream_app.app_context():
            assert StreamLease(get_redis(), key).holder() is not None
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        outputs = [proc.communicate(timeout=20)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    assert len(replies(dingtalk_emulator, message)) == 1
    assert handled(db, "dingtalk_robot") == 1


def test_command_refuses_to_run_in_http_mode(stream_app):
    stream_app.config["DINGTALK_MODE"] = "http"
    result = stream_app.test_cli_runner().invoke(args=["dingtalk-stream"])
    assert result.exit_code != 0
    assert "DINGTALK_MODE" in result.output


def test_gateway_pings_are_answered_without_a_warning_each(
    db, dingtalk_emulator, stream_app, start_stream, caplog
):
    dingtalk_emulator.stream.ping_interval_s = 0.1
    try:
        start_stream()
        wait_for(lambda: len(dingtalk_emulator.stream.acks) >= 3, what="pings acked")
    finally:
        dingtalk_emulator.stream.ping_interval_s = 10.0
    assert not [r for r in caplog.records if "unknown message topic" in r.getMessage()]
