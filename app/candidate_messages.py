"""What a candidate reads when the mini-program API refuses something: always Chinese.

Services raise errors with stable codes and developer-facing text; on /api/mp/ the error
handlers swap a message that has no Chinese in it for the text here, by code, else by status.
"""

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")

BY_CODE = {
    "account_linked": "该微信已绑定其他候选人，请使用原微信账号登录。",
    "already_answered": "这道题已经回答过了。",
    "audio_missing": "没有收到录音文件，请重新录音或改为文字作答。",
    "audio_too_large": "录音文件太大（超过20MB），请缩短后重新录制。",
    "consent_required": "请先阅读并同意相关授权后再继续。",
    "consent_version_outdated": "授权说明已更新，请重新阅读并同意。",
    "empty_answer": "回答内容为空，请输入文字或录音作答。",
    "idempotency_key_reused": "提交标识已用于另一道题，请刷新后重试。",
    "interview_finished": "本场面试已经结束。",
    "interview_not_found": "没有找到这场面试。",
    "invalid_code": "微信登录失败，请重新进入小程序。",
    "invalid_hint_ticket": "提示已失效，请刷新当前题目后继续作答。",
    "invalid_json": "提交的内容格式有误，请刷新后重试。",
    "invalid_token": "登录已过期，请重新进入小程序。",
    "invitation_expired": "面试邀请已过截止时间。",
    "invitation_not_found": "没有找到这份面试邀请。",
    "invitation_taken": "这份邀请已被其他微信账号使用。",
    "no_candidate": "当前微信尚未关联面试邀请，请先通过邀请链接进入。",
    "no_questions": "该职位暂未配置面试题目，请联系招聘方。",
    "no_report_for_practice": "练习面试没有报告，每题作答后即可看到反馈。",
    "not_current_question": "请先回答当前题目。",
    "not_formal": "只有正式面试可以申请复核或解释。",
    "question_not_in_interview": "这道题不属于本场面试。",
    "review_already_open": "您已提交过申请，请等待HR处理后再提交。",
    "unauthorized": "请先登录。",
    "validation_error": "提交的内容不符合要求，请检查后重试。",
    "wechat_unavailable": "微信服务暂时不可用，请稍后重试。",
}

BY_STATUS = {
    400: "请求有误，请刷新后重试。",
    401: "请先登录。",
    403: "没有权限进行此操作。",
    404: "没有找到相关内容。",
    405: "不支持此操作。",
    409: "当前状态下无法进行此操作。",
    413: "提交的内容太大。",
    415: "提交的内容格式不受支持。",
    422: "提交的内容不符合要求，请检查后重试。",
    429: "操作太频繁，请稍后再试。",
    500: "服务器开小差了，请稍后再试。",
    503: "服务暂时不可用，请稍后再试。",
}


def for_candidate(code: str, message: str, status: int) -> str:
    if _CJK.search(message or ""):
        return message
    return BY_CODE.get(code) or BY_STATUS.get(status) or BY_STATUS[400 if status < 500 else 500]
