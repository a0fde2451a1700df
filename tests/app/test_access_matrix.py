"""Every admin route x role (admin, recruiter, manager of A) x object in department A or B.

The routes come from the app's URL map, so a new admin endpoint cannot be forgotten: a route
with no entry in ROUTES fails `test_every_admin_route_has_an_access_entry`, naming what to add.
URL parameters get an object of the wanted department through PARAMS (add one for a new kind
of id). Allowed means a 2xx (or the statuses the entry lists); denied means 403 or 404 (or the
entry's `denied` statuses, with its `effect` unchanged). A manager of A never reads B's
candidate (name, phone, email, answer words) or B's job, whatever the status. The /admin pages
act through a session cookie with its CSRF token, the JSON API through a bearer token.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth import issue_token
from app.extensions import db as _db
from app.models import HrUser, Invitation, Report, ReviewRequest
from app.models.base import utcnow
from tests.app.access_world import (
    DEPARTMENTS,
    SECRETS,
    World,
    build_world,
    colleague,
    csv_file,
    failed_message,
    fresh_phone,
    xlsx_file,
    xlsx_text,
)
from tests.app.resume_helpers import resume_file

ROLES = ("admin", "recruiter", "manager")
EDITORS = ROLES
# Denied calls first: an `effect` check then sees objects no allowed call has changed yet.
CALL_ORDER = ("manager", "recruiter", "admin")
ADMIN_PREFIXES = ("/api/admin/", "/admin")
CSRF = "matrix-csrf"

# How to get an id of department X's object for each URL parameter name.
PARAMS: dict[str, Callable[[World], object]] = {
    "candidate_id": lambda w: w.candidate.id,
    "job_id": lambda w: w.job.id,
    "question_id": lambda w: w.question.id,
    "invitation_id": lambda w: w.invitation.id,
    "interview_id": lambda w: w.interview.id,
    "answer_id": lambda w: w.answer.id,
    "report_id": lambda w: w.report.id,
    "resume_id": lambda w: w.resume.id,
    "batch_id": lambda w: w.resume.batch_id,
    "task_id": lambda w: w.task.id,
    "review_id": lambda w: _review_of(w).id,
    "message_id": failed_message,  # a fresh failed message per call
    "user_id": colleague,  # a fresh HR user per call
    "filename": lambda w: "admin.css",
}


@dataclass
class Route:
    """scope: "object" (depends on the object's department), "list" (a manager sees only
    department A's), "none" (no department), "public" (no login; say why) or "skip" (say why).

    body(world) is JSON for the API and form fields for a page; files(world) gives multipart
    {field: (bytes, filename)}. effect(world) snapshots what a denied call must not change,
    for routes that answer 200 and report each item they skipped (bulk actions, imports).
    """

    scope: str = "object"
    roles: tuple[str, ...] = ROLES  # roles allowed at all (others get 403)
    body: Callable[[World], object] | None = None
    files: Callable[[World], dict] | None = None
    ok: tuple[int, ...] = ()  # allowed statuses besides 2xx
    denied: tuple[int, ...] = ()  # denied statuses besides 403/404
    effect: Callable[[World], object] | None = None
    why: str = ""


def _deadline() -> str:
    return (utcnow() + timedelta(days=2)).isoformat() + "Z"


def _weights(w: World) -> dict[str, int]:
    """The job's weights moved within the ±5 an admin may apply in one step."""
    return {"需求分析": 45, "项目管理": 30, "沟通协作": 25}


def _decision_and_invitations(w: World):
    _db.session.expire_all()
    decision = _db.session.scalar(select(Report.decision).where(Report.id == w.report.id))
    invited = _db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.job_id == w.job.id)
    )
    return decision, invited


def _review_of(w: World) -> ReviewRequest:
    """The candidate's review request on this department's interview (opened if none is)."""
    _db.session.expire_all()
    found = _db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.interview_id == w.interview.id)
    ).first()
    if found is None:
        found = ReviewRequest(
            interview_id=w.interview.id,
            kind="human_review",
            message="请人工复核",
            open_interview_id=w.interview.id,
        )
        _db.session.add(found)
        _db.session.commit()
    return found


def _outcome_csv(w: World) -> dict:
    return {"file": (csv_file(["候选人ID", "结果"], [w.candidate.id, "终面通过"]), "结果.csv")}


DIMENSIONS = [
    {"name": "需求分析", "weight": 50, "keywords": []},
    {"name": "项目管理", "weight": 30, "keywords": []},
    {"name": "沟通协作", "weight": 20, "keywords": []},
]

ROUTES: dict[tuple[str, str], Route] = {
    ("POST", "/api/admin/v1/auth/login"): Route(
        "public",
        body=lambda w: {"username": "nobody", "password": "wrong password"},
        ok=(401,),
        why="login needs no token (a wrong password: 401)",
    ),
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
            "phone": w.secrets[1],
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
    ("GET", "/api/admin/v1/jobs/<int:job_id>/follow-up-templates"): Route(),
    ("PUT", "/api/admin/v1/jobs/<int:job_id>/follow-up-templates"): Route(
        body=lambda w: {"templates": None}
    ),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/questions"): Route(
        body=lambda w: {"competency": "需求分析", "text": "请讲一次你推动需求上线的经历。"}
    ),
    ("PATCH", "/api/admin/v1/questions/<int:question_id>"): Route(body=lambda w: {"active": True}),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/preview"): Route(
        body=lambda w: {"candidate_id": w.candidate.id}
    ),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/resumes"): Route(
        files=lambda w: {"files": (resume_file(1, "pdf"), "cv.pdf")}
    ),
    ("GET", "/api/admin/v1/resume-batches/<batch_id>"): Route(),
    ("GET", "/api/admin/v1/resumes/<int:resume_id>"): Route(),
    ("PATCH", "/api/admin/v1/resumes/<int:resume_id>"): Route(body=lambda w: {"name": "改名"}),
    ("POST", "/api/admin/v1/resumes/<int:resume_id>/reparse"): Route(),
    ("GET", "/api/admin/v1/tasks/<int:task_id>"): Route(),
    # Data review, outcomes and demographics (JSON API).
    ("GET", "/api/admin/v1/analytics"): Route("list"),
    ("GET", "/api/admin/v1/workbench"): Route("list"),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/analytics"): Route(),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/analytics.xlsx"): Route(),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/model-versions"): Route(),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/analytics/apply-weights"): Route(
        roles=("admin",),
        body=lambda w: {"weights": _weights(w), "expected_version": w.job.model_version},
    ),
    ("GET", "/api/admin/v1/jobs/<int:job_id>/outcomes"): Route(),
    ("POST", "/api/admin/v1/jobs/<int:job_id>/outcomes/import"): Route(files=_outcome_csv),
    ("POST", "/api/admin/v1/outcomes"): Route(
        body=lambda w: {
            "candidate_id": w.candidate.id,
            "job_id": w.job.id,
            "kind": "final_round",
            "result": "passed",
        }
    ),
    ("POST", "/api/admin/v1/outcomes/bulk"): Route(
        body=lambda w: {
            "items": [
                {
                    "candidate_id": w.candidate.id,
                    "job_id": w.job.id,
                    "kind": "offer",
                    "result": "made",
                }
            ]
        },
        denied=(422,),  # all or nothing: the out-of-scope item is named, nothing is saved
        effect=lambda w: _outcome_count(w),
    ),
    ("POST", "/api/admin/v1/demographics/import"): Route(
        "none",
        roles=("admin",),
        files=lambda w: {
            "file": (csv_file(["候选人ID", "性别"], [w.candidate.id, "女"]), "d.csv"),
            "legal_basis": "员工自愿登记表 2026-10",
        },
    ),
    # What HR reads (JSON API).
    ("GET", "/api/admin/v1/interviews/<int:interview_id>"): Route(),
    ("GET", "/api/admin/v1/reports/<int:report_id>"): Route(),
    ("GET", "/api/admin/v1/answers/<int:answer_id>/audio"): Route(),
    ("GET", "/api/admin/v1/messages"): Route("none", roles=("admin", "recruiter")),
    ("POST", "/api/admin/v1/messages/<int:message_id>/retry"): Route(
        "none", roles=("admin", "recruiter")
    ),
    ("GET", "/api/admin/v1/audit"): Route("none", roles=("admin",)),
    ("POST", "/api/admin/v1/review-requests/<int:review_id>/close"): Route(
        effect=lambda w: _review_of(w).status
    ),
    # The admin page: session cookie and CSRF token.
    ("GET", "/admin/login"): Route("public", why="the login form itself"),
    ("POST", "/admin/login"): Route(
        "public",
        body=lambda w: {"username": "nobody", "password": "wrong password"},
        ok=(401,),
        why="logging in needs no session (a wrong password: 401 with the form)",
    ),
    ("POST", "/admin/logout"): Route(
        "public", ok=(302,), why="ends only this browser's own session; reads nothing"
    ),
    ("GET", "/admin/static/<path:filename>"): Route(
        "public", why="vendored CSS and JS, the same for everyone"
    ),
    ("GET", "/admin/"): Route("list"),
    ("GET", "/admin/candidates"): Route("list"),
    ("GET", "/admin/candidates/export.xlsx"): Route("list"),
    ("GET", "/admin/candidates/<int:candidate_id>"): Route(),
    ("GET", "/admin/resumes/<int:resume_id>/file"): Route(),
    ("POST", "/admin/candidates/bulk"): Route(
        body=lambda w: {
            "action": "advance",
            "ids": f"{w.candidate.id}:{w.report.id}",
            "reason": "访问矩阵",
        },
        denied=(200,),  # skips what the user may not touch, and says so
        effect=_decision_and_invitations,
    ),
    ("GET", "/admin/interviews/<int:interview_id>"): Route(),
    ("POST", "/admin/interviews/<int:interview_id>/decision"): Route(
        body=lambda w: {"decision": "advance", "reason": "访问矩阵"}
    ),
    ("GET", "/admin/answers/<int:answer_id>/audio"): Route(),
    ("POST", "/admin/review-requests/<int:review_id>/close"): Route(
        effect=lambda w: _review_of(w).status
    ),
    ("GET", "/admin/invitations"): Route("list"),
    ("POST", "/admin/invitations"): Route(
        body=lambda w: {"name": "新候选人", "phone": fresh_phone(), "job_id": w.job.id, "days": 3}
    ),
    ("POST", "/admin/invitations/import"): Route(
        files=lambda w: {
            "file": (
                xlsx_file(["姓名", "手机", "职位"], ["新人", fresh_phone(), w.job.title]),
                "邀约.xlsx",
            ),
        },
        denied=(200,),  # each row names its error; another department's job is one
        effect=_decision_and_invitations,
    ),
    ("GET", "/admin/invitations/<int:invitation_id>/mp-code.png"): Route(),
    ("GET", "/admin/jobs"): Route("list"),
    ("GET", "/admin/jobs/new"): Route("list", roles=EDITORS),
    ("POST", "/admin/jobs/new"): Route(
        body=lambda w: {
            "title": "新职位",
            "department_id": w.department.id,
            "jd_text": "负责产品需求分析与项目推进，协调研发资源。",
        },
        ok=(302,),  # to the new job's page
    ),
    ("POST", "/admin/jobs/preview"): Route(
        "none", roles=EDITORS, body=lambda w: {"jd_text": "负责产品需求分析与项目推进"}
    ),
    ("GET", "/admin/jobs/<int:job_id>"): Route(),
    ("POST", "/admin/jobs/<int:job_id>/dimensions"): Route(
        body=lambda w: {
            "name": [d["name"] for d in DIMENSIONS],
            "weight": [str(d["weight"]) for d in DIMENSIONS],
            "keywords": ["调研", "排期", "沟通"],
        }
    ),
    ("POST", "/admin/jobs/<int:job_id>/settings"): Route(
        body=lambda w: {
            "pass_threshold": "75",
            "review_threshold": "60",
            "questions_per_interview": "3",
            "reject_delay_hours": "24",
            "hint_policy": "all",
        }
    ),
    ("GET", "/admin/jobs/<int:job_id>/questions"): Route(),
    ("POST", "/admin/jobs/<int:job_id>/questions"): Route(
        body=lambda w: {
            "competency": "需求分析",
            "text": "请讲一次你推动需求上线的经历。",
            "time_limit_s": "120",
        }
    ),
    ("POST", "/admin/jobs/<int:job_id>/questions/check"): Route(
        body=lambda w: {"text": "请讲一次你推动需求上线的经历。"}
    ),
    ("POST", "/admin/questions/<int:question_id>/toggle"): Route(),
    ("GET", "/admin/analytics"): Route("list"),
    ("GET", "/admin/jobs/<int:job_id>/analytics"): Route(),
    ("GET", "/admin/jobs/<int:job_id>/analytics.xlsx"): Route(),
    ("POST", "/admin/jobs/<int:job_id>/analytics/apply"): Route(
        roles=("admin",),
        body=lambda w: {
            **{f"w:{name}": str(weight) for name, weight in _weights(w).items()},
            "expected_version": str(w.job.model_version),
        },
    ),
    ("POST", "/admin/jobs/<int:job_id>/outcomes"): Route(
        body=lambda w: {"candidate_id": str(w.candidate.id), "result": "终面通过"}
    ),
    ("POST", "/admin/jobs/<int:job_id>/outcomes/import"): Route(
        files=lambda w: {**_outcome_csv(w), "apply": "1"}
    ),
    ("GET", "/admin/messages"): Route("none", roles=("admin", "recruiter")),
    ("POST", "/admin/messages/<int:message_id>/retry"): Route("none", roles=("admin", "recruiter")),
    ("GET", "/admin/audit"): Route("none", roles=("admin",)),
    ("GET", "/admin/users"): Route("none", roles=("admin",)),
    ("POST", "/admin/users"): Route(
        "none",
        roles=("admin",),
        body=lambda w: {
            "username": f"u{uuid.uuid4().hex[:8]}",
            "password": "long enough pw",
            "role": "manager",
            "department_ids": str(w.department.id),
        },
    ),
    ("POST", "/admin/users/<int:user_id>/active"): Route("none", roles=("admin",)),
}


def _outcome_count(w: World) -> int:
    from app.models import Outcome

    _db.session.expire_all()
    return _db.session.scalar(
        select(func.count(Outcome.id)).where(Outcome.candidate_id == w.candidate.id)
    )


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
    tokens = {}
    worlds = {key: build_world(key) for key in DEPARTMENTS}
    for w in worlds.values():
        _review_of(w)  # open, so the workbench lists it too
    for role in ROLES:
        user = HrUser(
            username=f"matrix-{role}",
            role=role,
            password_hash="x",
            departments=[worlds["A"].department] if role == "manager" else [],
        )
        db.session.add(user)
        db.session.flush()
        tokens[role], _ = issue_token("hr", hr_user=user)
    db.session.commit()
    return worlds, tokens


def _url(rule: str, world: World) -> str:
    def fill(match):
        name = match.group(1)
        if name not in PARAMS:
            pytest.fail(f"no way to build <{name}> in PARAMS (tests/app/test_access_matrix.py)")
        return str(PARAMS[name](world))

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", fill, rule)


def _call(client, method: str, rule: str, token: str | None, route: Route, world: World):
    """As the admin page (session cookie + CSRF token) or the JSON API (bearer token)."""
    page = rule.startswith("/admin")
    headers = {}
    with client.session_transaction() as session:
        session.clear()
        session["csrf"] = CSRF
        if page and token:
            session["hr_token"] = token
    if page:
        headers["X-CSRF-Token"] = CSRF
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    kwargs, sent = {"headers": headers}, ""
    if route.files is not None:
        files = route.files(world)
        kwargs["data"] = {
            k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in files.items()
        }
        kwargs["content_type"] = "multipart/form-data"
        sent = " ".join(_file_text(v[0]) if isinstance(v, tuple) else v for v in files.values())
    elif route.body is not None:
        body = route.body(world)
        kwargs["data" if page else "json"] = body
        sent = json.dumps(body, ensure_ascii=False)
    return client.open(_url(rule, world), method=method, **kwargs), sent


def _file_text(data: bytes) -> str:
    return xlsx_text(data) if data[:4] == b"PK\x03\x04" else data.decode("utf-8", "replace")


def _excerpt(text: str) -> str:
    """What a reader of the failure needs: the page's words, not its <head>."""
    body = text.split("<body", 1)[-1].split(">", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()[:200]


def _text(response) -> str:
    if "spreadsheetml" in (response.mimetype or "") and response.status_code == 200:
        return xlsx_text(response.get_data())
    return response.get_data().decode("utf-8", "replace")


@pytest.mark.parametrize("method, rule", [r for r in ROUTES if ROUTES[r].scope == "public"])
def test_public_route_answers_without_login(client, db, world, method, rule):
    worlds, _ = world
    route = ROUTES[(method, rule)]
    assert route.why, "say why this route needs no login"
    response, _ = _call(client, method, rule, None, route, worlds["A"])
    response.close()  # a static file's response holds the file open
    assert 200 <= response.status_code < 300 or response.status_code in route.ok, (
        f"{method} {rule} -> {response.status_code}"
    )


@pytest.mark.parametrize("method, rule", [r for r in ROUTES if ROUTES[r].scope != "public"])
def test_access_matrix(client, db, world, method, rule):
    worlds, tokens = world
    route = ROUTES[(method, rule)]
    if route.scope == "skip":
        pytest.skip(route.why)
    problems = []
    b_secrets = SECRETS["B"] + (worlds["B"].job.title,)
    for role in CALL_ORDER:
        for key, target in worlds.items():
            if route.scope in ("none", "list") and key == "B":
                continue  # one call is enough: there is no object to choose
            allowed = role in route.roles and (
                route.scope in ("none", "list") or role != "manager" or key == "A"
            )
            before = route.effect(target) if route.effect and not allowed else None
            response, sent = _call(client, method, rule, tokens[role], route, target)
            status = response.status_code
            text = _text(response)
            label = f"{role} on {key}: {method} {rule} -> {status} {_excerpt(text)}"
            if "/admin/login" in response.headers.get("Location", ""):
                problems.append("sent to the login page although logged in: " + label)
            elif allowed and not (200 <= status < 300 or status in route.ok):
                problems.append("should be allowed: " + label)
            if not allowed:
                if status not in (403, 404, 409) + route.denied:
                    problems.append("should be denied: " + label)
                if route.effect and route.effect(target) != before:
                    problems.append(
                        f"denied but changed {before} -> {route.effect(target)}: {label}"
                    )
            if role == "manager":
                # What the manager sent (e.g. a job title in a file) may be echoed back.
                leaked = [s for s in b_secrets if s in text and s not in sent]
                if leaked:
                    problems.append(f"manager of A reads department B's {leaked}: {label}")
    assert not problems, "\n".join(problems)


def test_manager_creating_a_candidate_with_another_departments_phone_learns_nothing(client, world):
    worlds, tokens = world
    phone = SECRETS["B"][1]
    response = client.post(
        "/api/admin/v1/candidates",
        json={"name": "冒名", "phone": phone, "department_id": worlds["A"].department.id},
        headers={"Authorization": f"Bearer {tokens['manager']}"},
    )
    assert response.status_code == 409
    assert not any(s in response.get_data(as_text=True) for s in SECRETS["B"])


def test_job_preview_refuses_another_departments_candidate(client, world):
    worlds, tokens = world
    response = client.post(
        f"/api/admin/v1/jobs/{worlds['A'].job.id}/preview",
        json={"candidate_id": worlds["B"].candidate.id},
        headers={"Authorization": f"Bearer {tokens['manager']}"},
    )
    assert response.status_code == 403


def _page_as(client, token: str) -> dict:
    with client.session_transaction() as session:
        session.clear()
        session.update(hr_token=token, csrf=CSRF)
    return {"X-CSRF-Token": CSRF}


def _invitations_of(candidate_id: int) -> int:
    _db.session.expire_all()
    return _db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.candidate_id == candidate_id)
    )


def test_manager_inviting_another_departments_phone_on_the_page_learns_nothing(client, world):
    """The page merged by phone into B's candidate and listed them under A: name and all."""
    worlds, tokens = world
    b = worlds["B"]
    headers = _page_as(client, tokens["manager"])
    form = {"name": "冒名", "phone": b.secrets[1], "job_id": worlds["A"].job.id, "days": 3}
    response = client.post("/admin/invitations", data=form, headers=headers)
    assert response.status_code in (409, 422)
    assert "其他部门" in response.get_data(as_text=True)
    sheet = xlsx_file(["姓名", "手机", "职位"], ["冒名", b.secrets[1], worlds["A"].job.title])
    response = client.post(
        "/admin/invitations/import",
        data={"file": (io.BytesIO(sheet), "邀约.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "其他部门" in response.get_data(as_text=True)
    assert _invitations_of(b.candidate.id) == 1  # only B's own
    listing = client.get("/admin/invitations", headers=headers).get_data(as_text=True)
    assert not any(s in listing for s in b.secrets)


def test_outcome_import_answers_another_departments_candidate_like_a_missing_one(client, world):
    worlds, tokens = world
    url = f"/api/admin/v1/jobs/{worlds['A'].job.id}/outcomes/import"
    answers = []
    for phone in (SECRETS["B"][1], "13700000000"):  # B's candidate, and nobody's
        response = client.post(
            url,
            data={"file": (io.BytesIO(csv_file(["手机", "结果"], [phone, "终面通过"])), "r.csv")},
            headers={"Authorization": f"Bearer {tokens['manager']}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        answers.append(response.get_json()["results"])
    assert answers[0] == answers[1]
