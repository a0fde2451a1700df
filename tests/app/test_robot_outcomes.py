"""`结果 张三 终面通过` through the real robot endpoint."""

from sqlalchemy import select

from app.models import Outcome
from bots.robot_commands import parse_command
from tests.app.analytics_helpers import job_with_candidates
from tests.app.test_robot import reply_text, robot_app, robot_post  # noqa: F401  (fixture)


def test_parse_outcome_command():
    command = parse_command("@面试助手 结果 张三 终面通过")
    assert command.name == "outcome" and command.args == ("张三", "终面通过")
    assert parse_command("结果 123 6个月绩效 4").args == ("123", "6个月绩效 4")
    assert parse_command("结果 张三").name == "help"


def test_hr_records_an_outcome_from_dingtalk(client, robot_app, db, make_hr_user):  # noqa: F811
    job, people = job_with_candidates(db, count=2)
    make_hr_user("recruiter", dingtalk_userid="rec-1")
    name = people[0].name
    text = reply_text(robot_post(client, robot_app, f"结果 {name} 终面通过", "rec-1"))
    assert "已记录" in text and "终面通过" in text and job.title in text
    row = db.session.scalar(select(Outcome))
    assert (row.kind, row.result, row.source) == ("final_round", "passed", "bot")
    again = reply_text(robot_post(client, robot_app, f"结果 {name} 终面通过", "rec-1"))
    assert "之前已记录过" in again
    rating = reply_text(robot_post(client, robot_app, f"结果 {people[1].id} 6个月绩效 4", "rec-1"))
    assert "6个月绩效 4 分" in rating
    unclear = reply_text(robot_post(client, robot_app, f"结果 {name} 挺好的", "rec-1"))
    assert "看不懂" in unclear and "终面通过" in unclear
    nobody = reply_text(robot_post(client, robot_app, "结果 不存在的人 终面通过", "rec-1"))
    assert "没有找到" in nobody
    make_hr_user("manager", departments=["销售部"], dingtalk_userid="mgr-sales")
    other = reply_text(robot_post(client, robot_app, f"结果 {name} 已入职", "mgr-sales"))
    assert "没有找到" in other  # another department's candidate does not exist for them
