import json

import pytest

from scoring.jd import detect_role, parse_jd
from scoring.text_cli import main as cli

PM_JD = """产品经理（B端SaaS）
岗位职责：
1. 负责SaaS产品的需求调研与需求分析，深入一线进行用户访谈，挖掘用户痛点，输出PRD；
2. 制定产品路线图，合理安排需求优先级，推动研发、设计、测试按期交付；
3. 通过数据分析评估功能效果，持续优化用户体验；
4. 与销售、客服等部门保持沟通，收集客户反馈。
任职要求：3年以上B端产品经验，具备良好的沟通协调能力和项目管理能力，熟练使用SQL者优先。
"""

JDS = {
    "product": PM_JD,
    "sales": "招聘销售代表，负责开拓新客户，完成销售业绩目标，有较强的抗压能力和谈判能力。",
    "factory": "车间主管：负责生产计划排产，推进精益生产，保证产品质量和安全生产，控制成本。",
    "engineer": "Java后端开发工程师：负责高并发系统设计与开发，熟悉MySQL、Redis，有团队合作精神。",
    "service": "客服专员：处理客户投诉和咨询，维护客户关系，要求耐心、有服务意识，能承受工作压力。",
    "finance": "财务会计：负责日常核算、编制财务报表、税务申报，配合审计，做好预算和成本分析。",
    "hr": "招聘专员（HR）：负责社招与校招，拓展招聘渠道，筛选简历、安排面试，跟进offer与入职。",
    "empty": "",
}


def test_parse_jd_bare_product_manager_gives_the_reference_model():
    model = parse_jd("产品经理")
    assert {d.name: d.weight for d in model.dimensions} == {
        "需求分析": 35,
        "项目管理": 30,
        "用户思维": 35,
    }
    demand = next(d for d in model.dimensions if d.name == "需求分析")
    assert demand.keywords[:3] == ["用户调研", "优先级", "数据分析"]


@pytest.mark.parametrize("name", sorted(JDS))
def test_parse_jd_weights_sum_to_100_with_3_to_8_dimensions(name):
    model = parse_jd(JDS[name])
    assert 3 <= len(model.dimensions) <= 8
    assert sum(d.weight for d in model.dimensions) == 100
    assert all(isinstance(d.weight, int) and d.weight >= 5 for d in model.dimensions)
    assert all(d.keywords for d in model.dimensions)
    assert len({d.name for d in model.dimensions}) == len(model.dimensions)


@pytest.mark.parametrize(
    ("name", "top"),
    [
        ("product", "需求分析"),
        ("sales", "客户开发"),
        ("factory", "生产管理"),
        ("engineer", "技术能力"),
        ("service", "客户服务"),
        ("finance", "财务分析"),
        ("hr", "招聘配置"),
    ],
)
def test_parse_jd_heaviest_dimension_matches_the_role(name, top):
    model = parse_jd(JDS[name])
    assert max(model.dimensions, key=lambda d: d.weight).name == top


def test_parse_jd_picks_up_competencies_the_text_stresses():
    names = {d.name for d in parse_jd(PM_JD).dimensions}
    assert {"需求分析", "项目管理", "用户思维", "数据分析", "沟通协调"} <= names


def test_parse_jd_is_deterministic():
    assert parse_jd(PM_JD).to_dict() == parse_jd(PM_JD).to_dict()


@pytest.mark.parametrize(
    ("title", "role"),
    [("高级产品经理", "产品经理"), ("项目经理", "项目经理"), ("门店店长", "管理")],
)
def test_detect_role_prefers_the_longest_alias(title, role):
    assert detect_role("负责团队日常工作", title).name == role


def test_cli_jd_prints_the_documented_format(tmp_path, capsys):
    path = tmp_path / "jd.txt"
    path.write_text(PM_JD, encoding="utf-8")
    assert cli("jd", [str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"dimensions", "warnings"}  # issue 14 added warnings
    assert out["warnings"] == []
    assert sum(d["weight"] for d in out["dimensions"]) == 100
    assert all(set(d) == {"name", "weight", "keywords"} for d in out["dimensions"])


def test_cli_jd_missing_file_exits_2(tmp_path, capsys):
    assert cli("jd", [str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_lexicon_roles_priors_sum_to_100_and_name_known_competencies():
    from scoring.text.lexicon import competencies, roles

    known = competencies()
    for role in roles():
        assert sum(w for _, w in role.priors) == 100, role.name
        assert all(name in known for name, _ in role.priors), role.name
        assert 3 <= len(role.priors) <= 8, role.name


@pytest.mark.parametrize(
    ("weights", "names", "message"),
    [
        ([50, 50], ["A", "B"], "3到8"),
        ([40, 30, 20], ["A", "B", "C"], "之和必须为100"),
        ([40, 30, 30], ["A", "A", "C"], "不能重复"),
        ([40, 60, 0], ["A", "B", "C"], "正整数"),
    ],
)
def test_validate_model_rejects_bad_hr_edits(weights, names, message):
    from scoring.jd import validate_model
    from scoring.types import CompetencyModel, Dimension

    model = CompetencyModel([Dimension(n, w, []) for n, w in zip(names, weights, strict=True)])
    with pytest.raises(ValueError, match=message):
        validate_model(model)


def test_validate_model_accepts_every_parsed_model():
    from scoring.jd import validate_model

    for text in JDS.values():
        validate_model(parse_jd(text))
