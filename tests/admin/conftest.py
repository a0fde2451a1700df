"""The admin page served for real (a thread on a free port) and driven by Debian's Chromium.

Playwright drives the system browser (/usr/bin/chromium, installed by scripts/setup.sh); it
never downloads one. Screenshots go to $ADMIN_SCREENSHOT_DIR (test-artifacts/screenshots by
default; scripts/test.sh names it).
"""

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import event
from werkzeug.serving import make_server

from tests.conftest import REDIS_URL, ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("ADMIN_SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots"))
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture()
def demo(app, db, wechat_emulator, dingtalk_emulator):
    """`flask seed-demo`'s company, with the emulators receiving every message it sends."""
    from app.services.demo import seed_demo
    from app.services.subscriptions import record_popup

    # Every demo candidate accepted every subscribe message in the mini-program, 5 times.
    results = dict.fromkeys(("tmpl-invitation", "tmpl-report-ready", "tmpl-final-round"), "accept")
    for n in range(1, 7):
        for _ in range(5):
            wechat_emulator.popup(f"demo-openid-{n}", results)
            record_popup(f"demo-openid-{n}", results, "mp")
    db.session.commit()
    seed_demo(interviews=True)
    return {"wechat": wechat_emulator, "dingtalk": dingtalk_emulator}


@pytest.fixture()
def page(browser, live_server, request):
    """A fresh browser context (cookies) per test; a screenshot is kept if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.base = live_server
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    yield tab
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        shoot(tab, f"FAILED-{request.node.name}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def shoot(tab, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    backend = "mariadb" if REDIS_URL else "sqlite"
    path = SCREENSHOTS / f"{name}-{backend}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def login(tab, username: str, password: str = DEMO_PASSWORD) -> None:
    tab.goto(tab.base + "/admin/login")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(tab.base + "/admin/")


@pytest.fixture()
def count_queries(app):
    """with count_queries() as n: ... ; n() is the number of SQL statements run inside."""
    from contextlib import contextmanager

    from app.extensions import db

    @contextmanager
    def counting():
        seen = []

        def before(conn, cursor, statement, *args):
            seen.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield lambda: len(seen)
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting
