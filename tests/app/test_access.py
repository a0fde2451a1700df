"""HR login, roles, and a manager's view limited to their own departments."""

from app.models import Candidate, Department


def _candidate(db, name, department):
    dept = db.session.query(Department).filter_by(name=department).one_or_none()
    if dept is None:
        dept = Department(name=department)
        db.session.add(dept)
        db.session.flush()
    candidate = Candidate(name=name, department_id=dept.id)
    db.session.add(candidate)
    db.session.commit()
    return candidate


def test_manager_cannot_read_another_departments_candidate(client, db, make_hr_user):
    _, headers = make_hr_user("manager", departments=["销售部"])
    own = _candidate(db, "销售候选人", "销售部")
    other = _candidate(db, "研发候选人", "产品研发部")
    assert client.get(f"/api/admin/v1/candidates/{own.id}", headers=headers).status_code == 200
    response = client.get(f"/api/admin/v1/candidates/{other.id}", headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden_department"
    listed = client.get("/api/admin/v1/candidates", headers=headers).get_json()
    assert [c["name"] for c in listed] == ["销售候选人"]


def test_recruiter_sees_every_department(client, db, make_hr_user):
    _, headers = make_hr_user("recruiter")
    _candidate(db, "甲", "销售部")
    _candidate(db, "乙", "产品研发部")
    listed = client.get("/api/admin/v1/candidates", headers=headers).get_json()
    assert sorted(c["name"] for c in listed) == ["乙", "甲"]


def test_login_returns_a_token_that_authenticates(client, make_hr_user):
    make_hr_user("admin", username="hr-lead")
    response = client.post(
        "/api/admin/v1/auth/login",
        json={"username": "hr-lead", "password": "correct horse battery"},
    )
    assert response.status_code == 200
    token = response.get_json()["token"]
    assert len(token) >= 32
    me = client.get("/api/admin/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.get_json()["username"] == "hr-lead"


def test_forged_token_is_401(client):
    response = client.get("/api/admin/v1/me", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
