"""DingTalk Stream mode: the real dingtalk-stream SDK against the emulator's gateway."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from bots.dingtalk_stream import StreamRunner
from bots.stream_lease import StreamLease
from tests.bots.stream_helpers import RunnerThread, wait_for


class Inbox:
    """What the app's handlers would see; dedupes by message id like ProcessedEvent does."""

    def __init__(self, fail_first: int = 0) -> None:
        self.robot: list[dict] = []
        self.events: list[dict] = []
        self.handled: set[str] = set()
        self.fail_first = fail_first
        self.lock = threading.Lock()

    def on_robot(self, payload: dict) -> None:
        with self.lock:
            if self.fail_first:
                self.fail_first -= 1
                raise RuntimeError("database unavailable")
            self.robot.append(payload)
            self.handled.add(payload["msgId"])

    def on_event(self, event: dict) -> None:
        with self.lock:
            self.events.append(event)


@pytest.fixture
def gateway(dingtalk_emulator):
    gateway = dingtalk_emulator.stream
    gateway.ping_interval_s = 10.0
    return gateway


def make_runner(emulator, url, inbox, lease=None, **kwargs) -> StreamRunner:
    return StreamRunner(
        emulator.app_key,
        emulator.app_secret,
        lease or StreamLease(None, emulator.app_key),
        inbox.on_robot,
        inbox.on_event,
        api_base_url=url,
        **kwargs,
    )


@pytest.fixture
def running(dingtalk_emulator, dingtalk_url):
    threads: list[RunnerThread] = []

    def start(inbox, **kwargs) -> RunnerThread:
        thread = RunnerThread(make_runner(dingtalk_emulator, dingtalk_url, inbox, **kwargs))
        threads.append(thread.start())
        return thread

    yield start
    for thread in threads:
        thread.stop()


def test_robot_command_and_event_arrive_and_are_acked(dingtalk_emulator, gateway, running):
    inbox = Inbox()
    running(inbox)
    wait_for(gateway.live_connections, what="a connection")

    sent = dingtalk_emulator.stream_robot_message("查看 张三", "manager4220")
    gateway.push_event("user_leave_org", {"userId": ["manager4220"], "timeStamp": 1795500123456})

    wait_for(lambda: inbox.robot and inbox.events and not gateway.unacked(), what="delivery")
    assert inbox.robot[0]["msgId"] == sent["msgId"]
    assert inbox.robot[0]["text"]["content"] == "查看 张三"
    assert inbox.robot[0]["sessionWebhook"].startswith(dingtalk_emulator.base_url)
    event = inbox.events[0]
    assert event["EventType"] == "user_leave_org"
    assert event["UserId"] == ["manager4220"]  # the HTTP callback's spelling
    assert event["EventId"] and event["CorpId"] == gateway.corp_id
    assert {a["code"] for a in gateway.acks} == {200}


def test_open_connection_sends_the_sdk_request(dingtalk_emulator, dingtalk_url):
    runner = make_runner(dingtalk_emulator, dingtalk_url, Inbox())

    connection = runner.open_connection()

    assert connection["endpoint"].startswith("ws://127.0.0.1:")
    assert connection["ticket"]
    subscriptions = {
        (s["type"], s["topic"]) for s in dingtalk_emulator.stream.tickets[connection["ticket"]][1]
    }
    assert subscriptions == {("EVENT", "*"), ("CALLBACK", "/v1.0/im/bot/messages/get")}


def test_wrong_secret_never_connects(dingtalk_emulator, dingtalk_url):
    runner = StreamRunner(
        dingtalk_emulator.app_key,
        "wrong-secret",
        StreamLease(None, dingtalk_emulator.app_key),
        Inbox().on_robot,
        api_base_url=dingtalk_url,
    )

    assert runner.open_connection() is None
    assert dingtalk_emulator.stream.tickets == {}


def test_used_ticket_is_refused(dingtalk_emulator, dingtalk_url):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    runner = make_runner(dingtalk_emulator, dingtalk_url, Inbox())
    connection = runner.open_connection()
    uri = f"{connection['endpoint']}?ticket={connection['ticket']}"
    with connect(uri):
        pass
    with pytest.raises(InvalidStatus) as refused:
        connect(uri)
    assert refused.value.response.status_code == 401


def test_answers_system_pings(dingtalk_emulator, gateway, running):
    gateway.ping_interval_s = 0.1
    running(Inbox())
    wait_for(gateway.live_connections, what="a connection")

    wait_for(lambda: len(gateway.acks) >= 3, what="acked pings")
    assert all(a["code"] == 200 for a in gateway.acks)


def test_dropped_connection_loses_nothing(dingtalk_emulator, gateway, running):
    inbox = Inbox()
    runner = running(inbox).runner
    wait_for(gateway.live_connections, what="a connection")
    first = dingtalk_emulator.stream_robot_message("今日面试", "manager4220")
    wait_for(lambda: not gateway.unacked(), what="first acked")

    assert gateway.drop() == 1  # no close frame: the client sees a network error
    during = dingtalk_emulator.stream_robot_message("待审核", "manager4220")  # while down

    wait_for(lambda: runner.connections_opened == 2, timeout=15, what="a reconnect")
    wait_for(lambda: not gateway.unacked(), what="everything acked")
    assert [m["msgId"] for m in inbox.robot] == [first["msgId"], during["msgId"]]


def test_ack_lost_with_the_connection_is_delivered_again(dingtalk_emulator, gateway, running):
    inbox = Inbox()
    runner = running(inbox).runner
    wait_for(gateway.live_connections, what="a connection")
    gateway.cut_before_ack()  # the link dies after the client handled the frame, before its ack

    sent = dingtalk_emulator.stream_robot_message("报告 12", "manager4220")

    wait_for(lambda: runner.connections_opened == 2, timeout=15, what="a reconnect")
    wait_for(lambda: not gateway.unacked(), what="redelivered and acked")
    assert [d["attempt"] for d in gateway.deliveries] == [1, 2]
    # at least once: the handler sees it twice and must dedupe by msgId (the app does)
    assert [m["msgId"] for m in inbox.robot] == [sent["msgId"], sent["msgId"]]


@pytest.fixture
def silence_fast(monkeypatch):
    monkeypatch.setattr("bots.dingtalk_stream.BACKOFF_S", (0.05, 0.05, 0.05, 0.05, 0.05))


def test_silent_connection_is_replaced_by_the_watchdog(
    dingtalk_emulator, gateway, running, silence_fast
):
    inbox = Inbox()
    runner = running(inbox, silence_timeout_s=1.0).runner
    wait_for(gateway.live_connections, what="a connection")
    gateway.silence()
    started = time.monotonic()

    sent = dingtalk_emulator.stream_robot_message("待审核", "manager4220")

    wait_for(lambda: runner.connections_opened == 2, timeout=10, what="watchdog reconnect")
    assert time.monotonic() - started >= 0.9  # not before the silence timeout
    wait_for(lambda: inbox.robot, what="the message on the new connection")
    assert [m["msgId"] for m in inbox.robot] == [sent["msgId"]]


def test_failed_handler_gets_the_frame_again(dingtalk_emulator, gateway, running):
    inbox = Inbox(fail_first=1)
    running(inbox)
    wait_for(gateway.live_connections, what="a connection")

    sent = dingtalk_emulator.stream_robot_message("帮助", "manager4220")
    wait_for(lambda: any(a["code"] == 500 for a in gateway.acks), what="a failed ack")

    wait_for(lambda: inbox.robot, what="the second delivery")
    assert [m["msgId"] for m in inbox.robot] == [sent["msgId"]]


def test_disconnect_frame_reconnects(dingtalk_emulator, gateway, running):
    runner = running(Inbox()).runner
    wait_for(gateway.live_connections, what="a connection")

    gateway.send_disconnect()

    wait_for(lambda: runner.connections_opened == 2, what="a new connection")
    wait_for(lambda: len(gateway.live_connections()) == 1, what="the old one closed")


def test_stream_controls_over_http(dingtalk_emulator, dingtalk_url, gateway, running):
    inbox = Inbox()
    running(inbox)
    wait_for(gateway.live_connections, what="a connection")

    requests.post(
        f"{dingtalk_url}/_emulator/stream/robot",
        json={"text": "帮助", "sender_staff_id": "manager4220"},
        timeout=5,
    )
    wait_for(lambda: inbox.robot, what="the message")
    state = requests.get(f"{dingtalk_url}/_emulator/stream/state", timeout=5).json()

    assert len(state["live_connections"]) == 1
    assert state["deliveries"][0]["topic"] == "/v1.0/im/bot/messages/get"


# -- one connection across processes ---------------------------------------------------
def test_lease_allows_one_holder(redis_conn):
    first = StreamLease(redis_conn, "appkey-lease-test", ttl_s=5)
    second = StreamLease(redis_conn, "appkey-lease-test", ttl_s=5)

    assert first.acquire() and first.renew()
    assert not second.acquire()
    assert second.holder() == first.owner
    first.release()
    assert second.acquire()
    assert not first.renew()


def test_lease_of_a_dead_holder_expires(redis_conn):
    first = StreamLease(redis_conn, "appkey-lease-test", ttl_s=0.3)
    second = StreamLease(redis_conn, "appkey-lease-test", ttl_s=0.3)
    assert first.acquire()

    time.sleep(0.4)  # first stopped renewing (its process died)

    assert second.acquire()


def test_two_runners_one_connection(dingtalk_emulator, gateway, running, redis_conn, silence_fast):
    inbox_a, inbox_b = Inbox(), Inbox()
    key = dingtalk_emulator.app_key
    a = running(inbox_a, lease=StreamLease(redis_conn, key, ttl_s=1.0))
    wait_for(gateway.live_connections, what="the first connection")
    b = running(inbox_b, lease=StreamLease(redis_conn, key, ttl_s=1.0))
    time.sleep(1.5)  # b polls the lease several times meanwhile

    assert len(gateway.live_connections()) == 1
    assert b.runner.connections_opened == 0
    dingtalk_emulator.stream_robot_message("帮助", "manager4220")
    wait_for(lambda: inbox_a.robot, what="a handles it")

    a.stop()  # releases the lease: b takes over
    wait_for(lambda: b.runner.connections_opened == 1, timeout=10, what="b connected")
    dingtalk_emulator.stream_robot_message("今日面试", "manager4220")
    wait_for(lambda: inbox_b.robot, what="b handles the next")
    assert len(gateway.live_connections()) == 1
    assert len(inbox_a.robot) == 1


def test_runner_that_loses_its_lease_disconnects(
    dingtalk_emulator, gateway, running, redis_conn, silence_fast
):
    lease = StreamLease(redis_conn, dingtalk_emulator.app_key, ttl_s=0.6)
    runner = running(Inbox(), lease=lease).runner
    wait_for(gateway.live_connections, what="a connection")

    redis_conn.set(lease.key, "someone-else")  # e.g. it paused past its TTL and was replaced

    wait_for(lambda: not gateway.live_connections(), timeout=5, what="the connection closed")
    assert runner.connections_opened == 1
