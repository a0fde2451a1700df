"""STAR roles of an answer's clauses, found by cue phrases and the order of the story.

Every clause gets a mode first: a real narrative, or an opinion, a boastful claim, a
hypothetical or a habit. Only narrative clauses can state a situation, a task or a result;
actions count in any mode (a plan is still a plan), but the scorer weighs narrative ones more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring.text.actor import ME, OTHER, WE, actor_of, has_deed_verb
from scoring.text.tokens import split_clauses, split_sentences, told_of_someone_else
from scoring.types import STAR_PARTS

HYPOTHETICAL = re.compile(
    r"如果|假如|(?<!主)要是|假设|万一|倘若|若是|我会|我将|我打算|我准备|我可能会"
)
HABITUAL = re.compile(r"平时|一般会|一般都|一般来说|通常|每次|往往|总的来说|我会先")
OPINION = re.compile(
    r"^(我觉得|我认为|我相信|我感觉|我希望|我想|个人认为|我个人觉得)|最重要的是|关键是|关键在于|希望|一定要|应该|应当|很重要|非常重要|重要的是|"
    r"我喜欢|我的优点|性格|擅长|我对.{0,6}(很|非常)|能力.{0,2}强|我是一个|我是个"
)
CLAIM = re.compile(
    r"(过|了)(很多|不少)|很多(经验|项目|客户)|各种|丰富|一直(都)?(很|是|保持|不错)|每年|最高|"
    r"最好的|(做|开发|处理|参与|接触|写)过(一些|很多|不少|各种|\d)"
)
# "100多份" or "一共…" before any story is a tally of experience; inside a story, an outcome.
TALLY = re.compile(r"一共|总共")
EPISODE = re.compile(r"有一次|有一回|那次|那一次|去年|前年|当时|上个?月|\d{4}年")
CLAIM_COUNT = re.compile(r"\d+多[个份家项次位万]")
NEGATED = re.compile(
    r"没有?(遇到|做过|经历|接触|处理过|怎么)|(?<!再)(?<!再也)没有?(?!再)[\u4e00-\u9fff]{1,3}过(?!程)|没(什么|啥|多少)?经验|还没有|不太会|不太了解|不了解|不知道|答不上|想不到"
)

SITUATION = re.compile(
    r"去年|前年|今年|上个?月|上周|那年|那时|当时|那段时间|有一次|有一回|有次|之前|以前|曾经|"
    r"\d{4}年|刚(入职|毕业|做|到|接手)|第一年|实习|毕业设计|(在|读)大学|大学(期间|时|的时候|里)|在校|"
    r"(在|当).{1,15}(的时候|时|期间)|的时候|"
    r"有(个|位|一位|一个|一家|桌|一桌)(客户|客人|用户|顾客|项目|同事|阿姨|商家)|"
    r"(做|参与|负责|遇到|有)过一(个|次|场|款|项)|"
    r"我在.{1,12}(公司|工厂|门店|平台|部门|团队|中心|酒店|餐厅|银行|店|厂|区域|学校)|"
    r"只有\d|只有[一二两三四五六七八九十几]|只剩|偏低|下滑|一直在下降|连续.{1,4}(下滑|下降)|远低于|"
    r"竞争.{0,4}激烈|流失|投诉|不满|分歧|矛盾|冲突|不一致|甩锅|吵|不同意|不配合|不想配合|延误|"
    r"(开了|成立了|新开|刚开)一?(家|个)|(挺|很|非常|特别|比较)(紧|赶|急)|时间紧|工期紧|坏了|来不及|排期已满|落后|很紧|紧张|问题是|遇到|面临|背景"
)
TASK = re.compile(
    r"我(主动)?(来|去)?(接手|接下|接过|承担)|我来接|我的任务|任务是|职责是|我的职责|我的目标|目标是|给我定|定了.{0,6}目标|要求我(?!们)|让我|给了?我.{0,6}(时间|任务|目标|指标)|我(需要|必须|得)(保证|在|把|完成|让)|安排我|被安排|交给我|"
    r"我.{0,8}负责|由我|我作为|作为.{0,6}(负责人|经理|组长|主管|店长)|"
    r"我是.{0,4}(组长|负责人|经理|主管|店长|班长|队长)|牵头|需要我|希望我|首要任务|"
    r"KPI是|(?<![不])(需|需要|得|必须)?要在.{1,10}(内|前|之前)(?!.{0,4}(上线了|完成了))|把.{0,10}目标|目标(定|从|提|为)|指标(是|定为|从)|要求在|要求.{0,6}(前|内|之前)|要求.{0,10}(交付|完成|上线|提升|达到|降低)|需要.{0,6}配合|考核指标"
)
ACTION_VERB = re.compile(
    r"分析|调研|访谈|沟通|协调|组织|召集|制定|设计|推动|整理|梳理|拆|列了|列成|列出|排了|"
    r"拜访|上门|扫街|道歉|安抚|解释|查了|查清|申请|联系|建立|设立|调整|优化|测试|开发|搭建|"
    r"写了|做了|跟进|回访|提出|约了|约定|找了|找到|去找|拉了|筛选|锁定|提供|带着|培训|检查|统计|"
    r"对比|导出|推送|改成|改为|争取|汇报|确认|评估|收集|认领|分给|分工|倾听|听他|催了|换了|"
    r"免单|升级|通知|打电话|电话|问了|看了|看一下|发了|去了|说明|引导|讲清楚|开会|开了|"
    r"复盘|总结|推进|抽查|抽调|聊|谈|加入|参加|邀请|试点|实验|上线|排查|修|处理|反馈|"
    r"收集|跟班|观察|了解|走访|摸清|挑选|选出|挑了|定位|复现|修复|调试|压测|部署|回滚|监控|校准|拆解|追溯|停线|点检|宣讲|辅导|面试|改成|加了|补了|改了|换成|设立|启动|压缩|发起|主导|^我们?(先|就|又|还|也|再|便|马上|立刻|随后|接着|然后|于是|自己|亲自|主动|每天|每周)|跟.{0,3}说|告诉|去问|判断|记录|规划|计划|安排|分配|拆解|协商|说服|打了?.{0,4}电话|请|带"
)
FIRST_PERSON = re.compile(r"我")
# "我把…" and "我…了" narrate what the speaker did even with a verb no list foresaw.
TENURE = re.compile(r"(年|个月)了|多年")  # "我做销售五年了" is a tenure, not a deed
FIRST_PERSON_DEED = re.compile(
    r"^(我|我们)(?!觉得|认为|相信|希望|想|是|有|的|对)[^，。；]{0,3}(把|将)|"
    r"^(我|我们)(?!觉得|认为|相信|希望|想|是|有|的|对)[^，。；]{1,10}了"
)
SEQUENCE = re.compile(
    r"^(首先|其次|然后|接着|随后|于是|之后|同时|另外|第[一二三四五]|一是|二是|三是|再)"
)

RESULT_STRONG = re.compile(
    r"最终|最后(?![，,]?我)|终于|结果是|成功|顺利|如期|(月底|年底|季度末|年末)(?!前|之前)|按时|按期|提前.{0,6}(完成|上线|交付|完工)|"
    r"\d+个?(月|周|天|年)(后|下来)|[一二两三四五六七八九十半几]个?(月|周|天|年)(后|下来)|"
    r"那一年|那个季度|当天|之后"
)
RESULT_VERB = re.compile(
    r"(提升|提高|增长|增加|降低|下降|减少|缩短|节省|提|降|涨|升)(了|到)|从.{0,12}(降|提|涨|增|升|减|缩)|"
    r"达到了|达成了|完成了|实现了|超过了|超额|超(出|过)?预期|高于预期|签了|签下|新签|拿下|获得了?|赢得|收到了|通过了|一次通过|"
    r"上线了|转成了|回到了|到了\d|续签|撤回|接受了|同意了|答应了|解决了|做完了|完工|交付了|"
    r"少了|好了一些|好多了|顺利多了|有明显(提升|改善|下降)|明显(提升|改善)|有所(提升|改善)|"
    r"很满意|挺满意|非常满意|比较满意|也满意|都满意|十分满意|表示满意|满意了|好评|表扬|认可|感谢|谢谢|道谢|夸|"
    r"(客户|客人|用户|老板|领导|对方|店长)[^，。]{0,8}说|反馈(还可以|不错|很好|挺好)|"
    r"(后来|之后|最后|最终)[^，。]{0,10}(做了|改了|上线|改版|精简|优化)|"
    r"(就|最后|最终|终于).{0,4}(给.{0,2})?(退了|换了)|如期举行|按时(上线|发布|交付|完成)|"
    r"(进了|进入|排到|排名|拿了|获得|评为|成为).{0,8}(第[一二三]|前[一二三四五六七八九十\d]+|冠军|优秀)|"
    r"(?<!我)(多|高|快|好|少|低|涨|增)了(?=一些|很多|不少|一点|一倍|\d|[，。]|$)|按时[交完上发]|如期(上市|上线|完成|交付|开业|举办)|"
    r"(客户|客人|用户|顾客|老板|领导|对方|业委会|大家|业主)[^，。]{0,6}"
    r"(选了|选择了|同意|采纳|决定|买了|办了|签了|续了|介绍了|推荐了)|"
    r"没(有)?再[\u4e00-\u9fff]{1,4}(过|了)|不再|再也没|(?<![比价])比(?![较比例]).{1,10}(多|少|高|低|快|慢|好|强)|盈利|扭亏|"
    r"下了.{0,6}(订单|单)|下单了|成交了|签约了|合作了|拿到.{0,6}(订单|单)|"
    r"修好了|就好了|搞定|正常了|恢复正常|得了|拿到了|缓和了|改善了|好转|恢复了|稳定了|和好|避免了|避免约?\d|挽回|追回|省下|省了|成为了|变成了|(没有|没|不)再(出现|发生)|再(也)?没(有)?(出现|发生)|再(也)?没有?[\u4e00-\u9fff]{1,3}过|中标|推广到|复制到|没有出现"
)
MODAL = re.compile(
    r"(?<![性功智可技])能|(?<![周晨例开大班早夕年布聚议社学工机协商展理体领])会(?![议员上场后前])|要(?!求)|可以|应该|希望|争取|确保|预计|(?<!按)计划|打算"
)
FINDING = re.compile(r"^(发现|了解到|看到)")
# "把夜班从两个人减到一个": the speaker rearranging something is a step, not an outcome, unless
# what changed is a measure ("把退货率从12%降到了5%") or it is told as done (…了).
STEP_CHANGE = re.compile(
    r"把(?P<thing>[^，。；]{1,14}?)从[^，。；]{1,12}?(减|缩|降|提|增|升|涨|加|改|调|压)"
    r"[\u4e00-\u9fff]{0,2}?(到|为|成)(?!了)"
)
MEASURE = re.compile(
    r"率|成本|费用|开支|时长|耗时|周期|工期|时间|收入|销量|销售额|营业额|业绩|利润|毛利|满意度|"
    r"投诉|损耗|库存|单价|差错|错误|天数|分数|排名"
)


@dataclass
class Clause:
    text: str
    sentence: int
    mode: str  # narrative | hypothetical | habitual | opinion | claim | negated
    roles: set[str] = field(default_factory=set)
    actor: str = ""  # me | we | other | "" (not known): who does what the clause says


@dataclass
class StarAnalysis:
    sentences: list[str]
    clauses: list[Clause]
    star: dict[str, bool]
    narrative_actions: int
    other_actions: int


def _mode(clause: str, sentence_mode: str, story_started: bool) -> str:
    if NEGATED.search(clause):
        return "negated"
    if sentence_mode != "narrative":
        return sentence_mode
    if OPINION.search(clause):
        return "opinion"
    if CLAIM.search(clause) and not RESULT_STRONG.search(clause):
        return "claim"
    if not story_started and (CLAIM_COUNT.search(clause) or TALLY.search(clause)):
        return "claim"
    if HYPOTHETICAL.search(clause):
        return "hypothetical"
    if HABITUAL.search(clause):
        return "habitual"
    return "narrative"


def _sentence_mode(sentence: str) -> str:
    if re.search(
        r"如果|假如|(?<!主)要是|假设|万一|倘若|^(我会|我将|我打算)|我会(?!议|上|后|前|场)|遇到这种|这种情况下",
        sentence,
    ):
        return "hypothetical"
    if OPINION.match(sentence) or re.search(r"我觉得|我认为|个人认为|关键是|关键在于", sentence):
        return "opinion"
    if re.search(r"平时|一般会|通常", sentence):
        return "habitual"
    return "narrative"


def _is_action(clause: str, has_subject: bool, actor: str = "") -> bool:
    if actor == OTHER:
        return False  # "客户提出要退货": a deed, but not the speaker's
    if FIRST_PERSON_DEED.search(clause) and not TENURE.search(clause):
        return True
    if ACTION_VERB.search(clause):
        return has_subject or bool(FIRST_PERSON.search(clause) or SEQUENCE.search(clause))
    return actor in (ME, WE) and not TENURE.search(clause) and has_deed_verb(clause)


def _is_result(clause: str) -> bool:
    if FINDING.search(clause):
        return False
    step = STEP_CHANGE.search(clause)
    if step and not MEASURE.search(step["thing"]) and not RESULT_STRONG.search(clause):
        return False
    verb = RESULT_VERB.search(clause)
    if verb is None:
        if RESULT_STRONG.search(clause) and re.search(r"了|\d|到", clause):
            return not MODAL.search(clause)
        return False
    head = clause[: verb.start()]
    feedback = re.match(r"(客户|客人|用户|老板|领导|对方|店长)", verb.group(0))
    return feedback is not None or not MODAL.search(head)


def _closing_outcome(clauses: list[Clause], n_sentences: int) -> None:
    """A story's last sentence usually says how it ended, whatever words it uses.

    When no result was found, a completed (了/过) narrative clause in the last sentence, told
    after the speaker's actions and about someone or something else, is taken as the result.
    """
    if any("result" in c.roles for c in clauses):
        return
    last_action = max(
        (i for i, c in enumerate(clauses) if "action" in c.roles and c.mode == "narrative"),
        default=None,
    )
    if last_action is None:
        return
    for c in clauses[last_action + 1 :]:
        if (
            c.sentence == n_sentences - 1
            and c.mode == "narrative"
            and not c.roles
            and re.search(r"了|过", c.text)
            and not MODAL.search(c.text)
            and not FINDING.search(c.text)
            and told_of_someone_else(c.text)
        ):
            c.roles.add("result")


def analyse_star(text: str) -> StarAnalysis:
    """Label each clause with its STAR roles and decide which parts the answer contains."""
    sentences = split_sentences(text)
    clauses: list[Clause] = []
    story_started = False
    speaker_seen = bool(FIRST_PERSON.search(text))
    carry = ""  # the actor an omitted subject continues
    for si, sentence in enumerate(sentences):
        smode = _sentence_mode(sentence)
        has_subject = bool(FIRST_PERSON.search(sentence))
        if carry == OTHER:
            carry = ME if speaker_seen else ""  # a new sentence of a first-person story
        for raw in split_clauses(sentence):
            if smode == "habitual" and EPISODE.search(raw):
                smode = "narrative"  # "我平时会…，有一次…": the story starts here
            actor = actor_of(raw, carry, speaker_seen)
            # Someone else's state ("压力很大") does not become the subject of what follows;
            # someone else's deed or outcome ("满意度达到了98%，还获得了…") does.
            kept = ACTION_VERB.search(raw) or has_deed_verb(raw) or RESULT_VERB.search(raw)
            kept = kept or re.search(r"\d|[一二三四五六七八九十百千万]+[%倍万亿]", raw)
            carry = actor if actor != OTHER or kept else (ME if speaker_seen else "")
            c = Clause(raw, si, _mode(raw, smode, story_started), actor=actor)
            if c.mode in ("hypothetical", "habitual"):
                smode = c.mode  # the rest of the sentence shares its subject and mood
            if c.mode not in ("opinion", "claim", "negated") and _is_action(
                raw, has_subject, actor
            ):
                c.roles.add("action")
            if c.mode == "narrative":
                if SITUATION.search(raw):
                    c.roles.add("situation")
                if TASK.search(raw):
                    c.roles.add("task")
                story_started = story_started or bool(c.roles)
            clauses.append(c)
    narrative_actions = sum(1 for c in clauses if "action" in c.roles and c.mode == "narrative")
    other_actions = sum(1 for c in clauses if "action" in c.roles and c.mode != "narrative")
    # A narrative action makes the clauses told before it the story's setting.
    first_action = next(
        (i for i, c in enumerate(clauses) if "action" in c.roles and c.mode == "narrative"), None
    )
    if first_action is not None:
        for c in clauses[:first_action]:
            if c.mode == "narrative" and len(c.text) >= 8 and not c.roles & {"task"}:
                c.roles.add("situation")
    # An outcome follows what the speaker did: "月活跌到了20万" before any action is the setting.
    # Without any action, an outcome after the setting still counts ("后来就好了").
    any_action = first_action is not None or any("action" in c.roles for c in clauses)
    seen_story = False
    for c in clauses:
        if c.mode == "narrative" and seen_story and _is_result(c.text):
            c.roles.add("result")
            c.roles.discard("situation")  # after the actions, "投诉下降了60%" is the outcome
        if c.mode == "narrative" and (
            "action" in c.roles or (not any_action and c.roles & {"situation", "task"})
        ):
            seen_story = True
    _closing_outcome(clauses, len(sentences))
    star = {p: any(p in c.roles for c in clauses) for p in STAR_PARTS}
    return StarAnalysis(sentences, clauses, star, narrative_actions, other_actions)
