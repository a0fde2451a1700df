"""Importing outcomes from HR's spreadsheet: a dry run first, and re-importing changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import HrUser, Job, Outcome
from app.services import outcomes as outcome_service
from app.services.outcome_kinds import OutcomeError, normalise, parse_phrase
from app.services.table_import import match_candidate, read_table


def _value(row: dict[str, str]):
    if row.get("kind"):
        return normalise(row["kind"], row.get("result"), _rating(row.get("rating")))
    if row.get("result"):
        return parse_phrase(row["result"])
    raise OutcomeError("需要“结果”列（如 终面通过），或“结果类型”加“结果”")


def _rating(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        raise OutcomeError(f"评分 “{text}” 不是 1–5 的数字") from None


def import_outcomes(job: Job, blob: bytes, *, by: HrUser, dry_run: bool) -> dict:
    """Row by row: what would happen (dry run) or what happened. Rows with errors are skipped
    and reported; the others are recorded in one commit."""
    rows = read_table(blob)
    report, counts = [], {"create": 0, "update": 0, "unchanged": 0, "error": 0}
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        entry: dict = {"row": number}
        candidate, matched_by, error = match_candidate(row, by)
        value = None
        if error is None:
            try:
                value = _value(row)
            except OutcomeError as exc:
                error = str(exc)
        if error is None and outcome_service.latest_formal_interview(candidate.id, job.id) is None:
            error = f"候选人 {candidate.id} 没有参加过“{job.title}”的正式面试"
        if error is None and (candidate.id, value.kind) in seen:
            error = f"与第 {seen[(candidate.id, value.kind)]} 行重复（同一候选人、同一结果类型）"
        if error is not None:
            entry.update(status="error", error=error)
            counts["error"] += 1
            report.append(entry)
            continue
        seen[(candidate.id, value.kind)] = number
        entry.update(
            candidate_id=candidate.id,
            matched_by=matched_by,
            kind=value.kind,
            result=value.result,
            value=value.value,
            label=value.label,
        )
        if dry_run:
            status = _would(candidate.id, job.id, value)
        else:
            _, done = outcome_service.record(
                candidate, job, value, by=by, source="import", note=row.get("note") or None
            )
            status = {"created": "create", "updated": "update"}.get(done, done)
        entry["status"] = status
        counts[status] += 1
        report.append(entry)
    if not dry_run:
        db.session.commit()
    return {"dry_run": dry_run, "rows": len(rows), "counts": counts, "results": report}


def _would(candidate_id: int, job_id: int, value) -> str:
    row = db.session.scalar(
        select(Outcome).where(
            Outcome.candidate_id == candidate_id,
            Outcome.job_id == job_id,
            Outcome.kind == value.kind,
        )
    )
    if row is None:
        return "create"
    return "unchanged" if (row.result, row.value) == (value.result, value.value) else "update"
