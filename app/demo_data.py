"""The demo company `flask seed-demo` loads: what a newcomer walks through."""

DEPARTMENTS = ["产品研发部", "销售部"]

HR_USERS = [
    # username, display name, role, departments, DingTalk userid
    ("admin", "系统管理员", "admin", [], "demo-admin"),
    ("recruiter", "招聘专员 小林", "recruiter", [], "demo-recruiter"),
    ("sales-manager", "销售总监 陈明", "manager", ["销售部"], "demo-sales-manager"),
]
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105  (demo data only; seed-demo refuses production)

JOBS = [
    {
        "title": "产品经理",
        "department": "产品研发部",
        "jd_text": "负责B端产品的需求调研与分析，撰写PRD，推动研发按期交付；"
        "关注用户体验与数据指标，协调设计、研发、测试多方资源。",
        "dimensions": [
            ("需求分析", 35, ["用户调研", "需求", "优先级", "数据分析", "PRD", "痛点"]),
            ("项目管理", 30, ["排期", "里程碑", "风险", "协调", "上线", "进度"]),
            ("用户思维", 35, ["用户", "体验", "反馈", "场景", "满意度", "留存"]),
        ],
    },
    {
        "title": "区域销售经理",
        "department": "销售部",
        "jd_text": "负责华东区域渠道拓展与大客户销售，完成季度业绩目标；带领3-5人销售团队，"
        "维护客户关系，开拓新区域市场。",
        "dimensions": [
            ("客户开拓", 35, ["客户", "拜访", "签约", "渠道", "线索", "成交"]),
            ("业绩达成", 30, ["目标", "业绩", "销售额", "增长", "回款", "完成率"]),
            ("团队管理", 20, ["团队", "培训", "激励", "分工", "带领", "辅导"]),
            ("抗压能力", 15, ["压力", "坚持", "调整", "困难", "拒绝", "情绪"]),
        ],
    },
    {
        "title": "运营专员",
        "department": "产品研发部",
        "jd_text": "负责用户增长与活动运营，策划线上活动，分析运营数据，提升用户活跃与转化。",
        "dimensions": [
            ("活动策划", 35, ["活动", "策划", "方案", "预算", "执行", "复盘"]),
            ("数据分析", 35, ["数据", "转化率", "指标", "分析", "AB测试", "漏斗"]),
            ("沟通协作", 30, ["沟通", "协作", "跨部门", "对齐", "反馈", "推动"]),
        ],
    },
]

# (job title, competency, pool, text, time limit s, variant, condition)
QUESTIONS = [
    (
        "产品经理",
        "需求分析",
        "formal",
        "请讲一个你通过用户调研发现关键需求、并决定优先级的经历。",
        150,
        None,
        None,
    ),
    (
        "产品经理",
        "项目管理",
        "formal",
        "你在跨团队项目中遇到的最大挑战是什么？你是如何推动项目按期上线的？",
        150,
        "experienced",
        {"has_related_experience": True},
    ),
    (
        "产品经理",
        "项目管理",
        "formal",
        "如果让你负责一个需要设计、研发、测试三方配合的新功能，你会如何安排计划和风险？",
        150,
        "inexperienced",
        {"has_related_experience": False},
    ),
    (
        "产品经理",
        "用户思维",
        "formal",
        "请举例说明你如何根据用户反馈改进产品体验，结果如何？",
        150,
        None,
        None,
    ),
    ("产品经理", "需求分析", "practice", "请介绍一次你分析数据后调整方案的经历。", 120, None, None),
    (
        "产品经理",
        "用户思维",
        "practice",
        "说说你最喜欢的一款产品，它的哪个设计最打动你？为什么？",
        90,
        None,
        None,
    ),
    (
        "区域销售经理",
        "客户开拓",
        "formal",
        "你在跨区域市场开拓中遇到的最大挑战是什么？你是怎么拿下第一个重点客户的？",
        150,
        "experienced",
        {"cross_region": True},
    ),
    (
        "区域销售经理",
        "客户开拓",
        "formal",
        "如果让你负责一个全新的区域市场，前三个月你会怎么做？",
        150,
        "inexperienced",
        {"cross_region": False},
    ),
    (
        "区域销售经理",
        "业绩达成",
        "formal",
        "请讲一次你在季度末业绩落后时扭转局面的经历。",
        150,
        None,
        None,
    ),
    (
        "区域销售经理",
        "团队管理",
        "formal",
        "请举例说明你如何带领团队完成一个有挑战的销售目标。",
        150,
        None,
        None,
    ),
    (
        "区域销售经理",
        "抗压能力",
        "formal",
        "讲一次你被重要客户连续拒绝的经历，你是如何调整并继续推进的？",
        120,
        None,
        None,
    ),
    ("区域销售经理", "客户开拓", "practice", "请介绍一次你成功说服客户的经历。", 120, None, None),
    (
        "运营专员",
        "活动策划",
        "formal",
        "请介绍一个你策划并执行的线上活动，目标、过程和结果分别是什么？",
        150,
        None,
        None,
    ),
    (
        "运营专员",
        "数据分析",
        "formal",
        "请讲一次你通过数据分析发现问题并提升转化率的经历。",
        150,
        None,
        None,
    ),
    (
        "运营专员",
        "沟通协作",
        "formal",
        "请举例说明你如何推动其他部门配合完成一项运营任务。",
        120,
        None,
        None,
    ),
    (
        "运营专员",
        "活动策划",
        "practice",
        "如果预算只有一万元，你会如何策划一次拉新活动？",
        120,
        None,
        None,
    ),
]

CANDIDATES = [
    # name, phone, email, department, WeChat openid
    ("张三", "13800000001", "zhangsan@example.com", "产品研发部", "demo-candidate"),
    ("李四", "13900000002", "lisi@example.com", "销售部", None),
    ("王五", "13700000003", "wangwu@example.com", "产品研发部", None),
]

# Open invitations: the mini-program demo candidate's, one whose deadline is tonight (China
# time; days 0) and one sent five days ago and not started, so every workbench card has an item.
DEMO_INVITATIONS = [
    {"candidate": "张三", "job": "产品经理", "token": "demo-invitation", "days": 14},
    {"candidate": "李四", "job": "区域销售经理", "token": "demo-due-today", "days": 0},
    {"candidate": "王五", "job": "产品经理", "token": "demo-not-started", "days": 9, "sent_ago": 5},
]
