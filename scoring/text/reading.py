"""One answer read once: normalised text, language, STAR analysis and delivery measures.

Everything downstream (scoring, gaming checks, follow-up questions) works on a `Reading`, so
Chinese in any script or dialect and English answers are judged by the same components.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.text import english
from scoring.text.normalise import normalise
from scoring.text.star import StarAnalysis, analyse_star
from scoring.text.style import (
    DONT_KNOW,
    filler_count,
    has_summary,
    meaningful_length,
    sequence_levels,
)


@dataclass
class Reading:
    original: str
    text: str  # normalised: simplified, standard Mandarin, without self-introduction
    language: str  # "zh" | "en"
    analysis: StarAnalysis
    length: int  # meaningful length in Chinese-character equivalents
    fillers: int
    levels: int  # ordering words used (首先/其次/最后), 0–3
    opens: bool  # opens with a summary
    closes: bool  # closes with a summary or reflection
    dont_know: bool
    topic_text: str  # what topic matching reads (English is glossed into lexicon words)


def read_answer(text: str) -> Reading:
    original = (text or "").strip()
    if english.is_english(original):
        analysis = english.analyse_english(original)
        opens, closes = english.english_summary(analysis.sentences)
        return Reading(
            original,
            original,
            "en",
            analysis,
            english.english_length(original),
            english.english_fillers(original),
            english.english_levels(original),
            opens,
            closes,
            bool(english.DONT_KNOW.search(original)),
            original + " " + english.gloss(original),
        )
    normalised = normalise(original)
    analysis = analyse_star(normalised)
    opens, closes = has_summary(analysis.sentences)
    return Reading(
        original,
        normalised,
        "zh",
        analysis,
        meaningful_length(normalised),
        filler_count(normalised),
        sequence_levels(normalised),
        opens,
        closes,
        bool(DONT_KNOW.search(normalised)),
        normalised,
    )
