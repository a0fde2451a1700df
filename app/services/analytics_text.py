"""Plain-Chinese sentences for every figure: what it means, and what it does not mean."""

from __future__ import annotations

from app.services.demographics import AGE_LABELS, EDUCATION, SEXES
from app.services.outcome_kinds import KINDS

RATE_LABELS = {
    "selection_ai": "AI 建议通过率",
    "selection_human": "HR 推进率",
    "scoring": "得分高于中位数的比例",
}
ATTRIBUTE_LABELS = {
    "sex": "性别",
    "age_band": "年龄段",
    "education": "学历",
    "sex×age_band": "性别×年龄段",
    "sex×education": "性别×学历",
}
_GROUP_WORDS = {**SEXES, **EDUCATION, **AGE_LABELS, "unknown": "未填写"}


def group_label(group: str) -> str:
    return "×".join(_GROUP_WORDS.get(part, part) for part in group.split("×"))


def target_label(target: str, questions: dict[str, str]) -> str:
    if target == "overall":
        return "总分"
    kind, _, name = target.partition(":")
    if kind == "dim":
        return f"维度：{name}"
    text = questions.get(name, "")
    return f"题目 {name}：{text[:30]}{'…' if len(text) > 30 else ''}"


def validity_sentence(row: dict, outcome: str) -> str:
    what = KINDS[outcome][0]
    n, r, low, high = row["n"], row["r"], row["ci_low"], row["ci_high"]
    status = row["status"]
    if status == "insufficient_data" or r is None:
        return f"样本只有 {n} 人，结论不可靠；至少需要 30 人才看相关。"
    figures = f"r={r:.2f}，95% 区间 {_fmt(low)}~{_fmt(high)}，n={n}"
    if status == "predictive":
        return (
            f"得分越高，{what}结果往往越好（{figures}）。这是相关而不是因果，"
            "只说明这项得分对“谁后来更好”有参考价值，不能单独决定录用。"
        )
    if status == "ineffective":
        return (
            f"得分与{what}结果几乎无关（{figures}，区间上限低于 0.10）。建议修改或替换这道题；"
            "这不说明题目对某个人不公平，也不说明候选人答得不好。"
        )
    if status == "inverse":
        return (
            f"得分越高，{what}结果反而越差（{figures}）。请复核评分要点；"
            "只看通过者时也可能出现这种筛选造成的假象，需人工判断。"
        )
    return (
        f"目前的数据既不能说明有效，也不能说明无效（{figures}，区间包含 0 附近的值）；"
        "需要更多有结果的候选人。"
    )


def fairness_sentence(row: dict) -> str:
    group = group_label(row["group"])
    rate_label = RATE_LABELS[row["rate_kind"]]
    if row["n"] is None:
        return f"{group}不足 5 人，为保护个人信息不显示任何数字。"
    base = f"{group}的{rate_label}为 {row['rate']:.0%}（n={row['n']}）"
    if row["flag"] == "excluded":
        return f"{base}。{row['reason']}，不参与四五规则比较；人数太少时比例很不稳定。"
    ratio = row["impact_ratio"]
    if ratio is None:
        return f"{base}。{row.get('reason') or '无法计算影响比'}。"
    if ratio == 1.0 and row["p_value"] is None:
        return f"{base}，是比率最高的组，作为其他组的参照。"
    share = f"是最高组的 {ratio:.0%}"
    if row["flag"] == "adverse_impact":
        return (
            f"{base}，{share}，低于 80%（四五规则），且差异在统计上显著（p={row['p_value']:.3g}）。"
            "需要复核题目与评分；这说明结果有差异，不等于已经证明存在歧视。"
        )
    if row["flag"] == "watch":
        return (
            f"{base}，{share}，低于 80%，但样本不足以确认差异（p={row['p_value']:.3g}），继续观察。"
        )
    return f"{base}，{share}，未低于 80%。这不等于对每个人都公平，只说明整体比例没有明显差距。"


def funnel_sentence(stages: list[dict]) -> str:
    scored = next((s["n"] for s in stages if s["stage"] == "scored"), 0)
    if scored < 30:
        return f"这段时间只有 {scored} 人完成面试，各环节的比例很不稳定，仅供参考。"
    return f"共 {scored} 人完成面试；每一步的人数都标在图上，比例只描述过去，不预测某个人。"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
