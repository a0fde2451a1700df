"""Split resume text into its sections (教育背景, 工作经历, 专业技能, ...) by header lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Header words by section; the first section a header matches wins, so order matters.
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "education": (
        "教育背景",
        "教育经历",
        "学历背景",
        "教育信息",
        "学习经历",
        "教育",
        "学历",
        "education",
        "educational background",
    ),
    "internship": ("实习经历", "实习经验", "internship", "internships"),
    "project": ("项目经历", "项目经验", "主要项目", "项目", "projects", "project experience"),
    "experience": (
        "工作经历",
        "工作经验",
        "职业经历",
        "任职经历",
        "工作履历",
        "从业经历",
        "工作背景",
        "经历",
        "work experience",
        "experience",
        "employment history",
        "professional experience",
        "work history",
    ),
    "skills": (
        "技能证书",
        "技能与证书",
        "证书与技能",
        "专业技能",
        "技能特长",
        "个人技能",
        "技能专长",
        "职业技能",
        "技能",
        "技术栈",
        "专业能力",
        "skills",
        "technical skills",
        "skill",
    ),
    "awards": (
        "获奖情况",
        "获奖经历",
        "荣誉奖项",
        "所获荣誉",
        "荣誉证书",
        "证书",
        "资格证书",
        "获奖",
        "荣誉",
        "awards",
        "honors",
        "certificates",
        "certifications",
    ),
    "summary": (
        "自我评价",
        "个人评价",
        "自我介绍",
        "个人总结",
        "个人优势",
        "summary",
        "profile",
        "about me",
    ),
    "basics": ("个人信息", "基本信息", "个人资料", "联系方式", "personal information", "contact"),
    "objective": ("求职意向", "求职目标", "应聘职位", "期望职位", "objective"),
}
_HEADER_INDEX = {word: name for name, words in SECTION_WORDS.items() for word in words}
_SPACELESS = {word.replace(" ", ""): name for word, name in _HEADER_INDEX.items()}
# OCR reads the rules around "—— 工作经历 ——" as 一 (the character for one) as often as —.
_OCR_DASHES_RE = re.compile(r"^[一—\-\s]+(?!、)|[一—\-\s]+$")
# Decoration around headers: "■ 工作经历", "一、教育背景", "【专业技能】", "—— Skills ——"
_DECOR_RE = re.compile(r"^[\s\W_]*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])?[\s\W_]*|[\s\W_]*$")
BULLET_RE = re.compile(
    r"^\s*(?:[•·●○◆◇■□▪▶►★☆\-*]|\.(?!\d)|\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[)）])\s*"
)
SPLIT_RE = re.compile(r"\s*(?:\||｜|\t|\s{2,}|/\s| / )\s*")


@dataclass
class Section:
    name: str
    lines: list[str] = field(default_factory=list)


# Full-width letters, digits and brackets become ASCII so one regex reads both; Chinese
# sentence punctuation (，；！？) stays as written because highlights are shown to HR.
_KEEP = {"，", "；", "！", "？"}
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP} | {
    0x3000: 0x20,
    0xA0: 0x20,
    0x2013: 0x2D,
    0x2014: 0x2D,
    0xFF5E: 0x7E,
}


def fold(text: str) -> str:
    return text.translate(_FULL_WIDTH)


# OCR reads "姓名：张三  性别：男" as one run "姓名:张三性别:男"; a gap before each known label
# restores the columns. Longest labels first, so "工作时间:" is not cut into "工作  时间:".
_KNOWN_LABELS = sorted(
    (
        "姓名 性别 年龄 出生年月 出生日期 民族 籍贯 政治面貌 婚姻状况 手机 手机号码 电话 联系电话 "
        "邮箱 电子邮箱 E-mail Email 微信 现居 现居地 求职意向 期望薪资 期望城市 学校 学校名称 "
        "毕业院校 专业 所学专业 学历 学位 公司 公司名称 所在公司 职位 职位名称 岗位 时间 工作时间 "
        "在职时间 任职时间 学习时间 就读时间 起止时间"
    ).split(),
    key=len,
    reverse=True,
)
_LABELS_RE = re.compile("(?:" + "|".join(map(re.escape, _KNOWN_LABELS)) + r")\s*:", re.IGNORECASE)


def _split_labels(line: str) -> str:
    cuts = [
        m.start()
        for m in _LABELS_RE.finditer(line)
        if m.start() and not line[m.start() - 1].isspace()
    ]
    for cut in reversed(cuts):
        line = line[:cut] + "  " + line[cut:]
    return line


def normalize(text: str) -> list[str]:
    """Fold full-width forms, unify line ends and separators, split glued labels."""
    text = fold(text).replace("丨", "|").replace("｜", "|")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_clean_line(line) for line in text.split("\n") if line.strip()]


def _clean_line(line: str) -> str:
    if line.count("「") != line.count("」"):  # OCR reads a column rule | as a lone 」
        line = line.replace("「", "|").replace("」", "|")
    return _split_labels(line).strip()


def header_of(line: str) -> tuple[str, str] | None:
    """(section, rest of line) if the line is a section header, else None."""
    core = _DECOR_RE.sub("", _OCR_DASHES_RE.sub("", fold(line))).strip()
    head, sep, rest = core.partition(":")
    # "专业技能: Python, SQL" opens a section; "学历: 本科" or "项目: 会员系统" are fields.
    candidates = [(head.strip(), rest.strip())] if sep and len(head.strip()) >= 4 else []
    candidates.append((core, ""))
    for word, remainder in candidates:
        key = re.sub(r"\s+", " ", word).lower()
        if key in _HEADER_INDEX:
            return _HEADER_INDEX[key], remainder
        if key.replace(" ", "") in _SPACELESS:  # OCR drops spaces: "WorkExperience"
            return _SPACELESS[key.replace(" ", "")], remainder
        # "工作经历 Work Experience" style bilingual headers
        first = key.split(" ")[0]
        if (
            first in _HEADER_INDEX
            and len(key) <= 40
            and re.fullmatch(r"[\sa-z]*", key[len(first) :])
        ):
            return _HEADER_INDEX[first], remainder
    # "IT技能", "教育与培训经历", "项目实践": short lines built around a section stem
    if len(core) <= 10 and not re.search(r"[\d:,，。;；]", core) and core.endswith(_HEADER_ENDINGS):
        for stem, name in _STEMS:
            if stem in core:
                return name, ""
    return None


_HEADER_ENDINGS = (
    "经历",
    "经验",
    "背景",
    "技能",
    "证书",
    "奖项",
    "荣誉",
    "评价",
    "实践",
    "特长",
    "履历",
)
_STEMS = (
    ("教育", "education"),
    ("实习", "internship"),
    ("项目", "project"),
    ("工作经", "experience"),
    ("工作履", "experience"),
    ("职业经", "experience"),
    ("技能", "skills"),
    ("获奖", "awards"),
    ("荣誉", "awards"),
    ("证书", "awards"),
    ("评价", "summary"),
)


def split_sections(lines: list[str]) -> list[Section]:
    """The text before the first header is the "header" section (name, contacts)."""
    sections = [Section("header")]
    for line in lines:
        found = header_of(line)
        if found and len(line) <= 60:
            name, rest = found
            sections.append(Section(name))
            if rest:
                sections[-1].lines.append(rest)
        else:
            sections[-1].lines.append(line)
    return sections


# One space between two Chinese words separates columns ("字节跳动 产品经理"); between Latin
# words it does not ("Product Manager").
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff)])\s+(?=[\u4e00-\u9fff(])")


def tokens(line: str) -> list[str]:
    """Columns of a line: separated by |, tabs, runs of spaces, slashes or a CJK word gap;
    in Latin text also by ", " ("Fudan University, Master of Finance")."""
    parts = []
    for part in SPLIT_RE.split(line):
        if not re.search(r"[\u4e00-\u9fff]", part):
            parts.extend(re.split(r",\s+", part))
        else:
            parts.extend(_CJK_GAP_RE.split(part))
    return [part.strip(" ,，;；:") for part in parts if part.strip(" ,，;；:")]
