"""The chart options the page draws carry the same figures as the API."""

from app.services import analytics_charts as charts

RESULT = {
    "funnel": [{"stage": "scored", "label": "完成并出分", "n": 300}],
    "figures": {
        "validity": [
            {
                "target": "q:7",
                "n": 246,
                "r": -0.04,
                "ci_low": -0.17,
                "ci_high": 0.08,
                "status": "ineffective",
            },
            {
                "target": "overall",
                "n": 20,
                "r": None,
                "ci_low": None,
                "ci_high": None,
                "status": "insufficient_data",
            },
        ],
        "fairness": [
            {
                "attribute": "age_band",
                "group": "25-34",
                "rate_kind": "scoring",
                "n": 120,
                "rate": 0.55,
                "impact_ratio": 1.0,
                "p_value": None,
                "flag": None,
            },
            {
                "attribute": "age_band",
                "group": ">=45",
                "rate_kind": "scoring",
                "n": 52,
                "rate": 0.3,
                "impact_ratio": 0.545,
                "p_value": 0.001,
                "flag": "adverse_impact",
            },
            {
                "attribute": "age_band",
                "group": "<25",
                "rate_kind": "scoring",
                "n": None,
                "rate": None,
                "impact_ratio": None,
                "p_value": None,
                "flag": "excluded",
            },
        ],
    },
    "validity_notes": [{"label": "题目 7：复盘"}, {"label": "总分"}],
}


def test_forest_plot_shows_each_interval_with_its_n_and_skips_rows_without_one():
    option = charts.forest(RESULT)
    assert option["yAxis"]["data"] == ["题目 7：复盘（n=246）"]
    assert option["series"][0]["data"][0]["value"] == [-0.17, -0.17, -0.04, 0.08, 0.08]
    assert {line["xAxis"] for line in option["series"][0]["markLine"]["data"]} == {0, 0.1}


def test_rate_chart_draws_the_four_fifths_line_and_hides_groups_under_five():
    option = charts.rates(RESULT, "scoring")
    assert option["xAxis"]["data"] == ["年龄段·25–34岁\nn=120", "年龄段·45岁及以上\nn=52"]
    assert option["series"][1]["name"] == "4/5 线" and option["series"][1]["data"] == [0.44, 0.44]
    assert option["series"][0]["data"][1]["itemStyle"]["color"] == "#c62828"
