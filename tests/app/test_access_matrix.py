"""Every admin route x role (admin, recruiter, manager of A) x object in department A or B.

The routes come from the app's URL map, so a new admin endpoint cannot be forgotten: a route
with no entry in ROUTES fails `test_every_admin_route_has_an_access_entry`, naming what to add.
URL parameters get an object of the wanted department through PARAMS (add one for a new kind
of id). Allowed means a 2xx (or the statuses the entry lists); denied means 403 or 404, with
none of the other department's candidate's name, phone or email in the answer.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app import create_app, storage
from app.auth import issue_token
from app.models import (
    Candidate,
    CompetencyDimension,
    Department,
    HrUser,
    Interview,
    Invitation,
    Job,
    Question,
    Report,
    Resume,
    Task,
)
from app.models.base import utcnow
from tests.app.resume_helpers import resume_file

ROLES = ("admin", "recruiter", "manager")
DEPARTMENTS = {"A": "甲部门", "B": "乙部门"}
SECRETS = {
    "A": ("甲候选人", "13800000001", "a-person@example.com"),
    "B": ("乙候选人", "13900000002", "b-person@example.com"),
}
ADMIN_PREFIXES = ("/api/admin/", "/admin")


@dataclass
class World:
    """One department's objects, made directly in the database."""

    department: Department
    job: Job
    question: Question
    candidate: Candidate
    invitation: Invitation
    interview: Interview
    report: Report
    resume: Resume
    task: Task


def build_world(db, key: str) -> World:
    name, phone, email = SECRETS[key]
    dept = Department(name=DEPARTMENTS[key])
    db.session.add(dept)
    db.session.flush()
    job = Job(title=f"{DEPARTMENTS[key]}职位", department_id=dept.id, jd_text="负责产品需求分析")
    job.dimensions = [
        CompetencyDimension(name=n, weight=w, keywords=[n], position=i)
        for i, (n, w) in enumerate([("需求分析", 40), ("项目管理", 30), ("沟通协作", 30)])
    ]
    db.session.add(job)
    db.session.flush()
    question = Question(job_id=job.id, competency="需求分析", text="请讲一次你分析需求的经历。")
    candidate = Candidate(name=name, department_id=dept.id, source="manual")
    candidate.phone, candidate.email = phone, email
    db.session.add_all([question, candidate])
    db.session.flush()
    invitation = Invitation(
        job_id=job.id,
        candidate_id=candidate.id,
        token=uuid.uuid4().hex[:24],
        deadline=utcnow() + timedelta(days=3),
    )
    db.session.add(invitation)
    db.session.flush()
    interview = Interview(
        invitation_id=invitation.id,
        candidate_id=candidate.id,
        job_id=job.id,
        kind="formal",
        state="scored",
        question_ids=[question.id],
        presented={},
        hints_log={},
        finished_at=utcnow(),
    )
    db.session.add(interview)
    db.session.flush()
    report = Report(
        interview_id=interview.id,
        status="ready",
        overall=68.0,
        recommendation="review",
        dimension_scores={"需求分析": 68.0},
    )
    resume = Resume(
        candidate_id=candidate.id,
        job_id=job.id,
        batch_id=str(uuid.uuid4()),
        filename="简历.pdf",
        kind="pdf",
        sha256="0" * 64,
        status="parsed",
        source="text",
        file_path=storage.save("resumes", b"%PDF-1.4 not really"),
    )
    db.session.add_all([report, resume])
    db.session.flush()
    task = Task(kind="resume.parse", queue="default", args={"resume_id": resume.id}, state="done")
    db.session.add(task)
    db.session.commit()
    return World(dept, job, question, candidate, invitation, interview, report, resume, task)


# How to get an id of department X's object for each URL parameter name.
PARAMS = {
    "candidate_id": lambda w: w.candidate.id,
    "job_id": lambda w: w.job.id,
    "question_id": lambda w: w.question.id,
    "invitation_id": lambda w: w.invitation.id,
    "interview_id": lambda w: w.interview.id,
    "report_id": lambda w: w.report.id,
    "resume_id": lambda w: w.resume.id,
    "batch_id": lambda w: w.resume.batch_id,
    "task_id": lambda w: w.task.id,
}


@dataclass
class Route:
    """scope: "object" (depends on the object's department), "list" (a manager sees only
    department A's), "none" (no department), "public" (no token) or "skip" (say why)."""

    scope: str = "object"
    roles: tuple[str, ...] = ROLES  # roles allowed at all (others get 403)
    body: object = None  # callable(world, other_world) -> JSON body
    files: bool = False  # multipart upload of one small file
    ok: tuple[int, ...] = ()  # allowed statuses besides 2xx
    why: str = ""


def _deadline() -> str:
    return (utcnow() + timedelta(days=2)).isoformat() + "Z"


DIMENSIONS = [
    {"name": "需求分析", "weight": 50, "keywords": []},
    {"name": "项目管理", "weight": 30, "keywords": []},
    {"name": "沟通协作", "weight": 20, "keywords": []},
]

ROUTES: dict[tuple[str, str], Route] = {
    ("POST", "/api/admin/v1/auth/login"): Route("public", why="login needs no token"),
    ("GET", "/api/admin/v1/me"): Route("none"),
    ("GET", "/api/admin/v1/departments"): Route("none"),
    ("POST", "/api/admin/v1/departments"): Route(
        "none", roles=("admin",), body=lambda w: {"name": f"新部门{uuid.uuid4().hex[:6]}"}
    ),
    ("POST", "/api/admin/v1/users"): Route(
        "object",
        roles=("admin",),
        body=lambda w: {
            "username": f"u{uuid.uuid4().hex[:8]}",
            "password": "long enough pw",
            "role": "manager",
            "department_ids": [w.department.id],
        },
    ),
    ("POST", "/api/admin/v1/jd/parse"): Route(
        "none", body=lambda w: {"jd_text": "负责产品需求分析与项目推进"}
    ),
    ("GET", "/api/admin/v1/candidates"): Route("list"),
    ("GET", "/api/admin/v1/jobs"): Route("list"),
    ("GET", "/api/admin/v1/invitations"): Route("list"),
    ("POST", "/api/admin/v1/candidates"): Route(
        body=lambda w: {
            "name": "新候选人",
            "phone": SECRETS_OF(w)[1],
            "department_id": w.department.id,
        },
    ),
    ("GET", "/api/admin/v1/candidates/<int:candidate_id>"): Route(),
    ("GET", "/api/admin/v1/candidates/<int:candidate_id>/resumes"): Route(),
    ("POST", "/api/admin/v1/reports/<int:report_id>/decision"): Route(
        body=lambda w: {"decision": "advance"}
    ),
    ("POST", "/api/admin/v1/invitations"): Route(
        body=lambda w: {"candidate_id": w.candidate.id, "job_id": w.job.id, "deadline": _deadline()}
    ),
    ("GET", "/api/admin/v1/invitations/<int:invitation_id>/mp-code"): Route(ok=(503,)),
    ("POST", "/api/admin/v1/jobs"): Route(
        body=lambda w: {
            "title": "新职位",
            "department_id": w.department.id,
            "jd_text": "负责产品需求分析与项目推进，协调研发资源。",
        }
    ),
    ("GET", "/api/admin/v1/jobs/<int:job_id>"): Route(),
    ("PATCH", "/api/admin/v1/jobs/<int:job_id>"): Route(body=lambda w: {"status": "open"}),
    ("PUT", "/api/admin/v1/jobs/<int:job_id>/dimensions"): Route(body=lambda w: DIMENSIONS),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/questions"): Route(
        body=lambda w: {"competency": "需求分析", "text": "请讲一次你推动需求上线的经历。"}
    ),
    ("PATCH", "/api/admin/v1/questions/<int:question_id>"): Route(body=lambda w: {"active": True}),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/preview"): Route(
        body=lambda w: {"candidate_id": w.candidate.id}
    ),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/resumes"): Route(files=True),
    ("GET", "/api/admin/v1/resume-batches/<batch_id>"): Route(),
    ("GET", "/api/admin/v1/resumes/<int:resume_id>"): Route(),
    ("PATCH", "/api/admin/v1/resumes/<int:resume_id>"): Route(body=lambda w: {"name": "改名"}),
    ("POST", "/api/admin/v1/resumes/<int:resume_id>/reparse"): Route(),
    ("GET", "/api/admin/v1/tasks/<int:task_id>"): Route(),
}


# Routes that landed (issues 12 and 13) before this matrix existed. Each still needs a real
# entry in ROUTES (an object builder in PARAMS, a body, the roles it allows; /admin pages log
# in with a session cookie, which _call does not do yet). Listed here so they are visible,
# skipped meanwhile; any route that is in neither ROUTES nor this list fails the test.
AWAITING_ENTRIES = {
    ("GET", "/admin/analytics"),
    ("GET", "/admin/jobs/<int:job_id>/analytics"),
    ("GET", "/admin/jobs/<int:job_id>/analytics.xlsx"),
    ("POST", "/admin/jobs/<int:job_id>/analytics/apply"),
    ("POST", "/admin/jobs/<int:job_id>/outcomes"),
    ("POST", "/admin/jobs/<int:job_id>/outcomes/import"),
    ("GET", "/admin/"),
    ("GET", "/admin/answers/<int:answer_id>/audio"),
    ("GET", "/admin/audit"),
    ("GET", "/admin/candidates"),
    ("GET", "/admin/candidates/<int:candidate_id>"),
    ("GET", "/admin/candidates/export.xlsx"),
    ("GET", "/admin/interviews/<int:interview_id>"),
    ("GET", "/admin/invitations"),
    ("GET", "/admin/invitations/<int:invitation_id>/mp-code.png"),
    ("GET", "/admin/jobs"),
    ("GET", "/admin/jobs/<int:job_id>"),
    ("GET", "/admin/jobs/<int:job_id>/questions"),
    ("GET", "/admin/jobs/new"),
    ("GET", "/admin/login"),
    ("GET", "/admin/messages"),
    ("GET", "/admin/resumes/<int:resume_id>/file"),
    ("GET", "/admin/static/<path:filename>"),
    ("GET", "/admin/users"),
    ("GET", "/api/admin/v1/analytics"),
    ("GET", "/api/admin/v1/answers/<int:answer_id>/audio"),
    ("GET", "/api/admin/v1/audit"),
    ("GET", "/api/admin/v1/interviews/<int:interview_id>"),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/analytics"),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/analytics.xlsx"),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/model-versions"),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/outcomes"),
    ("GET", "/api/admin/v1/messages"),
    ("GET", "/api/admin/v1/reports/<int:report_id>"),
    ("POST", "/admin/candidates/bulk"),
    ("POST", "/admin/interviews/<int:interview_id>/decision"),
    ("POST", "/admin/invitations"),
    ("POST", "/admin/invitations/import"),
    ("POST", "/admin/jobs/<int:job_id>/dimensions"),
    ("POST", "/admin/jobs/<int:job_id>/questions"),
    ("POST", "/admin/jobs/<int:job_id>/questions/check"),
    ("POST", "/admin/jobs/<int:job_id>/settings"),
    ("POST", "/admin/jobs/new"),
    ("POST", "/admin/jobs/preview"),
    ("POST", "/admin/login"),
    ("POST", "/admin/logout"),
    ("POST", "/admin/messages/<int:message_id>/retry"),
    ("POST", "/admin/questions/<int:question_id>/toggle"),
    ("POST", "/admin/users"),
    ("POST", "/admin/users/<int:user_id>/active"),
    ("POST", "/api/admin/v1/demographics/import"),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/analytics/apply-weights"),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/outcomes/import"),
    ("POST", "/api/admin/v1/messages/<int:message_id>/retry"),
    ("POST", "/api/admin/v1/outcomes"),
    ("POST", "/api/admin/v1/outcomes/bulk"),
}
ROUTES.update(
    {key: Route("skip", why="awaiting an access-matrix entry") for key in AWAITING_ENTRIES}
)


def SECRETS_OF(world: World) -> tuple[str, str, str]:  # noqa: N802
    return next(v for k, v in SECRETS.items() if DEPARTMENTS[k] == world.department.name)


def admin_routes() -> list[tuple[str, str]]:
    app = create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(ADMIN_PREFIXES) or rule.endpoint.startswith("admin"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.add((method, rule.rule))
    return sorted(found)


ADMIN_ROUTES = admin_routes()


def test_every_admin_route_has_an_access_entry():
    missing = [f"{m} {r}" for m, r in ADMIN_ROUTES if (m, r) not in ROUTES]
    assert not missing, (
        "admin routes without an access-matrix entry (add them to ROUTES in "
        f"tests/app/test_access_matrix.py): {missing}"
    )
    stale = [f"{m} {r}" for m, r in ROUTES if (m, r) not in ADMIN_ROUTES]
    assert not stale, f"ROUTES lists routes the app no longer has: {stale}"


@pytest.fixture()
def world(app, db, wechat_emulator):
    users = {}
    worlds = {key: build_world(db, key) for key in DEPARTMENTS}
    for role in ROLES:
        user = HrUser(
            username=f"matrix-{role}",
            role=role,
            password_hash="x",
            departments=[worlds["A"].department] if role == "manager" else [],
        )
        db.session.add(user)
        db.session.flush()
        token, _ = issue_token("hr", hr_user=user)
        users[role] = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return worlds, users


def _url(rule: str, world: World) -> str:
    def fill(match):
        name = match.group(1)
        if name not in PARAMS:
            pytest.fail(f"no way to build <{name}> in PARAMS (tests/app/test_access_matrix.py)")
        return str(PARAMS[name](world))

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", fill, rule)


def _call(client, method: str, url: str, headers: dict, route: Route, world: World):
    kwargs = {"headers": headers}
    if route.files:
        kwargs.update(
            data={"files": (io.BytesIO(resume_file(1, "pdf")), "cv.pdf")},
            content_type="multipart/form-data",
        )
    elif route.body is not None:
        kwargs["json"] = route.body(world)
    return client.open(url, method=method, **kwargs)


@pytest.mark.parametrize("method, rule", [r for r in ROUTES if ROUTES[r].scope != "skip"])
def test_access_matrix(client, db, world, method, rule):
    worlds, users = world
    route = ROUTES[(method, rule)]
    if route.scope == "public":
        return
    problems = []
    for role in ROLES:
        for key, target in worlds.items():
            if route.scope in ("none", "list") and key == "B":
                continue  # one call is enough: there is no object to choose
            response = _call(client, method, _url(rule, target), users[role], route, target)
            allowed = role in route.roles and (
                route.scope in ("none", "list") or role != "manager" or key == "A"
            )
            status = response.status_code
            text = response.get_data().decode("utf-8", "replace")
            label = f"{role} on {key}: {method} {rule} -> {status} {text[:160]}"
            if allowed and not (200 <= status < 300 or status in route.ok):
                problems.append("should be allowed: " + label)
            if not allowed:
                if status not in (403, 404, 409):
                    problems.append("should be denied: " + label)
                if any(secret in text for secret in SECRETS["B"]):
                    problems.append("denied but leaks B's candidate: " + label)
            if route.scope == "list" and role == "manager":
                leaked = [s for s in SECRETS["B"][:1] + (worlds["B"].job.title,) if s in text]
                if leaked:
                    problems.append(f"list shows department B to manager of A {leaked}: {label}")
    assert not problems, "\n".join(problems)


def test_manager_creating_a_candidate_with_another_departments_phone_learns_nothing(client, world):
    worlds, users = world
    _, phone, _ = SECRETS["B"]
    response = client.post(
        "/api/admin/v1/candidates",
        json={"name": "冒名", "phone": phone, "department_id": worlds["A"].department.id},
        headers=users["manager"],
    )
    assert response.status_code == 409
    assert not any(s in response.get_data(as_text=True) for s in SECRETS["B"])


def test_job_preview_refuses_another_departments_candidate(client, world):
    worlds, users = world
    response = client.post(
        f"/api/admin/v1/jobs/{worlds['A'].job.id}/preview",
        json={"candidate_id": worlds["B"].candidate.id},
        headers=users["manager"],
    )
    assert response.status_code == 403
