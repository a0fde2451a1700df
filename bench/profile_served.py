"""profile_hot_path.py, second half: the same requests served by one gunicorn worker over HTTP.

The in-process figures leave out what gunicorn adds (HTTP parsing, the thread pool, the
access log); here one worker (4 threads, keep-alive connections as phones hold them) serves
ticket hints and text answers for the interviews the first half started, and its CPU is read
from /proc, so "server CPU per hint" is the figure the issue's target names.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

from bench.bench_load import Connection, cpu_seconds, database_pids
from bench.load_setup import Stack, free_port

CONNECTIONS = 4


def _per_request(server: list[int], db: list[int], run, n: int) -> dict:
    server_before, db_before, wall = cpu_seconds(server), cpu_seconds(db), time.perf_counter()
    asyncio.run(run())
    return {
        "requests": n,
        "cpu_ms": round((cpu_seconds(server) - server_before) * 1000 / n, 3),
        "wall_ms": round((time.perf_counter() - wall) * 1000 / n, 3),
        "db_cpu_ms": round((cpu_seconds(db) - db_before) * 1000 / n, 3),
    }


def measure_served(env: dict, phones: list[dict], hints: int, partial: str, answer: str) -> dict:
    port = free_port()
    stack = Stack(
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        port=port,
        log_dir=Path("/tmp/profile_served_logs"),
    )
    stack.start(worker=False)
    try:
        server, db = stack.gunicorn_pids(), database_pids()

        def hint_body(phone: dict, i: int) -> tuple[str, dict]:
            question = phone["interview"]["current_question"]
            body = {
                "question_id": question["id"],
                "partial_text": partial[: 20 + (i % 40)],
                "elapsed_s": 20.0,
                "shown": [],
                "ticket": question["hint_ticket"],
            }
            return f"/api/mp/v1/interviews/{phone['interview']['id']}/hints", body

        async def send_hints(count: int):
            async def lane(k: int):
                conn = Connection(port)
                for i in range(k, count, CONNECTIONS):
                    phone = phones[i % len(phones)]
                    path, body = hint_body(phone, i)
                    status, raw = await conn.post(path, body, phone["headers"])
                    assert status == 200, raw[:200]
                conn.close()

            await asyncio.gather(*(lane(k) for k in range(CONNECTIONS)))

        async def send_answers():
            async def lane(k: int):
                conn = Connection(port)
                for phone in phones[k::CONNECTIONS]:
                    question = phone["interview"]["current_question"]
                    status, raw = await conn.post(
                        f"/api/mp/v1/interviews/{phone['interview']['id']}/answers",
                        {"question_id": question["id"], "text": answer, "duration_s": 60},
                        {**phone["headers"], "Idempotency-Key": uuid.uuid4().hex},
                    )
                    assert status == 200, raw[:200]
                conn.close()

            await asyncio.gather(*(lane(k) for k in range(CONNECTIONS)))

        asyncio.run(send_hints(min(200, hints)))  # warm: imports, caches, connections
        return {
            "served_hint_ticket": _per_request(server, db, lambda: send_hints(hints), hints),
            "served_answer": _per_request(server, db, send_answers, len(phones)),
        }
    finally:
        stack.stop()
