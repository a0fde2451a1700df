"""The only web-side module that imports RQ.

Work is a `Task` row first; Redis only carries its id. Each kind of work is a `TaskKind` with
a typed `enqueue_…` helper; the helper adds the row to the caller's unit of work and the task is
dispatched once the caller commits. With no REDIS_URL the task runs inline in the calling
process, after that commit. If Redis is down the row stays `pending` and the sweep
enqueues it later, so a Redis outage delays work but loses none.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from sqlalchemy import inspect, select

from app.extensions import db
from app.models import Task
from app.models.base import utcnow

log = logging.getLogger(__name__)

QUEUE_NAMES = ("default", "ocr", "asr", "notify")


@dataclass(frozen=True)
class TaskKind:
    """A kind of work, declared once: its handler (app.jobs), queue, RQ time limit and retries.

    RQ's own default of 180 s is too short for OCR and ASR; retries only wait between tries
    with a worker running --with-scheduler (traps.md, RQ).
    """

    name: str
    queue: str
    timeout_s: int
    retry_s: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.queue not in QUEUE_NAMES:
            raise ValueError(f"unknown queue {self.queue!r}")
        KINDS[(self.name, self.queue)] = self


KINDS: dict[tuple[str, str], TaskKind] = {}
RESUME_PARSE = TaskKind("resume.parse", "default", 120, (5, 30, 120))
RESUME_PARSE_OCR = TaskKind("resume.parse", "ocr", 600, (10, 60))
TRANSCRIBE = TaskKind("answer.transcribe", "asr", 900, (10, 60))
TRANSCRIBE_FOLLOW_UP = TaskKind("follow_up.transcribe", "asr", 900, (10, 60))
COMPLETE_INTERVIEW = TaskKind("interview.complete", "default", 120, (5, 30, 120))
ERASE_CANDIDATE = TaskKind("candidate.erase", "default", 120, (5, 30, 120))
DINGTALK_EVENT = TaskKind("dingtalk.event", "default", 120, (5, 30, 120))
ROBOT_REPLY = TaskKind("dingtalk.robot_reply", "default", 120, (5, 30, 120))
MONTHLY_FLAGS = TaskKind("analytics.monthly_flags", "default", 120, (5, 30, 120))
REFRESH_REVIEW_FLAGS = TaskKind("analytics.refresh_flags", "default", 120, (5, 30, 120))
DELIVER_OUTBOX = TaskKind("outbox.deliver_pending", "notify", 60, (5, 30, 120, 600))


def enqueue_resume_parse(resume_id: int, needs_ocr: bool) -> Task:
    return enqueue(RESUME_PARSE_OCR if needs_ocr else RESUME_PARSE, resume_id=resume_id)


def enqueue_transcription(answer_id: int) -> Task:
    return enqueue(TRANSCRIBE, answer_id=answer_id)


def enqueue_follow_up_transcription(follow_up_id: int) -> Task:
    return enqueue(TRANSCRIBE_FOLLOW_UP, follow_up_id=follow_up_id)


def enqueue_completion(interview_id: int) -> Task:
    return enqueue(COMPLETE_INTERVIEW, interview_id=interview_id)


def enqueue_erasure(candidate_id: int) -> Task:
    return enqueue(ERASE_CANDIDATE, candidate_id=candidate_id)


def enqueue_dingtalk_event(event: dict) -> Task:
    return enqueue(DINGTALK_EVENT, event=event)


def enqueue_robot_reply(msg_id: str, user_id: int, sealed: str) -> Task:
    """`sealed`: the command and its sessionWebhook, encrypted (app.services.robot_replies)."""
    return enqueue(ROBOT_REPLY, msg_id=msg_id, user_id=user_id, sealed=sealed)


def enqueue_monthly_flags() -> Task:
    return enqueue(MONTHLY_FLAGS)


def enqueue_review_flags_refresh() -> Task:
    return enqueue(REFRESH_REVIEW_FLAGS)


def enqueue_outbox_delivery() -> Task:
    return enqueue(DELIVER_OUTBOX)


def enqueue(kind: TaskKind, **args) -> Task:
    """Add a task to the caller's unit of work (flushed, so it has an id; not committed).

    The caller commits once; the task is dispatched after that commit, and never if the
    unit of work rolls back. Until dispatched it is `pending`, which the sweep picks up.
    """
    task = Task(kind=kind.name, queue=kind.queue, args=args, state="pending")
    db.session.add(task)
    db.session.flush()
    db.session().after_commit(lambda: _dispatch_committed(task))
    return task


def _dispatch_committed(task: Task) -> None:
    if inspect(task).persistent:  # not when a savepoint holding it rolled back
        dispatch(task)


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


def dispatch(task: Task) -> None:
    if get_redis() is None:
        from app.jobs import run_task

        run_task(task.id, inline=True)
        return
    kind = KINDS.get((task.kind, task.queue))
    if kind is None:  # e.g. a kind since removed: say so on the row rather than retry forever
        task.state, task.last_error = "failed", f"no task kind {task.kind!r} on {task.queue!r}"
        db.session.commit()
        return
    try:
        job = get_queue(task.queue).enqueue(
            "app.jobs.run_task",
            task.id,
            job_id=f"task-{task.id}-{task.attempts}-{int(utcnow().timestamp())}",
            job_timeout=kind.timeout_s,
            retry=Retry(max=len(kind.retry_s), interval=list(kind.retry_s)),
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
