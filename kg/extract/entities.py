"""Entity mentions: gazetteer names, compounds, bracketed English forms, titles, jieba tags.

Each finder is a plain function over one sentence's tokens. Rules run from the most to the
least reliable; a character that already belongs to a mention is never claimed twice.

Evidence used, in order:
1. gazetteer names (the reference data plus news short forms), matched on jieba token
   boundaries so that 印度 inside 印度洋 or 马里 inside 马里乌波尔 is not a mention;
2. single-character country abbreviations inside compounds (俄乌, 中美, 美韩);
3. a Chinese name directly followed by an English form in brackets
   (泽连斯基（Volodymyr Zelenskyy）), which also gives the English label;
4. title patterns (北约秘书长X, 美国总统X, 外长X, X总统), which also give ``kg:holdsRole``;
5. jieba's person tag (nr) on names that look like names (a surname plus one or two
   characters, or a transliteration), and government bodies qualified by a country
   (俄罗斯外交部). jieba's tags are not a trained NER, so bare nr/ns/nt tokens are
   filtered hard: precision before recall;
6. context: a name after an occupation (教授王宏仁, no ``kg:holdsRole``), a name opening a
   clause before a verb of saying (陈明通说), a name before a bracketed Latin name;
7. kinds of organisation and place: country + nouns + a body's ending (韩国国家安保室),
   institutes named by ordinary nouns (传统基金会), legislatures and cabinets alone (众议院),
   short party names (绿党), jieba's news agencies (日本共同社), a descriptor before a Latin
   name (维权组织OVD-Info), island chains and groups (第一岛链, 钓鱼台列屿).
Names discovered by rules 3-6 are then searched for in the rest of the article, so the
second mention of 梅丁思基 is found even where no bracket follows it. A name many countries
share (众议院, 工党) is keyed per article: the text alone does not say whose it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from kg.model import Article, Entity, Mention, Role, Sentence, Token

# Titles that, next to a name, say what office the person holds. English forms are the
# usual translations; the role node carries both.
TITLES: dict[str, str] = {
    "总统": "President",
    "副总统": "Vice President",
    "总理": "Prime Minister",
    "首相": "Prime Minister",
    "副总理": "Deputy Prime Minister",
    "秘书长": "Secretary General",
    "总书记": "General Secretary",
    "主席": "Chair",
    "外长": "Foreign Minister",
    "外交部长": "Foreign Minister",
    "外相": "Foreign Minister",
    "国防部长": "Defence Minister",
    "防长": "Defence Minister",
    "国务卿": "Secretary of State",
    "发言人": "Spokesperson",
    "大使": "Ambassador",
    "特使": "Special Envoy",
    "议长": "Speaker",
    "总干事": "Director-General",
    "高级代表": "High Representative",
    "国家安全顾问": "National Security Adviser",
    "局长": "Director",
    "总司令": "Commander-in-Chief",
    "国王": "King",
    "女王": "Queen",
    "总督": "Governor-General",
    "行政长官": "Chief Executive",
    "特首": "Chief Executive",
    "部长": "Minister",
    "首席谈判代表": "Chief Negotiator",
    "助理秘书长": "Assistant Secretary-General",
    "副秘书长": "Deputy Secretary-General",
    "代表": "Representative",
}
_TITLE_MAX = max(len(t) for t in TITLES)
_TITLE_FIRST = frozenset(t[0] for t in TITLES)

# Characters that make up most Chinese transliterations of foreign names. Used only in
# constrained contexts (after a title, before a bracketed English form), never alone.
TRANSLIT = set(
    "阿埃艾爱安昂奥巴拜班邦保贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁杜多厄恩尔法菲芬丰"
    "佛弗福夫盖甘戈格根古哈海汉豪赫亨胡霍基吉加杰金卡凯坎考柯科克肯库夸奎拉莱兰朗劳勒雷"
    "蕾利莉里理连列林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明莫墨默姆穆纳娜乃奈南内尼妮涅"
    "纽努诺欧帕派潘佩彭皮珀普奇齐恰乔切钦琼丘萨塞赛桑瑟森沙莎尚舍什施斯丝松苏索塔泰坦汤"
    "唐特提廷图托瓦万威韦维温沃乌伍西希锡夏谢辛休雅亚延扬耶伊因英尤约泽扎詹兹卓佐滕思康让旺宁鲍东文杰"
    "夫娃琴科耶斯茨霍罗杨肖蒂若热黛迪芙茹娅雅丽妮尔烈别哥·"
)
# Common Chinese surnames (two-character names are accepted from jieba's nr tag only when
# they start with one). Single characters, not facts about anyone.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习蔡柯侯岸文尹萧"
)
# Government bodies that name an organisation only together with their country.
# (X政府 and X当局 are the country itself, as the annotation guidelines say.)
GOV_BODIES = (
    "外交部", "国防部", "国务院", "财政部", "商务部", "国会", "议会", "众议院",
    "参议院", "内阁", "军方", "军队", "部队", "武装部队", "驻联合国代表团", "大使馆",
    "中央银行", "央行", "总统府", "检察官办公室", "联络办公室", "国防军",
)
_ARMED_FORCES = frozenset(["军队", "武装部队"])
_GOV_BODIES_LONGEST_FIRST = tuple(sorted(GOV_BODIES, key=len, reverse=True))
# separators inside a transliterated full name: 让-伊夫·勒德里昂, 利兹∙特拉斯
_NAME_SEPS = "·∙‧・•－-"
_LATIN = re.compile(r"[（(]\s*([A-Za-z][A-Za-z .'’\-]{0,60}?)\s*[）)]")
_ORG_WORDS = re.compile(
    r"\b(Council|Union|Organi[sz]ation|Bank|Party|Ministry|Forces?|Agency|Committee|Court|"
    r"Group|Fund|Office|Department|Assembly|Alliance|Association|Institute|University|News|"
    r"Commission|Parliament|Army|Navy|Company|Corporation|Times|Post|Foundation|Institution|Center|"
    r"Centre|Studies|Society|Broadcasting)\b"
)
# an English form naming a document, not an entity (海牙公约（Hague Convention）)
_WORK_WORDS = re.compile(r"\b(Convention|Treaty|Agreement|Accord|Act|Law|Declaration|Charter|"
                         r"Protocol|Plan|Strategy|Initiative|Framework)\b")
# endings that make a "name" a common noun (高峰会, 雷达站, 马龙派)
_NOUN_ENDINGS = tuple("站会派局部所院厂国省市人军党队团社台馆场港湾")
_ORG_SUFFIX = ("部队", "组织", "委员会", "理事会", "联盟", "集团", "银行", "基金", "公司",
               "大学", "协会", "党", "部", "局", "署", "院", "会", "军", "社", "台")
# what may follow a country or organisation name inside one jieba word
_NAME_SUFFIXES = frozenset(
    ["人", "人民", "政府", "总统", "总理", "首相", "外长", "外相", "外交部", "外交部长", "国防部", "防长", "军", "军队", "军方", "方面", "当局", "官员", "领导人", "领导", "国内", "境内", "国民", "民众", "部队", "代表", "代表团", "大使", "大使馆", "使馆", "议会", "国会", "总书记", "主席", "秘书长", "发言人", "媒体", "企业", "公司", "经济", "队"]
)
_TL = "".join(sorted(TRANSLIT - {"·"}))
_JOINED = re.compile(r"[" + _TL + r"]{2,6}(?:[·∙‧・•－-][" + _TL + r"]{2,8})+(?![" + _TL + r"])")
_PUBLICATION = re.compile(r"《([\u4e00-\u9fff]{1,10}(?:时报|日报|邮报|晚报|周报|周刊|杂志|新闻))》")
_PLACE_WORD = re.compile(
    r"(?:小镇|城市|港口城市|港市|度假胜地|城镇|村庄|首府)(?P<a>[" + _TL + r"]{2,6})(?![" + _TL + r"])"
    r"|(?P<b>[" + _TL + r"]{2,6})(?:小镇|镇)"
)
# what may follow a person's name: a verb of saying or acting, a preposition, an adverb
_AFTER_NAME = "表说指称在作于对向也已曾将则和与认强就还亦等的"
_COMPOUND_HEADS = frozenset(
    ["关系", "战争", "冲突", "谈判", "双方", "两国", "会谈", "峰会", "联合声明", "边境", "合作", "贸易"]
)
# 中国驻欧盟使团 / 美国驻华使领馆: a state's mission somewhere
_MISSION = re.compile(r"驻[^\s的，。、]{1,6}?(使团|大使馆|使领馆|领事馆|代表团)")
# 乌克兰东部: a region of a country
_REGION = re.compile(r"(东部|西部|南部|北部|东北部|西北部|东南部|西南部|中部)(?![\u4e00-\u9fff]{0,1}(城市|地区的))"
                     r"|非军事区")
# what an organisation's own name ends with
_ORG_ENDINGS = ("日报", "时报", "邮报", "新闻网", "新闻社", "通讯社", "电视台", "广播公司", "之声",
                "研究所", "研究院", "研究中心", "学院", "大学", "银行", "公司", "委员会", "理事会", "基金会",
                "学会", "协会", "党")
# endings that a generic word shares (该公司, 这家银行, 各大学): not a name
_ORG_ENDING_RANK = {x: i for i, x in enumerate(_ORG_ENDINGS)}
_ORG_ENDING_LENS = sorted({len(x) for x in _ORG_ENDINGS})
_GENERIC_HEADS = ("该", "这", "那", "各", "本", "此", "其", "我", "贵", "全", "多", "大")
_NAME_PART_TAGS = ("ns", "nr", "nrt", "nz", "nt", "eng")
_GENERIC_ORGS = frozenset(["理工学院", "研究学院", "商学院", "医学院", "中央银行", "商业银行", "国会委员会",
                           "执政党", "反对党", "在野党", "政党", "两党", "执政联盟党", "第一大党", "少数党",
                           "多数党", "共和两党", "民主两党"])
_NOT_PLACES = frozenset(["两国", "双方", "城市", "嘉宾", "国内", "境内", "全国", "各地", "地区", "当地", "海外", "全球",
                         "国际", "西方", "东方", "北方", "南方", "本地", "外地", "现场", "会场"])
_BOOK_TITLE = re.compile(r"《[^》\n]{1,40}》")
# Occupations a name follows (教授王宏仁, 记者黄春梅, 副大臣鬼木诚). Unlike TITLES they name no
# office the graph records (no kg:holdsRole); they only say that a name comes next.
PROFESSIONS = ("教授", "学者", "研究员", "分析师", "议员", "记者", "编辑", "责编", "主编", "大臣",
               "理事长", "执行长", "主任", "所长", "院长", "校长", "董事长", "总裁", "律师", "作家",
               "社长", "会长", "法官", "检察官", "将军", "司令", "指挥官", "专家")
_PROFESSIONS_LONGEST_FIRST = tuple(sorted(PROFESSIONS, key=len, reverse=True))
# more common surnames (single characters, not facts about anyone): bylines and quoted experts
SURNAMES |= set("丘邱鲁董许洪罗翁游詹庄彭蔡柳葛窦兰甘童纪简施宁单麦颜温卓邢牛古乔裴")
# what may stand right after a name: punctuation, a verb of saying, a preposition or adverb
_SAYING = ("表示", "说", "指出", "认为", "称", "强调", "解释", "告诉", "透露", "坦言", "回应", "补充",
           "提到", "警告", "直言", "：", ":")
_NAME_BOUNDARY = set("，。；：:、！？“”「」『』（）()《》 \u3000\n") | set(_AFTER_NAME) \
    | {w[0] for w in _SAYING}
_FUNCTION_TAGS = ("p", "c", "u", "r", "m", "q", "t", "f", "x", "y", "e", "o")
# an organisation introduced by what it is, with a Latin name: 维权组织OVD-Info, 政治分析公司R.Politik
_DESCRIBED_LATIN = re.compile(
    r"(?:组织|机构|公司|智库|媒体|网站|团体|集团|新闻网|新闻社|通讯社|电视台|报纸|民调机构)"
    r"(?P<n>[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*)(?![A-Za-z0-9.\-])"
)
# bodies named by what they are alone: a legislature or cabinet (众议院, 立法院) is an
# organisation even without its country, as the annotation guidelines list them
_BARE_BODIES = frozenset(["众议院", "参议院", "下议院", "上议院", "立法院", "行政院", "司法院",
                          "监察院", "国务院", "国民议会", "自卫队"])
# 工党 / 绿党 / 自由党: a party named in two or three characters; these words ending in 党 are
# not party names (jieba's dictionary words for a party in general)
_NOT_PARTIES = frozenset(["政党", "两党", "该党", "全党", "我党", "本党", "一党", "多党", "同党",
                          "死党", "余党", "朋党", "乱党", "私党", "入党", "建党", "结党", "敌党", "党",
                          "友党", "老党", "新党", "大党", "小党", "执政党", "反对党", "在野党",
                          "少数党", "多数党", "第一党", "共产党"])
# endings of an organisation named after its country (韩国国家安保室, 台湾国际战略学会);
# one-character endings only as a word of their own (jieba cut them off a name)
_BODY_ENDINGS = ("研究中心", "学会", "电台", "本部", "联盟")
_BODY_WORDS = frozenset(["局", "署", "室", "报", "军"])
# institutions whose name may run back over ordinary nouns (传统基金会, 战略与国际研究中心)
_INSTITUTE_ENDINGS = ("研究所", "研究院", "研究中心", "学会", "基金会", "大学", "学院", "委员会")
_GENERIC_PREFIXES = ("国际", "相关", "有关", "专门", "特别", "联合", "常设", "中央", "独立", "研究")
_PROFESSION_LAST = frozenset(p[-1] for p in PROFESSIONS)
_CLAUSE_OPENERS = set("，。；：！？“”「」『』、 （(\n\u3000")
_ISLAND_CHAIN = re.compile(r"第[一二三]岛链")
_ISLANDS = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:列屿|列岛|群岛)")
_STOP = set("的了在是和与及或等对向为把被将也都就还而但又")
_NAME_TAGS = ("nr", "nrt", "nrfg")


class EntityFinder:
    """Finds entity mentions in an article's sentences using a gazetteer."""

    def __init__(self, gazetteer):
        self.gaz = gazetteer
        self.names: dict[str, Entity] = gazetteer.names()
        self.max_len = max((len(n) for n in self.names), default=1)
        # every prefix of every name: a scan stops as soon as the text leaves all names
        self.prefixes = {n[:k] for n in self.names for k in range(1, len(n) + 1)}

    # -- the article-level driver -------------------------------------------------------
    def find(
        self, article: Article, sentences: Sequence[Sentence], tokens: Sequence[list[Token]]
    ) -> list[Mention]:
        taken: set[int] = set()
        mentions: list[Mention] = []

        def add(m: Mention) -> None:
            span = range(m.start, m.end)
            if any(i in taken for i in span):
                return
            taken.update(span)
            mentions.append(m)

        for sent, toks in zip(sentences, tokens):
            for m in self._qualified(article, sent, toks):
                add(m)
            for m in self._place_words(article, sent, toks):
                add(m)
            for m in self._titles(article, sent, toks):
                add(m)
            for m in self._gazetteer(article, sent, toks):
                add(m)
            for m in self._brackets(article, sent, toks):
                add(m)
            for m in self._abbreviations(article, sent, toks):
                add(m)
            for m in self._professions(article, sent, toks):
                add(m)
            for m in self._speakers(article, sent, toks):
                add(m)
            for m in self._kinds(article, sent, toks):
                add(m)
            for m in self._tagged(article, sent, toks):
                add(m)
            for m in self._named_by_ending(article, sent, toks):
                add(m)
            for m in self._bare_bodies(article, sent, toks):
                add(m)
            for m in self._joined_names(article, sent, toks):
                add(m)
            for m in self._publications(article, sent):
                add(m)
        # Names learnt from strong evidence, searched for everywhere in the article.
        learnt = {
            m.entity.label_zh: m.entity
            for m in mentions
            if m.entity.qid is None and m.via in ("bracket", "title", "joined", "profession")
            and len(m.entity.label_zh) >= 2
        }
        if learnt:
            # each name's occurrences in the whole text (str.find: a pattern per name would
            # cost a regex compilation per name and article), kept inside one sentence and
            # starting or ending on one of its token boundaries
            starts = [sent.start for sent in sentences]
            bounds: dict[int, set[int]] = {}
            norm = article.norm
            for name, ent in learnt.items():
                s = norm.find(name)
                while s >= 0:
                    e = s + len(name)
                    k = bisect_right(starts, s) - 1
                    sent = sentences[k] if k >= 0 else None
                    if sent is not None and e <= sent.end:
                        if k not in bounds:
                            toks = tokens[k]
                            bounds[k] = {t.start for t in toks} | {toks[-1].end if toks else sent.end}
                        if s in bounds[k] or e in bounds[k]:
                            add(self._mention(article, sent, s, e, ent, "repeat"))
                    s = norm.find(name, e)
        # names inside a title of a work (《华盛顿条约》) name the work, not the city
        inside = bytearray(len(article.norm))
        for m in _BOOK_TITLE.finditer(article.norm):
            inside[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        # (an organisation in the title is the work's author or subject: 《联合国宪章》 does
        # name the United Nations, 《华盛顿条约》 not the city)
        mentions = [m for m in mentions if not inside[m.start] or m.entity.cls == "Organization"]
        mentions.sort(key=lambda m: m.start)
        return _unify(_merge_parties(self.names, mentions))

    # -- finders --------------------------------------------------------------------------
    def _mention(self, article, sent, s, e, ent, via, role=None) -> Mention:
        if ent.cls == "Person":
            s = _given_names_start(article.norm, s, sent.start)
        return Mention(s, e, article.text[s:e], ent, sent.index, role, via)

    def _gazetteer(self, article, sent, toks):
        ends = {t.end for t in toks}
        norm = article.norm
        i = 0
        while i < len(toks):
            tok = toks[i]
            found = None
            if norm[tok.start] not in self.prefixes:  # (most tokens start no name)
                i += 1
                continue
            # longest name that starts on this token and ends on a token boundary
            for e, ent in self._names_from(norm, tok.start, sent.end):
                if e not in ends and not self._inner_end(norm, toks, i, e):
                    continue
                if e - tok.start > 1 or tok.end == e:
                    found = (tok.start, e, ent)
            if found:
                s, e, ent = found
                # a single-character name (rare) must be a whole token tagged as a name
                if e - s >= 2 or toks[i].tag.startswith(("ns", "nr", "nt")):
                    yield self._mention(article, sent, s, e, ent, "gazetteer")
                while i < len(toks) and toks[i].start < e:
                    i += 1
                continue
            i += 1

    def _names_from(self, norm: str, start: int, limit: int):
        """(end, entity) of every gazetteer name starting at ``start``, shortest first."""
        end = start
        while end < limit:
            end += 1
            prefix = norm[start:end]
            if prefix not in self.prefixes:
                return
            ent = self.names.get(prefix)
            if ent is not None:
                yield end, ent

    @staticmethod
    def _inner_end(norm, toks, i, e) -> bool:
        """A name may end inside a dictionary word made of it plus a common suffix
        (中国政府, 乌克兰人, 德国总理): jieba's dictionary holds ~1,000 such words."""
        for t in toks[i:i + 3]:
            if t.start < e < t.end:
                return norm[e:t.end] in _NAME_SUFFIXES
        return False

    def _abbreviations(self, article, sent, toks):
        # 俄乌 / 中美 / 美韩 / 乌俄外长: a token made only of distinct country abbreviations
        # jieba often cuts 俄乌 into 俄/乌: join runs of single characters first
        # (a run or word starting with a character outside compound_chars holds no
        # abbreviation compound: most tokens are skipped on one set lookup)
        cchars = self.gaz.compound_chars()
        i = 0
        while i < len(toks):
            if len(toks[i].word) != 1 or toks[i].word not in cchars:
                i += 1
                continue
            j = i
            while j < len(toks) and j - i < 5 and len(toks[j].word) == 1:
                j += 1
            run = "".join(t.word for t in toks[i:j])
            # 乌/俄外长: the last abbreviation glued to an office or relation word
            if j < len(toks) and j > i and len(toks[j].word) > 1:
                nxt = toks[j].word
                if (nxt[1:] in _NAME_SUFFIXES or nxt[1:] in TITLES or nxt[1:] in _COMPOUND_HEADS) \
                        and self.gaz.compound(run + nxt[0]):
                    run += nxt[0]
            ents = self.gaz.compound(run) if len(run) >= 2 else None
            if ents:
                for k, ent in enumerate(ents):
                    s = toks[i].start + k
                    yield self._mention(article, sent, s, s + 1, ent, "abbreviation")
                i = j
                continue
            i += 1
        for tok in toks:
            w = tok.word
            if w[0] not in cchars:
                continue
            # 乌俄外长 / 中美关系: abbreviations glued to an office or a relation word
            for k in range(min(4, len(w) - 1), 1, -1):
                rest = w[k:]
                if rest in _NAME_SUFFIXES or rest in TITLES or rest in _COMPOUND_HEADS:
                    ents = self.gaz.compound(w[:k])
                    if ents:
                        for j, ent in enumerate(ents):
                            yield self._mention(article, sent, tok.start + j, tok.start + j + 1, ent,
                                                "abbreviation")
                        break
            if not 2 <= len(w) <= 4 or len(set(w)) != len(w):
                continue
            ents = self.gaz.compound(w) if len(w) >= 2 else None
            if ents and self.names.get(w) is None:
                for k, ent in enumerate(ents):
                    s = tok.start + k
                    yield self._mention(article, sent, s, s + 1, ent, "abbreviation")
            # 俄方 / 美军 / 中方: abbreviation + side/army
            elif len(w) == 2 and w[1] in "方军" and self.gaz.abbreviation(w[0]):
                yield self._mention(
                    article, sent, tok.start, tok.start + 1, self.gaz.abbreviation(w[0]),
                    "abbreviation",
                )

    def _brackets(self, article, sent, toks):
        norm = article.norm
        for mt in _LATIN.finditer(norm, sent.start, sent.end):
            latin = mt.group(1).strip()
            end = mt.start()  # the Chinese name ends right before the bracket
            before = [t for t in toks if t.end <= end]
            if not before or before[-1].end != end:
                continue
            # a gazetteer name ending here: the bracket just confirms it (English label)
            hit = self._gazetteer_ending_at(sent, toks, end)
            if hit is not None:
                s, ent = hit
                if ent.label_en is None and _looks_like_name(latin):
                    ent = replace(ent, label_en=latin)
                yield self._mention(article, sent, s, end, ent, "bracket")
                continue
            last = before[-1]
            if _is_acronym(latin):
                # 北约反应部队 (NRF): an organisation name ending in an organisation word
                run = _noun_run(before)
                if run and norm[run:end].endswith(_ORG_SUFFIX) and end - run >= 3:
                    ent = _new_entity(norm[run:end], "Organization", latin)
                    yield self._mention(article, sent, run, end, ent, "bracket")
                continue
            if not _looks_like_name(latin) or _WORK_WORDS.search(latin):
                continue
            if last.tag.startswith("ns"):
                ent = _new_entity(last.word, "Place", latin)
                yield self._mention(article, sent, last.start, end, ent, "bracket")
                continue
            if _ORG_WORDS.search(latin):
                run = _noun_run(before)
                if run is not None and end - run >= 2:
                    ent = _new_entity(norm[run:end], "Organization", latin)
                    yield self._mention(article, sent, run, end, ent, "bracket")
                continue
            s = _translit_start(norm, end, sent.start)
            if s is not None:
                ent = _new_entity(norm[s:end], "Person", latin)
                yield self._mention(article, sent, s, end, ent, "bracket")

    def _gazetteer_ending_at(self, sent, toks, end, inner=False):
        # inner: the name may end inside a token (德国 in the dictionary word 德国总理)
        starts = [t.start for t in toks if (t.start < end if inner else t.end <= end)]
        for s in sorted(starts):  # longest first
            if end - s > self.max_len:
                continue
            ent = self.names.get(sent.norm[s - sent.start:end - sent.start])
            if ent is not None:
                return s, ent
        return None

    def _titles(self, article, sent, toks):
        """北约秘书长X / 美国总统X / 外长X (title before name) and X总统 (after)."""
        norm = article.norm
        for i, tok in enumerate(toks):
            at = tok.start
            title = _title_at(norm, at, sent.end)
            if title is None and len(tok.word) > 2:
                # 德国总理朔尔茨: jieba's dictionary holds country+title as one word
                for k in range(len(tok.word) - 2, 1, -1):
                    if tok.word[k:] in TITLES and self.names.get(tok.word[:k]) is not None:
                        at, title = tok.start + k, tok.word[k:]
                        break
            if title is None:
                continue
            t_end = at + len(title)
            # who the office belongs to: a gazetteer org/country ending right before it
            of = self._office_of(norm, sent, toks, at)
            # the name after the title
            after = self._person_at(norm, t_end, sent)
            if after is not None:
                s, e, ent = after
                role = Role(title, TITLES[title], of)
                yield self._mention(article, sent, s, e, ent, "title", role)
                continue
            # the name before the title (普京总统); only known or transliterated names
            before = self._person_before(norm, at, sent, toks) if at == tok.start else None
            if before is not None:
                s, e, ent = before
                yield self._mention(article, sent, s, e, ent, "title", Role(title, TITLES[title]))

    def _office_of(self, norm, sent, toks, pos) -> str | None:
        """The organisation or country an office belongs to: the nearest one named before
        the title in the same phrase (北约秘书长, 联合国中东亚太事务助理秘书长, 台湾驻美代表)."""
        floor = pos
        while floor > sent.start and pos - floor < 14 and norm[floor - 1] not in "，。；：、“”「」（）()":
            floor -= 1
        for end in range(pos, floor, -1):
            hit = self._gazetteer_ending_at(sent, toks, end, inner=end == pos)
            if hit is not None and norm.startswith("籍", end):
                continue  # 民进党籍的总统: the party the person belongs to, not the office's
            if hit is not None and hit[0] >= floor and hit[1].cls in ("Organization", "Country"):
                return hit[1].key
        return None

    def _person_at(self, norm, pos, sent):
        for length in range(min(self.max_len, sent.end - pos), 1, -1):
            ent = self.names.get(norm[pos:pos + length])
            if ent is not None:
                return (pos, pos + length, ent) if ent.cls == "Person" else None
        e = pos
        while e < sent.end and (norm[e] in TRANSLIT or norm[e] in _NAME_SEPS) and e - pos < 16:
            e += 1
        # a following bracket or punctuation confirms the end of the name
        if e - pos >= 3 and (e == sent.end or not _is_han(norm[e]) or norm[e] in _AFTER_NAME):
            # 尼库·波佩斯库: the entity is the surname, the mention the full name
            surname = re.split("[" + re.escape(_NAME_SEPS) + "]", norm[pos:e])[-1]
            known = self.names.get(surname)
            if known is not None and known.cls == "Person":
                return pos, e, known
            if len(surname) >= 2:
                return pos, e, _new_entity(surname, "Person")
        # a Chinese name: surname + 1-2 characters, ending at a verb of saying
        m = re.match(r"([\u4e00-\u9fff]{2,3}?)(表示|说|指出|称|强调|认为|在|于|周|日|今天|已|曾|则|也|对|向|与|和|，|。|（)", norm[pos:sent.end])
        if m and m.group(1)[0] in SURNAMES:
            return pos, pos + len(m.group(1)), _new_entity(m.group(1), "Person")
        return None

    def _person_before(self, norm, pos, sent, toks):
        ends = [t for t in toks if t.end == pos]
        if not ends:
            return None
        hit = self._gazetteer_ending_at(sent, toks, pos)
        if hit is not None:
            s, ent = hit
            return (s, pos, ent) if ent.cls == "Person" else None
        s = pos
        while s > sent.start and norm[s - 1] in TRANSLIT and pos - s < 10:
            s -= 1
        if pos - s >= 3 and ends[0].tag.startswith(_NAME_TAGS):
            return s, pos, _new_entity(norm[s:pos], "Person")
        return None

    def _qualified(self, article, sent, toks):
        """俄罗斯国防部 / 瑞士军方 / 俄军: a body named by its country and what it is."""
        norm = article.norm
        for i, tok in enumerate(toks):
            hit = None
            if norm[tok.start] in self.prefixes:
                for end, ent in self._names_from(norm, tok.start, sent.end):
                    if end - tok.start > 1 and ent.cls == "Country":
                        hit = (end - tok.start, ent)  # the longest country name wins
            if hit is not None and tok.start + hit[0] == tok.end:
                named = self._named_body(article, sent, toks, i)
                if named is not None:
                    yield named
                    continue
            if hit is None:
                # 俄军 / 美军: a one-character abbreviation and 军
                ent = self.gaz.abbreviation(tok.word[0]) if tok.word[1:] == "军" else None
                if ent is not None:
                    # one entity for 俄军 and 俄罗斯军队: the armed forces of the state
                    name = ent.label_zh + "军队"
                    org = Entity(key="zh-" + name, cls="Organization", label_zh=name,
                                 aliases=(tok.word,), country=ent.key)
                    yield self._mention(article, sent, tok.start, tok.end, org, "qualified")
                continue
            length, ent = hit
            rest = norm[tok.start + length:sent.end]
            m = _MISSION.match(rest) or _REGION.match(rest)
            if m:
                # 中国驻欧盟使团 / 俄罗斯驻瑞士大使馆 (a body) and 乌克兰东部 (a region)
                name = ent.label_zh + m.group(0)
                cls = "Place" if _REGION.match(rest) else "Organization"
                written = norm[tok.start:tok.start + length + len(m.group(0))]
                body = Entity(key="zh-" + name, cls=cls, label_zh=name,
                              aliases=(written,) if written != name else (), country=ent.key)
                yield self._mention(article, sent, tok.start, tok.start + len(written), body,
                                    "qualified")
                continue
            for body in _GOV_BODIES_LONGEST_FIRST:
                # 国防部长 is a title (瑞士国防部长阿姆赫德), not the ministry
                if rest.startswith(body) and not rest.startswith(body + "长"):
                    # 俄罗斯武装部队 / 俄罗斯军队 / 俄军: one entity, the state's armed forces
                    name = ent.label_zh + ("军队" if body in _ARMED_FORCES else body)
                    written = norm[tok.start:tok.start + length + len(body)]
                    org = Entity(key="zh-" + name, cls="Organization", label_zh=name,
                                 aliases=(written,) if written != name else (), country=ent.key)
                    if self.names.get(written) is None:  # 中国外交部 is in the gazetteer
                        yield self._mention(article, sent, tok.start, tok.start + len(written),
                                            org, "qualified")
                    break

    def _named_body(self, article, sent, toks, i):
        """美国-欧盟贸易及技术理事会 / 瑞士广播电视台: a country's name, then nouns (other
        names, 及/和, hyphens among them), then an organisation's ending make one name. At
        least one word must stand between the country and the ending: 俄罗斯公司 is any
        Russian company, and 白俄罗斯电视台 keeps its country as a mention of its own."""
        norm = article.norm
        middle = 0
        verbs = 0
        for j in range(i + 1, min(i + 9, len(toks))):
            t = toks[j]
            ending = _body_ending(t.word, bool(middle))
            if ending is not None and (t.tag[:1] in ("n", "j") or t.word == "本部"):
                name = norm[toks[i].start:t.end]
                if verbs and ending not in _INSTITUTE_ENDINGS:
                    return None
                if not middle and _is_party(t.word):
                    # 澳洲工党: a country's party (its short form, 工党, is merged with it)
                    ent = Entity(key="zh-" + name, cls="Organization", label_zh=name,
                                 country=self.names[norm[toks[i].start:toks[i].end]].key)
                    return self._mention(article, sent, toks[i].start, t.end, ent, "named-body")
                if len(t.word) > len(ending) and not middle:
                    return None  # 美国华尔街日报: the outlet has its own name; the country only qualifies it
                if middle and len(name) <= 20 \
                        and self.names.get(name) is None:
                    return self._mention(article, sent, toks[i].start, t.end,
                                         _new_entity(name, "Organization"), "named-body")
                return None
            if t.word in ("及", "和", "与") and j + 1 < len(toks) and _is_country(
                    self.names.get(toks[j + 1].word)):
                return None  # 美国和澳洲工党: two parties of a list, not one name
            if not middle and t.tag == "ns":
                return None  # 日本广岛大学: the place names the body; the country only qualifies it
            if t.tag == "v" and len(t.word) >= 2 and middle and not verbs:
                verbs += 1  # 日本安全保障战略研究所: a verb inside a compound noun, once
                middle += 1
                continue
            if _title_at(t.word, 0, len(t.word)) or _title_at(t.word, len(t.word) - 2, len(t.word)):
                return None  # 瑞士国防部长阿姆赫德: an office and its holder, not a body's name
            if t.word in ("-", "－", "‐", "及", "和", "与") or (
                    t.tag in ("n", "nz", "nt", "ns", "vn", "j", "eng", "an", "nr", "nrt")
                    and len(t.word) >= 2):
                middle += t.word not in ("-", "－", "‐", "及", "和", "与")
                continue
            return None
        return None

    def _place_words(self, article, sent, toks):
        """城市斯图加特 / 旺格尔斯小镇: a transliterated name named as a town or city."""
        norm = article.norm
        bounds: set[int] | None = None  # (made only for a sentence with a match)
        for m in _PLACE_WORD.finditer(norm, sent.start, sent.end):
            if bounds is None:
                bounds = {t.start for t in toks} | {t.end for t in toks}
            name = m.group("a") or m.group("b")
            s = m.start("a") if m.group("a") else m.start("b")
            e = s + len(name)
            if s in bounds and e in bounds and self.names.get(name) is None:
                yield self._mention(article, sent, s, e, _new_entity(name, "Place"), "place-word")

    def _named_by_ending(self, article, sent, toks):
        """华尔街日报 / 德国之声 / 索托莫研究所: organisations named by what they are, and
        匹兹堡 / 广岛 after 在/抵达 (jieba's place tag in a place's position)."""
        for i, tok in enumerate(toks):
            w = tok.word
            ending = _org_ending(w) if tok.tag[:1] in ("n", "j") else None
            if w == "中心" and i > 0 and toks[i - 1].word == "研究":
                ending, w = "研究中心", "研究中心"  # 战略与国际/研究/中心
            if ending is None and tok.tag != "ns":  # (most tokens: nothing to check)
                continue
            if self.names.get(w) is not None or not all(_is_han(c) or c.isalnum() for c in w):
                continue
            if ending is not None:
                # the name runs back over name-like words: 苏黎世/联邦/理工学院
                start = i
                while start > 0 and i - start < 3 and toks[start - 1].tag in _NAME_PART_TAGS \
                        and self.names.get(toks[start - 1].word) is None:
                    start -= 1
                if ending in _INSTITUTE_ENDINGS:
                    start = _institute_start(self.names, toks, start)
                    if start is None:
                        continue
                name = article.norm[toks[start].start:tok.end]
                if len(name) - len(ending) >= 2 and not name.startswith(_GENERIC_HEADS) \
                        and name not in _GENERIC_ORGS:
                    yield self._mention(article, sent, toks[start].start, tok.end,
                                        _new_entity(name, "Organization"), "ending")
            elif tok.tag == "ns" and len(w) >= 2 and w not in _NOT_PLACES and i > 0 \
                    and toks[i - 1].word in ("在", "于", "抵达", "访问", "前往", "赴", "到"):
                yield self._mention(article, sent, tok.start, tok.end, _new_entity(w, "Place"),
                                    "locative")

    def _joined_names(self, article, sent, toks):
        """杰克-沙利文 / 瓦迪姆·希希马林: two transliterated parts joined by a dot or hyphen
        are a person's full name even with no title or bracket (the entity is the surname,
        as for titled names). Parts that are gazetteer names (美国-欧盟) are not."""
        norm = article.norm
        bounds = {t.start for t in toks}
        for m in _JOINED.finditer(norm, sent.start, sent.end):
            if m.start() not in bounds:
                continue
            parts = re.split("[" + re.escape(_NAME_SEPS) + "]", m.group(0))
            if any(self.names.get(p) is not None and self.names[p].cls != "Person" for p in parts):
                continue
            surname = parts[-1]
            known = self.names.get(surname)
            ent = known if known is not None and known.cls == "Person" else _new_entity(surname, "Person")
            yield self._mention(article, sent, m.start(), m.end(), ent, "joined")

    def _publications(self, article, sent):
        """《金融时报》 / 《华尔街日报》: a newspaper or magazine named in title marks."""
        norm = article.norm
        for m in _PUBLICATION.finditer(norm, sent.start, sent.end):
            name = m.group(1)
            ent = self.names.get(name) or _new_entity(name, "Organization")
            if ent.cls == "Organization":
                yield self._mention(article, sent, m.start(1), m.end(1), ent, "publication")

    def _han_name(self, norm, toks, k, limit, saying=False):
        """(start, end, English form or None) of a Chinese, Japanese or Korean name that
        starts at ``toks[k]``: 2-4 Han characters whose first word is tagged as a name or
        starts with a surname, ending where a bracketed Latin name, punctuation or a verb of
        saying follows (``saying``: only a verb of saying). jieba often cuts such names
        (王/宏仁, 谷田/恵/二, 伊藤隆/太), so the words alone do not say where they end."""
        first = toks[k]
        pos = first.start
        if first.tag.startswith(("t", "m")):
            return None
        # a bracketed Latin name is the strongest evidence of where the name ends (and of a
        # name: 议员摩尔（Blake Moore）, which jieba does not tag as one)
        for j in range(k, min(k + 4, len(toks))):
            e = toks[j].end
            if e - pos > 4:
                break
            mt = _LATIN.match(norm, e, limit) if e - pos >= 2 else None
            if mt and _looks_like_name(mt.group(1)) and not _ORG_WORDS.search(mt.group(1)) \
                    and _name_chars(norm[pos:e]) and not saying:
                return pos, e, mt.group(1).strip()
        if not (first.tag in _NAME_TAGS or norm[pos] in SURNAMES):
            return None
        for j in range(k, min(k + 4, len(toks))):
            t = toks[j]
            e = t.end
            n = e - pos
            if n > (3 if saying else 4) or not _name_chars(norm[pos:e]):
                return None
            if j > k and not (t.tag == "yg" or t.tag[:1] not in "vpcurxftqeoliy"):
                return None
            nxt = norm[e:e + 1] if e < limit else ""
            if saying:
                ok = norm.startswith(_SAYING, e)
            else:
                ok = not nxt or nxt in _NAME_BOUNDARY or not _is_han(nxt) \
                    or norm.startswith(_SAYING, e) or self._place_at(norm, e, limit)
            if norm[e - 1] in "续又再亦并":
                return None  # 张军续称: the HMM glued "went on" to the name
            if j == k:
                if t.tag not in _NAME_TAGS or n < 2:
                    continue  # a dictionary word of its own (学者, 高照) is not a name alone
                glued = j + 1 < len(toks) and len(toks[j + 1].word) == 1 and _is_han(toks[j + 1].word) \
                    and not ok
                if n >= 3 and not saying and not glued:
                    return pos, e, None  # jieba's whole-word name tag (鬼木诚, not 伊藤隆/太)
            if n >= 2 and ok:
                return pos, e, None
        return None

    def _place_at(self, norm, pos, limit) -> bool:
        """Does a gazetteer place or country name start at ``pos`` (丘德真雪梨22日专电)?"""
        for n in range(2, 5):
            ent = self.names.get(norm[pos:pos + n]) if pos + n <= limit else None
            if ent is not None and ent.cls in ("Place", "Country"):
                return True
        return False

    def _person_mention(self, article, sent, hit, via):
        s, e, latin = hit
        name = article.norm[s:e]
        known = self.names.get(name)
        if known is not None and known.cls != "Person":
            return None
        ent = known or _new_entity(name, "Person", latin)
        return self._mention(article, sent, s, e, ent, via)

    def _professions(self, article, sent, toks):
        """教授王宏仁 / 记者黄春梅 / 副大臣鬼木诚 / 理事长高井晋(Susumu Takai): a name right
        after an occupation (no office: see PROFESSIONS)."""
        norm = article.norm
        for i, tok in enumerate(toks[:-1]):
            w = tok.word
            if w[-1] not in _PROFESSION_LAST:  # (most tokens: one set lookup)
                continue
            if not any(w.endswith(p) for p in _PROFESSIONS_LONGEST_FIRST):
                continue
            k = i + 1
            while k < len(toks) - 1 and toks[k].word.strip() in ("", "：", ":"):
                k += 1
            if toks[k].start - tok.end > 2:
                continue
            hit = self._han_name(norm, toks, k, sent.end)
            m = self._person_mention(article, sent, hit, "profession") if hit else None
            if m is not None:
                yield m

    def _speakers(self, article, sent, toks):
        """王宏仁说 / 陈明通表示 / 王宏仁：: a name jieba tags (or starts to) opening a clause,
        then a verb of saying."""
        norm = article.norm
        for k, tok in enumerate(toks):
            if tok.tag not in _NAME_TAGS or norm[tok.start] not in SURNAMES:
                continue
            if tok.start > sent.start and norm[tok.start - 1] not in _CLAUSE_OPENERS:
                continue
            hit = self._han_name(norm, toks, k, sent.end, saying=True)
            m = self._person_mention(article, sent, hit, "speaker") if hit else None
            if m is not None:
                yield m

    def _kinds(self, article, sent, toks):
        """Names that say what kind of thing they are: legislatures (众议院), short party
        names (绿党, 工党, and 自由党国家党联盟), news agencies jieba knows (日本共同社),
        a named government's leader (特朗普政府), an organisation introduced with its Latin
        name (维权组织OVD-Info), and 第一岛链."""
        norm = article.norm
        for i, tok in enumerate(toks):
            w = tok.word
            if w[-1] == "党" and _is_party(w) and tok.tag[:1] in ("n", "j") \
                    and self.names.get(w) is None:
                end = tok.end
                # 自由党/国家/党/联盟: parties in one alliance are its name
                for j in range(i + 1, min(i + 5, len(toks))):
                    if toks[j].word == "联盟":
                        end = toks[j].end
                        break
                    if toks[j].tag[:1] not in ("n", "j"):
                        break
                name = norm[tok.start:end]
                # 工党/绿党/民主党 are parties of many countries: one per article (see _local_entity)
                ent = _local_entity(name, "Organization", article) if len(name) <= 3 \
                    else _new_entity(name, "Organization")
                yield self._mention(article, sent, tok.start, end, ent, "kind")
            elif tok.tag == "nt" and len(w) >= 3 and w.endswith("社") and self.names.get(w) is None:
                yield self._mention(article, sent, tok.start, tok.end,
                                    _new_entity(w, "Organization"), "kind")
            elif tok.tag in _NAME_TAGS and 2 <= len(w) <= 5 and all(c in TRANSLIT for c in w) \
                    and i + 1 < len(toks) and toks[i + 1].word in ("政府", "政权") \
                    and self.names.get(w) is None:
                yield self._mention(article, sent, tok.start, tok.end, _new_entity(w, "Person"), "kind")
        for mt in _DESCRIBED_LATIN.finditer(norm, sent.start, sent.end):
            name = mt.group("n")
            if len(name) >= 3 and self.names.get(name) is None:
                yield self._mention(article, sent, mt.start("n"), mt.end("n"),
                                    _new_entity(name, "Organization"), "kind")
        for mt in _ISLAND_CHAIN.finditer(norm, sent.start, sent.end):
            yield self._mention(article, sent, mt.start(), mt.end(),
                                _new_entity(mt.group(0), "Place"), "kind")
        for t in toks:
            # 钓鱼台列屿 / 千岛群岛: a name jieba tags as a place, then a word for islands
            mt = _ISLANDS.match(norm, t.start, sent.end) if t.tag == "ns" else None
            if mt is not None and self.names.get(mt.group(0)) is None:
                yield self._mention(article, sent, mt.start(), mt.end(),
                                    _new_entity(mt.group(0), "Place"), "kind")

    def _bare_bodies(self, article, sent, toks):
        """众议院 / 立法院: a legislature or cabinet named alone (after the finders that
        name it with more: 众议院外务委员会, 美国众议院)."""
        for tok in toks:
            if tok.word in _BARE_BODIES and self.names.get(tok.word) is None:
                yield self._mention(article, sent, tok.start, tok.end,
                                    _local_entity(tok.word, "Organization", article), "kind")
        norm = article.norm
        for i, tok in enumerate(toks[1:], 1):
            # 独立民调机构列瓦达: a transliterated name introduced as an organisation
            if toks[i - 1].word in _DESCRIPTORS and toks[i - 1].word not in ("官员", "专家", "学者") \
                    and tok.tag in _NAME_TAGS and 2 <= len(tok.word) <= 6 \
                    and all(c in TRANSLIT for c in tok.word) and self.names.get(tok.word) is None \
                    and (tok.end == sent.end or not _is_han(norm[tok.end]) or norm[tok.end] in _AFTER_NAME
                         # the subject of what follows: a time or a verb (列瓦达上月发现)
                         or i + 1 < len(toks) and toks[i + 1].tag[:1] in ("t", "v")):
                yield self._mention(article, sent, tok.start, tok.end,
                                    _new_entity(tok.word, "Organization"), "kind")

    def _tagged(self, article, sent, toks):
        for i, tok in enumerate(toks):
            w = tok.word
            if tok.tag in _NAME_TAGS and _plausible_person(w):
                nxt = toks[i + 1].word if i + 1 < len(toks) else ""
                if i + 2 < len(toks) and _org_ending(toks[i + 2].word) in _INSTITUTE_ENDINGS:
                    continue  # 苏黎世/联邦/理工学院: the first word of an institute's name
                if w[-1] in "续又还并也亦再则" and nxt[:1] in "称说表指强":
                    # 张军续称: the HMM glued 续 ("went on") to the name
                    w = w[:-1]
                yield self._mention(article, sent, tok.start, tok.start + len(w),
                                    _new_entity(w, "Person"), "pos")


def _merge_parties(names, mentions: list[Mention]) -> list[Mention]:
    """工党 and 澳洲工党 in one article are one party: the short form becomes an alias of the
    form that names the country."""
    long = {}
    for m in mentions:
        e = m.entity
        if e.cls == "Organization" and e.country and e.label_zh.endswith("党"):
            for k in range(2, len(e.label_zh) - 1):
                if _is_country(names.get(e.label_zh[:k])):
                    long.setdefault(e.label_zh[k:], e)
    if not long:
        return mentions
    merged = {}
    for m in mentions:
        full = long.get(m.entity.label_zh)
        if full is not None and m.entity.key.startswith("zh-") and m.entity.key != full.key:
            merged[full.key] = replace(full, aliases=tuple(dict.fromkeys(
                full.aliases + (m.entity.label_zh,))))
    out = []
    for m in mentions:
        full = long.get(m.entity.label_zh) if m.entity.key.startswith("zh-") else None
        if full is not None and full.key in merged:
            out.append(replace(m, entity=merged[full.key]))
        elif m.entity.key in merged:
            out.append(replace(m, entity=merged[m.entity.key]))
        else:
            out.append(m)
    return out


def _unify(mentions: list[Mention]) -> list[Mention]:
    """One entity per key within the article: prefer the richest record (English label)."""
    best: dict[str, Entity] = {}
    for m in mentions:
        cur = best.get(m.entity.key)
        if cur is None or (cur.label_en is None and m.entity.label_en is not None):
            best[m.entity.key] = m.entity
    return [m if best[m.entity.key] is m.entity else replace(m, entity=best[m.entity.key])
            for m in mentions]


def _local_entity(name: str, cls: str, article) -> Entity:
    """An entity whose name many countries share (众议院, 工党): its key is the article's, so
    two articles' 众议院 (Japan's, Australia's) are not joined into one node; ``kg:memberOf``
    or a fuller name in the text is what would say whose it is."""
    return Entity(key=f"zh-{name}~{article.id}", cls=cls, label_zh=name)


def _new_entity(name: str, cls: str, label_en: str | None = None) -> Entity:
    return Entity(key="zh-" + name, cls=cls, label_zh=name, label_en=label_en)


def _institute_start(names, toks: Sequence[Token], start: int) -> int | None:
    """Index of the first word of an institute's name whose last word is ``toks[start]``
    or later: the name runs back over ordinary nouns (传统/基金会, 众议院/外务/委员会), and
    与/和/及 between two of them (战略/与/国际/研究中心), up to a describing word (智库),
    an occupation, a gazetteer name or any other word. None: a generic phrase
    (国际委员会, 相关研究所)."""
    k = start
    if toks[k].word == "中心" and k > 0 and toks[k - 1].word == "研究":
        k -= 1
    while k > 0 and start - k < 5:
        t = toks[k - 1]
        if t.word in ("与", "和", "及") and k - 2 >= 0 and toks[k - 2].tag[:1] == "n" \
                and len(toks[k - 2].word) >= 2:
            k -= 1
            continue
        if t.tag not in ("n", "vn", "an", "nz", "ns", "nt", "j", "nr", "nrt") or len(t.word) < 2 \
                or t.word in _DESCRIPTORS or t.word.endswith(PROFESSIONS) \
                or names.get(t.word) is not None:
            break
        k -= 1
    if toks[k].word in ("与", "和", "及"):
        k += 1
    if toks[k].word.startswith(_GENERIC_PREFIXES):
        return None
    return k


def _is_country(ent: Entity | None) -> bool:
    return ent is not None and ent.cls == "Country"


def _is_party(word: str) -> bool:
    """工党 / 绿党 / 自由党: a two- or three-character word ending in 党 that names a party."""
    return 2 <= len(word) <= 3 and word.endswith("党") and word not in _NOT_PARTIES \
        and all(_is_han(c) for c in word)


def _body_ending(word: str, has_middle: bool) -> str | None:
    """The ending that makes ``word`` the last word of a country's body (see _named_body)."""
    ending = _org_ending(word)
    if ending is not None:
        return ending
    for x in _BODY_ENDINGS:
        if word.endswith(x):
            return x
    if word in _BODY_WORDS:
        return word
    if has_middle and len(word) >= 3 and word.endswith("军"):
        return "军"  # 朝鲜人民革命军 (美军, 俄军: two characters, the qualified finder's)
    return None


def _name_chars(name: str) -> bool:
    return all(_is_han(c) for c in name) and not any(c in _STOP for c in name)


def _org_ending(word: str) -> str | None:
    """The first of ``_ORG_ENDINGS`` that ``word`` ends with, else None."""
    best = None
    for k in _ORG_ENDING_LENS:
        if k > len(word):
            break
        rank = _ORG_ENDING_RANK.get(word[-k:])
        if rank is not None and (best is None or rank < best):
            best = rank
    return None if best is None else _ORG_ENDINGS[best]


def _title_at(norm: str, pos: int, end: int) -> str | None:
    if pos >= end or norm[pos] not in _TITLE_FIRST:  # (most tokens: one set lookup)
        return None
    for n in range(min(_TITLE_MAX, end - pos), 1, -1):
        t = norm[pos:pos + n]
        if t in TITLES:
            return t
    return None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _looks_like_name(latin: str) -> bool:
    words = latin.replace("-", " ").split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() for w in words if w.lower() not in
                                        ("de", "von", "van", "der", "la", "and", "of", "the", "bin", "al"))


def _is_acronym(latin: str) -> bool:
    return latin.isupper() and latin.isalpha() and 2 <= len(latin) <= 8


def _given_names_start(norm: str, s: int, floor: int) -> int:
    """Extend a surname back over given names joined by a separator (让-伊夫·勒德里昂)."""
    while s - 2 >= floor and norm[s - 1] in _NAME_SEPS and norm[s - 2] in TRANSLIT:
        k = s - 1
        while k > floor and norm[k - 1] in TRANSLIT and s - 1 - k < 6:
            k -= 1
        s = k
    return s


def _translit_start(norm: str, end: int, floor: int) -> int | None:
    s = end
    while s > floor and norm[s - 1] in TRANSLIT and end - s < 12:
        s -= 1
    if norm[s:end][:1] in _NAME_SEPS:
        s += 1
    return s if end - s >= 2 else None


def _noun_run(before: list[Token]) -> int | None:
    """Start of the run of noun-like tokens (at most 4) that ends the list; a describing
    noun such as 智库 (保守派智库哈德逊研究所) is not part of the name that follows it."""
    start = None
    for t in reversed(before[-4:]):
        if t.word in _DESCRIPTORS and start is not None:
            break
        if t.tag[:1] in ("n", "j") or t.tag in ("vn", "nz"):
            start = t.start
        else:
            break
    return start


_DESCRIPTORS = frozenset(["智库", "机构", "媒体", "报纸", "组织", "团体", "公司", "官员", "专家",
                          "学者", "保守派", "自由派", "左翼", "右翼"])


def _plausible_person(w: str) -> bool:
    if any(ch in _STOP for ch in w) or not all(_is_han(ch) or ch == "·" for ch in w):
        return False
    # jieba's nr on transliterations is unreliable (苏黎世, 斯图加特 are places; 弗拉基米尔 is
    # half a name): those are left to the bracket and title rules. A Chinese name of a
    # surname plus two characters is accepted unless it ends like a common noun.
    # (谢尔盖 reads as 谢 + 尔盖 but is a transliterated given name: all its characters are
    # transliteration characters, which the bracket and title rules handle)
    return (len(w) == 3 and w[0] in SURNAMES and not w.endswith(_NOUN_ENDINGS)
            and not all(ch in TRANSLIT for ch in w))
