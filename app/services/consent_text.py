"""The consent texts the candidate agrees to; a new version asks everybody again."""

CONSENT_VERSION = "2026-11"

CONSENT_KINDS = [
    {
        "kind": "processing",
        "title": "个人信息处理",
        "text": "我们将处理您的姓名、联系方式和简历，仅用于本次招聘；数据加密保存，您可随时导出或申请删除。",
        "required": True,
    },
    {
        "kind": "voice",
        "title": "语音录制",
        "text": "语音作答时我们会录制您的声音并转写为文字，录音在保留期满后自动删除。不做任何面部或视频分析。",
        "required": False,
    },
    {
        "kind": "ai_evaluation",
        "title": "AI 辅助评估",
        "text": "AI 将根据回答内容给出分数和依据，最终决定由招聘人员做出；不同意时将由人工评估，不影响您的机会。",
        "required": False,
    },
]

STEPS = ["身份确认", "模拟练习", "正式面试", "报告"]

REQUIREMENTS = [
    "安静的房间，避免他人打扰",
    "可用的麦克风（手机自带即可），或选择文字作答",
    "稳定的网络（Wi-Fi 或 4G/5G）",
    "预留约 30 分钟完成正式面试",
]
