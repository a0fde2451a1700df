"""Job screens through the test client: the model's weights, thresholds and questions."""

from app.models import Job, Question
from tests.admin.factories import job, page_login

CSRF = {"X-CSRF-Token": "test-csrf"}


def _dims(names_weights):
    data = {"name": [], "weight": [], "keywords": []}
    for name, weight in names_weights:
        data["name"].append(name)
        data["weight"].append(str(weight))
        data["keywords"].append("用户调研, 数据")
    return data


def test_weights_must_sum_to_100_and_nothing_changes_otherwise(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    row = job(db)
    db.session.commit()
    path = f"/admin/jobs/{row.id}/dimensions"
    refused = client.post(
        path, data=_dims([("需求", 40), ("管理", 30), ("用户", 25)]), headers=CSRF
    )
    assert refused.status_code == 422
    assert "权重合计须等于 100，现在是 95" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert [d.weight for d in db.session.get(Job, row.id).dimensions] == [40, 30, 30]
    two = client.post(path, data=_dims([("需求", 50), ("管理", 50)]), headers=CSRF)
    assert two.status_code == 422 and "3 到 8 个维度" in two.get_data(as_text=True)
    saved = client.post(
        path, data=_dims([("需求", 40), ("管理", 20), ("用户", 20), ("沟通", 20)]), headers=CSRF
    )
    assert saved.status_code == 200 and "已保存" in saved.get_data(as_text=True)
    db.session.expire_all()
    dims = db.session.get(Job, row.id).dimensions
    assert [(d.name, d.weight) for d in dims][-1] == ("沟通", 20)
    assert dims[0].keywords == ["用户调研", "数据"]


def test_forbidden_questions_are_refused_inline_and_on_save(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    row = job(db)
    db.session.commit()
    check = client.post(
        f"/admin/jobs/{row.id}/questions/check", data={"text": "你今年多大了？"}, headers=CSRF
    )
    assert "不能用于面试" in check.get_data(as_text=True)
    before = db.session.query(Question).count()
    refused = client.post(
        f"/admin/jobs/{row.id}/questions",
        data={"text": "你的户口在哪里？", "competency": "需求分析", "time_limit_s": "120"},
        headers=CSRF,
    )
    assert refused.status_code == 422 and "不能用于面试" in refused.get_data(as_text=True)
    assert db.session.query(Question).count() == before


def test_thresholds_are_validated(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    row = job(db)
    db.session.commit()
    bad = client.post(
        f"/admin/jobs/{row.id}/settings",
        data={"pass_threshold": "50", "review_threshold": "70", "hint_policy": "all",
              "questions_per_interview": "6", "reject_delay_hours": "48"},
        headers=CSRF,
    )  # fmt: skip
    assert bad.status_code == 422 and "复核线 ≤ 通过线" in bad.get_data(as_text=True)


def test_new_job_from_a_jd_previews_then_saves_with_questions(client, db, make_hr_user):
    user, _ = make_hr_user("admin")
    page_login(client, user)
    from tests.admin.factories import department

    dept = department(db, "产品研发部")
    db.session.commit()
    jd = "负责B端产品需求调研与分析，撰写PRD，推动研发按期交付，关注用户体验与数据指标。"
    preview = client.post("/admin/jobs/preview", data={"jd_text": jd, "title": "产品经理"},
                          headers=CSRF)  # fmt: skip
    assert preview.status_code == 200 and "需求分析" in preview.get_data(as_text=True)
    assert db.session.query(Job).count() == 0  # a preview saves nothing
    created = client.post(
        "/admin/jobs/new",
        data={"title": "产品经理", "department_id": str(dept.id), "jd_text": jd},
        headers=CSRF,
    )
    assert created.status_code == 302
    new = db.session.query(Job).one()
    assert sum(d.weight for d in new.dimensions) == 100
    assert db.session.query(Question).filter_by(job_id=new.id).count() > 0


def test_a_manager_cannot_edit_another_departments_job(client, db, make_hr_user):
    row = job(db)  # 产品研发部
    db.session.commit()
    manager, _ = make_hr_user("manager", departments=["销售部"])
    page_login(client, manager)
    assert client.get(f"/admin/jobs/{row.id}").status_code == 403
    response = client.post(
        f"/admin/jobs/{row.id}/dimensions", data=_dims([("a", 50), ("b", 25), ("c", 25)]),
        headers=CSRF,
    )  # fmt: skip
    assert response.status_code == 403


def test_follow_up_policy_is_set_in_the_settings_form(client, db, make_hr_user):
    user, _ = make_hr_user("recruiter")
    page_login(client, user)
    row = job(db)
    db.session.commit()
    page = client.get(f"/admin/jobs/{row.id}").get_data(as_text=True)
    assert 'name="follow_up_policy"' in page and "不追问" in page
    form = {"pass_threshold": "75", "review_threshold": "60", "hint_policy": "all",
            "questions_per_interview": "6", "reject_delay_hours": "48"}  # fmt: skip
    path = f"/admin/jobs/{row.id}/settings"
    bad = client.post(path, data={**form, "follow_up_policy": "twice"}, headers=CSRF)
    assert bad.status_code == 422 and "请选择追问策略" in bad.get_data(as_text=True)
    saved = client.post(path, data={**form, "follow_up_policy": "off"}, headers=CSRF)
    assert saved.status_code == 200
    db.session.expire_all()
    assert db.session.get(Job, row.id).follow_up_policy == "off"
