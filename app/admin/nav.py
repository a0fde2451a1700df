"""The navigation bar: screens add themselves here (position orders them).

A later screen (e.g. /admin/analytics) adds one line:
    nav.add("analytics", "数据复盘", "admin.analytics", position=70)
"""

from dataclasses import dataclass, field

from flask import request

from app.admin import bp


@dataclass(frozen=True)
class NavItem:
    key: str
    title: str
    endpoint: str
    position: int
    roles: tuple[str, ...] = field(default=())  # empty: every role


_ITEMS: dict[str, NavItem] = {}


def add(key: str, title: str, endpoint: str, *, position: int, roles: tuple[str, ...] = ()):
    _ITEMS[key] = NavItem(key, title, endpoint, position, roles)


def items_for(user) -> list[NavItem]:
    if user is None:
        return []
    return sorted(
        (i for i in _ITEMS.values() if not i.roles or user.role in i.roles),
        key=lambda i: i.position,
    )


@bp.app_context_processor
def _inject_nav():
    from app.admin.session import ROLE_NAMES

    user = request.environ.get("app.hr_user") if request else None
    return {
        "nav_items": items_for(user),
        "page_user": user,
        "role_names": ROLE_NAMES,
    }
