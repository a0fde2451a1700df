"""Recording outcomes: single, bulk, Excel/CSV import (dry run, idempotent), and demographics."""

import io

from openpyxl import Workbook
from sqlalchemy import select, text

from app.models import AuditLog, CandidateDemographics, Outcome
from tests.app.analytics_helpers import job_with_candidates


def test_single_outcome_is_recorded_once_and_changes_are_audited(client, db, make_hr_user):
    job, people = job_with_candidates(db)
    user, headers = make_hr_user("recruiter")
    body = {
        "candidate_id": people[0].id,
        "job_id": job.id,
        "kind": "final_round",
        "result": "passed",
    }
    first = client.post("/api/admin/v1/outcomes", headers=headers, json=body)
    assert first.status_code == 201, first.get_json()
    outcome = first.get_json()["outcome"]
    assert outcome["recorded_by_id"] == user.id and outcome["value"] == 1.0
    assert outcome["interview_id"] is not None and outcome["recorded_at"]
    again = client.post("/api/admin/v1/outcomes", headers=headers, json=body)
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    changed = client.post(
        "/api/admin/v1/outcomes", headers=headers, json={**body, "result": "未通过"}
    )
    assert changed.get_json()["status"] == "updated"
    assert changed.get_json()["outcome"]["result"] == "failed"
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == "outcome")
    ).all()
    assert actions == ["outcome_created", "outcome_updated"]
    rating = {**body, "kind": "performance_6m", "rating": 4}
    assert client.post("/api/admin/v1/outcomes", headers=headers, json=rating).status_code == 201
    bad = client.post(
        "/api/admin/v1/outcomes", headers=headers, json={**body, "kind": "performance_6m"}
    )
    assert bad.status_code == 422 and "1–5" in bad.get_json()["error"]["message"]
    wrong = client.post("/api/admin/v1/outcomes", headers=headers, json={**body, "result": "maybe"})
    assert wrong.status_code == 422


def test_bulk_is_all_or_nothing(client, db, make_hr_user):
    job, people = job_with_candidates(db)
    _, headers = make_hr_user("admin")
    items = [
        {"candidate_id": people[0].id, "job_id": job.id, "kind": "hired", "result": "hired"},
        {"candidate_id": 99999, "job_id": job.id, "kind": "hired", "result": "hired"},
    ]
    response = client.post("/api/admin/v1/outcomes/bulk", headers=headers, json={"items": items})
    assert response.status_code == 422 and "1" in response.get_json()["error"]["details"]
    assert db.session.scalar(select(Outcome)) is None
    response = client.post(
        "/api/admin/v1/outcomes/bulk", headers=headers, json={"items": items[:1]}
    )
    assert response.status_code == 200 and response.get_json()["results"][0]["status"] == "created"


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_dry_run_then_apply_then_reimport_changes_nothing(client, db, make_hr_user):
    job, people = job_with_candidates(db, count=3)
    _, headers = make_hr_user("recruiter")
    blob = _xlsx(
        [
            ["候选人ID", "手机", "邮箱", "结果", "备注"],
            [people[0].id, None, None, "终面通过", "表现稳定"],
            [None, people[1].phone, None, "终面未通过", None],
            [None, None, "C2@EXAMPLE.COM", "6个月绩效 4", None],
            [None, "13999999999", None, "终面通过", None],
            [people[0].id, None, None, "也许吧", None],
        ]
    )
    url = f"/api/admin/v1/jobs/{job.id}/outcomes/import"

    def post(dry_run):
        response = client.post(
            url,
            headers=headers,
            query_string={"dry_run": dry_run},
            data={"file": (io.BytesIO(blob), "结果.xlsx")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    dry = post("true")
    assert dry["counts"] == {"create": 3, "update": 0, "unchanged": 0, "error": 2}
    assert [r["matched_by"] for r in dry["results"][:3]] == ["candidate_id", "phone", "email"]
    assert "手机号" in dry["results"][3]["error"] and "看不懂" in dry["results"][4]["error"]
    assert db.session.scalar(select(Outcome)) is None  # a dry run saves nothing
    done = post("false")
    assert done["counts"]["create"] == 3
    again = post("false")
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 3, "error": 2}
    assert len(db.session.scalars(select(Outcome)).all()) == 3


def test_import_refuses_files_that_are_not_tables(client, db, make_hr_user):
    job, _ = job_with_candidates(db, count=1)
    _, headers = make_hr_user("admin")
    url = f"/api/admin/v1/jobs/{job.id}/outcomes/import"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = client.post(
        url,
        headers=headers,
        data={"file": (io.BytesIO(png), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    broken = b"PK\x03\x04" + b"garbage" * 10
    response = client.post(
        url,
        headers=headers,
        data={"file": (io.BytesIO(broken), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    response = client.post(url, headers=headers, data={}, content_type="multipart/form-data")
    assert response.status_code == 422


def test_hr_demographics_import_needs_a_legal_basis_and_is_stored_encrypted(
    client, db, make_hr_user
):
    _, people = job_with_candidates(db, count=2)
    _, headers = make_hr_user("admin")
    csv_text = (
        f"候选人ID,性别,出生年份,学历\n{people[0].id},女,1990,本科\n{people[1].id},外星,1990,本科\n"
    )

    def post(**form):
        return client.post(
            "/api/admin/v1/demographics/import",
            headers=headers,
            query_string={"dry_run": "false"},
            data={"file": (io.BytesIO(csv_text.encode()), "d.csv"), **form},
            content_type="multipart/form-data",
        )

    assert post().status_code == 422
    body = post(legal_basis="员工自愿登记表 2026-10").get_json()
    assert body["counts"] == {"saved": 1, "error": 1}
    # The answer says what happened to each row, never the values themselves.
    assert set(body["results"][0]) == {"row", "status", "candidate_id", "matched_by"}
    assert "1990" not in str(body)
    row = db.session.get(CandidateDemographics, people[0].id)
    assert row.data == {"sex": "female", "birth_year": 1990, "education": "bachelor"}
    assert row.source == "hr_import" and row.legal_basis.startswith("员工")
    raw = db.session.execute(text("SELECT data FROM candidate_demographics")).scalar()
    assert "female" not in raw and "1990" not in raw
    _, recruiter = make_hr_user("recruiter")
    response = client.post(
        "/api/admin/v1/demographics/import",
        headers=recruiter,
        data={"file": (io.BytesIO(csv_text.encode()), "d.csv"), "legal_basis": "x"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
