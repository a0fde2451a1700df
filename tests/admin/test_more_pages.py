"""Invitations (one and from Excel), the audit log, users, and the admin API's JSON parity."""

import io

from openpyxl import Workbook
from sqlalchemy import select

from app.models import AuditLog, Candidate, HrUser, Invitation
from scoring.hints import TEXTS as HINT_TEXTS
from tests.admin.factories import finished, job, page_login

CSRF = {"X-CSRF-Token": "test-csrf"}


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_import_invites_good_rows_and_names_the_bad_ones(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    job(db)
    db.session.add(Candidate(name="旧名字", department_id=None))
    db.session.commit()
    data = _xlsx(
        [
            ("姓名", "手机", "邮箱", "职位"),
            ("周一", "13600000001", "", "产品经理"),
            ("吴二", "", "wuer@example.com", "产品经理"),
            ("郑三", "13600000003", "", "不存在的职位"),
            ("", "13600000004", "", "产品经理"),
            ("周一", "13600000001", "zhouyi@example.com", "产品经理"),  # same phone: merged
        ]
    )
    response = client.post(
        "/admin/invitations/import",
        data={"file": (io.BytesIO(data), "invite.xlsx"), "days": "5"},
        headers=CSRF,
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "已邀请 3 人" in html and "第4行：职位“不存在的职位”不存在" in html
    assert "第5行：缺少姓名" in html
    people = db.session.scalars(select(Candidate).where(Candidate.source == "excel")).all()
    assert sorted(c.name for c in people) == ["吴二", "周一"]  # 周一 once, with both invitations
    assert db.session.query(Invitation).count() == 3


def test_a_file_that_is_not_excel_is_refused(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    response = client.post(
        "/admin/invitations/import",
        data={"file": (io.BytesIO(b"name,phone\n"), "invite.xlsx")},
        headers=CSRF,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and ".xlsx" in response.get_data(as_text=True)


def test_single_invitation_from_the_page(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    row = job(db)
    db.session.commit()
    response = client.post(
        "/admin/invitations",
        data={"name": "钱七", "phone": "13600000007", "job_id": str(row.id), "days": "3"},
        headers=CSRF,
    )
    assert response.status_code == 200 and "已邀请 钱七（产品经理）" in response.get_data(
        as_text=True
    )
    invitation = db.session.scalar(select(Invitation))
    assert invitation.created_by_id == user.id and invitation.status == "sent"


def test_audit_page_is_for_admins_and_filters(client, db, make_hr_user):
    recruiter, _ = make_hr_user("recruiter")
    interview = finished(db, job(db), "孙八", 70.0, "review")
    db.session.commit()
    page_login(client, recruiter)
    client.get(f"/admin/interviews/{interview.id}")
    assert client.get("/admin/audit").status_code == 403
    admin, _ = make_hr_user("admin")
    page_login(client, admin)
    html = client.get(f"/admin/audit?action=read&object_type=interview&actor_id={recruiter.id}")
    text = html.get_data(as_text=True)
    assert html.status_code == 200 and "共 1 条" in text and f"interview {interview.id}" in text


def test_admin_adds_a_manager_who_needs_a_department(client, db, make_hr_user):
    admin, _ = make_hr_user("admin")
    page_login(client, admin)
    refused = client.post(
        "/admin/users",
        data={"username": "boss", "role": "manager", "password": "long enough pw"},
        headers=CSRF,
    )
    assert refused.status_code == 422 and "至少需要一个部门" in refused.get_data(as_text=True)
    from tests.admin.factories import department

    sales = department(db, "销售部")
    db.session.commit()
    ok = client.post(
        "/admin/users",
        data={
            "username": "boss",
            "role": "manager",
            "password": "long enough pw",
            "department_ids": [str(sales.id)],
        },
        headers=CSRF,
    )
    assert ok.status_code == 200 and "已添加 boss" in ok.get_data(as_text=True)
    boss = db.session.scalar(select(HrUser).where(HrUser.username == "boss"))
    assert boss.department_ids == {sales.id} and boss.check_password("long enough pw")


def test_api_interview_json_matches_the_page(client, db, make_hr_user):
    _, headers = make_hr_user("recruiter")
    interview = finished(db, job(db), "孙八", 70.0, "review")
    db.session.commit()
    body = client.get(f"/api/admin/v1/interviews/{interview.id}", headers=headers).get_json()
    assert body["candidate"]["name"] == "孙八" and body["report"]["recommendation"] == "review"
    assert body["report"]["thresholds"] == {"pass": 75.0, "review": 60.0}
    first = body["answers"][0]["answer"]
    assert first["text"].startswith("去年我负责客户管理模块")
    assert first["hints_shown"] == [{"code": "star_result", "text": HINT_TEXTS["star_result"]}]
    marked = [s for s in first["segments"] if s.get("effect")]
    assert [s["text"] for s in marked] == ["首先我访谈了30家客户。", "最后续费率提升了8个百分点。"]
    assert first["score"]["evidence"][1]["reason"] == "给出了事情的结果"
    report_id = body["report"]["id"]
    same = client.get(f"/api/admin/v1/reports/{report_id}", headers=headers).get_json()
    assert same["id"] == interview.id
    reads = db.session.scalars(select(AuditLog).where(AuditLog.action == "read")).all()
    assert [r.object_type for r in reads] == ["interview", "interview"]


def test_api_messages_and_audit_entries(client, db, make_hr_user):
    _, admin = make_hr_user("admin")
    _, manager = make_hr_user("manager", departments=["销售部"])
    assert client.get("/api/admin/v1/messages", headers=manager).status_code == 403
    assert client.get("/api/admin/v1/audit", headers=manager).status_code == 403
    messages = client.get("/api/admin/v1/messages?status=failed", headers=admin)
    assert messages.status_code == 200 and messages.get_json() == {"total": 0, "items": []}
    entries = client.get("/api/admin/v1/audit?action=read", headers=admin).get_json()
    assert entries["total"] == 0
    bad = client.get("/api/admin/v1/audit?date_from=yesterday", headers=admin)
    assert bad.status_code == 422
