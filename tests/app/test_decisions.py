"""Decisions after a report, over the real SDK clients and the emulators, on both backends."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

from app.extensions import db as _db
from app.models import AuditLog, HrUser, Interview, Job, OutboxMessage, Report
from app.models.base import utcnow
from app.queues import enqueue_outbox_delivery
from app.services.decisions import on_report_ready, release_due_results
from app.services.outbox import kick
from tests.app.journey_helpers import (
    answer_all,
    dev_login,
    finish_background_work,
    seeded,
)
from tests.conftest import REDIS_URL

RECRUITER = "demo-recruiter"  # the seeded recruiter on DingTalk (sees every department)
OPENID = "demo-candidate"


def set_band(db, job_id: int, band: str, **extra) -> None:
    """Force the band whatever the score: pass (threshold 0), review or not_pass."""
    job = db.session.get(Job, job_id)
    job.pass_threshold, job.review_threshold = {
        "pass": (0.0, 0.0),
        "review": (101.0, 0.0),
        "not_pass": (101.0, 100.5),
    }[band]
    for key, value in extra.items():
        setattr(job, key, value)
    db.session.commit()


def finish_formal_interview(app, client, db, run_worker, band: str, **job) -> Report:
    """The demo candidate finishes a formal interview over HTTP, as the journey test does."""
    invitation = seeded(db)
    set_band(db, invitation.job_id, band, **job)
    phone = dev_login(app, client, OPENID)
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    answer_all(phone, formal)
    finish_background_work(run_worker)
    db.session.rollback()
    report = db.session.query(Report).filter_by(interview_id=formal["id"]).one()
    assert report.status == "ready"
    assert report.recommendation == band
    return report


def make_report(db, band: str = "review", overall: float = 68.0, openid: str | None = OPENID):
    """A scored formal interview of the demo candidate, decided as completion decides it."""
    invitation = seeded(db)
    if openid != OPENID:
        invitation.candidate.wechat_openid = openid
    interview = Interview(
        invitation_id=invitation.id,
        candidate_id=invitation.candidate_id,
        job_id=invitation.job_id,
        kind="formal",
        state="scored",
        finished_at=utcnow(),
    )
    db.session.add(interview)
    db.session.flush()
    report = Report(
        interview_id=interview.id,
        status="ready",
        overall=overall,
        dimension_scores={"需求分析": overall, "项目管理": overall - 5},
        recommendation=band,
    )
    if band == "not_pass":
        report.release_at = utcnow() + timedelta(hours=invitation.job.reject_delay_hours)
    db.session.add(report)
    db.session.flush()
    on_report_ready(report)
    db.session.commit()
    return report


def release_due() -> None:
    """What every worker's maintenance pass does for decisions (app.worker.housekeeping)."""
    release_due_results()
    kick()


def deliver(run_worker):
    enqueue_outbox_delivery()
    _db.session.commit()
    if REDIS_URL:
        run_worker("notify")


def grant_all(wechat_emulator, count: int = 1, record: bool = True) -> None:
    """The candidate accepted every template `count` times in the popup: WeChat counts them
    (the emulator) and, with `record`, the mini-program reported them to us as it does."""
    from app.extensions import db
    from app.services.subscriptions import record_popup

    results = dict.fromkeys(("tmpl-invitation", "tmpl-report-ready", "tmpl-final-round"), "accept")
    for _ in range(count):
        wechat_emulator.popup(OPENID, results)
        if record:
            record_popup(OPENID, results, "mp")
    db.session.commit()


def cards(dingtalk_emulator, userid: str = RECRUITER) -> list[dict]:
    return [
        m["msg"]["action_card"]
        for m in dingtalk_emulator.delivered(userid)
        if m["msg"]["msgtype"] == "action_card"
    ]


def test_pass_invites_to_final_round_once_and_tells_hr(
    app, client, db, wechat_emulator, dingtalk_emulator, run_worker
):
    grant_all(wechat_emulator, count=3)
    report = finish_formal_interview(app, client, db, run_worker, "pass")

    [card] = cards(dingtalk_emulator)
    # The card opens the admin page's interview screen (ADMIN_BASE_URL, else PUBLIC_BASE_URL).
    assert (
        card["single_url"]
        == f"{app.config['PUBLIC_BASE_URL']}/admin/interviews/{report.interview_id}"
    )
    assert "建议进入复试" in card["markdown"]
    notices = [
        m["msg"]["markdown"]["text"]
        for m in dingtalk_emulator.delivered(RECRUITER)
        if m["msg"]["msgtype"] == "markdown"
    ]
    assert len(notices) == 1 and "自动邀请" in notices[0]
    [message] = wechat_emulator.messages
    assert message["touser"] == OPENID and message["template_id"] == "tmpl-final-round"
    assert report.decision == "advance" and report.decided_by_id is None
    entry = db.session.query(AuditLog).filter_by(action="decision").one()
    assert entry.actor_kind == "system" and entry.detail["source"] == "auto"

    deliver(run_worker)  # the same events again send nothing more
    assert len(wechat_emulator.messages) == 1
    assert len(dingtalk_emulator.delivered()) == 2


def test_review_band_sends_signed_buttons_and_pass_click_invites(
    app, client, db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    grant_all(wechat_emulator)
    report = finish_formal_interview(app, client, db, run_worker, "review")

    [card] = cards(dingtalk_emulator)
    buttons = {b["title"]: b["action_url"] for b in card["btn_json_list"]}
    assert list(buttons) == ["通过", "淘汰", "查看"]
    assert all("sig=" in url and f"actor={RECRUITER}" in url for url in buttons.values())
    assert [m["template_id"] for m in wechat_emulator.messages] == ["tmpl-report-ready"]
    assert report.decision is None

    approve = urlsplit(buttons["通过"])
    clicked = client.get(f"{approve.path}?{approve.query}")
    assert clicked.status_code == 200, clicked.get_data(as_text=True)
    assert "已通过" in clicked.get_data(as_text=True)
    finish_background_work(run_worker)
    db.session.rollback()
    report = db.session.get(Report, report.id)
    assert report.decision == "advance"
    recruiter = db.session.query(HrUser).filter_by(dingtalk_userid=RECRUITER).one()
    assert report.decided_by_id == recruiter.id
    assert [m["template_id"] for m in wechat_emulator.messages] == [
        "tmpl-report-ready",
        "tmpl-final-round",
    ]
    again = client.get(f"{approve.path}?{approve.query}")  # a replayed link (logs, forwards)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "link_used"
    expires = int(dict(p.split("=", 1) for p in approve.query.split("&"))["exp"])
    assert expires - time.time() <= 24 * 3600  # and it would have expired within a day
    deliver(run_worker)
    assert len(wechat_emulator.messages) == 2  # the invitation goes out exactly once

    view = urlsplit(buttons["查看"])
    opened = client.get(f"{view.path}?{view.query}")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/admin/interviews/{report.interview_id}")


def test_forged_expired_or_foreign_card_links_are_refused(app, client, db, make_hr_user):
    from app.services.dingtalk_content import action_links
    from bots.signatures import sign_action_link

    report = make_report(db)
    make_hr_user("manager", departments=["销售部"], dingtalk_userid="sales-boss")
    good = urlsplit(action_links(report.id, RECRUITER).approve)
    forged = client.get(f"{good.path}?{good.query.replace(f'id={report.id}', 'id=999')}")
    assert forged.status_code == 401
    assert forged.get_json()["error"]["code"] == "bad_signature"
    base = "http://x/bots/dingtalk/action"
    key = app.config["SECRET_KEY"]
    expired = urlsplit(sign_action_link(base, key, "pass", report.id, RECRUITER, 1))
    assert client.get(f"{expired.path}?{expired.query}").status_code == 401
    other_key = urlsplit(sign_action_link(base, "not-our-key", "pass", report.id, RECRUITER, 2**40))
    assert client.get(f"{other_key.path}?{other_key.query}").status_code == 401
    foreign = urlsplit(action_links(report.id, "sales-boss").approve)
    refused = client.get(f"{foreign.path}?{foreign.query}")
    assert refused.status_code == 403
    db.session.rollback()
    assert db.session.get(Report, report.id).decision is None


def test_not_pass_waits_for_the_delay_then_the_candidate_is_told(
    app, client, db, wechat_emulator, dingtalk_emulator, run_worker
):
    grant_all(wechat_emulator)
    report = finish_formal_interview(app, client, db, run_worker, "not_pass")
    assert wechat_emulator.messages == []  # nobody is rejected by the machine at once
    [card] = cards(dingtalk_emulator)
    assert "暂不推荐" in card["markdown"]
    assert report.release_at > utcnow() + timedelta(hours=47)

    release_due()
    finish_background_work(run_worker)
    db.session.rollback()
    assert wechat_emulator.messages == []  # not yet due

    db.session.get(Report, report.id).release_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    release_due()
    finish_background_work(run_worker)
    db.session.rollback()
    report = db.session.get(Report, report.id)
    assert report.decision == "reject" and report.decided_by_id is None
    assert report.candidate_notified_at is not None
    [message] = wechat_emulator.messages
    assert message["template_id"] == "tmpl-report-ready"
    assert "感谢参与" in message["data"]["thing3"]["value"]


def test_without_delay_only_hr_confirms_a_rejection(
    client, db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    grant_all(wechat_emulator)
    report = make_report(db, "not_pass")
    db.session.get(Job, report.interview.job_id).reject_delay_hours = 0
    report.release_at = None
    db.session.commit()
    release_due()
    deliver(run_worker)
    db.session.rollback()
    assert db.session.get(Report, report.id).decision is None
    assert wechat_emulator.messages == []

    hr, headers = make_hr_user("recruiter", dingtalk_userid="hr-wang")
    response = client.post(
        f"/api/admin/v1/reports/{report.id}/decision", json={"decision": "reject"}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["decided_by_id"] == hr.id
    finish_background_work(run_worker)
    [message] = wechat_emulator.messages
    assert message["template_id"] == "tmpl-report-ready"
    entry = db.session.query(AuditLog).filter_by(action="decision").one()
    assert (entry.actor_kind, entry.actor_id) == ("hr", str(hr.id))


def test_hr_can_overturn_a_rejection_and_the_final_round_invitation_follows(
    client, db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    grant_all(wechat_emulator)
    report = make_report(db, "not_pass")
    _, headers = make_hr_user("recruiter")
    url = f"/api/admin/v1/reports/{report.id}/decision"
    assert client.post(url, json={"decision": "reject"}, headers=headers).status_code == 200
    body = client.post(url, json={"decision": "advance"}, headers=headers).get_json()
    assert body["decision"] == "advance" and body["changed"] is True
    finish_background_work(run_worker)
    assert [m["template_id"] for m in wechat_emulator.messages] == [
        "tmpl-report-ready",
        "tmpl-final-round",
    ]
    decisions = db.session.query(AuditLog).filter_by(action="decision").all()
    assert [d.detail["decision"] for d in decisions] == ["reject", "advance"]


def test_decision_api_refuses_other_departments_and_bad_input(client, db, make_hr_user):
    report = make_report(db)
    _, sales = make_hr_user("manager", departments=["销售部"])
    url = f"/api/admin/v1/reports/{report.id}/decision"
    refused = client.post(url, json={"decision": "advance"}, headers=sales)
    assert refused.status_code == 403
    _, product = make_hr_user("manager", departments=["产品研发部"])
    assert client.post(url, json={"decision": "maybe"}, headers=product).status_code == 422
    missing = client.post("/api/admin/v1/reports/999/decision", json={"decision": "advance"})
    assert missing.status_code == 401
    assert (
        client.post(
            "/api/admin/v1/reports/999/decision", json={"decision": "advance"}, headers=product
        ).status_code
        == 404
    )
    assert client.post(url, json={"decision": "advance"}, headers=product).status_code == 200
    assert db.session.query(OutboxMessage).filter_by(kind="final_round").count() == 1


def test_pass_on_a_job_without_auto_invite_asks_hr_first(db, make_hr_user):
    from app.services.demo import seed_demo

    seed_demo()
    db.session.query(Job).filter_by(title="产品经理").one().auto_invite_final = False
    db.session.commit()
    report = make_report(db, "pass", overall=88.0)
    assert report.decision is None
    kinds = {(m.channel, m.kind) for m in db.session.query(OutboxMessage)}
    assert kinds == {("dingtalk", "review_request"), ("wechat", "report_ready")}
