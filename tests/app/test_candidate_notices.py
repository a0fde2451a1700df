"""The outbox records what really happened: a refused WeChat message leaves the candidate
un-notified, and HR hears that the candidate could not be told."""

from app.models import OutboxMessage, Report
from tests.app.test_decisions import RECRUITER, deliver, grant_all, make_report


def _decide(client, headers, report_id: int):
    response = client.post(
        f"/api/admin/v1/reports/{report_id}/decision", json={"decision": "advance"}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_refused_message_is_not_counted_as_notified_and_hr_is_told(
    client, db, make_hr_user, wechat_emulator, dingtalk_emulator, run_worker
):
    report = make_report(db, "review")  # the candidate never allowed the final-round message
    _, headers = make_hr_user("recruiter", dingtalk_userid="hr-who-decides")
    decided = _decide(client, headers, report.id)
    assert decided["candidate_notified_at"] is None
    deliver(run_worker)
    deliver(run_worker)  # the notice added by the refusal goes out on the next pass
    db.session.rollback()
    [final] = db.session.query(OutboxMessage).filter_by(kind="final_round").all()
    assert final.status == "not_subscribed"
    assert db.session.get(Report, report.id).candidate_notified_at is None
    texts = [
        m["msg"]["markdown"]["text"]
        for m in dingtalk_emulator.delivered(RECRUITER)
        if m["msg"].get("msgtype") == "markdown"
    ]
    assert any("未收到通知" in t and "复试邀请" in t for t in texts), texts


def test_delivered_message_stamps_the_time_the_candidate_was_told(
    client, db, make_hr_user, wechat_emulator, dingtalk_emulator, run_worker
):
    grant_all(wechat_emulator)
    report = make_report(db, "review")
    _, headers = make_hr_user("recruiter")
    _decide(client, headers, report.id)  # inline jobs deliver before answering; a worker after
    deliver(run_worker)
    db.session.rollback()
    assert db.session.get(Report, report.id).candidate_notified_at is not None
    assert [m["template_id"] for m in wechat_emulator.messages][-1] == "tmpl-final-round"
