"""Set-up for bench_load.py: its own MariaDB database, seed rows, gunicorn and an RQ worker.

Everything talks to 127.0.0.1 only. Processes started here are stopped by `Stack.stop()`
(process group by process group, only the ones this module started).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
MYSQL_PORT = 3306
REDIS_PORT = 6379
REDIS_DB = 11
JOB_TITLE = "产品经理"


class SetupError(RuntimeError):
    """A service the benchmark needs is missing or did not start."""


def _port_open(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def check_services(redis_db: int = REDIS_DB) -> None:
    """Fail clearly, before anything is created, when MariaDB or Redis do not answer."""
    import pymysql
    import redis

    if not _port_open(MYSQL_PORT):
        raise SetupError(f"MariaDB is not reachable on {HOST}:{MYSQL_PORT} (start it first)")
    try:
        pymysql.connect(host=HOST, port=MYSQL_PORT, user="root", connect_timeout=3).close()
    except pymysql.MySQLError as exc:
        raise SetupError(f"MariaDB on {HOST}:{MYSQL_PORT} refused root login: {exc}") from exc
    if not _port_open(REDIS_PORT):
        raise SetupError(f"Redis is not reachable on {HOST}:{REDIS_PORT} (start it first)")
    try:
        redis.Redis(host=HOST, port=REDIS_PORT, db=redis_db, socket_timeout=3).ping()
    except redis.RedisError as exc:
        raise SetupError(f"Redis on {HOST}:{REDIS_PORT} does not answer PING: {exc}") from exc


def reset_redis(redis_db: int = REDIS_DB) -> None:
    """Empty the benchmark's own Redis db, so jobs left by an earlier run cannot leak in."""
    import redis

    redis.Redis(host=HOST, port=REDIS_PORT, db=redis_db).flushdb()


def database_url(name: str) -> str:
    return f"mysql+pymysql://root@{HOST}:{MYSQL_PORT}/{name}?charset=utf8mb4"


def server_env(
    db_name: str,
    port: int,
    workers: int | None,
    threads: int | None,
    redis_db: int = REDIS_DB,
) -> dict:
    env = {
        **os.environ,
        "APP_ENV": "development",
        "WECHAT_DEV_LOGIN": "1",
        "DATABASE_URL": database_url(db_name),
        "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{redis_db}",
        "FLASK_APP": "wsgi:app",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "STORAGE_DIR": f"/tmp/bench_load_files_{db_name}",
        "PYTHONUNBUFFERED": "1",
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    return env


def recreate_database(name: str) -> None:
    import pymysql

    conn = pymysql.connect(host=HOST, port=MYSQL_PORT, user="root", autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
    finally:
        conn.close()


def drop_database(name: str) -> None:
    import pymysql

    conn = pymysql.connect(host=HOST, port=MYSQL_PORT, user="root", autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        conn.close()


def flask_cli(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "flask"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SetupError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def seed_candidates(db_name: str, openids: list[str]) -> dict[str, int]:
    """Candidates bound to these openids, each invited to the demo 产品经理 job (bulk Core).

    Returns openid -> invitation id."""
    from sqlalchemy import create_engine, insert, select

    sys.path.insert(0, str(ROOT))
    from app.models import Candidate, Invitation, Job
    from app.models.base import utcnow

    engine = create_engine(database_url(db_name))
    now = utcnow()
    invitations: dict[str, int] = {}
    with engine.begin() as conn:
        job_id, dept_id = conn.execute(
            select(Job.id, Job.department_id).where(Job.title == JOB_TITLE)
        ).one()
        for start in range(0, len(openids), 500):
            chunk = openids[start : start + 500]
            conn.execute(
                insert(Candidate.__table__),
                [
                    {
                        "name": f"压测{o[-6:]}",
                        "wechat_openid": o,
                        "source": "bench",
                        "status": "active",
                        "department_id": dept_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for o in chunk
                ],
            )
            ids = conn.execute(
                select(Candidate.id, Candidate.wechat_openid).where(
                    Candidate.wechat_openid.in_(chunk)
                )
            ).all()
            conn.execute(
                insert(Invitation.__table__),
                [
                    {
                        "job_id": job_id,
                        "candidate_id": cid,
                        "token": f"bench-{openid}",
                        "deadline": now + timedelta(days=2),
                        "status": "sent",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for cid, openid in ids
                ],
            )
            invitations.update(
                conn.execute(
                    select(Candidate.wechat_openid, Invitation.id)
                    .join(Invitation, Invitation.candidate_id == Candidate.id)
                    .where(Candidate.wechat_openid.in_(chunk))
                ).all()
            )
    engine.dispose()
    return invitations


@dataclass
class Stack:
    """gunicorn and one RQ worker, started in their own process groups."""

    env: dict
    port: int
    log_dir: Path
    procs: list[subprocess.Popen] = field(default_factory=list)

    def start(self, worker: bool = True) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._spawn("gunicorn", [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"])
        if worker:
            self._spawn("worker", [str(VENV_BIN / "flask"), "worker", "default", "notify"])
        self._wait_ready()

    def _spawn(self, name: str, argv: list[str]) -> None:
        out = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        self.procs.append(proc)

    def _wait_ready(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise SetupError(
                        f"{proc.args[0]} exited with {proc.returncode}; see {self.log_dir}"
                    )
            try:
                if httpx.get(f"http://{HOST}:{self.port}/healthz", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SetupError(f"gunicorn did not answer /healthz within {timeout:.0f} s")

    def gunicorn_pids(self) -> list[int]:
        """The master and its workers (for CPU accounting)."""
        master = self.procs[0].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [master, *kids]

    def kill_one(self) -> int:  # only a Cluster has a second instance to fail over to
        raise SetupError("killing an instance needs --haproxy")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]
