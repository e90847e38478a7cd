"""Shared fixtures.

``small_graph``: a hand-made graph in exactly the shape the builder writes (graph contract +
common brief): two real articles (the RFI seed on the NATO summit of 2022-03-24, in
Simplified Chinese, and a CNA report on Switzerland and NATO of 2022-05-15, in Traditional),
their sentences (verbatim from the texts), entities with @zh/@en labels, altLabels and
Wikidata links (QIDs from kg/data), a role node, and 18 events of all eleven classes with
agents, targets, locations, dates of the three precisions, quantities and modality.

Tests that need a particular node take its IRI from ``small_iris`` (short name -> URIRef).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

# --- the data, as plain tuples so a reader can check each line against the article texts ---

BASE = "https://w3id.org/newskg/resource/"

ARTICLES = {
    # name: (url, headline, published, publisher key, script, content hash seed)
    "rfi": (
        (
            "https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-%E5%8C%97%E7%BA%A6%E9%A2%86%E5%AF%BC"
            "%E4%BA%BA%E8%81%94%E5%90%88%E5%A3%B0%E6%98%8E"
        ),
        "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力",
        "2022-03-24T20:59:00Z",
        "rfi",
        "zh",
    ),
    "cna": (
        "https://www.cna.com.tw/news/aopl/202205150232.aspx",
        "回應俄羅斯侵略烏克蘭 中立國瑞士向北約靠攏",
        "2022-05-15T15:04:02Z",
        "cna",
        "zh-Hant",
    ),
}
PUBLISHERS = {"rfi": "RFI", "cna": "中央社"}

SENTENCES = {
    "rfi": [
        "在俄罗斯全面入侵乌克兰一个月之际，北约特别峰会3月24日在比利时首都布鲁塞尔的北约总部举行。",
        "声明表示：“我们以最强烈的措辞谴责俄罗斯对乌克兰的入侵。",
        (
            "我们呼吁普京总统立即停止这场战争，从乌克兰撤出军事力量，并呼吁白俄罗斯根据2022年3月2日"
            "联合国大会通过的侵略乌克兰决议，结束其共谋行为。"
        ),
        "自2014年以来，我们为乌克兰行使这一权利的能力提供了广泛支持。",
        "北约盟国还提供广泛的人道主义支持，并接纳了数百万难民。",
        "外长们将在4月的会议上进一步讨论我们对乌克兰的支持。”",
        "我们正在追究俄罗斯和白俄罗斯的责任。",
        "为了结束这场战争，我们对俄罗斯实施了大规模的制裁并付出了沉重的政治代价。",
        (
            "声明指出：“为了应对俄罗斯的行动，我们启动了北约的防御计划，部署了北约反应部队 (NRF)的成员，"
            "并在我们的东翼部署了40000名部队，以及大量的航空和海军资产，由盟国的国家部署支持的北约直接指挥。"
        ),
        (
            "值得一提的是，由于俄罗斯入侵乌克兰的战争尚未结束，北约秘书长斯托尔滕贝格（Jens Stoltenberg）"
            "将延长任期一年。"
        ),
        "他们还批准了四个新的北约多国战斗群，分别将部署于保加利亚、匈牙利、罗马尼亚和斯洛伐克。",
        "斯托尔滕贝格指出：“北京应该利用其对俄罗斯的重要影响，并促进立即和平解决。”",
    ],
    "cna": [
        (
            "瑞士國防部安全政策主管普里（Paelvi Pulli）告訴路透社，部裡目前正在撰寫國家安全選項報告，"
            "其中包括和北大西洋公約組織（NATO）國家舉行聯合軍事演習，以及「回補」軍火。"
        ),
        "普里上週受訪時表示：「最終，中立的解讀方式可能會有所改變。」",
        "烏克蘭戰爭重燃了這項辯論，這次瑞士政府對俄羅斯實施制裁，但未允許瑞士製軍火再出口到烏克蘭。",
        "莫斯科當局「不能忽視最終放棄中立，這將招致後果。」",
    ],
}

# key: (class, label zh, label en, qid, altLabels [(text, lang)], articles)
ENTITIES = {
    "nato": (
        "Organization",
        "北约",
        "NATO",
        "Q7184",
        [
            ("北大西洋公约组织", "zh"),
            ("北大西洋公約組織", "zh-Hant"),
            ("North Atlantic Treaty Organisation", "en"),
        ],
        ["rfi", "cna"],
    ),
    "unga": (
        "Organization",
        "联合国大会",
        "United Nations General Assembly",
        "Q47423",
        [("联大", "zh")],
        ["rfi"],
    ),
    "russia": (
        "Country",
        "俄罗斯",
        "Russia",
        "Q159",
        [("俄罗斯联邦", "zh"), ("俄羅斯", "zh-Hant")],
        ["rfi", "cna"],
    ),
    "ukraine": ("Country", "乌克兰", "Ukraine", "Q212", [("烏克蘭", "zh-Hant")], ["rfi", "cna"]),
    "belarus": ("Country", "白俄罗斯", "Belarus", "Q184", [], ["rfi"]),
    "china": ("Country", "中国", "China", "Q148", [("中华人民共和国", "zh")], ["rfi"]),
    "belgium": ("Country", "比利时", "Belgium", "Q31", [], ["rfi"]),
    "bulgaria": ("Country", "保加利亚", "Bulgaria", "Q219", [], ["rfi"]),
    "hungary": ("Country", "匈牙利", "Hungary", "Q28", [], ["rfi"]),
    "romania": ("Country", "罗马尼亚", "Romania", "Q218", [], ["rfi"]),
    "slovakia": ("Country", "斯洛伐克", "Slovakia", "Q214", [], ["rfi"]),
    "switzerland": ("Country", "瑞士", "Switzerland", "Q39", [], ["cna"]),
    "brussels": ("Place", "布鲁塞尔", "Brussels", "Q239", [], ["rfi"]),
    "eastern-flank": ("Place", "东翼", None, None, [], ["rfi"]),
    "putin": ("Person", "普京", "Vladimir Putin", "Q7747", [("弗拉基米尔·普京", "zh")], ["rfi"]),
    "stoltenberg": (
        "Person",
        "斯托尔滕贝格",
        "Jens Stoltenberg",
        None,
        [("延斯·斯托尔滕贝格", "zh")],
        ["rfi"],
    ),
    "pulli": ("Person", "普里", "Paelvi Pulli", None, [], ["cna"]),
}
MEMBER_OF = [("bulgaria", "nato"), ("hungary", "nato"), ("romania", "nato"), ("slovakia", "nato")]
LOCATED_IN = [("brussels", "belgium")]
# person, title zh, title en, of
ROLES = [("stoltenberg", "秘书长", "Secretary General", "nato")]

# name: (class, article, sentence index, trigger, agents, targets, locations, content,
#        date (lexical, xsd type, text), quantity (value, unit), modality)
EVENTS = {
    "summit": (
        "Meeting",
        "rfi",
        0,
        "峰会",
        ["nato"],
        [],
        ["brussels"],
        None,
        ("2022-03-24", "date", "3月24日"),
        None,
        None,
    ),
    "invasion": ("Attack", "rfi", 0, "入侵", ["russia"], ["ukraine"], [], None, None, None, None),
    "condemn": (
        "Condemnation",
        "rfi",
        1,
        "谴责",
        ["nato"],
        ["russia"],
        [],
        "俄罗斯对乌克兰的入侵",
        None,
        None,
        None,
    ),
    "demand-putin": (
        "Demand",
        "rfi",
        2,
        "呼吁",
        ["nato"],
        ["putin"],
        [],
        "立即停止这场战争，从乌克兰撤出军事力量",
        None,
        None,
        None,
    ),
    "demand-belarus": (
        "Demand",
        "rfi",
        2,
        "呼吁",
        ["nato"],
        ["belarus"],
        [],
        "结束其共谋行为",
        None,
        None,
        None,
    ),
    "resolution": (
        "Statement",
        "rfi",
        2,
        "通过",
        ["unga"],
        [],
        [],
        "侵略乌克兰决议",
        ("2022-03-02", "date", "2022年3月2日"),
        None,
        None,
    ),
    "support": (
        "Support",
        "rfi",
        3,
        "支持",
        ["nato"],
        ["ukraine"],
        [],
        None,
        ("2014", "gYear", "自2014年以来"),
        None,
        None,
    ),
    "aid": ("Aid", "rfi", 4, "人道主义支持", ["nato"], [], [], None, None, None, None),
    "ministers": (
        "Meeting",
        "rfi",
        5,
        "会议",
        ["nato"],
        [],
        [],
        None,
        ("2022-04", "gYearMonth", "4月"),
        None,
        "planned",
    ),
    "accountable": (
        "Condemnation",
        "rfi",
        6,
        "追究",
        ["nato"],
        ["russia", "belarus"],
        [],
        "追究俄罗斯和白俄罗斯的责任",
        None,
        None,
        None,
    ),
    "sanction-rfi": (
        "Sanction",
        "rfi",
        7,
        "制裁",
        ["nato"],
        ["russia"],
        [],
        None,
        None,
        None,
        None,
    ),
    "flank": (
        "Deployment",
        "rfi",
        8,
        "部署",
        ["nato"],
        [],
        ["eastern-flank"],
        None,
        None,
        (40000, "名部队"),
        None,
    ),
    "term": (
        "Personnel",
        "rfi",
        9,
        "延长任期",
        [],
        ["stoltenberg"],
        [],
        None,
        None,
        None,
        "planned",
    ),
    "battlegroups": (
        "Deployment",
        "rfi",
        10,
        "部署",
        ["nato"],
        [],
        ["bulgaria", "hungary", "romania", "slovakia"],
        None,
        None,
        (4, "个多国战斗群"),
        "planned",
    ),
    "beijing": (
        "Demand",
        "rfi",
        11,
        "应该",
        ["stoltenberg"],
        ["china"],
        [],
        "利用其对俄罗斯的重要影响，并促进立即和平解决",
        None,
        None,
        None,
    ),
    "pulli-says": (
        "Statement",
        "cna",
        1,
        "表示",
        ["pulli"],
        [],
        [],
        "最終，中立的解讀方式可能會有所改變",
        ("2022-05", "gYearMonth", "上週"),
        None,
        None,
    ),
    "sanction-cna": (
        "Sanction",
        "cna",
        2,
        "制裁",
        ["switzerland"],
        ["russia"],
        [],
        None,
        None,
        None,
        None,
    ),
    "threat": (
        "Threat",
        "cna",
        3,
        "招致後果",
        ["russia"],
        ["switzerland"],
        [],
        None,
        None,
        None,
        None,
    ),
}


def _h(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def small_graph_iris() -> dict:
    """Short name -> IRI for every article, sentence (name/index), entity, role and event."""
    from rdflib import URIRef

    iris: dict = {}
    for name, (url, *_rest) in ARTICLES.items():
        iris[name] = URIRef(f"{BASE}article/{_h(url)}")
        for i in range(len(SENTENCES[name])):
            iris[f"{name}/s{i}"] = URIRef(f"{iris[name]}/s{i}")
    for key in ENTITIES:
        iris[key] = URIRef(f"{BASE}entity/{key}")
    for person, title, _en, of in ROLES:
        iris[f"role/{person}"] = URIRef(f"{BASE}role/{_h(title + '|' + of)}")
    for name in EVENTS:
        iris[name] = URIRef(f"{BASE}event/{_h('event|' + name)}")
    return iris


def build_small_graph(order: int = 0):
    """The fixture graph; ``order`` != 0 inserts the same triples in another order (to test
    that query output does not depend on insertion order)."""
    import random

    from rdflib import RDF, RDFS, Graph, Literal, URIRef
    from rdflib.namespace import OWL, SKOS, XSD

    from kg.vocab import KG, KGR, SCHEMA, WD, bind_prefixes

    iris = small_graph_iris()
    t: list = []
    for key, label in PUBLISHERS.items():
        pub = KGR[f"publisher/{key}"]
        t += [(pub, RDF.type, SCHEMA.Organization), (pub, RDFS.label, Literal(label))]
    for name, (url, headline, published, pub, lang) in ARTICLES.items():
        a = iris[name]
        t += [
            (a, RDF.type, KG.Article),
            (a, SCHEMA.headline, Literal(headline, lang="zh")),
            (a, SCHEMA.url, Literal(url, datatype=XSD.anyURI)),
            (a, SCHEMA.datePublished, Literal(published, datatype=XSD.dateTime)),
            (a, SCHEMA.publisher, KGR[f"publisher/{pub}"]),
            (a, KG.contentHash, Literal(hashlib.sha256(url.encode()).hexdigest())),
        ]
        offset = 0
        for i, text in enumerate(SENTENCES[name]):
            s = iris[f"{name}/s{i}"]
            t += [
                (s, RDF.type, KG.Sentence),
                (s, KG.text, Literal(text, lang=lang)),
                (s, KG.start, Literal(offset)),
                (s, KG.end, Literal(offset + len(text))),
                (s, KG.index, Literal(i)),
                (s, KG.inArticle, a),
            ]
            offset += len(text) + 1
    t.append(
        (
            iris["rfi"],
            SCHEMA.citation,
            URIRef("https://www.nato.int/cps/en/natohq/official_texts_193719.htm"),
        )
    )
    for key, (cls, zh, en, qid, alts, arts) in ENTITIES.items():
        e = iris[key]
        t += [(e, RDF.type, KG[cls]), (e, RDFS.label, Literal(zh, lang="zh"))]
        if en:
            t.append((e, RDFS.label, Literal(en, lang="en")))
        for alt, lang in alts:
            t.append((e, SKOS.altLabel, Literal(alt, lang=lang)))
        if qid:
            t.append((e, OWL.sameAs, WD[qid]))
        for art in arts:
            t.append((e, KG.mentionedIn, iris[art]))
    for country, org in MEMBER_OF:
        t.append((iris[country], KG.memberOf, iris[org]))
    for place, where in LOCATED_IN:
        t.append((iris[place], KG.locatedIn, iris[where]))
    for person, title, title_en, of in ROLES:
        r = iris[f"role/{person}"]
        t += [
            (r, RDF.type, KG.Role),
            (r, KG.roleTitle, Literal(title, lang="zh")),
            (r, KG.roleTitle, Literal(title_en, lang="en")),
            (r, KG.roleOf, iris[of]),
            (iris[person], KG.holdsRole, r),
        ]
    from kg.vocab import CAMEO, PLOVER

    for name, (cls, art, si, trig, ags, tgs, locs, content, date, qty, mod) in EVENTS.items():
        ev = iris[name]
        t += [
            (ev, RDF.type, KG[cls]),
            (ev, KG.sourceSentence, iris[f"{art}/s{si}"]),
            (ev, KG.trigger, Literal(trig, lang="zh")),
        ]
        t += [(ev, KG.agent, iris[x]) for x in ags]
        t += [(ev, KG.target, iris[x]) for x in tgs]
        t += [(ev, KG.location, iris[x]) for x in locs]
        if content:
            t.append((ev, KG.content, Literal(content, lang="zh")))
        if date:
            value, dtype, text = date
            t += [
                (ev, KG.date, Literal(value, datatype=XSD[dtype])),
                (ev, KG.dateText, Literal(text, lang="zh")),
            ]
        if qty:
            t += [
                (ev, KG.quantity, Literal(qty[0], datatype=XSD.integer)),
                (ev, KG.quantityUnit, Literal(qty[1], lang="zh")),
            ]
        if mod:
            t.append((ev, KG.modality, Literal(mod)))
        if cls in CAMEO:
            t.append((ev, KG.cameoCode, Literal(CAMEO[cls])))
        if cls in PLOVER:
            t.append((ev, KG.ploverType, Literal(PLOVER[cls])))
    if order:
        random.Random(order).shuffle(t)
    g = bind_prefixes(Graph())
    for triple in t:
        g.add(triple)
    return g


@pytest.fixture
def small_graph():
    """A fresh copy of the hand-made two-article graph (tests may modify it)."""
    return build_small_graph()


@pytest.fixture
def small_iris() -> dict:
    return small_graph_iris()


@pytest.fixture
def small_graph_file(tmp_path: Path) -> Path:
    """The fixture graph written as Turtle, for CLI tests."""
    path = tmp_path / "small.ttl"
    build_small_graph().serialize(path, format="turtle", encoding="utf-8")
    return path
