"""Local WeChat and DingTalk API emulators: WSGI apps speaking the vendors' HTTP protocol.

The real SDK clients talk to them in tests and in development, where every message sent can
be listed at `/_emulator/messages`.
"""

from bots.emulators.dingtalk import DingTalkEmulator
from bots.emulators.server import start_emulator
from bots.emulators.wechat import WeChatEmulator

__all__ = ["DingTalkEmulator", "WeChatEmulator", "start_emulator"]
