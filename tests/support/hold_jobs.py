"""A task kind for the killed-worker test: the first run holds, a re-run finishes at once."""

import os
import time

from app.jobs import handler


@handler("test.hold_once")
def hold_once(marker: str, hold_s: float = 600) -> dict:
    if os.path.exists(marker):
        return {"held": False, "pid": os.getpid()}
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(hold_s)
    return {"held": True, "pid": os.getpid()}
