"""Data review on one job with 100,000 candidates: validity (bootstrap included) and fairness.

Run: .venv/bin/python bench/bench_analytics.py [--candidates 100000] [--resamples 2000]
One core: BLAS is limited to one thread before numpy loads. The job has 5 dimensions and 15
questions (6 asked per candidate), scores at the product's 0.1 precision; outcomes exist for
the ~23% the AI passed. Timed per outcome kind: everything `analyse()` does (validity of 21
targets with 2000-resample BCa intervals, the fairness audit of 5 attributes × 3 rates,
weight advice and its what-if), median of 3 runs after one warm-up.
"""

from __future__ import annotations

import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.analytics import analyse  # noqa: E402
from tests.scoring.analytics.synth import synthetic_job  # noqa: E402

TARGET_S = 3.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = synthetic_job(args.candidates, seed=1, penalised_group=("age_band", ">=45"))
    known = int((~__import__("numpy").isnan(data.outcomes["final_round"])).sum())
    print(
        f"candidates {len(data)}, with outcomes {known}, targets {len(data.targets())}, "
        f"resamples {args.resamples}, load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'outcome':<16}{'kind':<10}{'wall s (median)':>16}{'cpu s':>8}{'target s':>10}  ok")
    worst = 0.0
    for outcome in ("final_round", "performance_6m"):
        analyse(data, outcome, resamples=args.resamples)  # warm-up: imports, caches
        walls, cpus = [], []
        for _ in range(args.runs):
            w0, c0 = time.perf_counter(), time.process_time()
            report = analyse(data, outcome, resamples=args.resamples)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        worst = max(worst, wall)
        kind = report.validity[0].method
        ok = "yes" if wall < TARGET_S else "NO"
        print(f"{outcome:<16}{kind:<10}{wall:>16.2f}{cpu:>8.2f}{TARGET_S:>10.1f}  {ok}")
    flags = sorted({(r.attribute, r.group) for r in report.fairness if r.flag == "adverse_impact"})
    print(f"adverse impact found for: {flags[:4]}{' ...' if len(flags) > 4 else ''}")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
