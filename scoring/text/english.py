"""Answers given in English: the same STAR analysis and style measures as for Chinese.

Candidates sometimes answer in English (foreign-invested employers, returnees). The clause
modes and STAR cues below mirror `star.py`; topic words are glossed into the Chinese lexicon
through `scoring/lexicon/english.json`, so relevance uses the same competency words.
"""

from __future__ import annotations

import json
import re
from functools import cache

from scoring.text.lexicon import LEXICON_DIR
from scoring.text.star import Clause, StarAnalysis
from scoring.types import STAR_PARTS

CHARS_PER_WORD = 1.7  # an English word carries about as much as 1.7 Chinese characters
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,]\d+)?%?")
SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
CLAUSE = re.compile(r",\s*|\s+(?=(?:and then|then|so|but|which|after that|and I|and we)\b)", re.I)

HYPOTHETICAL = re.compile(r"\b(if|would|I'd|I will|I'll|I'm going to|I plan to|suppose)\b", re.I)
HABITUAL = re.compile(
    r"\b(usually|normally|generally|always|whenever|every time|tend to|typically)\b", re.I
)
OPINION = re.compile(
    r"^(I think|I believe|I feel|in my opinion)|\b(most important|the key is|should|must|"
    r"it's important|is important|I'm good at|I am good at|I'm a|I am a)\b",
    re.I,
)
CLAIM = re.compile(
    r"\b(many years|lots of|a lot of|various|plenty of|rich experience|have handled many)\b", re.I
)
NEGATED = re.compile(
    r"\b(never (had|done|handled)|haven't|have not|don't know|no experience|not sure)\b", re.I
)
SITUATION = re.compile(
    r"\b(last (year|month|week|summer|winter)|(two|three|a few|\d+) (years|months) ago|in (19|20)\d\d|"
    r"when I was|at my (previous|last)|at (a|an|my|our) [\w -]{2,40}(company|plant|factory|store|hospital|"
    r"school|bank|team|firm|chain)|once|one time|at the time|the problem was|there was|we had|"
    r"only \d|dropped|complain\w*|conflict|oppos\w+|disagree\w*|behind schedule|tight|suddenly|churn\w*)\b",
    re.I,
)
TASK = re.compile(
    r"\b(my (task|goal|job|role|responsibility|target) (was|is)|I was (responsible|in charge|asked|tasked)|"
    r"asked me to|I had to|(the|our) (goal|target) was|I led|I took over|I took charge|responsible for|"
    r"gave me \w+ (days|weeks|months))\b",
    re.I,
)
ACTION = re.compile(
    r"\b(I|we)\s+(?!was\b|am\b|were\b|think|believe|feel|had\b|have\b|would|will|wanted|hope|"
    r"noticed|suspected|found that)(first\s+|then\s+|also\s+|immediately\s+|personally\s+)?[a-z]+(ed|t)?\b"
    r"|^(then|first|next|after that|afterwards|also)\s*,?\s*(I|we)?\s*[a-z]+ed\b"
    r"|^(and\s+)?(called|contacted|arranged|set up|built|wrote|met|organi[sz]ed|talked|listened|"
    r"apologi[sz]ed|checked|analy[sz]ed|pulled|traced|replaced|trained|reorgani[sz]ed|proposed|"
    r"negotiated|changed|added|sent|asked|spent|measured|tutored|paired|shared|gave|made|exported|"
    r"paused|reported|interviewed|prioriti[sz]ed|launched|requested|followed)\b",
    re.I,
)
RESULT = re.compile(
    r"\b(as a result|in the end|eventually|finally|ultimately|rose|increased|decreased|dropped to|"
    r"fell|reduced|cut|improved|grew|went up|went down|saved|signed|won|achieved|reached|delivered|"
    r"launched|on time|ahead of schedule|adopted|rolled out|agreed|accepted|satisfied|thanked|praised|"
    r"five-star|resolved|fixed|passed|back to|from \d[\d.,%]* to \d|avoided|caught|returned to|"
    r"scored|was written into|no longer|never again)\b",
    re.I,
)
SEQUENCE_WORDS = (("first", "firstly"), ("second", "then", "next"), ("finally", "lastly", "third"))
FILLER = re.compile(r"\b(um+|uh+|er+m?|you know|I mean|kind of|sort of|like,)\b", re.I)
DONT_KNOW = re.compile(r"\b(don't know|no idea|skip|never done|no experience|can't answer)\b", re.I)
CLOSING = re.compile(r"\b(I learned|lesson|looking back|in summary|to sum up|taught me)\b", re.I)
OPENING = re.compile(r"^(let me|I'll (share|tell)|one example|a good example)", re.I)
WORKPLACE = re.compile(
    r"\b(company|team|customer|client|project|manager|store|plant|office|colleague|department|product|users?)\b",
    re.I,
)


def is_english(text: str) -> bool:
    """Mostly Latin letters and at least a sentence's worth of words."""
    latin, cjk = len(LATIN.findall(text)), len(CJK.findall(text))
    return latin >= 30 and latin > 4 * cjk


@cache
def _gloss_table() -> tuple[tuple[re.Pattern[str], str], ...]:
    with (LEXICON_DIR / "english.json").open(encoding="utf-8") as fh:
        table = json.load(fh)["gloss"]
    return tuple((re.compile(rf"\b{en}", re.I), zh) for en, zh in table.items())


def gloss(text: str) -> str:
    """Chinese lexicon words for the English words found: what relevance matching reads."""
    return " ".join(zh for pattern, zh in _gloss_table() if pattern.search(text))


def _mode(clause: str, sentence_mode: str) -> str:
    if NEGATED.search(clause):
        return "negated"
    if sentence_mode != "narrative":
        return sentence_mode
    if OPINION.search(clause):
        return "opinion"
    if CLAIM.search(clause):
        return "claim"
    if HABITUAL.search(clause):
        return "habitual"
    return "narrative"


def analyse_english(text: str) -> StarAnalysis:
    sentences = [s.strip() for s in SENTENCE.split(text) if s.strip()]
    clauses: list[Clause] = []
    seen_story = False
    for si, sentence in enumerate(sentences):
        smode = "hypothetical" if HYPOTHETICAL.search(sentence) else "narrative"
        smode = "habitual" if smode == "narrative" and HABITUAL.search(sentence) else smode
        for raw in (p.strip() for p in CLAUSE.split(sentence)):
            if not raw or raw.lower() in {
                "and then",
                "then",
                "so",
                "but",
                "which",
                "after that",
                "and i",
                "and we",
            }:
                continue
            c = Clause(raw, si, _mode(raw, smode))
            if c.mode not in ("opinion", "claim", "negated") and ACTION.search(raw):
                c.roles.add("action")
                c.actor = "we" if re.match(r"(\w+\s+){0,3}we\b", raw, re.I) else "me"
            if c.mode == "narrative":
                if SITUATION.search(raw) and not (seen_story and RESULT.search(raw)):
                    c.roles.add("situation")
                if TASK.search(raw):
                    c.roles.add("task")
                if seen_story and RESULT.search(raw):
                    c.roles.discard("situation")
                    c.roles.add("result")
                seen_story = seen_story or bool(c.roles)
            clauses.append(c)
    narrative = sum(1 for c in clauses if "action" in c.roles and c.mode == "narrative")
    other = sum(1 for c in clauses if "action" in c.roles and c.mode != "narrative")
    star = {p: any(p in c.roles for c in clauses) for p in STAR_PARTS}
    return StarAnalysis(sentences, clauses, star, narrative, other)


def english_length(text: str) -> int:
    """Length in Chinese-character equivalents, so length points mean the same in both."""
    words = len(WORD.findall(FILLER.sub("", text)))
    return round(words * CHARS_PER_WORD)


def english_fillers(text: str) -> int:
    return len(FILLER.findall(text))


def english_levels(text: str) -> int:
    lowered = text.lower()
    return sum(1 for words in SEQUENCE_WORDS if any(re.search(rf"\b{w}\b", lowered) for w in words))


def english_summary(sentences: list[str]) -> tuple[bool, bool]:
    if not sentences:
        return False, False
    return bool(OPENING.search(sentences[0])), bool(CLOSING.search(sentences[-1]))
