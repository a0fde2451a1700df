"""HR imports demographics with a stated legal basis; the answer never echoes them back."""

from __future__ import annotations

from app.errors import ValidationError
from app.extensions import db
from app.models import HrUser
from app.services import demographics
from app.services.table_import import match_candidate, read_table


def import_demographics(blob: bytes, *, legal_basis: str, by: HrUser, dry_run: bool) -> dict:
    if not (legal_basis or "").strip():
        raise ValidationError(
            "state the legal basis for holding these data (e.g. 员工自愿登记表 2026-10)",
            code="legal_basis_required",
        )
    rows = read_table(blob)
    results, counts = [], {"saved": 0, "error": 0}
    for number, row in enumerate(rows, start=2):
        candidate, matched_by, error = match_candidate(row)
        fields = {k: row.get(k) for k in ("sex", "birth_year", "education") if row.get(k)}
        if error is None and not fields:
            error = "没有性别、出生年份或学历"
        if error is None:
            try:
                demographics.clean(fields)
            except ValidationError as exc:
                error = exc.message
        if error is not None:
            results.append({"row": number, "status": "error", "error": error})
            counts["error"] += 1
            continue
        if not dry_run:
            demographics.save(
                candidate.id, fields, source="hr_import", legal_basis=legal_basis, by=by
            )
        results.append(
            {
                "row": number,
                "status": "saved",
                "candidate_id": candidate.id,
                "matched_by": matched_by,
            }
        )
        counts["saved"] += 1
    if not dry_run:
        db.session.commit()
    return {"dry_run": dry_run, "rows": len(rows), "counts": counts, "results": results}
