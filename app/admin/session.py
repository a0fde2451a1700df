"""Session login for HR users: the same accounts, tokens and login limiter as the API.

The Flask session cookie (HttpOnly, SameSite=Lax, Secure in production) carries an HR token
issued exactly like the API's bearer token; only its hash is stored, so logging out (or
disabling the user) ends the session on the server side too.
"""

from functools import wraps
from urllib.parse import urlsplit

from flask import redirect, render_template, request, session, url_for
from sqlalchemy import delete, select

from app import audit
from app.admin import bp
from app.auth import hash_token, issue_token, login_limiter
from app.errors import Forbidden, TooManyRequests
from app.extensions import db
from app.models import AuthSession, HrUser
from app.models.base import utcnow

ROLE_NAMES = {"admin": "管理员", "recruiter": "招聘专员", "manager": "用人经理"}


class LoginRequired(Exception):
    """No valid session: a page redirects to the login form."""


def page_user() -> HrUser | None:
    """The HR user of this browser session, or None; cached on the request like the API."""
    user = request.environ.get("app.hr_user")
    if user is not None:
        return user
    token = session.get("hr_token")
    if not token:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == hash_token(token)))
    if row is None or row.kind != "hr" or row.expires_at < utcnow():
        return None
    user = row.hr_user
    if user is None or not user.active:
        return None
    request.environ["app.hr_user"] = user
    return user


def login_required(*roles: str):
    """A page for logged-in HR users; with roles, only those (403 page otherwise)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = page_user()
            if user is None:
                raise LoginRequired()
            if roles and user.role not in roles:
                raise Forbidden("您的角色无权访问此页面", code="forbidden_role")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/admin") and not urlsplit(target).netloc:
        return target
    return url_for("admin.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if page_user() is not None:
            return redirect(next_url)
        return render_template("admin/login.html", next=next_url)
    username = (request.form.get("username") or "").strip()[:80]
    password = request.form.get("password") or ""
    key = f"{username}|{request.remote_addr}"
    try:
        login_limiter.check(key)
    except TooManyRequests:
        return render_template(
            "admin/login.html",
            next=next_url,
            username=username,
            error="登录失败次数过多，请一分钟后再试。",
        ), 429
    user = db.session.scalar(select(HrUser).where(HrUser.username == username))
    if user is None or not user.active or not user.check_password(password):
        login_limiter.failed(key)
        return render_template(
            "admin/login.html", next=next_url, username=username, error="用户名或密码错误。"
        ), 401
    token, ttl = issue_token("hr", hr_user=user)
    audit.record("login", "hr_user", user.id, actor=("hr", str(user.id)), detail={"via": "page"})
    db.session.commit()
    session.clear()  # a fresh session (and CSRF token) after login: no fixation
    session.permanent = True
    session["hr_token"] = token
    return redirect(next_url)


@bp.post("/logout")
def logout():
    token = session.pop("hr_token", None)
    if token:
        db.session.execute(delete(AuthSession).where(AuthSession.token_hash == hash_token(token)))
        db.session.commit()
    session.clear()
    return redirect(url_for("admin.login"))
