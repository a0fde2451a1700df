"""Load benchmark of the candidate API (issue 6): live hints and answers under N candidates.

Run: .venv/bin/python bench/bench_load.py --levels 200,500,1000 --duration 60

It creates its own MariaDB database (`bench_load` on 127.0.0.1:3306 as root, dropped at the
end unless --keep-db), runs `flask db upgrade` and `flask seed-demo`, bulk-inserts one
candidate + invitation (产品经理) per simulated phone, then starts gunicorn
(gunicorn.conf.py) and one RQ worker (`flask worker default notify`) on loopback with
Redis db 11. For each level a fresh set of candidates logs in (`dev:<openid>`), consents and
starts the formal interview (warm-up, not measured); then every candidate sends a hint
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


@dataclass
class Phone:
    """One simulated candidate: token, interview, current question."""

    openid: str
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

    def error(self, kind: str, what: str) -> None:
        self.errors[f"{kind}:{what}"] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


async def prepare(client, phone: Phone, invitation_id: int, consent_version: str) -> None:
    """Login, consent, start the formal interview: the journey up to the first question."""
    r = await client.post("/api/mp/v1/session", json={"code": f"dev:{phone.openid}"})
    r.raise_for_status()
    phone.token = r.json()["token"]
    r = await client.post(
        "/api/mp/v1/consents",
        json={"kinds": CONSENTS, "version": consent_version},
        headers=phone.headers,
    )
    r.raise_for_status()
    r = await client.post(
        "/api/mp/v1/interviews",
        json={"invitation_id": invitation_id, "kind": "formal"},
        headers=phone.headers,
    )
    r.raise_for_status()
    body = r.json()
    phone.interview_id = body["id"]
    phone.question_id = body["current_question"]["id"]


async def warm_up(client, phones, invitations, consent_version, concurrency=40) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(phone):
        async with gate:
            await prepare(client, phone, invitations[phone.openid], consent_version)

    await asyncio.gather(*(one(p) for p in phones))


async def timed_post(client, stats: Stats, kind: str, url: str, **kwargs):
    import httpx

    started = time.perf_counter()
    try:
        response = await client.post(url, **kwargs)
    except httpx.HTTPError as exc:
        stats.error(kind, type(exc).__name__)
        return None
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code >= 300:
        code = response.json().get("error", {}).get("code", "") if response.content else ""
        stats.error(kind, f"{response.status_code} {code}")
        return None
    (stats.hints if kind == "hints" else stats.answers).append(elapsed_ms)
    return response


async def candidate(client, phone: Phone, stats: Stats, stop_at: float, rng: random.Random):
    """Hints every 2 s; an answer about every 30 s (first ones spread over the first 30 s)."""
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
            response = await timed_post(
                client,
                stats,
                "answers",
                f"{base}/answers",
                json={"question_id": phone.question_id, "text": text, "duration_s": elapsed},
                headers={**phone.headers, "Idempotency-Key": uuid.uuid4().hex},
            )
            if response is not None:
                nxt = response.json().get("next_question")
                phone.question_id = nxt["id"] if nxt else None
                stats.finished += nxt is None
            question_start, clauses = time.monotonic(), 0
            answer_at = question_start + rng.uniform(25, 35)
        else:
            await timed_post(
                client,
                stats,
                "hints",
                f"{base}/hints",
                json={
                    "question_id": phone.question_id,
                    "partial_text": text,
                    "elapsed_s": round(elapsed, 1),
                    "shown": [],
                },
                headers=phone.headers,
            )
        tick += HINT_EVERY_S
        await asyncio.sleep(max(0.0, tick - time.monotonic()))


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


async def run_level(port, level, phones, invitations, consent_version, duration, pids) -> dict:
    import httpx

    limits = httpx.Limits(max_connections=level + 50, max_keepalive_connections=level + 50)
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}", limits=limits, timeout=10.0
    ) as client:
        t0 = time.monotonic()
        await warm_up(client, phones, invitations, consent_version)
        warm_s = time.monotonic() - t0
        stats = Stats()
        rng = random.Random(level)
        load_before = os.getloadavg()
        server_cpu, client_cpu = cpu_seconds(pids), time.process_time()
        started = time.monotonic()
        stop_at = started + duration
        await asyncio.gather(*(candidate(client, p, stats, stop_at, rng) for p in phones))
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
        "load_avg": [round(x, 2) for x in (load_before[0], os.getloadavg()[0])],
        "finished_interviews": stats.finished,
    }


def print_table(results: list[dict]) -> None:
    head = (
        f"{'cands':>5} {'hints':>6} {'p50 ms':>7} {'p99 ms':>7} {'p99/100':>7} "
        f"{'answers':>7} {'p50 ms':>7} {'p99 ms':>7} {'p99/300':>7} {'errors':>6} "
        f"{'req/s':>6} {'lag99':>6} {'srvCPU':>6} {'cliCPU':>6} {'load':>11}"
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
            f"{total / r['wall_s']:>6.0f} {r['client_lag_p99_ms']:>6.0f} "
            f"{r['server_cpu_s'] / r['wall_s']:>6.2f} {r['client_cpu_s'] / r['wall_s']:>6.2f} "
            f"{r['load_avg'][0]:>5.2f}>{r['load_avg'][1]:<5.2f}"
        )
    print(
        "p99/100, p99/300: ratio to the targets at 1000 (hints p99 < 100 ms, answers p99 < 300 ms;"
        " <= 1.00 meets it). srvCPU/cliCPU: cores used by gunicorn and by this load generator."
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
            phones = [Phone(o) for o in openids[level]]
            print(f"level {level}: warm-up then {args.duration:.0f} s of load", flush=True)
            result = asyncio.run(
                run_level(port, level, phones, invitations, CONSENT_VERSION, args.duration, pids)
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
