"""Admin pages through the test client: scoping, audited reads, audio ranges, query counts."""

import io
import wave

import pytest
from sqlalchemy import select

from app import storage
from app.models import Answer, AuditLog
from scoring.hints import TEXTS as HINT_TEXTS
from tests.admin.factories import finished, job, page_login

CSRF = {"X-CSRF-Token": "test-csrf"}


def _pipeline(db, n: int):
    pm = job(db)
    sales = job(db, "区域销售经理", "销售部")
    interviews = []
    for i in range(n):
        score, rec = ((85.0, "pass"), (68.0, "review"), (40.0, "not_pass"))[i % 3]
        target = sales if i % 4 == 0 else pm
        interviews.append(finished(db, target, f"候选人{i:03d}", score, rec))
    db.session.commit()
    return interviews


SCREENS = [
    "/admin/",
    "/admin/candidates",
    "/admin/candidates?stage=to_decide&sort=score&q=候选人",
    "/admin/messages",
    "/admin/jobs",
    "/admin/invitations",
    "/admin/audit",
    "/admin/users",
]


@pytest.mark.parametrize("path", SCREENS)
def test_list_screens_cost_the_same_queries_for_3_or_30_candidates(
    client, db, make_hr_user, count_queries, path
):
    user, _ = make_hr_user("admin")
    page_login(client, user)
    _pipeline(db, 3)
    client.get(path)  # warm caches (jinja, mappers)
    db.session.remove()  # each request starts with an empty session, as when served
    with count_queries() as small:
        assert client.get(path).status_code == 200
    _pipeline(db, 27)
    db.session.remove()
    with count_queries() as large:
        assert client.get(path).status_code == 200
    assert large() == small() <= 20, (small(), large())


def test_detail_screens_have_bounded_queries(client, db, make_hr_user, count_queries):
    user, _ = make_hr_user("admin")
    page_login(client, user)
    interview = _pipeline(db, 6)[1]
    for path, bound in (
        (f"/admin/interviews/{interview.id}", 15),
        (f"/admin/candidates/{interview.candidate_id}", 15),
    ):
        db.session.remove()
        with count_queries() as n:
            assert client.get(path).status_code == 200
        assert n() <= bound, (path, n())


def test_interview_page_is_an_audited_read_with_highlighted_evidence(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    interview = _pipeline(db, 2)[1]
    html = client.get(f"/admin/interviews/{interview.id}").get_data(as_text=True)
    assert (
        '<mark class="ev-plus" title="给出了事情的结果">最后续费率提升了8个百分点。</mark>' in html
    )
    assert HINT_TEXTS["star_result"] in html  # the hint shown while answering
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "read"))
    assert entry.object_type == "interview" and entry.object_id == str(interview.id)
    assert entry.actor_kind == "hr" and entry.actor_id == str(user.id)


def test_a_manager_cannot_open_another_departments_interview_or_audio(client, db, make_hr_user):
    interviews = _pipeline(db, 4)
    manager, _ = make_hr_user("manager", departments=["销售部"])
    page_login(client, manager)
    own, other = interviews[0], interviews[1]  # the first is in 销售部
    assert client.get(f"/admin/interviews/{own.id}").status_code == 200
    assert client.get(f"/admin/interviews/{other.id}").status_code == 403
    answer = db.session.scalar(select(Answer).where(Answer.interview_id == other.id))
    assert client.get(f"/admin/answers/{answer.id}/audio").status_code == 403
    listed = client.get("/admin/candidates").get_data(as_text=True)
    assert "候选人000" in listed and "候选人001" not in listed


def _wav(seconds: float = 1.0) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x01" * int(16000 * seconds))
    return out.getvalue()


def test_audio_streams_with_range_requests_and_every_read_is_audited(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    interview = _pipeline(db, 1)[0]
    answer = db.session.scalar(select(Answer).where(Answer.interview_id == interview.id))
    audio = _wav()
    answer.audio_path = storage.save("audio", audio)
    db.session.commit()
    whole = client.get(f"/admin/answers/{answer.id}/audio")
    assert whole.status_code == 200 and whole.mimetype == "audio/wav"
    assert whole.data == audio and whole.headers["Accept-Ranges"] == "bytes"
    part = client.get(f"/admin/answers/{answer.id}/audio", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == audio[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(audio)}"
    reads = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "answer_audio")).all()
    assert [r.object_id for r in reads] == [str(answer.id)] * 2
    html = client.get(f"/admin/interviews/{interview.id}").get_data(as_text=True)
    assert f'<audio controls preload="none" src="/admin/answers/{answer.id}/audio">' in html


def test_bulk_reject_needs_a_reason_and_then_decides_each_report(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    interviews = _pipeline(db, 3)
    from app.models import Report

    reports = [
        db.session.scalar(select(Report).where(Report.interview_id == i.id)) for i in interviews
    ]
    ids = [f"{i.candidate_id}:{r.id}" for i, r in zip(interviews, reports, strict=True)]
    refused = client.post(
        "/admin/candidates/bulk", data={"action": "reject", "ids": ids}, headers=CSRF
    )
    assert refused.status_code == 422 and "需要填写理由" in refused.get_data(as_text=True)
    done = client.post(
        "/admin/candidates/bulk",
        data={"action": "reject", "ids": ids[1:], "reason": "经验不匹配"},
        headers=CSRF,
    )
    assert done.status_code == 200 and "已淘汰 2 人" in done.get_data(as_text=True)
    assert done.headers["HX-Trigger"] == "pipeline-changed"
    db.session.expire_all()
    assert [r.decision for r in reports] == [None, "reject", "reject"]


def test_candidate_page_shows_whether_wechat_can_still_reach_them(client, db, make_hr_user):
    from app.models import Candidate
    from app.services.subscriptions import record_popup

    user, _ = make_hr_user("admin")
    page_login(client, user)
    interview = _pipeline(db, 1)[0]
    candidate = db.session.get(Candidate, interview.candidate_id)
    candidate.wechat_openid = "openid-page-test"
    db.session.commit()
    path = f"/admin/candidates/{candidate.id}"
    assert "无可用的订阅授权" in client.get(path).get_data(as_text=True)

    record_popup("openid-page-test", {"tmpl-report-ready": "accept"}, "mp")
    db.session.commit()
    html = client.get(path).get_data(as_text=True)
    assert "报告与结果 可发 1 条" in html and "复试邀请 可发 0 条" in html
    assert "无可用的订阅授权" not in html
