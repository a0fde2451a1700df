"""WeChat mini-program message push (JSON data format): safe-mode crypto and subscribe events.

subscribe_msg_popup_event (the user answered the popup), subscribe_msg_change_event (changed
it in settings) and subscribe_msg_sent_event (delivery report). WeChat sends `List` as an
object for one template and as an array for several; both are accepted.

In safe mode (安全模式) the body is `{"ToUserName", "Encrypt"}` and the query adds
`encrypt_type=aes` and `msg_signature` (sha1 of the sorted token, timestamp, nonce and
Encrypt); the plaintext is the same JSON as in plain mode. wechatpy's `WeChatCrypto` does the
AES part; we check the signature in constant time first and turn its errors into ours.
"""

from __future__ import annotations

import binascii
import hmac
import json
import secrets
import struct
import time
from dataclasses import dataclass

from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from bots.dingtalk_crypto import callback_signature
from bots.errors import BadSignatureError

SUBSCRIBE_EVENTS = frozenset(
    {"subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event"}
)


class PushDecryptError(BadSignatureError):
    """The Encrypt field does not decrypt to a push for this mini-program."""


class PushCrypto:
    """Safe-mode message push for one mini-program (token, EncodingAESKey, appid)."""

    def __init__(self, token: str, encoding_aes_key: str, appid: str) -> None:
        try:
            self._crypto = WeChatCrypto(token, encoding_aes_key, appid)
        except (AssertionError, binascii.Error, ValueError) as exc:
            raise ValueError("EncodingAESKey must be 43 base64 characters") from exc
        self.token = token
        self.appid = appid

    def decrypt(
        self, body: dict, msg_signature: str | None, timestamp: str | None, nonce: str | None
    ) -> dict:
        """The push's plaintext JSON; BadSignatureError / PushDecryptError when not genuine."""
        text = self.decrypt_text(body, msg_signature, timestamp, nonce)
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise PushDecryptError("the decrypted push is not JSON") from exc
        if not isinstance(payload, dict):
            raise PushDecryptError("the decrypted push is not a JSON object")
        return payload

    def decrypt_text(
        self, body: dict, msg_signature: str | None, timestamp: str | None, nonce: str | None
    ) -> str:
        """The plaintext as sent (JSON, or XML in the XML data format)."""
        encrypt = body.get("Encrypt") if isinstance(body, dict) else None
        if not (msg_signature and timestamp and nonce and isinstance(encrypt, str) and encrypt):
            raise BadSignatureError("missing msg_signature, timestamp, nonce or Encrypt")
        expected = callback_signature(self.token, timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), msg_signature.lower().encode()):
            raise BadSignatureError("msg_signature does not match")
        try:
            text = self._crypto.decrypt_message({"Encrypt": encrypt}, expected, timestamp, nonce)
        except InvalidAppIdException as exc:
            raise PushDecryptError("the push is for another appid") from exc
        except InvalidSignatureException as exc:  # pragma: no cover - checked above
            raise BadSignatureError("msg_signature does not match") from exc
        except (ValueError, TypeError, IndexError, struct.error, UnicodeDecodeError) as exc:
            raise PushDecryptError("Encrypt does not decrypt") from exc  # includes base64
        return text

    def encrypt(
        self, payload: dict, timestamp: str | None = None, nonce: str | None = None
    ) -> tuple[dict, dict[str, str]]:
        """What WeChat sends in safe mode: (JSON body, query parameters). For the emulator."""
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or str(secrets.randbelow(10**9))
        text = json.dumps(payload, ensure_ascii=False)
        encrypted = PrpCrypto(self._crypto.key).encrypt(text, self.appid).decode("ascii")
        signature = callback_signature(self.token, timestamp, nonce, encrypted)
        body = {"ToUserName": str(payload.get("ToUserName") or ""), "Encrypt": encrypted}
        query = {
            "timestamp": timestamp,
            "nonce": nonce,
            "encrypt_type": "aes",
            "msg_signature": signature,
        }
        return body, query


# Column sizes of wechat_subscriptions: longer values are not WeChat's and are skipped.
MAX_OPENID, MAX_TEMPLATE_ID = 64, 100


def _int(value: object) -> int:
    """WeChat sends numbers; anything else (a forged or odd push) counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


@dataclass(frozen=True)
class SubscribeChange:
    """One template's outcome for one user: accept / reject / ban, or sent with an error code."""

    event: str
    openid: str
    template_id: str
    status: str
    create_time: int
    msg_id: str | None = None
    error_code: int | None = None

    @property
    def grants_one_send(self) -> bool:
        """A popup "accept" allows exactly one subscribe message of that template."""
        return self.event == "subscribe_msg_popup_event" and self.status == "accept"


def parse_subscribe_events(payload: dict) -> list[SubscribeChange]:
    """Empty list for events that are not about subscribe messages."""
    event = payload.get("Event")
    if payload.get("MsgType") != "event" or event not in SUBSCRIBE_EVENTS:
        return []
    items = payload.get("List") or []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    openid = payload.get("FromUserName")
    if not isinstance(openid, str) or not 0 < len(openid) <= MAX_OPENID:
        return []
    create_time = _int(payload.get("CreateTime"))
    changes = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("TemplateId"), str):
            continue
        if not 0 < len(item["TemplateId"]) <= MAX_TEMPLATE_ID:
            continue
        if event == "subscribe_msg_sent_event":
            status = str(item.get("ErrorStatus") or "")
            error_code = _int(item.get("ErrorCode"))
        else:
            status, error_code = str(item.get("SubscribeStatusString") or ""), None
        changes.append(
            SubscribeChange(
                event,
                openid,
                str(item["TemplateId"]),
                status,
                create_time,
                str(item["MsgID"]) if item.get("MsgID") is not None else None,
                error_code,
            )
        )
    return changes
