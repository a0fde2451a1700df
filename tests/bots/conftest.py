"""Emulator servers (one per session, reset per test), SDK clients pointed at them, Redis."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bots.dingtalk import make_dingtalk_client
from bots.emulators import DingTalkEmulator, WeChatEmulator, start_emulator
from bots.wechat import make_wechat_client

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vendor"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def _wechat_server():
    emulator = WeChatEmulator()
    url, stop = start_emulator(emulator)
    yield emulator, url
    stop()


@pytest.fixture(scope="session")
def _dingtalk_server():
    emulator = DingTalkEmulator()
    url, stop = start_emulator(emulator)
    yield emulator, url
    stop()


@pytest.fixture
def wechat_emulator(_wechat_server) -> WeChatEmulator:
    emulator, _ = _wechat_server
    emulator.reset()
    emulator.daily_quota.clear()
    emulator.old_token_grace_s = 0.0
    return emulator


@pytest.fixture
def wechat_url(_wechat_server, wechat_emulator) -> str:
    return _wechat_server[1]


@pytest.fixture
def dingtalk_emulator(_dingtalk_server) -> DingTalkEmulator:
    emulator, _ = _dingtalk_server
    emulator.reset()
    emulator.users.clear()
    emulator.qps_limit = None
    return emulator


@pytest.fixture
def dingtalk_url(_dingtalk_server, dingtalk_emulator) -> str:
    return _dingtalk_server[1]


@pytest.fixture
def wechat_client(wechat_emulator, wechat_url):
    return make_wechat_client(wechat_emulator.appid, wechat_emulator.secret, wechat_url)


@pytest.fixture
def dingtalk_client(dingtalk_emulator, dingtalk_url):
    return make_dingtalk_client(
        "dinge8a565ab12345678",
        dingtalk_emulator.app_key,
        dingtalk_emulator.app_secret,
        dingtalk_url,
    )


@pytest.fixture
def redis_conn():
    """A Redis connection on the test's scratch database; keys this test made are removed after.

    The database is TEST_REDIS_URL's (or TEST_REDIS_SERVER_URL's, as scripts/test.sh sets it),
    so parallel runs given different databases do not touch each other's keys.
    """
    redis = pytest.importorskip("redis")
    url = (
        os.environ.get("TEST_REDIS_URL")
        or os.environ.get("TEST_REDIS_SERVER_URL")
        or "redis://127.0.0.1:6379/15"
    )
    conn = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        conn.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer ({exc}); token-sharing tests need it")
    before = set(conn.keys("*"))
    yield conn
    for key in set(conn.keys("*")) - before:
        conn.delete(key)
