"""The data review as an Excel workbook: the same tables the page shows, aggregates only."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

STATUS_LABELS = {
    "insufficient_data": "样本不足",
    "no_evidence": "证据不足",
    "predictive": "有预测力",
    "ineffective": "无效",
    "inverse": "反向",
}
FLAG_LABELS = {"adverse_impact": "不利影响", "watch": "观察", "excluded": "不参与比较", None: ""}


def workbook(result: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "漏斗"
    _table(sheet, ["环节", "人数"], [[s["label"], s["n"]] for s in result["funnel"]])
    sheet.append([])
    sheet.append([result["funnel_sentence"]])
    validity = book.create_sheet("效度")
    _table(
        validity,
        ["对象", "结果", "n", "r", "95%下限", "95%上限", "校正后r", "BH校正p", "结论", "说明"],
        [
            [
                note["label"],
                result["outcome_label"],
                r["n"],
                r["r"],
                r["ci_low"],
                r["ci_high"],
                r["r_corrected"],
                r["p_adj"],
                STATUS_LABELS[r["status"]],
                note["sentence"],
            ]
            for r, note in zip(result["figures"]["validity"], result["validity_notes"], strict=True)
        ],
    )
    fairness = book.create_sheet("公平性")
    _table(
        fairness,
        [
            "维度",
            "群体",
            "比率",
            "n",
            "比率值",
            "95%下限",
            "95%上限",
            "影响比",
            "Fisher p",
            "标记",
            "说明",
        ],
        [
            [
                note["attribute_label"],
                note["group_label"],
                note["rate_label"],
                r["n"],
                r["rate"],
                r["ci_low"],
                r["ci_high"],
                r["impact_ratio"],
                r["p_value"],
                FLAG_LABELS[r["flag"]],
                note["sentence"],
            ]
            for r, note in zip(result["figures"]["fairness"], result["fairness_notes"], strict=True)
        ],
    )
    weights = book.create_sheet("权重建议")
    suggested = result["weights"]["suggested"] or {}
    _table(
        weights,
        ["维度", "当前权重", "建议权重"],
        [[k, w, suggested.get(k, "")] for k, w in result["weights"]["current"].items()],
    )
    weights.append([])
    weights.append([result["weights"]["reason"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet, header: list[str], rows: list[list]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
