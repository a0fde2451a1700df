"""Education and work entries: group a section's lines into entries, then read their fields.

Resumes lay an entry out in many ways ("2019.07-至今 字节跳动 产品经理" on one line, or company,
title and dates on separate lines, or 公司:/职位: labels), so each entry is a run of "head" lines
(dates, organisation, title) followed by description lines.
"""

from __future__ import annotations

import re

from scoring.resume.dates import RANGE_RE, find_range
from scoring.resume.sections import BULLET_RE, tokens

SCHOOL_RE = re.compile(
    r"(大学|学院|学校|中学|研究生院|研究院|党校|University|College|Institute|School|Academy)",
    re.IGNORECASE,
)
ORG_RE = re.compile(
    r"(公司|集团|有限|股份|科技|银行|研究院|研究所|事务所|工作室|医院|中心$|学校|大学|学院|"
    r"政府|委员会|协会|基金|证券|保险|传媒|咨询|网络|信息|电子|控股|实业|工厂|商店|餐饮|酒店|"
    r"Inc\.?$|Ltd\.?$|LLC|Co\.|Corp|Company|Group|Technologies|Bank)",
    re.IGNORECASE,
)
TITLE_RE = re.compile(
    r"(经理|工程师|专员|主管|总监|助理|实习生|实习|顾问|设计师|分析师|运营|产品|开发|销售|总裁|"
    r"负责人|组长|主任|架构师|研究员|科学家|会计|出纳|编辑|记者|教师|老师|讲师|律师|医生|护士|"
    r"文员|店长|代表|客服|策划|督导|合伙人|CEO|CTO|COO|CFO|VP|Manager|Engineer|Developer|"
    r"Designer|Analyst|Intern|Director|Lead|Specialist|Consultant|Officer|Scientist)",
    re.IGNORECASE,
)
# Words that start a job title ("高级", "Java", "区域销售"): used to find where a company name
# glued to its title ends, e.g. OCR's "字节跳动高级产品经理".
_TITLE_PREFIX = (
    r"(?:高级|资深|初级|中级|首席|主任|副|总|执行|助理|区域|大区|大客户|客户成功|客户|产品|项目|运营|销售|"
    r"市场营销|市场|营销|人力资源|人事|招聘|财务|会计|审计|数据|算法|测试|开发|研发|软件|硬件|前端|后端|"
    r"全栈|移动端|嵌入式|运维|技术|架构|系统|网络|安全|信息|UI|UX|交互|视觉|平面|品牌|内容|新媒体|用户|"
    r"增长|商务|商业|法务|风控|供应链|采购|物流|行政|质量|生产|工艺|机械|电气|结构|设计|策划|投资|金融|"
    r"证券|保险|咨询|培训|教学|Java|Python|Go|PHP|C\+\+|Android|iOS|Web|AI|IT|HR|BD|"
    r"Senior|Junior|Lead|Principal|Product|Project|Software|Data|Sales|Marketing|Account)"
)
_TITLE_FULL_RE = re.compile(rf"(?:{_TITLE_PREFIX}\s*)*{TITLE_RE.pattern}", re.IGNORECASE)
_PREFIX_ONLY_RE = re.compile(rf"(?:{_TITLE_PREFIX}\s*)+", re.IGNORECASE)
_ORG_END_RE = re.compile(r"有限责任公司|有限公司|股份公司|公司|集团|银行|研究院|事务所|工作室|医院")
_LATIN_SCHOOL_RE = re.compile(
    r"([A-Za-z .,&'()-]*(?:University|College|Institute|School|Academy)[A-Za-z .,&'()-]*?)"
    r"\s*([\u4e00-\u9fff].*)$",
    re.IGNORECASE,
)
_SCHOOL_END_RE = re.compile(r"大学|学院|学校|中学|研究生院")


def split_company_title(token: str) -> list[str]:
    """'顺丰速运有限公司客户成功经理' -> ['顺丰速运有限公司', '客户成功经理']; else [token]."""
    ends = [m.end() for m in _ORG_END_RE.finditer(token)]
    if ends and ends[-1] < len(token) and TITLE_RE.search(token[ends[-1] :]):
        return [token[: ends[-1]], token[ends[-1] :].strip()]
    if ends and ends[-1] == len(token):
        return [token]
    for i in range(2, len(token) - 1):
        left, right = token[:i], token[i:]
        if _TITLE_FULL_RE.fullmatch(right) and not _PREFIX_ONLY_RE.fullmatch(left):
            return [left.strip(), right]
    return [token]


def split_school(token: str) -> list[str]:
    """'西安交通大学机械工程本科' -> ['西安交通大学', '机械工程', '本科']; else [token]."""
    latin = _LATIN_SCHOOL_RE.match(token)
    if latin:
        return [latin.group(1).strip(), *split_school_rest(latin.group(2))]
    ends = [m.end() for m in _SCHOOL_END_RE.finditer(token)]
    if not ends or ends[-1] == len(token) or not re.match(r"[\u4e00-\u9fff]", token[ends[-1] :]):
        return [token]
    return [token[: ends[-1]], *split_school_rest(token[ends[-1] :])]


def split_school_rest(rest: str) -> list[str]:
    """'机械工程本科' -> ['机械工程', '本科']."""
    for _name, words in DEGREES:
        for word in words:
            if rest.endswith(word) and len(rest) > len(word):
                return [rest[: -len(word)], word]
    return [rest]


DEGREES = (
    ("博士", ("博士研究生", "博士", "博土", "PhD", "Ph.D", "Doctor")),
    ("EMBA", ("EMBA",)),
    ("MBA", ("MBA",)),
    ("硕士", ("硕士研究生", "研究生", "硕士", "硕土", "Master", "M.S", "MSc")),
    ("本科", ("本科", "学士", "Bachelor", "B.S", "BSc", "B.A")),
    ("大专", ("大专", "专科", "高职", "Associate")),
    ("高中", ("高中", "中专", "职高")),
)
_LABEL_RE = re.compile(r"^([\u4e00-\u9fff]{1,6})\s*:\s*")
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
_END_PUNCT = tuple("。;；!！?？")


def degree_of(text: str) -> str | None:
    for name, words in DEGREES:
        if any(re.search(rf"(?<![A-Za-z]){re.escape(w)}", text) for w in words):
            return name
    return None


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
    return any(ORG_RE.search(p) for p in parts) or (
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
        found |= {"org"} if any(ORG_RE.search(p) for p in parts) else set()
        found |= {"title"} if any(TITLE_RE.search(p) for p in parts) else set()
    return found


def group_entries(lines: list[str], kind: str) -> list[dict[str, list[str]]]:
    """Runs of head lines then body lines; a head after a body, or a head repeating what the
    entry already has (a second date, a second school), starts a new entry."""
    entries: list[dict] = []
    for line in lines:
        current = entries[-1] if entries else None
        if _is_head(line, kind):
            features = _features(line, kind)
            if current is None or current["body"] or features & current["features"]:
                entries.append({"head": [line], "body": [], "features": features})
            else:
                current["head"].append(line)
                current["features"] |= features
        elif current is not None:
            current["body"].append(line)
    return entries


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


def read_education(lines: list[str]) -> list[dict[str, str | None]]:
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
            result.append(
                {"school": school, "degree": degree, "major": major, "start": start, "end": end}
            )
    return result


def _highlights(body: list[str]) -> list[str]:
    out: list[str] = []
    bulleted = False
    for raw in body:
        line = _DESC_LABEL_RE.sub("", raw).strip()
        has_bullet = bool(BULLET_RE.match(line))
        line = BULLET_RE.sub("", line).strip()
        if not line:
            continue
        if out and bulleted and not has_bullet and not out[-1].endswith(_END_PUNCT):
            joiner = (
                " "
                if re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", out[-1])
                else ""
            )
            out[-1] = out[-1] + joiner + line  # a wrapped bullet continues on the next line
            continue
        bulleted = bulleted or has_bullet
        out.append(line)
    return [line.rstrip("。；;，, ") for line in out]


def read_experience(lines: list[str], kind: str = "work") -> list[dict[str, object]]:
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
            title = next((t for t in rest if t != company and TITLE_RE.search(t)), None)
        if company is None:
            company = next((t for t in rest if t != title and not re.search(r"部$|中心$", t)), None)
        if title is None:
            title = next((t for t in rest if t not in (company,)), None)
        if company or title:
            result.append(
                {
                    "company": company,
                    "title": title,
                    "start": start,
                    "end": end,
                    "highlights": _highlights(entry["body"]),
                    "kind": kind,
                }
            )
    return result
