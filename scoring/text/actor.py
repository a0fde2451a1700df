"""Who acts in a clause: the speaker ("我"), the speaker's team ("我们"), or someone else.

Chinese drops subjects that carry on from the previous clause ("我先调出记录，接着分别和两位
厨师长谈"), so a clause without one inherits the last actor. A clause whose subject is someone
else (他, 客户, 公司, 其中一位…) is not the speaker's action, whatever its verb; a clause the
speaker leads with any real verb is, even a verb no list foresaw ("同时进了当地几个商会的群").
This is the personal-action detector behind STAR actions and the "no personal action" flag.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scoring.text.tokens import lead_words as told_words
from scoring.text.tokens import told_of_someone_else, word_tags

ME, WE, OTHER = "me", "we", "other"
MARKERS = re.compile(
    r"^(?:(?:然后|接着|于是|随后|之后|后来|最后|最终|首先|其次|再次|同时|并且|而且|另外|此外|所以|因此|"
    r"去年|前年|今年|当年|那年|上个?月|上周|"
    r"结果|当时|当天|当晚|第二天|第二周|每天|每周|那天|那次|接下来|紧接着|与此同时|第一步|第二步|"
    r"第[一二三四五]|一是|二是|三是|但是?|可是|不过|并|还|又|再|就|也|便|才)[，,、]?)+"
)
_POSSESSIVE = (
    r"(?!的|们的|这边|班|家|们班|们家|们组(?!织)|们店|们科|们厂|们公司|们部门|们团队|们学校|"
    r"们医院|们门店|们车间|们仓库)"
)
SPEAKER = re.compile(rf"^(我们|咱们|我|自己|本人){_POSSESSIVE}")
OTHERS = re.compile(
    r"^(他们|她们|他|她|它|对方|客户|客人|顾客|用户|患者|病人|家属|家长|学生|孩子|老板|领导|经理|主管|"
    r"总监|店长|同事|大家|员工|组员|下属|新人|团队|公司|集团|部门|学校|医院|工厂|"
    r"(?:我们|咱们)的?[\u4e00-\u9fff]{0,4}(?:公司|集团|事业部|学校|医院|工厂|品牌|律所|银行|产品|平台)|"
    r"门店|科室|供应商|其中|有人|很多人|不少人|业绩|销量|营收|收入|利润|订单|数据|"
    r"所有|全部|各个|每个|多个|整个|整体|"
    r"有(?:个|位|一位|一个|一家|一批|一天|几个|两个|三个|些|的))"
)
# Clauses that open with an adverb, a preposition or a verb keep the previous subject.
OMITTED = re.compile(
    r"^(先|又|还|再|就|也|便|都|马上|立刻|立即|随即|当场|亲自|主动|分别|逐一|一一|一个个|专门|重新|特意|"
    r"连夜|继续|一边|一方面|把|将|给|跟|和|与|向|对|从|用|按|通过|根据|针对|带着|带领|趁|利用|围绕|"
    r"在|到(?!了)|去(?!年)|来(?!自)|找|拿|做|写|打|发|查|看|问|约|请|让|叫|帮|陪|带|配合|协调|组织|安排|联系|整理|分析)"
)
# Verbs that state a thought, a wish or a possession, not a deed.
STATIVE = frozenset(
    "是 有 没有 觉得 认为 相信 感觉 希望 想 要 需要 能 会 可以 应该 知道 发现 看到 听说 担心 怕 "
    "喜欢 属于 在 像 成为 显得 懂 记得 愿意 打算 准备 导致 造成 影响 说 讲 叫 让 "
    # outcomes, not deeds: "升学率达到了85%"
    "达到 突破 增长 增加 提升 提高 下降 降低 减少 获得 拿到 排名 超过 实现 评为 获奖".split()
)


METRIC_CHANGE = re.compile(
    r"^[^，。；我]{1,10}?(增长|提升|提高|下降|降低|减少|增加|突破|超过|达到|翻)了?[^，。；]{0,3}[\d一二三四五六七八九十百千万亿]"
)
TEAM = re.compile(
    r"^(我们|咱们)的?[\u4e00-\u9fff]{0,4}(团队|部门|小组|组|班组|科室|门店|车间|仓库|年级组)"
)
TEAM_BOAST = re.compile(
    r"获得|得到|拿了|拿到|荣获|评为|排名|第一|达到|突破|超额|连续|全年|累计|一共|总共|是|有|行业|一直|好评|"
    r"[\d一二两三四五六七八九十百千万]+多?(单|件|个|家|次|人|万|亿)"
)
PASSIVE = re.compile(r"被(评为|授予|列为|誉为|选为)|^(被|获评|荣获|入选)")
FILLER_ONLY = re.compile(r"^(嗯+|呃+|额|那个|就是|然后|这个|怎么说呢|反正)?[，,。…]*$")
# "谈判前我先整理了…", "第二天早上我又…": the speaker after a time or place phrase; not "让我".
_NOT_OBJECT = r"(?<![让给帮跟和与对向把被替叫请使令])"
# Only after a time or place phrase ("谈判前我…", "两个月后他…"), where a pronoun is a subject.
SUBJECT_INSIDE = re.compile(
    rf"^[^，。；]{{0,7}}(?:后|前|时|中|里|上|天|早|晚|月|年|周|以后|之后|以来|期间|会上|现场)"
    rf"{_NOT_OBJECT}(?:(?P<me>我们|咱们|我){_POSSESSIVE}|(?P<other>他们|她们|他|她|对方|客户|客人|顾客|用户|患者|家长|老板|领导|大家|同事))"
)


def _possessive(after: str) -> bool:
    """ "我们" directly before a noun is "our": 我们App, 我们门店 (not 我们先…, 我们一起…)."""
    for word, tag in told_words(after[:6]):
        return tag.startswith(("n", "eng")) and word not in ("大家", "自己", "俩", "两个")
    return False


def actor_of(clause: str, previous: str, speaker_seen: bool = True) -> str:
    """ME, WE or OTHER for the clause's subject.

    A clause that leaves its subject out continues the previous actor when that actor was
    someone else doing something in the same sentence; otherwise, in a first-person story, the
    speaker ("当时压力很大，每天都在看简历": the speaker reads the résumés).
    """
    rest = MARKERS.sub("", clause).lstrip()
    if FILLER_ONLY.match(rest):
        return previous
    if OTHERS.match(rest):
        return OTHER
    if TEAM.match(rest):
        # "我们团队先做了用户调研" is the team at work; "我们科室获得了…" is a trophy.
        return OTHER if TEAM_BOAST.search(rest) else WE
    speaker = SPEAKER.match(rest)
    if speaker and _possessive(rest[speaker.end() :]):
        return OTHER  # "我们App的留存…", "我们门店…": the subject is what follows
    if speaker:
        return WE if speaker.group(1) in ("我们", "咱们") else ME
    if METRIC_CHANGE.search(rest) or PASSIVE.search(rest):
        return OTHER  # "赞助收入增长了70%", "还被评为…": a figure or an honour, not a deed
    inside = SUBJECT_INSIDE.match(rest)
    if inside:
        if inside.group("other") or _possessive(rest[inside.end() :]):
            return OTHER
        return WE if inside.group("me") in ("我们", "咱们") else ME
    if OMITTED.match(rest) or not told_of_someone_else(rest):
        if previous == OTHER:
            return OTHER
        return previous or (ME if speaker_seen else "")
    return OTHER


# A job title, a tenure, an experience tally or a negation is not a deed: "我做客服三年",
# "我主要是做文案的", "做过十几个项目", "没办法", "跟谁都处得来".
NOT_A_DEED = re.compile(
    r"没|不|未|无法|别|是|过|的$|主要|一直|从来|年$|得来|得了|好像|挺|很|太|需要|要求|家里|时$|的时候|时候"
)


CONJUNCTIONS = re.compile(r"于是|但是|可是|还是|只是|正是|总是|而是|或是|就是说")


@lru_cache(maxsize=8192)
def has_deed_verb(clause: str) -> bool:
    """A verb that is a deed, per jieba's dictionary tags (not 是/有/觉得/希望…)."""
    if NOT_A_DEED.search(CONJUNCTIONS.sub("", clause)):
        return False
    return any(
        tag.startswith("v") and word not in STATIVE and len(word) <= 4
        for word, tag in word_tags(clause)
    )
