"""What both emulators share: routing, a call log, injected failures, a movable clock."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Request, Response

Handler = Callable[[Request], Response]


@dataclass
class InjectedFailure:
    """The next `count` calls to `path` (all vendor paths when None) fail this way."""

    count: int
    status: int | None = None  # an HTTP error page, e.g. 503
    errcode: int | None = None  # or a vendor JSON error with HTTP 200
    errmsg: str = "injected failure"
    path: str | None = None


@dataclass
class CallRecord:
    method: str
    path: str
    status: int
    errcode: int | None
    at: float


@dataclass
class EmulatorBase:
    """Routes vendor paths to `handle_*` methods and `/_emulator/...` to control methods."""

    failures: list[InjectedFailure] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    time_offset: float = 0.0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def routes(self) -> dict[str, Handler]:
        raise NotImplementedError

    def now(self) -> float:
        return time.time() + self.time_offset

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (token expiry, the next day's dedupe)."""
        with self.lock:
            self.time_offset += seconds

    def inject_failure(
        self,
        count: int = 1,
        status: int | None = None,
        errcode: int | None = None,
        errmsg: str = "injected failure",
        path: str | None = None,
    ) -> None:
        if status is None and errcode is None:
            status = 503
        with self.lock:
            self.failures.append(InjectedFailure(count, status, errcode, errmsg, path))

    def reset_base(self) -> None:
        self.failures.clear()
        self.calls.clear()
        self.time_offset = 0.0

    def new_token(self) -> str:
        return secrets.token_urlsafe(48)

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            response = exc.get_response()
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/_emulator/"):
            return self.control(request, path.removeprefix("/_emulator/"))
        handler = self.routes().get(path)
        if handler is None:
            raise NotFound()
        with self.lock:
            failure = self._take_failure(path)
            if failure is not None:
                response = self._failure_response(failure)
            else:
                response = handler(request)
            errcode = None
            if response.mimetype == "application/json":
                errcode = json.loads(response.get_data()).get("errcode")
            self.calls.append(
                CallRecord(request.method, path, response.status_code, errcode, self.now())
            )
            return response

    def _take_failure(self, path: str) -> InjectedFailure | None:
        for failure in self.failures:
            if failure.count > 0 and failure.path in (None, path):
                failure.count -= 1
                return failure
        return None

    @staticmethod
    def _failure_response(failure: InjectedFailure) -> Response:
        if failure.status is not None:
            return Response(
                "<html><body>503 Service Temporarily Unavailable</body></html>",
                status=failure.status,
                mimetype="text/html",
            )
        return json_response({"errcode": failure.errcode, "errmsg": failure.errmsg})

    # -- control ------------------------------------------------------------------------
    def control(self, request: Request, action: str) -> Response:
        body = request.get_json(silent=True) or {}
        with self.lock:
            if action == "reset" and request.method == "POST":
                self.reset()
                return json_response({"ok": True})
            if action == "fail" and request.method == "POST":
                self.inject_failure(
                    int(body.get("count", 1)),
                    body.get("status"),
                    body.get("errcode"),
                    body.get("errmsg", "injected failure"),
                    body.get("path"),
                )
                return json_response({"ok": True})
            if action == "advance" and request.method == "POST":
                self.advance(float(body["seconds"]))
                return json_response({"ok": True})
            if action == "expire-tokens" and request.method == "POST":
                self.expire_tokens()
                return json_response({"ok": True})
            if action == "calls":
                return json_response({"calls": [c.__dict__ for c in self.calls]})
            return self.control_extra(request, action, body)

    def control_extra(self, request: Request, action: str, body: dict) -> Response:
        raise NotFound()

    def reset(self) -> None:
        raise NotImplementedError

    def expire_tokens(self) -> None:
        raise NotImplementedError


def json_response(payload: dict, status: int = 200) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json"
    )


def request_json(request: Request) -> dict:
    """Vendor APIs take JSON bodies whatever the content type says."""
    try:
        data = json.loads(request.get_data() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
