"""The gazetteer: canonical entities, their names, abbreviations, metonyms, jieba user dict.

QIDs are never typed here: every expected QID is read from the reference CSV row with the
given English name, so a test fails if the gazetteer links an entity to anything else.
"""

from __future__ import annotations

import csv
import logging
import re
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.gazetteer import DATA_DIR, Gazetteer, default, slug
from kg.normalize import to_simplified

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
TABLES = ("countries.csv", "organizations.csv", "cities.csv", "persons.csv")

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared/ not found at {SHARED} (it sits beside the repo)"
)


def table_rows(table: str) -> list[dict[str, str]]:
    with (DATA_DIR / table).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def table_qid(table: str, name_en: str) -> str | None:
    rows = [r for r in table_rows(table) if r["name_en"] == name_en]
    assert len(rows) == 1, f"{table}: expected one row for {name_en!r}, found {len(rows)}"
    return rows[0]["qid"] or None


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


# (name as written, class, table, English name of the table row = the entity's label_en)
ACCEPTANCE = [
    ("俄罗斯", "Country", "countries.csv", "Russia"),
    ("乌克兰", "Country", "countries.csv", "Ukraine"),
    ("白俄罗斯", "Country", "countries.csv", "Belarus"),
    ("中国", "Country", "countries.csv", "China"),
    ("中华人民共和国", "Country", "countries.csv", "China"),
    ("保加利亚", "Country", "countries.csv", "Bulgaria"),
    ("匈牙利", "Country", "countries.csv", "Hungary"),
    ("罗马尼亚", "Country", "countries.csv", "Romania"),
    ("斯洛伐克", "Country", "countries.csv", "Slovakia"),
    ("比利时", "Country", "countries.csv", "Belgium"),
    ("美国", "Country", "countries.csv", "United States"),
    ("北约", "Organization", "organizations.csv", "North Atlantic Treaty Organisation"),
    ("北大西洋公约组织", "Organization", "organizations.csv", "North Atlantic Treaty Organisation"),
    ("欧盟", "Organization", "organizations.csv", "European Union"),
    ("联合国", "Organization", "organizations.csv", "United Nations"),
    ("联合国大会", "Organization", "organizations.csv", "United Nations General Assembly"),
    ("联合国国际法院", "Organization", "organizations.csv", "International Court of Justice"),
    ("布鲁塞尔", "Place", "cities.csv", "Brussels"),
    ("马德里", "Place", "cities.csv", "Madrid"),
    ("马里乌波尔", "Place", "cities.csv", "Mariupol"),
    ("普京", "Person", "persons.csv", "Vladimir Putin"),
    ("泽连斯基", "Person", "persons.csv", "Volodymyr Zelenskyy"),
    ("拜登", "Person", "persons.csv", "Joe Biden"),
    ("斯托尔滕贝格", "Person", "persons.csv", "Jens Stoltenberg"),
]


@pytest.mark.parametrize(("name", "cls", "table", "name_en"), ACCEPTANCE)
def test_acceptance_entities(gaz: Gazetteer, name: str, cls: str, table: str, name_en: str):
    entity = gaz.lookup(name)
    assert entity is not None, name
    assert entity.cls == cls
    assert entity.label_en == name_en
    assert entity.qid == table_qid(table, name_en)


def test_keys_named_in_the_brief(gaz: Gazetteer):
    assert gaz.lookup("俄罗斯").key == "russia"
    assert gaz.lookup("北约").key == "nato"
    assert gaz.lookup("联合国大会").key == "united-nations-general-assembly"
    assert gaz.lookup("普京").key == "vladimir-putin"
    assert gaz.lookup("布鲁塞尔").key == "brussels"


def test_qids_that_must_be_absent(gaz: Gazetteer):
    # the tables give Stoltenberg and Mariupol no QID; G7's and UNHCR's are in conflict
    assert gaz.lookup("斯托尔滕贝格").qid is None
    assert gaz.lookup("马里乌波尔").qid is None
    assert gaz.lookup("七国集团").qid is None
    assert gaz.lookup("联合国难民署").qid is None


def test_traditional_and_variant_names(gaz: Gazetteer):
    assert gaz.lookup("烏克蘭") is gaz.lookup("乌克兰")
    assert gaz.lookup("史托騰柏格") is gaz.lookup("斯托尔滕贝格")
    assert gaz.lookup("蕭茲").label_en == "Olaf Scholz"
    assert gaz.lookup("馬克宏").label_en == "Emmanuel Macron"
    assert gaz.lookup("蒲亭").key == "vladimir-putin"
    assert gaz.lookup("澤倫斯基").key == "volodymyr-zelenskyy"
    assert gaz.lookup("澳洲").key == "australia"
    assert gaz.lookup("紐西蘭").key == "new-zealand"
    assert gaz.lookup("義大利").key == "italy"
    assert gaz.lookup("北韓").key == "north-korea"
    assert gaz.lookup("南韓").key == "south-korea"
    assert gaz.lookup("俄國").key == "russia"
    assert gaz.lookup(" 中方 ").key == "china"
    # the original Traditional form is kept as an alias (for @zh-Hant altLabels)
    assert "史托騰柏格" in gaz.lookup("斯托尔滕贝格").aliases
    assert "史托腾柏格" in gaz.lookup("斯托尔滕贝格").aliases


def test_names_that_are_not_names(gaz: Gazetteer):
    for name in ("中", "美", "国际", "联合", "外交部", "国务院", "刚果", "中非", "欧洲委员会", ""):
        assert gaz.lookup(name) is None, name
    excluded = {name for name, _key, _why in gaz.excluded}
    assert {"刚果", "中非", "欧洲委员会"} <= excluded
    # 中共 is the party, not the state
    assert gaz.lookup("中共").key == "chinese-communist-party"
    assert gaz.lookup("中共") is not gaz.lookup("中国")


def test_classes_of_states_and_territories(gaz: Gazetteer):
    for name in ("台湾", "巴勒斯坦", "科索沃", "梵蒂冈"):
        assert gaz.lookup(name).cls == "Country", name
    hong_kong = gaz.lookup("香港")
    assert (hong_kong.cls, hong_kong.country) == ("Place", "china")
    assert gaz.lookup("格陵兰").country == "denmark"
    assert gaz.lookup("布鲁塞尔").country == "belgium"
    assert gaz.lookup("马里乌波尔").country == "ukraine"
    # a capital sharing its country's Chinese name loses the name to the country
    assert gaz.lookup("新加坡").cls == "Country"


def test_member_of_only_from_the_data(gaz: Gazetteer):
    # OWID's "European Union (27)" region is the only membership list in the sources
    assert gaz.entity("germany").member_of == ("european-union",)
    assert gaz.entity("hungary").member_of == ("european-union",)
    assert gaz.entity("switzerland").member_of == ()
    assert gaz.entity("united-states").member_of == ()
    members = [e for e in gaz.entities() if e.member_of]
    assert len(members) == 27


def test_keys_unique_ascii_and_sorted(gaz: Gazetteer):
    keys = [e.key for e in gaz.entities()]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    for key in keys:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key
        assert gaz.entity(key).key == key
    assert slug("Washington D.C.") == "washington-dc"
    assert slug("Côte d'Ivoire") == "cote-divoire"


def test_every_name_leads_to_exactly_one_entity(gaz: Gazetteer):
    names = gaz.names()
    owner: dict[str, str] = {}
    for entity in gaz.entities():
        assert entity.cls in ("Country", "Organization", "Person", "Place")
        assert entity.label_zh
        for alias in entity.aliases:
            key = to_simplified(alias) if not alias.isascii() else alias
            assert names[key] is entity, (alias, entity.key)
            assert owner.setdefault(key, entity.key) == entity.key
    for name, entity in names.items():
        assert gaz.lookup(name) is entity
    # a label can only be missing from names() because another entity won it
    lost = {c.name for c in gaz.clashes}
    for entity in gaz.entities():
        if names.get(to_simplified(entity.label_zh)) is not entity:
            assert entity.label_zh in lost or entity.label_zh in {n for n, *_ in gaz.excluded}


def test_clashes_are_resolved_deterministically(gaz: Gazetteer):
    clashes = {c.name: c for c in gaz.clashes}
    assert clashes["新加坡"].winner == "singapore"
    assert set(clashes["新加坡"].claimants) == {"singapore", "singapore-city"}
    # an alias claimed by two entities and label of neither is dropped for both
    assert clashes["多米尼加"].winner is None
    assert gaz.lookup("多米尼加") is None
    again = Gazetteer.load()
    assert [(c.name, c.winner) for c in again.clashes] == [(c.name, c.winner) for c in gaz.clashes]
    assert [e.key for e in again.entities()] == [e.key for e in gaz.entities()]


def test_every_qid_comes_from_the_reference_tables(gaz: Gazetteer):
    by_qid: dict[str, set[str]] = {}
    for table in TABLES:
        for row in table_rows(table):
            if row["qid"]:
                by_qid.setdefault(row["qid"], set()).add(row["name_en"])
    linked = [e for e in gaz.entities() if e.qid]
    assert len(linked) > 400
    for entity in linked:
        # the QID is a table's QID, and it is that row's QID (same English name)
        assert entity.label_en in by_qid.get(entity.qid, set()), (entity.key, entity.qid)


def test_extra_rows_are_sourced_and_carry_no_qid_of_their_own():
    with (DATA_DIR / "extra.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["note"].strip(), row
        assert not row["qid"], row  # extras fill names; QIDs stay the tables'


def test_a_typed_qid_in_extra_csv_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "extra.csv").open("a", encoding="utf-8") as fh:
        fh.write("entity,jens-stoltenberg-2,Person,延斯,Jens Stoltenberg,,Q57286,,,memory,typed\n")
    with pytest.raises(InputError, match="Q57286 is not a reference-table QID"):
        Gazetteer.load(data)


def test_unknown_key_in_extra_csv_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "extra.csv").open("a", encoding="utf-8") as fh:
        fh.write("alias,no-such-entity,,某地,,,,,,test,typo\n")
    with pytest.raises(InputError, match="no entity with key 'no-such-entity'"):
        Gazetteer.load(data)


def test_abbreviations_and_compounds(gaz: Gazetteer):
    assert gaz.abbreviation("俄").key == "russia"
    assert gaz.abbreviation("烏").key == "ukraine"
    assert gaz.abbreviation("韩").key == "south-korea"
    assert gaz.abbreviation("朝").key == "north-korea"
    for unsafe in ("欧", "港", "以", "巴", "西", "加", "俄乌", ""):
        assert gaz.abbreviation(unsafe) is None, unsafe
    assert [e.key for e in gaz.compound("俄乌")] == ["russia", "ukraine"]
    assert [e.key for e in gaz.compound("美日印澳")] == [
        "united-states",
        "japan",
        "india",
        "australia",
    ]
    assert [e.key for e in gaz.compound("美韩")] == ["united-states", "south-korea"]
    # words made of abbreviation characters that mean something else
    for word in ("美德", "朝日", "台中", "日日", "欧美", "港澳", "中西", "巴西", "日以", "美"):
        assert gaz.compound(word) is None, word
    # Traditional forms and surrounding spaces reach the same answer (the quick character
    # check in front of the lookup must let them through)
    assert [e.key for e in gaz.compound("俄烏")] == ["russia", "ukraine"]
    assert [e.key for e in gaz.compound("美韓")] == ["united-states", "south-korea"]
    assert [e.key for e in gaz.compound(" 中美\u3000")] == ["china", "united-states"]
    for word in ("俄乌关系", "中美的", "美国"):
        assert gaz.compound(word) is None, word
    # the quick test callers use: a word with a character outside it is no compound
    chars = gaz.compound_chars()
    assert {"俄", "乌", "烏", "美", "韩", "韓", " "} <= chars
    assert "的" not in chars and "国" not in chars


def test_metonyms(gaz: Gazetteer):
    def metonym(name: str) -> str | None:
        target = gaz.metonym_of(gaz.lookup(name).key)
        return target.key if target else None

    assert metonym("克里姆林宫") == "russia"
    assert metonym("白宫") == "united-states"
    assert metonym("五角大楼") == "united-states"
    assert metonym("华盛顿") == "united-states"
    assert metonym("华府") == "united-states"
    assert metonym("莫斯科") == "russia"
    assert metonym("基辅") == "ukraine"
    assert metonym("北京") == "china"
    assert metonym("布鲁塞尔") is None  # as an actor it is the EU, not Belgium
    assert metonym("马里乌波尔") is None  # not a capital
    assert metonym("俄罗斯") is None


def test_default_is_cached():
    assert default() is default()


def test_counts_per_class(gaz: Gazetteer):
    counts: dict[str, int] = {}
    for entity in gaz.entities():
        counts[entity.cls] = counts.get(entity.cls, 0) + 1
    # 193 UN members + Taiwan, Palestine, Kosovo, Holy See + the Soviet Union (extra.csv)
    assert counts["Country"] == 198
    assert counts["Organization"] >= 50
    assert counts["Person"] >= 8
    assert counts["Place"] >= 190


# -- jieba user dictionary -------------------------------------------------------------


@pytest.fixture(scope="module")
def tokenizer(gaz: Gazetteer, tmp_path_factory: pytest.TempPathFactory):
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    path = tmp_path_factory.mktemp("jieba") / "userdict.txt"
    path.write_text("\n".join(gaz.userdict_lines()) + "\n", encoding="utf-8")
    tk = jieba.Tokenizer()
    tk.load_userdict(str(path))
    return tk


def seed_text() -> str:
    raw = SEED.read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "\n", raw.split("------", 1)[1])


def test_userdict_lines_format(gaz: Gazetteer):
    lines = gaz.userdict_lines()
    assert len(lines) > 500
    for line in lines:
        name, freq, tag = line.split(" ")
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,}", name), line
        assert int(freq) >= 2000 and tag in ("nr", "ns", "nt"), line
        assert gaz.lookup(name) is not None
    words = {line.split(" ")[0]: line.split(" ")[2] for line in lines}
    assert words["斯托尔滕贝格"] == "nr"
    assert words["马里乌波尔"] == "ns"
    assert words["北约"] == "nt"
    # compounds of a country name and an institution stay out (中国外交部长 must stay whole)
    assert "中国外交部" not in words
    assert "日本国" not in words


def test_userdict_keeps_seed_names_whole(tokenizer):
    tokens = set(tokenizer.lcut(seed_text()))
    for name in (
        "斯托尔滕贝格",
        "泽连斯基",
        "马里乌波尔",
        "北约",
        "联合国大会",
        "联合国国际法院",
        "布鲁塞尔",
    ):
        assert name in tokens, name


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("美国总统", ["美国", "总统"]),
        ("中国官员", ["中国", "官员"]),
        ("北约秘书长斯托尔滕贝格", ["北约", "秘书长", "斯托尔滕贝格"]),
        ("中国外交部长王毅", ["中国", "外交部长", "王毅"]),
        ("日本国内", ["日本", "国内"]),
        ("欧美方面", ["欧美", "方面"]),
        ("发展中国家", ["发展中国家"]),
    ],
)
def test_userdict_leaves_common_words_alone(tokenizer, text: str, tokens: list[str]):
    assert tokenizer.lcut(text) == tokens


@needs_shared
def test_traditional_article_names_found_after_normalisation(gaz: Gazetteer, tokenizer):
    # corpus/dev/06 (CNA, Traditional): 德國總理蕭茲 ... 法國總統馬克宏（Emmanuel Macron）.
    # 德国 is not expected as a token: jieba's own dictionary has 德国总理 as one word.
    raw = (DEV / "06_cna-scholz-no-fast-track-ukraine-eu.txt").read_text(encoding="utf-8")
    found = {gaz.lookup(t).key for t in tokenizer.lcut(to_simplified(raw)) if gaz.lookup(t)}
    assert {
        "olaf-scholz",
        "emmanuel-macron",
        "ukraine",
        "european-union",
        "france",
        "montenegro",
        "bosnia-and-herzegovina",
        "reuters",
    } <= found


@needs_shared
def test_packaged_tables_are_the_reference_tables():
    for table in TABLES:
        assert (DATA_DIR / table).read_bytes() == (SHARED / "data" / table).read_bytes(), table
    for src in sorted((SHARED / "data" / "sources").rglob("*")):
        if src.is_file():
            rel = src.relative_to(SHARED / "data")
            assert (DATA_DIR / rel).read_bytes() == src.read_bytes(), rel
