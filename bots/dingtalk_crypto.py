"""DingTalk event-subscription crypto (HTTP callback mode).

The vendor's scheme: key = base64(EncodingAESKey + "="), AES-256-CBC with IV = key[:16],
plaintext = 16 random bytes + 4-byte big-endian length + message + receiver id (corpId or
appKey), PKCS#7 padding to 32 bytes; signature = sha1 of the sorted, concatenated
[token, timestamp, nonce, encrypt]. dingtalk-sdk's `dingtalk.crypto` implements the same, but
compares signatures with `!=` and never checks the padding, so this is our own; the tests
check both directions against the SDK.

WeChat message push in safe mode uses the same scheme with the appid as receiver id; it goes
through wechatpy's implementation instead (`bots.wechat_push.PushCrypto`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import struct
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bots.errors import BadSignatureError, StaleTimestampError

BLOCK_SIZE = 32


class EventDecryptError(BadSignatureError):
    """The payload does not decrypt to a message for us (wrong key, padding or receiver)."""


def callback_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    joined = "".join(sorted([token, timestamp, nonce, encrypt]))
    return hashlib.sha1(joined.encode()).hexdigest()  # noqa: S324 - the vendor's algorithm


def _pad(data: bytes) -> bytes:
    count = BLOCK_SIZE - len(data) % BLOCK_SIZE
    return data + bytes([count]) * count


def _unpad(data: bytes) -> bytes:
    if not data:
        raise EventDecryptError("empty plaintext")
    count = data[-1]
    if not 1 <= count <= BLOCK_SIZE or data[-count:] != bytes([count]) * count:
        raise EventDecryptError("bad padding")
    return data[:-count]


class DingTalkCallbackCrypto:
    """Decrypts DingTalk callback events and builds the encrypted reply."""

    def __init__(self, token: str, encoding_aes_key: str, receiver_id: str) -> None:
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise ValueError("EncodingAESKey is not 43 base64 characters") from exc
        if len(key) != 32:
            raise ValueError("EncodingAESKey must decode to 32 bytes")
        self.token = token
        self.receiver_id = receiver_id
        self._key = key

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))

    def encrypt(self, text: str) -> str:
        body = text.encode()
        plain = secrets.token_bytes(16) + struct.pack(">I", len(body)) + body
        plain += self.receiver_id.encode()
        encryptor = self._cipher().encryptor()
        cipher_text = encryptor.update(_pad(plain)) + encryptor.finalize()
        return base64.b64encode(cipher_text).decode("ascii")

    def decrypt(self, encrypt: str) -> str:
        try:
            cipher_text = base64.b64decode(encrypt, validate=True)
        except binascii.Error as exc:
            raise EventDecryptError("encrypt is not base64") from exc
        if not cipher_text or len(cipher_text) % 16:
            raise EventDecryptError("encrypt has a bad length")
        decryptor = self._cipher().decryptor()
        plain = _unpad(decryptor.update(cipher_text) + decryptor.finalize())
        if len(plain) < 20:
            raise EventDecryptError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        body, receiver = plain[20 : 20 + length], plain[20 + length :]
        if len(body) != length or not hmac.compare_digest(receiver, self.receiver_id.encode()):
            raise EventDecryptError("message is not addressed to this receiver id")
        return body.decode()

    def decrypt_event(
        self,
        signature: str | None,
        timestamp: str | None,
        nonce: str | None,
        encrypt: str | None,
        now_ms: int | None = None,
        max_skew_ms: int = 3600_000,
    ) -> dict:
        """Verify and decrypt one callback; returns the event JSON (EventType, ...)."""
        if not (signature and timestamp and nonce and encrypt):
            raise BadSignatureError("missing signature, timestamp, nonce or encrypt")
        if now_ms is not None:
            if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 15):
                raise BadSignatureError("timestamp is not a number")
            if abs(now_ms - int(timestamp)) > max_skew_ms:
                raise StaleTimestampError(f"timestamp {timestamp} is too far from now")
        expected = callback_signature(self.token, timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise BadSignatureError("callback signature does not match")
        text = self.decrypt(encrypt)
        try:
            event = json.loads(text)
        except ValueError as exc:
            raise EventDecryptError("decrypted event is not JSON") from exc
        if not isinstance(event, dict):
            raise EventDecryptError("decrypted event is not an object")
        return event

    def encrypt_reply(
        self, text: str = "success", timestamp: str | None = None, nonce: str | None = None
    ) -> dict[str, str]:
        """The JSON body DingTalk expects back: {msg_signature, timeStamp, nonce, encrypt}."""
        timestamp = timestamp or str(int(time.time() * 1000))
        nonce = nonce or secrets.token_hex(8)
        encrypt = self.encrypt(text)
        return {
            "msg_signature": callback_signature(self.token, timestamp, nonce, encrypt),
            "timeStamp": timestamp,
            "nonce": nonce,
            "encrypt": encrypt,
        }


def event_dedupe_key(event: dict) -> str:
    """Stable id for one event: DingTalk retries deliver the same plaintext, re-encrypted."""
    for key in ("EventId", "eventId", "event_id"):
        if event.get(key):
            return str(event[key])
    canonical = json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
