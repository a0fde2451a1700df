"""CPU per live-hint request and per text answer, in process, through the real WSGI app on MariaDB.

Run: .venv/bin/python bench/profile_hot_path.py [--hints 2000] [--candidates 40] [--db bench_profile]

No HTTP server and no network client: each request's WSGI environ is built before the clock
starts, then `app(environ, start_response)` runs and its body is read, so the figure is the
application's own CPU (Flask, authentication, validation, SQLAlchemy and PyMySQL, hints,
JSON) without gunicorn's or a client's. Queries per request are counted with a SQLAlchemy
event; the database's own CPU is read from mariadbd's /proc counters, which on a shared
machine include other users' queries (shown, but read it with the load average).

It recreates its database (MariaDB on 127.0.0.1:3306 as root; dropped at the end unless
--keep-db), migrates, seeds the demo company and N candidates, and empties its Redis db.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_setup import (  # noqa: E402
    HOST,
    REDIS_PORT,
    SetupError,
    check_services,
    drop_database,
    flask_cli,
    recreate_database,
    seed_candidates,
    server_env,
)

# What the issue measured before any of this work (in process, quiet 2-core box).
TODAY = {"hint_cpu_ms": 5.9}
TARGETS = {"hint_cpu_ms": 1.5, "answer_cpu_ms": 10.0, "db_cpu_ms": 0.3}
PARTIAL = (
    "去年我负责公司B端产品的需求梳理，当时客户流失率上升到8%，我的任务是在一个季度内找到原因。"
    "首先我访谈了30位客户，并分析了使用数据，"
)
ANSWER = PARTIAL + "其次我按影响和成本排了优先级，推动研发在6周内上线了新版本；最后流失率下降到3%。"
CONSENTS = ["processing", "voice", "ai_evaluation"]


class Probe:
    """Runs prepared requests against the WSGI app and accounts CPU and queries per kind."""

    def __init__(self, app):
        from sqlalchemy import event

        from app.extensions import db

        self.app = app
        self.queries = 0
        with app.app_context():
            engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args):
            self.queries += 1

    def environ(self, method: str, path: str, body: dict | None, headers: dict) -> dict:
        from werkzeug.test import EnvironBuilder

        builder = EnvironBuilder(path=path, method=method, json=body, headers=headers)
        try:
            return builder.get_environ()
        finally:
            builder.close()

    def call(self, environ: dict) -> tuple[int, bytes]:
        status = []

        def start_response(line, _headers, _exc=None):
            status.append(int(line.split(" ", 1)[0]))

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return status[0], body

    def json(self, method, path, body=None, headers=None) -> dict:
        status, raw = self.call(self.environ(method, path, body, headers or {}))
        if status >= 300:
            raise SetupError(f"{method} {path} answered {status}: {raw[:300]!r}")
        return json.loads(raw)


def _mariadb_cpu() -> float:
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("mariadbd", "mysqld"):
                fields = (comm.parent / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return total


def measure(probe: Probe, prepared: list[dict]) -> dict:
    """CPU, wall and queries per request over prepared environs (each must answer 200)."""
    queries, cpu, wall, db_cpu = probe.queries, time.process_time(), time.perf_counter(), 0.0
    db_before = _mariadb_cpu()
    for environ in prepared:
        status, raw = probe.call(environ)
        if status != 200:
            raise SetupError(f"{environ['PATH_INFO']} answered {status}: {raw[:300]!r}")
    n = len(prepared)
    db_cpu = _mariadb_cpu() - db_before
    return {
        "requests": n,
        "cpu_ms": round((time.process_time() - cpu) * 1000 / n, 3),
        "wall_ms": round((time.perf_counter() - wall) * 1000 / n, 3),
        "queries": round((probe.queries - queries) / n, 2),
        "db_cpu_ms": round(db_cpu * 1000 / n, 3),
    }


def login_and_start(probe: Probe, openid: str, invitation_id: int, version: str) -> dict:
    token = probe.json("POST", "/api/mp/v1/session", {"code": f"dev:{openid}"})["token"]
    headers = {"Authorization": f"Bearer {token}"}
    probe.json("POST", "/api/mp/v1/consents", {"kinds": CONSENTS, "version": version}, headers)
    started = probe.json(
        "POST", "/api/mp/v1/interviews", {"invitation_id": invitation_id, "kind": "formal"}, headers
    )
    return {"headers": headers, "interview": started}


def hint_environs(probe: Probe, phones: list[dict], count: int, ticket: bool) -> list[dict]:
    prepared = []
    for i in range(count):
        phone = phones[i % len(phones)]
        question = phone["interview"]["current_question"]
        body = {
            "question_id": question["id"],
            "partial_text": PARTIAL[: 20 + (i % 40)],
            "elapsed_s": 20.0,
            "shown": [],
        }
        if ticket and question.get("hint_ticket"):
            body["ticket"] = question["hint_ticket"]
        path = f"/api/mp/v1/interviews/{phone['interview']['id']}/hints"
        prepared.append(probe.environ("POST", path, body, phone["headers"]))
    return prepared


def answer_round(probe: Probe, phones: list[dict]) -> dict:
    """Every phone answers its current question once (text, a fresh Idempotency-Key)."""
    prepared = []
    for phone in phones:
        question = phone["interview"]["current_question"]
        path = f"/api/mp/v1/interviews/{phone['interview']['id']}/answers"
        headers = {**phone["headers"], "Idempotency-Key": uuid.uuid4().hex}
        body = {"question_id": question["id"], "text": ANSWER, "duration_s": 60}
        prepared.append(probe.environ("POST", path, body, headers))
    return measure(probe, prepared)


def run(args) -> dict:
    env = server_env(args.db, 0, None, None)
    env["REDIS_URL"] = f"redis://{HOST}:{REDIS_PORT}/{args.redis_db}"
    # app.config reads the environment when it is imported: set it first.
    os.environ.update({k: env[k] for k in ("APP_ENV", "WECHAT_DEV_LOGIN", "DATABASE_URL")})
    from app import create_app
    from app.services.consent_text import CONSENT_VERSION

    recreate_database(args.db)
    import redis

    redis.Redis(host=HOST, port=REDIS_PORT, db=args.redis_db).flushdb()
    flask_cli(env, "db", "upgrade")
    flask_cli(env, "seed-demo", "--no-history")
    openids = [f"profile-{i:04d}" for i in range(args.candidates)]
    invitations = seed_candidates(args.db, openids)
    app = create_app({"REDIS_URL": env["REDIS_URL"], "STORAGE_DIR": env["STORAGE_DIR"]})
    probe = Probe(app)
    phones = [login_and_start(probe, o, invitations[o], CONSENT_VERSION) for o in openids]

    results = {"load_avg": [round(os.getloadavg()[0], 2)]}
    measure(probe, hint_environs(probe, phones, min(200, args.hints), ticket=False))  # warm
    results["hint_db"] = measure(probe, hint_environs(probe, phones, args.hints, ticket=False))
    if any(p["interview"]["current_question"].get("hint_ticket") for p in phones):
        measure(probe, hint_environs(probe, phones, min(200, args.hints), ticket=True))
        results["hint_ticket"] = measure(
            probe, hint_environs(probe, phones, args.hints, ticket=True)
        )
    rounds = []
    for _ in range(args.answer_rounds):
        rounds.append(answer_round(probe, phones))
        for phone in phones:
            interview = phone["interview"]
            interview["current_question"] = probe.json(
                "GET", f"/api/mp/v1/interviews/{interview['id']}", headers=phone["headers"]
            )["current_question"]
    total = sum(r["requests"] for r in rounds)
    results["answer"] = {
        key: round(sum(r[key] * r["requests"] for r in rounds) / total, 3)
        for key in ("cpu_ms", "wall_ms", "queries", "db_cpu_ms")
    } | {"requests": total}
    if not args.in_process_only:
        from bench.profile_served import measure_served

        results |= measure_served(env, phones, args.hints, PARTIAL, ANSWER)
    results["load_avg"].append(round(os.getloadavg()[0], 2))
    return results


def print_table(results: dict) -> None:
    print(f"{'request':<22} {'n':>6} {'CPU ms':>8} {'wall ms':>8} {'queries':>8} {'dbCPU ms':>9}")
    for name in ("hint_db", "hint_ticket", "answer", "served_hint_ticket", "served_answer"):
        r = results.get(name)
        if r:
            queries = f"{r['queries']:>8.2f}" if "queries" in r else f"{'':>8}"
            print(
                f"{name:<22} {r['requests']:>6} {r['cpu_ms']:>8.3f} {r['wall_ms']:>8.3f}"
                f" {queries} {r['db_cpu_ms']:>9.3f}"
            )
    print(
        f"today (issue 15): hint {TODAY['hint_cpu_ms']} ms CPU in process; targets: hint <="
        f" {TARGETS['hint_cpu_ms']} ms, text answer <= {TARGETS['answer_cpu_ms']} ms, database <="
        f" {TARGETS['db_cpu_ms']} ms per request. hint_db: a client without a hint ticket;"
        " hint_ticket: with the ticket from the question. served_*: the same over HTTP, one"
        " gunicorn worker (4 threads), its CPU per request from /proc. dbCPU: mariadbd's CPU over the run"
        " divided by the requests (includes anything else the shared server did)."
        f" load average before>after: {results['load_avg'][0]}>{results['load_avg'][-1]}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hints", type=int, default=2000, help="hint requests per mode")
    parser.add_argument("--candidates", type=int, default=40, help="interviews (answers each)")
    parser.add_argument("--answer-rounds", type=int, default=3, help="answers per interview")
    parser.add_argument("--db", default="bench_profile", help="MariaDB database (recreated)")
    parser.add_argument("--redis-db", type=int, default=12, help="Redis db number (emptied)")
    parser.add_argument(
        "--in-process-only", action="store_true", help="skip the gunicorn (served) half"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    try:
        check_services()
        results = run(args)
    except SetupError as exc:
        print(f"profile_hot_path: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep_db:
            drop_database(args.db)
    print(json.dumps(results, ensure_ascii=False))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
