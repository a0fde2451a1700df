"""Chinese names of message channels, kinds and statuses, for HR-facing text."""

CHANNELS = {"wechat": "微信", "dingtalk": "钉钉"}
MESSAGE_STATUSES = {
    "pending": "待发送",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "发送失败",
    "not_subscribed": "候选人未订阅",
}
MESSAGE_KINDS = {
    "invitation": "面试邀请",
    "report_ready": "报告已生成",
    "review_request": "复核请求",
    "candidate_review_request": "候选人申请复核",
    "decision": "面试结论",
    "final_round": "复试邀请",
    "result": "面试结果",
    "notice": "通知",
    "digest": "每日汇总",
}
# Flags on an answer (app.services.answers) and on its score (scoring.answers, scoring.text),
# as HR reads them next to the transcript.
ANSWER_FLAGS = {
    "overtime": "超时提交",
    "empty": "没有作答内容",
    "dont_know": "表示不会或不知道",
    "off_topic": "答非所问",
    "low_relevance": "与问题关联弱",
    "too_short": "回答过短",
    "too_long": "超出限时",
    "too_fast": "语速过快",
    "too_slow": "语速慢或停顿多",
    "keyword_list": "罗列关键词、没有经历",
    "off_competency": "讲的是另一项能力",
    "implausible_figures": "数字不合常理",
    "no_personal_action": "没说本人做了什么",
}
RESUME_STATUSES = {
    "pending": "排队解析",
    "processing": "解析中",
    "parsed": "已解析",
    "failed": "解析失败",
}
