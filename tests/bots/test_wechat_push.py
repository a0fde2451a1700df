"""Subscribe-message events from WeChat message push (recorded payloads)."""

from __future__ import annotations

from bots.wechat_push import parse_subscribe_events
from tests.bots.conftest import load_fixture


def test_popup_event_with_two_templates():
    changes = parse_subscribe_events(load_fixture("wechat_subscribe_popup_event.json"))

    assert [(c.template_id, c.status, c.grants_one_send) for c in changes] == [
        ("tmpl-invitation-Xy12", "accept", True),
        ("tmpl-report-ready-Ab34", "reject", False),
    ]
    assert {c.openid for c in changes} == {"oZk3x5Yq2Vb8NwLm1aPcR7tUe4sD"}


def test_change_event_with_single_object_list():
    [change] = parse_subscribe_events(load_fixture("wechat_subscribe_change_event.json"))

    assert (change.event, change.status, change.grants_one_send) == (
        "subscribe_msg_change_event",
        "reject",
        False,
    )


def test_sent_event_reports_msg_id_and_error_code():
    [change] = parse_subscribe_events(load_fixture("wechat_subscribe_sent_event.json"))

    assert (change.msg_id, change.error_code, change.status) == (
        "2823176541920387073",
        0,
        "success",
    )


def test_other_events_ignored():
    assert parse_subscribe_events({"MsgType": "event", "Event": "user_enter_tempsession"}) == []
    assert parse_subscribe_events({"MsgType": "text", "Content": "hi"}) == []
