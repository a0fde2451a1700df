"""Uploaded files (resumes, audio), encrypted at rest under STORAGE_DIR."""

import os
import secrets
from pathlib import Path

from flask import current_app

from app.crypto import decrypt_bytes, encrypt_bytes


def _root() -> Path:
    root = Path(current_app.config["STORAGE_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def save(kind: str, data: bytes) -> str:
    """Store bytes encrypted; returns the relative path to keep on the row."""
    relative = f"{kind}/{secrets.token_hex(16)}.bin"
    path = _root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(encrypt_bytes(data, purpose="file"))
    os.replace(tmp, path)  # never leave a half-written file under the final name
    return relative


def load(relative: str) -> bytes:
    return decrypt_bytes((_root() / relative).read_bytes(), purpose="file")


def delete(relative: str | None) -> bool:
    if not relative:
        return False
    path = _root() / relative
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False
