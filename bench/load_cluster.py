"""bench_load.py --haproxy: two gunicorn instances behind HAProxy, one killed mid-load, and the
check that no answer was lost (every acknowledged answer is stored once under its key).

HAProxy is Debian's `haproxy` package. When it is missing and the benchmark runs as root it
installs it (`apt-get install -y haproxy`); otherwise it stops and says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.load_setup import HOST, MYSQL_PORT, SetupError, Stack, free_port

HAPROXY_CONFIG = """global
    maxconn 5000
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 10s
    option http-keep-alive
    option redispatch
    retries 3
    # A request the dead instance never answered goes to the other one: safe for answers too,
    # the Idempotency-Key makes a resend return the first result.
    retry-on conn-failure empty-response response-timeout
frontend candidates
    bind {host}:{port}
    default_backend web
backend web
    balance roundrobin
    option httpchk GET /healthz
    # A busy instance answers its check late: only a refused or silent one is taken out.
    timeout check 5s
    default-server inter 1s fall 3 rise 1
{servers}
"""


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SetupError("--haproxy needs Debian's haproxy: run `apt-get install -y haproxy` first")
    print("haproxy is not installed: apt-get install -y haproxy", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=False)
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(found).exists():
        raise SetupError("apt-get could not install haproxy; run `apt-get update` and retry")
    return found


@dataclass
class Cluster:
    """Two gunicorn instances (each its own port and process group) and HAProxy in front."""

    env: dict
    port: int
    log_dir: Path
    instances: list[Stack] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None

    def start(self) -> None:
        binary = haproxy_binary()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports):
            env = {**self.env, "GUNICORN_BIND": f"{HOST}:{port}"}
            metrics_dir = self.log_dir / f"metrics-{n}"
            shutil.rmtree(metrics_dir, ignore_errors=True)
            metrics_dir.mkdir()
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
            stack = Stack(env=env, port=port, log_dir=self.log_dir / f"web-{n}")
            stack.start(worker=n == 0)  # one RQ worker for both
            self.instances.append(stack)
        servers = "\n".join(
            f"    server web{n} {HOST}:{port} check" for n, port in enumerate(ports)
        )
        config = self.log_dir / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(host=HOST, port=self.port, servers=servers))
        out = open(self.log_dir / "haproxy.log", "wb")  # noqa: SIM115 (closed with the process)
        self.haproxy = subprocess.Popen(
            [binary, "-db", "-f", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        Stack(env=self.env, port=self.port, log_dir=self.log_dir)._wait_ready()

    def gunicorn_pids(self) -> list[int]:
        return [pid for stack in self.instances for pid in stack.gunicorn_pids()]

    def kill_one(self) -> int:
        """SIGKILL the first instance's gunicorn (master and workers): a crashed host."""
        victim = self.instances[0].procs[0]
        os.killpg(victim.pid, signal.SIGKILL)
        return victim.pid

    def stop(self) -> None:
        if self.haproxy is not None and self.haproxy.poll() is None:
            os.killpg(self.haproxy.pid, signal.SIGTERM)
            self.haproxy.wait(timeout=10)
        for stack in self.instances:
            stack.stop()
        self.instances.clear()
        self.haproxy = None


def stored_answers(db_name: str, interview_ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(interview, question) -> (answer id, idempotency key) as the database holds them."""
    import pymysql

    if not interview_ids:
        return {}
    conn = pymysql.connect(host=HOST, port=MYSQL_PORT, user="root", database=db_name)
    try:
        with conn.cursor() as cur:
            marks = ",".join(["%s"] * len(interview_ids))
            cur.execute(
                "SELECT interview_id, question_id, id, idempotency_key FROM answers"
                f" WHERE interview_id IN ({marks})",  # noqa: S608 (placeholders only)
                interview_ids,
            )
            return {(i, q): (a, k) for i, q, a, k in cur.fetchall()}
    finally:
        conn.close()


def loss_report(db_name: str, phones) -> dict:
    """Acknowledged answers vs stored ones: lost, answered under another key, unacknowledged."""
    stored = stored_answers(db_name, [p.interview_id for p in phones])
    acked = {(p.interview_id, q): ack for p in phones for q, ack in p.acks.items()}
    lost = [k for k, (answer_id, key) in acked.items() if stored.get(k) != (answer_id, key)]
    unacked = [k for k in stored if k not in acked]
    return {
        "answers_acknowledged": len(acked),
        "answers_stored": len(stored),
        "answers_lost": len(lost),
        "stored_but_unacknowledged": len(unacked),
        "still_retrying": sum(1 for p in phones if p.key is not None),
    }
