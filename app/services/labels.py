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
