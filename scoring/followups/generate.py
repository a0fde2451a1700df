"""One follow-up question (追问) when an answer leaves out what the question expects.

Like a human interviewer, it asks for the one missing part that matters most (a real example,
then the result, then the candidate's own actions, then a figure for a result told in words),
quoting the candidate's own words back to them: "你提到上线了一键排课，这件事最后带来了什么结果？"
It never asks for what the answer already says, and asks nothing of a non-answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.answers import score_answer
from scoring.followups.templates import PLACEHOLDER, FollowUpTemplates, builtin_templates
from scoring.questions import ForbiddenTopicError, check_question_text
from scoring.text.quantities import find_quantities
from scoring.text.star import Clause, StarAnalysis, analyse_star
from scoring.types import Question

NON_ANSWERS = {"empty", "dont_know", "off_topic", "too_short"}
QUOTE_MIN, QUOTE_MAX = 5, 22  # characters of the quoted clause
# Openers that only link the story ("然后…", "第一期先…") and adverbs after the subject.
_LEAD = re.compile(
    r"^(并且|而且|以及|并|首先|其次|然后|接着|随后|于是|之后|后来|后面|最后|最终|同时|另外|此外|所以|因此|并且|而且|"
    r"当时|那时候?|第[一二三四五六七八九十]+(步|点|期|是)?|[一二三四五]是|先|再|又|还|也|就|便)"
)
_SUBJECT = re.compile(r"^(我们|我|自己)")
# A quote that leans on what came before ("这些", "他") reads badly out of context.
_DEMONSTRATIVE = re.compile(r"这些|那些|这个|那个|这样|那样|这件|上述|其中")
_PRONOUN = re.compile(r"他|她|它")
_TEAM = re.compile(r"我们|团队|大家|部门|公司|领导|同事")
_OWN = re.compile(r"我(?!们)")
# A result told as a change ("满意度提升了") invites a figure; "客户撤回了投诉" does not.
_CHANGE = re.compile(
    r"提升|提高|增长|增加|降低|下降|减少|缩短|节省|省了|改善|好转|多了|少了|快了|高了|低了|涨|翻"
)
# Finishing one's own work ("上线了一键排课") is an output: a good interviewer still asks what it
# brought, unless a change is told with it.
_OUTPUT = re.compile(r"上线|完成|做完|交付|提交|发布|写完|做好|推出|交给")
# Figures said in words: "四成", "翻了一番", "从两天到半天".
_FIGURE_WORDS = re.compile(
    r"[一二两三四五六七八九十几半\d]成|翻了?一?(番|倍)|从.{1,12}(到|至|降|提|涨|增)"
)
_PUNCT = "，。；：、！？,.;:!?… "


@dataclass(frozen=True)
class FollowUp:
    part: str  # example | result | action | figure (templates.PARTS)
    text: str
    quote: str | None  # the candidate's clause, as quoted


def second_person(clause: str) -> str:
    """The clause as the interviewer would say it back: openers dropped, 我 → 你."""
    text = clause.strip(_PUNCT)
    for _ in range(3):
        text = _LEAD.sub("", text)
    subject = _SUBJECT.match(text)
    if subject:
        text = ("你们" if subject.group(1) == "我们" else "") + text[subject.end() :]
        for _ in range(2):
            text = re.sub(r"^(就|便|也|还|又|再|先)", "", text)
    text = text.replace("我们", "你们").replace("我", "你")
    return text.rstrip(_PUNCT + "吧呢啊嘛")


def _speakers(clauses: list[Clause]) -> list[bool]:
    """For each clause, whether the speaker is its subject: said with 我, or carried over from
    the last clause that named a subject ("我就跟他道歉，然后帮他查了…")."""
    own, found = False, []
    for clause in clauses:
        head = _LEAD.sub("", clause.text.strip(_PUNCT))
        if _TEAM.match(head):
            own = False
        elif _OWN.search(clause.text):
            own = True
        found.append(own)
    return found


def _quotable(clauses: list[Clause], own: dict[int, bool], part: str) -> list[str]:
    """Candidate quotes, best first: the speaker's own deeds (the team's, when asking what the
    speaker did), later in the story, readable out of context ("把这些…" is not)."""
    scored = []
    for index, clause in enumerate(clauses):
        quote = second_person(clause.text)
        if not QUOTE_MIN <= len(quote) <= QUOTE_MAX:
            continue
        penalty = 100 if _DEMONSTRATIVE.search(quote) else 30 if _PRONOUN.search(quote) else 0
        if part == "action":
            penalty += 0 if _TEAM.search(clause.text) else 50
        else:
            penalty += 0 if own.get(id(clause)) else 50
        scored.append((penalty - index, quote))
    return [q for _, q in sorted(scored)]


def _figures(text: str) -> bool:
    return bool(find_quantities(text) or _FIGURE_WORDS.search(text))


def _missing(question: Question, analysis: StarAnalysis) -> tuple[str, list[Clause]] | None:
    """The part to ask for, and the clauses a quote may come from."""
    expected = set(question.star_expected)
    narrative = [c for c in analysis.clauses if c.mode == "narrative"]
    story = [c for c in narrative if c.roles]
    actions = [c for c in story if "action" in c.roles]
    results = [c for c in story if "result" in c.roles]
    if "situation" in expected and not story:
        told = [c for c in analysis.clauses if c.mode in ("opinion", "habitual", "hypothetical")]
        return "example", told
    outcomes = [c for c in results if not _OUTPUT.search(c.text) or _CHANGE.search(c.text)]
    if "result" in expected and actions and not outcomes:
        return "result", actions + results
    told_by_self = any(_OWN.search(s) for s in analysis.sentences)
    if "action" in expected and (not actions or not told_by_self):
        return "action", actions or story
    changes = [c for c in results if _CHANGE.search(c.text)]
    if "result" in expected and changes and not any(_figures(c.text) for c in results):
        return "figure", changes
    return None


def follow_up_for(
    question: Question,
    text: str,
    templates: FollowUpTemplates | None = None,
    variant: int = 0,
) -> FollowUp | None:
    """The follow-up to ask after `text`, or None when the answer needs none.

    `variant` (e.g. the question's position) picks among the templates, so one interview's
    follow-ups do not all sound alike; the same answer always gets the same follow-up.
    """
    templates = templates or builtin_templates()
    scored = score_answer(question, text)
    if NON_ANSWERS & set(scored.flags):
        return None
    analysis = analyse_star(text)
    found = _missing(question, analysis)
    if found is None:
        return None
    part, clauses = found
    options = templates.quoted[part]
    template = options[variant % len(options)]
    own = {id(c): o for c, o in zip(analysis.clauses, _speakers(analysis.clauses), strict=True)}
    for quote in _quotable(clauses, own, part):
        candidate = template.replace(PLACEHOLDER, quote)
        try:
            check_question_text(candidate)  # the candidate's words may touch a forbidden topic
        except ForbiddenTopicError:
            continue
        return FollowUp(part, candidate, quote)
    return FollowUp(part, templates.plain[part], None)
