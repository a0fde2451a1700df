"""Running a `StreamRunner` in a background thread for a test, and waiting on conditions."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from bots.dingtalk_stream import StreamRunner


class RunnerThread:
    """One Stream process stand-in: its own event loop in a thread, stopped cleanly."""

    def __init__(self, runner: StreamRunner) -> None:
        self.runner = runner
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._main, daemon=True)

    def _main(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._ready.set()
            await self.runner.run(self._stop)

        asyncio.run(main())

    def start(self) -> RunnerThread:
        self.thread.start()
        self._ready.wait(5)
        return self

    def stop(self, timeout: float = 10) -> None:
        if self._loop is not None and self._stop is not None and self.thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the stream runner did not stop"


def wait_for(condition: Callable[[], object], timeout: float = 10, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
