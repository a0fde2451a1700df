"""Serve an emulator on 127.0.0.1 in a background thread (tests, development)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from werkzeug.serving import WSGIRequestHandler, make_server

logger = logging.getLogger(__name__)


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to logging at DEBUG, not to stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("%s %s %s", self.command, self.path, code)


def start_emulator(app: Callable, port: int = 0) -> tuple[str, Callable[[], None]]:
    """Returns (base_url, stop); port 0 picks a free port."""
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    base_url = f"http://127.0.0.1:{server.port}"
    if hasattr(app, "base_url"):
        app.base_url = base_url  # links the emulator hands out (sessionWebhook) point here
    thread = threading.Thread(
        target=server.serve_forever, name=f"emulator-{server.port}", daemon=True
    )
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        close = getattr(app, "close", None)
        if close is not None:
            close()  # e.g. the DingTalk Stream gateway's websocket server

    return base_url, stop
