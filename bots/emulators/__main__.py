"""`python -m bots.emulators`: both emulators for the development run.

Ports come from WECHAT_EMULATOR_PORT and DINGTALK_EMULATOR_PORT (default 8901 and 8902), so a
CI run can use free ones while a developer's run keeps the documented ports.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from bots.emulators.dingtalk import DingTalkEmulator
from bots.emulators.server import start_emulator
from bots.emulators.wechat import WeChatEmulator

WECHAT_PORT = 8901
DINGTALK_PORT = 8902


def _port(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    wechat_port = _port("WECHAT_EMULATOR_PORT", WECHAT_PORT)
    dingtalk_port = _port("DINGTALK_EMULATOR_PORT", DINGTALK_PORT)
    wechat_url, stop_wechat = start_emulator(WeChatEmulator(), wechat_port)
    dingtalk_url, stop_dingtalk = start_emulator(DingTalkEmulator(), dingtalk_port)
    sys.stdout.write(
        f"WeChat emulator:   {wechat_url}  (WECHAT_API_BASE_URL, appid wx-emulator-appid)\n"
        f"DingTalk emulator: {dingtalk_url}  (DINGTALK_API_BASE_URL, appkey ding-emulator-appkey)\n"
        f"DingTalk Stream:   {dingtalk_url}/v1.0/gateway/connections/open"
        f"  (DINGTALK_OPENAPI_BASE_URL; send with POST /_emulator/stream/robot)\n"
        f"Messages: {wechat_url}/_emulator/messages  {dingtalk_url}/_emulator/messages\n"
    )
    sys.stdout.flush()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    stop_wechat()
    stop_dingtalk()
    return 0


if __name__ == "__main__":
    sys.exit(main())
