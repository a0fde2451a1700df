"""Background tasks: state lives in the database, whether the job ran inline or on a worker."""

import os

from app.extensions import db as _db
from app.models import Task
from app.queues import enqueue, sweep
from tests.conftest import requires_inline, requires_redis
from tests.support.tasks import FAIL, PING


def submit(kind, **args) -> Task:
    """What a product caller does: add the task to its unit of work, commit once."""
    task = enqueue(kind, **args)
    _db.session.commit()
    return task


@requires_inline
def test_task_runs_inline_without_redis_and_records_its_result(db):
    task = submit(PING, message="你好")
    db.session.refresh(task)
    assert task.state == "done"
    assert task.result["message"] == "你好"
    assert task.result["pid"] == os.getpid()


@requires_inline
def test_task_is_dispatched_only_once_its_unit_of_work_commits(db):
    task = enqueue(PING, message="later")
    assert task.state == "pending" and task.result is None  # the caller has not committed
    db.session.rollback()
    assert db.session.query(Task).count() == 0  # rolled back with the caller's work, never run

    task = enqueue(PING, message="now")
    db.session.commit()
    db.session.refresh(task)
    assert task.state == "done" and task.result["message"] == "now"


@requires_inline
def test_inline_failure_is_recorded_and_does_not_raise(db):
    task = submit(FAIL, message="boom")
    db.session.refresh(task)
    assert task.state == "failed"
    assert "boom" in task.last_error


@requires_redis
def test_task_enqueued_with_redis_runs_on_a_real_worker(db, run_worker):
    task = submit(PING, message="worker")
    assert task.state == "queued" and task.rq_job_id
    output = run_worker("default")
    db.session.rollback()  # end the snapshot (MySQL REPEATABLE READ)
    done = db.session.get(Task, task.id)
    assert done.state == "done", output.stderr
    assert done.result["message"] == "worker"
    assert done.result["pid"] != os.getpid()


@requires_redis
def test_failing_task_is_recorded_as_failed_by_the_worker(db, run_worker):
    task = submit(FAIL, message="vendor down")
    run_worker("default")
    db.session.rollback()  # end the snapshot (MySQL REPEATABLE READ)
    failed = db.session.get(Task, task.id)
    assert failed.state == "failed"
    assert "vendor down" in failed.last_error


@requires_redis
def test_task_survives_a_redis_outage_and_the_sweep_delivers_it(app, db, run_worker):
    url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions.pop("redis", None)
    try:
        task = submit(PING, message="after outage")
    finally:
        app.config["REDIS_URL"] = url
        app.extensions.pop("redis", None)
    db.session.refresh(task)
    assert task.state == "pending"
    task.updated_at = task.updated_at.replace(year=2000)
    db.session.commit()
    assert sweep() == [task.id]
    run_worker("default")
    db.session.rollback()  # end the snapshot (MySQL REPEATABLE READ)
    assert _db.session.get(Task, task.id).state == "done"


def test_task_left_running_by_a_killed_worker_is_redispatched(db):
    task = Task(kind="test.ping", queue="default", args={"message": "again"}, state="running")
    db.session.add(task)
    db.session.commit()
    task.updated_at = task.updated_at.replace(year=2000)
    db.session.commit()
    assert sweep(stale_after_s=60) == [task.id]
    db.session.refresh(task)
    assert task.state in ("queued", "done")
    fresh = Task(kind="test.ping", queue="default", args={}, state="running")
    db.session.add(fresh)
    db.session.commit()
    assert fresh.id not in sweep(stale_after_s=60)
