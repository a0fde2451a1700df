"""HR reads Chinese on the interview page: no answer flag shows as a code."""

import re

from sqlalchemy import select

from app.models import HrUser, Interview
from app.services.labels import ANSWER_FLAGS
from scoring.report import NON_ANSWERS
from tests.admin.factories import page_login


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
