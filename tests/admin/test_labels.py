"""The demo's candidate and interview pages: filled, and in Chinese (no status or flag codes)."""

import re

from sqlalchemy import select

from app.models import AuditLog, Candidate, HrUser, Interview
from app.services.labels import ANSWER_FLAGS
from scoring.report import NON_ANSWERS
from tests.admin.factories import page_login
from tests.app.journey_helpers import finish_background_work


def test_every_answer_flag_scoring_names_has_a_chinese_label():
    for code in NON_ANSWERS | {"too_short", "too_long", "too_fast", "too_slow", "low_relevance"}:
        assert re.search(r"[\u4e00-\u9fff]", ANSWER_FLAGS.get(code, "")), code


def test_the_demo_interviews_show_their_flags_in_chinese(client, db, demo):
    page_login(client, db.session.scalar(select(HrUser).where(HrUser.username == "admin")))
    badges = []
    for interview_id in db.session.scalars(select(Interview.id)):
        html = client.get(f"/admin/interviews/{interview_id}").get_data(as_text=True)
        badges += re.findall(r'<span class="badge b-review">([^<]*)</span>', html)
    assert "答非所问" in badges and "回答过短" in badges  # the weak demo answers are flagged
    assert not [b for b in badges if re.fullmatch(r"[a-z_]+", b)], badges


def test_the_demo_candidate_has_a_parsed_resume_to_read_and_download(client, db, demo, run_worker):
    finish_background_work(run_worker)  # with Redis, a worker parses the demo resume
    db.session.rollback()
    wang = db.session.scalar(select(Candidate).where(Candidate.name == "王芳"))
    page_login(client, db.session.scalar(select(HrUser).where(HrUser.username == "recruiter")))
    html = client.get(f"/admin/candidates/{wang.id}").get_data(as_text=True)
    assert "华东师范大学" in html and "高级产品经理" in html and "岗位匹配" in html
    assert "已解析" in html and "parsed" not in html
    link = re.search(r'href="(/admin/resumes/\d+/file)"', html)
    assert link, "no download link for the demo resume"
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.data[:2] == b"PK"  # the Word file
    reads = db.session.scalars(select(AuditLog).where(AuditLog.action == "read")).all()
    assert {"candidate", "resume_file"} <= {r.object_type for r in reads}
