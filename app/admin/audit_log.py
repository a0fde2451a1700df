"""/admin/audit (admins only): who read or changed what, filterable."""

from flask import render_template, request

from app.admin import bp, nav
from app.admin.session import login_required
from app.services.audit_query import AuditFilters, audit_page

nav.add("audit", "审计日志", "admin.audit_log", position=80, roles=("admin",))
ACTIONS = {
    "read": "查看",
    "login": "登录",
    "decision": "决定",
    "export": "导出",
    "create": "创建",
    "update": "修改",
    "update_model": "修改模型",
    "share": "分享",
    "retry": "重发消息",
    "correct": "更正简历",
}


@bp.get("/audit")
@login_required("admin")
def audit_log():
    filters = AuditFilters.from_args(request.args)
    page = audit_page(filters)
    args = {k: v for k, v in vars(filters).items() if v not in ("", None) and k != "page"}
    return render_template("admin/audit.html", f=filters, args=args, actions=ACTIONS, **page)
