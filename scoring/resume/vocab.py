"""Words that mark schools, employers, job titles and degrees in Chinese and English resumes,
and the splitting of OCR runs where a column gap was lost ("字节跳动高级产品经理")."""

from __future__ import annotations

import re

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
# An employer's name ends like this ("…有限公司", "阿里巴巴集团", "ByteDance Inc."); a sentence
# that merely mentions 公司 ("获公司年度优秀奖") does not.
ORG_TAIL_RE = re.compile(
    r"(公司|集团|银行|研究院|研究所|事务所|工作室|医院|中心|学校|大学|学院|政府|委员会|协会|基金会?|"
    r"证券|保险|传媒|咨询|科技|网络|控股|实业|工厂|酒店|Inc\.?|Ltd\.?|LLC|Co\.?|Corp\.?|Company|"
    r"Group|Technologies|Bank)\)?$",
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


def degree_of(text: str) -> str | None:
    for name, words in DEGREES:
        if any(re.search(rf"(?<![A-Za-z]){re.escape(w)}", text) for w in words):
            return name
    return None
