"""The workbench (工作台): every card filled by seed-demo; the data-review flags stored by the
worker, scoped, linked, cheap."""

import re

import pytest
from sqlalchemy import delete, select

from app.models import Job, JobReviewFlags
from tests.admin.factories import page_login
from tests.app.journey_helpers import finish_background_work


@pytest.fixture()
def history(app, db):
    from app.services.demo import seed_demo

    seed_demo(history=True)
    return db.session.scalar(select(Job).where(Job.title == "运营专员"))


def _flags_card(client) -> str:
    html = client.get("/admin/").get_data(as_text=True)
    card = re.search(
        r'<section class="work-card" id="sec-review_flags">(.*?)</section>', html, re.S
    )
    assert card, "the workbench has no data-review card"
    return card.group(1)


def test_workbench_shows_the_demo_jobs_flags_linking_to_its_analytics(
    client, db, history, make_hr_user
):
    user, headers = make_hr_user("recruiter")
    page_login(client, user)
    card = _flags_card(client)
    api = client.get(f"/api/admin/v1/jobs/{history.id}/analytics", headers=headers).get_json()
    # The same flags as the job's data review: every one counted, the most serious first.
    assert f'<span class="count">{len(api["flags"])}</span>' in card
    assert card.count(f'href="/admin/jobs/{history.id}/analytics"') == min(8, len(api["flags"]))
    texts = re.findall(r'<span class="muted">([^<]*)</span>', card)
    assert texts[0].startswith("不利影响 · 年龄段 45岁及以上")
    assert any(t.startswith("无效题目 · 题目") and "n=246" in t for t in texts)
    assert "差异不等于已证明歧视" in card and "计算）" in card


def test_a_manager_sees_only_the_flags_of_their_departments_jobs(client, db, history, make_hr_user):
    other, _ = make_hr_user("manager", departments=["销售部"])
    page_login(client, other)
    card = _flags_card(client)
    assert f"/admin/jobs/{history.id}/analytics" not in card and "暂无" in card
    own, _ = make_hr_user("manager", departments=[history.department.name])
    page_login(client, own)
    assert f"/admin/jobs/{history.id}/analytics" in _flags_card(client)


def test_the_worker_refreshes_the_flags_once_a_day(app, client, db, history, run_worker):
    from app.worker import housekeeping

    admin = _demo_admin(db)
    db.session.execute(delete(JobReviewFlags))
    db.session.commit()
    page_login(client, admin)
    assert "暂无" in _flags_card(client)  # nothing stored: the workbench computes nothing
    app.config["ANALYTICS_FLAGS_HOUR"] = 0
    try:
        assert "review_flags" in housekeeping()
        finish_background_work(run_worker)
        assert "review_flags" not in housekeeping()  # once a China day
    finally:
        app.config["ANALYTICS_FLAGS_HOUR"] = 24
    db.session.rollback()
    assert f"/admin/jobs/{history.id}/analytics" in _flags_card(client)
    row = db.session.get(JobReviewFlags, history.id)
    assert row.candidates == 300 and row.flag_count == len(row.flags) > 0


def test_the_workbench_costs_the_same_queries_with_or_without_flags(
    client, db, make_hr_user, count_queries
):
    from app.services.demo import seed_demo

    user, _ = make_hr_user("admin")
    page_login(client, user)
    client.get("/admin/")  # warm caches
    db.session.remove()
    with count_queries() as before:
        assert client.get("/admin/").status_code == 200
    seed_demo(history=True)  # 300 past candidates and their flags stored
    db.session.remove()
    with count_queries() as after:
        assert client.get("/admin/").status_code == 200
    assert after() == before() <= 20, (before(), after())


def _demo_admin(db):
    from app.models import HrUser

    return db.session.scalar(select(HrUser).where(HrUser.username == "admin"))


def test_seed_demo_fills_every_card_of_the_workbench(client, db, demo):
    from app.services.demo import seed_demo

    seed_demo(history=True)
    page_login(client, _demo_admin(db))
    html = client.get("/admin/").get_data(as_text=True)
    cards = dict(
        re.findall(r'id="sec-(\w+)">\s*<h3><span>[^<]*</span><span class="count">(\d+)', html)
    )
    assert set(cards) >= {"review_band", "due_today", "stuck", "review_flags", "failed_messages"}
    assert all(int(n) > 0 for n in cards.values()), cards
    assert "暂无" not in html


def test_an_operator_can_recompute_the_workbench_flags_now(app, db, history):
    db.session.execute(delete(JobReviewFlags))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["analytics-flags", "--workbench-only"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    row = db.session.get(JobReviewFlags, history.id)
    assert row is not None and row.flag_count > 0
    assert f"'flags': {row.flag_count}" in result.output


def test_the_api_gives_the_workbench_of_the_page(client, db, demo, make_hr_user):
    from app.services.demo import seed_demo

    seed_demo(history=True)
    user, headers = make_hr_user("manager", departments=["产品研发部"])
    page_login(client, user)
    html = client.get("/admin/").get_data(as_text=True)
    body = client.get("/api/admin/v1/workbench", headers=headers).get_json()
    for section in body["sections"]:
        card = re.search(rf'id="sec-{section["key"]}">(.*?)</section>', html, re.S).group(1)
        assert f'<span class="count">{section["count"]}</span>' in card
        assert re.findall(r'<a href="([^"]+)">', card)[: len(section["items"])] == [
            item["link"] for item in section["items"]
        ]
    flags = next(s for s in body["sections"] if s["key"] == "review_flags")
    assert flags["items"] and flags["items"][0]["link"].endswith("/analytics")
    assert "刘洋" not in str(body)  # the sales department's borderline candidate
