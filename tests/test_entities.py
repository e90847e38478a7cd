"""Entities of the seed and the dev corpus, checked against what the articles say."""

import csv
from pathlib import Path

import pytest

from kg.api import analyse
from kg.ingest import parse_article, read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
DATA = ROOT / "kg" / "data"


def _qids(table: str) -> dict[str, str]:
    with open(DATA / table, encoding="utf-8") as f:
        return {row["name_en"]: row["qid"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def seed_entities():
    doc = analyse(read_article(SEED))
    return {m.entity.label_zh: m.entity for m in doc.mentions} | {
        a: m.entity for m in doc.mentions for a in m.entity.aliases
    }, doc


EXPECTED = [
    # (a name, class, table, English name in the table or None for no QID)
    ("俄罗斯", "Country", "countries.csv", "Russia"),
    ("乌克兰", "Country", "countries.csv", "Ukraine"),
    ("白俄罗斯", "Country", "countries.csv", "Belarus"),
    ("中华人民共和国", "Country", "countries.csv", "China"),
    ("保加利亚", "Country", "countries.csv", "Bulgaria"),
    ("匈牙利", "Country", "countries.csv", "Hungary"),
    ("罗马尼亚", "Country", "countries.csv", "Romania"),
    ("斯洛伐克", "Country", "countries.csv", "Slovakia"),
    ("比利时", "Country", "countries.csv", "Belgium"),
    ("美国", "Country", "countries.csv", "United States"),
    ("北约", "Organization", "organizations.csv", None),
    ("欧盟", "Organization", "organizations.csv", None),
    # 联合国 is named in 《联合国宪章》: an organisation in a title of a work is a mention
    ("联合国", "Organization", "organizations.csv", "United Nations"),
    ("联合国大会", "Organization", "organizations.csv", "United Nations General Assembly"),
    ("联合国国际法院", "Organization", "organizations.csv", "International Court of Justice"),
    ("布鲁塞尔", "Place", "cities.csv", "Brussels"),
    ("马德里", "Place", "cities.csv", "Madrid"),
    ("马里乌波尔", "Place", None, None),
    ("普京", "Person", "persons.csv", "Vladimir Putin"),
    ("泽连斯基", "Person", "persons.csv", "Volodymyr Zelenskyy"),
    ("拜登", "Person", "persons.csv", "Joe Biden"),
    ("斯托尔滕贝格", "Person", None, None),
]


@pytest.mark.parametrize("name,cls,table,name_en", EXPECTED)
def test_seed_entity_class_and_link(seed_entities, name, cls, table, name_en):
    by_name, _ = seed_entities
    assert name in by_name, f"{name} not found in the seed"
    ent = by_name[name]
    assert ent.cls == cls
    if table and name_en:
        assert ent.qid == _qids(table)[name_en]
    if name == "马里乌波尔":
        assert ent.qid is None  # the reference data has no QID for Mariupol
    if name == "斯托尔滕贝格":
        assert ent.qid is None and ent.label_en == "Jens Stoltenberg"


def test_seed_nato_and_eu_are_linked(seed_entities):
    by_name, _ = seed_entities
    orgs = _qids("organizations.csv")
    assert by_name["北约"].qid == orgs["North Atlantic Treaty Organisation"]
    assert by_name["北约"].qid == by_name["北大西洋公约组织"].qid
    assert by_name["欧盟"].qid is not None


def test_english_labels_from_brackets_and_tables(seed_entities):
    by_name, _ = seed_entities
    assert by_name["泽连斯基"].label_en == "Volodymyr Zelenskyy"
    assert by_name["拜登"].label_en == "Joe Biden"


def test_stoltenberg_holds_the_role_of_secretary_general_of_nato(seed_entities):
    _, doc = seed_entities
    roles = {(m.entity.label_zh, m.role.title_zh, m.role.of) for m in doc.mentions if m.role}
    assert ("斯托尔滕贝格", "秘书长", "nato") in roles


def test_no_name_fragments(seed_entities):
    _, doc = seed_entities
    labels = {m.entity.label_zh for m in doc.mentions}
    for fragment in ("斯托尔", "贝格", "马里", "连斯基", "滕贝格", "乌波尔"):
        assert fragment not in labels


def test_names_inside_titles_of_works_are_not_mentions(seed_entities):
    _, doc = seed_entities
    # 《华盛顿条约》 names a treaty, not the city
    assert "华盛顿" not in {m.text for m in doc.mentions}


def test_compounds_and_country_suffixes():
    doc = analyse(parse_article("俄乌谈判陷入僵局，中国政府表示关注。", source="x.txt"))
    keys = [m.entity.key for m in doc.mentions]
    assert keys == ["russia", "ukraine", "china"]


def test_unknown_person_with_english_form_and_title():
    text = "俄国首席谈判人员梅丁思基（Vladimir Medinsky）表示，会谈将继续。外长库列巴说，梅丁思基错了。"
    doc = analyse(parse_article(text, source="x.txt"))
    by_text = {}
    for m in doc.mentions:
        by_text.setdefault(m.entity.label_zh, m.entity)
    assert by_text["梅丁思基"].cls == "Person"
    assert by_text["库列巴"].cls == "Person"
    assert by_text["库列巴"].qid is None


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_traditional_names_resolve_to_the_same_entities():
    doc = analyse(read_article(DEV / "01_cna-russia-ready-to-resume-peace-talks.txt"))
    keys = {m.entity.key: m.text for m in doc.mentions}
    assert keys["ukraine"] in ("烏克蘭", "烏國")  # written in Traditional, linked to 乌克兰
    assert "russia" in keys and "belarus" in keys
    assert doc.article.script == "Hant"


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_bodies_named_by_country_or_by_their_ending():
    doc = analyse(read_article(DEV / "10_cna-switzerland-moves-closer-to-nato.txt"))
    found = {(m.entity.label_zh, m.entity.cls) for m in doc.mentions}
    # 俄羅斯駐瑞士大使館, 洛克希德馬丁公司, 索托莫研究所 as written in the article
    assert ("俄罗斯驻瑞士大使馆", "Organization") in found
    assert ("洛克希德马丁公司", "Organization") in found
    assert ("索托莫研究所", "Organization") in found
    # a bare generic word is not a name
    labels = {label for label, _ in found}
    assert not labels & {"研究所", "公司", "委员会", "电视台"}


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_title_inside_a_dictionary_word_and_party_membership():
    # 德國總理蕭茲: jieba keeps 德国总理 as one word; the office is still Germany's
    doc = analyse(read_article(DEV / "06_cna-scholz-no-fast-track-ukraine-eu.txt"))
    roles = {m.role.of for m in doc.mentions if m.entity.key == "olaf-scholz" and m.role}
    assert "germany" in roles
    # 民進黨籍的總統蔡英文: 籍 is membership; the party is not the office's body
    doc = analyse(read_article(DEV / "18_dw-beijing-blocks-taiwan-wha.txt"))
    assert not [m for m in doc.mentions if m.role and m.role.of == "democratic-progressive-party"]


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_joined_transliterated_names_and_parties_by_their_ending():
    # 杰克-沙利文 with no title or bracket: the hyphenated full name is a person alone
    doc = analyse(read_article(DEV / "02_rfi-us-says-china-misrepresents-taiwan-policy.txt"))
    assert ("杰克-沙利文", "Person") in {(m.text, m.entity.cls) for m in doc.mentions}
    doc = analyse(read_article(DEV / "03_rfi-azovstal-prisoner-swap-medvedchuk.txt"))
    assert ("瓦迪姆-希希马林", "Person") in {(m.text, m.entity.cls) for m in doc.mentions}
    # 共产党 by its ending; 美国-欧盟… is two gazetteer names, no person
    doc = analyse(read_article(DEV / "07_rfi-china-rejects-us-call-taiwan-wha.txt"))
    assert ("共产党", "Organization") in {(m.text, m.entity.cls) for m in doc.mentions}
    doc = analyse(read_article(DEV / "11_voa-us-eu-ttc-russia-sanctions.txt"))
    assert not [m for m in doc.mentions if m.via == "joined" and "欧盟" in m.text]
    # a country, nouns and an organisation's ending: one body; 美国华尔街日报 is the paper
    # qualified by its country
    found = {(m.text, m.entity.cls) for m in doc.mentions}
    assert ("美国-欧盟贸易及技术理事会", "Organization") in found
    assert ("华尔街日报", "Organization") in found and ("美国华尔街日报", "Organization") not in found


def test_newspaper_in_title_marks():
    doc = analyse(parse_article("据《每日邮报》报道，英国首相发表讲话。".encode(), "x.txt"))
    assert ("每日邮报", "Organization") in {(m.text, m.entity.cls) for m in doc.mentions}


def test_armed_forces_one_entity_however_written():
    doc = analyse(parse_article("俄军炮击哈尔科夫。俄罗斯军队随后撤出基辅周边。".encode(), "x.txt"))
    forces = {m.text: m.entity.key for m in doc.mentions if m.entity.cls == "Organization"}
    assert forces.get("俄军") == forces.get("俄罗斯军队") == "zh-俄罗斯军队"


# -- names from context, organisations and places by kind ------------------------------------

_DOCS: dict[str, object] = {}


def _found(name: str) -> set[tuple[str, str]]:
    """(label, class) of every mention in a dev article (analysed once per test run)."""
    if name not in _DOCS:
        _DOCS[name] = analyse(read_article(DEV / name))
    return {(m.entity.label_zh, m.entity.cls) for m in _DOCS[name].mentions}


def _mentions(name: str):
    _found(name)
    return _DOCS[name].mentions


needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
JAPAN = "08_voa-japan-counterstrike-china-cmc.txt"
KOREA = "14_rfa-north-korea-nuclear-test-biden-visit.txt"
PUTIN = "19_nyt-putin-victory-day-speech.txt"
AUSTRALIA = "20_cna-australia-new-government-challenges.txt"


@needs_dev
def test_names_after_an_occupation():
    found = _found(JAPAN)
    # 议员谷田恵二在 (jieba: 谷田/恵/二), 防卫副大臣鬼木诚没有 (one word tagged as a name),
    # 理事长高井晋(Susumu Takai) (the bracket ends the name and gives its English form)
    assert {("谷田恵二", "Person"), ("鬼木诚", "Person"), ("高井晋", "Person")} <= found
    labels = {label for label, _ in found}
    assert "谷田" not in labels and "高井" not in labels
    en = {m.entity.label_zh: m.entity.label_en for m in _mentions(JAPAN)}
    assert en["高井晋"] == "Susumu Takai"
    # 教授伊藤隆太(Ryuta Ito) and later 伊藤隆太表示: the whole name, not jieba's 伊藤隆/太
    assert ("伊藤隆太", "Person") in found and "伊藤隆" not in labels
    # 国立成功大学政治系教授王宏仁对本台表示 (jieba: 王/宏仁); 记者黄春梅 台北报道
    found = _found(KOREA)
    assert {("王宏仁", "Person"), ("黄春梅", "Person")} <= found
    # 中央社记者丘德真雪梨22日专电: the name ends where a place name begins; （编辑：高照芬）
    found = _found(AUSTRALIA)
    assert {("丘德真", "Person"), ("高照芬", "Person")} <= found
    assert "雪梨" in {m.text for m in _mentions(AUSTRALIA) if m.entity.cls == "Place"}
    # 议员摩尔（Blake Moore）: jieba does not tag 摩尔 as a name; the bracket does
    assert ("摩尔", "Person") in found


@needs_dev
def test_occupation_words_alone_name_nobody():
    # 专家认为 / 记者会上: an occupation with no name after it
    for article in (JAPAN, KOREA, AUSTRALIA, "16_zaobao-china-un-envoy-korea-dialogue.txt"):
        labels = {label for label, cls in _found(article) if cls == "Person"}
        assert not labels & {"学者", "专家", "记者", "教授", "会上", "周一"}


@needs_dev
def test_speaker_opening_a_clause():
    # 王宏仁：“因为…” and 陈明通说：: a name jieba tags, then a colon or a verb of saying
    assert ("王宏仁", "Person") in _found(KOREA)
    assert ("陈明通", "Person") in _found(JAPAN)
    # 张军续称: "went on" glued to the name by jieba is not part of it
    labels = {label for label, _ in _found("16_zaobao-china-un-envoy-korea-dialogue.txt")}
    assert "张军" in labels and "张军续" not in labels


@needs_dev
def test_bodies_named_after_their_country():
    # country + nouns + a body's ending (学会, 研究院, 室, 报, 军; a verb inside once for an
    # institute: 安全/保障/战略/研究所)
    found = _found(JAPAN)
    for name in ("台湾国际战略学会", "台湾国防安全研究院", "日本安全保障战略研究所"):
        assert (name, "Organization") in found
    # 日本广岛大学: the place names the university; Japan only qualifies it
    assert ("广岛大学", "Organization") in found and ("日本广岛大学", "Organization") not in found
    found = _found(KOREA)
    assert ("韩国国家安保室", "Organization") in found
    assert ("朝鲜人民革命军", "Organization") in found
    assert ("朝鲜非军事区", "Place") in found
    assert ("澳洲金融评论报", "Organization") in _found(AUSTRALIA)
    # 瑞士国防部长阿姆赫德告诉瑞士广播电视台: an office and its holder end no body's name
    found = _found("10_cna-switzerland-moves-closer-to-nato.txt")
    assert ("瑞士广播电视台", "Organization") in found
    assert not [label for label, _ in found if label.startswith("瑞士国防部长")]


@needs_dev
def test_parties_short_and_with_their_country():
    found = _found(AUSTRALIA)
    # 澳洲工党 once, 工党 elsewhere: one party; 美国和澳洲工党政府 is a list, not one name
    party = {m.entity.key for m in _mentions(AUSTRALIA) if m.text in ("工黨", "澳洲工黨")}
    assert party == {"zh-澳洲工党"}
    assert ("美国和澳洲工党", "Organization") not in found
    # 绿党（Greens）; 自由党国家党联盟（Coalition） is the alliance, not 自由党
    assert ("绿党", "Organization") in found
    assert ("自由党国家党联盟", "Organization") in found and ("自由党", "Organization") not in found


@needs_dev
def test_institutes_over_ordinary_nouns():
    found = _found(AUSTRALIA)
    # 华府智库传统基金会 / 华府智库战略与国际研究中心: the describing 智库 is not part of the name
    assert ("传统基金会", "Organization") in found
    assert ("战略与国际研究中心", "Organization") in found
    # 在众议院外务委员会提出 (the committee) and 在众议院针对… (the house alone)
    found = _found(JAPAN)
    assert ("众议院外务委员会", "Organization") in found and ("众议院", "Organization") in found
    # Japan's 众议院 and Australia's 眾議院 are two houses: one entity per article, not one node
    japan = {m.entity.key for m in _mentions(JAPAN) if m.entity.label_zh == "众议院"}
    australia = {m.entity.key for m in _mentions(AUSTRALIA) if m.entity.label_zh == "众议院"}
    assert len(japan) == len(australia) == 1 and japan != australia
    # 苏黎世联邦理工学院: the city's name begins the institute's; no person 苏黎世
    found = _found("10_cna-switzerland-moves-closer-to-nato.txt")
    assert ("苏黎世联邦理工学院", "Organization") in found and ("苏黎世", "Person") not in found


@needs_dev
def test_organisations_by_kind():
    # 呼籲國務院提交一份計劃 / 法案去年8月在參議院通過: a legislature or cabinet alone
    found = _found("18_dw-beijing-blocks-taiwan-wha.txt")
    assert {("国务院", "Organization"), ("参议院", "Organization")} <= found
    # 在立法院备询 / 让自卫队攻击; 日本共同社5月15日报道 (jieba's organisation word ending in 社)
    found = _found(JAPAN)
    assert {("立法院", "Organization"), ("自卫队", "Organization"), ("日本共同社", "Organization")} <= found
    assert ("德新社", "Organization") in _found("09_dw-eu-repowereu-russian-energy.txt")
    # 维权组织OVD-Info / 新闻网站Lenta.ru / 政治分析公司R.Politik / 独立民调机构列瓦达
    found = _found(PUTIN)
    for name in ("OVD-Info", "Lenta.ru", "R.Politik", "列瓦达"):
        assert (name, "Organization") in found


@needs_dev
def test_leaders_named_by_their_government():
    # 与特朗普政府主政时 / 重复希特勒政权的可怕罪行: the person whose government it is
    assert ("特朗普", "Person") in _found(KOREA)
    assert ("希特勒", "Person") in _found(PUTIN)


@needs_dev
def test_places_by_kind_and_transliterated_names():
    found = _found(JAPAN)
    # 夺下钓鱼台列屿 (a name tagged as a place, then islands); 在第一岛链上
    assert {("钓鱼台列屿", "Place"), ("第一岛链", "Place")} <= found
    found = _found(PUTIN)
    # 边境城镇别尔哥罗德 and 大使谢尔盖·安德烈耶夫: 别, 哥 and 烈 are transliteration characters
    assert ("别尔哥罗德", "Place") in found
    assert "谢尔盖·安德烈耶夫" in {m.text for m in _mentions(PUTIN)}
    assert ("安德", "Person") not in found
