"""gunicorn settings; each can be overridden with GUNICORN_* environment variables."""

import multiprocessing
import os

from gunicorn.glogging import Logger

from app.log_redaction import redact

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let one worker overlap database and Redis waits; processes use the cores.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")


class RedactingLogger(Logger):
    """Access log lines without signed-link secrets (`sig=`): a logged link stays unusable."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "q", "U"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger
errorlog = "-"
# Never migrate here: `flask db upgrade` is a deploy step, not a side effect of starting.
preload_app = False


def child_exit(server, worker):
    """A dead worker's request metrics leave the live set (PROMETHEUS_MULTIPROC_DIR, app/metrics)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
