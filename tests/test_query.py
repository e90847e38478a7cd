"""kg.query / kg.loading / `kg query`: presets with their exact rows on the hand-made
two-article graph (tests/conftest.py), formats, refusals, parameters and the time limit."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError, QueryError
from kg.loading import load_graph
from kg.query import (
    display_width,
    format_result,
    get_preset,
    list_presets,
    run_preset,
    run_query,
)

ALL_PRESETS = [
    "actors",
    "articles",
    "condemnations",
    "demands",
    "deployments",
    "entities",
    "events",
    "interactions",
    "sanctions",
    "sources",
    "timeline",
    "who",
]
WD = "http://www.wikidata.org/entity/"
RFI_URL = (
    "https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-%E5%8C%97%E7%BA%A6%E9%A2%86%E5%AF%BC"
    "%E4%BA%BA%E8%81%94%E5%90%88%E5%A3%B0%E6%98%8E"
)
CNA_URL = "https://www.cna.com.tw/news/aopl/202205150232.aspx"


def rows(result, iris: dict, cut: dict | None = None) -> list[tuple]:
    """Result rows as tuples of str/None; IRIs of the fixture become their short names;
    columns named in ``cut`` are cut to that many characters (long sentences)."""
    names = {v: k for k, v in iris.items()}
    cut = cut or {}
    out = []
    for row in result:
        cells = []
        for var, term in zip(result.vars, row):
            if term is None:
                cells.append(None)
                continue
            s = names.get(term, str(term))
            cells.append(s[: cut[str(var)]] if str(var) in cut else s)
        out.append(tuple(cells))
    return out


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


# ----------------------------------------------------------------------------- presets


def test_presets_are_listed_with_descriptions():
    presets = list_presets()
    assert list(presets) == ALL_PRESETS
    assert presets["who"].startswith("everything one actor did")
    assert all(d for d in presets.values())
    assert get_preset("who").params == (
        ("actor", True, "an entity's name (rdfs:label or skos:altLabel, any script) or IRI"),
    )


def test_preset_events(small_graph, small_iris):
    r = run_preset(small_graph, "events")
    assert [str(v) for v in r.vars] == [
        "event", "class", "trigger", "agents", "targets", "locations", "date", "modality",
        "sentence",
    ]  # fmt: skip
    assert rows(r, small_iris, {"sentence": 8}) == [
        ("invasion", "Attack", "入侵", "俄罗斯", "乌克兰", None, None, None, "在俄罗斯全面入侵"),
        ("summit", "Meeting", "峰会", "北约", None, "布鲁塞尔", "2022-03-24", None, "在俄罗斯全面入侵"),
        ("condemn", "Condemnation", "谴责", "北约", "俄罗斯", None, None, None, "声明表示：“我们"),
        ("demand-belarus", "Demand", "呼吁", "北约", "白俄罗斯", None, None, None, "我们呼吁普京总统"),
        ("demand-putin", "Demand", "呼吁", "北约", "普京", None, None, None, "我们呼吁普京总统"),
        ("resolution", "Statement", "通过", "联合国大会", None, None, "2022-03-02", None, "我们呼吁普京总统"),
        ("support", "Support", "支持", "北约", "乌克兰", None, "2014", None, "自2014年以来"),
        ("aid", "Aid", "人道主义支持", "北约", None, None, None, None, "北约盟国还提供广"),
        ("ministers", "Meeting", "会议", "北约", None, None, "2022-04", "planned", "外长们将在4月的"),
        ("accountable", "Condemnation", "追究", "北约", "俄罗斯、白俄罗斯", None, None, None, "我们正在追究俄罗"),
        ("sanction-rfi", "Sanction", "制裁", "北约", "俄罗斯", None, None, None, "为了结束这场战争"),
        ("flank", "Deployment", "部署", "北约", None, "东翼", None, None, "声明指出：“为了"),
        ("term", "Personnel", "延长任期", None, "斯托尔滕贝格", None, None, "planned", "值得一提的是，由"),
        ("battlegroups", "Deployment", "部署", "北约", None, "保加利亚、匈牙利、斯洛伐克、罗马尼亚", None, "planned", "他们还批准了四个"),
        ("beijing", "Demand", "应该", "斯托尔滕贝格", "中国", None, None, None, "斯托尔滕贝格指出"),
        ("pulli-says", "Statement", "表示", "普里", None, None, "2022-05", None, "普里上週受訪時表"),
        ("sanction-cna", "Sanction", "制裁", "瑞士", "俄罗斯", None, None, None, "烏克蘭戰爭重燃了"),
        ("threat", "Threat", "招致後果", "俄罗斯", "瑞士", None, None, None, "莫斯科當局「不能"),
    ]  # fmt: skip


def test_preset_demands(small_graph, small_iris):
    r = run_preset(small_graph, "demands")
    assert [str(v) for v in r.vars] == [
        "agents", "targets", "content", "trigger", "date", "sentence", "event",
    ]  # fmt: skip
    assert rows(r, small_iris, {"sentence": 6}) == [
        ("北约", "白俄罗斯", "结束其共谋行为", "呼吁", None, "我们呼吁普京", "demand-belarus"),
        ("北约", "普京", "立即停止这场战争，从乌克兰撤出军事力量", "呼吁", None, "我们呼吁普京", "demand-putin"),
        ("斯托尔滕贝格", "中国", "利用其对俄罗斯的重要影响，并促进立即和平解决", "应该", None, "斯托尔滕贝格", "beijing"),
    ]  # fmt: skip


def test_preset_deployments(small_graph, small_iris):
    r = run_preset(small_graph, "deployments")
    assert [str(v) for v in r.vars] == [
        "agents", "quantity", "unit", "locations", "modality", "date", "trigger", "event",
    ]  # fmt: skip
    assert rows(r, small_iris) == [
        ("北约", "40000", "名部队", "东翼", None, None, "部署", "flank"),
        ("北约", "4", "个多国战斗群", "保加利亚、匈牙利、斯洛伐克、罗马尼亚", "planned", None, "部署", "battlegroups"),
    ]  # fmt: skip
    # the quantity keeps its type: a program reading the result gets an integer
    assert [row.quantity.toPython() for row in r] == [40000, 4]


def test_preset_actors(small_graph, small_iris):
    r = run_preset(small_graph, "actors")
    assert rows(r, small_iris) == [
        ("北约", "Organization", "11", "0", WD + "Q7184", "nato"),
        ("俄罗斯", "Country", "2", "4", WD + "Q159", "russia"),
        ("斯托尔滕贝格", "Person", "1", "1", None, "stoltenberg"),
        ("瑞士", "Country", "1", "1", WD + "Q39", "switzerland"),
        ("乌克兰", "Country", "0", "2", WD + "Q212", "ukraine"),
        ("白俄罗斯", "Country", "0", "2", WD + "Q184", "belarus"),
        ("普里", "Person", "1", "0", None, "pulli"),
        ("联合国大会", "Organization", "1", "0", WD + "Q47423", "unga"),
        ("中国", "Country", "0", "1", WD + "Q148", "china"),
        ("普京", "Person", "0", "1", WD + "Q7747", "putin"),
    ]


def test_preset_timeline_orders_year_month_and_day_dates(small_graph, small_iris):
    r = run_preset(small_graph, "timeline")
    assert rows(r, small_iris) == [
        ("2014", "自2014年以来", "Support", "北约", "支持", "乌克兰", None, "support"),
        ("2022-03-02", "2022年3月2日", "Statement", "联合国大会", "通过", None, None, "resolution"),
        ("2022-03-24", "3月24日", "Meeting", "北约", "峰会", None, None, "summit"),
        ("2022-04", "4月", "Meeting", "北约", "会议", None, "planned", "ministers"),
        ("2022-05", "上週", "Statement", "普里", "表示", None, None, "pulli-says"),
    ]


def test_preset_sources(small_graph, small_iris):
    r = run_preset(small_graph, "sources")
    got = rows(r, small_iris, {"sentence": 6, "headline": 6})
    assert len(got) == 18
    assert got[0] == (
        "Attack", "入侵", "在俄罗斯全面", "北约领导人联", "2022-03-24T20:59:00+00:00", RFI_URL,
        "invasion",
    )  # fmt: skip
    assert got[-3:] == [
        ("Statement", "表示", "普里上週受訪", "回應俄羅斯侵", "2022-05-15T15:04:02+00:00", CNA_URL, "pulli-says"),
        ("Sanction", "制裁", "烏克蘭戰爭重", "回應俄羅斯侵", "2022-05-15T15:04:02+00:00", CNA_URL, "sanction-cna"),
        ("Threat", "招致後果", "莫斯科當局「", "回應俄羅斯侵", "2022-05-15T15:04:02+00:00", CNA_URL, "threat"),
    ]  # fmt: skip
    # the Traditional article's sentences keep their @zh-Hant tag
    assert r.bindings[-1]["sentence"].language == "zh-Hant"


def test_preset_condemnations_sanctions_interactions(small_graph, small_iris):
    r = run_preset(small_graph, "condemnations")
    assert rows(r, small_iris, {"sentence": 4}) == [
        ("北约", "俄罗斯", "俄罗斯对乌克兰的入侵", "谴责", None, "声明表示", "condemn"),
        ("北约", "俄罗斯、白俄罗斯", "追究俄罗斯和白俄罗斯的责任", "追究", None, "我们正在", "accountable"),
    ]  # fmt: skip
    r = run_preset(small_graph, "sanctions")
    assert rows(r, small_iris, {"sentence": 4}) == [
        ("北约", "俄罗斯", None, None, None, "为了结束", "sanction-rfi"),
        ("瑞士", "俄罗斯", None, None, None, "烏克蘭戰", "sanction-cna"),
    ]
    r = run_preset(small_graph, "interactions")
    assert rows(r, small_iris) == [
        ("北约", "俄罗斯", "Condemnation", "2"),
        ("俄罗斯", "乌克兰", "Attack", "1"),
        ("俄罗斯", "瑞士", "Threat", "1"),
        ("北约", "乌克兰", "Support", "1"),
        ("北约", "俄罗斯", "Sanction", "1"),
        ("北约", "普京", "Demand", "1"),
        ("北约", "白俄罗斯", "Condemnation", "1"),
        ("北约", "白俄罗斯", "Demand", "1"),
        ("斯托尔滕贝格", "中国", "Demand", "1"),
        ("瑞士", "俄罗斯", "Sanction", "1"),
    ]


def test_preset_entities_and_articles(small_graph, small_iris):
    r = run_preset(small_graph, "entities")
    got = rows(r, small_iris)
    assert len(got) == 17
    assert got[:2] == [
        ("乌克兰", "Ukraine", "Country", WD + "Q212", "2", "ukraine"),
        ("俄罗斯", "Russia", "Country", WD + "Q159", "2", "russia"),
    ]
    assert ("北约", "NATO", "Organization", WD + "Q7184", "2", "nato") in got
    assert got[-2:] == [
        ("东翼", None, "Place", None, "1", "eastern-flank"),
        ("布鲁塞尔", "Brussels", "Place", WD + "Q239", "1", "brussels"),
    ]
    r = run_preset(small_graph, "articles")
    assert rows(r, small_iris, {"headline": 5}) == [
        ("2022-03-24T20:59:00+00:00", "RFI", "北约领导人", "12", "15", RFI_URL),
        ("2022-05-15T15:04:02+00:00", "中央社", "回應俄羅斯", "4", "3", CNA_URL),
    ]


WHO_NATO = [
    ("agent", "Meeting", "峰会", "summit"),
    ("agent", "Condemnation", "谴责", "condemn"),
    ("agent", "Demand", "呼吁", "demand-belarus"),
    ("agent", "Demand", "呼吁", "demand-putin"),
    ("agent", "Support", "支持", "support"),
    ("agent", "Aid", "人道主义支持", "aid"),
    ("agent", "Meeting", "会议", "ministers"),
    ("agent", "Condemnation", "追究", "accountable"),
    ("agent", "Sanction", "制裁", "sanction-rfi"),
    ("agent", "Deployment", "部署", "flank"),
    ("agent", "Deployment", "部署", "battlegroups"),
]


@pytest.mark.parametrize(
    "actor",
    [
        "北约",  # rdfs:label @zh
        "北大西洋公约组织",  # skos:altLabel @zh
        "北大西洋公約組織",  # skos:altLabel @zh-Hant
        "nato",  # rdfs:label @en, case-insensitive
        "kgr:entity/nato",  # prefixed IRI
        "https://w3id.org/newskg/resource/entity/nato",
        "<https://w3id.org/newskg/resource/entity/nato>",
    ],
)
def test_preset_who_resolves_labels_and_iris(small_graph, small_iris, actor):
    r = run_preset(small_graph, "who", params={"actor": actor})
    got = rows(r, small_iris)
    assert [(g[0], g[1], g[2], g[-1]) for g in got] == WHO_NATO
    assert got[10][3:8] == ("北约", None, "保加利亚、匈牙利、斯洛伐克、罗马尼亚", None, None)


def test_preset_who_roles_target_and_location(small_graph, small_iris):
    r = run_preset(small_graph, "who", params={"actor": "俄罗斯"})
    assert [(g[0], g[1], g[-1]) for g in rows(r, small_iris)] == [
        ("agent", "Attack", "invasion"),
        ("target", "Condemnation", "condemn"),
        ("target", "Condemnation", "accountable"),
        ("target", "Sanction", "sanction-rfi"),
        ("target", "Sanction", "sanction-cna"),
        ("agent", "Threat", "threat"),
    ]
    r = run_preset(small_graph, "who", params={"actor": "匈牙利"})
    assert [(g[0], g[1], g[-1]) for g in rows(r, small_iris)] == [
        ("location", "Deployment", "battlegroups")
    ]
    assert len(run_preset(small_graph, "who", params={"actor": "火星"})) == 0


def test_preset_who_needs_actor(small_graph):
    with pytest.raises(QueryError) as e:
        run_preset(small_graph, "who")
    assert str(e.value) == (
        "preset who: needs --param actor=VALUE (an entity's name (rdfs:label or skos:altLabel, "
        "any script) or IRI); e.g. kg query GRAPH --preset who --param actor=..."
    )


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_presets_do_not_depend_on_triple_order(name):
    from conftest import build_small_graph

    params = {"actor": "北约"} if name == "who" else None
    a = format_result(run_preset(build_small_graph(), name, params=params), "csv")
    b = format_result(run_preset(build_small_graph(order=7), name, params=params), "csv")
    assert a == b
    assert a.count("\r\n") > 1  # a header and at least one row


def test_unknown_preset_lists_known_ones():
    with pytest.raises(QueryError) as e:
        get_preset("nope")
    assert str(e.value) == "unknown preset 'nope'; known presets: " + ", ".join(ALL_PRESETS)


# ----------------------------------------------------------------------------- formats

TIMELINE_SELECT = """
SELECT ?date ?text ?agent WHERE {
  ?e kg:date ?date ; kg:dateText ?text ; kg:agent ?agent .
} ORDER BY STR(?date)
"""


def test_table_aligns_cjk_by_display_width_and_shows_labels(small_graph):
    out = format_result(run_query(small_graph, TIMELINE_SELECT), "table", graph=small_graph)
    lines = out.splitlines()
    assert lines[0] == "date        text          agent"
    assert lines[-1] == "(5 rows)"
    assert lines[2:7] == [
        "2014        自2014年以来  北约",
        "2022-03-02  2022年3月2日  联合国大会",
        "2022-03-24  3月24日       北约",
        "2022-04     4月           北约",
        "2022-05     上週          普里",
    ]
    # the third column starts at the same display column on every line
    col = lines[0].index("agent")
    for line, label in zip(lines[2:7], ["北约", "联合国大会", "北约", "北约", "普里"]):
        assert display_width(line[: line.index(label, 12)]) == col


def test_table_iris_flag_and_prefixed_names(small_graph):
    q = "SELECT ?e ?a WHERE { ?e a kg:Threat ; kg:agent ?a }"
    r = run_query(small_graph, q)
    out = format_result(r, "table", graph=small_graph)
    assert out.splitlines()[2] == "kgr:event/7d7609a7f95132e5  俄罗斯"
    out = format_result(r, "table", graph=small_graph, iris=True)
    assert out.splitlines()[2] == (
        "https://w3id.org/newskg/resource/event/7d7609a7f95132e5  "
        "https://w3id.org/newskg/resource/entity/russia"
    )


def test_table_cuts_long_cells():
    assert display_width("在俄罗斯全面入侵乌克兰") == 22
    from kg.query import _truncate

    assert _truncate("在俄罗斯全面入侵乌克兰", 10) == "在俄罗斯…"
    assert display_width(_truncate("在俄罗斯全面入侵乌克兰", 10)) == 9


def test_csv_parses_back(small_graph):
    out = format_result(run_query(small_graph, TIMELINE_SELECT), "csv", graph=small_graph)
    parsed = list(csv.reader(io.StringIO(out, newline="")))
    assert parsed[0] == ["date", "text", "agent"]
    assert parsed[1] == ["2014", "自2014年以来", "https://w3id.org/newskg/resource/entity/nato"]
    assert len(parsed) == 6


def test_tsv(small_graph):
    out = format_result(run_query(small_graph, TIMELINE_SELECT), "tsv")
    assert out.splitlines()[:2] == [
        "date\ttext\tagent",
        "2014\t自2014年以来\thttps://w3id.org/newskg/resource/entity/nato",
    ]


def test_json_is_sparql_results_json(small_graph):
    q = "SELECT ?date ?text ?mod WHERE { ?e kg:date ?date ; kg:dateText ?text . "
    q += "OPTIONAL { ?e kg:modality ?mod } } ORDER BY STR(?date) LIMIT 4"
    doc = json.loads(format_result(run_query(small_graph, q), "json"))
    assert doc["head"] == {"vars": ["date", "text", "mod"]}
    b = doc["results"]["bindings"]
    assert b[0] == {
        "date": {
            "type": "literal",
            "value": "2014",
            "datatype": "http://www.w3.org/2001/XMLSchema#gYear",
        },
        "text": {"type": "literal", "value": "自2014年以来", "xml:lang": "zh"},
    }
    assert b[3]["mod"] == {"type": "literal", "value": "planned"}


def test_ask_true_false(small_graph):
    yes = run_query(small_graph, 'ASK { ?e kg:trigger "制裁"@zh }')
    no = run_query(small_graph, 'ASK { ?e kg:trigger "停火"@zh }')
    assert format_result(yes, "table") == "true\n"
    assert format_result(no, "table") == "false\n"
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}


def test_construct_ttl_parses_back(small_graph, small_iris):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kg.vocab import KG

    q = "CONSTRUCT { ?e kg:agent ?a } WHERE { ?e a kg:Sanction ; kg:agent ?a }"
    r = run_query(small_graph, q)
    back = Graph().parse(data=format_result(r, "ttl"), format="turtle")
    expected = Graph()
    expected.add((small_iris["sanction-rfi"], KG.agent, small_iris["nato"]))
    expected.add((small_iris["sanction-cna"], KG.agent, small_iris["switzerland"]))
    assert isomorphic(back, expected)
    nt = format_result(r, "nt")
    assert nt.splitlines() == sorted(nt.splitlines())
    assert isomorphic(Graph().parse(data=nt, format="nt"), expected)
    assert format_result(r, "table") == format_result(r, "ttl")


def test_format_mismatches_are_errors(small_graph):
    select = run_query(small_graph, "SELECT ?e WHERE { ?e a kg:Aid }")
    with pytest.raises(QueryError, match="a SELECT query returns rows, not a graph; use --format"):
        format_result(select, "ttl")
    construct = run_query(small_graph, "CONSTRUCT WHERE { ?e a kg:Aid }")
    with pytest.raises(QueryError, match="a CONSTRUCT query returns a graph, not rows; use"):
        format_result(construct, "csv")


# ----------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "sparql, message",
    [
        (
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            (
                "query: INSERT DATA refused: kg query is read-only; "
                "use SELECT, ASK, CONSTRUCT or DESCRIBE"
            ),
        ),
        (
            "DELETE WHERE { ?s ?p ?o }",
            (
                "query: DELETE WHERE refused: kg query is read-only; "
                "use SELECT, ASK, CONSTRUCT or DESCRIBE"
            ),
        ),
        (
            "LOAD <http://x>",
            "query: LOAD refused: kg query is read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE",
        ),
        (
            "CLEAR ALL",
            "query: CLEAR refused: kg query is read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE",
        ),
        (
            "DROP GRAPH <urn:g> ; CREATE GRAPH <urn:h>",
            (
                "query: DROP, CREATE refused: kg query is read-only; "
                "use SELECT, ASK, CONSTRUCT or DESCRIBE"
            ),
        ),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            (
                "query: SERVICE <http://example.org/sparql> refused: kg query runs offline on the "
                "loaded graph; remove the SERVICE clause"
            ),
        ),
        (
            "SELECT * WHERE { ?e a kg:Aid OPTIONAL { SERVICE SILENT <http://x/q> { ?e ?p ?o } } }",
            (
                "query: SERVICE <http://x/q> refused: kg query runs offline on the loaded graph; "
                "remove the SERVICE clause"
            ),
        ),
        (
            "SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }",
            (
                "query: FROM <http://example.org/g.ttl> refused: rdflib would fetch it; the query "
                "runs on the loaded graph, so drop FROM (use GRAPH <iri> { } for a named graph)"
            ),
        ),
    ],
)
def test_refused(small_graph, sparql, message):
    before = len(small_graph)
    with pytest.raises(QueryError) as e:
        run_query(small_graph, sparql)
    assert str(e.value) == message
    assert e.value.exit_code == 2
    assert len(small_graph) == before


def test_words_inside_string_literals_are_not_refused(small_graph):
    q = """SELECT ?e WHERE { ?e kg:trigger ?t .
             FILTER(?t != "INSERT DATA { <a:b> <a:c> <a:d> }" && ?t != "SERVICE <http://x>") }
           ORDER BY ?e LIMIT 2"""
    assert len(run_query(small_graph, q)) == 2
    q = 'SELECT ?e WHERE { ?e kg:content "CLEAR ALL"@zh }'
    assert len(run_query(small_graph, q)) == 0


def test_syntax_error_names_line_and_column(small_graph):
    with pytest.raises(QueryError) as e:
        run_query(small_graph, "SELECT ?x WHERE {\n  ?x kg:agent \n}")
    assert str(e.value) == (
        "query: syntax error at line 2, column 3: Expected SelectQuery, found '?'; fix the query"
    )
    with pytest.raises(QueryError) as e:
        run_query(small_graph, "SELECT ?x WHERE { ?x nope:agent ?y }")
    assert str(e.value) == "query: Unknown namespace prefix : nope; fix the query"


# ----------------------------------------------------------------------------- parameters


def test_params_bind_typed_values(small_graph, small_iris):
    q = "SELECT ?e WHERE { ?e kg:quantity ?n }"
    r = run_query(small_graph, q, params={"n": "40000"})
    assert rows(r, small_iris) == [("flank",)]
    q = "SELECT ?e WHERE { ?e kg:date ?d } ORDER BY ?e"
    assert rows(run_query(small_graph, q, params={"d": "2022-03-24"}), small_iris) == [("summit",)]
    assert rows(run_query(small_graph, q, params={"d": "2022-04"}), small_iris) == [("ministers",)]
    q = "SELECT ?e WHERE { ?e kg:target ?t } ORDER BY ?e"
    got = rows(run_query(small_graph, q, params={"t": "kgr:entity/switzerland"}), small_iris)
    assert got == [("threat",)]
    q = "SELECT ?e WHERE { ?e kg:modality ?m } ORDER BY ?e"
    assert len(run_query(small_graph, q, params={"m": "planned"})) == 3


def test_param_for_unknown_variable_is_an_error(small_graph):
    with pytest.raises(QueryError) as e:
        run_query(small_graph, "SELECT ?e WHERE { ?e a kg:Aid }", params={"actor": "北约"})
    assert str(e.value) == "query: the query has no variable ?actor; use one of ?e"


# ----------------------------------------------------------------------------- time limit


def test_timeout_stops_a_slow_query(small_graph):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 362^3 rows
    start = time.monotonic()
    with pytest.raises(QueryError) as e:
        run_query(small_graph, slow, timeout=0.2)
    assert time.monotonic() - start < 2
    assert str(e.value) == "query: query ran longer than 0.2 s; narrow it or raise --timeout"
    assert e.value.exit_code == 2
    # the worker thread is told to stop and does so soon after
    deadline = time.monotonic() + 5
    while any(t.name == "kg-query" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the query thread kept running"
        time.sleep(0.05)


# ----------------------------------------------------------------------------- loading


def test_load_graph_formats_and_folder(tmp_path, small_graph):
    n = len(small_graph)
    for ext, fmt in [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml")]:
        path = tmp_path / f"g{ext}"
        small_graph.serialize(path, format=fmt, encoding="utf-8")
        assert len(load_graph(path)) == n
    trig = tmp_path / "g.trig"
    from rdflib import Dataset, URIRef

    ds = Dataset()
    named = ds.graph(URIRef("urn:x:g1"))
    for t in small_graph:
        named.add(t)
    ds.serialize(trig, format="trig", encoding="utf-8")
    loaded = load_graph(trig)
    # the Dataset's default graph is the union, so presets see the named graph's triples
    assert len(run_preset(loaded, "events")) == 18
    out = tmp_path / "build"
    out.mkdir()
    small_graph.serialize(out / "graph.ttl", format="turtle", encoding="utf-8")
    assert len(load_graph(out)) == n


def test_load_graph_errors(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/newskg/ontology#> .\nkg:a kg:b "x" ;\n kg:c .\n')
    with pytest.raises(InputError) as e:
        load_graph(bad)
    assert (
        str(e.value) == f"{bad}: turtle syntax error at line 3: objectList expected; fix the file"
    )
    bad_nt = tmp_path / "bad.nt"
    bad_nt.write_text('<urn:a> <urn:b> "ok" .\n# note\n<urn:a> <urn:b> "broken .\n')
    with pytest.raises(InputError) as e:
        load_graph(bad_nt)
    assert str(e.value) == (
        f"{bad_nt}: nt syntax error at line 3: not a valid statement; fix the file"
    )
    with pytest.raises(InputError) as e:
        load_graph(tmp_path / "missing.ttl")
    assert str(e.value) == f"{tmp_path / 'missing.ttl'}: no such file or folder; check the path"
    other = tmp_path / "g.csv"
    other.write_text("a,b\n")
    with pytest.raises(InputError) as e:
        load_graph(other)
    assert str(e.value) == (
        f"{other}: unknown graph file extension '.csv'; "
        "use one of .json .jsonld .n3 .nq .nt .rdf .trig .ttl .xml"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError) as e:
        load_graph(empty)
    assert str(e.value) == (
        f"{empty}: no graph.ttl in this folder; pass a graph file or the folder written by "
        "`kg build -o DIR`"
    )
    latin = tmp_path / "latin.ttl"
    latin.write_bytes('<urn:a> <urn:b> "北约" .'.encode("gb18030"))
    with pytest.raises(InputError, match=r"latin.ttl: not UTF-8 text \(byte \d+: "):
        load_graph(latin)


# ----------------------------------------------------------------------------- CLI


def test_cli_list_needs_no_graph():
    r = kg("query", "--list")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ALL_PRESETS
    assert lines[-1] == (
        "who            everything one actor did or had done to it "
        "(--param actor=北约, a label or an IRI)"
    )


def test_cli_preset_csv(small_graph_file):
    r = kg("query", str(small_graph_file), "--preset", "deployments", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    parsed = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert [row[:5] for row in parsed] == [
        ["agents", "quantity", "unit", "locations", "modality"],
        ["北约", "40000", "名部队", "东翼", ""],
        ["北约", "4", "个多国战斗群", "保加利亚、匈牙利、斯洛伐克、罗马尼亚", "planned"],
    ]


def test_cli_who_table(small_graph_file):
    r = kg("query", str(small_graph_file), "--preset", "who", "--param", "actor=瑞士")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == [
        "role", "class", "trigger", "agents", "targets", "locations", "content", "date",
        "sentence", "event",
    ]  # fmt: skip
    assert lines[2].split()[:5] == ["agent", "Sanction", "制裁", "瑞士", "俄罗斯"]
    assert lines[3].split()[:5] == ["target", "Threat", "招致後果", "俄罗斯", "瑞士"]
    assert lines[-1] == "(2 rows)"


def test_cli_sparql_from_argument_and_file(small_graph_file, tmp_path):
    q = 'SELECT ?l WHERE { ?e a kg:Person ; rdfs:label ?l FILTER(lang(?l) = "zh") } ORDER BY ?l'
    r = kg("query", str(small_graph_file), q, "--format", "tsv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "l\n斯托尔滕贝格\n普京\n普里\n"
    f = tmp_path / "q.rq"
    f.write_text(q, encoding="utf-8")
    r = kg("query", str(small_graph_file), "--file", str(f), "--format", "tsv")
    assert r.stdout == "l\n斯托尔滕贝格\n普京\n普里\n"


@pytest.mark.parametrize(
    "args, code, line",
    [
        (["--preset", "nope"], 2, "Error: unknown preset 'nope'; known presets: " + ", ".join(ALL_PRESETS)),
        (["SELECT ?x WHERE { ?x"], 2, "Error: query: syntax error at line 1, column 19: Expected SelectQuery, found '?'; fix the query"),
        (["CLEAR ALL"], 2, "Error: query: CLEAR refused: kg query is read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"),
        (["SELECT * { SERVICE <http://x> { ?s ?p ?o } }"], 2, "Error: query: SERVICE <http://x> refused: kg query runs offline on the loaded graph; remove the SERVICE clause"),
        (["--preset", "who"], 2, "Error: preset who: needs --param actor=VALUE (an entity's name (rdfs:label or skos:altLabel, any script) or IRI); e.g. kg query GRAPH --preset who --param actor=..."),
        (["--preset", "events", "SELECT * {}"], 2, "Error: give exactly one query: a SPARQL string, --file F or --preset NAME (kg query --list shows the presets)"),
        (["--preset", "who", "--param", "actor"], 2, "Error: --param 'actor': expected NAME=VALUE, e.g. --param actor=北约"),
        (["SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0.3"], 2, "Error: query: query ran longer than 0.3 s; narrow it or raise --timeout"),
    ],
)  # fmt: skip
def test_cli_errors(small_graph_file, args, code, line):
    r = kg("query", str(small_graph_file), *args)
    assert r.exit_code == code
    assert r.stderr.splitlines() == [line]
    assert r.stdout == ""


def test_cli_missing_graph_file(tmp_path):
    r = kg("query", str(tmp_path / "none.ttl"), "--preset", "events")
    assert r.exit_code == 1
    assert r.stderr == f"Error: {tmp_path / 'none.ttl'}: no such file or folder; check the path\n"
    r = kg("query")
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: missing GRAPH")


def test_commands_import_no_heavy_library():
    code = (
        "import sys, kg.cli, kg.commands.query, kg.commands.validate, kg.commands.stats\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'pyparsing', 'jieba') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_help_has_an_example():
    for name in ("query", "validate", "stats"):
        r = kg(name, "--help")
        assert r.exit_code == 0
        assert "Examples:" in r.stdout and f"kg {name} " in r.stdout


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_presets_on_an_empty_graph_return_no_rows(name):
    from rdflib import Graph

    params = {"actor": "北约"} if name == "who" else None
    assert len(run_preset(Graph(), name, params=params)) == 0


# ----------------------------------------------------------------------------- the seed's graph

@pytest.fixture(scope="module")
def seed_graph():
    """exports/: the committed build of seeds/ (a test elsewhere keeps it current)."""
    from pathlib import Path

    return load_graph(Path(__file__).resolve().parents[1] / "exports")


def _csv_rows(result) -> list[list[str]]:
    return list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))


def test_seed_presets_pin_rows_read_from_the_text(seed_graph):
    """Rows the seed's text states: its headline and publication (2022-03-24 20:15:01 UTC =
    the wrapper's epoch 1648152901000), "在我们的东翼部署了40000名部队", NATO and its item."""
    headline = "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力"
    rows = _csv_rows(run_preset(seed_graph, "articles"))
    assert rows[0] == ["published", "publisher", "headline", "sentences", "events", "url"]
    assert len(rows) == 2 and rows[1][:3] == ["2022-03-24T20:15:01+00:00", "RFI", headline]
    assert rows[1][5].startswith("https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-")
    assert int(rows[1][3]) > 50 and int(rows[1][4]) > 50  # sentences, events

    rows = _csv_rows(run_preset(seed_graph, "deployments"))
    assert rows[1][:5] == ["北大西洋公约组织", "40000", "名部队", "东翼", ""]
    assert any(r[3] == "保加利亚、匈牙利、斯洛伐克、罗马尼亚" for r in rows[1:])

    rows = _csv_rows(run_preset(seed_graph, "entities"))
    assert ["北大西洋公约组织", "Organization", WD + "Q7184", "1"] in [
        [r[0], *r[2:5]] for r in rows]

    rows = _csv_rows(run_preset(seed_graph, "sources"))
    assert rows[0] == ["class", "trigger", "sentence", "headline", "published", "url", "event"]
    assert {r[3] for r in rows[1:]} == {headline}
    assert any("东翼部署了40000名部队" in r[2] and r[0] == "Deployment" for r in rows[1:])

    rows = _csv_rows(run_preset(seed_graph, "who", params={"actor": "北约"}))
    assert ["agent", "Deployment", "部署"] in [r[:3] for r in rows]
    rows = _csv_rows(run_preset(seed_graph, "events"))
    assert len(rows) - 1 == len(_csv_rows(run_preset(seed_graph, "sources"))) - 1 > 50


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_a_limit_keeps_the_first_rows_of_the_full_answer(seed_graph, name):
    params = {"actor": "北约"} if name == "who" else None
    full = run_preset(seed_graph, name, params=params)
    assert full.truncated is False
    n = len(full.bindings)
    assert n >= 1, name
    k = max(1, n // 2)  # the seed has one article: its articles preset has one row
    some = run_preset(seed_graph, name, params=params, limit=k)
    assert some.truncated is (k < n)
    assert _csv_rows(some) == _csv_rows(full)[: k + 1]
    whole = run_preset(seed_graph, name, params=params, limit=n)
    assert whole.truncated is False and _csv_rows(whole) == _csv_rows(full)


def test_listing_presets_choose_their_rows_before_the_details():
    # where kg query writes --limit: the engine then looks details up for those rows only
    for name in ("events", "sources", "articles", "timeline", "who", "demands"):
        text = get_preset(name).sparql
        assert text.count("# LIMIT\n") == 1, name
        assert "LIMIT 4" in get_preset(name).limited(3)
        assert get_preset(name).limited(0) == text == get_preset(name).limited(None)


def test_cli_limit_and_the_default_for_presets(small_graph_file):
    r = CliRunner().invoke(cli, ["query", str(small_graph_file), "--preset", "events",
                                 "--format", "csv", "--limit", "2"])
    assert r.exit_code == 0, r.stderr
    full = kg("query", str(small_graph_file), "--preset", "events", "--format", "csv")
    assert full.stderr == ""  # 18 rows: under the presets' default of 1000
    assert r.stdout.splitlines() == full.stdout.splitlines()[:3]
    assert r.stderr == ("note: the first 2 rows are shown and more match; --limit 0 prints "
                        "all of them\n")
    r = kg("query", str(small_graph_file), "SELECT ?s WHERE { ?s a kg:Country } ORDER BY ?s",
           "--limit", "1", "--iris")
    assert r.stdout.splitlines()[-1] == "(1 row)" and "first 1 rows" in r.stderr


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_memory_variants_give_the_store_presets_rows(seed_graph, small_graph, name):
    """kg/queries/memory/ holds rdflib-friendly forms of some presets; a user must get the
    same rows whichever engine answers."""
    params = {"actor": "北约"} if name == "who" else None
    for graph in (seed_graph, small_graph):
        a = run_query(graph, get_preset(name, engine="memory").sparql, params=params)
        b = run_query(graph, get_preset(name).sparql, params=params)
        assert format_result(a, "csv") == format_result(b, "csv")


def test_cli_copies_of_query_constants_match():
    """kg/commands/query.py repeats two constants of kg.query so that --help stays light."""
    from kg import query as q
    from kg.commands import query as cmd

    assert cmd.PRESET_LIMIT == q.DEFAULT_PRESET_LIMIT
    assert set(cmd.FORMATS) == set(q.FORMATS)
