from dataclasses import dataclass, field
from datetime import date

import pytest

from scoring.resume.fields import parse_resume
from scoring.resume.match import match_resume

TODAY = date(2026, 11, 24)
PM_MODEL = [
    {"name": "需求分析", "weight": 35, "keywords": ["用户调研", "优先级", "数据", "需求"]},
    {"name": "项目管理", "weight": 30, "keywords": ["跨部门", "推动", "交付", "排期"]},
    {"name": "用户思维", "weight": 35, "keywords": ["用户体验", "用户反馈", "同理心"]},
]
PM_RESUME = """张伟
工作经历
2019.07 - 至今  字节跳动  高级产品经理
• 带领8人团队完成需求分析与用户调研，确定功能优先级
• 协调跨部门资源推动华东、华南3个区域上线，按期交付12个版本
• 收集用户反馈优化用户体验，留存率提升15%
专业技能
数据分析、Axure、SQL
"""
CASHIER_RESUME = """李娜
工作经历
2020.03 - 2022.03  永辉超市  收银员
• 负责门店收银和商品陈列
"""


def test_match_gives_evidence_sentences_per_dimension():
    result = match_resume(parse_resume(PM_RESUME, today=TODAY), PM_MODEL, today=TODAY)
    by_name = {d.name: d for d in result.dimensions}
    assert by_name["需求分析"].evidence[0] == "带领8人团队完成需求分析与用户调研，确定功能优先级"
    assert (
        "协调跨部门资源推动华东、华南3个区域上线，按期交付12个版本" in by_name["项目管理"].evidence
    )
    assert by_name["用户思维"].evidence == ["收集用户反馈优化用户体验，留存率提升15%"]
    assert set(by_name["项目管理"].matched_keywords) >= {"跨部门", "推动", "交付"}


def test_related_resume_scores_higher_than_unrelated():
    related = match_resume(parse_resume(PM_RESUME, today=TODAY), PM_MODEL, today=TODAY)
    unrelated = match_resume(parse_resume(CASHIER_RESUME, today=TODAY), PM_MODEL, today=TODAY)
    assert 0 <= unrelated.score < 20 < 60 < related.score <= 100
    assert unrelated.signals["has_related_experience"] is False
    assert related.signals["has_related_experience"] is True


@pytest.mark.parametrize(
    ("resume", "expected"),
    [
        (
            PM_RESUME,
            {"cross_region": True, "management": True, "team_size": 8, "years_of_experience": 7.4},
        ),
        (
            CASHIER_RESUME,
            {
                "cross_region": False,
                "management": False,
                "team_size": 0,
                "years_of_experience": 2.0,
            },
        ),
    ],
)
def test_signals_for_question_selection(resume, expected):
    signals = match_resume(parse_resume(resume, today=TODAY), PM_MODEL, today=TODAY).signals
    assert {k: signals[k] for k in expected} == expected


@dataclass
class Dimension:
    name: str
    weight: float
    keywords: list[str] = field(default_factory=list)


@dataclass
class Model:
    dimensions: list[Dimension]


def test_match_accepts_a_model_object_like_plain_dicts():
    fields = parse_resume(PM_RESUME, today=TODAY)
    as_objects = Model([Dimension(d["name"], d["weight"], d["keywords"]) for d in PM_MODEL])
    assert match_resume(fields, as_objects, today=TODAY) == match_resume(
        fields, PM_MODEL, today=TODAY
    )


def test_match_never_reads_demographics():
    text = "姓名：王芳  性别：女  年龄：45\n" + PM_RESUME.split("\n", 1)[1]
    male = text.replace("性别：女", "性别：男").replace("年龄：45", "年龄：25")
    a = match_resume(parse_resume(text, today=TODAY), PM_MODEL, today=TODAY)
    b = match_resume(parse_resume(male, today=TODAY), PM_MODEL, today=TODAY)
    assert a == b
