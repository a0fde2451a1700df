"""/admin/analytics and the demo job's page in a real browser: the same figures as the API."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Job
from tests.admin.conftest import login, shoot

pytestmark = pytest.mark.browser


@pytest.fixture()
def history(app, db):
    from app.services.demo import seed_demo

    seed_demo(history=True)
    return _db.session.scalar(select(Job).where(Job.title == "运营专员"))


def _api_figures(client, job_id):
    from app.auth import issue_token
    from app.models import HrUser

    admin = _db.session.scalar(select(HrUser).where(HrUser.username == "admin"))
    token, _ = issue_token("hr", hr_user=admin)
    _db.session.commit()
    response = client.get(
        f"/api/admin/v1/jobs/{job_id}/analytics", headers={"Authorization": f"Bearer {token}"}
    )
    return response.get_json()


def test_analytics_page_shows_the_api_figures_charts_and_applies_weights(page, history, client):
    api = _api_figures(client, history.id)
    login(page, "admin")
    page.click("nav >> text=数据复盘")
    page.wait_for_url(re.compile(r".*/admin/analytics$"))
    row = page.locator("#analytics-jobs tr", has_text="运营专员")
    assert "300" in row.inner_text() and "不利影响" in row.inner_text()
    row.get_by_role("link", name="查看").click()
    page.wait_for_url(re.compile(rf".*/admin/jobs/{history.id}/analytics.*"))
    page.wait_for_selector("#forest-chart svg")
    page.wait_for_selector("#rates-scoring svg")
    assert "4/5 线" in page.inner_text("#rates-scoring")  # the legend of the four-fifths marks
    assert "n=246" in page.inner_text("#forest-chart")
    # Every validity row on the page has the API's n and r.
    cells = page.locator("#validity-table tbody tr").all()
    assert len(cells) == len(api["figures"]["validity"])
    for tr, row in zip(cells, api["figures"]["validity"], strict=True):
        assert tr.get_attribute("data-target") == row["target"]
        assert tr.locator("td.r").inner_text() == f"{row['r']:.4f}"
    assert "45岁及以上" in page.inner_text("#flags") and "无效" in page.inner_text("#flags")
    assert "不足 5 人" in page.inner_text("#fairness") or "<5" in page.inner_text("#fairness-table")
    shoot(page, "analytics-job")
    with page.expect_download() as download:
        page.click("text=下载 Excel")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["效度"]
    assert sheet.max_row == len(api["figures"]["validity"]) + 1
    page.fill("#apply-weights input[name=note]", "2026 Q4 复盘")
    page.click("#apply-weights button[type=submit]")
    page.wait_for_selector("#apply-result [role=status]")
    assert "第 2 版" in page.inner_text("#apply-result")
    _db.session.rollback()  # the page wrote in another connection: end this snapshot
    job = _db.session.get(Job, history.id)
    assert {d.name: d.weight for d in job.dimensions} == api["weights"]["suggested"]
    assert page.js_errors == []


def test_workbench_flags_lead_to_the_job_where_only_admins_see_the_apply_button(page, history):
    login(page, "recruiter")
    flags = page.locator("#sec-review_flags")
    assert "不利影响 · 年龄段 45岁及以上" in flags.inner_text() and "无效题目" in flags.inner_text()
    flags.get_by_role("link", name="运营专员").first.click()
    page.wait_for_url(re.compile(rf".*/admin/jobs/{history.id}/analytics$"))
    assert page.locator("#apply-weights").count() == 0
    assert "只有管理员" in page.inner_text("#weights")


def test_hr_records_outcomes_one_by_one_and_from_a_spreadsheet(page, history, tmp_path):
    from app.models import Candidate, Outcome

    ids = _db.session.scalars(
        select(Candidate.id).where(Candidate.source == "demo-history").order_by(Candidate.id)
    ).all()
    login(page, "recruiter")
    page.goto(f"{page.base}/admin/jobs/{history.id}/analytics")
    page.fill("#outcome-one input[name=candidate_id]", str(ids[0]))
    page.fill("#outcome-one input[name=result]", "已入职")
    page.click("#outcome-one button[type=submit]")
    page.wait_for_selector("#outcome-one-result [role=status]")
    assert "已记录" in page.inner_text("#outcome-one-result") and "入职已入职" in page.inner_text(
        "#outcome-one-result"
    )
    page.fill("#outcome-one input[name=result]", "挺好")
    page.click("#outcome-one button[type=submit]")
    page.wait_for_selector("#outcome-one-result [role=alert]")
    assert "看不懂" in page.inner_text("#outcome-one-result")
    sheet = tmp_path / "结果.csv"
    sheet.write_text(
        f"候选人ID,结果\n{ids[1]},已入职\n{ids[2]},6个月绩效 4\n999999,已入职\n", "utf-8"
    )
    page.set_input_files("#outcome-file input[type=file]", str(sheet))
    page.click("#outcome-file button[value='0']")
    page.wait_for_selector("#import-rows")
    assert "预览（未保存）：新增 2" in page.inner_text("#outcome-file-result")
    assert "有误 1" in page.inner_text("#outcome-file-result")
    page.click("#outcome-file button[value='1']")
    page.wait_for_selector("#outcome-file-result >> text=已导入")
    _db.session.rollback()
    assert _db.session.scalar(select(Outcome).where(Outcome.kind == "performance_6m")) is not None
    page.click("#outcome-file button[value='1']")  # the same file again changes nothing
    page.wait_for_selector("#outcome-file-result >> text=未变 2")
    assert page.js_errors == []
