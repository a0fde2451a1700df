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

from bench.load_cluster import Cluster  # noqa: E402
from bench.load_setup import (  # noqa: E402
    HOST,
    REDIS_DB,
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
USE_TICKETS = [True]  # --no-tickets: hint requests as a client without tickets sends them
# The issue's "today" (quiet 2-core box, 5 gunicorn workers, before issue 15's work).
TODAY = {
    300: {"hints": (209, 2281), "answers": (417, 2527), "errors": 0, "srv_ms": 11.4},
    600: {"hints": (3121, 6234), "answers": (4124, 6506), "errors": 0},
    1000: {"hints": (5406, 9887), "answers": (8266, 9961), "errors": 1207},
}
TODAY_HINT_CPU_MS = 5.9  # in process, per hint request
TARGET_HINT_CPU_MS, TARGET_ANSWER_CPU_MS, TARGET_DB_CPU_MS = 1.5, 10.0, 0.3
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
    ticket: str | None = None  # the current question's hint ticket (None: the lookup path)
    shown: list[str] = field(default_factory=list)  # hint codes shown for this question
    key: str | None = None  # the Idempotency-Key of an answer not yet acknowledged
    acks: dict[int, tuple[int, str]] = field(default_factory=dict)  # question -> (answer, key)

    def next_question(self, question: dict | None, use_ticket: bool) -> None:
        self.question_id = question["id"] if question else None
        self.ticket = question.get("hint_ticket") if question and use_ticket else None
        self.shown = []

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
    phone.next_question(body["current_question"], USE_TICKETS[0])


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


async def send_answer(phone: Phone, stats: Stats, text: str, elapsed: float) -> bool:
    """One attempt; True once acknowledged. As the mini-program does, a retry after a timeout
    or a dropped connection resends the same Idempotency-Key (and gets the first result)."""
    phone.key = phone.key or uuid.uuid4().hex
    response = await timed_post(
        phone,
        stats,
        "answers",
        f"/api/mp/v1/interviews/{phone.interview_id}/answers",
        {"question_id": phone.question_id, "text": text, "duration_s": elapsed},
        {"Idempotency-Key": phone.key},
    )
    if response is None:
        return False
    phone.acks[response["question_id"]] = (response["answer_id"], phone.key)
    phone.key = None
    nxt = response.get("next_question")
    phone.next_question(nxt, USE_TICKETS[0])
    stats.finished += nxt is None
    return True


async def settle(phones: list[Phone], stats: Stats, seconds: float = 30.0) -> None:
    """After the load: answers still unacknowledged are retried (same key) until they are."""
    deadline = time.monotonic() + seconds

    async def one(phone: Phone):
        while phone.key is not None and time.monotonic() < deadline:
            if not await send_answer(phone, stats, CLAUSES[0], 30.0):
                await asyncio.sleep(1.0)
        phone.conn.close()

    await asyncio.gather(*(one(p) for p in phones))


async def candidate(phone: Phone, stats: Stats, stop_at: float, rng: random.Random):
    """Hints every 2 s; an answer about every 30 s (first ones spread over the first 30 s).

    Like the phone's timer, a tick that comes while a request is still out is skipped, so a
    slow server sees fewer requests, not a growing backlog."""
    loop_start = time.monotonic() + rng.uniform(0, HINT_EVERY_S)
    await asyncio.sleep(loop_start - time.monotonic())
    question_start, clauses = loop_start, 0
    answer_at = loop_start + rng.uniform(8, 38)
    tick = loop_start
    base = f"/api/mp/v1/interviews/{phone.interview_id}"
    while tick < stop_at and phone.question_id is not None:
        now = time.monotonic()
        stats.lag.append((now - tick) * 1000)
        clauses += 1
        text = "".join(CLAUSES[i % len(CLAUSES)] for i in range(clauses))
        elapsed = now - question_start
        if now >= answer_at:
            if await send_answer(phone, stats, text, elapsed):
                question_start, clauses = time.monotonic(), 0
                answer_at = question_start + rng.uniform(25, 35)
        else:
            body = {
                "question_id": phone.question_id,
                "partial_text": text,
                "elapsed_s": round(elapsed, 1),
                "shown": phone.shown,
            }
            if phone.ticket:
                body["ticket"] = phone.ticket
            response = await timed_post(phone, stats, "hints", f"{base}/hints", body)
            if response is not None:  # as the mini-program: a hint is shown once
                phone.shown += [h["code"] for h in response["hints"]]
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


class CpuMeter:
    """CPU seconds of a set of processes, remembering the last reading of any that die."""

    def __init__(self, pids: list[int]):
        self.pids, self.last = pids, {}
        self.first = self.read()

    def read(self) -> dict[int, float]:
        for pid in self.pids:
            seconds = cpu_seconds([pid])
            if seconds or pid not in self.last:
                self.last[pid] = seconds
        return dict(self.last)

    def used(self) -> float:
        now = self.read()
        return sum(now[pid] - self.first.get(pid, 0.0) for pid in now)


async def run_level(
    level, phones, invitations, consent_version, duration, pids, kill=None, db_name=None
) -> dict:
    t0 = time.monotonic()
    await warm_up(phones, invitations, consent_version)
    warm_s = time.monotonic() - t0
    stats = Stats()
    rng = random.Random(level)
    load_before = os.getloadavg()
    server, database = CpuMeter(pids), CpuMeter(database_pids())
    client_cpu = time.process_time()
    started = time.monotonic()
    stop_at = started + duration
    killed = {}
    if kill is not None:

        def kill_now():
            server.read()  # the victim's CPU so far still counts
            killed["pid"], killed["at_s"] = kill(), round(time.monotonic() - started, 1)
            print(f"  killed gunicorn {killed['pid']} at {killed['at_s']} s", flush=True)

        asyncio.get_running_loop().call_later(duration / 2, kill_now)
    await asyncio.gather(*(candidate(p, stats, stop_at, rng) for p in phones))
    wall = time.monotonic() - started
    server_cpu, db_cpu = server.used(), database.used()
    client_cpu = time.process_time() - client_cpu
    await settle(phones, stats)
    result = {
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
        "server_cpu_s": round(server_cpu, 1),
        "client_cpu_s": round(client_cpu, 1),
        "db_cpu_s": round(db_cpu, 1),
        "load_avg": [round(x, 2) for x in (load_before[0], os.getloadavg()[0])],
        "finished_interviews": stats.finished,
        "skipped_ticks": stats.skipped,
        "tickets": USE_TICKETS[0],
    }
    # Requests that timed out at the client were still served: they count as sent.
    requests = max(1, result["hints"] + result["answers"] + result["errors"])
    result["server_ms_per_request"] = round(server_cpu * 1000 / requests, 2)
    result["db_ms_per_request"] = round(db_cpu * 1000 / requests, 3)
    if killed:
        result["killed"] = killed
    if db_name is not None:
        from bench.load_cluster import loss_report

        result["loss"] = loss_report(db_name, phones)
    return result


def print_table(results: list[dict]) -> None:
    head = (
        f"{'cands':>5} {'hints':>6} {'p50 ms':>7} {'p99 ms':>7} {'p99/100':>7} "
        f"{'answers':>7} {'p50 ms':>7} {'p99 ms':>7} {'p99/300':>7} {'errors':>6} "
        f"{'req/s':>6} {'skip':>5} {'lag99':>6} {'srvCPU':>6} {'dbCPU':>6} {'cliCPU':>6} "
        f"{'srv ms/req':>10} {'db ms/req':>9} {'load':>11}"
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
            f"{r['server_ms_per_request']:>10.2f} {r['db_ms_per_request']:>9.3f} "
            f"{r['load_avg'][0]:>5.2f}>{r['load_avg'][1]:<5.2f}"
        )
        today = TODAY.get(r["level"])
        if today:
            srv = f"{today['srv_ms']:>10.2f}" if "srv_ms" in today else f"{'':>10}"
            print(
                f"{'today':>5} {'':>6} {today['hints'][0]:>7.0f} {today['hints'][1]:>7.0f} "
                f"{today['hints'][1] / TARGET_HINTS_P99_MS:>7.2f} {'':>7} "
                f"{today['answers'][0]:>7.0f} {today['answers'][1]:>7.0f} "
                f"{today['answers'][1] / TARGET_ANSWERS_P99_MS:>7.2f} {today['errors']:>6} "
                f"{'':>6} {'':>5} {'':>6} {'':>6} {'':>6} {'':>6} {srv} {'':>9}"
            )
    print(
        "p99/100, p99/300: ratio to the targets at 1000 (hints p99 < 100 ms, answers p99 < 300 ms;"
        " <= 1.00 meets it)."
        " srvCPU/dbCPU/cliCPU: cores used by gunicorn, MariaDB, this load generator."
        " srv ms/req, db ms/req: CPU per request sent (hints and answers together, timed-out"
        " ones included) of gunicorn and of MariaDB (MariaDB's includes anything else the"
        " server did meanwhile)."
        " today: the issue's figures before this work."
        " skip: 2 s ticks a phone skipped because its previous request was still out."
        " lag99: p99 of how late the generator's timers fired (ms)."
        " load: 1-min load average before>after."
    )
    for r in results:
        hints, answers = r["hints"], r["answers"]
        blend = (hints * TARGET_HINT_CPU_MS + answers * TARGET_ANSWER_CPU_MS) / max(
            1, hints + answers
        )
        print(
            f"per request at {r['level']}: server {r['server_ms_per_request']:.2f} ms"
            f" (target for this mix of {hints} hints and {answers} answers: <= {blend:.2f} ms;"
            f" today 11.4 ms at 300, a hint {TODAY_HINT_CPU_MS} ms in process), database"
            f" {r['db_ms_per_request']:.3f} ms (target <= {TARGET_DB_CPU_MS} ms);"
            f" hint tickets {'on' if r['tickets'] else 'off'}"
        )
        if r["error_kinds"]:
            print(f"errors at {r['level']}: {r['error_kinds']}")
        if "loss" in r:
            print(
                f"answers at {r['level']}: {r['loss']}"
                + (f", killed {r['killed']}" if "killed" in r else "")
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="200,500,1000", help="concurrent candidates")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--db", default="bench_load", help="MariaDB database (recreated)")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB, help="Redis db (emptied)")
    parser.add_argument("--port", type=int, help="where the candidate API listens (default: free)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: conf)")
    parser.add_argument("--threads", type=int, help="gunicorn threads (default: conf)")
    parser.add_argument(
        "--no-tickets", action="store_true", help="hint requests without the hint ticket"
    )
    parser.add_argument(
        "--haproxy",
        action="store_true",
        help="two gunicorn instances (--workers each) behind HAProxy; one is killed half-way"
        " through each level and the answers are checked against the database",
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    USE_TICKETS[0] = not args.no_tickets

    try:
        check_services(args.redis_db)
    except SetupError as exc:
        print(f"bench_load: {exc}", file=sys.stderr)
        return 2
    from app.services.consent_text import CONSENT_VERSION

    port = args.port or free_port()
    env = server_env(args.db, port, args.workers, args.threads, args.redis_db)
    log_dir = Path(f"/tmp/bench_load_logs_{args.db}")
    print(f"database {args.db}: creating, migrating, seeding", flush=True)
    recreate_database(args.db)
    reset_redis(args.redis_db)
    stack = (
        Cluster(env, port, log_dir) if args.haproxy else Stack(env=env, port=port, log_dir=log_dir)
    )
    results = []
    try:
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "seed-demo")
        openids = {lv: [f"bench-{lv}-{i:05d}" for i in range(lv)] for lv in levels}
        invitations = seed_candidates(args.db, [o for ids in openids.values() for o in ids])
        for level in levels:
            if args.haproxy or not results:  # a killed instance comes back for the next level
                stack.stop()
                stack.start()
                pids = stack.gunicorn_pids()
                where = "HAProxy in front of two gunicorn instances" if args.haproxy else "gunicorn"
                print(
                    f"{where} on {HOST}:{port} ({len(pids)} processes), RQ worker;"
                    f" logs in {log_dir}",
                    flush=True,
                )
            phones = [Phone(o, Connection(port)) for o in openids[level]]
            print(f"level {level}: warm-up then {args.duration:.0f} s of load", flush=True)
            result = asyncio.run(
                run_level(
                    level,
                    phones,
                    invitations,
                    CONSENT_VERSION,
                    args.duration,
                    pids,
                    kill=stack.kill_one if args.haproxy else None,
                    db_name=args.db,
                )
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
    lossless = all(
        r["loss"]["answers_lost"] == 0
        and r["loss"]["still_retrying"] == 0
        and r["loss"]["stored_but_unacknowledged"] == 0
        for r in results
    )
    if args.haproxy:  # requests cut by the kill are retried by HAProxy or the client
        return 0 if lossless else 1
    return 0 if lossless and all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
