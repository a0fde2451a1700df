"""Answer text made comparable before analysis: script, width, spacing, numerals, dialect.

Traditional characters become simplified (OpenCC) with Taiwan/Hong Kong wording mapped to
mainland wording, full-width digits and letters become ASCII, Chinese-numeral shares
("四成") become percentages, regional spoken words become standard Mandarin, and clauses that
only say who the candidate is (name, age, school, hometown, gender, family) are removed so
that they can never move a score. The word lists are data in `scoring/lexicon/normalise.json`.
"""

from __future__ import annotations

import json
import re
from functools import cache

from scoring.text.lexicon import LEXICON_DIR

_WIDE = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０–９
    | {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ–Ｚ
    | {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ–ｚ
    | {"％": "%", "．": ".", "\u3000": " "}
)
_CN_DIGIT = {
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
# 四成 = 40%; not 成功/成本/成员/成为/成立/成交/成熟/成果/成绩/成型/成品/成长/成都…
_SHARE = re.compile(
    r"(?<![一二三四五六七八九十])([一二两三四五六七八九])成(?![功本员为立交熟果绩型品长都效了])"
)
_TEN_SHARE = re.compile(r"(?<![一二三四五六七八九])十成(?![功本员为立交熟果绩型品长都效了])")
# Cheap pre-check: every self-introduction pattern contains one of these.
_MAYBE_SELF = re.compile(
    r"我叫|名叫|姓名|本人|岁|\d0后|[\d一二三四五六七八九零〇]{2}后|出生|生于|毕业|就读|肄业|老家|家乡|籍贯|"
    r"来自|家在|土生土长|男生|女生|男性|女性|女孩|男孩|小伙子|姑娘|宝妈|奶爸|妈妈|爸爸|已婚|未婚|单身|"
    r"今年|我是[\u4e00-\u9fff]{2,8}人|来的"
)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")


@cache
def _data() -> dict:
    with (LEXICON_DIR / "normalise.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _regional() -> tuple[re.Pattern[str], dict[str, str]]:
    table = _data()["regional"]
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), table


@cache
def _dialect() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(k), v) for k, v in _data()["dialect"].items())


@cache
def _self_introduction() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data()["self_introduction"]))


def to_simplified(text: str) -> str:
    """Simplified characters with mainland wording; unchanged when already simplified."""
    converted = _converter().convert(text)
    if converted == text:
        return text
    pattern, table = _regional()
    return pattern.sub(lambda m: table[m.group(0)], converted)


def shares_to_percent(text: str) -> str:
    text = _TEN_SHARE.sub("100%", text)
    return _SHARE.sub(lambda m: f"{_CN_DIGIT[m.group(1)] * 10}%", text)


def standard_mandarin(text: str) -> str:
    for pattern, replacement in _dialect():
        text = pattern.sub(replacement, text)
    return text


def without_self_introduction(text: str) -> str:
    """Remove what says who the candidate is; the story around it stays."""
    if not _MAYBE_SELF.search(text):
        return text
    pattern = _self_introduction()
    parts = re.split(r"([，,。；;！!？?\n])", text)
    kept: list[str] = []
    for i in range(0, len(parts), 2):
        part = parts[i]
        delimiter = parts[i + 1] if i + 1 < len(parts) else ""
        stripped = pattern.sub("", part)
        if stripped != part and len(part) <= 16:
            stripped = ""  # "高中毕业后就出来工作了": the whole clause says who, not what
        if stripped.strip() or not part.strip():
            kept.append(stripped + delimiter)
        elif delimiter in "。；;！!？?\n" and kept:
            kept[-1] = kept[-1][:-1] + delimiter if kept[-1][-1:] in "，," else kept[-1]
    return "".join(kept).strip()


def normalise(text: str) -> str:
    """The form every analysis works on (evidence quotes this form too)."""
    text = (text or "").translate(_WIDE)
    text = to_simplified(text)
    text = _CJK_GAP.sub("", text) if _spaced_out(text) else text
    text = shares_to_percent(text)
    text = standard_mandarin(text)
    return without_self_introduction(text)


def _spaced_out(text: str) -> bool:
    """Characters typed one by one with spaces ("你 结 婚 了 吗"), not pauses in a transcript."""
    gaps = len(_CJK_GAP.findall(text))
    # One character per gap; "会议 组织 协调" (words) is a list, not spaced-out characters.
    return gaps >= 3 and gaps * 3 >= 2 * sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
