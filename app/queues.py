"""The only web-side module that imports RQ.

Work is a `Task` row first; Redis only carries its id. With no REDIS_URL the task runs
inline in the calling process. If Redis is down the row stays `pending` and the sweep
enqueues it later, so a Redis outage delays work but loses none.
"""

import logging
from datetime import timedelta

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from sqlalchemy import select

from app.extensions import db
from app.models import Task
from app.models.base import utcnow

log = logging.getLogger(__name__)

QUEUE_NAMES = ("default", "ocr", "asr", "notify")
# Seconds a job may run before RQ kills it (RQ's own default of 180 s is too short for OCR/ASR).
JOB_TIMEOUTS = {"default": 120, "ocr": 600, "asr": 900, "notify": 60}
# Waits between RQ retries; they only happen with a worker running --with-scheduler.
RETRY_INTERVALS = {
    "default": [5, 30, 120],
    "ocr": [10, 60],
    "asr": [10, 60],
    "notify": [5, 30, 120, 600],
}


def get_redis() -> Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    conn = current_app.extensions.get("redis")
    if conn is None:
        conn = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        current_app.extensions["redis"] = conn
    return conn


def get_queue(name: str) -> Queue:
    if name not in QUEUE_NAMES:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=get_redis())


def submit(kind: str, queue: str = "default", **args) -> Task:
    """Commit the caller's unit of work together with a new task, then dispatch it."""
    task = Task(kind=kind, queue=queue, args=args, state="pending")
    db.session.add(task)
    db.session.commit()
    dispatch(task)
    return task


def dispatch(task: Task) -> None:
    if get_redis() is None:
        from app.jobs import run_task

        run_task(task.id, inline=True)
        return
    try:
        job = get_queue(task.queue).enqueue(
            "app.jobs.run_task",
            task.id,
            job_id=f"task-{task.id}-{task.attempts}-{int(utcnow().timestamp())}",
            job_timeout=JOB_TIMEOUTS[task.queue],
            retry=Retry(max=len(RETRY_INTERVALS[task.queue]), interval=RETRY_INTERVALS[task.queue]),
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )
    except RedisError as exc:
        log.warning("task %s stays pending: redis unavailable (%s)", task.id, exc)
        return
    task.state = "queued"
    task.rq_job_id = job.id
    task.enqueued_at = utcnow()
    db.session.commit()


def sweep(stale_after_s: int | None = None) -> list[int]:
    """Re-dispatch tasks left pending, queued too long, or running without a heartbeat.

    A worker touches its running task's `updated_at` every TASK_HEARTBEAT_S (app.worker), so
    a running task silent for TASK_DEAD_AFTER_S belongs to a killed worker, whatever the job's
    own time limit.
    """
    cfg = current_app.config
    stale_after_s = stale_after_s or cfg["TASK_STALE_AFTER_S"]
    now = utcnow()
    cutoff = now - timedelta(seconds=stale_after_s)
    dead = now - timedelta(seconds=min(stale_after_s, cfg["TASK_DEAD_AFTER_S"]))
    stuck = db.session.scalars(
        select(Task)
        .where(
            (Task.state == "pending")
            | ((Task.state == "queued") & (Task.updated_at < cutoff))
            | ((Task.state == "running") & (Task.updated_at < dead))
        )
        .order_by(Task.id)
    ).all()
    redispatched = []
    for task in stuck:
        if (
            task.state == "pending"
            and task.updated_at
            and task.updated_at > utcnow() - timedelta(seconds=5)
        ):
            continue  # just created; its own request is dispatching it
        log.info("sweep: re-dispatching task %s (%s, was %s)", task.id, task.kind, task.state)
        task.state = "pending"
        db.session.commit()
        dispatch(task)
        redispatched.append(task.id)
    return redispatched
