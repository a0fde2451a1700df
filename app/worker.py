"""An RQ worker that loads its models once, then runs jobs in-process.

A forking worker would load OCR/ASR models in every child; SimpleWorker keeps one
process, so a model loaded here serves every job (see traps.md on RQ).
"""

import logging
import threading

from flask import current_app
from rq import SimpleWorker
from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import Task
from app.models.base import utcnow
from app.queues import (
    QUEUE_NAMES,
    enqueue_monthly_flags,
    enqueue_review_flags_refresh,
    get_queue,
    get_redis,
    sweep,
)

log = logging.getLogger(__name__)


def _load_ocr() -> None:
    from scoring.resume.ocr import get_ocr_engine

    get_ocr_engine()


def _load_asr() -> None:
    model_dir = current_app.config.get("ASR_MODEL_DIR")
    from app.speech_status import asr_status

    if asr_status(model_dir) != "available":
        log.warning(
            "ASR_MODEL_DIR not usable (%s): audio answers use client transcripts", model_dir
        )
        return
    from scoring.speech.asr import get_asr_engine

    get_asr_engine(model_dir)


def _load_scoring() -> None:
    from scoring.text.tokens import warm_up

    warm_up()  # jieba's dictionaries, used by interview completion


PRELOADERS = {"default": _load_scoring, "ocr": _load_ocr, "asr": _load_asr}


# An idle worker only runs its maintenance when RQ's blocking dequeue wait times out, and that
# wait is worker_ttl - 15 s (about 405 s by default): bound it so every idle worker sweeps
# about every 20 s, and a killed worker's task is picked up within a minute (traps.md, RQ).
WORKER_TTL_S = 35
MAINTENANCE_INTERVAL_S = 15


class TaskHeartbeat(threading.Thread):
    """Touches the running task's row while its job runs: proof this worker is alive."""

    def __init__(self, app, task_id: int, every_s: float):
        super().__init__(name=f"heartbeat-task-{task_id}", daemon=True)
        self.app, self.task_id, self.every_s = app, task_id, every_s
        self.done = threading.Event()

    def run(self) -> None:
        with self.app.app_context():
            while not self.done.wait(self.every_s):
                try:
                    with db.engine.begin() as conn:
                        conn.execute(
                            update(Task)
                            .where(Task.id == self.task_id, Task.state == "running")
                            .values(updated_at=utcnow())
                        )
                except SQLAlchemyError as exc:
                    log.warning("task %s heartbeat failed: %s", self.task_id, exc)


class AppWorker(SimpleWorker):
    """Releases the database session after every job and runs our sweep with maintenance."""

    def perform_job(self, job, queue):
        task_id = job.args[0] if job.args and isinstance(job.args[0], int) else None
        heartbeat = None
        if task_id is not None:
            app = current_app._get_current_object()
            heartbeat = TaskHeartbeat(app, task_id, app.config["TASK_HEARTBEAT_S"])
            heartbeat.start()
        try:
            return super().perform_job(job, queue)
        finally:
            if heartbeat is not None:
                heartbeat.done.set()
            db.session.remove()

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        try:
            housekeeping()
        except Exception:  # housekeeping must never take the worker down
            log.exception("housekeeping failed")
        finally:
            db.session.remove()


def housekeeping() -> dict:
    """Periodic work (every worker's maintenance pass, and `flask sweep`)."""
    from app.services.completion import expire_overdue
    from app.services.decisions import release_due_results
    from app.services.delivery import check_send_results, due_messages
    from app.services.digest import digest_due, send_daily_digest
    from app.services.outbox import kick

    result = {
        "redispatched": sweep(),
        "expired_interviews": expire_overdue(),
        "released_results": release_due_results(),
        "send_results_checked": check_send_results(),
    }
    if digest_due():
        result["digest"] = send_daily_digest()
    from app.services.analytics_notice import mark_month, monthly_flags_due

    if monthly_flags_due():
        mark_month()  # committed with the task: the next pass does not queue it again
        result["analytics_flags"] = enqueue_monthly_flags().id
        db.session.commit()
    from app.services.review_flags import mark_day, refresh_due

    if refresh_due():
        mark_day()  # committed with the task, like the monthly check
        result["review_flags"] = enqueue_review_flags_refresh().id
        db.session.commit()
    if due_messages(limit=1):
        kick()  # new rows, retries whose backoff has passed, rows a Redis outage left behind
        result["outbox"] = "kicked"
    return result


def run_worker(queue_names: list[str], burst: bool = False, preload: bool = True) -> bool:
    names = queue_names or list(QUEUE_NAMES)
    unknown = set(names) - set(QUEUE_NAMES)
    if unknown:
        raise ValueError(
            f"unknown queue(s): {', '.join(sorted(unknown))}; known: {', '.join(QUEUE_NAMES)}"
        )
    if get_redis() is None:
        raise RuntimeError(
            "REDIS_URL is not set: jobs run inline, there is nothing for a worker to do"
        )
    if preload:
        for name in names:
            if name in PRELOADERS:
                log.info("preloading models for queue %s", name)
                PRELOADERS[name]()
    worker = AppWorker(
        [get_queue(n) for n in names],
        connection=get_redis(),
        worker_ttl=WORKER_TTL_S,
        maintenance_interval=MAINTENANCE_INTERVAL_S,
    )
    return worker.work(burst=burst, with_scheduler=not burst, logging_level="INFO")
