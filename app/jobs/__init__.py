"""RQ job entry point and the registry of task handlers.

Every job is `run_task(task_id)`: ids in, the task's id out. Handlers load their rows,
do the work, persist once, and raise on failure so RQ records it and retries.
"""

import logging
from collections.abc import Callable

from app.extensions import db
from app.models import Task
from app.models.base import utcnow

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[..., dict | None]] = {}


def handler(kind: str):
    def register(func):
        HANDLERS[kind] = func
        return func

    return register


def run_task(task_id: int, inline: bool = False) -> int | None:
    task = db.session.get(Task, task_id)
    if task is None:
        log.warning("task %s: no such task", task_id)
        return None
    if task.state == "done":
        return task.id  # a duplicate delivery; the work is already recorded
    func = HANDLERS.get(task.kind)
    task.state = "running"
    task.attempts += 1
    task.started_at = utcnow()
    db.session.commit()
    kind, args = task.kind, dict(task.args or {})
    try:
        if func is None:
            raise LookupError(f"no handler for task kind {kind!r}")
        result = func(**args)
    except Exception as exc:
        db.session.rollback()
        task = db.session.get(Task, task_id)
        task.state = "failed"
        task.last_error = f"{type(exc).__name__}: {exc}"[:1000]
        db.session.commit()
        log.exception("task %s (%s) failed", task_id, kind)
        if inline:
            return task.id  # inline runs must not break the request that queued them
        raise
    task = db.session.get(Task, task_id)
    task.state = "done"
    task.result = result
    task.finished_at = utcnow()
    task.last_error = None
    db.session.commit()
    return task.id


def _register_all() -> None:
    """Import every module of this package so its @handler functions register."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_register_all()
