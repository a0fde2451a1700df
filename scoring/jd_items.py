"""A job description cut into what the job holder does (responsibilities) and what they must
bring (requirements), and a dimension named from a responsibility the lexicon does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.text.normalise import to_simplified

DUTY_HEAD = re.compile(
    r"岗位职责|工作职责|工作内容|主要职责|职责描述|岗位描述|职位描述|职责|你将负责|主要工作|工作描述|"
    r"你要做的|岗位内容"
)
NEED_HEAD = re.compile(
    r"任职要求|任职资格|岗位要求|职位要求|任职条件|资格要求|我们希望|你需要|要求[:：]|基本要求|应聘要求"
)
# "3年以上经验", "本科", "熟练使用", "优先": what the holder brings, not what the job does.
NEED_WORDS = re.compile(
    r"学历|本科|大专|硕士|经验|专业|熟悉|熟练|精通|优先|具备|持有|证书|资格|能力强|良好的"
)
ITEM_SPLIT = re.compile(r"\n+|(?:^|(?<=[。；;]))\s*(?=\d+[.、．）)]|[（(]\d+[)）]|[-•·*])|[。；;]")
NUMBERING = re.compile(r"^\s*(?:\d+[.、．）)]|[（(]\d+[)）]|[-•·*]|[一二三四五六七八九十][、.])\s*")
LEAD_VERBS = re.compile(
    r"^(全面|主要|独立|协助|配合|参与|负责|承担|做好|完成|开展|进行|执行|落实|组织|定期|及时|按时|"
    r"根据|依据|按照|认真|严格|积极|持续|深入|统筹|带领|管理|推动|推进|牵头|主导|跟进|跟踪|处理|"
    r"协调|维护|制定|编制|撰写|起草|建立|完善|优化|提升|保障|确保|对接)+"
)
TITLE_PREFIX = re.compile(r"^[\u4e00-\u9fffA-Za-z（）()]{2,12}[:：](?=.{6,})")
COWORKERS = re.compile(
    r"^((与|和|跟|同|协同|会同)[^，。；]{0,14}?(配合|协作|合作|一起|共同)|"
    r"配合[^，。；]{1,8}?(?=做好|完成|开展|进行))(完成)?"
)
# "…、…等外贸单证工作": a list closed by the word that sums it up.
SUMMARY = re.compile(
    r"^[^，,；;]*、[^，,；;]*等(?P<name>[\u4e00-\u9fffA-Za-z]{2,8}?)(工作|事务|事宜|业务)?[，,；;。]?$"
)
CARRIED_OUT = re.compile(r"进行|开展(?=[\u4e00-\u9fff]{2,})")
TRAILING = re.compile(r"(等|等相关|相关|的)?(工作|事务|事宜|任务|业务)?[等。；;，,]*$")


@dataclass(frozen=True)
class JdItems:
    duties: list[str]
    needs: list[str]
    title: str  # the first line when it looks like a job title


def split_items(text: str) -> JdItems:
    """Responsibilities and requirements, by section headings or, without them, by wording."""
    text = to_simplified(text or "")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    title = lines[0] if lines and len(lines[0]) <= 20 and not NUMBERING.match(lines[0]) else ""
    duties: list[str] = []
    needs: list[str] = []
    section = ""
    for line in lines:
        head_duty, head_need = DUTY_HEAD.search(line[:8]), NEED_HEAD.search(line[:8])
        if head_need:
            section, line = "need", NEED_HEAD.sub("", line, count=1)
        elif head_duty:
            section, line = "duty", DUTY_HEAD.sub("", line, count=1)
        for item in ITEM_SPLIT.split(line):
            item = TITLE_PREFIX.sub("", NUMBERING.sub("", item or "")).strip(" ：:，,")
            if len(item) < 4 or item == title:
                continue
            if section == "need" or (not section and NEED_WORDS.search(item)):
                needs.append(item)
            else:
                duties.append(item)
    if len(duties) <= 2:  # a one-paragraph JD: its comma-separated duties count one by one
        duties = [
            p.strip() for d in duties for p in re.split(r"[，,；;]", d) if len(p.strip()) >= 4
        ]
    return JdItems(duties, needs, title)


def duty_name(item: str) -> str:
    """A short dimension name from a responsibility: "负责门诊分诊工作" → "门诊分诊"."""
    item = COWORKERS.sub("", item)  # "与设计、视频同事配合完成图文制作" → "图文制作"
    summary = SUMMARY.search(item)
    if summary:  # "办理报关、订舱和收汇等外贸单证工作" → "外贸单证": the JD's own summary word
        return summary["name"]
    first = re.split(r"[，,；;：:（(]", item)[0]
    first = CARRIED_OUT.split(first)[-1]  # "按照国标方法对样品进行理化检测" → "理化检测"
    first = re.split(r"[、]", first)[0]
    name = TRAILING.sub("", LEAD_VERBS.sub("", first)).strip()
    name = re.sub(r"^(公司|部门|团队|日常|各类|各项|相关)+", "", name)
    if len(name) > 8:
        parts = re.split(r"的|和|与|及|并", name)
        name = max(parts, key=len) if parts else name[:8]
    return name[:10]
