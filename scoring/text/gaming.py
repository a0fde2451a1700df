"""Per-answer gaming checks: answers built to please a scorer rather than to tell what happened.

Each check returns a reason code HR sees with a sentence saying why:

- `keyword_list`: the question's keywords and STAR cue words strung together, or a fill-in
  template ("在某次项目中，我采取了一系列措施，取得了显著成效"), with no episode behind them;
- `off_competency`: a real story, but about another competency than the one asked;
- `implausible_figures`: figures that cannot be true (提升10000%, 下降500%, 0.00001秒);
- `no_personal_action`: achievements of the company or the team, with nothing the candidate
  did.

A flagged answer is scored as a non-answer (see `scoring.answers`). Cross-answer checks (the same
answer pasted into several questions, answers shared between candidates) live elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.text.actor import ME, WE
from scoring.text.reading import Reading
from scoring.text.relevance import TopicHits, competency_profile, question_competencies
from scoring.text.star import StarAnalysis
from scoring.types import Question

REASONS = {
    "keyword_list": "罗列问题关键词和套话，没有讲出任何具体经历",
    "off_competency": "讲的是另一项能力的经历，没有回答所问的能力",
    "implausible_figures": "数字明显不合常理（{figures}），不能作为成果证据",
    "no_personal_action": "只罗列公司或团队的成绩，没有说明本人做了什么",
}

# Words that structure an answer without saying anything: STAR headings, ordering words.
CUE = re.compile(
    r"^(背景|情境|情景|任务|目标|行动|结果|总结|STAR|[STAR]|首先|其次|然后|最后|第[一二三四五]|"
    r"一是|二是|三是|另外|同时|嗯|那个)[：:]?$",
    re.I,
)
HEADING = re.compile(r"[【\[<（(]?(背景|情境|情景|任务|行动|结果|[STAR])[】\]>）)：:]", re.I)
TEMPLATE = re.compile(
    r"某[个次项些位家]|一系列|相关措施|各项|显著|高度重视|第一时间|圆满|一致好评|高度认可|"
    r"有效提升|大幅|全面|积极|认真负责|取得了?.{0,4}(成效|成果|效果)|举一反三|学以致用|未雨绸缪|"
    r"防患于未然|换位思考|双赢|共赢|闭环|狠抓|持续(成长|改进|跟进)"
)
# Something only a real episode has: when it happened, a named place, a count in the story.
EPISODE_DETAIL = re.compile(
    r"去年|前年|今年|上个?月|上周|那年|那天|那次|有一次|有一回|当时|\d{4}年|\d+月|"
    r"周[一二三四五六日]|双十一|春节|国庆|凌晨|半夜|夜班|早上|下午|晚上|第二天|当天|"
    r"[\u4e00-\u9fff]{1,6}(公司|医院|工厂|门店|学校|酒店|车间|仓库|病房|科室|商场|超市|银行)"
)
ORGANISATION = re.compile(
    r"^(我们)?(的)?[\u4e00-\u9fff]{0,4}(公司|集团|团队|部门|事业部|学校|医院|工厂|门店|科室|品牌|"
    r"律所|银行|仓库|车间|班组|产品|平台|年级组|销售部|区域)"
)


@dataclass(frozen=True)
class GamingFlag:
    code: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason}


PARTICLES = re.compile(r"[了的就说去是要在也还都把被给让着过么我他她你]")
FILLERS = re.compile(r"嗯+|呃+|那个|就是|然后|这个|怎么说呢|吧|啊|呢")


def _fragments(reading: Reading) -> tuple[int, int]:
    """(short keyword-like clauses, all clauses): "投诉，客户，安抚，解决方案" is four of four."""
    clauses = [FILLERS.sub("", c.text).strip("。；;！!？?… ") for c in reading.analysis.clauses]
    clauses = [c for c in clauses if len(c) >= 2 and not CUE.match(c)]
    # Keywords carry no particles; spoken fragments ("卖保险的时候") do.
    short = sum(1 for c in clauses if len(c) <= 6 and not PARTICLES.search(c))
    return short, len(clauses)


def _personal_deeds(reading: Reading) -> int:
    return sum(1 for c in reading.analysis.clauses if "action" in c.roles and c.actor in (ME, WE))


def keyword_list(reading: Reading) -> bool:
    if reading.language != "zh":
        return False
    text = reading.text
    details = len(set(EPISODE_DETAIL.findall(text)))
    short, total = _fragments(reading)
    listed = short >= 5 and short * 10 >= total * 4
    headed = len(HEADING.findall(text)) >= 2
    templated = len(TEMPLATE.findall(text)) >= 3 and details == 0
    if not (listed or headed or templated):
        return False
    # A real episode told in note form still names when and where it happened.
    return details <= 1 or (listed and short * 10 >= total * 7)


OFF_COMPETENCY_RATIO = 2.5  # another competency's words outnumber the question's this much


def off_competency(question: Question, reading: Reading, topics: TopicHits) -> bool:
    """A story told mostly in another competency's words, with few or none of the question's.

    Compares the specific lexicon terms of the best other competency with the question's own
    concept terms plus its competency's terms: "带新人" told for a negotiation question.
    """
    analysis = reading.analysis
    if analysis.narrative_actions == 0:
        return False
    asked = question_competencies(question.text, question.dimension)
    profile = competency_profile(reading.topic_text)
    other = max((n for name, n in profile.items() if name not in asked), default=0)
    if other >= 2 and _untouched_question(topics, analysis):
        return True
    if not asked:
        return False  # a competency the lexicon does not know: nothing more to compare with
    own = max((profile.get(name, 0) for name in asked), default=0)
    return other >= 2 and other >= OFF_COMPETENCY_RATIO * (topics.concept + own + 0.5)


FULL_STORY_ACTIONS = 3


def _untouched_question(topics: TopicHits, analysis: StarAnalysis) -> bool:
    """A full story (several deeds and an outcome) without one word of the question, its
    keywords or its competency: with another competency's words it is a prepared story about
    something else, also when the question's own competency is one the lexicon does not know
    (决策能力, 严谨细致). An honest answer that misses the point is short or unfinished."""
    return (
        topics.count == 0
        and analysis.narrative_actions >= FULL_STORY_ACTIONS
        and analysis.star["result"]
    )


def no_personal_action(reading: Reading) -> bool:
    """Results and figures with nobody but the organisation acting."""
    clauses = reading.analysis.clauses
    if _personal_deeds(reading):
        return False
    boasts = sum(
        1
        for c in clauses
        if ORGANISATION.match(c.text) or ("result" in c.roles and c.actor not in (ME, WE))
    )
    return boasts >= 2


def gaming_flags(
    question: Question, reading: Reading, topics: TopicHits, implausible: list[str]
) -> list[GamingFlag]:
    """Every gaming pattern the answer shows, with the reason HR reads."""
    flags: list[GamingFlag] = []
    if keyword_list(reading):
        flags.append(GamingFlag("keyword_list", REASONS["keyword_list"]))
    elif off_competency(question, reading, topics):
        flags.append(GamingFlag("off_competency", REASONS["off_competency"]))
    if implausible:
        text = REASONS["implausible_figures"].format(figures="、".join(implausible[:3]))
        flags.append(GamingFlag("implausible_figures", text))
    if "keyword_list" not in {f.code for f in flags} and no_personal_action(reading):
        flags.append(GamingFlag("no_personal_action", REASONS["no_personal_action"]))
    return flags
