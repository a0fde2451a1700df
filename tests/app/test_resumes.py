"""Resume intake through the HR admin API, on both backends (inline jobs, or a real RQ worker)."""

import io
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.api.admin.resumes import CorrectionSchema
from app.models import AuditLog, Candidate, CandidateDemographics, Resume, Task
from app.services.resumes import resume_signals
from scoring.resume.fields import CORRECTABLE
from tests.app.resume_helpers import (
    assert_fields,
    finish_tasks,
    make_job,
    resume_file,
    upload,
    zip_of,
)
from tests.conftest import REDIS_URL, requires_redis
from tests.support.resume_samples import make_spec

FORMATS = [
    pytest.param("pdf", id="text-pdf"),
    pytest.param("docx", id="docx"),
    pytest.param("png", id="png", marks=pytest.mark.ml),
]


def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, format="PNG")  # a few KB, 81 Mpx
    return out.getvalue()


def _get(client, headers, resume_id: int) -> dict:
    response = client.get(f"/api/admin/v1/resumes/{resume_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("fmt", FORMATS)
def test_upload_ends_in_a_candidate_with_the_resume_fields(
    client, db, make_hr_user, run_worker, fmt
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    spec = make_spec(3)
    response = upload(client, headers, job.id, [(f"简历.{fmt}", resume_file(spec, fmt))])
    assert response.status_code == 202, response.get_json()
    batch = response.get_json()
    [entry] = batch["files"]
    finish_tasks(db, run_worker, "ocr" if fmt == "png" else "default")

    body = _get(client, headers, entry["resume_id"])
    assert body["status"] == "parsed", body["error"]
    assert body["source"] == ("ocr" if fmt == "png" else "text")
    assert body["kind"] == fmt
    assert_fields(body["fields"], spec)
    candidate = db.session.get(Candidate, body["candidate_id"])
    assert (candidate.name, candidate.phone, candidate.email) == (spec.name, spec.phone, spec.email)
    assert candidate.department_id == job.department_id
    assert candidate.source == "resume"
    status = client.get(f"/api/admin/v1/resume-batches/{batch['batch_id']}", headers=headers)
    assert status.get_json()["progress"] == {"total": 1, "done": 1, "parsed": 1, "failed": 0}


@requires_redis
@pytest.mark.ml
def test_scanned_resume_goes_through_the_ocr_queue_to_a_matched_candidate(
    client, db, make_hr_user, run_worker
):
    from scoring.resume.ocr import get_ocr_engine

    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    spec = make_spec(1)
    response = upload(client, headers, job.id, [("scan.pdf", resume_file(spec, "scan"))])
    assert response.status_code == 202
    batch_id = response.get_json()["batch_id"]
    [entry] = response.get_json()["files"]
    assert entry["status"] == "pending"
    waiting = client.get(f"/api/admin/v1/resume-batches/{batch_id}", headers=headers).get_json()
    assert waiting["progress"] == {"total": 1, "done": 0, "parsed": 0, "failed": 0}
    task = db.session.scalars(select(Task).where(Task.kind == "resume.parse")).one()
    assert (task.queue, task.state) == ("ocr", "queued")
    assert get_ocr_engine.cache_info().currsize == 0, "the web process loaded the OCR engine"

    run_worker("ocr")
    db.session.rollback()

    body = _get(client, headers, entry["resume_id"])
    assert body["status"] == "parsed", body["error"]
    assert body["source"] == "ocr"
    assert_fields(body["fields"], spec)
    candidate = db.session.get(Candidate, body["candidate_id"])
    assert candidate.phone == spec.phone
    match = body["match"]
    assert 0 < match["score"] <= 100
    assert [d["name"] for d in match["dimensions"]] == ["需求分析", "项目管理", "业务拓展"]
    assert any(d["evidence"] for d in match["dimensions"])
    assert match["signals"]["has_related_experience"] is True
    assert resume_signals(candidate.id, job.id) == match["signals"]
    done = client.get(f"/api/admin/v1/resume-batches/{batch_id}", headers=headers).get_json()
    assert done["files"][0]["status"] == "parsed"
    assert done["progress"] == {"total": 1, "done": 1, "parsed": 1, "failed": 0}


def test_zip_upload_parses_every_resume_and_skips_mac_junk(client, db, make_hr_user, run_worker):
    _, headers = make_hr_user("admin")
    job = make_job(db)
    specs = [make_spec(5), make_spec(6)]
    archive = zip_of(
        [
            ("简历/a.pdf", resume_file(specs[0], "pdf")),
            ("简历/b.docx", resume_file(specs[1], "docx")),
        ],
        extra={"__MACOSX/简历/._a.pdf": b"\x00\x05\x16\x07junk", "简历/.DS_Store": b"junk"},
    )
    response = upload(client, headers, job.id, [("resumes.zip", archive)])
    assert response.status_code == 202, response.get_json()
    batch = response.get_json()
    assert [f["filename"] for f in batch["files"]] == ["a.pdf", "b.docx"]
    finish_tasks(db, run_worker, "default")

    status = client.get(f"/api/admin/v1/resume-batches/{batch['batch_id']}", headers=headers)
    progress = status.get_json()["progress"]
    assert progress == {"total": 2, "done": 2, "parsed": 2, "failed": 0}
    names = sorted(db.session.scalars(select(Candidate.name)).all())
    assert names == sorted(s.name for s in specs)


def test_zip_with_an_inflating_entry_refuses_it_and_keeps_the_rest(
    client, db, make_hr_user, run_worker
):
    _, headers = make_hr_user("admin")
    job = make_job(db)
    bomb = b"%PDF-1.4\n" + b"\x00" * (11 * 1024 * 1024)  # compresses to a few KB
    archive = zip_of([("ok.pdf", resume_file(7, "pdf")), ("bomb.pdf", bomb)])
    assert len(archive) < 200_000
    response = upload(client, headers, job.id, [("r.zip", archive)])
    assert response.status_code == 202
    files = {f["filename"]: f for f in response.get_json()["files"]}
    assert files["bomb.pdf"]["error"]["code"] == "too_large"
    finish_tasks(db, run_worker, "default")
    assert _get(client, headers, files["ok.pdf"]["resume_id"])["status"] == "parsed"


def test_zip_with_too_many_entries_is_refused_whole(client, db, make_hr_user):
    _, headers = make_hr_user("admin")
    job = make_job(db)
    archive = zip_of([(f"{i}.pdf", b"%PDF-1.4") for i in range(201)])
    response = upload(client, headers, job.id, [("many.zip", archive)])
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "no_usable_file"
    assert error["details"]["files"][0]["error"]["code"] == "too_many_files"
    assert db.session.scalars(select(Resume)).all() == []


@pytest.mark.parametrize("shared", ["phone", "email"])
def test_same_person_uploaded_twice_is_one_candidate_with_two_resumes(
    client, db, make_hr_user, run_worker, shared
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    first = make_spec(8)
    second = make_spec(8)
    second.layout = make_spec(9).layout  # another template, another file format
    if shared == "phone":
        second.email = "another.address@example.com"
    else:
        second.phone = "13800138000"
    upload(client, headers, job.id, [("v1.pdf", resume_file(first, "pdf"))])
    upload(client, headers, job.id, [("v2.docx", resume_file(second, "docx"))])
    finish_tasks(db, run_worker, "default")

    candidates = db.session.scalars(select(Candidate)).all()
    assert len(candidates) == 1
    resumes = db.session.scalars(select(Resume).order_by(Resume.id)).all()
    assert [r.status for r in resumes] == ["parsed", "parsed"]
    assert {r.candidate_id for r in resumes} == {candidates[0].id}
    assert candidates[0].phone == first.phone  # filled first, kept
    assert candidates[0].email == first.email
    history = client.get(f"/api/admin/v1/candidates/{candidates[0].id}/resumes", headers=headers)
    assert [(r["filename"], r["kind"]) for r in history.get_json()] == [
        ("v2.docx", "docx"),
        ("v1.pdf", "pdf"),
    ]


def test_bad_files_get_their_own_errors_and_good_ones_still_go_through(
    client, db, make_hr_user, run_worker
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    files = [
        ("resume.pdf", b"MZ\x90\x00" + b"\x00" * 200),  # a Windows program, renamed
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10)),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>>\n%%broken"),
        ("long.pdf", _blank_pdf(pages=21)),
        ("bomb.png", _png(9000, 9000)),
        ("good.pdf", resume_file(10, "pdf")),
    ]
    response = upload(client, headers, job.id, files)
    assert response.status_code == 202, response.get_json()
    entries = {f["filename"]: f for f in response.get_json()["files"]}
    assert entries["resume.pdf"]["error"]["code"] == "unsupported_type"
    assert entries["huge.pdf"]["error"]["code"] == "too_large"
    assert entries["broken.pdf"]["error"]["code"] == "corrupt"
    assert entries["long.pdf"]["error"]["code"] == "too_many_pages"
    assert entries["bomb.png"]["error"]["code"] == "image_bomb"
    assert [e["status"] for n, e in entries.items() if n != "good.pdf"] == ["failed"] * 5
    assert "10 MB" in entries["huge.pdf"]["error"]["message"]
    finish_tasks(db, run_worker, "default")
    good = _get(client, headers, entries["good.pdf"]["resume_id"])
    assert good["status"] == "parsed"
    assert good["fields"]["name"] == make_spec(10).name
    tasks = db.session.scalars(select(Task).where(Task.kind == "resume.parse")).all()
    assert len(tasks) == 1  # refused files never reach the queue


def test_upload_with_no_usable_file_is_a_422_and_stores_nothing(app, client, db, make_hr_user):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    before = sorted(Path(app.config["STORAGE_DIR"]).rglob("*.bin"))
    response = upload(client, headers, job.id, [("x.pdf", b"not a resume at all")])
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["files"][0]["error"]["code"] == (
        "unsupported_type"
    )
    empty = client.post(
        f"/api/admin/v1/jobs/{job.id}/resumes",
        data={},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422
    assert empty.get_json()["error"]["code"] == "no_files"
    stray = client.post(
        f"/api/admin/v1/jobs/{job.id}/resumes",
        data={"N": "{}", "files": (io.BytesIO(b"%PDF-1.4 x"), "a.pdf")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert stray.status_code == 422
    assert stray.get_json()["error"]["code"] == "unknown_field"
    assert db.session.scalars(select(Resume)).all() == []
    assert sorted(Path(app.config["STORAGE_DIR"]).rglob("*.bin")) == before


def test_resume_unreadable_at_parse_time_is_marked_failed_without_retry(
    client, db, make_hr_user, run_worker
):
    from tests.support.resume_render import to_docx

    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    blank = to_docx([("text", "   ")])  # a Word file with nothing in it
    response = upload(client, headers, job.id, [("blank.docx", blank)])
    assert response.status_code == 202
    [entry] = response.get_json()["files"]
    finish_tasks(db, run_worker, "default")
    body = _get(client, headers, entry["resume_id"])
    assert body["status"] == "failed"
    assert body["error"]["code"] == "empty"
    task = db.session.scalars(select(Task).where(Task.kind == "resume.parse")).one()
    assert (task.state, task.attempts) == ("done", 1)
    assert db.session.scalars(select(Candidate)).all() == []


def test_correction_wins_over_a_reparse_and_updates_the_candidate(
    client, db, make_hr_user, run_worker
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    spec = make_spec(11)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(spec, "pdf"))]).get_json()[
        "files"
    ]
    finish_tasks(db, run_worker, "default")
    fix = {"name": "欧阳娜娜", "phone": "+86 139-0013-9000", "skills": ["Python", "谈判"]}
    response = client.patch(
        f"/api/admin/v1/resumes/{entry['resume_id']}", json=fix, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["fields"]["phone"] == "13900139000"

    response = client.post(f"/api/admin/v1/resumes/{entry['resume_id']}/reparse", headers=headers)
    assert response.status_code == 202
    finish_tasks(db, run_worker, "default")

    body = _get(client, headers, entry["resume_id"])
    assert body["status"] == "parsed"
    assert body["fields"]["name"] == "欧阳娜娜"
    assert body["fields"]["skills"] == ["Python", "谈判"]
    assert body["fields"]["email"] == spec.email  # untouched fields still come from the parse
    assert body["corrections"]["phone"] == "13900139000"
    candidates = db.session.scalars(select(Candidate)).all()
    assert [(c.name, c.phone) for c in candidates] == [("欧阳娜娜", "13900139000")]


def test_unchanged_fields_sent_back_from_get_are_accepted_and_change_nothing(
    client, db, make_hr_user, run_worker
):
    """HR's form PATCHes back what GET showed; entries keep their kind (work, internship)."""
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    uploaded = upload(client, headers, job.id, [("r.pdf", resume_file(make_spec(12), "pdf"))])
    [entry] = uploaded.get_json()["files"]
    finish_tasks(db, run_worker, "default")
    before = _get(client, headers, entry["resume_id"])
    assert before["fields"]["experience"] and before["fields"]["education"]
    assert all("kind" in e for e in before["fields"]["experience"])

    sent = {key: before["fields"][key] for key in CORRECTABLE if before["fields"][key]}
    response = client.patch(
        f"/api/admin/v1/resumes/{entry['resume_id']}", json=sent, headers=headers
    )

    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["fields"] == before["fields"]
    assert after["match"] == before["match"]


def test_correction_schema_accepts_exactly_the_correctable_fields():
    assert set(CorrectionSchema().fields) == set(CORRECTABLE)


def test_correcting_a_phone_that_belongs_to_someone_else_is_a_409(
    client, db, make_hr_user, run_worker
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    a, b = make_spec(12), make_spec(13)
    upload(client, headers, job.id, [("a.pdf", resume_file(a, "pdf"))])
    [entry] = upload(client, headers, job.id, [("b.pdf", resume_file(b, "pdf"))]).get_json()[
        "files"
    ]
    finish_tasks(db, run_worker, "default")
    response = client.patch(
        f"/api/admin/v1/resumes/{entry['resume_id']}", json={"phone": a.phone}, headers=headers
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "phone_taken"
    db.session.expire_all()
    assert db.session.get(Resume, entry["resume_id"]).corrections is None
    assert sorted(c.phone for c in db.session.scalars(select(Candidate))) == sorted(
        [a.phone, b.phone]
    )


@pytest.mark.parametrize(
    "body", [{"nickname": "x"}, {"email": "not-an-email"}, {"years_of_experience": -1}, {}]
)
def test_invalid_corrections_are_422(client, db, make_hr_user, run_worker, body):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(14, "pdf"))]).get_json()[
        "files"
    ]
    response = client.patch(
        f"/api/admin/v1/resumes/{entry['resume_id']}", json=body, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] in ("validation_error", "no_changes")


def test_manager_of_another_department_gets_403(client, db, make_hr_user, run_worker):
    _, own = make_hr_user("manager", departments=["产品研发部"])
    _, other = make_hr_user("manager", departments=["销售部"])
    job = make_job(db, department="产品研发部")
    response = upload(client, own, job.id, [("r.pdf", resume_file(15, "pdf"))])
    assert response.status_code == 202
    batch = response.get_json()
    resume_id = batch["files"][0]["resume_id"]
    finish_tasks(db, run_worker, "default")
    candidate_id = _get(client, own, resume_id)["candidate_id"]

    calls = [
        lambda h: client.get(f"/api/admin/v1/candidates/{candidate_id}/resumes", headers=h),
        lambda h: upload(client, h, job.id, [("r.pdf", resume_file(16, "pdf"))]),
        lambda h: client.get(f"/api/admin/v1/resume-batches/{batch['batch_id']}", headers=h),
        lambda h: client.get(f"/api/admin/v1/resumes/{resume_id}", headers=h),
        lambda h: client.patch(f"/api/admin/v1/resumes/{resume_id}", json={"name": "x"}, headers=h),
        lambda h: client.post(f"/api/admin/v1/resumes/{resume_id}/reparse", headers=h),
    ]
    for call in calls:
        response = call(other)
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"]["code"] == "forbidden_department"
    assert _get(client, own, resume_id)["status"] == "parsed"


def test_hr_reads_of_a_resume_are_audited(client, db, make_hr_user, run_worker):
    user, headers = make_hr_user("recruiter")
    job = make_job(db)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(17, "pdf"))]).get_json()[
        "files"
    ]
    _get(client, headers, entry["resume_id"])
    reads = db.session.scalars(select(AuditLog).where(AuditLog.action == "read")).all()
    assert [(r.actor_id, r.object_type, r.object_id) for r in reads] == [
        (str(user.id), "resume", str(entry["resume_id"]))
    ]


def test_no_personal_data_in_clear_in_rows_or_files(app, client, db, make_hr_user, run_worker):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    spec = make_spec(18)
    filename = f"{spec.name}_{spec.phone}_{spec.email}.pdf"
    response = upload(client, headers, job.id, [(filename, resume_file(spec, "pdf"))])
    assert response.get_json()["files"][0]["filename"] == (
        f"{spec.name}_{spec.phone[:3]}****{spec.phone[-4:]}_***@{spec.email.split('@')[1]}.pdf"
    )
    finish_tasks(db, run_worker, "default")
    assert db.session.scalars(select(Resume)).one().status == "parsed"

    secrets = [
        spec.phone,
        spec.email,
        spec.experience[0]["highlights"][0],
        spec.education[0]["school"],
    ]
    with db.engine.connect() as conn:
        for table in ("resumes", "candidates", "candidate_demographics", "tasks", "audit_log"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
                dump = " ".join(str(v) for v in row)
                for secret in secrets:
                    assert secret not in dump, f"{secret!r} in clear in {table}"
    stored = list(Path(app.config["STORAGE_DIR"]).rglob("*.bin"))
    assert stored
    for path in stored:
        content = path.read_bytes()
        assert not content.startswith(b"%PDF") and spec.email.encode() not in content


def test_demographics_are_kept_apart_from_what_scoring_sees(client, db, make_hr_user, run_worker):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    spec = make_spec(19)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(spec, "pdf"))]).get_json()[
        "files"
    ]
    finish_tasks(db, run_worker, "default")
    body = _get(client, headers, entry["resume_id"])
    # What a resume shows of sex or age is not kept: the audit needs the candidate's consent.
    assert db.session.get(CandidateDemographics, body["candidate_id"]) is None
    for key in ("gender", "age", "birth_year", "demographics"):
        assert key not in body["fields"]
        assert key not in body["match"]["signals"]
    stored = db.session.get(Resume, entry["resume_id"]).parsed
    assert not {"demographics", "gender", "age"} & set(stored)


def test_resume_signals_follow_corrections_and_are_empty_without_a_resume(
    client, db, make_hr_user, run_worker
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(20, "pdf"))]).get_json()[
        "files"
    ]
    finish_tasks(db, run_worker, "default")
    candidate_id = _get(client, headers, entry["resume_id"])["candidate_id"]
    assert resume_signals(candidate_id, job.id)["has_related_experience"] is True

    client.patch(
        f"/api/admin/v1/resumes/{entry['resume_id']}",
        json={"experience": [], "years_of_experience": 0},
        headers=headers,
    )
    db.session.expire_all()
    signals = resume_signals(candidate_id, job.id)
    assert signals["has_related_experience"] is False
    assert signals["years_of_experience"] == 0

    other_job = make_job(
        db, department="销售部", title="区域销售经理", dims=[("客户开拓", 100, ["客户"])]
    )
    assert resume_signals(candidate_id, other_job.id)["years_of_experience"] == 0
    lonely = Candidate(name="无简历")
    db.session.add(lonely)
    db.session.commit()
    assert resume_signals(lonely.id, job.id) == {}


def test_zip_entry_named_in_gbk_keeps_its_chinese_name(client, db, make_hr_user, run_worker):
    _, headers = make_hr_user("admin")
    job = make_job(db)
    gbk = "张三简历.pdf".encode("gbk")
    placeholder = b"x" * (len(gbk) - 4) + b".pdf"
    archive = zip_of([(placeholder.decode(), resume_file(21, "pdf"))])
    archive = archive.replace(placeholder, gbk)  # as Windows' built-in zip writes names
    response = upload(client, headers, job.id, [("简历.zip", archive)])
    assert response.status_code == 202, response.get_json()
    assert [f["filename"] for f in response.get_json()["files"]] == ["张三简历.pdf"]


def test_internal_error_marks_the_resume_failed_and_the_task_for_retry(
    app, client, db, make_hr_user, run_worker, monkeypatch
):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    if REDIS_URL:  # the worker will find the stored file gone
        [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(22, "pdf"))]).get_json()[
            "files"
        ]
        path = db.session.get(Resume, entry["resume_id"]).file_path
        (Path(app.config["STORAGE_DIR"]) / path).unlink()
        run_worker("default")
    else:
        import app.jobs.resumes as jobs

        monkeypatch.setattr(jobs, "parse_resume", lambda text: 1 / 0)
        [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(22, "pdf"))]).get_json()[
            "files"
        ]
    db.session.rollback()
    body = _get(client, headers, entry["resume_id"])
    assert body["status"] == "failed"
    assert body["error"]["code"] == "parse_error"
    task = db.session.scalars(select(Task).where(Task.kind == "resume.parse")).one()
    assert task.state == "failed" and task.last_error  # raised, so RQ retries it


def test_reparse_of_a_resume_whose_file_is_gone_is_a_409(app, client, db, make_hr_user, run_worker):
    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    [entry] = upload(client, headers, job.id, [("r.pdf", resume_file(23, "pdf"))]).get_json()[
        "files"
    ]
    finish_tasks(db, run_worker, "default")
    path = db.session.get(Resume, entry["resume_id"]).file_path
    (Path(app.config["STORAGE_DIR"]) / path).unlink()
    response = client.post(f"/api/admin/v1/resumes/{entry['resume_id']}/reparse", headers=headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "file_missing"
    db.session.rollback()
    assert db.session.get(Resume, entry["resume_id"]).status == "parsed"


def test_failed_upload_leaves_no_orphan_files(app, client, db, make_hr_user, monkeypatch):
    import app.services.resumes as service

    _, headers = make_hr_user("recruiter")
    job = make_job(db)
    before = sorted(Path(app.config["STORAGE_DIR"]).rglob("*.bin"))

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(service.audit, "record", broken)
    response = upload(client, headers, job.id, [("r.pdf", resume_file(24, "pdf"))])
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert sorted(Path(app.config["STORAGE_DIR"]).rglob("*.bin")) == before
    assert db.session.scalars(select(Resume)).all() == []
