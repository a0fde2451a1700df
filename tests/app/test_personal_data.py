"""Phone and email never reach the database in the clear, yet duplicates are still found."""

from sqlalchemy import text

from app.models import AuditLog, Candidate


def _raw_rows(db):
    with db.engine.connect() as conn:
        return [tuple(map(str, row)) for row in conn.execute(text("SELECT * FROM candidates"))]


def test_stored_candidate_row_holds_no_plaintext_phone_or_email(client, db, make_hr_user):
    _, headers = make_hr_user("admin")
    response = client.post(
        "/api/admin/v1/candidates",
        json={"name": "赵六", "phone": "139-1234-5678", "email": "Zhao.Liu@Example.com"},
        headers=headers,
    )
    assert response.status_code == 201
    dump = " ".join(" ".join(row) for row in _raw_rows(db))
    for secret in ("13912345678", "139-1234-5678", "1234", "zhao.liu", "Zhao.Liu", "example.com"):
        assert secret not in dump
    detail = client.get(f"/api/admin/v1/candidates/{response.get_json()['id']}", headers=headers)
    assert detail.get_json()["phone"] == "139-1234-5678"
    assert detail.get_json()["email"] == "Zhao.Liu@Example.com"


def test_same_phone_in_another_format_updates_the_existing_candidate(client, db, make_hr_user):
    _, headers = make_hr_user("admin")
    first = client.post(
        "/api/admin/v1/candidates", json={"name": "赵六", "phone": "13912345678"}, headers=headers
    ).get_json()
    second = client.post(
        "/api/admin/v1/candidates",
        json={"name": "赵六", "phone": "+86 139 1234 5678", "email": "zl@example.com"},
        headers=headers,
    ).get_json()
    assert second["id"] == first["id"]
    assert second["created"] is False
    assert db.session.query(Candidate).count() == 1
    assert db.session.get(Candidate, first["id"]).email == "zl@example.com"


def test_hr_read_of_personal_data_is_audited(client, db, make_hr_user):
    user, headers = make_hr_user("recruiter")
    created = client.post(
        "/api/admin/v1/candidates", json={"name": "钱七", "phone": "13600000000"}, headers=headers
    ).get_json()
    client.get(f"/api/admin/v1/candidates/{created['id']}", headers=headers)
    reads = db.session.query(AuditLog).filter_by(action="read", object_id=str(created["id"])).all()
    assert len(reads) == 1
    assert reads[0].actor_id == str(user.id) and reads[0].actor_kind == "hr"


def test_audit_log_rows_cannot_be_changed(db):
    import pytest

    entry = AuditLog(actor_kind="system", action="test")
    db.session.add(entry)
    db.session.commit()
    entry.action = "tampered"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_database_dump_of_the_demo_company_has_no_plaintext_contact_details(db):
    from app import demo_data
    from app.services.demo import seed_demo

    seed_demo()
    dump = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            # Raw SQL: table.select() would decrypt through the column types.
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):
                dump.append(" ".join(map(str, row)))
    text_dump = "\n".join(dump)
    assert "张三" in text_dump  # the dump is real: names are there
    for _, phone, email, _, _ in demo_data.CANDIDATES:
        assert phone not in text_dump
        assert email not in text_dump and email.split("@")[0] not in text_dump
