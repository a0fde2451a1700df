"""GET /metrics in the Prometheus text format: request latency per endpoint, queue depths,
task failures and retries, the outbox backlog.

Latency histograms are observed in every request (a few microseconds). Under gunicorn each
worker has its own counters: set PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at
deploy) and the scrape sums them over the workers (gunicorn.conf.py cleans up after a worker
that exits). Queue, task and outbox figures are read when scraped, from Redis and the
database, so every worker reports the same.

Access: with METRICS_TOKEN set, a scrape must send `Authorization: Bearer <token>`;
without it only loopback clients are answered (a Prometheus on the same host or a tunnel).
"""

import hmac
import logging
import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.errors import Forbidden, Unauthorized
from app.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("metrics", __name__)
LOOPBACK = {"127.0.0.1", "::1"}
# Hints should answer in a few ms, answers in tens; the tail up to the 10 s client timeout.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by route",
    ["endpoint", "method", "status"],
    buckets=BUCKETS,
)
BACKLOG_STATES = ("pending", "sending")


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _observed(response):
    started = g.pop("metrics_started", None)
    rule = request.url_rule
    if started is not None and rule is not None and rule.endpoint != "metrics.metrics":
        REQUEST_SECONDS.labels(rule.rule, request.method, str(response.status_code)).observe(
            time.perf_counter() - started
        )
    return response


class BacklogCollector:
    """Queue depths, failed jobs, task states and retries, outbox backlog: read per scrape."""

    def collect(self):
        yield from self._queues()
        yield from self._tasks()
        yield from self._outbox()

    def _queues(self):
        from rq.registry import FailedJobRegistry

        from app.queues import QUEUE_NAMES, get_queue, get_redis

        depth = GaugeMetricFamily(
            "rq_queue_depth", "Jobs waiting in each RQ queue", labels=["queue"]
        )
        failed = GaugeMetricFamily(
            "rq_failed_jobs", "Jobs in each failed registry", labels=["queue"]
        )
        up = GaugeMetricFamily("redis_up", "1 when Redis answered this scrape")
        counts = []
        if get_redis() is not None:  # without Redis jobs run inline: nothing ever waits
            try:
                for name in QUEUE_NAMES:
                    queue = get_queue(name)
                    counts.append((name, queue.count, FailedJobRegistry(queue=queue).count))
            except RedisError as exc:
                log.warning("metrics: redis unavailable: %s", exc)
                up.add_metric([], 0)
                yield up
                return
        for name, waiting, dead in counts:
            depth.add_metric([name], waiting)
            failed.add_metric([name], dead)
        up.add_metric([], 1)
        yield from (depth, failed, up)

    def _tasks(self):
        from app.models import Task

        states = GaugeMetricFamily("tasks", "Tasks by queue and state", labels=["queue", "state"])
        retries = GaugeMetricFamily(
            "task_retries", "Attempts beyond the first, over all tasks", labels=["queue"]
        )
        try:
            rows = db.session.execute(
                select(Task.queue, Task.state, func.count(), func.sum(Task.attempts - 1))
                .where(Task.attempts > 0)
                .group_by(Task.queue, Task.state)
            ).all()
            waiting = db.session.execute(
                select(Task.queue, Task.state, func.count())
                .where(Task.attempts == 0)
                .group_by(Task.queue, Task.state)
            ).all()
        except SQLAlchemyError as exc:
            db.session.rollback()
            log.warning("metrics: database unavailable: %s", exc)
            return
        counts: dict[tuple[str, str], int] = {}
        extra: dict[str, int] = {}
        for queue, state, n, beyond in rows:
            counts[(queue, state)] = counts.get((queue, state), 0) + n
            extra[queue] = extra.get(queue, 0) + int(beyond or 0)
        for queue, state, n in waiting:
            counts[(queue, state)] = counts.get((queue, state), 0) + n
        for (queue, state), n in sorted(counts.items()):
            states.add_metric([queue, state], n)
        for queue, n in sorted(extra.items()):
            retries.add_metric([queue], n)
        yield from (states, retries)

    def _outbox(self):
        from app.models import OutboxMessage

        backlog = GaugeMetricFamily(
            "outbox_backlog", "Outbound messages not yet delivered", labels=["channel"]
        )
        failed = GaugeMetricFamily(
            "outbox_failed", "Outbound messages that failed", labels=["channel"]
        )
        try:
            rows = db.session.execute(
                select(OutboxMessage.channel, OutboxMessage.status, func.count()).group_by(
                    OutboxMessage.channel, OutboxMessage.status
                )
            ).all()
        except SQLAlchemyError as exc:
            db.session.rollback()
            log.warning("metrics: database unavailable: %s", exc)
            return
        pending: dict[str, int] = {}
        for channel, status, n in rows:
            if status in BACKLOG_STATES:
                pending[channel] = pending.get(channel, 0) + n
            elif status == "failed":
                failed.add_metric([channel], n)
        for channel, n in sorted(pending.items()):
            backlog.add_metric([channel], n)
        yield from (backlog, failed)


def _allowed() -> None:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        header = request.headers.get("Authorization", "")
        sent = header[7:].strip() if header.startswith("Bearer ") else ""
        if not hmac.compare_digest(sent.encode(), token.encode()):
            raise Unauthorized("metrics need the METRICS_TOKEN bearer token", code="unauthorized")
    elif request.remote_addr not in LOOPBACK:
        raise Forbidden("metrics are served to loopback clients only", code="forbidden")


@bp.get("/metrics")
def metrics():
    _allowed()
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(BacklogCollector())
    body = generate_latest(registry)
    db.session.rollback()  # read-only: end the transaction the collectors opened
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.before_request(_started)
    app.after_request(_observed)
    app.register_blueprint(bp)
