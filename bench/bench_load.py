"""Load benchmark of the candidate API (issue 6): live hints and answers under N candidates.

Run: .venv/bin/python bench/bench_load.py --levels 200,500,1000 --duration 60

It creates its own MariaDB database (`bench_load` on 127.0.0.1:3306 as root, dropped at the
end unless --keep-db), runs `flask db upgrade` and `flask seed-demo`, bulk-inserts one
candidate + invitation (产品经理) per simulated phone, then starts gunicorn
(gunicorn.conf.py) and one RQ worker (`flask worker default notify`) on loopback with
Redis db 11 (emptied first). For each level a fresh set of candidates logs in
(`dev:<openid>`), consents and starts the formal interview (warm-up, not measured); then every candidate sends a hint
request every 2 s with a growing partial transcript and submits a text answer about every
30 s (the interview moves to the next question). Latency is measured on the client, from
sending to the full response; `client lag` is how late the load generator's own timers
fired (when it is high, the client is CPU-starved and every figure is inflated by it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_setup import (  # noqa: E402
    HOST,
    SetupError,
    Stack,
    check_services,
    drop_database,
    flask_cli,
    free_port,
    recreate_database,
    reset_redis,
    seed_candidates,
    server_env,
)

TARGET_HINTS_P99_MS = 100.0
TARGET_ANSWERS_P99_MS = 300.0
HINT_EVERY_S = 2.0
CONSENTS = ["processing", "voice", "ai_evaluation"]
# What a candidate says, a clause at a time (~10 characters per 2 s, i.e. ~300 字/分 typed
# or ~180 字/分 spoken with pauses); answers are stitched from these.
CLAUSES = [
    "去年我负责公司B端产品的需求梳理，",
    "当时客户流失率上升到8%，",
    "我的任务是在一个季度内找到原因。",
    "首先我访谈了30位客户，",
    "并分析了使用数据，",
    "发现报表导出功能是最大痛点；",
    "其次我按影响和成本排了优先级，",
    "推动研发在6周内上线了新版本；",
    "最后流失率下降到3%，",
    "客户满意度提升了20%。",
]


class HttpError(Exception):
    """A transport failure (refused, reset, timeout, malformed reply)."""


class Connection:
    """One keep-alive HTTP/1.1 connection, as one phone holds: a request at a time.

    A hand-rolled client because httpx's pool costs as much CPU per request as the server
    does at 1000 connections, which starves the server on a small machine and measures the
    load generator instead of the API.
    """

    def __init__(self, port: int, timeout: float = 10.0):
        self.port, self.timeout = port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, bytes]:
        payload = json.dumps(body, ensure_ascii=False).encode()
        head = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n{head}\r\n"
        ).encode() + payload
        try:
            async with asyncio.timeout(self.timeout):
                for attempt in (1, 2):
                    fresh = self.writer is None
                    if fresh:
                        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
                    try:
                        return await self._exchange(request)
                    except (ConnectionError, asyncio.IncompleteReadError) as exc:
                        # The server closed an idle keep-alive connection: reconnect once.
                        # Safe for answers too: the Idempotency-Key makes a resend harmless.
                        self.close()
                        if fresh or attempt == 2:
                            raise HttpError(type(exc).__name__) from exc
        except TimeoutError as exc:
            self.close()
            raise HttpError("timeout") from exc
        raise HttpError("unreachable")

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = None, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if length is None:
            raise HttpError("no Content-Length")
        body = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Phone:
    """One simulated candidate: token, interview, current question."""

    openid: str
    conn: Connection
    token: str = ""
    interview_id: int = 0
    question_id: int | None = None

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Stats:
    hints: list[float] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    lag: list[float] = field(default_factory=list)
    finished: int = 0
    skipped: int = 0

    def error(self, kind: str, what: str) -> None:
        self.errors[f"{kind}:{what}"] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


async def _ok(phone: Phone, path: str, body: dict, headers: dict | None = None) -> dict:
    status, raw = await phone.conn.post(path, body, headers)
    if status >= 300:
        raise SetupError(f"warm-up {path} answered {status}: {raw[:300]!r}")
    return json.loads(raw)


async def prepare(phone: Phone, invitation_id: int, consent_version: str) -> None:
    """Login, consent, start the formal interview: the journey up to the first question."""
    phone.token = (await _ok(phone, "/api/mp/v1/session", {"code": f"dev:{phone.openid}"}))["token"]
    await _ok(
        phone,
        "/api/mp/v1/consents",
        {"kinds": CONSENTS, "version": consent_version},
        phone.headers,
    )
    body = await _ok(
        phone,
        "/api/mp/v1/interviews",
        {"invitation_id": invitation_id, "kind": "formal"},
        phone.headers,
    )
    phone.interview_id = body["id"]
    phone.question_id = body["current_question"]["id"]


async def warm_up(phones, invitations, consent_version, concurrency=40) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(phone):
        async with gate:
            await prepare(phone, invitations[phone.openid], consent_version)

    await asyncio.gather(*(one(p) for p in phones))


async def timed_post(phone: Phone, stats: Stats, kind: str, path: str, body: dict, headers=None):
    started = time.perf_counter()
    try:
        status, raw = await phone.conn.post(path, body, {**phone.headers, **(headers or {})})
    except HttpError as exc:
        stats.error(kind, str(exc))
        return None
    elapsed_ms = (time.perf_counter() - started) * 1000
    if status >= 300:
        try:
            code = json.loads(raw).get("error", {}).get("code", "")
        except ValueError:
            code = ""
        stats.error(kind, f"{status} {code}")
        return None
    (stats.hints if kind == "hints" else stats.answers).append(elapsed_ms)
    return json.loads(raw)


async def candidate(phone: Phone, stats: Stats, stop_at: float, rng: random.Random):
    """Hints every 2 s; an answer about every 30 s (first ones spread over the first 30 s).

    Like the phone's timer, a tick that comes while a request is still out is skipped, so a
    slow server sees fewer requests, not a growing backlog."""
    loop_start = time.monotonic() + rng.uniform(0, HINT_EVERY_S)
    await asyncio.sleep(loop_start - time.monotonic())
    question_start, clauses = loop_start, 0
    answer_at = loop_start + rng.uniform(8, 38)
    tick, key = loop_start, None
    base = f"/api/mp/v1/interviews/{phone.interview_id}"
    while tick < stop_at and phone.question_id is not None:
        now = time.monotonic()
        stats.lag.append((now - tick) * 1000)
        clauses += 1
        text = "".join(CLAUSES[i % len(CLAUSES)] for i in range(clauses))
        elapsed = now - question_start
        if now >= answer_at:
            # As the mini-program does: a retry after a timeout resends the same key.
            key = key or uuid.uuid4().hex
            response = await timed_post(
                phone,
                stats,
                "answers",
                f"{base}/answers",
                {"question_id": phone.question_id, "text": text, "duration_s": elapsed},
                {"Idempotency-Key": key},
            )
            if response is not None:
                key = None
                nxt = response.get("next_question")
                phone.question_id = nxt["id"] if nxt else None
                stats.finished += nxt is None
                question_start, clauses = time.monotonic(), 0
                answer_at = question_start + rng.uniform(25, 35)
        else:
            await timed_post(
                phone,
                stats,
                "hints",
                f"{base}/hints",
                {
                    "question_id": phone.question_id,
                    "partial_text": text,
                    "elapsed_s": round(elapsed, 1),
                    "shown": [],
                },
            )
        tick += HINT_EVERY_S
        now = time.monotonic()
        if now > tick:  # missed ticks are skipped, not sent in a burst
            stats.skipped += int((now - tick) // HINT_EVERY_S) + 1
            tick += (int((now - tick) // HINT_EVERY_S) + 1) * HINT_EVERY_S
        await asyncio.sleep(tick - now)
    phone.conn.close()


def database_pids() -> list[int]:
    """MariaDB's server process, to show how the two cores are shared (read-only /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/comm"):
        try:
            if stat.read_text().strip() in ("mariadbd", "mysqld"):
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def run_level(level, phones, invitations, consent_version, duration, pids) -> dict:
    t0 = time.monotonic()
    await warm_up(phones, invitations, consent_version)
    warm_s = time.monotonic() - t0
    stats = Stats()
    rng = random.Random(level)
    load_before = os.getloadavg()
    db_pids = database_pids()
    server_cpu, client_cpu, db_cpu = cpu_seconds(pids), time.process_time(), cpu_seconds(db_pids)
    started = time.monotonic()
    stop_at = started + duration
    await asyncio.gather(*(candidate(p, stats, stop_at, rng) for p in phones))
    wall = time.monotonic() - started
    return {
        "level": level,
        "warm_up_s": round(warm_s, 1),
        "wall_s": round(wall, 1),
        "hints": len(stats.hints),
        "hints_p50_ms": percentile(stats.hints, 50),
        "hints_p99_ms": percentile(stats.hints, 99),
        "answers": len(stats.answers),
        "answers_p50_ms": percentile(stats.answers, 50),
        "answers_p99_ms": percentile(stats.answers, 99),
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        "client_lag_p99_ms": percentile(stats.lag, 99),
        "server_cpu_s": round(cpu_seconds(pids) - server_cpu, 1),
        "client_cpu_s": round(time.process_time() - client_cpu, 1),
        "db_cpu_s": round(cpu_seconds(db_pids) - db_cpu, 1),
        "load_avg": [round(x, 2) for x in (load_before[0], os.getloadavg()[0])],
        "finished_interviews": stats.finished,
        "skipped_ticks": stats.skipped,
    }


def print_table(results: list[dict]) -> None:
    head = (
        f"{'cands':>5} {'hints':>6} {'p50 ms':>7} {'p99 ms':>7} {'p99/100':>7} "
        f"{'answers':>7} {'p50 ms':>7} {'p99 ms':>7} {'p99/300':>7} {'errors':>6} "
        f"{'req/s':>6} {'skip':>5} {'lag99':>6} {'srvCPU':>6} {'dbCPU':>6} {'cliCPU':>6} {'load':>11}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        total = r["hints"] + r["answers"]
        print(
            f"{r['level']:>5} {r['hints']:>6} {r['hints_p50_ms']:>7.1f} {r['hints_p99_ms']:>7.1f} "
            f"{r['hints_p99_ms'] / TARGET_HINTS_P99_MS:>7.2f} "
            f"{r['answers']:>7} {r['answers_p50_ms']:>7.1f} {r['answers_p99_ms']:>7.1f} "
            f"{r['answers_p99_ms'] / TARGET_ANSWERS_P99_MS:>7.2f} {r['errors']:>6} "
            f"{total / r['wall_s']:>6.0f} {r['skipped_ticks']:>5} {r['client_lag_p99_ms']:>6.0f} "
            f"{r['server_cpu_s'] / r['wall_s']:>6.2f} {r['db_cpu_s'] / r['wall_s']:>6.2f} "
            f"{r['client_cpu_s'] / r['wall_s']:>6.2f} "
            f"{r['load_avg'][0]:>5.2f}>{r['load_avg'][1]:<5.2f}"
        )
    print(
        "p99/100, p99/300: ratio to the targets at 1000 (hints p99 < 100 ms, answers p99 < 300 ms;"
        " <= 1.00 meets it)."
        " srvCPU/dbCPU/cliCPU: cores used by gunicorn, MariaDB, this load generator."
        " skip: 2 s ticks a phone skipped because its previous request was still out."
        " lag99: p99 of how late the generator's timers fired (ms)."
        " load: 1-min load average before>after."
    )
    for r in results:
        if r["error_kinds"]:
            print(f"errors at {r['level']}: {r['error_kinds']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="200,500,1000", help="concurrent candidates")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--db", default="bench_load", help="MariaDB database (recreated)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: conf)")
    parser.add_argument("--threads", type=int, help="gunicorn threads (default: conf)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]

    try:
        check_services()
    except SetupError as exc:
        print(f"bench_load: {exc}", file=sys.stderr)
        return 2
    from app.services.consent_text import CONSENT_VERSION

    port = free_port()
    env = server_env(args.db, port, args.workers, args.threads)
    log_dir = Path(f"/tmp/bench_load_logs_{args.db}")
    print(f"database {args.db}: creating, migrating, seeding", flush=True)
    recreate_database(args.db)
    reset_redis()
    stack = Stack(env=env, port=port, log_dir=log_dir)
    results = []
    try:
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "seed-demo")
        openids = {lv: [f"bench-{lv}-{i:05d}" for i in range(lv)] for lv in levels}
        invitations = seed_candidates(args.db, [o for ids in openids.values() for o in ids])
        stack.start()
        pids = stack.gunicorn_pids()
        print(
            f"gunicorn on {HOST}:{port} ({len(pids) - 1} workers), RQ worker; logs in {log_dir}",
            flush=True,
        )
        for level in levels:
            phones = [Phone(o, Connection(port)) for o in openids[level]]
            print(f"level {level}: warm-up then {args.duration:.0f} s of load", flush=True)
            result = asyncio.run(
                run_level(level, phones, invitations, CONSENT_VERSION, args.duration, pids)
            )
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    except SetupError as exc:
        print(f"bench_load: {exc}", file=sys.stderr)
        return 2
    finally:
        stack.stop()
        if not args.keep_db:
            drop_database(args.db)
    print()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
