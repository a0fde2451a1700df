"""Parsing WeChat mini-program message-push events about subscribe messages (JSON mode).

subscribe_msg_popup_event (the user answered the popup), subscribe_msg_change_event (changed
it in settings) and subscribe_msg_sent_event (delivery report). WeChat sends `List` as an
object for one template and as an array for several; both are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

SUBSCRIBE_EVENTS = frozenset(
    {"subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event"}
)


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
    openid = str(payload.get("FromUserName") or "")
    create_time = int(payload.get("CreateTime") or 0)
    changes = []
    for item in items:
        if not isinstance(item, dict) or not item.get("TemplateId"):
            continue
        if event == "subscribe_msg_sent_event":
            status = str(item.get("ErrorStatus") or "")
            error_code = int(item.get("ErrorCode") or 0)
        else:
            status, error_code = str(item.get("SubscribeStatusString") or ""), None
        changes.append(
            SubscribeChange(
                event,
                openid,
                str(item["TemplateId"]),
                status,
                create_time,
                item.get("MsgID"),
                error_code,
            )
        )
    return changes
