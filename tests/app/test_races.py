"""Races a candidate's phone can cause (double taps, retries), with real threads and requests.

On MariaDB the requests really overlap in the database; the unique constraints decide, and the
loser gets the winner's result or the documented 409, never a 500.
"""

import threading
import uuid

from app.models import Answer, Interview
from tests.app.journey_helpers import dev_login, seeded


def _together(app, count: int, call) -> list:
    """Run `call(client)` in `count` threads released at the same moment; returns responses."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        with app.test_client() as own:
            barrier.wait()
            results[i] = call(own)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _start_formal(app, client, db):
    invitation = seeded(db)
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    return invitation.id, phone


def test_parallel_starts_create_one_formal_interview(app, client, db):
    invitation_id, phone = _start_formal(app, client, db)

    def start(own):
        return own.post(
            "/api/mp/v1/interviews",
            json={"invitation_id": invitation_id, "kind": "formal"},
            headers=phone.headers,
        )

    responses = _together(app, 8, start)
    statuses = [r.status_code for r in responses]
    assert statuses == [200] * 8, [r.get_data(as_text=True)[:200] for r in responses]
    assert len({r.get_json()["id"] for r in responses}) == 1
    db.session.rollback()
    formal = db.session.query(Interview).filter_by(invitation_id=invitation_id, kind="formal")
    assert formal.count() == 1


def test_parallel_answers_to_one_question_keep_one_and_the_rest_get_409(app, client, db):
    invitation_id, phone = _start_formal(app, client, db)
    interview = phone.start(invitation_id, "formal").get_json()
    question_id = interview["current_question"]["id"]

    def answer(own):
        return own.post(
            f"/api/mp/v1/interviews/{interview['id']}/answers",
            json={"question_id": question_id, "text": "我负责过一次需求调研，访谈了30位用户。"},
            headers={**phone.headers, "Idempotency-Key": uuid.uuid4().hex},
        )

    responses = _together(app, 10, answer)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 9, [r.get_data(as_text=True)[:200] for r in responses]
    assert {r.get_json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "already_answered"
    }
    db.session.rollback()
    rows = db.session.query(Answer).filter_by(interview_id=interview["id"], question_id=question_id)
    assert rows.count() == 1


def test_parallel_retries_of_one_answer_all_get_its_result(app, client, db):
    invitation_id, phone = _start_formal(app, client, db)
    interview = phone.start(invitation_id, "formal").get_json()
    question_id = interview["current_question"]["id"]
    key = uuid.uuid4().hex

    def answer(own):
        return own.post(
            f"/api/mp/v1/interviews/{interview['id']}/answers",
            json={"question_id": question_id, "text": "我负责过一次需求调研，访谈了30位用户。"},
            headers={**phone.headers, "Idempotency-Key": key},
        )

    responses = _together(app, 6, answer)
    assert [r.status_code for r in responses] == [200] * 6, [
        r.get_data(as_text=True)[:200] for r in responses
    ]
    assert len({r.get_json()["answer_id"] for r in responses}) == 1
