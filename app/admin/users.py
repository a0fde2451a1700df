"""/admin/users: HR users, their roles and departments (admins change them)."""

from flask import render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import audit
from app.admin import bp, nav
from app.admin.session import ROLE_NAMES, login_required, page_user
from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import Department, HrUser
from app.models.org import ROLES

nav.add("users", "用户", "admin.users", position=90, roles=("admin",))


def _context(**extra) -> dict:
    return {
        "users": db.session.scalars(
            select(HrUser).options(selectinload(HrUser.departments)).order_by(HrUser.id)
        ).all(),
        "departments": db.session.scalars(select(Department).order_by(Department.id)).all(),
        "roles": {r: ROLE_NAMES[r] for r in ROLES},
        **extra,
    }


@bp.get("/users")
@login_required("admin")
def users():
    return render_template("admin/users.html", **_context(form={}))


@bp.post("/users")
@login_required("admin")
def user_create():
    form = request.form
    username = (form.get("username") or "").strip()[:80]
    role = form.get("role") or ""
    dept_ids = [int(d) for d in form.getlist("department_ids") if d.isdigit()]
    departments = (
        db.session.scalars(select(Department).where(Department.id.in_(dept_ids))).all()
        if dept_ids
        else []
    )
    error = None
    if not username:
        error = "请填写用户名"
    elif role not in ROLES:
        error = "请选择角色"
    elif len(form.get("password") or "") < 8:
        error = "初始密码至少8位"
    elif role == "manager" and not departments:
        error = "用人经理至少需要一个部门"
    elif db.session.scalar(select(HrUser.id).where(HrUser.username == username)):
        error = f"用户名 {username} 已存在"
    ding = (form.get("dingtalk_userid") or "").strip()[:64] or None
    if (
        error is None
        and ding
        and db.session.scalar(select(HrUser.id).where(HrUser.dingtalk_userid == ding))
    ):
        error = "这个钉钉账号已绑定其他用户"
    if error:
        return render_template("admin/users.html", **_context(error=error, form=form)), 422
    user = HrUser(
        username=username,
        display_name=(form.get("display_name") or "").strip()[:100],
        role=role,
        dingtalk_userid=ding,
        departments=list(departments),
    )
    user.set_password(form["password"])
    db.session.add(user)
    db.session.flush()
    audit.record("create", "hr_user", user.id)
    db.session.commit()
    return render_template("admin/users.html", **_context(saved=f"已添加 {username}", form={}))


@bp.post("/users/<int:user_id>/active")
@login_required("admin")
def user_toggle(user_id: int):
    user = db.session.get(HrUser, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    if user.id == page_user().id:
        raise Conflict("不能停用自己的账号", code="cannot_disable_self")
    user.active = not user.active
    audit.record("update", "hr_user", user.id, detail={"active": user.active})
    db.session.commit()
    return render_template("admin/partials/user_row.html", u=user, roles=ROLE_NAMES)
