"""Voluntary demographics: a separate consent in the mini-program, encrypted, withdrawable,
and never an input to scoring."""

from sqlalchemy import select, text

from app.models import AnswerScore, CandidateDemographics, Consent, Interview, Report
from app.services.completion import complete
from app.services.demographics import CONSENT_VERSION
from tests.app.journey_helpers import answer_all, dev_login, finish_background_work, seeded


def _phone(app, client, db):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    return invitation, phone


def test_candidate_gives_and_withdraws_demographics_with_a_separate_consent(app, client, db):
    _, phone = _phone(app, client, db)
    shown = phone.get("/me/demographics").get_json()
    assert "不会用于评分" in shown["text"] and shown["given"] is False
    body = {"consent": False, "version": CONSENT_VERSION, "sex": "female"}
    assert phone.put("/me/demographics", body).status_code == 422
    body = {"consent": True, "version": CONSENT_VERSION, "sex": "female", "birth_year": 1979}
    response = phone.put("/me/demographics", body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["answers"] == {"sex": "female", "birth_year": 1979}
    consent = db.session.scalar(select(Consent).where(Consent.kind == "demographics"))
    assert consent.granted and consent.version == CONSENT_VERSION
    raw = db.session.execute(text("SELECT data FROM candidate_demographics")).scalar()
    assert "female" not in raw and "1979" not in raw  # encrypted at rest
    assert phone.put("/me/demographics", {**body, "sex": "robot"}).status_code == 422
    withdrawn = phone.delete("/me/demographics")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["deleted"] is True
    assert db.session.scalar(select(CandidateDemographics)) is None
    assert phone.get("/me/demographics").get_json()["given"] is False


def _scores(db):
    db.session.rollback()  # a worker process may have written since this session last read
    reports = {
        r.interview_id: (r.overall, r.dimension_scores, r.recommendation)
        for r in db.session.scalars(select(Report))
    }
    answers = {s.answer_id: (s.score, s.detail) for s in db.session.scalars(select(AnswerScore))}
    return reports, answers


def test_changing_every_candidates_demographics_leaves_every_score_identical(
    app, client, db, run_worker
):
    invitation, phone = _phone(app, client, db)
    first = {
        "consent": True,
        "version": CONSENT_VERSION,
        "sex": "male",
        "birth_year": 1998,
        "education": "bachelor",
    }
    assert phone.put("/me/demographics", first).status_code == 200
    started = phone.start(invitation.id, "formal").get_json()
    answer_all(phone, started)
    finish_background_work(run_worker)
    before = _scores(db)
    assert before[0] and before[1]
    for row in db.session.scalars(select(CandidateDemographics)):
        row.data = {"sex": "female", "birth_year": 1961, "education": "doctorate"}
    db.session.commit()
    for interview in db.session.scalars(select(Interview).where(Interview.kind == "formal")):
        interview.state = "completing"
    db.session.commit()
    for interview_id in db.session.scalars(select(Interview.id).where(Interview.kind == "formal")):
        complete(interview_id)
    assert _scores(db) == before
