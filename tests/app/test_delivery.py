"""Outbox delivery over the real SDK clients: outages, 43101, accept counting, send results."""

from datetime import timedelta

import pytest

from app.models import OutboxMessage, Report, Task, WechatSubscription
from app.models.base import utcnow
from app.queues import sweep
from app.services.delivery import BACKOFF_S, check_send_results
from app.services.digest import send_daily_digest
from tests.app.test_decisions import OPENID, RECRUITER, deliver, grant_all, make_report
from tests.conftest import REDIS_URL, requires_redis

SEND_PATHS = {
    "dingtalk": "/topapi/message/corpconversation/asyncsend_v2",
    "wechat": "/cgi-bin/message/subscribe/send",
}


def rows(db, channel: str) -> list[OutboxMessage]:
    db.session.rollback()  # a worker wrote them (MySQL REPEATABLE READ)
    return db.session.query(OutboxMessage).filter_by(channel=channel).order_by("id").all()


def make_due(db, after: timedelta = timedelta(seconds=-1)) -> None:
    """Every pending message due now (or, with a positive `after`, not before then)."""
    for message in db.session.query(OutboxMessage).filter_by(status="pending"):
        message.next_attempt_at = utcnow() + after
    db.session.commit()


def sends(emulator, path: str) -> int:
    return sum(1 for c in emulator.calls if c.path == path)


@pytest.mark.parametrize("channel", ["dingtalk", "wechat"])
def test_vendor_5xx_is_retried_then_delivered_once(
    db, wechat_emulator, dingtalk_emulator, run_worker, channel
):
    grant_all(wechat_emulator)
    emulator = {"dingtalk": dingtalk_emulator, "wechat": wechat_emulator}[channel]
    emulator.inject_failure(count=1, status=503, path=SEND_PATHS[channel])
    before = utcnow()
    make_report(db, "review")  # inline jobs (no Redis) send here already
    deliver(run_worker)
    after = utcnow()
    [row] = rows(db, channel)
    assert row.status == "pending" and "VendorUnavailable" in row.last_error
    # The first backoff step, counted from the failure (somewhere between before and after; a
    # DATETIME column drops the fraction of a second), not from whenever the test looks: a
    # worker start under load can take longer than the wait itself.
    wait = timedelta(seconds=BACKOFF_S[0])
    assert before + wait - timedelta(seconds=1) <= row.next_attempt_at <= after + wait

    make_due(db, after=timedelta(hours=1))  # a retry not yet due, however slow the machine
    deliver(run_worker)
    assert sends(emulator, SEND_PATHS[channel]) == 1
    make_due(db)
    deliver(run_worker)
    deliver(run_worker)
    [row] = rows(db, channel)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    delivered = dingtalk_emulator.delivered(RECRUITER) if channel == "dingtalk" else None
    if channel == "dingtalk":
        assert len(delivered) == 1
    else:
        assert [m["touser"] for m in wechat_emulator.messages] == [OPENID]


def test_no_recorded_accept_is_not_subscribed_without_calling_wechat(
    db, wechat_emulator, dingtalk_emulator, run_worker
):
    wechat_emulator.grant_accepts(OPENID, "tmpl-report-ready")  # unknown to us: not reported
    make_report(db, "review")
    deliver(run_worker)
    [row] = rows(db, "wechat")
    assert row.status == "not_subscribed" and "no subscribe accept left" in row.last_error
    assert sends(wechat_emulator, SEND_PATHS["wechat"]) == 0
    assert rows(db, "dingtalk")[0].status == "sent"


def test_43101_is_recorded_as_not_subscribed_and_never_retried(
    db, wechat_emulator, dingtalk_emulator, run_worker
):
    grant_all(wechat_emulator)
    wechat_emulator.accepts.clear()  # then turned the messages off in WeChat's settings
    make_report(db, "review")
    deliver(run_worker)
    [row] = rows(db, "wechat")
    assert row.status == "not_subscribed" and "43101" in row.last_error
    template = db.session.query(WechatSubscription).filter_by(template_id="tmpl-report-ready")
    assert template.one().accepts == 0  # WeChat knows better than our count
    make_due(db)
    deliver(run_worker)
    assert sends(wechat_emulator, SEND_PATHS["wechat"]) == 1


@pytest.mark.parametrize(
    ("recorded", "status", "left", "vendor_calls"),
    [(0, "not_subscribed", 0, 0), (1, "sent", 0, 1), (3, "sent", 2, 1)],
)
def test_recorded_accepts_are_spent_one_per_message(
    db, wechat_emulator, dingtalk_emulator, run_worker, recorded, status, left, vendor_calls
):
    grant_all(wechat_emulator, count=5, record=False)  # WeChat would accept: our count decides
    db.session.add(
        WechatSubscription(openid=OPENID, template_id="tmpl-report-ready", accepts=recorded)
    )
    db.session.commit()
    make_report(db, "review")
    deliver(run_worker)
    [row] = rows(db, "wechat")
    assert row.status == status
    assert db.session.query(WechatSubscription).one().accepts == left
    assert sends(wechat_emulator, SEND_PATHS["wechat"]) == vendor_calls


def test_an_accept_is_given_back_when_the_send_fails(
    db, wechat_emulator, dingtalk_emulator, run_worker
):
    grant_all(wechat_emulator, record=False)
    db.session.add(WechatSubscription(openid=OPENID, template_id="tmpl-report-ready", accepts=1))
    db.session.commit()
    wechat_emulator.inject_failure(count=1, status=502, path=SEND_PATHS["wechat"])
    make_report(db, "review")
    deliver(run_worker)
    assert rows(db, "wechat")[0].status == "pending"
    assert db.session.query(WechatSubscription).one().accepts == 1


@requires_redis
def test_redis_down_during_a_decision_then_the_sweep_delivers(
    app, client, db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    grant_all(wechat_emulator)
    report = make_report(db, "review")
    _, headers = make_hr_user("recruiter")
    url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions.pop("redis", None)
    try:
        response = client.post(
            f"/api/admin/v1/reports/{report.id}/decision",
            json={"decision": "advance"},
            headers=headers,
        )
    finally:
        app.config["REDIS_URL"] = url
        app.extensions.pop("redis", None)
    assert response.status_code == 200, response.get_json()
    kicks = db.session.query(Task).filter_by(kind="outbox.deliver_pending").all()
    assert [t.state for t in kicks] == ["pending"]
    assert wechat_emulator.messages == []
    for task in kicks:
        task.updated_at = task.updated_at.replace(year=2000)
    db.session.commit()
    assert sweep() == [t.id for t in kicks]
    run_worker("notify")
    assert "tmpl-final-round" in [m["template_id"] for m in wechat_emulator.messages]
    assert db.session.get(Report, report.id).decision == "advance"


def test_send_results_are_recorded_on_the_rows(db, wechat_emulator, dingtalk_emulator, run_worker):
    from app.services.outbox import add_message

    make_report(db, "review")
    same = {"msg": {"msgtype": "text", "text": {"content": "同一内容"}}}
    add_message("dingtalk", "digest", RECRUITER, same, "digest:a:dingtalk:" + RECRUITER)
    add_message("dingtalk", "digest", RECRUITER, same, "digest:b:dingtalk:" + RECRUITER)
    db.session.commit()
    deliver(run_worker)
    sent = rows(db, "dingtalk")
    assert [m.status for m in sent] == ["sent"] * 3
    check_send_results()  # every worker's maintenance pass does this (app.worker.housekeeping)
    assert [(m.payload or {}).get("send_result") for m in rows(db, "dingtalk")] == [None] * 3

    for message in sent:  # checked only once DingTalk had a minute to deliver
        message.sent_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    check_send_results()
    checked = rows(db, "dingtalk")
    outcomes = [m.payload["send_result"] for m in checked]
    assert outcomes == ["unread", "unread", "dropped_duplicate"]
    assert [m.status for m in checked] == ["sent"] * 3
    assert "dropped_duplicate" in checked[2].last_error and checked[0].last_error is None


def test_daily_digest_once_per_day_within_each_users_scope(
    db, wechat_emulator, dingtalk_emulator, run_worker, make_hr_user
):
    make_report(db, "review")
    make_hr_user("manager", departments=["销售部"], dingtalk_userid="sales-boss")
    send_daily_digest()  # twice: as two maintenance passes may
    send_daily_digest()
    if REDIS_URL:
        run_worker("notify")
    digests = [m for m in dingtalk_emulator.delivered() if m["msg"]["msgtype"] == "markdown"]
    by_user = {m["userid"]: m["msg"]["markdown"]["text"] for m in digests}
    assert len(digests) == len(by_user)  # one per person, however often the job runs
    assert "待审核：**1** 人" in by_user[RECRUITER]
    assert "待审核：**0** 人" in by_user["sales-boss"]
    assert "产品经理" in by_user[RECRUITER] and "产品经理" not in by_user["sales-boss"]
