"""Figures that cannot be true: an answer is not evidence because it has numbers in it.

Checked per figure with its context: a change of more than +1000% or of more than -100%, a
rate (满意度, 准确率…) above 100% or below zero, a multiple of 100× or more, a duration of a
hundredth of a second for human work, a sum of ten billion yuan or more in one person's story.
"""

from __future__ import annotations

import re

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)"

UP = r"提升|提高|增长|增加|上升|上涨|涨|升|增|多了|高了|快了"
DOWN = r"下降|降低|减少|缩短|降|减|少了|低了|节省|压缩"
CHANGE = re.compile(rf"({UP}|{DOWN})了?(约|近|超过|将近|大约|足足)?{NUM}\s*%")
RATE = re.compile(
    r"(满意度|满意率|好评率|准确率|正确率|合格率|良率|及格率|成功率|留存率?|转化率|出勤率|覆盖率|"
    r"准点率|通过率|复购率|到岗率|识别率|命中率|完课率|续费率|参与率|打开率|点击率)"
    rf"[^，。；]{{0,8}}?(达到|提高到|提升到|升到|到了|到|为|是|达|降到|降至|变成)了?(负)?{NUM}\s*%"
)
NEGATIVE = re.compile(rf"(降到|降至|变成|为|到)了?负{NUM}\s*%")
MULTIPLE = re.compile(rf"({UP}|翻)了?{NUM}倍")
DURATION = re.compile(r"(\d+\.\d+)\s*(毫秒|秒|分钟|小时|天)")
MONEY = re.compile(rf"{NUM}\s*(亿|万)(元|块)?")
TECH = re.compile(
    r"系统|页面|接口|响应|加载|延迟|查询|服务器|程序|脚本|算法|App|APP|网页|机器|数据库|模型"
)
ORGANISATION_FIGURE = re.compile(r"集团|公司|营收|营业额|收入|市值|估值|规模|总额|GMV|产值|资产")
_SECONDS = {"毫秒": 0.001, "秒": 1.0, "分钟": 60.0, "小时": 3600.0, "天": 86400.0}


def cn_number(text: str) -> float | None:
    """Arabic or Chinese numerals to a number ("3.5" → 3.5, "一千" → 1000, "两万" → 20000)."""
    try:
        return float(text)
    except ValueError:
        pass
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in ("万", "亿"):
            section = (section + digit) * _CN_UNITS[ch]
            total, section, digit = total + section, 0, 0
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            return None
    return float(total + section + digit)


def implausible_figures(text: str) -> list[str]:
    """The figures in `text` that cannot be true, as written."""
    found: list[str] = []
    for m in CHANGE.finditer(text):
        value = cn_number(m.group(3))
        up = re.fullmatch(UP, m.group(1)) is not None
        if value is not None and (value > 1000 if up else value > 100):
            found.append(m.group(0))
    for m in RATE.finditer(text):
        value = cn_number(m.group(4))
        if m.group(3) or (value is not None and value > 100 and "完成" not in m.group(0)):
            found.append(m.group(0))
    found += [m.group(0) for m in NEGATIVE.finditer(text)]
    for m in MULTIPLE.finditer(text):
        value = cn_number(m.group(2))
        if value is not None and value >= 100:
            found.append(m.group(0))
    for m in DURATION.finditer(text):
        seconds = float(m.group(1)) * _SECONDS[m.group(2)]
        clause = text[max(0, m.start() - 20) : m.end()]
        if seconds < 0.001 or (seconds < 1 and not TECH.search(clause)):
            found.append(m.group(0))
    for m in MONEY.finditer(text):
        if ORGANISATION_FIGURE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # a group's revenue can be that large; one person's saving cannot
        value = cn_number(m.group(1))
        if value is not None and value * _CN_UNITS[m.group(2)] >= 1e10:
            found.append(m.group(0))
    return list(dict.fromkeys(found))
