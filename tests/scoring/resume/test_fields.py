from datetime import date

import pytest

from scoring.resume.dates import years_between
from scoring.resume.fields import parse_resume
from scoring.resume.types import Education
from tests.support.resume_samples import TODAY, field_accuracy, make_spec, resume_text

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
        Education(
            school="复旦大学",
            degree="本科",
            major="计算机科学与技术",
            start="2012-09",
            end="2016-06",
        )
    ]
    assert [(e.company, e.title, e.start, e.end) for e in fields.experience] == [
        ("字节跳动", "高级产品经理", "2019-07", "至今"),
        ("腾讯科技(深圳)有限公司", "产品经理", "2016-07", "2019-06"),
    ]
    assert fields.experience[0].highlights[1] == "推动跨区域项目落地，GMV 提升 35%"
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
    assert (fields.experience[0].start, fields.experience[0].end) == (start, end)


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


LABELLED = """张三的个人简历
Tel：159 8888 0000    E-mail：zhangsan_hr@126.com
工作经验
公司名称：深圳市腾讯计算机系统有限公司
职位名称：招聘专员
工作时间：2021.7 - 2023.12
工作职责：
负责校园招聘全流程，年度入职应届生 120 人
公司名称：平安科技（深圳）有限公司
职位名称：人事助理
工作时间：2019.7 - 2021.6
教育经历
学校名称：深圳大学
学历：本科    专业：人力资源管理
学习时间：2015.9 - 2019.6
"""
ENGLISH = """Li Na
Phone: +86 135-0000-1111 | Email: li.na@gmail.com
EDUCATION
Fudan University, Master of Finance, Sep 2015 - Jun 2017
WORK EXPERIENCE
Senior Analyst, China International Capital Corporation   Jul 2017 - Present
• Led due diligence for 5 IPO projects
"""
OCR_GLUED = """赵磊」供应链主管
(+86)18753377274丨yang.jing26@163.com|男
一一工作履历—一
华为技术有限公司供应链主管2021/07至2023/08
1、负责华东、华南6个区域的渠道拓展，新签客户26家
2018年7月一2021年6月字节跳动高级产品经理
—教育经历—一
2013.09～2017.06北京邮电大学机械工程本科
"""


@pytest.mark.parametrize(
    ("text", "name", "education", "jobs"),
    [
        (
            LABELLED,
            "张三",
            ("深圳大学", "本科", "人力资源管理", "2015-09", "2019-06"),
            [
                ("深圳市腾讯计算机系统有限公司", "招聘专员", "2021-07", "2023-12"),
                ("平安科技(深圳)有限公司", "人事助理", "2019-07", "2021-06"),
            ],
        ),
        (
            ENGLISH,
            "Li Na",
            ("Fudan University", "硕士", "Finance", "2015-09", "2017-06"),
            [("China International Capital Corporation", "Senior Analyst", "2017-07", "至今")],
        ),
        (
            OCR_GLUED,
            "赵磊",
            ("北京邮电大学", "本科", "机械工程", "2013-09", "2017-06"),
            [
                ("华为技术有限公司", "供应链主管", "2021-07", "2023-08"),
                ("字节跳动", "高级产品经理", "2018-07", "2021-06"),
            ],
        ),
    ],
    ids=["labelled_fields", "english", "ocr_glued_columns"],
)
def test_entries_read_in_other_layouts(text, name, education, jobs):
    fields = parse_resume(text, today=TODAY)
    assert fields.name == name
    keys = ("school", "degree", "major", "start", "end")
    assert tuple(getattr(fields.education[0], k) for k in keys) == education
    assert [(e.company, e.title, e.start, e.end) for e in fields.experience] == jobs


def test_ages_in_job_descriptions_are_not_demographics():
    text = (
        "王芳\n工作经历\n2019.07 - 至今  美团  运营经理\n• 管理 25岁 以下的 10 人团队，其中女 6 人"
    )
    assert parse_resume(text, today=TODAY).demographics == {
        "gender": None,
        "age": None,
        "birth_year": None,
    }


def test_landline_is_used_when_no_mobile():
    assert parse_resume("李雷\n电话：010-87654321").phone == "01087654321"


def test_highlights_wrapped_by_the_layout_are_rejoined():
    text = (
        "王芳\n工作经历\n2019.07 - 至今  美团  运营经理\n"
        "从0到1搭建会员增长业务，统筹产品、研发、运营与市场团队协作，制定季度目标并推动落地，增长6\n"
        "2%，获公司年度优秀项目奖。\n"
        "负责日常运营。\n"
        "-\n"
        "带领 5 人团队\n"
        "2016.07 - 2019.06  京东  运营专员\n"
    )
    fields = parse_resume(text, today=TODAY)
    assert fields.experience[0].highlights == [
        "从0到1搭建会员增长业务，统筹产品、研发、运营与市场团队协作，制定季度目标并推动落地，增长62%，获公司年度优秀项目奖",
        "负责日常运营",
        "带领 5 人团队",
    ]
    assert [e.company for e in fields.experience] == ["美团", "京东"]


def test_title_wrapped_onto_its_own_line_is_rejoined():
    text = (
        "吴洋\n手机：15979190748\n工作经历\n"
        "2007年7月～2009年7月宁德时代新能源科技股份有限公司运营专\n员\n"
        "-搭建电商推荐数据看板，报表效率提升25%\n"
    )
    [job] = parse_resume(text).experience
    assert job.title == "运营专员"
    assert job.highlights == ["搭建电商推荐数据看板，报表效率提升25%"]
