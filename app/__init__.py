"""The Flask application factory: it wires things and connects to nothing."""

import logging
from pathlib import Path

from flask import Flask

from app import crypto, log_redaction, metrics
from app.config import check_config, load_config
from app.errors import register_error_handlers
from app.extensions import db, migrate

log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(load_config((config or {}).get("APP_ENV")))
    if config:
        app.config.update(config)
    check_config(app.config)
    _ensure_sqlite_dir(app.config["SQLALCHEMY_DATABASE_URI"])
    app.json.sort_keys = False
    app.json.ensure_ascii = False  # Chinese stays readable in responses and logs
    crypto.configure(app.config["DATA_ENCRYPTION_KEY"])
    log_redaction.install()

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True
    )
    register_error_handlers(app)
    metrics.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    if not app.config.get("REDIS_URL"):
        log.info("REDIS_URL is not set: background jobs run inline in the web process")
    return app


def _ensure_sqlite_dir(url: str) -> None:
    """SQLite creates its file but not the folder: a fresh clone has no instance/ yet."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _migrations_dir():
    from app.config import BASE_DIR

    return BASE_DIR / "migrations"


def _register_blueprints(app: Flask) -> None:
    from app.api import register_api
    from app.api.callbacks import register_callbacks
    from app.api.openapi import JsonErrorApi
    from app.health import bp as health_bp

    app.register_blueprint(health_bp)
    register_api(app, JsonErrorApi.for_app(app))
    register_callbacks(app)
    from app.admin import register_admin

    register_admin(app)


def _register_commands(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)
