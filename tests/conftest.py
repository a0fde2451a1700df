"""Fixtures: one app per session on the selected backend, clean tables per test.

Backends come from the environment (scripts/test.sh sets them):
  TEST_DATABASE_URL unset -> SQLite file; TEST_REDIS_URL unset -> jobs run inline.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db as _db
from app.models import Department, HrUser

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")

SHARED_CONFIG = (
    "WECHAT_APPID",
    "WECHAT_SECRET",
    "WECHAT_API_BASE_URL",
    "WECHAT_TEMPLATE_INVITATION",
    "WECHAT_TEMPLATE_REPORT_READY",
    "WECHAT_TEMPLATE_FINAL_ROUND",
    "DINGTALK_APP_KEY",
    "DINGTALK_APP_SECRET",
    "DINGTALK_AGENT_ID",
    "DINGTALK_API_BASE_URL",
    "ASR_MODEL_DIR",
)

requires_redis = pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (the Redis pass)")
requires_inline = pytest.mark.skipif(bool(REDIS_URL), reason="runs in the inline-jobs pass")
requires_mysql = pytest.mark.skipif(
    not (DATABASE_URL or "").startswith("mysql"), reason="needs TEST_DATABASE_URL=mysql+pymysql://…"
)


def pytest_report_header(config):
    return [
        f"database: {DATABASE_URL or 'sqlite (file)'}",
        f"queue: {'redis ' + REDIS_URL if REDIS_URL else 'inline'}",
    ]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if {"app", "db", "client"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.backend)


def _drop_everything(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "mysql":
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in inspect(conn).get_table_names():
            conn.execute(text(f"DROP TABLE IF EXISTS `{table}`"))
        if engine.dialect.name == "mysql":
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    base = tmp_path_factory.mktemp("app")
    url = DATABASE_URL or f"sqlite:///{base / 'test.sqlite3'}"
    application = create_app(
        {
            "APP_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": REDIS_URL,
            "STORAGE_DIR": str(base / "files"),
        }
    )
    with application.app_context():
        from flask_migrate import upgrade

        _drop_everything(_db.engine)
        upgrade()
        yield application
        _db.session.remove()


@pytest.fixture()
def db(app):
    yield _db
    _db.session.rollback()
    _db.session.remove()
    with _db.engine.begin() as conn:
        if _db.engine.dialect.name == "mysql":
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(_db.metadata.sorted_tables):
            conn.execute(table.delete())
        if _db.engine.dialect.name == "mysql":
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    if REDIS_URL:
        from app.queues import get_redis

        get_redis().flushdb()


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def make_hr_user(db):
    """make_hr_user(role, departments=[names]) -> (user, auth headers)."""

    def make(role="admin", departments=(), username=None, dingtalk_userid=None):
        depts = []
        for name in departments:
            dept = db.session.query(Department).filter_by(name=name).one_or_none()
            if dept is None:
                dept = Department(name=name)
                db.session.add(dept)
            depts.append(dept)
        user = HrUser(
            username=username or f"{role}-{len(db.session.query(HrUser).all()) + 1}",
            role=role,
            departments=depts,
            dingtalk_userid=dingtalk_userid,
        )
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.commit()
        from app.auth import issue_token

        token, _ = issue_token("hr", hr_user=user)
        db.session.commit()
        return user, {"Authorization": f"Bearer {token}"}

    return make


def worker_env(app) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "APP_ENV": "test",
            "TEST_DATABASE_URL": DATABASE_URL or "",
            "TEST_REDIS_URL": REDIS_URL or "",
            "TEST_STORAGE_DIR": app.config["STORAGE_DIR"],
            # Vendor endpoints (the emulators) and models the test set up, as the app has them.
            "TEST_APP_CONFIG": json.dumps({k: app.config.get(k) for k in SHARED_CONFIG}),
            "FLASK_APP": "tests.worker_app:app",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


@pytest.fixture()
def run_worker(app):
    """Run a real RQ worker process in burst mode on the given queues; returns its output."""

    def run(*queues: str, timeout: int = 300) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [sys.executable, "-m", "flask", "worker", "--burst", *queues],
            cwd=ROOT,
            env=worker_env(app),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    return run


@pytest.fixture(scope="session")
def _emulators():
    from bots.emulators.dingtalk import DingTalkEmulator
    from bots.emulators.server import start_emulator
    from bots.emulators.wechat import WeChatEmulator

    wechat, dingtalk = WeChatEmulator(), DingTalkEmulator()
    wechat_url, stop_wechat = start_emulator(wechat)
    dingtalk_url, stop_dingtalk = start_emulator(dingtalk)
    yield {"wechat": (wechat, wechat_url), "dingtalk": (dingtalk, dingtalk_url)}
    stop_wechat()
    stop_dingtalk()


@pytest.fixture()
def wechat_emulator(app, _emulators):
    """The real wechatpy client talks to this local WeChat server during the test."""
    emulator, url = _emulators["wechat"]
    emulator.reset()
    saved = {k: app.config.get(k) for k in ("WECHAT_APPID", "WECHAT_SECRET", "WECHAT_API_BASE_URL")}
    app.config.update(
        WECHAT_APPID=emulator.appid, WECHAT_SECRET=emulator.secret, WECHAT_API_BASE_URL=url
    )
    yield emulator
    app.config.update(saved)


@pytest.fixture()
def dingtalk_emulator(app, _emulators):
    """The real dingtalk-sdk client talks to this local DingTalk server during the test."""
    emulator, url = _emulators["dingtalk"]
    emulator.reset()
    keys = ("DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_AGENT_ID", "DINGTALK_API_BASE_URL")
    saved = {k: app.config.get(k) for k in keys}
    app.config.update(
        DINGTALK_APP_KEY=emulator.app_key,
        DINGTALK_APP_SECRET=emulator.app_secret,
        DINGTALK_AGENT_ID=str(emulator.agent_id),
        DINGTALK_API_BASE_URL=url,
    )
    yield emulator
    app.config.update(saved)
