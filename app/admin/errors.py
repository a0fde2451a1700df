"""Errors on admin pages are pages (or, for htmx, a small notice), not JSON envelopes."""

import logging

from flask import redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from app.admin import bp
from app.admin.session import LoginRequired
from app.errors import AppError
from app.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: "请求无效",
    401: "请先登录",
    403: "无权访问",
    404: "没有找到",
    405: "不支持的操作",
    409: "操作冲突",
    413: "文件太大",
    422: "内容有误",
    429: "操作太频繁",
}


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def error_page(status: int, message: str):
    db.session.rollback()
    title = TITLES.get(status, "出错了")
    if is_htmx():
        # Swapped by the notice area (see base.html) so the page a user is on stays intact.
        body = render_template("admin/partials/notice.html", kind="error", message=message)
        return body, status, {"HX-Retarget": "#notice", "HX-Reswap": "innerHTML"}
    return render_template("admin/error.html", title=title, message=message), status


@bp.errorhandler(LoginRequired)
def _login_required(_exc):
    target = url_for("admin.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        return "", 401, {"HX-Redirect": target}
    return redirect(target)


@bp.errorhandler(AppError)
def _app_error(exc: AppError):
    return error_page(exc.status, exc.message)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    return error_page(exc.code or 500, TITLES.get(exc.code or 500, exc.description or "出错了"))


@bp.errorhandler(Exception)
def _unexpected(exc: Exception):
    # The trace goes to our log; the recruiter gets a page, never a stack trace.
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_page(500, "服务器出错了，请稍后重试。")
