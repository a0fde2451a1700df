"""The CSV layout of the data review, read into `JobData` and written from it.

Columns: candidate_id, job, sex, age_band, education, overall, ai_pass, human_pass, one
`dim:<name>` per dimension, one `q:<question id>` per question, and outcome columns (any other
name), empty where unknown. Yes/no columns take 1/0 (also true/false, yes/no, 是/否).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

import numpy as np

from scoring.analytics.types import ATTRIBUTES, JobData

FIXED = ("candidate_id", "job", *ATTRIBUTES, "overall", "ai_pass", "human_pass")
TRUE = {"1", "1.0", "true", "yes", "y", "是", "通过", "passed", "pass"}
FALSE = {"0", "0.0", "false", "no", "n", "否", "未通过", "failed", "fail"}


class TableError(ValueError):
    """A row or column the analysis cannot read; the message names it."""


def _number(text: str, where: str) -> float:
    text = text.strip()
    if text == "":
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        raise TableError(f"{where}: {text!r} is not a number") from None
    if not np.isfinite(value):
        raise TableError(f"{where}: {text!r} is not a finite number")
    return value


def _flag(text: str, where: str) -> float:
    low = text.strip().lower()
    if low == "":
        return float("nan")
    if low in TRUE:
        return 1.0
    if low in FALSE:
        return 0.0
    raise TableError(f"{where}: {text!r} is not yes/no (1/0)")


def read_rows(rows: Iterable[dict[str, str]], job: str | None = None) -> JobData:
    rows = list(rows)
    if not rows:
        raise TableError("the file has no data rows")
    header = list(rows[0].keys())
    missing = [c for c in ("candidate_id", "overall") if c not in header]
    if missing:
        raise TableError(f"missing column(s): {', '.join(missing)}")
    jobs = sorted({(r.get("job") or "").strip() for r in rows})
    if job is not None:
        rows = [r for r in rows if (r.get("job") or "").strip() == job]
        if not rows:
            raise TableError(f"no rows for job {job!r} (jobs in the file: {', '.join(jobs)})")
    elif len(jobs) > 1:
        raise TableError(f"the file has several jobs ({', '.join(jobs)}): choose one with --job")
    dims = [c for c in header if c.startswith("dim:")]
    questions = [c for c in header if c.startswith("q:")]
    outcomes = [c for c in header if c not in FIXED and c not in dims and c not in questions]
    at = [f"row {i + 2}" for i in range(len(rows))]  # row 1 is the header
    ids = [r["candidate_id"].strip() for r in rows]
    if any(not i for i in ids):
        raise TableError(f"{at[ids.index('')]}: empty candidate_id")
    if len(set(ids)) != len(ids):
        raise TableError("candidate_id is repeated: one row per candidate")

    def column(name: str, parse=_number) -> np.ndarray:
        return np.array(
            [parse(r.get(name) or "", f"{w}, {name}") for r, w in zip(rows, at, strict=True)]
        )

    def text(name: str) -> np.ndarray:
        return np.array([(r.get(name) or "").strip() or None for r in rows], dtype=object)

    as_ints = all(i.lstrip("-").isdigit() for i in ids)
    return JobData(
        candidate_ids=np.array([int(i) for i in ids] if as_ints else ids),
        overall=column("overall"),
        dimensions={c.removeprefix("dim:"): column(c) for c in dims},
        questions={c.removeprefix("q:"): column(c) for c in questions},
        ai_pass=column("ai_pass", _flag) if "ai_pass" in header else None,
        human_pass=column("human_pass", _flag) if "human_pass" in header else None,
        demographics={a: text(a) for a in ATTRIBUTES},
        outcomes={c: column(c, _outcome) for c in outcomes},
    )


def _outcome(text: str, where: str) -> float:
    low = text.strip().lower()
    if low in TRUE - {"1", "1.0"} or low in FALSE - {"0", "0.0"}:
        return _flag(text, where)
    return _number(text, where)


def read_csv(path: str, job: str | None = None) -> JobData:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return read_rows(csv.DictReader(fh), job)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        return "" if np.isnan(value) else repr(float(value))  # exact: reads back the same
    return str(value)


def write_rows(out, data: JobData, job: str) -> None:
    """One row per candidate in the layout `read_rows` reads, to a text file object."""
    header = [*FIXED, *(f"dim:{k}" for k in data.dimensions), *(f"q:{k}" for k in data.questions)]
    writer = csv.writer(out)
    writer.writerow(header + list(data.outcomes))
    for i in range(len(data)):
        row = [data.candidate_ids[i], job]
        row += [data.demographics[a][i] if a in data.demographics else None for a in ATTRIBUTES]
        row += [data.overall[i], data.ai_pass[i], data.human_pass[i]]
        row += [v[i] for v in data.dimensions.values()] + [v[i] for v in data.questions.values()]
        row += [v[i] for v in data.outcomes.values()]
        writer.writerow([_cell(v) for v in row])
