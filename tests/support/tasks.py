"""Task kinds only tests submit: a probe, a failure, and one that holds its worker.

Imported by the test session and by tests/worker_app.py, so inline runs and real workers know them.
"""

import os
import socket
import time

from app.jobs import handler
from app.queues import TaskKind

PING = TaskKind("test.ping", "default", 120, (5, 30, 120))
FAIL = TaskKind("test.fail", "default", 120, (5, 30, 120))
HOLD_ONCE = TaskKind("test.hold_once", "default", 120, (5, 30, 120))


@handler("test.ping")
def ping(message: str = "pong") -> dict:
    """Proves a worker picked the task up: records where it ran."""
    return {"message": message, "pid": os.getpid(), "host": socket.gethostname()}


@handler("test.fail")
def fail(message: str = "requested failure") -> dict:
    raise RuntimeError(message)


@handler("test.hold_once")
def hold_once(marker: str, hold_s: float = 600) -> dict:
    if os.path.exists(marker):
        return {"held": False, "pid": os.getpid()}
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(hold_s)
    return {"held": True, "pid": os.getpid()}
