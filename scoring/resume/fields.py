"""Structured fields from resume text: contacts, education, experience, years, skills.

Gender and age are read only so the fairness audit can compare pass rates; they live in
`demographics`, which `scoring_view()` leaves out so no score can ever depend on them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from scoring.resume import contacts, entries
from scoring.resume.dates import years_between
from scoring.resume.sections import BULLET_RE, normalize, split_sections
from scoring.resume.types import Education, Experience

QUANTIFIED_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|‰|万|亿|倍|千|百|k|w|人|个|次|元|家|名|项|位|天|小时|分钟|秒|篇|款|套|单|"
    r"场|期|条|份|户|所|台|GMV|DAU|MAU|UV|PV)"
    r"|(?:提升|增长|提高|降低|减少|节省|缩短|增加|达到|超过|完成|突破|翻)\D{0,8}\d",
    re.IGNORECASE,
)
_DATEISH_RE = re.compile(r"^[\d\s.\-/年月至今~]+$")
_PROFICIENCY_RE = re.compile(
    r"^(?:能够|能)?(?:熟练掌握|熟练使用|熟练运用|熟练|精通|熟悉|掌握|了解|擅长|会使用|使用|具备|"
    r"具有|良好的|扎实的)+"
)
_SKILL_SPLIT_RE = re.compile(
    r"[、,，;；|/]|\s{2,}|(?<=[\u4e00-\u9fff])\s+(?=[A-Za-z])|(?<=[A-Za-z])\s+(?=[\u4e00-\u9fff])|以及|及(?=[A-Za-z])|和(?=[A-Za-z])"
)
# Canonical spelling of common tools, so "springboot", "SpringBoot" (OCR) and "Spring Boot" agree.
_CANONICAL_SKILLS = {
    re.sub(r"[\s.\-]", "", name.lower()): name
    for name in (
        "Python|Java|Go|C++|C#|JavaScript|TypeScript|PHP|SQL|MySQL|PostgreSQL|Oracle|Redis|"
        "MongoDB|Kafka|Spark|Hadoop|Hive|Flink|Spring Boot|Spring Cloud|Django|Flask|Vue|React|"
        "Node.js|Docker|Kubernetes|Linux|Git|Excel|PPT|Word|Office|Axure|Figma|Sketch|Photoshop|"
        "Illustrator|Tableau|Power BI|SPSS|SAS|R|MATLAB|SAP|Visio|XMind|PyTorch|TensorFlow|Jira|"
        "CAD|AutoCAD"
    ).split("|")
}
_LANGUAGE_LABELS = {"英语", "日语", "韩语", "法语", "德语", "外语", "语言", "普通话", "粤语"}


@dataclass
class ResumeFields:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    education: list[Education] = field(default_factory=list)
    experience: list[Experience] = field(default_factory=list)
    years_of_experience: float = 0.0
    skills: list[str] = field(default_factory=list)
    achievements: list[str] = field(default_factory=list)
    projects: list[Experience] = field(default_factory=list)
    demographics: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> ResumeFields:
        """Stored or corrected fields (JSON) back as the dataclass; unknown keys are dropped."""
        kept = {k: v for k, v in data.items() if k in _SCALARS and v is not None}
        return cls(
            **kept,
            education=[Education.from_dict(e) for e in data.get("education") or []],
            experience=[Experience.from_dict(e) for e in data.get("experience") or []],
            projects=[Experience.from_dict(e) for e in data.get("projects") or []],
        )

    def to_dict(self) -> dict:
        """Exactly the keys the command line prints (less `source`, which extraction knows)."""
        return {
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "education": [e.to_dict() for e in self.education],
            "experience": [
                {k: v for k, v in e.to_dict().items() if k != "kind"} for e in self.experience
            ],
            "years_of_experience": self.years_of_experience,
            "skills": list(self.skills),
        }

    def scoring_view(self) -> dict:
        """Everything scoring and question selection may see: never gender or age."""
        view = asdict(self)
        view.pop("demographics")
        return view


# What HR may correct by hand: exactly the command line's output keys.
CORRECTABLE: tuple[str, ...] = tuple(ResumeFields().to_dict())
_ENTRIES = {"education", "experience", "projects"}
_SCALARS = set(ResumeFields.__dataclass_fields__) - _ENTRIES - {"demographics"}


def parse_resume(text: str, today: date | None = None) -> ResumeFields:
    """Fields of a resume's text (text layer or OCR lines); `today` is what 至今 means."""
    today = today or date.today()
    lines = normalize(text)
    sections = split_sections(lines)
    by_name: dict[str, list[str]] = {}
    for section in sections:
        by_name.setdefault(section.name, []).extend(section.lines)
    whole = "\n".join(lines)
    fields = ResumeFields(
        name=contacts.find_name(lines),
        phone=contacts.find_phone(whole),
        email=contacts.find_email(whole),
        # only where personal details are written: "带领30岁以下团队" in a job is not an age
        demographics=contacts.find_demographics(
            sections[0].lines + by_name.get("basics", []), today
        ),
    )
    fields.education = entries.read_education(by_name.get("education", []))
    work = entries.read_experience(by_name.get("experience", []), "work")
    interns = entries.read_experience(by_name.get("internship", []), "internship")
    fields.experience = work + interns
    fields.projects = entries.read_experience(by_name.get("project", []), "project")
    periods = [
        (e.start, e.end)
        for e in fields.experience
        if e.kind == "work" and "实习" not in (e.title or "")
    ]
    fields.years_of_experience = years_between(periods, today)
    fields.skills = parse_skills(by_name.get("skills", []))
    fields.achievements = find_achievements(fields, by_name)
    return fields


def parse_skills(lines: list[str]) -> list[str]:
    """'熟练掌握 Python、SQL' -> ['Python', 'SQL']; '英语: CET-6' keeps its label."""
    skills: list[str] = []
    for raw in lines:
        line = BULLET_RE.sub("", raw).strip()
        label, sep, value = line.partition(":")
        if sep and len(label) <= 8:
            if label.strip() in _LANGUAGE_LABELS:
                skills.append(f"{label.strip()} {value.strip()}")
                continue
            line = value
        for part in _SKILL_SPLIT_RE.split(line):
            item = _PROFICIENCY_RE.sub("", part.strip(" 。.,，;；:")).strip()
            item = re.sub(r"[(][^)]*(?:熟练|精通|熟悉|掌握|了解|良好)[^)]*[)]$", "", item).strip()
            item = _CANONICAL_SKILLS.get(re.sub(r"[\s.\-]", "", item.lower()), item)
            if item and len(item) <= 30 and item not in skills:
                skills.append(item)
    return skills


def find_achievements(fields: ResumeFields, by_name: dict[str, list[str]]) -> list[str]:
    """Sentences with a figure in them: what the candidate achieved, measured."""
    candidates = [h for e in fields.experience + fields.projects for h in e.highlights]
    for name in ("awards", "summary"):
        candidates += [BULLET_RE.sub("", line) for line in by_name.get(name, [])]
    found = []
    for sentence in candidates:
        if QUANTIFIED_RE.search(sentence) and not _DATEISH_RE.match(sentence):
            if sentence not in found:
                found.append(sentence)
    return found
