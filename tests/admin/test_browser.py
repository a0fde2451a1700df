"""The admin page in a real browser (Debian's Chromium via playwright), on both backends."""

import re

import pytest
from openpyxl import load_workbook

from app.extensions import db as _db
from app.models import Decision, OutboxMessage, Report
from tests.admin.conftest import login, shoot
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.browser


def _interview_of(name: str) -> int:
    from sqlalchemy import select

    from app.models import Candidate, Interview

    return _db.session.scalar(select(Interview.id).join(Candidate).where(Candidate.name == name))


def _overall(name: str) -> float:
    """The demo candidate's score as scoring gives it today (the page must show that)."""
    from sqlalchemy import select

    from app.models import Candidate, Interview

    return _db.session.scalar(
        select(Report.overall)
        .join(Interview, Interview.id == Report.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Candidate.name == name)
    )


def test_login_refuses_a_wrong_password_then_opens_the_workbench(page, demo):
    page.goto(page.base + "/admin/candidates")
    assert "/admin/login" in page.url  # not logged in: sent to the login form
    page.fill("input[name=username]", "recruiter")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "用户名或密码错误。"
    page.fill("input[name=password]", "demo-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/candidates$"))  # back where they wanted to go
    assert "招聘专员 小林" in page.inner_text("header")
    page.click("text=退出")
    page.wait_for_url(re.compile(r".*/admin/login$"))
    page.goto(page.base + "/admin/")
    assert "/admin/login" in page.url  # the session ended on the server


def test_borderline_candidate_is_on_the_workbench_and_opens_her_interview(page, demo):
    login(page, "recruiter")
    card = page.locator("#sec-review_band")
    assert "王芳" in card.inner_text() and f"{_overall('王芳'):.1f}分" in card.inner_text()
    shoot(page, "workbench")
    card.get_by_role("link", name="王芳").click()
    page.wait_for_url(re.compile(r".*/admin/interviews/\d+$"))
    assert "王芳 · 产品经理" in page.inner_text("h2")
    assert "临界·需人工复核" in page.inner_text("#summary")
    assert page.js_errors == []


def test_interview_shows_evidence_highlighted_in_the_transcript(page, demo):
    login(page, "recruiter")
    page.goto(f"{page.base}/admin/interviews/{_interview_of('王芳')}")
    first = page.locator("article.qa").first
    marks = first.locator("mark.ev-plus")
    assert marks.count() >= 3
    assert "续费率提升了8个百分点" in " ".join(marks.all_inner_texts())
    assert "给出了事情的结果" in marks.last.get_attribute("title")  # the reason on hover
    # The per-dimension picture is drawn by ECharts (SVG renderer) with its threshold lines.
    page.wait_for_selector("#dimension-chart svg")
    assert "需求分析（35%）" in page.inner_text("#dimension-chart")
    shoot(page, "interview-evidence")


def test_decide_pass_with_a_reason_records_it_and_messages_the_candidate(page, demo, run_worker):
    login(page, "recruiter")
    interview_id = _interview_of("王芳")
    page.goto(f"{page.base}/admin/interviews/{interview_id}")
    page.check("input[name=decision][value=advance]")
    page.click("#decision-panel button[type=submit]")
    # Overturning the AI's advice ("review") needs a reason: refused inline, nothing saved.
    assert "请填写理由" in page.inner_text("#decision-panel [role=alert]")
    page.check("input[name=decision][value=advance]")
    page.fill("textarea[name=reason]", "需求分析很扎实，复试重点考察用户思维")
    page.click("#decision-panel button[type=submit]")
    page.wait_for_selector("#decision-panel [role=status]")
    assert "已记录：通过" in page.inner_text("#decision-panel")
    assert "需求分析很扎实" in page.inner_text("#decision-log")
    if REDIS_URL:  # the MariaDB + Redis pass: a real worker sends the outbox
        run_worker("notify")
        page.reload()
    messages = page.inner_text("#report-messages")
    assert "复试邀请 · 已发送" in messages  # to the candidate, on WeChat
    assert "面试结论 · 已发送" in messages  # to HR, on DingTalk
    assert any(m["touser"] == "demo-openid-2" for m in demo["wechat"].messages)
    _db.session.rollback()  # a fresh snapshot: the server wrote from another thread
    report = _db.session.query(Report).filter_by(interview_id=interview_id).one()
    assert report.decision == "advance"
    decision = _db.session.query(Decision).filter_by(report_id=report.id).one()
    assert decision.reason == "需求分析很扎实，复试重点考察用户思维" and decision.source == "page"
    shoot(page, "decision-recorded")
    page.click("h2 a")  # the candidate's page shows the decision history too
    assert "需求分析很扎实" in page.inner_text("#decision-history")


def test_export_of_the_filtered_list_opens_in_openpyxl(page, demo, tmp_path):
    login(page, "recruiter")
    page.goto(page.base + "/admin/candidates")
    page.select_option("select[name=recommendation]", "review")
    page.wait_for_function("document.querySelectorAll('#pipeline tbody tr').length == 3")
    names = page.locator("#pipeline tbody td:nth-child(2)").all_inner_texts()
    assert sorted(names) == ["刘洋", "王芳", "陈静"]
    with page.expect_download() as download:
        page.click("#export-link")
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "手机", "邮箱", "职位")
    assert sorted(r[0] for r in rows[1:]) == ["刘洋", "王芳", "陈静"]
    wang = next(r for r in rows[1:] if r[0] == "王芳")
    assert wang[1] == "13800000012" and wang[3] == "产品经理"
    assert wang[6] == pytest.approx(_overall("王芳"))


def test_manager_sees_only_their_department(page, demo):
    login(page, "sales-manager")
    assert "刘洋" in page.inner_text("#sec-review_band")
    assert "王芳" not in page.inner_text("main")
    page.goto(page.base + "/admin/candidates")
    names = page.locator("#pipeline tbody td:nth-child(2)").all_inner_texts()
    assert names and set(names) <= {"李四", "刘洋"} and "刘洋" in names
    response = page.goto(f"{page.base}/admin/interviews/{_interview_of('王芳')}")
    assert response.status == 403
    assert "无权访问" in page.inner_text("h2")
    assert page.locator("nav.mainnav >> text=消息").count() == 0  # not a manager's screen


def test_phone_sized_interview_page(browser, live_server, demo):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    tab = context.new_page()
    tab.base = live_server
    login(tab, "recruiter")
    tab.goto(f"{live_server}/admin/interviews/{_interview_of('王芳')}")
    tab.wait_for_selector("#dimension-chart svg")
    # Nothing wider than the phone: no sideways scrolling to read or decide.
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert tab.locator("#decision-panel button[type=submit]").is_visible()
    shoot(tab, "interview-phone-390")
    # The candidate (tables of interviews and messages) and the workbench fit as well.
    tab.click("h2 a")
    tab.wait_for_selector("#decision-history")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(tab, "candidate-phone-390")
    tab.goto(f"{live_server}/admin/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_failed_message_can_be_retried(page, demo):
    login(page, "admin")
    page.goto(page.base + "/admin/messages?status=not_subscribed")
    row = page.locator("#messages-table tbody tr").filter(has_text="43101")
    assert row.count() == 1
    row.get_by_role("button", name="重试").click()
    # Sent again at once (inline) and refused again by WeChat, or queued for the worker.
    page.wait_for_function(
        "(() => { const t = document.querySelector('#messages-table').innerText;"
        " return t.includes('待发送') || /\\t2\\s*(\\t|$)/m.test(t) })()"
    )
    _db.session.rollback()  # a fresh snapshot: the server wrote from another thread
    retried = _db.session.query(OutboxMessage).filter_by(recipient="demo-unreachable-openid").one()
    assert retried.status == ("pending" if REDIS_URL else "not_subscribed")
    assert retried.attempts == (1 if REDIS_URL else 2)


def _job_id(title: str) -> int:
    from sqlalchemy import select

    from app.models import Job

    return _db.session.scalar(select(Job.id).where(Job.title == title))


def test_weights_that_do_not_sum_to_100_are_refused(page, demo):
    login(page, "recruiter")
    page.goto(f"{page.base}/admin/jobs/{_job_id('产品经理')}")
    weight = page.get_by_label("项目管理 权重")
    weight.fill("25")  # 35 + 25 + 35 = 95
    sum_line = page.locator("#dimensions .weights-sum")
    assert "权重合计：95" in sum_line.inner_text() and "须等于 100" in sum_line.inner_text()
    assert page.locator("#dimensions button[data-needs-100]").is_disabled()
    shoot(page, "weights-95-refused")
    # The server refuses it too, whatever the browser does.
    page.evaluate("document.querySelector('#dimensions button[data-needs-100]').disabled = false")
    page.click("#dimensions button[data-needs-100]")
    assert "权重合计须等于 100，现在是 95" in page.inner_text("#dimensions [role=alert]")
    page.get_by_label("项目管理 权重").fill("30")
    assert "（正确）" in page.locator("#dimensions .weights-sum").inner_text()
    page.click("#dimensions button[data-needs-100]")
    page.wait_for_selector("#dimensions [role=status]")
    _db.session.rollback()
    from app.models import Job

    weights = [d.weight for d in _db.session.get(Job, _job_id("产品经理")).dimensions]
    assert weights == [35, 30, 35]


def test_a_forbidden_question_is_refused_as_it_is_typed(page, demo):
    login(page, "recruiter")
    page.goto(f"{page.base}/admin/jobs/{_job_id('产品经理')}")
    box = page.locator("#question-form textarea[name=text]")
    box.fill("请问你最近有结婚生子的打算吗？")
    page.wait_for_selector("#question-check-result.form-error")
    assert "不能用于面试" in page.inner_text("#question-check-result")
    shoot(page, "forbidden-question")
    page.click("#question-form button[type=submit]")  # saving it is refused as well
    # The form's own alert (a child of the swapped-in form), not the live check's alert inside
    # the old form: typing before the refused form is swapped in would type into a dying box.
    refused = page.wait_for_selector("#question-form > p.form-error[role=alert]")
    assert "不能用于面试" in refused.inner_text()
    box = page.locator("#question-form textarea[name=text]")
    box.fill("请讲一次你推动跨部门需求按期上线的经历，你具体做了什么？")
    page.wait_for_selector("#question-check-result.field-ok")
    page.click("#question-form button[type=submit]")
    page.wait_for_selector("#question-form [role=status]")
    page.wait_for_function(
        "document.querySelector('#questions').innerText.includes('推动跨部门需求按期上线')"
    )
    assert "结婚" not in page.inner_text("#questions")
