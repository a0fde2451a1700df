"""/admin/ (工作台): what needs the HR user today."""

from flask import render_template

from app.admin import bp, nav
from app.admin.session import login_required, page_user
from app.services.worklist import workbench

nav.add("dashboard", "工作台", "admin.dashboard", position=10)


@bp.get("/")
@login_required()
def dashboard():
    return render_template("admin/dashboard.html", sections=workbench(page_user()))
