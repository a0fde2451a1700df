"""Session login, CSRF, the login limiter, cookie flags and role checks on the admin page."""

import re

from sqlalchemy import select

from app.models import AuditLog, AuthSession


def _csrf(client, path="/admin/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _login(client, username, password="correct horse battery"):
    token = _csrf(client)
    return client.post(
        "/admin/login",
        data={"username": username, "password": password, "csrf_token": token},
    )


def test_login_sets_a_hardened_session_cookie_and_is_audited(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter", username="xiaolin")
    response = _login(client, "xiaolin")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/admin/").status_code == 200
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "login"))
    assert entry.actor_id == str(user.id) and entry.detail == {"via": "page"}


def test_a_post_without_the_csrf_token_is_refused(client, db, make_hr_user):
    make_hr_user("recruiter", username="xiaolin")
    response = client.post(
        "/admin/login", data={"username": "xiaolin", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuthSession)) is not None  # only make_hr_user's token
    _login(client, "xiaolin")
    forged = client.post("/admin/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert client.get("/admin/").status_code == 200  # still logged in


def test_logins_are_rate_limited_like_the_api(client, db, make_hr_user):
    # Its own username: the limiter's window outlives the test (in memory without Redis).
    make_hr_user("recruiter", username="limited-user")
    for _ in range(5):
        assert _login(client, "limited-user", "wrong").status_code == 401
    limited = _login(client, "limited-user")  # even the right password waits a minute
    assert limited.status_code == 429
    assert "登录失败次数过多" in limited.get_data(as_text=True)


def test_logout_revokes_the_token_on_the_server(client, db, make_hr_user):
    make_hr_user("recruiter", username="xiaolin")
    _login(client, "xiaolin")
    sessions = db.session.scalars(select(AuthSession)).all()
    token = _csrf(client, "/admin/")
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert len(db.session.scalars(select(AuthSession)).all()) == len(sessions) - 1
    assert client.get("/admin/").headers["Location"].startswith("/admin/login")


def test_htmx_requests_without_a_session_are_sent_to_login(client, db):
    response = client.get("/admin/candidates", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/admin/login?next=")


def test_next_never_leaves_the_site(client, db, make_hr_user):
    make_hr_user("recruiter", username="xiaolin")
    token = _csrf(client)
    response = client.post(
        "/admin/login",
        data={
            "username": "xiaolin",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "https://evil.example/admin",
        },
    )
    assert response.headers["Location"] == "/admin/"


def test_admin_only_screens_refuse_other_roles(client, db, make_hr_user):
    make_hr_user("manager", departments=["销售部"], username="boss")
    _login(client, "boss")
    response = client.get("/admin/messages")
    assert response.status_code == 403 and "无权访问" in response.get_data(as_text=True)
