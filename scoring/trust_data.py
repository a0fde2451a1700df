"""Shared pieces of issue 14's evaluation: the labelled sets and how a figure is reported."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from scoring.answers import score_answer
from scoring.types import STAR_PARTS, Question

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TRUST = DATA / "trust"
BATCHES = ("tune", "heldout", "heldout2")
# heldout2 was written after the held-out batch had been looked at, for the kinds still missed
# then (off-competency stories, JD concepts, due hints); it has only those sets.
FULL_BATCHES = ("tune", "heldout")
GAMING_KINDS = ("keyword_list", "off_competency", "absurd_figures", "company_achievements")
SAME_TOPIC = {"pregnancy": "childbearing", "region": "hukou"}
LEVEL_DIRECTION = {"优秀": "pass", "良好": "pass", "合格": "review", "待提升": "not_pass"}
# What a report sentence is about, judged independently of how the report is written.
ASPECTS = {
    "result": re.compile(r"结果|成果|成效"),
    "figures": re.compile(r"数据|数字"),
    "action": re.compile(r"行动|做法|做了哪些"),
    "situation": re.compile(r"背景|情境"),
    "task": re.compile(r"任务|职责|角色"),
    "fillers": re.compile(r"口头禅"),
}


@dataclass
class Figure:
    name: str
    value: float
    target: str
    ok: bool
    detail: str = ""


def has_set(name: str) -> bool:
    return (TRUST / name).exists()


def load(name: str) -> list[dict]:
    path = TRUST / name if not name.startswith("../") else DATA / name[3:]
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _question(rec: dict) -> Question:
    star = tuple(rec.get("star_expected") or STAR_PARTS)
    limit = int(rec.get("time_limit_s", 120))
    return Question(rec["question"], rec.get("dimension", ""), rec.get("keywords", []), limit, star)


def _score(rec: dict, text: str):
    return score_answer(_question(rec), text)
