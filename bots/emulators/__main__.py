"""`python -m bots.emulators`: both emulators on fixed ports for the development run."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from bots.emulators.dingtalk import DingTalkEmulator
from bots.emulators.server import start_emulator
from bots.emulators.wechat import WeChatEmulator

WECHAT_PORT = 8901
DINGTALK_PORT = 8902


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    wechat_url, stop_wechat = start_emulator(WeChatEmulator(), WECHAT_PORT)
    dingtalk_url, stop_dingtalk = start_emulator(DingTalkEmulator(), DINGTALK_PORT)
    sys.stdout.write(
        f"WeChat emulator:   {wechat_url}  (WECHAT_API_BASE_URL, appid wx-emulator-appid)\n"
        f"DingTalk emulator: {dingtalk_url}  (DINGTALK_API_BASE_URL, appkey ding-emulator-appkey)\n"
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
