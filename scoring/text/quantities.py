"""Quantities in Chinese answers: numbers with units, percentages, money, durations, ratios."""

from __future__ import annotations

import re

_CN = r"[一二两三四五六七八九十百千几半]+"
_NUM = rf"(?:\d+(?:\.\d+)?|{_CN})"
_UNIT = (
    r"(?:%|％|个百分点|百分点|倍|万元|亿元|万|亿|千|元|块钱|个月|周|天|小时|分钟|秒|年|"
    r"人|位|名|家|个|单|件|次|份|条|台|场|款|项|所|公里|米|吨)"
)
QUANTITY = re.compile(
    rf"(?:百分之{_NUM}|{_NUM}分之{_NUM}|{_NUM}多?{_UNIT}|\d+(?:\.\d+)?|一半|翻倍|翻了?一番)"
)
# Chinese-numeral quantities that are figures rather than narrative ("两周", "3万", not "一个").
_CN_FIGURE_UNITS = re.compile(r"(万|亿|元|个月|周|小时|分钟|倍|百分点)$")
_CN_COUNT_UNITS = re.compile(r"(天|年|人|家|位|名|台|场|次|件|单)$")
# Figures that describe a change or a rate: the kind that makes a result convincing.
_CHANGE = re.compile(r"%|％|百分点|倍|分之|一半|翻|从.{0,12}(到|至)")


def _is_figure(q: str) -> bool:
    if re.search(r"\d|百分之|分之|一半|翻", q):
        return True
    if _CN_FIGURE_UNITS.search(q):
        return True
    return bool(_CN_COUNT_UNITS.search(q)) and not re.match(r"[一几半]", q)


def find_quantities(text: str) -> list[str]:
    """Quantities with their unit, in order, counting only checkable figures."""
    return [m.group(0) for m in QUANTITY.finditer(text) if _is_figure(m.group(0))]


def is_change_figure(text: str) -> bool:
    return bool(_CHANGE.search(text))
