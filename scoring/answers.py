"""Explainable answer scoring: STAR, figures, indicators, structure, relevance, length, delivery.

The score is a sum of named components (see `AnswerScore.components`), so HR can see where
points came from; evidence names the sentences that earned or cost them.
"""

from __future__ import annotations

import logging
import re

from scoring.text.evidence import build_evidence, delivery_penalties
from scoring.text.gaming import gaming_flags
from scoring.text.plausibility import implausible_figures
from scoring.text.quantities import find_quantities, is_change_figure
from scoring.text.reading import read_answer
from scoring.text.relevance import topic_hits
from scoring.text.star import StarAnalysis
from scoring.text.style import asks_for_plan
from scoring.types import STAR_PARTS, AnswerScore, Question

log = logging.getLogger(__name__)

STAR_POINTS = {"situation": 12.0, "task": 8.0, "action": 20.0, "result": 18.0}
STAR_TOTAL = sum(STAR_POINTS.values())
# A story with none of the question's words is still an answer if it happens at work or study.
WORK = re.compile(
    r"公司|项目|客户|顾客|团队|部门|同事|领导|经理|主管|门店|工作|业务|产品|用户|上线|实习|岗位|"
    r"工厂|车间|仓库|供应商|合同|方案|报告|数据|系统|活动|老板|店长|组长|作业|课题|比赛"
)
# A gamed answer (keyword list, another competency's story, impossible figures, only the
# company's achievements) is worth no more than a non-answer: it must never beat a weak but
# honest one.
GAMING_CAP = 5.0
VAGUE = re.compile(r"好像|似乎|应该是|还可以|还行|一点|一些|差不多|也算|大概")
# On-topic terms hit → points; saturates early because wording varies between candidates.
RELEVANCE_POINTS = (0.0, 4.0, 6.5, 8.5, 10.0)

TIPS = {
    "situation": "先用一两句话交代背景：什么时间、在哪个团队、遇到了什么问题。",
    "task": "说明你本人承担的职责或要达成的目标，让听者知道你的角色。",
    "action": "重点讲你本人具体做了哪些事，按先后顺序说清楚每一步。",
    "result": "补充这件事的最终结果，最好用数据说明，比如提升了多少、节省了多少时间。",
    "figures": "用具体数字说明成果，例如百分比、金额、周期或人数。",
    "real_example": "请讲一个你亲身经历的具体事例，而不是一般做法或假设。",
    "fillers": "减少“嗯”“那个”“然后”等口头禅，先想清楚要点再开口。",
    "structure": "可以用“首先、其次、最后”组织要点，结尾用一句话总结。",
    "too_short": "回答偏短，可以把经过和结果展开讲一讲。",
    "too_long": "回答超过了建议时长，先说结论，再挑关键步骤展开。",
    "off_topic": "回答与问题关系不大，请先直接回应问题本身，再举相关的例子。",
    "low_relevance": "可以点明这段经历和所问能力的关系，用上问题里的关键词。",
    "dont_know": "没有完全相同的经历也没关系，可以讲一个相近的经历，说明你是怎么做的。",
    "empty": "没有收到有效回答，请完整作答。",
    "personal_action": "重点说明你本人在其中做了什么，而不是公司或团队取得的成绩。",
    "plausible_figures": "请如实给出数据，夸大或不合常理的数字会让整段回答失去可信度。",
    "too_fast": "语速偏快，建议控制在每分钟150到200字。",
    "too_slow": "语速偏慢或停顿较多，可以提前理清思路，说得更连贯。",
}


def _quantified(analysis: StarAnalysis) -> tuple[list[str], list[str]]:
    """Figures told inside the story, and those inside result clauses."""
    story, results = [], []
    for clause in analysis.clauses:
        if clause.mode != "narrative" or not clause.roles:
            continue
        figures = find_quantities(clause.text)
        story.extend(figures)
        if "result" in clause.roles:
            results.extend(figures)
    return story, results


def _workplace_story(analysis: StarAnalysis, text: str) -> bool:
    """A story set at work or study, or one that reaches a result: not a holiday anecdote."""
    return bool(WORK.search(text)) or analysis.star["result"]


LENGTH_POINTS = 5.0  # small: a terse complete story must not lose much to a long one


def _full_length(question: Question) -> float:
    """Characters that earn full length points: a third of the time limit at 175 字/分."""
    return max(80.0, min(200.0, question.time_limit_s / 3 * 175 / 60))


def _vague_result(analysis: StarAnalysis) -> bool:
    """Every result the answer states is hedged ("好像快了一点", "还可以")."""
    results = [c.text for c in analysis.clauses if "result" in c.roles]
    return bool(results) and all(VAGUE.search(text) for text in results)


def _action_share(analysis: StarAnalysis, plan_asked: bool) -> float:
    """Rich, real actions earn the full action points; one step or a mere plan earns part.

    When the question itself asks for a plan ("如果让你负责…"), planned steps count in full.
    """
    n = analysis.narrative_actions + (analysis.other_actions if plan_asked else 0)
    if n:
        return min(1.0, 0.45 + 0.2 * n)
    return 0.45 if analysis.other_actions >= 2 else 0.3 if analysis.other_actions else 0.0


def score_answer(
    question: Question,
    text: str,
    timing: dict | None = None,
    acoustics: dict | None = None,
) -> AnswerScore:
    """Score one answer 0–100 with its STAR parts, figures, indicators, evidence and tips."""
    reading = read_answer(text)
    text, length = reading.text, reading.length
    if length < 4:
        return AnswerScore(
            score=0.0,
            star=dict.fromkeys(STAR_PARTS, False),
            tips=[TIPS["empty"]],
            flags=["empty"],
            band="weak",
            evidence=[{"sentence": text, "effect": "-", "reason": "没有有效内容"}] if text else [],
        )
    analysis = reading.analysis
    topics = topic_hits(question, reading.topic_text)
    keywords_hit, topic_count = topics.keywords, topics.count
    flags: list[str] = []
    plan_asked = asks_for_plan(question.text, question.star_expected)
    real_story = analysis.narrative_actions > 0 or analysis.star["result"]
    real_story = real_story or (plan_asked and analysis.other_actions > 0)
    if reading.dont_know and analysis.narrative_actions == 0 and length < 80:
        flags.append("dont_know")
    elif (
        topic_count == 0
        and (analysis.narrative_actions == 0 or not _workplace_story(analysis, reading.topic_text))
    ) or (topic_count == 1 and not any(analysis.star.values())):
        flags.append("off_topic")
    elif topic_count == 0:
        flags.append("low_relevance")
    implausible = implausible_figures(text)
    gaming = gaming_flags(question, reading, topics, implausible)
    gamed = {g.code for g in gaming}
    flags.extend(g.code for g in gaming)
    star = dict(analysis.star)
    non_answer = bool({"dont_know", "off_topic", "keyword_list", "off_competency"} & set(flags))
    if non_answer:
        star = dict.fromkeys(STAR_PARTS, False)
    if "no_personal_action" in gamed:
        star["action"] = False

    comps: dict[str, float] = {}
    expected = [p for p in STAR_PARTS if p in question.star_expected] or list(STAR_PARTS)
    scale = STAR_TOTAL / sum(STAR_POINTS[p] for p in expected)
    story_figs, result_figs = _quantified(analysis)
    if implausible:  # impossible figures are not evidence
        story_figs = [f for f in story_figs if not any(f in bad for bad in implausible)]
        result_figs = [f for f in result_figs if not any(f in bad for bad in implausible)]
    star_pts = 0.0
    for part in expected:
        if not star[part]:
            continue
        share = 1.0
        if part == "action":
            share = _action_share(analysis, plan_asked)
        elif part == "result":
            share = 1.0 if result_figs else 0.45 if _vague_result(analysis) else 0.65
        star_pts += STAR_POINTS[part] * share * scale
    comps["star"] = star_pts
    strong_results = [f for f in result_figs if is_change_figure(f) or len(f) > 1]
    comps["figures"] = min(12.0, 2.5 * len(story_figs) + 3.5 * len(strong_results))
    comps["relevance"] = RELEVANCE_POINTS[min(topic_count, len(RELEVANCE_POINTS) - 1)]
    levels, opens, closes = reading.levels, reading.opens, reading.closes
    comps["structure"] = (
        (2.0 * levels if levels >= 2 else 0.0)
        + (1.5 if opens else 0)
        + (2.5 if closes and real_story else 0)
    )
    full = _full_length(question)
    comps["length"] = max(0.0, min(LENGTH_POINTS, (length - 30) / (full - 30) * LENGTH_POINTS))
    fillers = reading.fillers
    density = fillers * 100 / max(length, 1)
    comps["fillers"] = -min(6.0, 2.0 * max(0.0, density - 1.5))
    claims = sum(1 for c in analysis.clauses if c.mode == "claim")
    comps["claims"] = -min(8.0, 3.0 * claims) if not real_story else 0.0
    delivery, delivery_flags = delivery_penalties(question, text, timing, acoustics)
    comps["delivery"] = delivery
    flags.extend(delivery_flags)
    if length < 40 and "dont_know" not in flags:
        flags.append("too_short")

    score = sum(comps.values())
    cap = 100.0
    if "dont_know" in flags:
        cap = 10.0
    elif "off_topic" in flags:
        cap = 15.0
    elif "too_short" in flags:
        cap = 35.0
    if not real_story:
        cap = min(cap, 45.0)
    if gaming:
        cap = min(cap, GAMING_CAP)
    score = round(max(0.0, min(cap, score)), 1)
    band = "strong" if score >= 75 else "ok" if score >= 55 else "weak"
    evidence, tips = build_evidence(
        analysis, star, flags, story_figs, density, levels, TIPS, real_story
    )
    if gaming:
        evidence = [{"sentence": "", "effect": "-", "reason": g.reason} for g in gaming] + evidence
        extra = {
            "keyword_list": "real_example",
            "off_competency": "off_topic",
            "implausible_figures": "plausible_figures",
            "no_personal_action": "personal_action",
        }
        tips = list(dict.fromkeys([TIPS[extra[g.code]] for g in gaming] + tips))[:4]
    log.debug("scored answer: %s points, flags %s", score, flags)
    return AnswerScore(
        score=score,
        star=star,
        quantified=[] if non_answer else story_figs,
        keywords_hit=keywords_hit,
        evidence=evidence,
        tips=tips,
        flags=flags,
        band=band,
        components={k: round(v, 1) for k, v in comps.items()},
        gaming=[g.to_dict() for g in gaming],
    )
