"""Name, phone, email and the demographic facts (gender, age) a resume may state."""

from __future__ import annotations

import re
from datetime import date

from scoring.resume.sections import header_of, tokens

PHONE_RE = re.compile(
    r"(?<![\d])(?:\(?\+?\s*86\)?[\s-]*)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)"
)
_LANDLINE_RE = re.compile(
    r"(?:电话|座机|Tel|Phone)\s*:?\s*(0\d{2,3}[\s-]?\d{7,8})(?!\d)", re.IGNORECASE
)
EMAIL_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_NAME_LABEL_RE = re.compile(
    r"姓\s*名\s*[:]?\s*([\u4e00-\u9fff·]{2,6}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})"
)
_GENDER_LABEL_RE = re.compile(r"性\s*别\s*[:]?\s*(男|女)")
_AGE_RE = re.compile(r"(?:年\s*龄\s*[:]?\s*(\d{2})(?!\d))|(?:(?<!\d)(\d{2})\s*岁)")
_BIRTH_RE = re.compile(
    r"(?:出生年月|出生日期|出生年份|生日|出生)\s*[:]?\s*((?:19|20)\d{2})"
    r"|((?:19|20)\d{2})\s*(?:[.\-/年]\s*\d{1,2}\s*月?)?\s*出生"
)
# The most common surnames cover ~90% of people; a two-to-four character token starting with
# one of them near the top of a resume is almost always the name.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "司徒",
    "夏侯",
    "长孙",
    "宇文",
    "端木",
    "轩辕",
)
_NOT_NAMES = {
    "个人简历",
    "简历",
    "求职简历",
    "个人信息",
    "基本信息",
    "求职意向",
    "联系方式",
    "本科",
    "硕士",
    "博士",
    "大专",
    "男",
    "女",
    "未婚",
    "已婚",
    "汉族",
    "党员",
    "群众",
    "中共党员",
    "共青团员",
    "应届生",
    "在职",
    "离职",
    "手机",
    "电话",
    "邮箱",
}


def find_phone(text: str) -> str | None:
    """A mobile number as 11 digits; failing that a labelled landline (010-12345678 -> digits)."""
    match = PHONE_RE.search(text)
    if match:
        return "".join(match.groups())
    match = _LANDLINE_RE.search(text)
    return re.sub(r"\D", "", match.group(1)) if match else None


def find_email(text: str) -> str | None:
    match = EMAIL_RE.search(text)
    return match.group(0).lower() if match else None


def _looks_like_name(token: str) -> bool:
    token = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", token)  # "张 三"
    if token in _NOT_NAMES or not re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", token):
        return False
    return token[0] in SURNAMES or token.startswith(COMPOUND_SURNAMES)


def find_name(lines: list[str]) -> str | None:
    """Labelled 姓名 wins; else the first name-like token in the first lines of the resume."""
    for line in lines:
        match = _NAME_LABEL_RE.search(line)
        if match:
            return match.group(1)
    for line in lines[:8]:
        if header_of(line):
            break
        for cleaned in (re.sub(r"(的)?(个人)?简历$|^(个人)?简历[-—:]?", "", line).strip(),):
            compact = re.sub(r"(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff]$)", "", cleaned)
            if _looks_like_name(compact):
                return compact.replace(" ", "")
            for token in tokens(cleaned):
                if _looks_like_name(token):
                    return token
    for line in lines[:3]:
        if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", line):
            return line
    return None


def find_demographics(lines: list[str], today: date) -> dict[str, object]:
    """Gender, age and birth year where the resume states them, for the fairness audit only."""
    text = "\n".join(lines)
    gender = None
    match = _GENDER_LABEL_RE.search(text)
    if match:
        gender = match.group(1)
    else:
        for line in lines[:10]:
            found = [t for t in tokens(line) if t in ("男", "女")]
            if found:
                gender = found[0]
                break
    age = birth_year = None
    match = _BIRTH_RE.search(text)
    if match:
        birth_year = int(match.group(1) or match.group(2))
    match = _AGE_RE.search(text)
    if match:
        age = int(match.group(1) or match.group(2))
    if age is None and birth_year:
        age = today.year - birth_year
    if birth_year is None and age:
        birth_year = today.year - age
    return {"gender": gender, "age": age, "birth_year": birth_year}
