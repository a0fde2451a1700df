"""Small housekeeping tasks (and the probe used to check the queue end to end)."""

import os
import socket

from app.jobs import handler


@handler("system.ping")
def ping(message: str = "pong") -> dict:
    """Proves a worker picked the task up: records where it ran."""
    return {"message": message, "pid": os.getpid(), "host": socket.gethostname()}


@handler("system.fail")
def fail(message: str = "requested failure") -> dict:
    raise RuntimeError(message)
