"""The data review of one job and period: the core's figures plus what the page needs.

`figures` is exactly what `python -m scoring analytics` prints for the same candidates, the
job's weights and thresholds, so the CLI, the admin API and the page agree to the digit.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from app.extensions import db
from app.models import Job, Question
from app.services import analytics_text as text
from app.services.analytics_data import Period, funnel, job_data
from app.services.outcome_kinds import KINDS
from scoring.analytics import analyse

DEFAULT_OUTCOME = "final_round"
FLAG_STATUSES = ("ineffective", "inverse")
FAIRNESS_FLAGS = ("adverse_impact", "watch")


def job_analytics(job: Job, period: Period, outcome: str = DEFAULT_OUTCOME) -> dict:
    data = job_data(job, period)
    weights = {d.name: d.weight for d in job.dimensions}
    thresholds = (job.pass_threshold, job.review_threshold)
    report = analyse(data, outcome, weights=weights, thresholds=thresholds)
    figures = report.to_dict()
    questions = dict(
        db.session.execute(
            select(Question.id, Question.text).where(
                Question.id.in_([int(q) for q in data.questions] or [-1])
            )
        ).all()
    )
    qtext = {str(k): v for k, v in questions.items()}
    stages = funnel(job, period, data)
    advice = report.weights
    return {
        "job": {
            "id": job.id,
            "title": job.title,
            "model_version": job.model_version,
            "pass_threshold": job.pass_threshold,
            "review_threshold": job.review_threshold,
        },
        "period": {
            "from": period.start.date().isoformat() if period.start else None,
            "to": period.end.date().isoformat() if period.end else None,
        },
        "outcome": outcome,
        "outcome_label": KINDS[outcome][0],
        "outcomes_known": {k: int(np.sum(~np.isnan(v))) for k, v in data.outcomes.items()},
        "candidates": len(data),
        "funnel": stages,
        "funnel_sentence": text.funnel_sentence(stages),
        "figures": figures,
        "validity_notes": [
            {
                "label": text.target_label(row["target"], qtext),
                "sentence": text.validity_sentence(row, outcome),
            }
            for row in figures["validity"]
        ],
        "fairness_notes": [
            {
                "attribute_label": text.ATTRIBUTE_LABELS[row["attribute"]],
                "group_label": text.group_label(row["group"]),
                "rate_label": text.RATE_LABELS[row["rate_kind"]],
                "sentence": text.fairness_sentence(row),
            }
            for row in figures["fairness"]
        ],
        "weights": {
            "current": advice.current,
            "suggested": advice.suggested,
            "reason": advice.reason,
            "what_if": advice.what_if.to_dict() if advice.what_if else None,
            "what_if_notes": what_if_notes(advice.what_if.to_dict()) if advice.what_if else [],
        },
        "flags": flags(figures, qtext),
    }


BAND_LABELS = {"pass": "建议通过", "review": "复核", "not_pass": "不通过"}


def what_if_notes(what_if: dict) -> list[str]:
    """Plain sentences: who would change band, and the fairness flags under the new weights."""
    moves = "，".join(
        f"{BAND_LABELS[a]}→{BAND_LABELS[b]} {n} 人"
        for key, n in what_if["moves"].items()
        for a, b in [key.split("→")]
    )
    notes = [
        f"过去 {what_if['total']} 人若按建议权重计分，{what_if['changed']} 人的建议档位会变化"
        + (f"（{moves}）" if moves else "")
        + "。这只是模拟，不会改变已有结果。"
    ]
    for row in what_if["fairness"]:
        if row["flag"] in FAIRNESS_FLAGS:
            notes.append(
                f"新权重下 {text.ATTRIBUTE_LABELS[row['attribute']]} {text.group_label(row['group'])}"
                f" · {text.RATE_LABELS[row['rate_kind']]}：{FLAG_WORDS[row['flag']]}"
                f"（影响比 {row['impact_ratio']:.2f}，n={row['n']}）"
            )
    if len(notes) == 1:
        notes.append("新权重下没有出现不利影响或需观察的群体。")
    return notes


FLAG_WORDS = {"adverse_impact": "不利影响", "watch": "需观察"}


def flags(figures: dict, qtext: dict[str, str] | None = None) -> list[dict]:
    """What deserves a human look: ineffective or inverse items, adverse impact, watch."""
    out = []
    for row in figures["validity"]:
        if row["status"] in FLAG_STATUSES:
            out.append(
                {
                    "kind": row["status"],
                    "what": text.target_label(row["target"], qtext or {}),
                    "target": row["target"],
                    "n": row["n"],
                }
            )
    for row in figures["fairness"]:
        if row["flag"] in FAIRNESS_FLAGS:
            out.append(
                {
                    "kind": row["flag"],
                    "what": f"{text.ATTRIBUTE_LABELS[row['attribute']]} {text.group_label(row['group'])}"
                    f" · {text.RATE_LABELS[row['rate_kind']]}",
                    "attribute": row["attribute"],
                    "group": row["group"],
                    "rate_kind": row["rate_kind"],
                    "n": row["n"],
                    "impact_ratio": row["impact_ratio"],
                }
            )
    return out


def overview(jobs: list[Job], period: Period, outcome: str = DEFAULT_OUTCOME) -> list[dict]:
    """Per job: candidates, outcomes known and flags (the dashboard)."""
    out = []
    for job in jobs:
        result = job_analytics(job, period, outcome)
        out.append(
            {
                "job_id": job.id,
                "title": job.title,
                "candidates": result["candidates"],
                "outcomes_known": result["outcomes_known"][outcome],
                "flags": result["flags"],
            }
        )
    return out
