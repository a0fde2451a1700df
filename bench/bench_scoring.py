"""Answer-scoring throughput and live-hint latency, on one core.

Run: .venv/bin/python bench/bench_scoring.py [--answers N] [--hints N]
Answers are ~300-character texts stitched (seeded) from the dev set's sentences, each one
distinct, so no per-text cache can help; per-question caches stay warm, as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.answers import score_answer  # noqa: E402
from scoring.hints import hints_for  # noqa: E402
from scoring.text.tokens import split_sentences, warm_up  # noqa: E402
from scoring.types import Question  # noqa: E402

TARGET_RATE = 500.0  # answers per second
TARGET_HINT_P99_MS = 5.0


def make_answers(n: int, length: int = 300, seed: int = 7) -> list[tuple[Question, str]]:
    records = [
        json.loads(line)
        for line in (ROOT / "tests" / "data" / "dev_answers.jsonl").read_text("utf-8").splitlines()
    ]
    sentences = [s for r in records for s in split_sentences(r["answer"])]
    questions = [Question(r["question"], r["dimension"], r["keywords"]) for r in records]
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        text = ""
        while len(text) < length:
            text += rng.choice(sentences)
        text = text[: length + 40]
        if text in seen:
            continue
        seen.add(text)
        out.append((rng.choice(questions), text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--hints", type=int, default=3000)
    parser.add_argument(
        "--pin", action="store_true", help="pin to one CPU (the code is single-threaded anyway)"
    )
    args = parser.parse_args()
    if args.pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    warm_up()
    answers = make_answers(args.answers)
    mean_len = statistics.mean(len(t) for _, t in answers)
    for q, t in answers[:50]:
        score_answer(q, t + "。")  # warm the per-question caches, not these texts

    # CPU time of this process: the machine is shared, and the target is per core.
    start, wall = time.process_time(), time.perf_counter()
    for q, t in answers:
        score_answer(q, t, {"duration_s": 100})
    elapsed = time.process_time() - start
    wall = time.perf_counter() - wall
    rate = len(answers) / elapsed

    latencies, cpu = [], []
    rng = random.Random(11)
    for i in range(args.hints):
        q, t = answers[i % len(answers)]
        partial = t[: rng.randint(20, len(t))]
        begin, begin_cpu = time.perf_counter(), time.process_time()
        hints_for(q, partial, rng.uniform(5, 130), shown=("time_left",))
        latencies.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    latencies.sort()
    cpu.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    cpu_p99 = cpu[int(len(cpu) * 0.99) - 1]

    print(f"answers scored: {len(answers)} (mean {mean_len:.0f} characters), one core")
    if hasattr(os, "getloadavg"):
        load, cores = os.getloadavg()[0], os.cpu_count() or 1
        print(
            f"host load average {load:.1f} on {cores} CPUs (wall-clock figures suffer above {cores})"
        )
    print(f"{'metric':<28}{'measured':>12}{'target':>12}{'ratio':>10}")
    print(f"{'answers per second':<28}{rate:>12.0f}{'>= 500':>12}{rate / TARGET_RATE:>9.1f}x")
    print(f"{'  (wall clock, shared host)':<28}{len(answers) / wall:>12.0f}{'':>12}{'':>10}")
    print(f"{'hint latency p50 (ms)':<28}{p50:>12.3f}{'':>12}{'':>10}")
    print(f"{'hint latency p99 (ms)':<28}{p99:>12.3f}{'< 5':>12}{TARGET_HINT_P99_MS / p99:>9.1f}x")
    print(f"{'  (CPU time p99)':<28}{cpu_p99:>12.3f}{'':>12}{'':>10}")
    ok = rate >= TARGET_RATE and p99 < TARGET_HINT_P99_MS
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
