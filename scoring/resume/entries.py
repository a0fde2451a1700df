"""Education and work entries: group a section's lines into entries, then read their fields.

Resumes lay an entry out in many ways ("2019.07-至今 字节跳动 产品经理" on one line, or company,
title and dates on separate lines, or 公司:/职位: labels), so each entry is a run of "head" lines
(dates, organisation, title) followed by description lines.
"""

from __future__ import annotations

import re

from scoring.resume.dates import RANGE_RE, find_range
from scoring.resume.sections import BULLET_RE, tokens
from scoring.resume.types import Education, Experience
from scoring.resume.vocab import (
    ORG_RE,
    ORG_TAIL_RE,
    SCHOOL_RE,
    TITLE_RE,
    degree_of,
    split_company_title,
    split_school,
    split_school_rest,
)

# A field label by what it names: "公司名称", "所在公司" -> org; "职位名称" -> title; "在职时间" -> date.
_LABEL_KINDS = (
    ("org", ("公司", "单位", "企业", "雇主", "院校", "学校", "大学")),
    ("title", ("职位", "岗位", "职务", "职称", "头衔")),
    ("date", ("时间", "日期", "期间")),
    ("major", ("专业",)),
    ("degree", ("学历", "学位")),
    ("dept", ("部门",)),
)
_DESC_LABEL_RE = re.compile(
    r"^(工作内容|工作职责|主要职责|职责描述|岗位职责|工作描述|主要工作|工作业绩|业绩|主要业绩|"
    r"成果|项目成果|描述|内容)\s*:\s*"
)
# "产品部", "抖音事业部", "增长中心": a department, neither the employer nor the title
_DEPT_RE = re.compile(r"(部|中心|事业群|团队|小组|组|Department|Dept\.?)$", re.IGNORECASE)
# Chinese typesetting never starts a line with these: a line that does is a wrapped tail.
_OPENING_PUNCT = "，。、；：,;:)）%"
_END_PUNCT = tuple("。;；!！?？")


def _label_kind(label: str) -> str | None:
    for kind, words in _LABEL_KINDS:
        if any(word in label for word in words):
            return kind
    return None


def _labels(line: str) -> dict[str, str]:
    """'公司名称: 字节跳动  职位: 产品经理' -> {'org': '字节跳动', 'title': '产品经理'}."""
    found = {}
    for part in tokens(line):
        head, sep, value = part.partition(":")
        kind = _label_kind(head.strip()) if sep and len(head.strip()) <= 6 else None
        if kind and value.strip():
            found.setdefault(kind, value.strip())
    return found


def _is_head(line: str, kind: str) -> bool:
    if BULLET_RE.match(line) or _DESC_LABEL_RE.match(line) or line.endswith(_END_PUNCT):
        return False
    if RANGE_RE.search(line) or _labels(line):
        return True
    if len(line) > 40:
        return False
    parts = tokens(line)
    if kind == "education":
        return bool(SCHOOL_RE.search(line) or degree_of(line))
    return any(ORG_TAIL_RE.search(p) for p in parts) or (
        len(parts) >= 2 and any(TITLE_RE.search(p) for p in parts)
    )


_LABEL_FEATURE = {
    "org": "org",
    "title": "title",
    "degree": "title",
    "date": "date",
    "major": "major",
}


def _features(line: str, kind: str) -> set[str]:
    """What a head line tells: a date range, an organisation, a title (or degree)."""
    found = {_LABEL_FEATURE[k] for k in _labels(line) if k in _LABEL_FEATURE}
    if "date" in found and not RANGE_RE.search(line):
        found.discard("date")  # "时间:" with no range readable is not a date
    if RANGE_RE.search(line):
        found.add("date")
    rest = _strip_dates(line)
    if kind == "education":
        found |= {"org"} if SCHOOL_RE.search(rest) else set()
        found |= {"title"} if degree_of(rest) else set()
    else:
        parts = tokens(rest)
        found |= {"org"} if any(ORG_TAIL_RE.search(p) for p in parts) else set()
        found |= {"title"} if any(TITLE_RE.search(p) for p in parts) else set()
    return found


def group_entries(lines: list[str], kind: str) -> list[dict[str, list[str]]]:
    """Runs of head lines then body lines; a head after a body, or a head repeating what the
    entry already has (a second date, a second school), starts a new entry."""
    entries: list[dict] = []
    wide = max((len(line) for line in lines), default=0) * 0.8
    for line in lines:
        current = entries[-1] if entries else None
        if (
            current
            and current["body"]
            and _continues(current["body"][-1], line, wide)
            and (line[0] in _OPENING_PUNCT or not _is_head(line, kind))
        ):
            current["body"].append(line)
        elif _is_head(line, kind):
            features = _features(line, kind)
            if current is None or current["body"] or features & current["features"]:
                entries.append({"head": [line], "body": [], "features": features})
            else:
                current["head"].append(line)
                current["features"] |= features
        elif current is not None and not current["body"] and _head_tail(current["head"][-1], line):
            current["head"][-1] += line  # the layout wrapped a long title: 运营专 / 员
        elif current is not None:
            current["body"].append(line)
    return entries


def _head_tail(head: str, line: str) -> bool:
    """A 1–3 character CJK fragment right under a head line ending in CJK is its wrapped end."""
    return bool(
        re.fullmatch(r"[\u4e00-\u9fff]{1,3}", line) and re.search(r"[\u4e00-\u9fff]$", head)
    )


def _continues(previous: str, line: str, wide: float) -> bool:
    """Is `line` the rest of a body line the layout wrapped at the margin?"""
    if BULLET_RE.match(line) or RANGE_RE.search(line) or previous.endswith(_END_PUNCT):
        return False
    return line[0] in _OPENING_PUNCT or len(previous) >= wide >= 25


def _plain_tokens(head: str) -> list[str]:
    """Columns of the head lines that are not dates, labelled fields or durations like (3年)."""
    text = re.sub(
        r"[(（]\s*(?:共)?\s*\d+(?:\.\d+)?\s*(?:年|个月|月|years?)[^)）]*[)）]", "  ", head
    )
    return [
        t
        for t in tokens(_strip_dates(text))
        if ":" not in t and not re.fullmatch(r"[-–—~一至到]+|\d+", t)
    ]


def _strip_dates(text: str) -> str:
    text = RANGE_RE.sub("  ", text)
    return re.sub(r"(?<!\d)(?:19|20)\d{2}\s*(?:[.\-/年]\s*\d{1,2}\s*月?)?", "  ", text)


def read_education(lines: list[str]) -> list[Education]:
    result = []
    for entry in group_entries(lines, "education"):
        head = "  ".join(entry["head"])
        start, end, _ = find_range(head)
        labels = {k: v for line in entry["head"] for k, v in _labels(line).items()}
        school, major = labels.get("org"), labels.get("major")
        degree = degree_of(labels.get("degree", "")) or degree_of(head)
        rest = [
            piece
            for t in _plain_tokens(head)
            for part in split_school(t)
            for piece in (split_school_rest(part) if not SCHOOL_RE.search(part) else [part])
        ]
        for token in rest:
            bare = re.sub(r"[(（][^)）]*[)）]", "", token).strip()
            if school is None and SCHOOL_RE.search(token):
                school = token
            elif major is None and degree_of(bare) and re.search(r"\b(?:of|in)\s+\w", bare):
                major = re.split(r"\b(?:of|in)\s+", bare, maxsplit=1)[1].strip()
            elif (
                major is None
                and bare
                and token != school
                and not degree_of(bare)
                and not SCHOOL_RE.search(token)
                and not re.search(r"GPA|排名|\d", token, re.IGNORECASE)
                and ":" not in token
            ):
                major = re.sub(r"专业$", "", bare) or None
        if school or major:
            result.append(Education(school, degree, major, start, end))
    return result


def _highlights(body: list[str]) -> list[str]:
    """One item per bullet or sentence, with lines the layout wrapped joined back together."""
    out: list[str] = []
    bulleted = pending = False
    wide = max((len(line) for line in body), default=0) * 0.8  # a line that ran to the margin
    previous_len = 0
    for raw in body:
        line = _DESC_LABEL_RE.sub("", raw).strip()
        has_bullet = pending or bool(BULLET_RE.match(line))
        line = BULLET_RE.sub("", line).strip()
        pending = has_bullet and not line  # a bullet alone on its line: its text follows
        if not line:
            continue
        wrapped = (
            out
            and not has_bullet
            and not out[-1].endswith(_END_PUNCT)
            and (bulleted or line[0] in _OPENING_PUNCT or (previous_len >= wide >= 25))
        )
        previous_len = len(raw)
        if wrapped:
            latin = (
                re.match(r"[A-Za-z]", line)
                and re.search(r"[A-Za-z0-9.,]$", out[-1])
                or (re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z]$", out[-1]))
            )
            out[-1] = out[-1] + (" " if latin else "") + line
            continue
        bulleted = bulleted or has_bullet
        out.append(line)
    return [line.rstrip("。；;，, ") for line in out]


def read_experience(lines: list[str], kind: str = "work") -> list[Experience]:
    result = []
    for entry in group_entries(lines, "experience"):
        head = "  ".join(entry["head"])
        start, end, _ = find_range(head)
        labels = {k: v for line in entry["head"] for k, v in _labels(line).items()}
        company, title = labels.get("org"), labels.get("title")
        rest = [part for t in _plain_tokens(head) for part in split_company_title(t)]
        if company is None:
            company = next(
                (t for t in rest if ORG_RE.search(t) and not TITLE_RE.search(t[-4:])), None
            )
        if title is None:
            title = next(
                (t for t in rest if t != company and TITLE_RE.search(t) and not _DEPT_RE.search(t)),
                None,
            )
        if company is None:
            company = next((t for t in rest if t != title and not _DEPT_RE.search(t)), None)
        if title is None:
            title = next((t for t in rest if t not in (company,)), None)
        if company or title:
            result.append(Experience(company, title, start, end, _highlights(entry["body"]), kind))
    return result
