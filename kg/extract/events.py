"""Events: who did what to whom, where, when, how many.

Rules, not a model. Each sentence (Simplified normalisation) is cut into clauses at
，；：。 and each event class has trigger patterns; the roles of a trigger come from its
clause:

* **agent**: the subject of the clause, i.e. the first actor mention before the trigger that
  is not the object of a preposition (对/向/与…) and not the office-holder's organisation in
  a title (北约秘书长X: X acts, not 北约). "我们/我方/我国" and a missing subject inside
  quoted speech resolve to the **speaker**; a missing subject outside quotes carries over
  from the previous clause of the sentence. Attack and Threat take the actor right before
  the trigger instead (X对Y的入侵, X威胁Y), since their subject is usually another event.
* **speaker**: who says a quotation. `X表示：“…”` (and 指出/称/强调/说/写道…) makes X the
  speaker of every sentence up to the closing quote, across paragraphs; `声明表示：“…”` with no
  actor falls back on the author of the latest statement (北约…发表了联合声明), and finally
  on the previous speaker, since a news report of a statement quotes it paragraph by paragraph.
* **metonymy**: a capital or seat of government in an actor position stands for its country
  (北京 → 中国, 克里姆林宫 → 俄罗斯) — the gazetteer's ``metonym_of``. As a location
  (在北京举行) it stays the city.
* **target**: the actor(s) right after the trigger (coordinated with 、和与及), or the
  object of 对/向/为 right before it (对俄罗斯实施制裁, 向乌克兰提供).
* **locations**: places and countries after 在/于 in the clause (all members of a list); a
  country is dropped when a place located in it is also named.
* **negation and hypotheticals**: a trigger preceded in its clause by 不/没有/未/拒绝… or in a
  clause opened by 如果/一旦/若… is not an event. Triggers inside what a demand asks for
  (呼吁X不以任何方式支持Y) are the demand's content, not events of their own.
  A wish (希望…, and the clauses going on with it), a possibility (…战争的可能性) and a
  negated cause (不会引发…战争) are not events either.
* **meetings**: `与Y及Z会晤` makes the listed persons (past their offices) whom the agent
  meets, and a name governed by a preposition through a body and a long office is never the
  agent; `出席…峰会` makes the attendee and the body holding it agents, not the states that
  only name it (由…组成的); `X欢迎Y参加…峰会` makes host and guests agents; a host whose
  guests no entity names (接待…领导人) gives no event; a body that 召开 is a Meeting.
* **passives and relatives**: `X受到制裁` makes X the target; `Y配备了X提供的武器` makes X
  the giver and Y the receiver. `X警告…将遭到/付出代价` is a Threat by X; `担任/宣誓成为` a
  post is Personnel (agent the post's state or body, target the person).
* **modality**: 将/将会/计划/准备/承诺 before the trigger, or a date of the event after the
  publication day, marks the event "planned".
* **dates**: the date expression of the trigger's own clause, or of a clause that is only a
  date at the start of the sentence (4月，…); never a date from elsewhere.
* **quantities**: for Deployment and Aid, the quantity in the trigger's clause.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from kg.extract.dates import find_dates
from kg.extract.entities import TITLES
from kg.extract.quantities import find_quantities
from kg.model import DateValue, Document, Entity, Event, Mention, Sentence

ACTOR_CLASSES = ("Person", "Organization", "Country")
_MEDIA = re.compile(r"(通讯社|新闻社|社|电视台|电台|之音|新闻网|日报|时报|邮报|报|广播公司)$")

# Reporting verbs that introduce quoted or reported speech (attribution, not events).
_REPORT = r"(?:表示|指出|称|说|强调|写道|认为|重申|警告|宣称|声称|透露|回应|补充|坦言|直言|问道|提到)"
_ATTRIB = re.compile(_REPORT + r"[道说]?\s*[：:，,]?\s*$")
_SPEECH_OPEN = "“「『"
_POST_ATTRIB = re.compile(r"\s*[，,]?\s*([^，。“「]{1,40}?" + _REPORT + r")")
_SPEECH_CLOSE = "”」』"
_PRONOUNS = re.compile(r"我们|我国|我方|本国|我")
# negation words, checked as whole jieba tokens (特别 is not 别, 未来 is not 未)
_NEGATORS = {"不", "没有", "没", "未", "无意", "拒绝", "并非", "绝不", "从未", "勿", "别", "不会",
             "不再", "不能", "不得", "未曾", "并未", "从不", "决不", "无法", "未能", "没能", "未见"}
_NEG_WINDOW = 8
# words that start like a negation but are not one (未来 "future", 不断 "constantly")
_NOT_NEGATIONS = {"未来", "不断", "不少", "不仅", "不过", "不同", "不满", "不但", "不管", "不论",
                  "不久", "不足", "不安", "不利", "不良", "不法", "没收"}
_HYPOTHETICAL = re.compile(r"^[^，；。]*?(如果|假如|倘若|若是|一旦|万一|要是|若)|在发生")
# uncertainty and readiness before a trigger: 可能部署, 准备好部署, 没有迹象表明…使用
_IRREALIS = re.compile(r"(可能|或将|也许|或许|是否|准备好|(没有|无)[^，；。]{0,6}(迹象|证据)表明)[^，；。]*$"
                       r"|(努力|试图|企图|寻求|考虑|商讨)[^，；。]{0,3}$")
# an event named as what may or will not happen: 引起日中全面战争的可能性也微乎其微,
# 也就不会因此引发中国对日本的战争 (the negation scopes over the cause verb and its object)
_POSSIBILITY = re.compile(r"\s*(的)?(可能性|风险)|\s*的(可能|危险)(?![\u4e00-\u9fff])")
_NEG_CAUSE = re.compile(r"(不会|不致|不至于|没有|并未|未曾|不|未)[^，；。]{0,12}?(引发|引起|导致|造成|爆发|演变|酿成|带来|挑起|发动)[^，；。]*$")
# what someone hopes for is not done (拜登政府希望透过正规管道，或对朝鲜经济制裁施加更多压力): in the
# clause of the wish, and in a clause that goes on with it (或/并/以…)
_WISH = re.compile(r"(希望|期望|盼望|期盼|想要|希冀|渴望)[^，；。]*$")
_GOES_ON = re.compile(r"\s*(或者|或是|或|并且|并|以便|以|从而|进而)")
_PLANNED = re.compile(r"((?<![即必])将(?![军领士近])|即将|计划|准备|打算|承诺|誓言)[^，；。]*$")
_PREP_BEFORE = re.compile(r"((?<![反面针相绝应])对|向|与|同|跟|给|(?<![因])为|在|(?<![至由])于|从|针对|对于|关于|和|及|替|帮助|驻)\s*$")
_CLAUSE = re.compile(r"[，,；;：:。！？!?]")
# X的外长 / X的农业部长: officials acting for X
_OFFICIALS = re.compile(r"[^，；。的]{0,4}?(部长|外长|总统|总理|首相|代表|代表团|领导人|官员|发言人|大使)")
# verbs whose object may be a clause or nothing at all: 批评称…, 呼吁各方…, 表态支持
_BARE_OK = re.compile(r"\s*(称|说|，|,|：|:|各方|所有|国际社会|和|与|$)")
# a noun right after an actor: the actor qualifies it (中国涉港政策, 乌克兰政府 excepted)
_NOUN_AFTER = re.compile(r"(?!政府|人民|当局|方面)[\u4e00-\u9fff]{0,1}(政策|事务|内政|问题|局势|经济|领土|主权)")
_TITLE_WORDS = re.compile(r"[^、和与及以，,\s（）()]{0,4}?(外长|外交部长|总统|总理|首相|国务卿|防长|国防部长|部长|"
                          r"大使|代表|发言人|主席|秘书长)")
# what someone must or should do is not yet done: 必须向乌克兰提供更多的武器…
_OBLIGATION = re.compile(r"(必须|应该|应当|需要|要求|务必)[^，；。]*$")
# 在俄乌战争发生前， / 则在博雷利批评…后已发文，: the time word ends the clause (比利时 is no 时)
_TIME_CLAUSE = re.compile(r"\s*(则|就|又|也|将|会)?\s*在[^，；。]*(后|时|前|之际|期间|同时)[^，；。]{0,4}(?=[，,；;。]|$)")
_UNNAMED_OFFICIAL = re.compile(r"(发言人|官员|人士|高官)(?![\u4e00-\u9fff]{0,1}[·∙])")
_CONTENT_CLASSES = ("Demand", "Condemnation", "Support", "Threat")
# what may stand between a subject and its verb: adverbs, times, a place
_VP_LEAD = re.compile(r"^(正在|将|将会|已经|已|也|还|曾|又|再|都|正|即将|上个月|下周|本周|今天|昨天|明天|"
                      r"周[一二三四五六日]|\d{1,2}月\d{1,2}日|在[^，；。]{1,8}?|于[^，；。]{1,10}?)*$")
# 以澳洲总理的身分前往日本: the office one acts in, not who acts
_PREP_OF_TITLED = re.compile(r"((?<![参给授赋])与|同|跟|向|(?<![反面针相绝应])对)$")
_CAPACITY = re.compile(r"(?<![所可予加得足难借])以\s*$")
_CAPACITY_END = re.compile(r"[^，；。]{0,8}?(的)?(身份|身分|名义)")
_PRIVATE = re.compile(r"(记者|学者|专家|分析人士|分析师|民众|公民|居民|学生|网民|游客|商人|球员|作家|律师|男子|女子|男青年|富豪)")
_COORD_ANY = re.compile(r"[、和与及]")
# 让美国决定…: the one made to act is the subject of what follows
# 在俄乌战争发生前: what follows 在 in a time clause is an event, not a place
_EVENT_NOUN = re.compile(r"[^，；。]{0,4}?(战争|冲突|入侵|危机|选举|会议|峰会|事件|战斗)")
_BILATERAL = re.compile(r"会晤|会谈|会见|磋商|谈判|讨论|会面")
_CAUSATIVES = {"让", "使", "令", "促使", "迫使", "使得", "是"}
_ADVERBIAL = re.compile(r"\s*(通过|在|为了|随着|经过|鉴于|由于|根据|面对|针对|对于)")
_GROUP_NOUNS = re.compile(r"^(外长|外交部长|部长|领导人|盟国|盟友|成员国|官员|国家元首|政府首脑)们?$")
_COORD = re.compile(r"^\s*(、|和|与|及|以及|及其|，以及|,|，)\s*$")


# X对Y的(全面)入侵: the object phrase before a nominal event ("对" not inside 反对/面对)
_OBJ_OF = re.compile(r"(?<![反面针相绝应核])(对|向)((?:[^，；。对向]|，包括){1,30}?)的[^，；。的]{0,6}$")
# what may stand between an attacker and its trigger: adverbs, adjectives, a possessive
_AGENT_GAP = re.compile(
    r"^(的|全面|野蛮|无端|持续|悍然|选择|已经|再次|公然|正在|不断|大规模|军事|对其|发动|关于其|其|"
    r"总统|总理|首相|政府|当局|军队|军方|挥军|继续|\d{1,2}月\d{1,2}日|\d{1,2}日|今天|昨天|在发动|发动了|这次|这场|开始|即将|将要|将)*$"
)
# an actor right after an attack verb is its object, not an attacker (入侵乌克兰的战争)
_TRIGGER_BEFORE = re.compile(r"(入侵|侵略|攻击|袭击|轰炸|进攻)\s*$")
# between two members of a list of targets: titles, "government", brackets, conjunctions
_LIST_GAP = re.compile(r"^\s*(政府|人民|总统|总理|当局|首相)?\s*[、，,]?\s*(以及|和|与|及)?\s*$")
_BRACKETS = re.compile(r"[（(][^）)]{0,40}[）)]")
_ACT_NOUN = re.compile(r"[^，；。]{0,4}?(侵略|入侵|战争|攻击|袭击|行为|行动|言论|立场|政策|做法|决定|"
                      r"主权|独立|领土|努力|要求|申请|计划|批评|指责|威胁|制裁|挑衅|干涉|说法|声明|报告|表态|目的|意图|企图|选举|过程|法案|提案|议案)")
_POLITICAL_SUPPORT = None  # set below, once Rule exists
_VERBAL_OBJECT = re.compile(r"[^，；。]{0,8}?(政策|言论|制度|体制|选举|立场|做法|决定|报道|人权|民主|价值观)")
_PLACE_MODIFIES = re.compile(r"(情报|政府|官员|当局|部门|军方|军队|媒体|方面|总统|总理|外交|国防|国务|人民|民众|企业|公司|代表)")
_REACTION = re.compile(r"对(此|这一?(做法|举动|行为|声明|决定|言论)?)[「“『\s]*(表示)?[^，；。]{0,6}$")
_REACTED_TO = {"Statement", "Condemnation", "Demand", "Sanction", "Threat", "Attack", "Deployment"}
_ADMINISTRATION = re.compile(r"([-－‐·][\u4e00-\u9fff]{2,5})?政府")
_APPOINT = {"任命", "委任", "提名", "罢免", "撤换", "免去"}  # verbs whose object is the person
_OBJECT_LEAD = re.compile(r"^\s*(了|着|过|一下|所有国家\s*[，,]?\s*包括|[^，；。]{0,8}[，,]\s*包括|包括)?\s*$")
# between a country and a place in it: 比利时首都布鲁塞尔, 德国北方的度假胜地旺格尔斯小镇
_PLACE_GAP = re.compile(r"^(?!.*(举行|召开|举办|进行))([^，；。、和与“”「」]{0,8}?(的|首都|城市|小镇|胜地|地区|省|州|部))?$")
_PLACE_NOUN = re.compile(r"[^，；。]{0,6}?(总部|首都|城市|小镇|地区|附近|周边|会议|峰会)")
# after 在X: a time or topic of X rather than a place (在俄罗斯最重要的非宗教节日)
_PLACE_TIME = re.compile(r"(?:(?!举行|召开|进行|举办)[^，；。在]){0,8}?(节日|纪念日|假日|之际|期间|问题上|议题上)")
# the object of a host's verb naming officials, not who they are: 接待东南亚国家的领导人
# (not 会晤后发言人表示: a time word ends the object)
_GUEST_NP = re.compile(r"(了)?[^，；。时后前中上间]{0,10}?(领导人|代表团|官员|政要|" + "|".join(sorted(TITLES, key=len, reverse=True)) + ")")
# 在华盛顿特区和白宫: the kind of place written after a name is still part of it
_PLACE_SUFFIX = re.compile(r"^(特区|市|省|州|县|地区)(?=\s*(、|和|与|及|以及))")
# after an attack's trigger: the attack is the time something else happened (…入侵后)
_AS_TIME = re.compile(r"\s*(开始)?(以来|之后|以后|后|期间|之前|以前|前)(?![\u4e00-\u9fff]{0,1}(线|方|沿|锋))")
# a meeting or talk about an attack, between a date and the attack: the date is theirs
_TALK = re.compile(r"开会|会议|会谈|会晤|峰会|讨论|谈到|谈及|提到|提及|谈论|论及|回顾|纪念")
# verbs through which a date still dates the attack they govern (发动入侵, 下令入侵)
_LIGHT_VERB = re.compile(r"(发动|发起|展开|开展|进行|开始|实施|挑起|下令|决定|继续|加紧|加强|再次|全面)$")
_LOC_PREP = re.compile(r"(?<![由关对基等处属至终])(在|于)|部署于|位于|访问|到访|抵达|(?<![远])赴")


@dataclass(frozen=True)
class Rule:
    cls: str
    pattern: re.Pattern
    kind: str  # how roles are assigned


def _r(cls: str, pattern: str, kind: str) -> Rule:
    return Rule(cls, re.compile(pattern), kind)


_POLITICAL_SUPPORT_PATTERN = r"提供[^，；。]{0,16}?政治[^，；。]{0,8}支持"
# Trigger patterns per class. Order matters only for ties on the same characters: the
# first rule claims them.
RULES: tuple[Rule, ...] = (
    _r("Demand", r"呼吁|敦促|促请|吁请|督促|敦请|奉劝|劝告|要求(?!的)", "verb"),
    _r("Demand", r"(?<=[\u4e00-\u9fff])(应该|应当|必须|务必|应|需要|须)(?=[\u4e00-\u9fff])", "modal"),
    _r("Condemnation", r"谴责|抨击|批评|指责|斥责|怒斥|痛斥|批驳|驳斥|(坚决|强烈)反对", "verb"),
    _r("Aid", r"培训(了)?(?=[^，；。]{1,8}(武装部队|军队|部队|士兵|军人))", "aid"),
    _r("Aid", r"提供[^，；。]{0,24}?(援助|支持|武器|资金|贷款|军援)|(运送|输送|交付)[^，；。]{0,12}?(武器|军火|弹药|援助物资)"
              r"|接纳[^，；。]{0,6}难民"
              r"|(援助|军援)(?=[\u4e00-\u9fff])|捐助|捐赠|捐款", "aid"),
    _r("Support", r"(?<![反面针相绝应])对[^，；。对]{1,12}?的[^，；。]{0,4}支持", "nominal"),
    _r("Support", r"声援|力挺|祝贺|赞扬|感谢|(?<!受)欢迎|支持(?!率|者)", "verb"),
    _r("Sanction", r"制裁(?!名单)|禁运|(?<=[\u4e00-\u9fff])禁令|冻结[^，；。]{0,10}资产", "sanction"),
    _r("Deployment", r"部署|派遣|派驻|驻扎|增兵|增派|出兵|派兵|调兵|集结|进驻|建立[^，；。]{0,14}?战斗(小组|群)"
                      r"|置于[^，；。]{0,4}(警戒|戒备)状态", "verb"),
    _r("Attack", r"入侵|侵略|攻击|袭击|轰炸|进攻|反攻|攻打|空袭|炮击|炮轰|击落|击沉|炸毁|杀害|战争(?!罪|努力|手段|能力)", "attack"),
    _r("Threat", r"(将|会)[^，；。]{0,4}(导致|造成|带来|招致)[^，；。]{0,4}后果", "warning"),
    _r("Threat", r"威胁(?!到)", "threat"),
    # 普京警告那些…的国家可能会遭到…打击: a warning of harm to come, with its addressee
    _r("Threat", r"警告(?![称说道：:，,])(?=[^。；]{0,40}?(遭到|遭受|面临|付出[^，；。]{0,4}代价|报复|后果))", "warn"),
    _r("Meeting", r"在[^，；。]{0,12}?(会议|峰会|会晤|会谈)上|(峰会|会议|会谈|会晤)[^，；。]{0,30}?(举行|召开|开幕)"
                  r"|(举行|召开)[^，；。]{0,12}?(峰会|会议|会谈|会晤|谈判|大会)|开会|会晤|会见|(?<!接受)访问|到访",
       "meeting"),
    _r("Statement", r"发表(了)?[^，；。]{0,10}(声明|讲话|演讲|演说|致辞|谈话|文章|此文|社论|评论)|在[^，；。]{0,8}(声明|讲话|演讲|演说|致辞)中(?=[^，；。]{0,4}(重申|表示|指出|强调|称))|发(了)?声明|发布(了|的)?[^，；。]{0,6}声明|宣布|公布|(?<![的其])发言(?!人)"
                    r"|作(了)?[^，；。]{0,4}(通报|报告)|通过(了|的)?[^，；。]{0,12}?(决议|法案|议案|战略概念|宣言|公报)",
       "statement"),
    _r("Threat", r"(让|使|要)[^，；。]{0,20}付出[^，；。]{0,4}代价", "warning"),
    _r("Meeting", r"(此次|本次|这次|这场)[^，；。]{0,6}(峰会|会议|会谈)|进行[^，；。]{0,4}(讨论|谈判|会谈|磋商)",
       "meeting"),
    _r("Meeting", r"出席[^，；。]{0,30}?(会议|峰会|会谈|开幕式)|与会|接待", "meeting"),
    _r("Meeting", r"(?<![对的与和])(磋商|会面)(?![的])", "meeting"),
    # 美国打算与印尼、泰国…和文莱讨论…: talks with the parties listed right before the verb
    _r("Meeting", r"(?<=[\u4e00-\u9fff])讨论(?![的])", "talks"),
    # 第75届WHA将于5月22日至5月28日召开: an assembly as the subject of 召开/开幕 with no object
    _r("Meeting", r"(召开|开幕)(?=\s*[，,；;。]|$)", "convene"),
    _r("Statement", r"(?<=[\u4e00-\u9fff])决议(?!案|草案)", "statement_noun"),
    _r("Personnel", r"(宣誓)?(?<![曾时现])(担任|出任|接任|继任)|宣誓(就职|就任|上任|成为)", "office"),
    _r("Personnel", r"任命|委任|提名|罢免|撤换|免去|延长(了)?(其|他的|她的)?任期|辞职|当选|就任|解职|卸任|连任",
       "personnel"),
)


@dataclass
class _Actor:
    start: int  # offsets relative to the sentence
    end: int
    key: str
    cls: str
    modifier: bool = False  # the organisation of a title (北约秘书长X)
    metonym: bool = False  # a place standing for its country (北京 -> 中国)


class _SentenceView:
    """One sentence with its actors, places and clause boundaries, in relative offsets."""

    def __init__(self, sent: Sentence, mentions: list[Mention], gaz, tokens=()):
        self.sent = sent
        self.norm = sent.norm
        # offsets (relative) where a verb ends: an actor starting there is that verb's object
        self.verb_ends = {t.end - sent.start for t in tokens
                          if t.tag[:1] == "v" and t.word not in _CAUSATIVES}
        # negators and 要 as words of their own, found once (relative offsets)
        self.negators = [(t.start - sent.start, t.end - sent.start) for t in tokens
                         if t.word in _NEGATORS or (t.word[:1] in "不未没" and len(t.word) > 1
                                                    and t.word not in _NOT_NEGATIONS)]
        self.musts = [t.start - sent.start for t in tokens if t.word == "要"]
        self.actors: list[_Actor] = []
        self.places: list[_Actor] = []
        persons_with_roles = [m for m in mentions if m.role is not None and m.role.of]
        for m in mentions:
            s, e = m.start - sent.start, m.end - sent.start
            ent = m.entity
            if ent.cls == "Organization" and _MEDIA.search(ent.label_zh):
                continue  # a news outlet reports; it is not a party to what it reports
            if ent.cls == "Organization" and gaz is not None and _UNNAMED_OFFICIAL.match(sent.norm, e) \
                    and not any(p.start - sent.start > e and p.start - sent.start <= e + 6
                                for p in persons_with_roles):
                # 美国国务院发言人批评…: an unnamed official speaks for the state
                ent = _state_of(ent, gaz) or ent
            elif ent.cls == "Organization" and sent.norm.startswith("驻", e) and gaz is not None:
                # 中国外交部驻七国的大使馆: an unnamed mission speaks for its state
                ent = _state_of(ent, gaz) or ent
            if ent.cls in ACTOR_CLASSES:
                modifier = any(
                    p.role.of == ent.key and 0 <= p.start - m.end <= 14 for p in persons_with_roles
                )
                self.actors.append(_Actor(s, e, ent.key, ent.cls, modifier))
            if ent.cls in ("Place", "Country"):
                self.places.append(_Actor(s, e, ent.key, ent.cls))
            if ent.cls == "Place":
                country = gaz.metonym_of(ent.key) if gaz is not None else None
                if country is not None and not self._locative(s):
                    self.actors.append(_Actor(s, e, country.key, "Country", metonym=True))
        self.actors.sort(key=lambda a: a.start)
        # where a list goes on, by part of speech (the 和 of 和平 is no conjunction)
        self.conj = {t.start - sent.start for t in tokens
                     if t.tag[:1] == "c" or t.word in ("和", "与", "及", "以及")}
        # 民主党代表康诺利: a body right before a title and a named person only qualifies him
        persons = [a.start for a in self.actors if a.cls == "Person"]
        self.actors = [
            replace(a, modifier=True) if a.cls != "Person" and not a.modifier and any(
                0 < p - a.end <= 8 and _ends_with_title(self.norm[a.end:p])
                or 8 < p - a.end <= 14 and self._long_office(a.end, p) for p in persons) else a
            for a in self.actors
        ]
        # 两名俄罗斯记者 / 亲克里姆林宫新闻网站: a nationality or leaning of private people, not
        # the state acting
        self.actors = [
            replace(a, modifier=True) if a.cls == "Country" and (
                _PRIVATE.match(self.norm, a.end) or self.norm[a.start - 1:a.start] == "亲")
            or a.metonym and self.norm[a.start - 1:a.start] == "亲" else a
            for a in self.actors
        ]
        self.bounds = [0] + [m.end() for m in _CLAUSE.finditer(self.norm)] + [len(self.norm) + 1]
        # 与韩国外交部朝鲜半岛和平交涉本部长鲁圭德: the object of a preposition is the whole noun
        # phrase up to the name, however long its office; the name's start -> the preposition's
        self.pp_of: dict[int, int] = {}
        preps = [(t.start - sent.start, t.end - sent.start) for t in tokens
                 if t.tag[:1] == "p" and t.word in ("与", "同", "跟", "向", "对")]
        for a in self.actors:
            if a.cls != "Person":
                continue
            for q0, q1 in reversed(preps):
                if q1 < a.start:
                    if self._titled_np(q1, a.start):
                        self.pp_of[a.start] = q0
                    break

    def _titled_np(self, lo: int, hi: int) -> bool:
        """Whether norm[lo:hi] is a named body or place, then an office ending in a title (the
        noun phrase before a name): no clause mark, 的 or conjunction in it, no entity in it
        that is a verb's object."""
        gap = self.norm[lo:hi]
        if not gap or len(gap) > 20 or re.search(r"[，,；;：:。、“”「」（）()的了\s]", gap):
            return False
        if any(lo < c < hi for c in self.conj) or not any(gap.endswith(t) for t in TITLES):
            return False
        inner = [b for b in self.actors + self.places if lo <= b.start and b.end <= hi]
        return bool(inner) and inner[0].start == lo and not any(b.start in self.verb_ends for b in inner)

    def _long_office(self, end: int, p: int) -> bool:
        """中国政府朝鲜半岛事务特别代表刘晓明: a longer office (a portfolio, then a title) between
        a body and a name, with no verb, list or other actor in it (a list by part of speech,
        as in :meth:`_titled_np`: 朝鲜半岛和平交涉本部长 is one office)."""
        gap = self.norm[end:p]
        return (any(gap.endswith(t) for t in ("代表", "特使", "大使", "部长", "主任", "局长", "主席", "顾问"))
                and not re.search(r"[，,；;：:。、的“”「」（）()\s]", gap)
                and not any(end < c < p for c in self.conj)
                and not any(end < a.start < p for a in self.actors)
                and not any(end < v < p - 2 for v in self.verb_ends))

    def administrations(self, office: dict[str, str]) -> None:
        """A person followed by 政府 (拜登政府, 拜登-哈里斯政府) is the state the person leads,
        when the article names that office; otherwise the person is not the actor at all."""
        out = []
        for a in self.actors:
            m = _ADMINISTRATION.match(self.norm, a.end) if a.cls == "Person" else None
            if m is None:
                out.append(a)
            elif a.key in office:
                out.append(_Actor(a.start, a.end + m.end() - m.start(), office[a.key], "Country"))
        self.actors = out

    def resolve_pronouns(self, last: dict) -> None:
        """他/她 is the last person named before it, 该国 the last country (in this sentence
        or an earlier one). ``last`` carries both from sentence to sentence."""
        named = list(self.actors)
        for pattern, cls in ((r"(?<![其吉利排])[他她](?![们国人方乡日])", "Person"), (r"该国", "Country")):
            for m in re.finditer(pattern, self.norm):
                before = [a for a in named if a.cls == cls and a.end <= m.start()]
                who = before[-1].key if before else last.get(cls)
                if who is not None:
                    self.actors.append(_Actor(m.start(), m.end(), who, cls))
        # 双方 / 两国: the last two countries named before it
        for m in re.finditer(r"双方|两国", self.norm):
            persons = [a.key for a in named if a.cls == "Person" and a.end <= m.start()]
            before = [a.key for a in named if a.cls == "Country" and a.end <= m.start()
                      and not self._locative(a.start)]
            pair = list(dict.fromkeys(reversed(persons)))[:2] if m.group() == "双方" else []
            if len(pair) < 2:
                pair = list(dict.fromkeys(reversed(before)))[:2]
            if len(pair) < 2 and not before:
                pair = list(last.get("pair", ()))  # the two parties of the sentence before
            if len(pair) == 2:
                for key in sorted(pair):
                    self.actors.append(_Actor(m.start(), m.end(), key, "Country"))
        for cls in ("Person", "Country"):
            mine = [a for a in named if a.cls == cls]
            if mine:
                last[cls] = mine[-1].key
        # the two parties the next sentence's 双方 may mean: the last two states or
        # organisations named here (only the sentence right before counts)
        parties = list(dict.fromkeys(reversed([a.key for a in named if a.cls in ("Country", "Organization")
                                                and not a.modifier and not self._locative(a.start)])))
        last["pair"] = tuple(parties[:2]) if len(parties) >= 2 else ()
        self.actors.sort(key=lambda a: a.start)

    def _locative(self, s: int) -> bool:
        return bool(re.search(r"(在|于|到|赴|抵达|前往|访问|来自|从)\s*$", self.norm[max(0, s - 3):s]))

    def clause(self, pos: int) -> tuple[int, int]:
        for a, b in zip(self.bounds, self.bounds[1:]):
            if a <= pos < b:
                return a, min(b, len(self.norm))
        return 0, len(self.norm)


class EventExtractor:
    def __init__(self, gazetteer=None):
        self.gaz = gazetteer

    def extract(self, doc: Document) -> list[Event]:
        events: list[Event] = []
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        views = [
            _SentenceView(sent, by_sentence.get(sent.index, []), self.gaz,
                          doc.tokens[sent.index] if doc.tokens else ())
            for sent in doc.sentences
        ]
        # 拜登政府 / 拜登-哈里斯政府: a leader's administration is the state whose office he holds
        office: dict[str, str] = {}
        for m in doc.mentions:
            if m.role is not None and m.role.of and self._is_country(m.role.of):
                office.setdefault(m.entity.key, m.role.of)
        for view in views:
            view.administrations(office)
        speakers = self._speakers(doc, views)
        found: list[Event] = []  # the events of the sentence before
        last: dict[str, str] = {}  # the last Person and Country named so far
        for sent, view in zip(doc.sentences, views):
            view.resolve_pronouns(last)
            found = self._sentence_events(doc, view, speakers.get(sent.index), found[-1:])
            events.extend(found)
        return events

    # -- who is speaking ----------------------------------------------------------------
    def _speakers(self, doc: Document, views) -> dict[int, list[tuple[int, tuple[str, ...]]]]:
        """Who speaks where: per sentence, (from offset, speaker) segments.

        A quotation opened after `X表示：` is X's until it closes, across sentences and into
        following paragraphs that reopen a quote without a new attribution (how Chinese
        news quotes a statement paragraph by paragraph). `“…”，X说。` gives the quote before
        it to X. Reported speech without quotes (`X表示，Y应…`) is X's from the verb on. The
        speaker is the subject of the clause holding the reporting verb, so in
        `路透社报导，萧兹对国会表示，…` it is 萧兹, not the news agency.
        """
        out: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
        speaker: tuple[str, ...] = ()
        author: tuple[str, ...] = ()  # of the latest statement (声明)
        depth = 0
        reopen = False  # the previous paragraph ended inside a quotation
        last_par = -1
        for sent, view in zip(doc.sentences, views):
            norm = sent.norm
            segs: list[tuple[int, tuple[str, ...]]] = []
            first_of_paragraph = sent.paragraph != last_par
            if first_of_paragraph:
                reopen, depth, last_par = depth > 0, 0, sent.paragraph
            m = re.search(r"发表[^，；。]{0,6}声明|通过声明", norm)
            if m:
                who = self._subject(view, view.clause(m.start())[0], m.start())
                if who:
                    author = who
            if depth > 0:
                segs.append((0, speaker))
            for i, ch in enumerate(norm):
                if ch in _SPEECH_OPEN:
                    if depth == 0:
                        before = norm[:i]
                        if _ATTRIB.search(before):
                            v = _ATTRIB.search(before).start()
                            who = self._subject_back(view, v)
                            if not who and re.search(r"声明|公报|报告", before[-8:]):
                                who = author or speaker
                            speaker = who
                            segs.append((i, speaker))
                        elif reopen and first_of_paragraph and not before.strip():
                            segs.append((i, speaker))  # the quotation goes on
                    depth += 1
                elif ch in _SPEECH_CLOSE and depth > 0:
                    depth -= 1
                    # “…”，X说。: the speaker comes after the quotation
                    after = _POST_ATTRIB.match(norm, i + 1)
                    if after:
                        v = after.end(1)
                        who = self._subject(view, i + 1, v)
                        if who:
                            speaker = who
                            segs = [(a, who if a <= i else w) for a, w in segs] or [(0, who)]
                            if not any(a == 0 for a, _ in segs):
                                segs.insert(0, (0, who))
            # reported speech without quotes: X表示，Y应该… (the speaker's from the verb on)
            for m in re.finditer(_REPORT + r"[，,：:]", norm):
                if any(a <= m.start() for a, _ in segs) and depth > 0:
                    continue
                who = self._subject_back(view, m.start())
                if who:
                    segs.append((m.end(), who))
            if segs:
                out[sent.index] = sorted(segs, key=lambda t: t[0])
        return out

    # -- one sentence -------------------------------------------------------------------
    def _sentence_events(self, doc, view: _SentenceView, segments, before=()):
        """The events of one sentence; ``before`` holds the last event of the sentence
        before it (what a reaction 对此… may answer)."""
        norm = view.norm
        hits: list[tuple[int, int, Rule]] = []
        claimed: list[tuple[int, int]] = []
        # A rule claims the keyword of its match (决议 in 通过的侵略乌克兰决议), so another
        # class can still use another word of the same span (侵略).
        for rule in RULES:
            for m in rule.pattern.finditer(norm):
                s, e = m.span()
                ks, ke = _keyword_span(rule.cls, norm, s, e)
                if any(ks < ce and cs < ke for cs, ce in claimed):
                    continue
                claimed.append((ks, ke))
                hits.append((s, e, rule))
                # 提供…政治和实际支持: political support as well as practical aid
                if rule.cls == "Aid" and "政治" in norm[s:e] and norm[ks:ke] == "支持":
                    hits.append((s, e, _POLITICAL_SUPPORT))
        hits.sort(key=lambda h: h[0])
        events: list[Event] = []
        content_spans: list[tuple[int, int]] = []  # what demands ask for
        for s, e, rule in hits:
            c0, c1 = view.clause(s)
            speaker = _speaker_at(segments, s)
            # what a demand asks for is not asserted; facts named inside it with their own
            # actor (X对Y的入侵, 联合国大会通过的决议) still are
            if any(a <= s < b for a, b in content_spans) and rule.cls != "Demand" \
                    and rule.kind not in ("attack", "statement"):
                continue
            presupposed = rule.kind == "attack" and _named_war(view, s, e)
            if _POSSIBILITY.match(norm, e) or _NEG_CAUSE.search(norm[c0:s]):
                continue
            if self._negated(view, c0, s) \
                    or (_HYPOTHETICAL.search(norm[c0:c1]) and not presupposed) \
                    or (rule.cls != "Threat" and _IRREALIS.search(norm[:s]) and not presupposed) \
                    or (rule.cls not in ("Threat", "Demand") and not presupposed and self._wished(norm, c0, s)) \
                    or (rule.cls not in ("Demand", "Threat") and (_OBLIGATION.search(norm[c0:s])
                                                                  or self._must(view, c0, s))):
                continue
            subject = self._subject(view, c0, s, speaker)
            if not subject:
                subject = self._fallback_agent(doc, view, segments, c0, s)
            ev = self._roles(doc, view, rule, s, e, subject, speaker)
            if ev is None:
                continue
            if rule.cls == "Demand" and norm[s - 1:s] != "的":
                # what is demanded runs to the end of the sentence or to the next 并-clause;
                # a demand inside a time clause (在敦促支持该法案时，X赞扬了…) ends with it
                end = e
                while True:
                    stop = re.search(r"[，,]\s*并|[；;]", norm[end:])
                    if stop is None:
                        end = len(norm)
                        break
                    verb = norm[end + stop.end():end + stop.end() + 2]
                    # 敦促X允许A，允许B，并允许C: the same verb again goes on with the demand
                    if stop.group().startswith(("，", ",")) and len(verb) == 2 and verb in norm[e:end + stop.start()]:
                        end += stop.end()
                        continue
                    end += stop.start()
                    break
                if _TIME_CLAUSE.match(norm, c0):
                    end = min(end, c1)
                content_spans.append((e, end))
            if ev.cls == "Meeting" and re.match(r"(此次|本次|这次|这场)", norm[s:e]) \
                    and any(x.cls == "Meeting" for x in events):
                continue  # 这次会议: the meeting this sentence already named
            if ev.cls in ("Condemnation", "Support") and not ev.targets \
                    and _REACTION.search(norm[c0:s]):
                # 中方对此坚决反对和谴责: a reaction to the act told just before; its actor
                # is the target
                prior = [x for x in [*before, *events] if x.agents and not set(x.agents) & set(ev.agents)
                         and x.cls in _REACTED_TO]
                if prior:
                    ev = replace(ev, targets=prior[-1].agents)
            same = [x for x in events if x.cls == ev.cls
                    and ((x.agents, x.targets) == (ev.agents, ev.targets)
                         or (ev.cls == "Meeting" and set(x.agents) & set(ev.agents)))
                    and view.clause(x.trigger_start - view.sent.start) == (c0, c1)]
            if same:
                continue  # 表示了支持和祝贺: one act, two words
            events.append(ev)
        return events

    @staticmethod
    def _wished(norm: str, c0: int, s: int) -> bool:
        """In what someone hopes for: the wish's clause, or a clause going on with it (或/并/以…)."""
        return bool(_WISH.search(norm[c0:s])
                    or (_GOES_ON.match(norm, c0) and _WISH.search(norm[:c0].rstrip("，, "))))

    def _must(self, view, c0, s) -> bool:
        """要 as a verb of its own before the trigger (我们要向乌克兰提供更多武器): what
        someone must or wants to do, not what was done."""
        return any(c0 <= p < s for p in view.musts)

    def _negated(self, view, c0, s) -> bool:
        lo = max(c0, s - _NEG_WINDOW)
        return any(lo <= a and b <= s for a, b in view.negators)

    def _subject_back(self, view, v: int) -> tuple[str, ...]:
        """The subject of the clause holding position v, else of the nearest earlier clause
        that is not a time clause (至于中国驻欧盟使团发言人，则在…后，对欧盟…表示)."""
        c0 = view.clause(v)[0]
        who = self._subject(view, c0, v)
        if who:
            return who
        for b0, b1 in reversed(list(zip(view.bounds, view.bounds[1:]))):
            if b0 >= c0:
                continue
            if _TIME_CLAUSE.match(view.norm[b0:min(b1, c0)]):
                continue
            who = self._subject(view, b0, min(b1, c0))
            if who:
                return who
        return ()

    def _fallback_agent(self, doc, view, segments, c0, s):
        """The agent of a clause with no subject of its own.

        In order: a noun subject that is not an entity means the agent is unnamed (他的律师
        宣布…); the subject of the nearest earlier clause of the sentence, if it comes after
        where the current speaker started (勒德里昂表示，七国集团以…，“继续支持乌克兰”);
        the speaker (“我们…” statements). Never the previous sentence's subject: measured on
        the seed, the dev gold and held-out 1, inheriting it added only wrong agents (a
        hypothetical 舉行會議 given to the last person named, 部署了士兵 to a reporter); an
        event with no named agent is kept agentless.
        """
        speaker = _speaker_at(segments, s)
        # X称，Y是…，并呼吁Z: a verb joined by 并/同时 continues the speaker's own sentence
        if speaker and re.match(r"\s*(并且|并|同时|且)", view.norm[c0:s]):
            return speaker
        if self._noun_subject(doc, view, c0, s, ignore_officials=bool(speaker)):
            return ()
        # 通过此次峰会，北约同意…: an adverbial opening clause shares the next one's subject
        if _ADVERBIAL.match(view.norm, c0):
            nxt = [b for b in view.bounds if b > s]
            if nxt:
                b0 = nxt[0]
                b1 = next((b for b in view.bounds if b > b0), len(view.norm))
                subj = self._subject(view, b0, min(b1, len(view.norm)), speaker)
                first = [a for a in view.actors if b0 <= a.start < b1]
                # (民主党代表康诺利: a short office before the name still opens the clause)
                if subj and first and first[0].start - b0 <= 6:
                    return subj
        seg_start = max((a for a, _ in segments or () if a <= s), default=-1)
        for b0, b1 in reversed(list(zip(view.bounds, view.bounds[1:]))):
            if b0 >= c0:
                continue
            if b1 <= seg_start:
                break
            if _TIME_CLAUSE.match(view.norm[b0:min(b1, c0)]):
                continue  # 则在博雷利批评…后: a time clause names others, not the subject
            subj = self._subject(view, b0, min(b1, c0), _speaker_at(segments, b0))
            if subj:
                return subj
        return speaker

    def _noun_subject(self, doc, view, c0, s, ignore_officials=False) -> bool:
        """Whether a common noun (not an entity, not a time) stands in subject position of
        the clause [c0, s): before its first verb, outside prepositional phrases (对欧盟…
        干涉 is no subject)."""
        lo, hi = view.sent.start + c0, view.sent.start + s
        taken = [(a.start + view.sent.start, a.end + view.sent.start) for a in view.actors + view.places]
        in_pp = False
        for t in doc.tokens[view.sent.index]:
            if not (lo <= t.start and t.end <= hi):
                continue
            if t.tag[:1] == "p":
                in_pp = True
                continue
            if t.tag[:1] == "v":
                break  # past the subject position
            if in_pp:
                continue
            if t.tag[:1] == "n" and t.tag not in ("nd",):
                if ignore_officials and _GROUP_NOUNS.match(t.word):
                    continue  # 外长们 in a statement: the speaker's own officials
                if not any(a <= t.start < b for a, b in taken):
                    return True
        return False

    def _subject(self, view: _SentenceView, c0: int, s: int, speaker=None) -> tuple[str, ...]:
        """The actors in subject position of the clause [c0, s)."""
        text = view.norm
        pron = _PRONOUNS.search(text, c0, s)
        time_clause = bool(_TIME_CLAUSE.match(text[c0:view.clause(c0)[1]].rstrip()))
        cands = [
            a for a in view.actors
            if c0 <= a.start and a.end <= s and not a.modifier
            and (not _PREP_BEFORE.search(text[max(c0, a.start - 2):a.start])
                 # 与韩总统尹锡悦: a preposition, an office, then the name: still its object
                 and not _PREP_OF_TITLED.search(_TITLE_WORDS.sub("", text[max(c0, a.start - 8):a.start]))
                 and view.pp_of.get(a.start, -1) < c0
                 and not re.search(r"(?<![即])[将把]\s*$", text[max(c0, a.start - 2):a.start])
                 or (time_clause and re.search(r"在\s*$", text[c0:a.start])))
            and (not text.startswith("的", a.end) or _OFFICIALS.match(text, a.end + 1))
            and a.start not in view.verb_ends  # 入侵乌克兰 / 抵达日本: the object of a verb
            # 前往日本: a destination; 以澳洲总理的身分: the office one acts in
            and not re.search(r"(前往|赴|抵达|到访|访问|飞往|到达|来自)\s*$", text[max(c0, a.start - 2):a.start])
            and not (_CAPACITY.search(text[max(c0, a.start - 2):a.start]) and _CAPACITY_END.match(text, a.end))
        ]
        if cands:
            # 与韩总统尹锡悦及日首相岸田文雄: the members of a list after a preposition are its objects
            inside = [a for a in view.actors if c0 <= a.start and a.end <= s and not a.modifier]
            kept = set(map(id, cands))
            for prev, a in itertools.pairwise(inside):
                if id(a) in kept and id(prev) not in kept and prev.start != a.start \
                        and _coordinated(view, prev.end, a.start):
                    kept.discard(id(a))
            cands = [a for a in cands if id(a) in kept]
        if pron and (not cands or pron.start() < cands[0].start) and speaker:
            return speaker
        if not cands:
            return ()
        # 美国国务院发表此文的背景是拜登正在亚洲访问: the actor right before the verb phrase
        near = [a for a in cands if _VP_LEAD.match(text[a.end:s])]
        if near and near[-1].start != cands[0].start \
                and not _COORD_ANY.search(text[cands[0].end:near[-1].start]):
            cands = [a for a in cands if a.start >= near[-1].start]
        group = [cands[0]] + [a for a in cands[1:] if (a.start, a.end) == (cands[0].start, cands[0].end)]
        for a in view.actors:  # coordinated members may follow 和/与, which also are prepositions
            if a.start < group[-1].end or a.end > s or a.modifier:
                continue
            if _coordinated(view, group[-1].end, a.start):
                group.append(a)
            else:
                break
        return tuple(dict.fromkeys(a.key for a in group))

    def _adjacent_agent(self, view, s) -> tuple[str, ...]:
        """X对Y的TRIG / X的TRIG / X(adv)TRIG: the actor right before an attack or threat."""
        text = view.norm
        m = _OBJ_OF.search(text[:s])
        end = m.start() if m else s
        for a in reversed(view.actors):
            if a.end <= end and not a.modifier:
                if _AGENT_GAP.match(text[a.end:end]) and not _TRIGGER_BEFORE.search(text[:a.start]) \
                        and not (re.search(r"(在|于)\s*$", text[:a.start]) and text.startswith("的", a.end)):
                    return (a.key,)
                break
        return ()

    def _meeting_roles(self, view, s, e, c0, agents):
        """X与Y(就…)进行讨论 / X同Y会谈: X meets Y; 访问X / 对X的访问: X is visited."""
        norm = view.norm
        targets: tuple[str, ...] = ()
        before = [a for a in view.actors if c0 <= a.start and a.end <= s and not a.modifier]
        for i, a in enumerate(before[:-1]):
            gap = norm[a.end:before[i + 1].start]
            for b in view.actors:
                if b.modifier and a.end <= b.start and b.end <= before[i + 1].start:
                    gap = gap.replace(norm[b.start:b.end], "")
            gap = _TITLE_WORDS.sub("", _BRACKETS.sub("", gap))
            m = re.match(r"\s*(上个月|上周|今天|昨天|周[一二三四五六日])?\s*"
                         r"(打算|计划|准备|希望|将|还|也|已|曾|正在|再次|首次)*\s*(与|同|跟)\s*$", gap)
            if not _BILATERAL.search(norm[s:e]):
                m = None  # 库列巴和波佩斯库与会: a list of attendees, not one meeting the other
            if m and not re.search(r"[，；。]", norm[before[i + 1].end:s]):
                group = [before[i + 1]]
                for b in before[i + 2:]:
                    if _COORD.match(norm[group[-1].end:b.start]):
                        group.append(b)
                    else:
                        break
                return (a.key,), tuple(dict.fromkeys(g.key for g in group))
        # 出席欧盟领袖峰会 / 七大工业国集团外长会议: who the meeting is of takes part in it
        inside = [a.key for a in view.actors if s <= a.start and a.end <= e and not a.modifier
                  and not a.metonym and not re.search(r"(在|于)[^，；。]{0,3}$", norm[s:a.start])]
        # 由美国、日本、印度和澳大利亚组成的"四方"集团峰会 / 美日印澳「四方安全对话」峰会: the
        # body meets; the states that make it up only name it
        members = [(s + m.start(), s + m.end()) for m in re.finditer(r"由[^，；。]{1,40}?组成的", norm[s:e])]
        inside = [a.key for a in view.actors if a.key in inside and s <= a.start and a.end <= e
                  and not any(lo <= a.start < hi for lo, hi in members)]
        if any(a.key in inside and a.cls == "Organization" and s <= a.start and a.end <= e
               for a in view.actors):
            short = {a.key for a in view.actors if s <= a.start and a.end <= e and a.end - a.start == 1}
            long_ = {a.key for a in view.actors if s <= a.start and a.end <= e and a.end - a.start > 1}
            inside = [k for k in inside if k not in short or k in long_]
        inside = list(dict.fromkeys(inside))
        for q in re.finditer(r"[“\"「『]([^”\"」』]{1,20})[”\"」』]", norm[s:e]):
            if not any(s + q.start(1) <= a.start and a.end <= s + q.end(1) for a in view.actors):
                return None, ()  # "四方"集团峰会 named by a body not known: its party is uncertain
        attend = re.search(r"出席[^，；。]*$", norm[c0:s]) or norm.startswith("出席", s)
        if inside and re.search(r"(举行|召开)的", norm[s:e]) and not attend:
            agents = tuple(dict.fromkeys(inside))  # 将于5月举行的世界卫生组织大会: the body meets
        elif norm[s:e].startswith(("出席", "与会")) or inside or attend:
            agents = tuple(dict.fromkeys(tuple(agents) + tuple(inside)))
            # 出席会议的法国外长勒德里昂: the attendee is the person the phrase describes
            if norm.startswith("的", e):
                head = [a for a in view.actors if e < a.start <= e + 10 and not a.modifier]
                if head and not re.search(r"[，；。]", norm[e:head[0].start]):
                    group = [head[0]]
                    if "来自" in norm[e:head[0].start]:
                        # 出席会议的外长来自英国、加拿大…和欧盟: every member of the list
                        for a in view.actors:
                            if a.start > group[-1].start and _coordinated(view, group[-1].end, a.start):
                                group.append(a)
                    agents = tuple(dict.fromkeys(a.key for a in group))
        if norm[s:e] in ("会见", "会晤") and not targets:
            targets = self._objects(view, e, view.clause(s)[1])  # 会见习近平
        if not targets and _BILATERAL.search(norm[s:e]):
            targets = self._with_group(view, c0, s, agents)  # (拜登…，)与韩总统尹锡悦及日首相岸田文雄会晤
        if view.norm[s:e] in ("访问", "到访") or norm[s:e].endswith("访问"):
            targets = self._prep_object(view, c0, s, "对") or self._objects(view, e, view.clause(s)[1])
            if not targets:
                # 访问华府 / 访问东京和首尔: the country of each place visited is a host
                visited: list[_Actor] = []
                for p in view.places:
                    if p.start == (visited[-1].end if visited else e) or (
                            visited and p.start > visited[-1].end
                            and _COORD.match(norm[visited[-1].end:p.start])):
                        visited.append(p)
                targets = self._hosts(visited)
        if not targets and (norm[s:e] == "访问" or norm[s:e].startswith("出席")):
            # 抵达日本访问 / 抵达北京出席冬奥开幕式: the country reached is the host
            reached = [p for p in view.places if c0 <= p.start < s
                       and norm[max(c0, p.start - 2):p.start].endswith("抵达")]
            targets = self._hosts(reached[:1])
        return agents, targets

    def _with_group(self, view, c0, s, agents) -> tuple[str, ...]:
        """The list after 与/同/跟 right before a meeting verb, past the offices before each name
        (与韩总统尹锡悦及日首相岸田文雄会晤): whom the agent meets."""
        norm = view.norm
        m = re.search(r"(?<![参给授赋])(与|同|跟)[^，；。与同跟]*$", norm[c0:s])
        if m is None:
            return ()
        pos = c0 + m.end(1)
        group: list[_Actor] = []
        # the names the preposition governs through a body and a long office: the body only
        # qualifies them
        titled = [p for p, q in view.pp_of.items() if q == pos - 1 and p < s]
        for a in view.actors:
            if a.start < pos or a.end > s or a.modifier:
                continue
            if not group and any(a.end <= p for p in titled) and a.start not in titled:
                continue
            gap = norm[pos:a.start]
            for b in view.actors:
                if b.modifier and pos <= b.start and b.end <= a.start:
                    gap = gap.replace(norm[b.start:b.end], "")
            gap = _TITLE_WORDS.sub("", _BRACKETS.sub("", gap))
            if not group and view.pp_of.get(a.start) == pos - 1:
                gap = ""  # (a body and a long office before the name)
            if not (re.fullmatch(r"\s*", gap) if not group else _COORD.match(gap)):
                break
            group.append(a)
            pos = a.end
        # the list must run up to the verb (与X就Y问题会晤 / 与X举行会晤 allowed): 与韩国外交部…本部长
        # 鲁圭德会面 with the name unknown means someone of the ministry, not the ministry
        if not group or not re.match(r"\s*((再次|首次|正式|举行|进行|了)*|(在|于|就)[^，；。]*)$", norm[pos:s]):
            return ()
        return tuple(k for k in dict.fromkeys(a.key for a in group) if k not in agents)

    def _hosts(self, places) -> tuple[str, ...]:
        """The countries the places belong to (a country is its own host)."""
        out = []
        for p in places:
            if p.cls == "Country":
                out.append(p.key)
            elif self.gaz is not None:
                host = self.gaz.metonym_of(p.key) or self._country_entity(p.key)
                if host is not None:
                    out.append(host.key)
        return tuple(dict.fromkeys(out))

    def _object_is_event(self, view, e, c1) -> bool:
        """谴责对民用基础设施的攻击: the object is an act even though no actor is named."""
        return bool(_ACT_NOUN.search(view.norm[e:c1]))

    def _attack_roles(self, view, s, e, c0):
        """X对Y的入侵 / X入侵Y / Y遭到X入侵 / 入侵Y / Y战争 (the war in Y)."""
        norm = view.norm
        agents = self._adjacent_agent(view, s)
        if not agents and re.search(r"进行(了)?\s*$", norm[c0:s]):
            agents = self._subject(view, c0, s)  # 俄罗斯…继续进行侵略
        targets: tuple[str, ...] = ()
        pm = re.search(r"在([^，；。在]{1,8}?)进行[^，；。]{0,12}$", norm[c0:s])
        if pm:
            # X在Y进行(一场)战争: X fights in (and against) Y
            lo, hi = c0 + pm.start(1), c0 + pm.end(1)
            there = [a for a in view.actors if lo <= a.start and a.end <= hi and a.cls == "Country"]
            near = [a for a in view.actors if a.end <= c0 + pm.start() and not a.modifier
                    and re.match(r"^(决心|继续|正在|仍在|还|也|已经|一直|不断)*$", norm[a.end:c0 + pm.start()])]
            if there and near:
                return (near[-1].key,), (there[0].key,)
        dm = re.search(r"(?<![反面针相绝应核])对([^，；。对]{1,12}?)(发动|发起|实施)[^，；。]{0,6}$", norm[c0:s])
        if dm:
            # 俄罗斯对乌克兰发动军事攻击: the actor before 对 attacks the one after it
            lo, hi = c0 + dm.start(1), c0 + dm.end(1)
            inner = [a for a in view.actors if lo <= a.start and a.end <= hi and not a.modifier]
            owner = [a for a in view.actors if a.end <= c0 + dm.start() and not a.modifier
                     and _AGENT_GAP.match(norm[a.end:c0 + dm.start()])]
            if inner and owner:
                return (owner[-1].key,), (inner[0].key,)
        second = [a for a in view.actors if a.end == s and a.end - a.start == 1]
        if view.norm[s:e].startswith("战争") and second:
            first = [a for a in view.actors if a.end == second[0].start and a.end - a.start == 1]
            if first:
                # 俄乌战争: named attacker first, as news writes it
                return (first[0].key,), (second[0].key,)
        m = _OBJ_OF.search(norm[c0:s])
        if m:
            lo, hi = c0 + m.start(2), c0 + m.end(2)
            inner = [a for a in view.actors if lo <= a.start and a.end <= hi and not a.modifier]
            targets = (inner[0].key,) if inner else ()
        elif view.norm[s:e].startswith("战争"):
            # 入侵乌克兰的战争: the invasion already named; 乌克兰(的)战争: the war in Ukraine
            if re.search(r"(入侵|侵略|攻击|进攻)[^，；。]{1,8}的[^，；。]{0,4}$", norm[c0:s]):
                return (), ()
            owner = [a for a in view.actors if agents and a.key == agents[0] and a.end <= s]
            if owner and owner[-1].cls == "Organization":
                return agents, ()  # 俄军的战争: an armed force wages the war
            return (), agents
        if not targets and agents:
            for a in view.actors:
                if a.key == agents[0] and re.search(r"(遭到|遭受|受到|被|抵抗|抗击|反抗|抵御)\s*$", norm[c0:a.start]):
                    victims = [b for b in view.actors
                               if c0 <= b.start and b.end <= a.start and not b.modifier]
                    targets = (victims[-1].key,) if victims else ()
                    break
        if not targets:
            after = [a for a in view.actors if a.start == e and not a.modifier]
            # 攻击中国涉港政策: the actor only qualifies the object noun
            if after and not _NOUN_AFTER.match(norm, after[0].end):
                targets = (after[0].key,)
        if not agents and re.match(r"\s*在[^，；。]*(后|之后|以后|后不久|时)$", norm[c0:view.clause(s)[1]].rstrip("，,；;")):
            # 在2月24日开始入侵乌克兰后不久，俄罗斯就…: the main clause's subject
            nxt = [b for b in view.bounds if b > s]
            if nxt:
                b1 = next((b for b in view.bounds if b > nxt[0]), len(norm))
                agents = self._subject(view, nxt[0], min(b1, len(norm)))
        return agents, targets

    def _objects(self, view: _SentenceView, e: int, c1: int, owners: bool = False) -> tuple[str, ...]:
        """Actors right after position e (a coordinated list), within the clause."""
        text = view.norm
        out: list[_Actor] = []
        pos = e
        titled = False  # a modifier was passed: its office may stand before the name
        for a in view.actors:
            if a.start < e or a.start >= c1:
                continue
            gap = text[pos:a.start]
            if a.modifier:
                # 会晤欧洲委员会执行副主席X: pass the body whose office names the person
                lead = _OBJECT_LEAD.match(gap) if not out else _COORD.match(gap)
                if lead and a.cls != "Person":
                    pos, titled = a.end, True
                continue
            if titled and _ends_with_title(_BRACKETS.sub("", gap)):
                gap = ""  # (the office between the body and the name)
            elif out and _ends_with_title(re.sub(r"^\s*(和|与|及|以及|、)\s*(另一位|另一名|另外一位)?", "",
                                                            _BRACKETS.sub("", gap))):
                gap = "和"
            titled = False
            if not out:
                # the object follows the verb at once, or after an aspect particle, an
                # adverb of degree, or a lead-in such as 所有国家，包括X
                if not _OBJECT_LEAD.match(gap):
                    break
            elif not _COORD.match(gap) and not _LIST_GAP.match(_BRACKETS.sub("", gap)):
                break
            out.append(a)
            out.extend(b for b in view.actors if b is not a and (b.start, b.end) == (a.start, a.end))
            pos = a.end
        # 支持乌克兰的第三方: the verb phrase describes a noun; its subject is not the agent
        # (but 反对俄罗斯的侵略: the object is the actor's act)
        if out and text.startswith("的", out[-1].end) and not owners \
                and not _ACT_NOUN.match(text, out[-1].end + 1):
            return ()
        return tuple(dict.fromkeys(a.key for a in out))

    def _prep_object(self, view: _SentenceView, c0: int, s: int, preps: str = "对向为给") -> tuple[str, ...]:
        """对X… / 向X… / 为X… right before the trigger in its clause."""
        text = view.norm
        for a in view.actors:
            if c0 <= a.start < s and a.start > 0 and text[a.start - 1] in preps and not a.modifier:
                return (a.key,)
        return ()

    def _locations(self, view: _SentenceView, c0: int, c1: int,
                   before: int | None = None) -> tuple[str, ...]:
        """Places after 在/于 in [c0, c1) (only before ``before`` if given); a list gives all
        its members. 在北京的X (a place describing X) is not where the event happened."""
        text = view.norm
        out: list[_Actor] = []
        for m in _LOC_PREP.finditer(text[c0:c1]):
            if before is not None and c0 + m.start() >= before:
                break
            if _TIME_CLAUSE.match(text, c0 + m.start()) and _EVENT_NOUN.match(text, c0 + m.end()):
                continue  # 在俄乌战争发生前: a time, not a place
            pos = c0 + m.end()
            group: list[_Actor] = []
            for p in view.places:
                if p.start < pos:
                    continue
                if before is not None and p.start >= before:
                    break
                gap = text[pos:p.start]
                if not group:
                    if len(gap) > 3 or re.search(r"[，；。“”「」]", gap):
                        break
                elif not _COORD.match(_PLACE_SUFFIX.sub("", gap)) and not _PLACE_GAP.match(gap):
                    break
                group.append(p)
                pos = p.end
            if group and text.startswith("的", group[-1].end) and not _PLACE_NOUN.match(text, group[-1].end + 1):
                continue
            if group and m.group() in ("在", "于") and _PLACE_TIME.match(text, group[-1].end):
                continue  # 在俄罗斯最重要的节日 / 在朝鲜半岛问题上: a time or a topic, not where
            if group and text.startswith(("的边境", "的边界"), group[-1].end):
                continue  # 在俄罗斯的边境附近: by the border, on either side of it
            if group and _PLACE_MODIFIES.match(text, group[-1].end):
                continue  # 在美国情报部门显示…后: the place names whose body, not where
            if group and group[-1].end - group[-1].start == 1 and _EVENT_NOUN.match(text, group[-1].end):
                continue  # 在俄乌战争中: the parties of a war, not a place
            out.extend(group)
        # 比利时首都布鲁塞尔: both are named as where it happened, both are kept
        return tuple(dict.fromkeys(p.key for p in out))

    def _country_entity(self, key: str):
        country = self._country_of(key)
        try:
            return self.gaz.entity(country) if country else None
        except KeyError:
            return None

    def _is_country(self, key: str) -> bool:
        try:
            return self.gaz is not None and self.gaz.entity(key).cls == "Country"
        except KeyError:
            return False

    def _country_of(self, key: str) -> str | None:
        try:
            ent = self.gaz.entity(key)
        except KeyError:
            return None
        return ent.country

    def _date(self, doc, view: _SentenceView, c0: int, c1: int):
        """(end of the date expression, its value) for the clause [c0, c1), or None."""
        pub = doc.article.published
        for s, e, dv in find_dates(view.norm[c0:c1], pub):
            return c0 + e, _with_text(dv, view.sent.text[c0 + s:c0 + e])
        # a leading clause that is only a date: "4月，外交部长们将…" / "今天，我们决定…", also
        # after a semicolon, which opens a sentence of its own (…；上个月末，普京警告…)
        # or after who said it (该声明还说，自2002年以来，美国提供了…)
        starts = [0] + [b for a, b in zip(view.bounds, view.bounds[1:]) if b < c0 and (
            view.norm[b - 1] in "；;" or _ATTRIB.search(view.norm, a, b))]
        b0 = starts[-1]
        lead_end = next((b for b in view.bounds if b > b0), 0)
        if c0 != b0 and lead_end <= c0:
            lead = view.norm[b0:lead_end].rstrip("，,；;：:")
            found = find_dates(lead, pub)
            if found and found[0][1] - found[0][0] >= len(lead.strip()) - 2:
                s, e, dv = found[0]
                return b0 + e, _with_text(dv, view.sent.text[b0 + s:b0 + e])
        return None

    @staticmethod
    def _war_as_reference(view: _SentenceView, date_end: int, s: int, e: int) -> bool:
        """Is an attack named here only as a reference, so the clause's date belongs to
        another act? A time anchor (俄罗斯侵略乌克兰后, 自俄罗斯入侵开始以来) or the object of
        another verb that the date modifies (于星期四谈到乌克兰战争); 发动/发起…入侵,
        下令入侵 and 挥军入侵 still date the attack."""
        if _AS_TIME.match(view.norm, e):
            return True
        if date_end <= s and _TALK.search(view.norm, date_end, s):
            return True  # (jieba does not always tag the verb: 今天开会讨论…的侵略)
        return date_end <= s and any(
            # (a verb right before the trigger goes with it: 挥军入侵, 出兵攻打)
            date_end < v < s and not _LIGHT_VERB.search(view.norm, max(0, v - 3), v)
            for v in view.verb_ends)

    def _roles(self, doc, view, rule: Rule, s, e, subject, speaker) -> Event | None:
        norm = view.norm
        c0, c1 = view.clause(s)
        trigger = _trigger_word(rule.cls, view.sent.text, norm, s, e)
        agents: tuple[str, ...] = subject
        targets: tuple[str, ...] = ()
        content = None
        kind = rule.kind
        passive = False  # the receiver is named as the subject of a passive (受到制裁, 获得…援助)
        if kind == "modal":
            # X应该…: a demand by the speaker on X, who must be right before the modal;
            # the modal must be a word of its own (应对 "respond" is not 应)
            if not any(t.word == norm[s:e] and t.start == view.sent.start + s
                       for t in doc.tokens[view.sent.index]):
                return None
            before = [a for a in view.actors if a.end <= s and c0 <= a.start and not a.modifier]
            if not speaker or not before or s - before[-1].end > 2:
                return None
            if re.search(r"(为什么|为何|是否|如何)\s*$", norm[c0:before[-1].start]):
                return None  # 表明为什么台湾应该…: an embedded question, not a demand
            targets = (before[-1].key,)
            agents = speaker
            if targets[0] in agents:
                return None  # 他必须…, said of himself by the speaker: no one is asked
            if re.search(r"(因此|所以|因而|故而|从而)\s*$", norm[c0:before[-1].start]):
                return None  # 因此日本需要修改…: a conclusion the speaker draws, not a demand
            content = norm[s:c1].strip() or None
        elif kind == "verb" and rule.cls == "Demand" and norm[max(0, s - 2):s] in ("一句", "一项", "这项", "此项"):
            return None  # 多了一句呼吁: the word names a demand told elsewhere
        elif kind == "verb" and rule.cls == "Demand" and norm[s - 1:s] == "的":
            # 美国关于允许台湾参加…的呼吁: the demand is the owner's, made of nobody named
            owner = [a for a in view.actors if a.end <= s and c0 <= a.start and not a.modifier
                     and re.match(r"^(关于[^，；。]*)?的$", norm[a.end:s])]
            if not owner:
                return None
            agents, targets = (owner[-1].key,), ()
        elif kind == "verb" and rule.cls == "Deployment":
            targets = ()
        elif kind == "verb":
            targets = self._objects(view, e, self._extend(view, c1)) or self._prep_object(view, c0, s)
            if not targets and rule.cls == "Condemnation" and norm[e:e + 1] in "，,":
                # 他批评，尽管美国口头上…: the next clause says whom
                nxt = [a for a in view.actors if e < a.start < view.clause(e + 1)[1] and not a.modifier]
                targets = (nxt[0].key,) if nxt else ()
            if norm[s:e] == "欢迎" and any(a.start == e for a in view.actors):
                return None  # 欢迎东盟领导人参加…: hosting guests, not support
            if not targets and norm[s:e] == "欢迎":
                # 欢迎延长他的任期: whoever the welcomed act is for
                inner = [a for a in view.actors if e <= a.start < c1 and not a.modifier]
                targets = (inner[0].key,) if inner else ()
            if rule.cls in ("Demand", "Condemnation"):
                content = norm[e:self._extend(view, c1)].strip("，, ") or None
        elif kind == "nominal" and norm.startswith("的", e):
            return None  # 关于加强我们对这些伙伴的支持的建议: the support is a topic, not an act
        elif kind == "nominal" and re.search(r"包括[^，；。]*$", norm[c0:s]):
            return None  # …援助，包括灾害援助和对难民的支持: an item of what was given
        elif kind == "nominal":
            # 对X的支持: X is the target; nothing else qualifies
            m = re.match(r"对([^，；。对]{1,12}?)的", norm[s:e])
            inner = (s + m.start(1), s + m.end(1)) if m else (s, s)
            targets = tuple(a.key for a in view.actors
                            if inner[0] <= a.start and a.end <= inner[1] and not a.modifier)
            # 白俄罗斯对入侵的支持: the actor right before 对 is the supporter
            owner = [a for a in view.actors if a.end == s and not a.modifier]
            if owner:
                agents = (owner[-1].key,)
        elif kind == "aid" and re.match(r"(提供|运送|输送|交付)的", norm[s:e]):
            # 乌克兰军队配备了西方提供的重型武器: the giver is right before the verb of the relative
            # clause; the receiver is the subject of 配备/获得/收到, not the giver
            # (欧盟向乌克兰提供的军事援助: the one before 向 gives, the one after it receives)
            to = re.search(r"(向|给|为)([^，；。向给为]{1,12})$", norm[c0:s])
            to_obj = [a for a in view.actors if to and c0 + to.start(2) == a.start and not a.modifier]
            edge = c0 + to.start() if to_obj else s
            giver = [a for a in view.actors if a.end <= edge and c0 <= a.start and not a.modifier
                     and _AGENT_GAP.match(norm[a.end:edge])]
            recv = re.search(r"(配备|装备|获得|收到|得到|接收|接受|使用)(了)?[^，；。]{0,12}$", norm[c0:s])
            receiver = [a for a in view.actors if recv and c0 <= a.start and a.end <= c0 + recv.start()
                        and not a.modifier]
            agents = (giver[-1].key,) if giver and (not receiver or giver[-1].start > receiver[-1].end) else ()
            targets = (receiver[-1].key,) if receiver else ()
            if to_obj:
                targets = (to_obj[0].key,)
            if not targets and not agents:
                return None
            passive = bool(targets)
        elif kind == "aid" and re.search(r"(?<![反面针相绝应])对[^，；。对]*$", norm[c0:s]) \
                and re.match(r"[^，；。]*的", norm[e:c1]):
            # 普京对西方向乌克兰运送武器的不满: aid as what someone is displeased with; its giver is
            # the one right after 对, not the one displeased
            m = re.search(r"(?<![反面针相绝应])对([^，；。对]*)$", norm[c0:s])
            lo = c0 + m.start(1)
            first = [a for a in view.actors if a.start == lo and not a.modifier]
            if not first:
                return None
            agents = (first[0].key,)
            targets = self._prep_object(view, first[0].end, s, "向给为")
        elif kind == "aid":
            targets = self._prep_object(view, c0, s) or self._objects(view, e, c1, owners=True)
        elif kind == "statement" and norm[s:e].startswith("通过"):
            # 联合国大会通过的决议: the body that adopts is the one right before 通过
            owner = [a for a in view.actors if a.end <= s and not a.modifier]
            if owner and _AGENT_GAP.match(norm[owner[-1].end:s]):
                agents = (owner[-1].key,)
        elif kind == "statement" and re.search(r"由[^，；。]{1,20}$", norm[c0:s]):
            # 该倡议由美国国务卿布林肯在雅加达宣布: the passive's agent
            m = re.search(r"由([^，；。]{1,20})$", norm[c0:s])
            lo = c0 + m.start(1)
            by = [a for a in view.actors if a.start >= lo and a.end <= s and not a.modifier]
            if by:
                agents = (by[0].key,)
        elif kind == "statement" and norm[s:e] == "发言":
            targets = self._prep_object(view, c0, s, "对向")
        elif kind == "statement_noun":
            # 1971年联合国决议 / 安理会决议: the body right before the noun adopted it
            owner = [a for a in view.actors if a.end <= s and not a.modifier]
            if not owner or not _AGENT_GAP.match(norm[owner[-1].end:s]):
                return None
            agents = (owner[-1].key,)
        elif kind == "sanction" \
                and re.search(r"(受到|遭到|遭受|面临|被)[^，；。]{0,8}$", norm[c0:s]):
            # 俄国受到国际经济制裁 / 受到美国制裁: who suffers it is the target, who is named in it
            # the imposer (the sanctioned one stays unnamed when the subject is not an actor)
            pv = re.search(r"(受到|遭到|遭受|面临|被)[^，；。]{0,8}$", norm[c0:s])
            vs = c0 + pv.start()
            subj = [a for a in view.actors if c0 <= a.start and a.end <= vs and not a.modifier
                    and not _PREP_BEFORE.search(norm[max(c0, a.start - 2):a.start])]
            if not subj or not re.match(r"^[^，；。]{0,4}$", norm[subj[-1].end:vs]):
                return None
            targets = (subj[-1].key,)
            agents = tuple(a.key for a in view.actors if vs < a.start and a.end <= s and not a.modifier)
            passive = True
        elif kind == "sanction":
            targets = self._prep_object(view, c0, s, "对") or self._objects(view, e, c1)
            if not re.search(r"(实施|施加|采取|宣布|扩大|加强|加紧|加大|追加|祭出|通过|新一轮)[^，；。]{0,10}$",
                             norm[c0:s]) and not targets:
                return None
        elif kind == "attack" and norm[s:e] == "攻击" and (
                re.search(r"(无理|恶意|肆意|公然|污蔑|诬蔑|造谣|言论|发文)[^，；。]{0,6}$", norm[c0:s])
                or _VERBAL_OBJECT.match(norm, e)):
            return None  # 无理攻击中国的政策: words against a policy, not an armed attack
        elif kind == "attack":
            agents, targets = self._attack_roles(view, s, e, c0)
            if not agents and not targets:
                return None
        elif kind == "threat" and norm[s - 1:s] == "的":
            return None  # 中国对西方经济体的威胁: a characterisation, not an act
        elif kind == "threat":
            # X威胁Y (also 受X威胁: the threat is X's even when the threatened are unnamed)
            agents = self._adjacent_agent(view, s)
            if not agents and norm[e:e + 1] in "说称道":
                agents = subject  # 普京还含糊地威胁说…: the subject threatens
            targets = self._objects(view, e, c1)[:1]
            if not agents:
                return None
        elif kind == "warn":
            if not subject:
                return None
            targets = self._objects(view, e, c1)
        elif kind == "warning":
            # a warning of consequences, by the speaker: 使用化学武器会导致严重后果 is aimed at
            # the actor of the sentence; 让伤害我们的人付出代价 at whoever it names
            agents = speaker or subject
            targets = tuple(a.key for a in view.actors if a.end <= s and not a.modifier)[:1]
            if view.norm[s:e].startswith(("让", "使", "要")) or "代价" in view.norm[s:e]:
                targets = ()
        elif kind == "talks":
            # only with whom the talks are held, named as a list up to the verb (与X、Y和Z讨论);
            # 讨论 alone (开会讨论, 目前讨论的是) is what a meeting is about, no meeting of its own
            targets = self._with_group(view, c0, s, subject)
            if not subject or not targets:
                return None
        elif kind == "convene":
            # only a body convenes by itself; a meeting named in the clause has its own rule
            if not subject or re.search(r"会议|峰会|大会|会谈|会晤|论坛", norm[c0:s]) or any(
                    a.key in subject and a.cls != "Organization" for a in view.actors):
                return None
        elif kind == "meeting" and re.match(r"\s*在[^，；。]*(的同时|期间|之际)", norm[c0:c1]) \
                and (norm[s:e] not in ("访问", "到访")
                     or not any(a.end <= s and c0 <= a.start and a.cls in ACTOR_CLASSES and not a.modifier
                                and re.fullmatch(r"(正在|将|即将|准备|计划|打算|前往)*", norm[a.end:s])
                                for a in view.actors)):
            # 在外长会议举行的同时: a meeting told elsewhere, used as a time (but 在拜登访问亚洲之际
            # names who visits where: the visit is asserted)
            return None
        elif kind == "meeting":
            if re.search(r"接受[^，；。]{0,12}$", norm[c0:s]) and view.norm[s:e] == "访问":
                return None  # 接受电视台访问: an interview
            agents, targets = self._meeting_roles(view, s, e, c0, agents)
            if agents is None:
                return None
            guest = _GUEST_NP.match(norm, e)
            if view.norm[s:e] in ("接待", "会见", "会晤") and not targets and guest \
                    and not any(e <= a.start < guest.end() for a in view.actors):
                # 接待东南亚国家的领导人: the guests are there but named by no entity, so the
                # meeting's other party cannot be given (an event without it is wrong twice)
                return None
            invited = re.search(r"(?<!受)(欢迎|邀请)([^，；。]*?)(参加|出席|与会)[^，；。]*$", norm[c0:s])
            if invited and subject:
                # X欢迎Y参加…峰会: the host who welcomes and the guests who attend all take part
                lo, hi = c0 + invited.start(2), c0 + invited.end(2)
                guests = [a.key for a in view.actors if lo <= a.start and a.end <= hi and not a.modifier]
                agents = tuple(dict.fromkeys((*subject, *agents, *guests)))
        elif kind == "personnel" and norm[s:e] in _APPOINT:
            # X任命/委任Y为…: X appoints the person named after the verb
            after = [m for m in view.actors if m.cls == "Person" and e <= m.start < c1 and not m.modifier]
            if not after or after[0].start - e > 12:
                return None
            targets = (after[0].key,)
            # the agent is the body or country of the post (…为香港特首 -> 香港), as for every
            # Personnel event; the appointer is the subject, kept only when no post is named
            m = re.match(r"[^，；。]{0,4}?为", norm[after[0].end:c1])
            post = [x for x in view.actors + view.places
                    if m and after[0].end + m.end() <= x.start <= after[0].end + m.end() + 1]
            role_of = self._role_of(doc, after[0])
            agents = (post[0].key,) if post else (role_of,) if role_of else \
                tuple(a for a in subject if a != after[0].key)
        elif kind == "office":
            # 艾班尼斯即将担任澳洲总理 / 宣誓成为澳洲第31任总理: the person takes the post of the body
            # or state the post names; 曾担任/时任 and 担任…的X (a description of X) are no events
            persons = [m for m in view.actors if m.cls == "Person" and m.end <= s and c0 <= m.start
                       and not m.modifier]
            if not persons or re.search(r"(曾经?|过去|此前|之前|目前|现|正在)\s*$", norm[c0:s]):
                return None
            post = re.match(r"\s*(了|为)?\s*", norm[e:c1])
            pos = e + post.end()
            body = [a for a in view.actors if a.start == pos and a.cls in ("Country", "Organization")]
            rest = norm[body[0].end if body else pos:c1]
            title = re.match(r"[^，；。的]{0,8}?(" + "|".join(sorted(TITLES, key=len, reverse=True)) + ")", rest)
            if title is None or rest.startswith("的", title.end()):
                return None
            targets = (persons[-1].key,)
            role_of = self._role_of(doc, persons[-1])
            agents = (body[0].key,) if body else (role_of,) if role_of else ()
        elif kind == "personnel":
            # 斯托尔滕贝格将延长任期 / 延长他的任期 / 蔡英文上台后: the person before it, or inside it
            persons = [m for m in view.actors if m.cls == "Person" and m.end <= e and c0 <= m.start]
            if not persons:
                return None
            targets = (persons[-1].key,)
            role_of = self._role_of(doc, persons[-1])
            agents = (role_of,) if role_of else ()
        if rule.kind == "verb" and rule.cls in ("Condemnation", "Support") and norm.startswith("的", e):
            return None  # 不满、反对或谴责的声明: describes the statement
        if rule.cls == "Deployment" and re.match(r"(支持|的)", norm[e:e + 2]):
            return None  # 国家部署支持的…: a noun, not an act of deploying
        # what is demanded or imposed needs someone it is demanded of or imposed on;
        # condemnation, support and threats may name only their author (谴责对民用设施的攻击)
        if not agents and not targets:
            return None
        if rule.cls in ("Aid", "Sanction") and not agents and not passive:
            return None  # 国际社会向该国提供援助: giving or sanctioning needs a named giver
        # a verb with neither a named object nor an act as object (支持和北约合作 is fine;
        # 批评称… needs nothing more) is only kept with its agent
        if rule.kind == "verb" and rule.cls in ("Condemnation", "Support", "Demand") and not targets \
                and not (agents and (self._object_is_event(view, e, c1) or _BARE_OK.match(norm, e))):
            return None
        if not agents and not targets:
            return None
        if rule.cls in ("Statement", "Meeting", "Deployment") and not agents:
            return None
        if set(agents) & set(targets):
            targets = tuple(t for t in targets if t not in agents)
        locations = ()
        if rule.cls in ("Meeting", "Deployment", "Attack", "Statement") or kind == "office":
            before = None if rule.cls in ("Deployment", "Meeting") else s
            locations = self._locations(view, c0, c1, before)
            if rule.cls == "Deployment":
                after = re.search(r"部署(于|在|到)", norm[s:c1 + 1])
                if after:
                    locations = locations or self._locations(view, s, c1)
        quantity = None
        if rule.cls in ("Deployment", "Aid"):
            for _, _, q in find_quantities(norm[c0:c1]):
                quantity = q
                break
        locations = tuple(x for x in locations if x not in agents)
        dated = self._date(doc, view, c0, s if rule.cls in _CONTENT_CLASSES else c1)
        if dated is not None and kind == "attack" and self._war_as_reference(view, dated[0], s, e):
            dated = None
        # announced (将/计划/承诺…), or dated after the day the article was published
        planned = rule.cls != "Threat" and (
            _PLANNED.search(norm[c0:s]) or (dated is not None and _after(dated[1], doc.article.published)))
        modality = "planned" if planned else None
        return Event(
            cls=rule.cls,
            sentence=view.sent.index,
            trigger=trigger,
            trigger_start=view.sent.start + s,
            agents=tuple(agents),
            targets=tuple(targets),
            locations=tuple(locations),
            content=content[:200] if content else None,
            # what is demanded or condemned may carry its own date (遵守国际法院3月16日的
            # 裁决): for those acts only a date before the trigger is the act's own
            date=dated[1] if dated else None,
            quantity=quantity,
            modality=modality,
        )

    def _extend(self, view, c1):
        # a demand's object list may continue after a comma: 呼吁所有国家，包括X，…
        text = view.norm
        if text.startswith("包括", c1) or text[c1:c1 + 3].startswith("，包括"):
            return view.clause(c1 + 1)[1]
        return c1

    def _role_of(self, doc, actor: _Actor) -> str | None:
        for m in doc.mentions:
            if m.entity.key == actor.key and m.role is not None and m.role.of:
                return m.role.of
        return None


def _ends_with_title(text: str) -> bool:
    """执行副主席 / 外长 / 另一位执行副主席: an office, maybe with a qualifier before it."""
    return any(text[k:] in TITLES for k in range(min(len(text), 4) + 1)) and not _CLAUSE.search(text)


def _named_war(view, s: int, e: int) -> bool:
    """A war or invasion named as a thing with its parties (倘若俄罗斯在俄乌战争中惨败,
    X对Y的入侵): the condition is about something else; the war itself is a fact."""
    norm = view.norm
    if norm[s:e].startswith("战争"):
        return any(a.end == s and a.end - a.start == 1 for a in view.actors)
    return norm[s - 1:s] == "的" and bool(_OBJ_OF.search(norm[:s]))


def _keyword_span(cls: str, norm: str, s: int, e: int) -> tuple[int, int]:
    kw = _KEYWORDS.get(cls)
    if kw is not None and e - s > 4:
        m = kw.search(norm, s, e)
        if m:
            return m.span()
    return s, e


_KEYWORDS = {
    "Meeting": re.compile(r"峰会|会议|会谈|会晤|谈判|开会|会见|访问|到访"),
    "Aid": re.compile(r"援助|人道主义支持|武器|资金|贷款|军援|难民|捐助|捐赠|捐款|支持"),
    "Support": re.compile(r"支持|声援|力挺|祝贺|赞扬|感谢|欢迎"),
    "Statement": re.compile(r"声明|讲话|演讲|演说|致辞|谈话|文章|此文|社论|评论|宣布|公布|发言|通报|报告|决议|法案|议案|战略概念|宣言|公报"),
    "Condemnation": re.compile(r"反对"),
    "Deployment": re.compile(r"部署|派遣|派驻|驻扎|增兵|增派|出兵|派兵|调兵|集结|进驻|战斗小组|战斗群|警戒|戒备"),
    "Threat": re.compile(r"严重后果|后果|威胁|警告"),
    "Sanction": re.compile(r"制裁|禁运|禁令|冻结"),
}


def _trigger_word(cls: str, text: str, norm: str, s: int, e: int) -> str:
    """The word that signals the event, out of a pattern's longer match (as written)."""
    ks, ke = _keyword_span(cls, norm, s, e)
    return text[ks:ke]


_POLITICAL_SUPPORT = Rule("Support", re.compile(_POLITICAL_SUPPORT_PATTERN), "aid")


def _state_of(org: Entity, gaz) -> Entity | None:
    """The country an organisation belongs to: its recorded country, else a country name
    its Chinese label starts with (中国外交部 -> 中国)."""
    if org.country:
        try:
            return gaz.entity(org.country)
        except KeyError:
            return None
    for n in range(len(org.label_zh) - 1, 1, -1):
        ent = gaz.lookup(org.label_zh[:n])
        if ent is not None and ent.cls == "Country":
            return ent
    return None


def _is_abbrev_pair(view, end: int, start: int) -> bool:
    left = [a for a in view.actors if a.end == end]
    right = [a for a in view.actors if a.start == start]
    return bool(left and right and left[0].end - left[0].start == 1 and right[0].end - right[0].start == 1)


def _coordinated(view, end: int, start: int) -> bool:
    """Whether two actors are members of one list: 、/和/与/及, also across an English form in
    brackets and an office with its country (库列巴（Dmytro Kuleba）和摩尔多瓦外长波佩斯库)."""
    gap = view.norm[end:start]
    if not gap and end - 1 >= 0 and _is_abbrev_pair(view, end, start):
        return True  # 乌俄外长: two one-character abbreviations side by side
    gap = _BRACKETS.sub("", gap)
    for a in view.actors:
        if a.modifier and end <= a.start and a.end <= start:
            gap = gap.replace(view.norm[a.start:a.end], "")
    gap = _TITLE_WORDS.sub("", gap)
    return bool(_COORD.match(gap))


def _speaker_at(segments, pos: int) -> tuple[str, ...]:
    """The speaker at a position of a sentence: the last segment starting at or before it."""
    who: tuple[str, ...] = ()
    for start, speaker in segments or ():
        if start <= pos:
            who = speaker
    return who


def _after(dv: DateValue, published) -> bool:
    """Is the date wholly after the publication day (a day, month or year still to come)?"""
    if published is None:
        return False
    day = published.date().isoformat()
    return dv.value > day[:len(dv.value)]


def _with_text(dv: DateValue, text: str) -> DateValue:
    """The date as written in the original script (dates are found on the Simplified text)."""
    return replace(dv, text=text)


def extract_events(doc: Document, gazetteer=None) -> list[Event]:
    """All events of a document (the pipeline's entry point)."""
    return EventExtractor(gazetteer).extract(doc)


__all__ = ["RULES", "EventExtractor", "extract_events"]
