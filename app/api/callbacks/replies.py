"""What every callback answers when it refuses: our JSON error envelope."""

import logging

from flask import Blueprint, jsonify, request

from app.errors import error_body
from bots.errors import SignatureError

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str):
    return jsonify(error_body(code, message)), status


def _signature_failed(exc: SignatureError):
    log.warning("callback %s refused: %s", request.path, exc.reason)
    return error(401, "bad_signature", exc.reason)


def callback_blueprint(name: str, url_prefix: str) -> Blueprint:
    """A blueprint whose signature failures answer 401 `bad_signature`."""
    bp = Blueprint(name, __name__, url_prefix=url_prefix)
    bp.register_error_handler(SignatureError, _signature_failed)
    return bp
