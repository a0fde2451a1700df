"""Checks of our own that schemathesis runs on every response (SCHEMATHESIS_HOOKS)."""

import re

import schemathesis

CJK = re.compile(r"[\u4e00-\u9fff]")


@schemathesis.check
def candidate_errors_in_chinese(ctx, response, case):
    """Every error the mini-program can show a candidate is written in Chinese."""
    if not case.operation.path.startswith("/api/mp/") or response.status_code < 400:
        return None
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return None  # the envelope itself is checked against the document
    if not CJK.search(message):
        raise AssertionError(f"{response.status_code} error message is not Chinese: {message!r}")
    return None
