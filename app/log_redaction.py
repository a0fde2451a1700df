"""Signed link secrets (`sig=`) never reach a log: access logs would make the links replayable."""

import logging
import re

_SIG = re.compile(r"(\bsig=)[^&\s\"']+")


def redact(text: str) -> str:
    return _SIG.sub(r"\1[redacted]", text)


class RedactSignatures(logging.Filter):
    """For the werkzeug development server's request lines (scripts/run.sh)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "sig=" in message:
            record.msg, record.args = redact(message), ()
        return True


def install() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSignatures) for f in logger.filters):
        logger.addFilter(RedactSignatures())
