"""Write a generated resume's text in one of many real-world layouts, chosen by its seed.

Section names and decorations, date and phone formats, header blocks, entry arrangements
(one line, stacked lines, labelled fields) and skill lists all vary, as they do in the resumes
HR receive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.resume_samples import ResumeSpec

_SECTION_NAMES = {
    "education": ["教育背景", "教育经历", "学历背景", "Education", "教育与培训经历"],
    "experience": ["工作经历", "工作经验", "职业经历", "Work Experience", "工作履历"],
    "skills": ["专业技能", "技能特长", "个人技能", "Skills", "技能证书", "IT技能"],
    "summary": ["自我评价", "个人评价", "个人优势"],
    "project": ["项目经历", "项目经验"],
}
_DECOR = ["{}", "■ {}", "【{}】", "一、{}", "—— {} ——", "{}：", "◆ {}"]


def _pick(options: list, key: int):
    return options[key % len(options)]


def format_phone(phone: str, key: int) -> str:
    a, b, c = phone[:3], phone[3:7], phone[7:]
    return _pick(
        [
            phone,
            f"{a}-{b}-{c}",
            f"+86 {a} {b} {c}",
            f"{a} {b} {c}",
            f"(+86){phone}",
            f"+86-{phone}",
        ],
        key,
    )


def format_date(point: str, key: int) -> str:
    if point == "至今":
        return _pick(["至今", "至今", "今", "现在"], key)
    year, month = point.split("-")
    return _pick(
        [
            f"{year}.{month}",
            f"{year}年{int(month)}月",
            f"{year}-{month}",
            f"{year}/{month}",
            f"{year}.{int(month)}",
            f"{year}年{month}月",
        ],
        key,
    )


def format_range(start: str, end: str, layout: dict) -> str:
    sep = _pick([" - ", " — ", " ~ ", " 至 ", "-", " – "], layout["sep"])
    return format_date(start, layout["dates"]) + sep + format_date(end, layout["dates"])


def _header(spec: ResumeSpec, phone: str, style: int) -> list[tuple[str, str]]:
    name, email, gender, age = spec.name, spec.email, spec.gender, spec.age
    title = spec.experience[0]["title"]
    return _pick(
        [
            [
                ("title", name),
                ("text", f"{gender} | {age}岁 | 现居上海"),
                ("text", f"电话：{phone}    邮箱：{email}"),
            ],
            [
                ("title", "个人简历"),
                ("text", f"姓名：{name}    性别：{gender}    年龄：{age}"),
                ("text", f"手机：{phone}"),
                ("text", f"Email: {email}"),
            ],
            [("title", f"{name}  |  {title}"), ("text", f"{phone}  |  {email}  |  {gender}")],
            [
                ("title", f"{name}的个人简历"),
                ("text", f"Tel：{phone}    E-mail：{email}"),
                ("text", f"求职意向：{title}    期望城市：北京"),
            ],
            [
                ("title", "个人信息"),
                ("text", f"姓　　名：{name}　　　性　　别：{gender}"),
                ("text", f"出生年月：{2026 - age}年3月　　联系电话：{phone}"),
                ("text", f"电子邮箱：{email}"),
            ],
            [("title", name), ("text", f"{gender} / {age}岁 / 北京 / {phone} / {email}")],
        ],
        style,
    )


def _education(edu: dict, dates: str, style: int) -> list[tuple[str, str]]:
    school, major, degree = edu["school"], edu["major"], edu["degree"]
    return _pick(
        [
            [("text", f"{dates}    {school}    {major}    {degree}")],
            [("text", f"{school} | {degree} | {major}"), ("text", dates)],
            [
                ("text", f"学校：{school}    专业：{major}    学历：{degree}"),
                ("text", f"时间：{dates}"),
            ],
            [("text", f"{school}    {major}    {degree}    {dates}")],
            [
                ("text", f"{dates} | {school} | {major} | {degree}"),
                ("text", "主修课程：专业核心课程"),
            ],
            [
                ("text", f"学校名称：{school}"),
                ("text", f"学历：{degree}    专业：{major}"),
                ("text", f"就读时间：{dates}"),
            ],
        ],
        style,
    )


def _job_head(job: dict, dates: str, style: int) -> list[tuple[str, str]]:
    company, title = job["company"], job["title"]
    return _pick(
        [
            [("text", f"{dates}    {company}    {title}")],
            [("text", f"{company} | {title}"), ("text", dates)],
            [("text", f"{company}    {dates}"), ("text", f"职位：{title}"), ("text", "工作内容：")],
            [("text", f"公司：{company}"), ("text", f"职位：{title}"), ("text", f"时间：{dates}")],
            [("text", f"{dates} | {company} | {title} | 上海")],
            [
                ("text", f"公司名称：{company}"),
                ("text", f"职位名称：{title}"),
                ("text", f"工作时间：{dates}"),
                ("text", "工作职责："),
            ],
            [("text", f"{company}    {title}    {dates}")],
        ],
        style,
    )


def layout_lines(spec: ResumeSpec) -> list[tuple[str, str]]:
    """The resume as (style, text) lines; style is "title", "section" or "text"."""
    lay = spec.layout
    lines = _header(spec, format_phone(spec.phone, lay["phone"]), lay["header"])
    decor = _pick(_DECOR, lay["decor"])

    def section(kind: str) -> None:
        lines.append(("section", decor.format(_pick(_SECTION_NAMES[kind], lay["names"]))))

    def education() -> None:
        section("education")
        for edu in spec.education:
            lines.extend(_education(edu, format_range(edu["start"], edu["end"], lay), lay["edu"]))

    if lay["order"] % 2 == 0:
        education()
    section("experience")
    bullet = _pick(["• ", "- ", "· ", "{n}. ", "{n}、", "", "▪ "], lay["bullet"])
    for job in spec.experience:
        lines.extend(_job_head(job, format_range(job["start"], job["end"], lay), lay["exp"]))
        for n, item in enumerate(job["highlights"], 1):
            lines.append(("text", bullet.format(n=n) + item + ("。" if not bullet else "")))
    if lay["order"] % 3 == 1:
        section("project")
        lines += [
            ("text", "2020.03 - 2020.09    智能排班系统    项目负责人"),
            ("text", "- 覆盖全国 12 个城市门店，排班效率提升 30%"),
        ]
    if lay["order"] % 2 == 1:
        education()
    section("skills")
    skills = spec.skills
    lines += _pick(
        [
            [("text", "熟练掌握 " + "、".join(skills))],
            [("text", "技能：" + " / ".join(skills))],
            [("text", "• " + skill) for skill in skills],
            [("text", ", ".join(skills))],
            [("text", "熟悉 " + "，".join(skills))],
        ],
        lay["skills"],
    )
    section("summary")
    lines.append(("text", "性格开朗，沟通能力强，有较强的学习能力和团队合作精神。"))
    return lines


def resume_text(spec: ResumeSpec) -> str:
    return "\n".join(text for _, text in layout_lines(spec))
