"""HR builds a job from its description, edits the model and questions, previews a set."""

import pytest

from app.models import Department

PM_JD = (
    "岗位职责：1. 负责B端产品的用户调研与需求分析，撰写PRD，确定需求优先级；"
    "2. 协调设计、研发、测试推进项目按期上线，管理进度和风险；"
    "3. 关注用户体验和数据指标，持续优化产品。任职要求：3年以上产品经理经验，具备数据分析能力。"
)


@pytest.fixture()
def hr(db, make_hr_user):
    db.session.add(Department(name="产品研发部"))
    db.session.commit()
    _, headers = make_hr_user("recruiter")
    dept = db.session.query(Department).filter_by(name="产品研发部").one()
    return headers, dept.id


def _create(client, hr, **extra):
    headers, dept_id = hr
    body = {"title": "产品经理", "department_id": dept_id, "jd_text": PM_JD, **extra}
    return client.post("/api/admin/v1/jobs", json=body, headers=headers)


def test_job_from_a_description_returns_an_editable_weighted_model(client, hr):
    response = _create(client, hr)
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    names = [d["name"] for d in job["dimensions"]]
    assert 3 <= len(names) <= 8
    assert sum(d["weight"] for d in job["dimensions"]) == 100
    assert "需求分析" in names
    assert all(d["keywords"] for d in job["dimensions"])
    covered = {q["competency"] for q in job["questions"] if q["pool"] == "formal"}
    assert covered == set(names)  # every dimension has questions to ask
    assert {q["pool"] for q in job["questions"]} == {"formal", "practice"}


def test_model_edit_must_keep_weights_at_100(client, hr):
    job = _create(client, hr).get_json()
    headers, _ = hr
    bad = [
        {"name": "需求分析", "weight": 50},
        {"name": "项目管理", "weight": 30},
        {"name": "用户思维", "weight": 30},
    ]
    response = client.put(f"/api/admin/v1/jobs/{job['id']}/dimensions", json=bad, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "weights_not_100"
    good = [
        {"name": "需求分析", "weight": 35, "keywords": ["用户调研", "优先级"]},
        {"name": "项目管理", "weight": 30, "keywords": ["排期"]},
        {"name": "用户思维", "weight": 35, "keywords": ["体验"]},
    ]
    response = client.put(f"/api/admin/v1/jobs/{job['id']}/dimensions", json=good, headers=headers)
    assert response.status_code == 200
    assert [(d["name"], d["weight"]) for d in response.get_json()["dimensions"]] == [
        ("需求分析", 35),
        ("项目管理", 30),
        ("用户思维", 35),
    ]
    too_few = good[:2]
    response = client.put(
        f"/api/admin/v1/jobs/{job['id']}/dimensions", json=too_few, headers=headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "text, topic",
    [
        ("你结婚了吗？近期有生育计划吗？", "marriage"),
        ("请问你今年多大年纪？", "age"),
        ("你的户口在哪里？", "hukou"),
        ("你信仰什么宗教？", "religion"),
        ("你身体状况怎么样，有什么病史吗？", "health"),
    ],
)
def test_questions_on_forbidden_topics_are_refused(client, hr, text, topic):
    job = _create(client, hr).get_json()
    headers, _ = hr
    response = client.post(
        f"/api/admin/v1/jobs/{job['id']}/questions",
        json={"competency": "需求分析", "text": text},
        headers=headers,
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "forbidden_topic"
    assert error["message"]


def test_hr_adds_and_edits_a_question(client, hr):
    job = _create(client, hr).get_json()
    headers, _ = hr
    added = client.post(
        f"/api/admin/v1/jobs/{job['id']}/questions",
        json={
            "competency": "需求分析",
            "text": "请讲一次你砍掉一个需求的经历，你是如何说服大家的？",
            "time_limit_s": 180,
        },
        headers=headers,
    )
    assert added.status_code == 201
    qid = added.get_json()["id"]
    edited = client.patch(
        f"/api/admin/v1/questions/{qid}", json={"time_limit_s": 150}, headers=headers
    )
    assert edited.status_code == 200 and edited.get_json()["time_limit_s"] == 150
    forbidden = client.patch(
        f"/api/admin/v1/questions/{qid}", json={"text": "你打算什么时候要孩子？"}, headers=headers
    )
    assert forbidden.status_code == 422


def test_preview_covers_every_dimension_and_follows_resume_signals(client, hr):
    job = _create(client, hr, questions_per_interview=6).get_json()
    headers, _ = hr
    response = client.post(
        f"/api/admin/v1/jobs/{job['id']}/preview",
        json={"signals": {"has_related_experience": True}},
        headers=headers,
    )
    assert response.status_code == 200
    questions = response.get_json()["questions"]
    assert len(questions) == 6
    assert {q["competency"] for q in questions} == {d["name"] for d in job["dimensions"]}
    heaviest = max(job["dimensions"], key=lambda d: d["weight"])["name"]
    lightest = min(job["dimensions"], key=lambda d: d["weight"])["name"]
    count = lambda name: sum(q["competency"] == name for q in questions)  # noqa: E731
    assert count(heaviest) >= count(lightest)


def test_thresholds_must_be_ordered(client, hr):
    job = _create(client, hr).get_json()
    headers, _ = hr
    response = client.patch(
        f"/api/admin/v1/jobs/{job['id']}",
        json={"pass_threshold": 50, "review_threshold": 70},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_thresholds"


def test_manager_cannot_edit_another_departments_job(client, db, hr, make_hr_user):
    job = _create(client, hr).get_json()
    _, manager = make_hr_user("manager", departments=["销售部"])
    response = client.patch(
        f"/api/admin/v1/jobs/{job['id']}", json={"hint_policy": "none"}, headers=manager
    )
    assert response.status_code == 403


def test_a_job_description_with_discriminatory_requirements_is_refused_naming_them(client, hr):
    jd = "行政前台：负责来访接待、会议室管理。要求：年龄35岁以下，限女性，已婚已育优先，本地户口。"
    response = _create(client, hr, jd_text=jd)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "discriminatory_requirement"
    found = {w["code"]: w["text"] for w in error["details"]["warnings"]}
    assert {"age", "gender", "marital_status", "childbearing", "hukou"} <= set(found)
    assert "35岁以下" in found["age"] and found["age"] in error["message"]
    assert all(w["rule"] for w in error["details"]["warnings"])


def test_a_lawful_look_alike_job_description_is_accepted(client, hr):
    jd = "行政前台：负责来访接待与会议室管理，男女不限，年满18周岁，持健康证，熟悉产假、婚假审批流程。"
    assert _create(client, hr, jd_text=jd).status_code == 201


def test_jd_preview_lists_warnings_without_saving(client, hr):
    headers, _ = hr
    response = client.post(
        "/api/admin/v1/jd/parse",
        json={"title": "销售代表", "jd_text": "开拓新客户。要求男性，身高175cm以上。"},
        headers=headers,
    )
    assert response.status_code == 200
    codes = {w["code"] for w in response.get_json()["warnings"]}
    assert codes == {"gender", "appearance"}


def test_follow_up_policy_defaults_to_one_and_can_be_turned_off(client, hr):
    job = _create(client, hr).get_json()
    assert job["follow_up_policy"] == "one"
    headers, _ = hr
    path = f"/api/admin/v1/jobs/{job['id']}"
    bad = client.patch(path, json={"follow_up_policy": "twice"}, headers=headers)
    assert bad.status_code == 422
    off = client.patch(path, json={"follow_up_policy": "off"}, headers=headers)
    assert off.status_code == 200 and off.get_json()["follow_up_policy"] == "off"
    assert client.get(path, headers=headers).get_json()["follow_up_policy"] == "off"


def test_hr_edits_a_jobs_follow_up_templates_checked_by_the_guard(client, hr):
    job = _create(client, hr).get_json()
    headers, _ = hr
    path = f"/api/admin/v1/jobs/{job['id']}/follow-up-templates"
    shown = client.get(path, headers=headers).get_json()
    assert shown["custom"] is False and shown["templates"] == shown["builtin"]
    edited = shown["templates"]
    edited["result"]["quoted"] = ["你刚才说{quote}，最后成效如何？"]
    saved = client.put(path, json={"templates": edited}, headers=headers)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["custom"] is True
    assert client.get(path, headers=headers).get_json()["templates"]["result"]["quoted"] == [
        "你刚才说{quote}，最后成效如何？"
    ]
    no_quote = {**edited, "result": {**edited["result"], "quoted": ["结果如何？"]}}
    refused = client.put(path, json={"templates": no_quote}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"]["field"] == "result.quoted[0]"
    forbidden = {**edited, "action": {**edited["action"], "plain": "你结婚了吗？"}}
    refused = client.put(path, json={"templates": forbidden}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "forbidden_topic"
    reset = client.put(path, json={"templates": None}, headers=headers).get_json()
    assert reset["custom"] is False
