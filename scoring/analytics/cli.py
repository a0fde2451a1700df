"""`python -m scoring analytics FILE.csv --outcome COLUMN`: one JSON object on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from scoring.analytics import analyse
from scoring.analytics.resample import DEFAULT_RESAMPLES, DEFAULT_SEED
from scoring.analytics.table import TableError, read_csv


def _weights(text: str) -> dict[str, int]:
    out = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if not name.strip() or not value.strip().isdigit():
            raise argparse.ArgumentTypeError(f"expected NAME=WEIGHT,..., got {part!r}")
        out[name.strip()] = int(value)
    if sum(out.values()) != 100:
        raise argparse.ArgumentTypeError("weights must sum to 100")
    return out


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scoring analytics",
        description="Validity, fairness audit and weight advice for one job's candidates.",
    )
    parser.add_argument(
        "file",
        help="CSV: candidate_id, job, sex, age_band, education, overall, "
        "ai_pass, human_pass, dim:<name>..., q:<id>..., outcome columns",
    )
    parser.add_argument("--outcome", required=True, help="the outcome column to validate against")
    parser.add_argument("--job", help="which job, when the file has several")
    parser.add_argument(
        "--weights",
        type=_weights,
        help="the job's current weights, e.g. 沟通=40,数据分析=60 "
        "(default: inferred from overall and the dimension scores)",
    )
    parser.add_argument("--pass-threshold", type=float, default=75.0)
    parser.add_argument("--review-threshold", type=float, default=60.0)
    parser.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        data = read_csv(args.file, args.job)
    except (OSError, TableError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if args.outcome not in data.outcomes:
        names = ", ".join(data.outcomes) or "none"
        sys.stderr.write(f"error: no outcome column {args.outcome!r} (outcome columns: {names})\n")
        return 2
    report = analyse(
        data,
        args.outcome,
        weights=args.weights,
        thresholds=(args.pass_threshold, args.review_threshold),
        resamples=args.resamples,
        seed=args.seed,
    )
    sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return 0
