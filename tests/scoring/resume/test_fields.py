from datetime import date

import pytest

from scoring.resume.dates import years_between
from scoring.resume.fields import parse_resume
from scoring.resume.samples import TODAY, field_accuracy, make_spec, resume_text

RESUME = """张伟
男 | 30岁 | 本科 | 上海
电话：+86 139 1234 5678  邮箱：Zhang.Wei@Example.com

教育背景
2012.09 - 2016.06  复旦大学  计算机科学与技术  本科

工作经历
2019.07 - 至今  字节跳动  高级产品经理
• 负责抖音电商推荐策略，带领 8 人团队完成需求分析与用户调研
• 推动跨区域项目落地，GMV 提升 35%
2016年7月 - 2019年6月
腾讯科技（深圳）有限公司 | 产品经理
- 负责微信支付商户后台，日活用户增长 200 万

专业技能
熟练掌握 Python、SQL、Axure
英语：CET-6
"""


def test_parse_resume_reads_every_field_of_a_typical_resume():
    fields = parse_resume(RESUME, today=date(2026, 11, 24))
    assert fields.name == "张伟"
    assert fields.phone == "13912345678"
    assert fields.email == "zhang.wei@example.com"
    assert fields.education == [
        {
            "school": "复旦大学",
            "degree": "本科",
            "major": "计算机科学与技术",
            "start": "2012-09",
            "end": "2016-06",
        }
    ]
    assert [(e["company"], e["title"], e["start"], e["end"]) for e in fields.experience] == [
        ("字节跳动", "高级产品经理", "2019-07", "至今"),
        ("腾讯科技(深圳)有限公司", "产品经理", "2016-07", "2019-06"),
    ]
    assert fields.experience[0]["highlights"][1] == "推动跨区域项目落地，GMV 提升 35%"
    assert fields.skills == ["Python", "SQL", "Axure", "英语 CET-6"]
    assert "推动跨区域项目落地，GMV 提升 35%" in fields.achievements
    # 2016-07-01 .. 2019-06-01 plus 2019-07-01 .. 2026-11-24
    assert fields.years_of_experience == 10.3


@pytest.mark.parametrize(
    ("line", "phone"),
    [
        ("电话：13912345678", "13912345678"),
        ("手机 139-1234-5678", "13912345678"),
        ("Tel: +86 139 1234 5678", "13912345678"),
        ("(+86)13912345678 | a@b.com", "13912345678"),
        ("手机：+86-139-1234-5678", "13912345678"),
        ("联系方式 139 1234 5678", "13912345678"),
        ("工号 2019123456789", None),
    ],
)
def test_phone_is_digits_only_whatever_the_format(line, phone):
    assert parse_resume(f"李雷\n{line}").phone == phone


@pytest.mark.parametrize(
    ("dates", "start", "end"),
    [
        ("2019.07 - 2021.06", "2019-07", "2021-06"),
        ("2019年7月 至 2021年6月", "2019-07", "2021-06"),
        ("2019-07 ~ 至今", "2019-07", "至今"),
        ("2019/7—今", "2019-07", "至今"),
        ("2019.07-现在", "2019-07", "至今"),
        ("2018 - 2020", "2018", "2020"),
    ],
)
def test_experience_dates_are_normalised(dates, start, end):
    fields = parse_resume(f"王芳\n工作经历\n{dates}  美团  运营专员\n• 负责活动策划")
    assert (fields.experience[0]["start"], fields.experience[0]["end"]) == (start, end)


@pytest.mark.parametrize(
    ("periods", "years"),
    [
        ([("2019-07", "2021-07")], 2.0),
        ([("2019-07", "2021-07"), ("2020-07", "2022-07")], 3.0),  # overlap counts once
        ([("2015-01", "2016-01"), ("2018-01", "2019-01")], 2.0),  # gap not counted
        ([("2024-11", "至今")], 2.1),  # today = 2026-11-24
        ([("2026-06", "至今"), ("2026-01", "2026-08")], 0.9),
    ],
)
def test_years_of_experience_sums_non_overlapping_periods(periods, years):
    assert years_between(periods, date(2026, 11, 24)) == years


def test_internships_do_not_count_as_years_of_experience():
    text = "赵敏\n实习经历\n2018.07 - 2018.12  百度  产品实习生\n工作经历\n2019.07 - 2020.07  美团  产品经理"
    fields = parse_resume(text, today=date(2026, 11, 24))
    assert len(fields.experience) == 2
    assert fields.years_of_experience == 1.0


def test_demographics_are_kept_apart_from_scoring():
    text = "姓名：陈静  性别：女  年龄：29\n出生年月：1997.03\n电话：13800001111"
    fields = parse_resume(text, today=date(2026, 11, 24))
    assert fields.name == "陈静"
    assert fields.demographics == {"gender": "女", "age": 29, "birth_year": 1997}
    view = fields.scoring_view()
    assert "demographics" not in view
    assert "女" not in str(view) and "29" not in str(view)
    assert "demographics" not in fields.to_dict()


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("张三\n13912345678", "张三"),
        ("个人简历\n姓名：欧阳娜娜", "欧阳娜娜"),
        ("李 明\n求职意向：Java开发", "李明"),
        ("王小二 | 产品经理 | 13912345678", "王小二"),
        ("Li Wei\nli.wei@example.com", "Li Wei"),
    ],
)
def test_name_found_in_common_header_layouts(header, name):
    assert parse_resume(header).name == name


def test_field_accuracy_on_generated_text_resumes_is_at_least_95_percent():
    correct = total = 0
    for seed in range(200):
        spec = make_spec(seed)
        got = parse_resume(resume_text(spec), today=TODAY).to_dict()
        c, t = field_accuracy(spec.expected(), got)
        correct, total = correct + c, total + t
    assert correct / total >= 0.95, f"{correct}/{total}"
