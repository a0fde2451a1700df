"""GET /healthz: is the database reachable, is the queue reachable."""

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.queues import get_redis

bp = Blueprint("health", __name__)


def _asr_status() -> str:
    from app.speech_status import asr_status

    return asr_status(current_app.config.get("ASR_MODEL_DIR"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db_status = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        db_status = "error"
    redis = get_redis()
    if redis is None:
        queue_status = "inline"
    else:
        try:
            redis.ping()
            queue_status = "ok"
        except RedisError:
            queue_status = "error"
    healthy = db_status == "ok" and queue_status != "error"
    body = {
        "status": "ok" if healthy else "error",
        "db": db_status,
        "queue": queue_status,
        "asr": _asr_status(),
    }
    return jsonify(body), 200 if healthy else 503
