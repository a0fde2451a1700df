"""Flask CLI commands: create-admin, seed-demo, worker, dingtalk-stream, sweep."""

import getpass
import shlex
import sys

import click
from flask import Flask, current_app
from sqlalchemy import select

from app.extensions import db
from app.models import HrUser


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(worker)
    app.cli.add_command(dingtalk_stream)
    app.cli.add_command(sweep_command)
    app.cli.add_command(dingtalk_digest)
    app.cli.add_command(analytics_flags)
    app.cli.add_command(analytics_export)


@click.command("create-admin")
@click.argument("username")
@click.option("--password", help="Prompted for when omitted.")
@click.option("--display-name", default="")
def create_admin(username: str, password: str | None, display_name: str) -> None:
    """Create an HR admin user (or reset the password of an existing one)."""
    if password is None:
        password = getpass.getpass("Password: ")
    if len(password) < 8:
        raise click.ClickException("password must have at least 8 characters")
    user = db.session.scalar(select(HrUser).where(HrUser.username == username))
    created = user is None
    if created:
        user = HrUser(username=username, role="admin", display_name=display_name or username)
        db.session.add(user)
    user.role = "admin"
    user.active = True
    user.set_password(password)
    db.session.commit()
    click.echo(f"{'created' if created else 'updated'} admin {username} (id {user.id})")


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Allow seeding a production database.")
@click.option(
    "--no-history", is_flag=True, help="Skip the ~300 past candidates for the data review."
)
def seed_demo(force: bool, no_history: bool) -> None:
    """Load a demo company: departments, jobs, questions, candidates, an open invitation, and
    a year of past candidates of 运营专员 with outcomes for the data review, and finished
    interviews in each band for the admin page."""
    from app.services.demo import seed_demo as run

    if current_app.config["APP_ENV"] == "production" and not force:
        raise click.ClickException("refusing to seed demo data in production (use --force)")
    lines = run(history=not no_history, interviews=True)
    for line in lines or ["demo data already present; nothing added"]:
        click.echo(line)
    from app.services.demo_subscriptions import simulate_demo_accepts

    click.echo(simulate_demo_accepts())
    click.echo("demo candidate: log in from the mini-program as dev:demo-candidate")


@click.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Exit when the queues are empty.")
@click.option("--no-preload", is_flag=True, help="Do not load OCR/ASR models at start.")
def worker(queues: tuple[str, ...], burst: bool, no_preload: bool) -> None:
    """Run an RQ worker for QUEUES (default, ocr, asr, notify; all when none named)."""
    from app.worker import run_worker

    try:
        run_worker(list(queues), burst=burst, preload=not no_preload)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("dingtalk-stream")
def dingtalk_stream() -> None:
    """Receive DingTalk robot messages and events over Stream mode (DINGTALK_MODE=stream).

    Run one or more (one per host is fine): a lease in Redis lets exactly one hold the
    connection; the others stand by and take over within the lease TTL.
    """
    import logging

    from app.dingtalk_stream import build_runner
    from bots.dingtalk_stream import run_until_signalled

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if current_app.config.get("DINGTALK_MODE") != "stream":
        raise click.ClickException(
            "DINGTALK_MODE is not 'stream': DingTalk posts to the HTTP callbacks instead"
        )
    try:
        runner = build_runner(current_app._get_current_object())
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"dingtalk-stream: connecting as {runner.lease.owner}")
    run_until_signalled(runner)


@click.command("sweep")
@click.option("--stale-after", type=int, default=None, help="Seconds; default TASK_STALE_AFTER_S.")
def sweep_command(stale_after: int | None) -> None:
    """Re-dispatch stuck tasks, complete interviews past their deadline, retry due messages."""
    from app.queues import sweep
    from app.worker import housekeeping

    ids = sweep(stale_after)
    click.echo(f"re-dispatched {len(ids)} task(s)" + (f": {ids}" if ids else ""))
    click.echo(f"housekeeping: {housekeeping()}")
    sys.stdout.flush()


@click.command("dingtalk-digest")
def dingtalk_digest() -> None:
    """Send today's DingTalk digest to every HR user now (workers also send it daily)."""
    from app.services.digest import send_daily_digest

    click.echo(f"digest queued: {send_daily_digest()}")


@click.command("analytics-flags")
@click.option(
    "--workbench-only", is_flag=True, help="Only recompute the flags the workbench shows."
)
def analytics_flags(workbench_only: bool) -> None:
    """Send this month's data-review flags to HR admins on DingTalk now (once per month); the
    workbench shows them too (a worker recomputes those daily)."""
    if workbench_only:
        from app.services.review_flags import refresh

        flags = refresh()
        db.session.commit()
        click.echo({"jobs": len(flags), "flags": sum(len(f) for f in flags.values())})
        return
    from app.services.analytics_notice import send_monthly_flags

    click.echo(send_monthly_flags())


@click.command("analytics-export")
@click.argument("job_id", type=int)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="China date")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="China date")
def analytics_export(job_id: int, path: str, date_from, date_to) -> None:
    """Write one job's data review input as `python -m scoring analytics` reads it (the API's
    period: the last 365 days unless --from/--to), and print the command that gives the API's
    figures. Rows hold each candidate's demographics: keep the file on the server."""
    from app import audit
    from app.api.admin.analytics import period_of
    from app.models import Job
    from app.services.analytics_data import job_data
    from scoring.analytics.table import write_rows

    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"no job {job_id}")
    period = period_of(
        {"date_from": date_from and date_from.date(), "date_to": date_to and date_to.date()}
    )
    data = job_data(job, period)
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_rows(out, data, job.title)
    audit.record("export", "analytics", job.id, actor=("system", None), detail={"rows": len(data)})
    db.session.commit()
    weights = ",".join(f"{d.name}={d.weight}" for d in job.dimensions)
    click.echo(
        f"python -m scoring analytics {shlex.quote(path)} --outcome final_round"
        f" --weights {shlex.quote(weights)}"
        f" --pass-threshold {job.pass_threshold:g} --review-threshold {job.review_threshold:g}"
    )
