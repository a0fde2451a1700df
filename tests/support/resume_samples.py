"""Generated resumes with known fields, for tests, the benchmark and the app's upload tests.

`make_spec(seed)` draws a candidate; `layout_lines(spec)` writes the resume text in one of several
real-world layouts (section names, date and phone formats, entry arrangements vary with the
seed); `resume_render` turns those lines into PDF, DOCX, PNG and scanned files. The expected
fields are computed here independently of the parser, so `field_accuracy` measures it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.support.resume_layout import layout_lines, resume_text

__all__ = ["TODAY", "ResumeSpec", "field_accuracy", "layout_lines", "make_spec", "resume_text"]

TODAY = date(2026, 11, 24)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "强",
    "洋",
    "艳",
    "杰",
    "婷",
    "涛",
    "明",
    "超",
    "晨",
    "欣怡",
    "子轩",
    "浩然",
    "雨涵",
    "思远",
    "佳琪",
    "志强",
    "海燕",
    "建国",
    "晓东",
]
_PINYIN = ["wei", "fang", "na", "min", "jing", "lei", "qiang", "yang", "yan", "jie", "ting"]
_COMPANIES = [
    "字节跳动",
    "腾讯科技(深圳)有限公司",
    "阿里巴巴集团",
    "北京京东世纪贸易有限公司",
    "美团",
    "网易(杭州)网络有限公司",
    "华为技术有限公司",
    "上海拉扎斯信息科技有限公司",
    "小米科技有限责任公司",
    "招商银行",
    "中国平安保险(集团)股份有限公司",
    "百度在线网络技术有限公司",
    "携程旅行网",
    "顺丰速运有限公司",
    "宁德时代新能源科技股份有限公司",
    "蔚来汽车",
]
_TITLES = [
    "产品经理",
    "高级产品经理",
    "Java开发工程师",
    "数据分析师",
    "运营专员",
    "销售经理",
    "区域销售总监",
    "UI设计师",
    "测试工程师",
    "人力资源主管",
    "市场营销经理",
    "算法工程师",
    "客户成功经理",
    "项目经理",
    "财务分析师",
    "供应链主管",
]
_SCHOOLS = [
    "北京大学",
    "复旦大学",
    "浙江大学",
    "武汉大学",
    "中山大学",
    "华中科技大学",
    "南京大学",
    "四川大学",
    "西安交通大学",
    "同济大学",
    "北京邮电大学",
    "上海财经大学",
    "深圳大学",
    "中国人民大学",
    "厦门大学",
    "University of Manchester",
]
_MAJORS = [
    "计算机科学与技术",
    "软件工程",
    "市场营销",
    "工商管理",
    "统计学",
    "电子信息工程",
    "金融学",
    "人力资源管理",
    "机械工程",
    "汉语言文学",
    "数学与应用数学",
    "工业设计",
]
_SKILLS = [
    "Python",
    "Java",
    "SQL",
    "Excel",
    "Axure",
    "Figma",
    "Tableau",
    "SPSS",
    "MySQL",
    "Redis",
    "Spring Boot",
    "Photoshop",
    "数据分析",
    "用户调研",
    "项目管理",
    "PPT",
    "Go",
    "Vue",
]
_HIGHLIGHTS = [
    "负责{area}产品规划，带领{n}人团队完成需求分析与用户调研",
    "主导{area}项目，推动GMV同比提升{p}%",
    "搭建{area}数据看板，报表效率提升{p}%",
    "负责华东、华南{r}个区域的渠道拓展，新签客户{n}家",
    "优化{area}流程，每月节省成本{n}万元",
    "参与{area}系统重构，接口响应时间降低{p}%",
    "协调研发、运营等跨部门沟通，按期交付{n}个版本",
    "负责{area}日常运营与活动策划",
    "从0到1搭建{area}业务，统筹产品、研发、运营与市场团队协作，制定季度目标并推动落地，"
    "用户规模增长{p}%，获公司年度优秀项目奖",
]
_AREAS = [
    "电商推荐",
    "会员增长",
    "支付风控",
    "供应链",
    "智能客服",
    "直播带货",
    "广告投放",
    "招聘平台",
]


@dataclass
class ResumeSpec:
    """The truth a generated resume encodes."""

    seed: int
    name: str
    phone: str
    email: str
    gender: str
    age: int
    education: list[dict] = field(default_factory=list)
    experience: list[dict] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    layout: dict = field(default_factory=dict)

    def expected(self) -> dict:
        return {
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "education": self.education,
            "experience": self.experience,
            "years_of_experience": expected_years(self.experience, TODAY),
            "skills": self.skills,
        }


def expected_years(experience: list[dict], today: date) -> float:
    """Days covered by at least one job (months start on the 1st; 至今 = today), in years."""
    days: set[int] = set()
    for job in experience:
        start = date(*map(int, job["start"].split("-")), 1)
        end = today if job["end"] == "至今" else date(*map(int, job["end"].split("-")), 1)
        days.update(range(start.toordinal(), end.toordinal()))
    return round(len(days) / 365.25, 1)


def make_spec(seed: int) -> ResumeSpec:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    given = rng.choice(_GIVEN)
    name = rng.choice(_SURNAMES) + given
    phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    email = f"{rng.choice(_PINYIN)}.{rng.choice(_PINYIN)}{rng.randint(1, 99)}@" + rng.choice(
        ["example.com", "qq.com", "163.com", "outlook.com"]
    )
    age = rng.randint(24, 45)
    grad = TODAY.year - age + 22
    education = [
        {
            "school": rng.choice(_SCHOOLS),
            "degree": "本科",
            "major": rng.choice(_MAJORS),
            "start": f"{grad - 4}-09",
            "end": f"{grad}-06",
        }
    ]
    if rng.random() < 0.35 and grad + 3 < TODAY.year:
        education.insert(
            0,
            {
                "school": rng.choice(_SCHOOLS),
                "degree": "硕士",
                "major": rng.choice(_MAJORS),
                "start": f"{grad}-09",
                "end": f"{grad + 3}-06",
            },
        )
        grad += 3
    experience = []
    cursor = date(grad, 7, 1)
    for _ in range(rng.randint(1, 3)):
        length = rng.randint(10, 48)
        end = cursor + timedelta(days=length * 30.5)
        if end >= TODAY - timedelta(days=60):
            break
        experience.append(_job(rng, cursor, end))
        cursor = date(end.year, end.month, 1) + timedelta(days=rng.choice([0, 31, 62, -40]))
        cursor = date(cursor.year, cursor.month, 1)
    if (rng.random() < 0.7 or not experience) and cursor < TODAY - timedelta(days=90):
        experience.append(_job(rng, max(cursor, date(grad, 7, 1)), None))
    if not experience:
        experience.append(_job(rng, date(grad, 7, 1), None))
    experience.reverse()  # most recent first, as resumes are written
    skills = rng.sample(_SKILLS, rng.randint(3, 6))
    layout = {
        key: rng.randrange(9973)
        for key in (
            "header",
            "phone",
            "dates",
            "sep",
            "edu",
            "exp",
            "skills",
            "decor",
            "names",
            "bullet",
            "order",
        )
    }
    return ResumeSpec(
        seed, name, phone, email, rng.choice("男女"), age, education, experience, skills, layout
    )


def _job(rng: random.Random, start: date, end: date | None) -> dict:
    highlights = []
    for template in rng.sample(_HIGHLIGHTS, rng.randint(1, 3)):
        highlights.append(
            template.format(
                area=rng.choice(_AREAS),
                n=rng.randint(3, 40),
                p=rng.randint(5, 80),
                r=rng.randint(2, 6),
            )
        )
    return {
        "company": rng.choice(_COMPANIES),
        "title": rng.choice(_TITLES),
        "start": f"{start.year}-{start.month:02d}",
        "end": "至今" if end is None else f"{end.year}-{end.month:02d}",
        "highlights": highlights,
    }


def field_accuracy(expected: dict, parsed: dict) -> tuple[int, int]:
    """(correct, total) over scalar fields, each education/experience field, years and skills."""
    correct = total = 0

    def check(ok: bool) -> None:
        nonlocal correct, total
        total += 1
        correct += bool(ok)

    for key in ("name", "phone", "email"):
        check(expected[key] == parsed.get(key))
    for group, keys in (
        ("education", ("school", "degree", "major", "start", "end")),
        ("experience", ("company", "title", "start", "end", "highlights")),
    ):
        got = parsed.get(group) or []
        for i, want in enumerate(expected[group]):
            have = got[i] if i < len(got) else {}
            for key in keys:
                check(want[key] == have.get(key))
        check(len(got) == len(expected[group]))
    check(abs(expected["years_of_experience"] - (parsed.get("years_of_experience") or 0)) <= 0.1)
    check(set(expected["skills"]) == set(parsed.get("skills") or []))
    return correct, total
