"""The production entry point: gunicorn serving wsgi:app with our config file."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_health_with_the_shipped_config(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path}/g.sqlite3",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESSLOG": str(tmp_path / "access.log"),
    }
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    status = r.status
                break
            except OSError:
                time.sleep(0.25)
        assert body is not None, proc.stdout.read1().decode() if proc.poll() is not None else ""
        assert status == 200 and '"db":"ok"' in body.replace(" ", "")
        secret = "Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZQ"
        try:
            urllib.request.urlopen(  # noqa: S310 - loopback
                f"http://127.0.0.1:{port}/bots/dingtalk/action?action=view&id=1&sig={secret}",
                timeout=5,
            )
        except OSError:
            pass  # refused (bad signature): only the log line matters here
    finally:
        proc.terminate()
        proc.communicate(timeout=60)  # graceful (a loaded machine may take a while); closes pipes
    logged = (tmp_path / "access.log").read_text()
    assert "/bots/dingtalk/action" in logged and "sig=[redacted]" in logged
    assert secret not in logged


def test_development_server_log_lines_hide_signatures():
    import logging

    from app.log_redaction import RedactSignatures

    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /bots/dingtalk/action?action=pass&id=7&sig=c2VjcmV0&exp=1 HTTP/1.1", 200, 12),
        None,
    )
    RedactSignatures().filter(record)
    assert "c2VjcmV0" not in record.getMessage() and "sig=[redacted]&exp=1" in record.getMessage()
