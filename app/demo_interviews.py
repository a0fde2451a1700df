"""Finished demo interviews `flask seed-demo` adds so every admin screen has something real.

The answers are scored by the real scoring at seed time; the texts were written to land in
each band (pass, the borderline review band, not_pass), and one candidate declined AI scoring.
The borderline candidate's first answer is the strong candidate's, word for word: the demo's one
planted integrity signal (an answer shared between candidates of a job).
"""

STRONG_PM = {
    "需求分析": "去年我在一家SaaS公司负责客户管理模块。当时续费率连续两个季度下降，我的任务是找出原因"
    "并确定改进优先级。首先我访谈了30家客户，做了用户调研，又分析了后台使用数据，发现最大的痛点是"
    "报表导出太慢。然后我按影响面和开发成本给12个需求排了优先级，写了PRD并和研发对齐排期。最后报表"
    "功能上线后，导出时间从5分钟降到20秒，续费率提升了8个百分点。",
    "项目管理": "我负责过一个涉及设计、研发、测试三个团队的支付改版项目，最大的挑战是研发资源被临时"
    "抽调，进度落后两周。我先重新梳理里程碑，把需求拆成必须上线和可以延后的两部分；然后每天组织15"
    "分钟站会同步风险，主动协调测试提前介入。最终项目按期上线，线上缺陷比上个版本减少了40%，支付"
    "成功率提升了3%。",
    "用户思维": "我们的App新用户留存很低，我负责改进注册流程的体验。我先看了200条用户反馈和应用商店"
    "评论，又做了8场可用性测试，发现用户在实名认证这一步流失最多。于是我把认证挪到首次下单前，并简化"
    "成一步。改版后新用户7日留存从18%提升到26%，用户满意度评分从3.9升到4.5。",
}
MEDIUM_PM = {
    "需求分析": "我之前做过一些用户调研，主要是和用户聊天，了解他们的需求。然后我会把需求整理出来，"
    "按照重要程度排一下优先级，和开发一起讨论。后来这个功能上线了，用户反馈还可以。",
    "项目管理": "在项目里我主要负责协调，有时候研发进度会慢一点，我就会去催一下，和大家沟通排期。"
    "遇到风险的时候会及时同步给领导，最后项目基本按时上线了。",
    "用户思维": "我比较重视用户反馈，会定期看用户的评论。有一次用户说某个按钮不好找，我们就把按钮位置"
    "调整了一下，之后好像反馈少了一些。",
}
# 陈静 tells her own middling stories (her interview is read by a human: she declined AI scoring).
OTHER_MEDIUM_PM = {
    "需求分析": "在上一家公司我收集过销售同事提的需求，一般是开会的时候大家说，我记下来。之后我会"
    "和主管商量哪些先做，再交给开发。做出来以后销售同事说比以前方便一些。",
    "项目管理": "我跟过一个小程序的改版，主要是帮忙跟进进度，每周开一次会看看大家做到哪里了。中间"
    "设计稿改了几次，时间有点紧，不过最后还是上线了。",
    "用户思维": "我会站在用户的角度想问题，比如自己用一用我们的产品，看看哪里不顺手，然后把问题记下来"
    "反馈给设计同事。",
}
WEAK_PM = {
    "需求分析": "这个我不太清楚，没有做过用户调研。",
    "项目管理": "我觉得项目管理就是要认真负责，大家一起努力。",
    "用户思维": "用户很重要，要多听用户的。",
}
SALES = {
    "客户开拓": "2023年公司让我去开拓华东区域，我负责从零拿下第一批渠道客户。首先我梳理了当地50家经销商"
    "的名单，按规模分级后逐一拜访；然后针对重点客户做了定制的返点方案。第一个重点客户谈了三轮才签约，"
    "半年内我一共签下12家渠道，区域销售额做到800万元。",
    "业绩达成": "有一个季度到第二个月时业绩只完成了40%，目标压力很大。我先把线索按成交可能性重新排序，"
    "集中精力跟进前20个客户，又和市场部一起做了一次促销活动。最后季度完成率达到105%，回款率也"
    "保持在95%以上。",
    "团队管理": "我带过一个4人的销售小组，大家经验参差不齐，当季目标是300万。我给每个人分工负责不同"
    "行业的客户，每周做一次复盘，还带新人一起拜访客户。最后团队完成了大约九成的目标。",
    "抗压能力": "有个客户一开始拒绝了我两次，我调整了一下情绪，继续坚持跟进，后来还是签下来了。",
}
DEMO_TRANSCRIPT_HINTS = {"用户思维": ["star_result"], "项目管理": ["time_left"]}

# name, phone, email, department, job title, answers per dimension, whether AI scoring was allowed
FINISHED = [
    ("李明", "13800000011", "liming@example.com", "产品研发部", "产品经理", STRONG_PM, True),
    (
        "王芳",
        "13800000012",
        "wangfang@example.com",
        "产品研发部",
        "产品经理",
        {**MEDIUM_PM, "需求分析": STRONG_PM["需求分析"]},
        True,
    ),
    ("赵磊", "13800000013", "zhaolei@example.com", "产品研发部", "产品经理", WEAK_PM, True),
    ("刘洋", "13900000014", "liuyang@example.com", "销售部", "区域销售经理", SALES, True),
    (
        "陈静",
        "13800000015",
        "chenjing@example.com",
        "产品研发部",
        "产品经理",
        OTHER_MEDIUM_PM,
        False,
    ),
]
# A review request from the borderline candidate; a message that could not be delivered.
REVIEW_REQUEST = ("王芳", "human_review", "希望能人工再看一下我的第二题回答。")
FAILED_MESSAGE = {
    "channel": "wechat",
    "kind": "invitation",
    "recipient": "demo-unreachable-openid",
    "error": "微信接口返回 43101：用户拒绝接受消息",
    "payload": {
        "invitation_id": 1,
        "job": "产品经理",
        "deadline": "2026-12-31T15:59:00",
        "note": "请在截止前完成AI面试",
    },
    "status": "not_subscribed",
}
FAILED_DINGTALK = {
    "channel": "dingtalk",
    "kind": "decision",
    "recipient": "demo-left-company",
    "error": "钉钉接口返回 60020：访问ip不在白名单之中（已重试 5 次）",
    "payload": {"title": "面试结论：待定", "text": "### 面试结论：待定\n**演示候选人** · 产品经理"},
    "status": "failed",
}
