"""The fuzz stage of the test command: schemathesis against the live app's /openapi.json.

The app runs as in production (gunicorn) on the SQLite default with jobs inline, talking to
the local WeChat/DingTalk emulators, with the demo company loaded. schemathesis runs every
check on every operation four times: unauthenticated, as an HR admin, as a department
manager and as a candidate. The run fails on any 5xx (counted from gunicorn's access log,
whatever schemathesis thinks) and on any conformance failure schemathesis reports.

    .venv/bin/python -m tests.fuzz.run_fuzz [--max-examples 50] [--budget-s 600]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
ROLES = ("anonymous", "admin", "manager", "candidate")
# With a token of one kind, the other API only answers 401, which the anonymous run covers.
ROLE_PATHS = {"admin": "^/api/admin/", "manager": "^/api/admin/", "candidate": "^/api/mp/"}

TOKENS_SCRIPT = """
import json
from app import create_app
from app.auth import issue_token
from app.extensions import db
from app.models import HrUser
from app.services import consents
from app.services.consent_text import CONSENT_VERSION

app = create_app()
with app.app_context():
    tokens = {}
    for role, username in (("admin", "admin"), ("manager", "sales-manager")):
        user = db.session.query(HrUser).filter_by(username=username).one()
        tokens[role], _ = issue_token("hr", hr_user=user)
    tokens["candidate"], _ = issue_token("mp", openid="demo-candidate")
    db.session.commit()
    from app.models import Candidate
    candidate = db.session.query(Candidate).filter_by(wechat_openid="demo-candidate").one()
    consents.record(
        "demo-candidate", candidate.id, ["processing", "voice", "ai_evaluation"], CONSENT_VERSION, "127.0.0.1"
    )
    db.session.commit()
    print(json.dumps(tokens))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout_s} s")
        time.sleep(0.3)


def _failures(junit: Path) -> list[str]:
    """Conformance failures schemathesis wrote to its JUnit report, one line each."""
    if not junit.exists():
        return ["schemathesis wrote no report"]
    found = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        for child in case:
            if child.tag in ("failure", "error"):
                text = (child.get("message") or child.text or "").strip().splitlines()
                found.append(f"{case.get('name')}: {text[0] if text else child.tag}")
    return found


def _server_errors(log_lines: list[str]) -> list[str]:
    """Requests answered 5xx, from gunicorn's access log (`%(r)s %(s)s` lines)."""
    errors = []
    for line in log_lines:
        match = re.search(r'"([A-Z]+ \S+)[^"]*" (\d{3}) ', line)
        if match and match.group(2).startswith("5"):
            errors.append(f"{match.group(2)} {match.group(1)}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--budget-s", type=int, default=900, help="time limit per role")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "20261124")))
    parser.add_argument("--junit", help="also write one JUnit test case per role here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    port, wechat_port, ding_port = _free_port(), _free_port(), _free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TEST_", "REDIS_", "DATABASE_"))
        },
        "APP_ENV": "development",
        "WECHAT_DEV_LOGIN": "1",
        "FLASK_APP": "wsgi",
        "DATABASE_URL": f"sqlite:///{work / 'fuzz.sqlite3'}",
        "STORAGE_DIR": str(work / "files"),
        "WECHAT_EMULATOR_PORT": str(wechat_port),
        "DINGTALK_EMULATOR_PORT": str(ding_port),
        "WECHAT_API_BASE_URL": f"http://127.0.0.1:{wechat_port}",
        "DINGTALK_API_BASE_URL": f"http://127.0.0.1:{ding_port}",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "ADMIN_BASE_URL": f"http://127.0.0.1:{port}/admin",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESSLOG": str(work / "access.log"),
        "PYTHONPATH": str(ROOT),
    }
    run = {"cwd": ROOT, "env": env, "check": True}
    subprocess.run([BIN / "flask", "db", "upgrade"], capture_output=True, **run)
    subprocess.run([BIN / "flask", "seed-demo"], capture_output=True, **run)
    tokens = json.loads(
        subprocess.run(
            [sys.executable, "-c", TOKENS_SCRIPT], capture_output=True, text=True, **run
        ).stdout
    )
    server_log = (work / "server.log").open("w")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bots.emulators"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    results = {}
    started = time.monotonic()
    try:
        _wait_http(f"{base}/healthz", 60)
        for role in args.roles.split(","):
            results[role] = _fuzz_role(role, base, tokens.get(role), work, args)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        server_log.close()

    total_5xx = sum(len(r["server_errors"]) for r in results.values())
    total_fail = sum(len(r["failures"]) for r in results.values())
    print("\n=== fuzz (schemathesis, all checks) ===")
    for role, r in results.items():
        print(
            f"{role:10s} requests {r['requests']:6d}  5xx {len(r['server_errors']):4d}  "
            f"conformance failures {len(r['failures']):4d}  ({r['seconds']:.0f} s, exit {r['rc']})"
        )
        for line in sorted(set(r["server_errors"]))[:20]:
            print(f"    5xx: {line}")
        for line in r["failures"][:40]:
            print(f"    failure: {line}")
    print(
        f"fuzz: {sum(r['requests'] for r in results.values())} requests, "
        f"{total_5xx} server errors, {total_fail} conformance failures "
        f"in {time.monotonic() - started:.0f} s (work folder {work})"
    )
    ok = total_5xx == 0 and total_fail == 0 and all(r["rc"] == 0 for r in results.values())
    if args.junit:
        _write_junit(Path(args.junit), results)
    return 0 if ok else 1


def _write_junit(path: Path, results: dict) -> None:
    suite = ET.Element("testsuite", name="fuzz", tests=str(len(results)))
    failures = 0
    for role, r in results.items():
        case = ET.SubElement(
            suite, "testcase", classname="fuzz", name=role, time=f"{r['seconds']:.1f}"
        )
        problems = r["server_errors"] + r["failures"]
        if problems or r["rc"] != 0:
            failures += 1
            ET.SubElement(
                case,
                "failure",
                message=f"{len(r['server_errors'])} 5xx, {len(r['failures'])} conformance failures",
            ).text = "\n".join(problems)
    suite.set("failures", str(failures))
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def _fuzz_role(role: str, base: str, token: str | None, work: Path, args) -> dict:
    log = work / "access.log"
    before = log.read_text().splitlines() if log.exists() else []
    out = work / role
    command = [
        str(BIN / "st"),
        "--no-color",
        "--config-file",
        str(CONFIG),
        "run",
        f"{base}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        # One worker: with two threads, CPython 3.11's ast module (hypothesis describes its
        # lambdas with it) can raise "AST constructor recursion depth mismatch", which
        # schemathesis reports as a failure of whatever operation it was generating for.
        "--workers",
        "1",
        "--request-timeout",
        "120",
        "--max-response-time",
        "120",
        "--report",
        "junit",
        "--report-dir",
        str(out),
        "--report-junit-path",
        str(out / "junit.xml"),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    if role in ROLE_PATHS:
        command += ["--include-path-regex", ROLE_PATHS[role]]
    began = time.monotonic()
    try:
        proc = subprocess.run(
            command,
            cwd=work,  # schemathesis keeps its cache of crashes in the working folder
            env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks", "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=args.budget_s,
        )
        rc, output = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, output = -1, f"timed out after {args.budget_s} s\n{exc.stdout or ''}"
    (out / "output.txt").parent.mkdir(parents=True, exist_ok=True)
    (out / "output.txt").write_text(output if isinstance(output, str) else output.decode())
    lines = log.read_text().splitlines()[len(before) :]
    return {
        "rc": rc,
        "requests": len(lines),
        "server_errors": _server_errors(lines),
        "failures": _failures(out / "junit.xml")
        + ([f"timed out after {args.budget_s} s"] if rc == -1 else []),
        "seconds": time.monotonic() - began,
    }


if __name__ == "__main__":
    sys.exit(main())
