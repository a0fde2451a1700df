"""The DingTalk robot endpoint: signatures, replays, each command for allowed and forbidden HR."""

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from app.jobs import run_task
from app.models import AuditLog, HrUser, Invitation, OutboxMessage, ProcessedEvent, Report, Task
from tests.app.test_decisions import RECRUITER, make_report

FIXTURE = json.loads(
    (
        Path(__file__).resolve().parents[1] / "fixtures/vendor/dingtalk_robot_text_message.json"
    ).read_text(encoding="utf-8")
)
SALES_MANAGER = "demo-sales-manager"  # manager of 销售部 only (seeded)
PRODUCT_MANAGER = "pm-boss"  # manager of 产品研发部 (the demo report's department)


def documented_sign(timestamp: str, secret: str) -> str:
    """As DingTalk's documentation writes it: HmacSHA256(key=appSecret, ts + "\\n" + appSecret)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def robot_post(
    client, app, text: str, staff_id: str, msg_id: str | None = None, expires_ms=None, **headers
):
    secret = app.config["DINGTALK_APP_SECRET"]
    timestamp = headers.pop("timestamp", str(int(time.time() * 1000)))
    sign = headers.pop("sign", documented_sign(timestamp, secret))
    body = dict(FIXTURE["body"])
    session = uuid.uuid4().hex  # the DingTalk emulator records what is posted to it
    body.update(
        msgId=msg_id or uuid.uuid4().hex,
        senderStaffId=staff_id,
        text={"content": f"@面试助手 {text}"},
        sessionWebhook=f"{app.config['DINGTALK_API_BASE_URL']}/robot/sendBySession?session={session}",
        sessionWebhookExpiredTime=expires_ms or int(time.time() * 1000) + 5_400_000,
    )
    response = client.post(
        "/bots/dingtalk/robot", json=body, headers={"timestamp": timestamp, "sign": sign}
    )
    response.robot_session = (app, session)
    return response


def run_tasks() -> None:
    """What a worker does (with Redis the tasks wait in their queue), including new ones."""
    for _ in range(5):
        waiting = [t.id for t in Task.query.filter(Task.state.in_(("pending", "queued")))]
        if not waiting:
            return
        for task_id in waiting:
            run_task(task_id)


def webhook_replies(app, session: str) -> list[dict]:
    """What the bot posted through this message's sessionWebhook, after running its tasks."""
    run_tasks()
    url = f"{app.config['DINGTALK_API_BASE_URL']}/_emulator/messages"
    replies = requests.get(url, timeout=5).json()["robot_replies"]
    return [r["body"] for r in replies if r["session"] == session]


def reply_text(response) -> str:
    """The bot's answer: in the HTTP response, or (a slow command) through the sessionWebhook."""
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    if body["msgtype"] == "empty" and not body.get("duplicate"):
        replies = webhook_replies(*response.robot_session)
        assert len(replies) == 1, replies
        body = replies[0]
    assert body["msgtype"] == "markdown"
    return body["markdown"]["text"]


@pytest.fixture()
def robot_app(app, dingtalk_emulator):
    """The app talking to the DingTalk emulator, whose app secret signs the robot messages."""
    return app


@pytest.fixture()
def review(db, make_hr_user, robot_app):
    """A review-band report of 张三 (产品经理, 产品研发部) and a product-department manager."""
    report = make_report(db, "review")
    make_hr_user("manager", departments=["产品研发部"], dingtalk_userid=PRODUCT_MANAGER)
    return report


def test_recorded_request_is_too_old_but_its_sign_is_the_documented_one(client, robot_app):
    headers = FIXTURE["headers"]
    assert documented_sign(headers["timestamp"], FIXTURE["app_secret"]) == headers["sign"]
    stale = client.post(
        "/bots/dingtalk/robot",
        json=FIXTURE["body"],
        headers={"timestamp": headers["timestamp"], "sign": headers["sign"]},
    )
    assert stale.status_code == 401  # recorded hours ago: outside the one-hour window


@pytest.mark.parametrize(
    ("offset_ms", "sign", "status"),
    [
        (0, None, 200),
        (-59 * 60_000, None, 200),
        (-61 * 60_000, None, 401),
        (61 * 60_000, None, 401),
        (0, "wbby8aLppbgSEIgUV+reSw6XX1XLOUZ464U94SOrGO0=", 401),
        (0, "", 401),
    ],
)
def test_robot_signature_and_skew(client, robot_app, db, offset_ms, sign, status):
    timestamp = str(int(time.time() * 1000) + offset_ms)
    headers = {"timestamp": timestamp}
    if sign is not None:
        headers["sign"] = sign
    response = robot_post(client, robot_app, "帮助", RECRUITER, **headers)
    assert response.status_code == status
    if status == 401:
        assert response.get_json()["error"]["code"] == "bad_signature"
        assert db.session.query(ProcessedEvent).count() == 0


def test_unknown_and_disabled_senders_get_a_polite_refusal(client, robot_app, db, review):
    assert "没有开通" in reply_text(robot_post(client, robot_app, "待审核", "stranger"))
    user = db.session.query(HrUser).filter_by(dingtalk_userid=RECRUITER).one()
    user.active = False
    db.session.commit()
    refused = reply_text(robot_post(client, robot_app, f"通过 {review.id}", RECRUITER))
    assert "没有开通" in refused
    db.session.rollback()
    assert db.session.get(Report, review.id).decision is None


def test_help_and_unknown_commands_show_the_help_text(client, robot_app, db, review):
    assert "邀请 <姓名> <岗位>" in reply_text(robot_post(client, robot_app, "帮助", RECRUITER))
    unknown = reply_text(robot_post(client, robot_app, "发工资", RECRUITER))
    assert "不认识的命令" in unknown and "待审核" in unknown


@pytest.mark.parametrize(
    ("command", "allowed", "forbidden"),
    [
        ("今日面试", "张三", None),
        ("待审核", "张三", None),
        ("查看 张三", "张三", "没有权限"),
        ("报告 {id}", "综合得分", "没有权限"),
    ],
)
def test_reading_commands_are_limited_to_the_senders_departments(
    client, robot_app, db, review, command, allowed, forbidden
):
    text = command.format(id=review.id)
    for sender in (RECRUITER, PRODUCT_MANAGER):
        assert allowed in reply_text(robot_post(client, robot_app, text, sender))
    outsider = reply_text(robot_post(client, robot_app, text, SALES_MANAGER))
    assert "张三" not in outsider
    if forbidden:
        assert forbidden in outsider
    reads = db.session.query(AuditLog).filter_by(action="read").all()
    if command.startswith(("查看", "报告")):
        assert reads and {r.actor_kind for r in reads} == {"hr"}


@pytest.mark.parametrize(
    ("command", "decision", "kind"),
    [("通过", "advance", "final_round"), ("淘汰", "reject", "result")],
)
def test_deciding_commands_need_the_department(
    client, robot_app, db, review, command, decision, kind
):
    text = f"{command} {review.id}"
    refused = reply_text(robot_post(client, robot_app, text, SALES_MANAGER))
    assert "没有权限" in refused
    db.session.rollback()
    assert db.session.get(Report, review.id).decision is None

    done = reply_text(robot_post(client, robot_app, text, PRODUCT_MANAGER))
    assert "已记录" in done
    db.session.rollback()
    report = db.session.get(Report, review.id)
    manager = db.session.query(HrUser).filter_by(dingtalk_userid=PRODUCT_MANAGER).one()
    assert (report.decision, report.decided_by_id) == (decision, manager.id)
    assert db.session.query(OutboxMessage).filter_by(kind=kind, channel="wechat").count() == 1
    again = reply_text(robot_post(client, robot_app, text, RECRUITER))
    assert "无需重复" in again
    missing = reply_text(robot_post(client, robot_app, f"{command} 99999", RECRUITER))
    assert "没有编号为 99999" in missing


def test_invite_command_creates_the_invitation_within_scope(client, robot_app, db, review):
    refused = reply_text(robot_post(client, robot_app, "邀请 王五 产品经理", SALES_MANAGER))
    assert "没有找到你可以邀请的岗位" in refused
    unknown = reply_text(robot_post(client, robot_app, "邀请 赵六 区域销售经理", SALES_MANAGER))
    assert "没有找到你可以邀请的候选人" in unknown
    done = reply_text(robot_post(client, robot_app, "邀请 李四 区域销售经理", SALES_MANAGER))
    assert "已邀请 **李四**" in done
    db.session.rollback()
    invitation = db.session.query(Invitation).order_by(Invitation.id.desc()).first()
    assert invitation.candidate.name == "李四" and invitation.job.title == "区域销售经理"
    manager = db.session.query(HrUser).filter_by(dingtalk_userid=SALES_MANAGER).one()
    assert invitation.created_by_id == manager.id
    # 张三 has a WeChat account: the invitation message goes into the outbox.
    reply_text(robot_post(client, robot_app, "邀请 张三 运营专员", RECRUITER))
    assert db.session.query(OutboxMessage).filter_by(kind="invitation").count() == 1


def test_replayed_message_id_acts_once(client, robot_app, db, review):
    first = reply_text(robot_post(client, robot_app, f"通过 {review.id}", RECRUITER, "msg-1"))
    assert "已记录" in first
    replay = robot_post(client, robot_app, f"淘汰 {review.id}", RECRUITER, "msg-1")
    assert replay.status_code == 200 and replay.get_json().get("duplicate") is True
    db.session.rollback()
    assert db.session.get(Report, review.id).decision == "advance"


def test_hundred_concurrent_deliveries_of_one_message_change_state_once(
    client, robot_app, db, review
):
    """DingTalk retries; parallel copies of one msgId must produce one decision."""
    barrier = threading.Barrier(100)
    text = f"淘汰 {review.id}"
    results: list[int | str] = []

    def deliver():
        with robot_app.test_client() as own:
            barrier.wait()
            response = robot_post(own, robot_app, text, RECRUITER, "same-msg")
            body = response.get_json() or {}
            results.append("dup" if body.get("duplicate") else response.status_code)

    threads = [threading.Thread(target=deliver) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert results.count(200) == 1 and results.count("dup") == 99, results
    assert db.session.query(AuditLog).filter_by(action="decision").count() == 1
    assert db.session.query(ProcessedEvent).filter_by(event_id="same-msg").count() == 1
    assert db.session.query(OutboxMessage).filter_by(kind="result").count() == 1


def test_approving_from_the_bot_sends_the_final_round_invitation(
    client, robot_app, db, review, wechat_emulator, dingtalk_emulator, run_worker
):
    from tests.app.test_decisions import deliver, finish_background_work, grant_all

    grant_all(wechat_emulator)
    deliver(run_worker)  # the review card and the candidate's report-ready message
    assert [m["template_id"] for m in wechat_emulator.messages] == ["tmpl-report-ready"]
    done = reply_text(robot_post(client, robot_app, f"通过 {review.id}", RECRUITER))
    assert "已邀请进入复试" in done
    finish_background_work(run_worker)
    assert [m["template_id"] for m in wechat_emulator.messages] == [
        "tmpl-report-ready",
        "tmpl-final-round",
    ]
    notices = [m["msg"] for m in dingtalk_emulator.delivered(RECRUITER)]
    assert any("面试结论：进入复试" in str(n) for n in notices)


EVIDENCE_VIEW = {
    "thresholds": {"pass": 75.0, "review": 60.0},
    "dimensions": [
        {"name": "需求分析", "weight": 60, "score": 88.0, "answered": 2},
        {"name": "项目管理", "weight": 40, "score": 52.0, "answered": 1},
    ],
    "answers": [
        {
            "dimension": "需求分析",
            "score": 90.0,
            "evidence": [
                {"sentence": "我负责梳理需求。", "effect": "+", "reason": "说明了本人的职责或目标"},
                {
                    "sentence": "上线后转化率提升了30%。",
                    "effect": "+",
                    "reason": "给出了事情的结果；用数据说明：30%",
                },
            ],
        },
        {
            "dimension": "需求分析",
            "score": 86.0,
            "evidence": [
                {"sentence": "我觉得需求很重要。", "effect": "-", "reason": "空泛的观点表态"},
            ],
        },
        {
            "dimension": "项目管理",
            "score": 52.0,
            "evidence": [
                {"sentence": "一般我会开会。", "effect": "-", "reason": "讲的是一般做法"},
                {"sentence": "项目延期了两周。", "effect": "+", "reason": "给出了事情的结果"},
            ],
        },
    ],
}


@pytest.mark.parametrize("command", ["报告 {id}", "查看 张三"])
def test_report_reply_shows_levels_evidence_and_the_interview_link(
    client, robot_app, db, review, command
):
    review.hr_view = EVIDENCE_VIEW
    db.session.commit()
    robot_app.config["ADMIN_BASE_URL"] = "https://hr.example.cn/admin"
    try:
        text = reply_text(robot_post(client, robot_app, command.format(id=review.id), RECRUITER))
    finally:
        robot_app.config["ADMIN_BASE_URL"] = None

    need = text[text.index("**需求分析**") : text.index("**项目管理**")]
    assert "优秀（88分）" in need
    assert "最有力：「上线后转化率提升了30%。」（给出了事情的结果；用数据说明：30%）" in need
    assert "最薄弱：「我觉得需求很重要。」" in need
    manage = text[text.index("**项目管理**") :]
    assert "待提升（52分）" in manage and "最薄弱：「一般我会开会。」" in manage
    link = f"(https://hr.example.cn/admin/interviews/{review.interview_id})"
    assert link in text
    db.session.rollback()
    reads = db.session.query(AuditLog).filter_by(action="read", object_type="report").all()
    recruiter = db.session.query(HrUser).filter_by(dingtalk_userid=RECRUITER).one()
    assert [(r.actor_kind, r.actor_id) for r in reads] == [("hr", str(recruiter.id))]


def test_slow_command_answers_through_the_session_webhook_once(client, robot_app, db, review):
    response = robot_post(client, robot_app, f"报告 {review.id}", RECRUITER, msg_id="m-slow")
    assert response.get_json() == {"msgtype": "empty"}  # DingTalk gets its answer at once
    assert f"面试报告 #{review.id}" in reply_text(response)
    again = robot_post(client, robot_app, f"报告 {review.id}", RECRUITER, msg_id="m-slow")
    assert again.get_json()["duplicate"] is True
    assert len(webhook_replies(*response.robot_session)) == 1
    assert webhook_replies(*again.robot_session) == []


def test_view_says_whether_a_wechat_message_can_still_reach_the_candidate(
    client, robot_app, db, review
):
    from app.services.subscriptions import record_popup

    assert "无可用的订阅授权" in reply_text(robot_post(client, robot_app, "查看 张三", RECRUITER))
    record_popup(
        "demo-candidate", {"tmpl-final-round": "accept", "tmpl-invitation": "accept"}, "mp"
    )
    db.session.commit()
    assert "还可发送 2 条" in reply_text(robot_post(client, robot_app, "查看 张三", RECRUITER))


def test_slow_command_whose_webhook_expired_asks_hr_to_send_it_again(
    client, robot_app, db, review, dingtalk_emulator
):
    gone = int(time.time() * 1000) - 1  # the task ran after the chat's ~90 minutes
    response = robot_post(client, robot_app, f"报告 {review.id}", RECRUITER, expires_ms=gone)
    assert response.get_json() == {"msgtype": "empty"}
    assert webhook_replies(*response.robot_session) == []
    run_tasks()
    texts = [str(m["msg"]) for m in dingtalk_emulator.delivered(RECRUITER)]
    assert any(f"报告 {review.id}" in t and "重新发送" in t for t in texts), texts
    assert not any("张三" in t and "重新发送" in t for t in texts)
    db.session.rollback()
    assert db.session.query(AuditLog).filter_by(action="read", object_type="report").count() == 0
