"""ECharts options for the data-review page, built from the same figures the API returns.

A forest plot of validity (each target's r with its 95% interval and n), the funnel, and pass
rates by group with the four-fifths line. Plain dicts, so the page embeds them as JSON.
"""

from __future__ import annotations

from app.services import analytics_text as text

STATUS_COLOURS = {
    "predictive": "#2e7d32",
    "no_evidence": "#607d8b",
    "ineffective": "#c62828",
    "inverse": "#6a1b9a",
    "insufficient_data": "#b0bec5",
}


def funnel(result: dict) -> dict:
    stages = result["funnel"]
    return {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "10%",
                "width": "80%",
                "label": {"show": True, "position": "inside"},
                "data": [{"name": f"{s['label']} {s['n']}", "value": s["n"]} for s in stages],
            }
        ],
    }


def forest(result: dict) -> dict:
    """Horizontal boxes from the interval's low to high end, the line inside at r."""
    rows = [
        (row, note)
        for row, note in zip(result["figures"]["validity"], result["validity_notes"], strict=True)
        if row["r"] is not None and row["ci_low"] is not None
    ]
    labels = [f"{note['label'][:18]}（n={row['n']}）" for row, note in rows]
    boxes = [
        {
            "value": [row["ci_low"], row["ci_low"], row["r"], row["ci_high"], row["ci_high"]],
            "itemStyle": {"borderColor": STATUS_COLOURS[row["status"]]},
        }
        for row, _ in rows
    ]
    return {
        "grid": {"left": 260, "right": 40, "top": 30, "bottom": 40},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "min": -1, "max": 1, "name": "r（95% 区间）"},
        "yAxis": {"type": "category", "data": labels, "inverse": True},
        "series": [
            {
                "type": "boxplot",
                "name": "效度",
                "boxWidth": [4, 10],
                "data": boxes,
                "markLine": {
                    "symbol": "none",
                    "data": [
                        {"xAxis": 0, "label": {"formatter": "0"}},
                        {
                            "xAxis": 0.1,
                            "label": {"formatter": "0.10"},
                            "lineStyle": {"type": "dashed"},
                        },
                    ],
                },
            }
        ],
    }


def rates(result: dict, kind: str) -> dict:
    """Rates by group (single attributes); a mark on each bar at four-fifths of the highest
    rate of that bar's attribute: a bar below its mark is under the four-fifths line."""
    rows = [
        r
        for r in result["figures"]["fairness"]
        if r["rate_kind"] == kind
        and "×" not in r["attribute"]
        and r["rate"] is not None
        and r["group"] != "unknown"
    ]
    colours = {"adverse_impact": "#c62828", "watch": "#ef6c00", "excluded": "#b0bec5"}
    references = {
        r["attribute"]: r["rate"] for r in rows if r["impact_ratio"] == 1.0 and r["p_value"] is None
    }
    labels = [
        f"{text.ATTRIBUTE_LABELS[r['attribute']]}·{text.group_label(r['group'])}\nn={r['n']}"
        for r in rows
    ]
    marks = [
        round(0.8 * references[r["attribute"]], 4) if r["attribute"] in references else None
        for r in rows
    ]
    return {
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 60},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": [text.RATE_LABELS[kind], "4/5 线"]},
        "xAxis": {"type": "category", "data": labels, "axisLabel": {"interval": 0, "fontSize": 11}},
        "yAxis": {"type": "value", "min": 0, "max": 1},
        "series": [
            {
                "type": "bar",
                "name": text.RATE_LABELS[kind],
                "data": [
                    {"value": r["rate"], "itemStyle": {"color": colours.get(r["flag"], "#1976d2")}}
                    for r in rows
                ],
            },
            {
                "type": "scatter",
                "name": "4/5 线",
                "symbol": "rect",
                "symbolSize": [46, 3],
                "itemStyle": {"color": "#263238"},
                "data": marks,
            },
        ],
    }
