"""The data review as HR uses it: the demo job's planted findings, the same figures from the
CLI, the API, the admin page and the Excel download, and applying suggested weights."""

import io
import json
import shlex
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.models import AuditLog, CompetencyModelVersion, Job, Question
from app.services.demo_history import NOISE_QUESTION
from tests.admin.factories import page_login
from tests.scoring.analytics.test_cli import ROOT as REPO


@pytest.fixture()
def demo_job(app, db):
    runner = app.test_cli_runner()
    app.config["APP_ENV"] = "development"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["APP_ENV"] = "test"
    assert result.exit_code == 0, result.output
    assert "300 past candidates" in result.output
    return db.session.scalar(select(Job).where(Job.title == "运营专员"))


def _figures(client, headers, job_id, **query):
    response = client.get(
        f"/api/admin/v1/jobs/{job_id}/analytics", headers=headers, query_string=query
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _table(html: str, table_id: str) -> list[list[str]]:
    """The text of each body cell of one table on a page, row by row."""

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.rows, self.cell = 0, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("id", table_id) in attrs:
                self.depth = 1
            elif self.depth and tag == "tbody":
                self.depth = 2
            elif self.depth == 2 and tag == "tr":
                self.rows.append([])
            elif self.depth == 2 and tag == "td":
                self.cell = ""

        def handle_endtag(self, tag):
            if self.depth == 2 and tag == "td":
                self.rows[-1].append(self.cell.strip())
                self.cell = None
            elif self.depth and tag == "table":
                self.depth = 0

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(html)
    assert parser.rows, f"no rows in #{table_id}"
    return parser.rows


def _fmt(value, spec: str, missing: str = "—") -> str:
    return missing if value is None else format(value, spec)


def _page_agrees(html: str, body: dict) -> None:
    """Every figure of the job's data-review page is the API's, in the page's rounding."""
    figures = body["figures"]
    validity = [
        [
            str(row["n"]),
            _fmt(row["r"], ".4f"),
            "—" if row["ci_low"] is None else f"{row['ci_low']:.2f} ~ {row['ci_high']:.2f}",
            _fmt(row["r_corrected"], ".2f"),
            _fmt(row["p_adj"], ".3g"),
            note["sentence"],
        ]
        for row, note in zip(figures["validity"], body["validity_notes"], strict=True)
    ]
    page = [cells[1:6] + cells[7:] for cells in _table(html, "validity-table")]
    assert page == validity
    fairness = [
        [
            note["attribute_label"],
            note["group_label"],
            note["rate_label"],
            "<5" if row["n"] is None else str(row["n"]),
            "—"
            if row["rate"] is None
            else f"{100 * row['rate']:.1f}%（{100 * row['ci_low']:.0f}–{100 * row['ci_high']:.0f}%）",
            _fmt(row["impact_ratio"], ".2f"),
            _fmt(row["p_value"], ".3g"),
            note["sentence"],
        ]
        for row, note in zip(figures["fairness"], body["fairness_notes"], strict=True)
    ]
    page = [cells[:7] + cells[8:] for cells in _table(html, "fairness-table")]
    assert page == fairness
    flagged = [cells[7] for cells in _table(html, "fairness-table")]
    assert [bool(f) for f in flagged] == [r["flag"] is not None for r in figures["fairness"]]
    assert f"· {body['candidates']} 人" in html
    for flag in body["flags"]:
        assert f"{flag['what']}（n={flag['n']}）" in html


def test_demo_job_shows_exactly_the_planted_findings_and_cli_api_page_excel_agree(
    app, client, db, demo_job, make_hr_user, tmp_path
):
    user, headers = make_hr_user("recruiter")
    body = _figures(client, headers, demo_job.id)
    # The admin page shows the same figures as the API, row for row.
    page_login(client, user)
    page = client.get(f"/admin/jobs/{demo_job.id}/analytics")
    assert page.status_code == 200
    _page_agrees(page.get_data(as_text=True), body)
    figures = body["figures"]
    noise = db.session.scalar(select(Question).where(Question.text == NOISE_QUESTION))
    status = {r["target"]: r["status"] for r in figures["validity"]}
    assert {t for t, s in status.items() if s == "ineffective"} == {f"q:{noise.id}"}
    assert {t for t, s in status.items() if t.startswith("dim:") and s == "predictive"} == {
        "dim:数据分析"
    }
    assert "inverse" not in status.values()
    adverse = {
        (r["attribute"], r["group"]) for r in figures["fairness"] if r["flag"] == "adverse_impact"
    }
    assert adverse == {("age_band", ">=45")}
    assert body["candidates"] == 300 and body["outcomes_known"]["final_round"] >= 100
    assert body["weights"]["suggested"]["数据分析"] == 40  # the predictive dimension gains 5
    assert body["weights"]["what_if"]["changed"] > 0
    assert "档位会变化" in body["weights"]["what_if_notes"][0]
    kinds = {f["kind"] for f in body["flags"]}
    assert {"ineffective", "adverse_impact"} <= kinds
    # Every figure carries a plain sentence; a row of 23 people says it is unreliable.
    assert all(n["sentence"] for n in body["validity_notes"] + body["fairness_notes"])
    # `flask analytics-export` writes the demo job's candidates in the CLI's layout and says how
    # to run it; the CLI then prints the API's figures, digit for digit.
    csv_path = tmp_path / "demo.csv"
    exported = app.test_cli_runner().invoke(
        args=["analytics-export", str(demo_job.id), str(csv_path)]
    )
    assert exported.exit_code == 0, exported.output
    command = shlex.split(exported.output.strip())
    assert command[:3] == ["python", "-m", "scoring"]
    done = subprocess.run(
        [sys.executable, *command[1:]], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == figures
    # The Excel download holds the same rows.
    xlsx = client.get(f"/api/admin/v1/jobs/{demo_job.id}/analytics.xlsx", headers=headers)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data))["效度"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3]) for r in rows] == [(v["n"], v["r"]) for v in figures["validity"]]
    # Reading the figures is in the audit log.
    assert db.session.scalar(
        select(AuditLog).where(AuditLog.action == "read", AuditLog.object_type == "analytics")
    )


def test_apply_weights_is_for_admins_bounded_versioned_and_audited(
    client, db, demo_job, make_hr_user
):
    _, recruiter = make_hr_user("recruiter")
    _, admin = make_hr_user("admin")
    body = _figures(client, admin, demo_job.id)
    suggested, version = body["weights"]["suggested"], body["job"]["model_version"]
    url = f"/api/admin/v1/jobs/{demo_job.id}/analytics/apply-weights"
    payload = {"weights": suggested, "expected_version": version, "note": "2026 Q4 复盘"}
    assert client.post(url, headers=recruiter, json=payload).status_code == 403
    too_far = {"活动策划": 25, "数据分析": 45, "沟通协作": 30}
    response = client.post(url, headers=admin, json={**payload, "weights": too_far})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "weight_step_too_large"
    response = client.post(url, headers=admin, json=payload)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["model_version"] == version + 1
    again = client.post(url, headers=admin, json=payload)
    assert again.status_code == 409  # the model moved on: reload before applying again
    job = db.session.get(Job, demo_job.id)
    assert {d.name: d.weight for d in job.dimensions} == suggested
    versions = client.get(f"/api/admin/v1/jobs/{job.id}/model-versions", headers=admin).get_json()
    assert versions["current"] == version + 1
    assert [v["source"] for v in versions["versions"]][-1] == "analytics"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "apply_weights"))
    assert entry.detail["to"] == suggested and entry.detail["version"] == version + 1
    assert db.session.scalar(
        select(CompetencyModelVersion).where(
            CompetencyModelVersion.job_id == job.id, CompetencyModelVersion.version == version
        )
    ).dimensions != [{"name": k, "weight": w} for k, w in suggested.items()]


def test_bad_queries_get_clear_errors(client, db, demo_job, make_hr_user):
    _, headers = make_hr_user("admin")
    url = f"/api/admin/v1/jobs/{demo_job.id}/analytics"
    assert client.get(url, headers=headers, query_string={"outcome": "salary"}).status_code == 422
    bad = client.get(url, headers=headers, query_string={"from": "2026-10-01", "to": "2026-01-01"})
    assert bad.status_code == 422 and "error" in bad.get_json()
    assert client.get("/api/admin/v1/jobs/999999/analytics", headers=headers).status_code == 404
    empty = _figures(client, headers, demo_job.id, **{"from": "2001-01-01", "to": "2001-12-31"})
    assert empty["candidates"] == 0 and empty["weights"]["suggested"] is None


def test_dashboard_lists_each_job_with_its_flags(client, db, demo_job, make_hr_user):
    _, headers = make_hr_user("admin")
    jobs = client.get("/api/admin/v1/analytics", headers=headers).get_json()["jobs"]
    demo = next(j for j in jobs if j["job_id"] == demo_job.id)
    assert demo["candidates"] == 300 and any(f["kind"] == "adverse_impact" for f in demo["flags"])
    _, manager = make_hr_user("manager", departments=["销售部"])
    visible = client.get("/api/admin/v1/analytics", headers=manager).get_json()["jobs"]
    assert demo_job.id not in {j["job_id"] for j in visible}


def test_monthly_dingtalk_message_to_admins_when_flags_appear(
    app, db, demo_job, make_hr_user, run_worker
):
    from app.models import OutboxMessage
    from app.services.analytics_notice import monthly_flags_due
    from app.services.dingtalk_content import render
    from app.worker import housekeeping
    from tests.app.journey_helpers import finish_background_work

    make_hr_user("admin", dingtalk_userid="admin-ding")
    make_hr_user("recruiter", dingtalk_userid="rec-ding")
    app.config["DINGTALK_DIGEST_HOUR"] = 0
    try:
        assert monthly_flags_due()
        assert "analytics_flags" in housekeeping()
        finish_background_work(run_worker)
        assert not monthly_flags_due()
        assert "analytics_flags" not in housekeeping()
    finally:
        app.config["DINGTALK_DIGEST_HOUR"] = 24
    # Only the data-review notices (seed-demo's finished interviews send HR notices too).
    notices = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "notice", OutboxMessage.dedupe_key.like("analytics_flags:%")
        )
    ).all()
    recipients = {m.recipient for m in notices}
    assert "admin-ding" in recipients and "demo-admin" in recipients
    assert not {"rec-ding", "demo-recruiter"} & recipients  # admins only
    text = notices[0].payload["text"]
    assert "45岁及以上" in text and "无效题目" in text and "/admin/analytics" in text
    assert render(notices[0])["msgtype"] == "markdown"
