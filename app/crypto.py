"""Field-level encryption of personal data (AES-GCM) and keyed blind indexes (HMAC).

One configured 32-byte key; HKDF derives separate keys for encryption, the blind index
and stored files, so the index cannot be used to decrypt and vice versa.
"""

import base64
import hashlib
import hmac
import json
import os
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import LargeBinary, Text
from sqlalchemy.types import TypeDecorator

_PREFIX = b"v1"
_keys: dict[str, bytes] = {}


def _derive(master: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        master
    )


def configure(master_key_b64: str) -> None:
    master = base64.b64decode(master_key_b64)
    _keys["field"] = _derive(master, "field-encryption")
    _keys["index"] = _derive(master, "blind-index")
    _keys["file"] = _derive(master, "file-encryption")


def _key(purpose: str) -> bytes:
    try:
        return _keys[purpose]
    except KeyError:
        raise RuntimeError("data encryption key not configured (create_app does it)") from None


def encrypt_bytes(plain: bytes, purpose: str = "field") -> bytes:
    nonce = os.urandom(12)
    return _PREFIX + nonce + AESGCM(_key(purpose)).encrypt(nonce, plain, _PREFIX)


def decrypt_bytes(blob: bytes, purpose: str = "field") -> bytes:
    if not blob.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    nonce, body = blob[2:14], blob[14:]
    return AESGCM(_key(purpose)).decrypt(nonce, body, _PREFIX)


def encrypt_str(value: str) -> str:
    return base64.b64encode(encrypt_bytes(value.encode())).decode()


def decrypt_str(token: str) -> str:
    return decrypt_bytes(base64.b64decode(token)).decode()


def normalize_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def blind_index(kind: str, value: str | None) -> str | None:
    """A keyed hash that lets us find a phone or email without storing it in the clear."""
    if not value:
        return None
    norm = normalize_phone(value) if kind == "phone" else normalize_email(value)
    if not norm:
        return None
    digest = hmac.new(_key("index"), f"{kind}:{norm}".encode(), hashlib.sha256)
    return digest.hexdigest()


class EncryptedText(TypeDecorator):
    """Text stored as base64(AES-GCM); plaintext never reaches the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt_str(value)


class EncryptedJSON(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_str(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(decrypt_str(value))


class EncryptedBlob(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_bytes(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt_bytes(value)
