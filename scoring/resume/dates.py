"""Dates as Chinese resumes write them, and years of experience from overlapping periods."""

from __future__ import annotations

import re
from datetime import date

PRESENT = "至今"
_PRESENT_WORDS = r"至今|今|现在|目前|当前|present|now|current|today"
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH = r"(?<![A-Za-z])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*,?\s*(?:19|20)\d{2}"
_NUM_MONTH = r"(?<!\d)(?:19|20)\d{2}\s*(?:[.\-/年]\s*(?:1[0-2]|0?[1-9])(?!\d)\s*月?|年)?"
_MONTH = rf"(?:{_EN_MONTH}|{_NUM_MONTH})"
_POINT = rf"(?:{_MONTH}|{_PRESENT_WORDS})"
# "2019.07 - 至今", "2019年7月至2021年6月", "2019/07~2021/06", "2019-07 to 2021-06"
RANGE_RE = re.compile(
    rf"(?P<start>{_MONTH})\s*(?:-|–|—|－|~|～|一|至|到|to|TO|To)+\s*(?P<end>{_POINT})",
    re.IGNORECASE,
)
POINT_RE = re.compile(_MONTH, re.IGNORECASE)
_PARTS_RE = re.compile(r"((?:19|20)\d{2})\s*(?:[.\-/年]\s*(\d{1,2}))?")


def normalize_point(text: str) -> str | None:
    """'2019年7月' -> '2019-07', '2019' -> '2019', '至今' -> '至今'."""
    text = text.strip()
    if re.fullmatch(_PRESENT_WORDS, text, re.IGNORECASE):
        return PRESENT
    english = re.match(r"([A-Za-z]{3})[a-z]*\.?\s*,?\s*((?:19|20)\d{2})", text)
    if english and english.group(1).lower() in _EN_MONTHS:
        return f"{english.group(2)}-{_EN_MONTHS.index(english.group(1).lower()) + 1:02d}"
    match = _PARTS_RE.search(text)
    if not match:
        return None
    year, month = match.group(1), match.group(2)
    if month and 1 <= int(month) <= 12:
        return f"{year}-{int(month):02d}"
    return year


def find_range(text: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The first date range in a line as (start, end, span); a lone date becomes (start, None)."""
    match = RANGE_RE.search(text)
    if match:
        return (
            normalize_point(match.group("start")),
            normalize_point(match.group("end")),
            match.span(),
        )
    return None, None, None


def to_date(point: str | None, today: date, *, end: bool = False) -> date | None:
    """A normalized point as a date: months start on the 1st; a bare year ends in December."""
    if not point:
        return None
    if point == PRESENT:
        return today
    year, _, month = point.partition("-")
    if month:
        return date(int(year), int(month), 1)
    return date(int(year), 12 if end else 1, 1)


def years_between(periods: list[tuple[str | None, str | None]], today: date) -> float:
    """Sum of the union of (start, end) periods in years, one decimal; overlaps count once."""
    spans = []
    for start, end in periods:
        begin, finish = to_date(start, today), to_date(end, today, end=True)
        if begin and finish and finish > begin:
            spans.append((begin, min(finish, today)))
    spans.sort()
    days, cur_start, cur_end = 0, None, None
    for begin, finish in spans:
        if cur_end is None or begin > cur_end:
            if cur_end is not None:
                days += (cur_end - cur_start).days
            cur_start, cur_end = begin, finish
        else:
            cur_end = max(cur_end, finish)
    if cur_end is not None:
        days += (cur_end - cur_start).days
    return round(days / 365.25, 1)
