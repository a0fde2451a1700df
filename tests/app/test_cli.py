from sqlalchemy import func, select

from app.models import (
    Candidate,
    HrUser,
    Interview,
    Invitation,
    Job,
    Question,
    Report,
    ReviewRequest,
)


def _counts(db):
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (HrUser, Job, Question, Candidate, Invitation)
    }


def test_seed_demo_twice_creates_nothing_twice(app, db):
    runner = app.test_cli_runner()
    app.config["APP_ENV"] = "development"
    try:
        first = runner.invoke(args=["seed-demo"])
        assert first.exit_code == 0, first.output
        counts = _counts(db)
        second = runner.invoke(args=["seed-demo"])
    finally:
        app.config["APP_ENV"] = "test"
    assert second.exit_code == 0, second.output
    assert _counts(db) == counts
    # Three open invitations, five finished interviews that fill the admin page, and the 300 past
    # candidates of the data-review demo job.
    assert counts["Job"] == 3 and counts["Invitation"] == 3 + 5 + 300
    bands = sorted(
        r
        for (r,) in db.session.execute(
            select(Report.recommendation)
            .join(Interview, Interview.id == Report.interview_id)
            .join(Invitation, Invitation.id == Interview.invitation_id)
            .where(Invitation.token.like("demo-finished-%"))
        )
    )
    assert bands == ["not_pass", "pass", "review", "review", "review"]
    assert db.session.scalar(select(func.count()).select_from(ReviewRequest)) == 1
    assert "password" in first.output
    demo = db.session.scalar(select(Candidate).where(Candidate.wechat_openid == "demo-candidate"))
    assert demo is not None and demo.name == "张三"


def test_seed_demo_refuses_production(app, db):
    app.config["APP_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    finally:
        app.config["APP_ENV"] = "test"
    assert result.exit_code != 0 and "production" in result.output


def test_create_admin_then_login(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "chief", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    response = client.post(
        "/api/admin/v1/auth/login", json={"username": "chief", "password": "s3cret-pass"}
    )
    assert response.status_code == 200
    assert response.get_json()["user"]["role"] == "admin"


def test_worker_command_rejects_unknown_queue(app, db):
    result = app.test_cli_runner().invoke(args=["worker", "--burst", "nonsense"])
    assert result.exit_code != 0


def test_housekeeping_sends_the_digest_once_a_day(app, db, make_hr_user):
    from app.models import OutboxMessage
    from app.worker import housekeeping

    make_hr_user("recruiter", dingtalk_userid="hr-digest")
    app.config["DINGTALK_DIGEST_HOUR"] = 0
    try:
        first = housekeeping()
        second = housekeeping()
    finally:
        app.config["DINGTALK_DIGEST_HOUR"] = 24
    assert first["digest"]["users"] == 1
    assert "digest" not in second
    rows = db.session.query(OutboxMessage).filter_by(kind="digest").all()
    assert [r.recipient for r in rows] == ["hr-digest"]
