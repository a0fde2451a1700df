"""Known-answer vectors computed outside Python, the documented way:

printf '%s\\n%s' "$ts" "$secret" | openssl dgst -sha256 -hmac "$secret" -binary | base64
printf '%s' "$(printf '%s\\n' tok 1409304348 xxxxxx | LC_ALL=C sort | tr -d '\\n')" | sha1sum
"""

from __future__ import annotations

import pytest

from bots.errors import BadSignatureError, ExpiredLinkError, StaleTimestampError
from bots.signatures import (
    robot_sign,
    sign_action_link,
    verify_action_link,
    verify_robot_request,
    verify_wechat_signature,
    wechat_signature,
)
from tests.bots.conftest import load_fixture

ROBOT_VECTORS = [
    ("1700000000000", "test-app-secret", "dhJB8TJ0cHPEbwpUauugV2Wz8v4qlWoO+C42nEhJW+c="),
    (
        "1700000000000",
        "dingxxxxxxxxxxxxxxxx-SECRET_with+/=",
        "gq3wY1blT7ZBhtNjceHEcylXc5d3M1/PSIHxwGpUxMI=",
    ),
    ("1795500000000", "test-app-secret", "wbby8aLppbgSEIgUV+reSw6XX1XLOUZ464U94SOrGO0="),
    (
        "1795500000000",
        "dingxxxxxxxxxxxxxxxx-SECRET_with+/=",
        "wBYIhtRAa+2Q4zUio9rq7XeP79MITPtOed2uTL0EXLo=",
    ),
]
NOW_MS = 1795500000000


@pytest.mark.parametrize(("timestamp", "secret", "expected"), ROBOT_VECTORS)
def test_robot_sign_matches_known_answer(timestamp, secret, expected):
    assert robot_sign(timestamp, secret) == expected


def test_recorded_robot_request_verifies():
    recorded = load_fixture("dingtalk_robot_text_message.json")
    headers = recorded["headers"]

    verify_robot_request(
        headers["timestamp"],
        headers["sign"],
        recorded["app_secret"],
        now_ms=int(headers["timestamp"]) + 1500,
    )


@pytest.mark.parametrize(
    ("timestamp", "sign", "secret", "error"),
    [
        (
            "1795500000000",
            "wbby8aLppbgSEIgUV+reSw6XX1XLOUZ464U94SOrGO0=",
            "other-secret",
            BadSignatureError,
        ),
        (
            "1795500000001",
            "wbby8aLppbgSEIgUV+reSw6XX1XLOUZ464U94SOrGO0=",
            "test-app-secret",
            BadSignatureError,
        ),
        ("1795500000000", "", "test-app-secret", BadSignatureError),
        (
            None,
            "wbby8aLppbgSEIgUV+reSw6XX1XLOUZ464U94SOrGO0=",
            "test-app-secret",
            BadSignatureError,
        ),
        ("17955e11", "x", "test-app-secret", BadSignatureError),
    ],
    ids=["wrong-secret", "forged-timestamp", "empty-sign", "no-timestamp", "not-a-number"],
)
def test_robot_request_with_bad_signature_rejected(timestamp, sign, secret, error):
    with pytest.raises(error):
        verify_robot_request(timestamp, sign, secret, now_ms=NOW_MS)


@pytest.mark.parametrize("offset_ms", [3600_001, -3600_001, 86400_000])
def test_robot_request_replayed_or_skewed_more_than_an_hour_rejected(offset_ms):
    timestamp = str(NOW_MS - offset_ms)
    sign = robot_sign(timestamp, "test-app-secret")

    with pytest.raises(StaleTimestampError):
        verify_robot_request(timestamp, sign, "test-app-secret", now_ms=NOW_MS)


@pytest.mark.parametrize("offset_ms", [0, 3599_000, -3599_000])
def test_robot_request_within_an_hour_accepted(offset_ms):
    timestamp = str(NOW_MS - offset_ms)

    verify_robot_request(timestamp, robot_sign(timestamp, "s3cret"), "s3cret", now_ms=NOW_MS)


def test_wechat_signature_matches_known_answer():
    assert wechat_signature("tok", "1409304348", "xxxxxx") == (
        "683cedf3732d24caae1c16c8dd5354daba3f851a"
    )


def test_wechat_signature_verified_and_forgery_rejected():
    good = "683cedf3732d24caae1c16c8dd5354daba3f851a"
    verify_wechat_signature("tok", "1409304348", "xxxxxx", good)
    verify_wechat_signature("tok", "1409304348", "xxxxxx", good.upper())

    with pytest.raises(BadSignatureError):
        verify_wechat_signature("tok", "1409304349", "xxxxxx", good)
    with pytest.raises(BadSignatureError):
        verify_wechat_signature("tok", "1409304348", "xxxxxx", None)


def test_wechat_signature_stale_timestamp_rejected_when_clock_given():
    signature = wechat_signature("tok", "1409304348", "n1")

    with pytest.raises(StaleTimestampError):
        verify_wechat_signature("tok", "1409304348", "n1", signature, now_s=1409304348 + 3600)
    verify_wechat_signature("tok", "1409304348", "n1", signature, now_s=1409304348 + 10)


def _link_params(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def test_action_link_round_trip():
    url = sign_action_link(
        "https://hr.example.com/bots/dingtalk/action",
        "k" * 32,
        "pass",
        123,
        "manager4220",
        expires_at=2_000_000_000,
    )

    link = verify_action_link("k" * 32, _link_params(url), now_s=1_900_000_000)

    assert (link.action, link.object_id, link.actor) == ("pass", "123", "manager4220")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("action", "reject"),
        ("id", "124"),
        ("actor", "intern01"),
        ("exp", "2000000001"),
        ("sig", "AAAA"),
    ],
)
def test_action_link_tampered_field_rejected(field, value):
    url = sign_action_link(
        "https://hr.example.com/a", "k" * 32, "pass", 123, "manager4220", expires_at=2_000_000_000
    )
    params = _link_params(url) | {field: value}

    with pytest.raises(BadSignatureError):
        verify_action_link("k" * 32, params, now_s=1_900_000_000)


def test_action_link_other_secret_rejected():
    url = sign_action_link("https://hr.example.com/a", "k" * 32, "view", 9, "m", 2_000_000_000)

    with pytest.raises(BadSignatureError):
        verify_action_link("j" * 32, _link_params(url), now_s=1_900_000_000)


def test_action_link_expired_rejected():
    url = sign_action_link("https://hr.example.com/a", "k" * 32, "pass", 9, "m", 2_000_000_000)

    with pytest.raises(ExpiredLinkError):
        verify_action_link("k" * 32, _link_params(url), now_s=2_000_000_001)


def test_action_link_unknown_action_cannot_be_signed():
    with pytest.raises(ValueError):
        sign_action_link("https://hr.example.com/a", "k" * 32, "delete", 9, "m", 2_000_000_000)
