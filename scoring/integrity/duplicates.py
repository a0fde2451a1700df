"""Near-duplicate answers, confirmed on the texts: within one interview and against the index.

The index (`scoring.integrity.index`) proposes candidates from signatures; a flag is raised only
when the exact Jaccard similarity of the two texts reaches THRESHOLD, and it carries the
passages the two answers share, so HR can judge the match by reading it.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from scoring.integrity.fingerprint import jaccard
from scoring.integrity.index import THRESHOLD

MIN_PASSAGE = 8  # characters: shorter common runs are ordinary phrases ("我的任务是")
MAX_PASSAGES = 3


@dataclass(frozen=True)
class Match:
    ref: Hashable  # this answer
    other: Hashable  # the answer it nearly repeats
    similarity: float  # exact Jaccard of 4-character shingles, 0–1
    passages: tuple[str, ...]  # the longest runs of text both share, as this answer says them

    def to_dict(self) -> dict:
        return {
            "similarity": round(self.similarity, 2),
            "passages": list(self.passages),
        }


def shared_passages(text: str, other: str) -> tuple[str, ...]:
    """The longest runs of characters `text` shares with `other`, longest first."""
    blocks = SequenceMatcher(None, text, other, autojunk=False).get_matching_blocks()
    runs = sorted(
        (text[b.a : b.a + b.size].strip("，。；、,. ") for b in blocks if b.size >= MIN_PASSAGE),
        key=len,
        reverse=True,
    )
    return tuple(runs[:MAX_PASSAGES])


def match(ref: Hashable, text: str, other_ref: Hashable, other: str) -> Match | None:
    similarity = jaccard(text, other)
    if similarity < THRESHOLD:
        return None
    return Match(ref, other_ref, similarity, shared_passages(text, other))


def repeated_answers(answers: Sequence[tuple[Hashable, str]]) -> list[Match]:
    """Pairs of answers of one interview (to different questions) that nearly repeat each
    other; each pair once, the later answer as `ref`."""
    found = []
    for (a_ref, a_text), (b_ref, b_text) in itertools.combinations(answers, 2):
        m = match(b_ref, b_text, a_ref, a_text)
        if m is not None:
            found.append(m)
    return found


def confirm(
    ref: Hashable, text: str, candidates: Iterable[tuple[Hashable, str]], limit: int = 5
) -> list[Match]:
    """The candidates (from the index) that `text` really nearly repeats, most similar first."""
    found = [m for other_ref, other in candidates if (m := match(ref, text, other_ref, other))]
    return sorted(found, key=lambda m: -m.similarity)[:limit]
