"""kg eval: hand-made graphs in the builder's shape (common brief, graph contract) scored against
gold YAML written in tmp_path, with the exact TP/FP/FN each case must give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from kg.cli import cli
from kg.errors import InputError
from kg.eval import evaluate, format_report, load_gold

KG = Namespace("https://w3id.org/newskg/ontology#")
KGR = Namespace("https://w3id.org/newskg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
GOLD_DIR = Path(__file__).resolve().parent / "gold"

# Sentences verbatim from the seed (RFI, Simplified) and dev article 10 (CNA, Traditional).
RFI_URL = "https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-nato"
CNA_URL = "https://www.cna.com.tw/news/aopl/202205150232.aspx"
OTHER_URL = "https://example.org/no-gold"
ARTICLES = {
    "rfi": (RFI_URL, "zh", [
        "北约30国领导人在会后发表了联合声明。",
        "声明表示：“我们以最强烈的措辞谴责俄罗斯对乌克兰的入侵。",
        "俄罗斯应遵守联合国国际法院3月16日的裁决，立即暂停军事行动。",
        "声明指出：“为了应对俄罗斯的行动，我们在我们的东翼部署了40000名部队。",
        "我们还谴责俄罗斯对乌克兰的入侵，以及对民用基础设施的攻击。",
    ]),
    "cna": (CNA_URL, "zh-Hant", [
        "阿姆赫德（Viola Amherd）本週訪問華府期間表示，瑞士應和北約密切合作。",
        "俄羅斯入侵烏克蘭後，瑞士民眾支持加入北約的比例上升。",
    ]),
    "other": (OTHER_URL, "zh", ["俄罗斯入侵乌克兰。"]),
}
# key: (class, zh label, en label, altLabels, qid)
ENTITIES = {
    "nato": ("Organization", "北大西洋公约组织", "NATO", ["北约", "北約"], "Q7184"),
    "russia": ("Country", "俄罗斯", "Russia", ["俄羅斯", "俄国"], "Q159"),
    "ukraine": ("Country", "乌克兰", "Ukraine", ["烏克蘭"], "Q212"),
    "switzerland": ("Country", "瑞士", "Switzerland", [], "Q39"),
    "amherd": ("Person", "阿姆赫德", "Viola Amherd", [], None),
    "brussels": ("Place", "布鲁塞尔", "Brussels", [], "Q239"),
}


def art_iri(name: str) -> URIRef:
    return KGR[f"article/{name}"]


def sent_iri(name: str, i: int) -> URIRef:
    return KGR[f"article/{name}/s{i}"]


def ent_iri(key: str) -> URIRef:
    return KGR[f"entity/{key}"]


def make_graph(events=(), *, mentioned=None, links=None) -> Graph:
    """Articles, sentences and entities as the builder writes them, plus ``events``.

    events: dicts with cls, sentences [(article, index)], agent/target/location [keys], date
    (value, datatype), quantity, modality. mentioned: entity key -> articles (default: all
    three). links: entity key -> QID overriding the table (None: no link).
    """
    g = Graph()
    for name, (url, lang, sentences) in ARTICLES.items():
        a = art_iri(name)
        g.add((a, RDF.type, KG.Article))
        g.add((a, ns.SDO.url, Literal(url, datatype=ns.XSD.anyURI)))
        offset = 0
        for i, text in enumerate(sentences):
            s = sent_iri(name, i)
            g.add((s, RDF.type, KG.Sentence))
            g.add((s, KG.text, Literal(text, lang=lang)))
            g.add((s, KG.start, Literal(offset)))
            g.add((s, KG.end, Literal(offset + len(text))))
            g.add((s, KG["index"], Literal(i)))
            g.add((s, KG.inArticle, a))
            offset += len(text)
    links = links or {}
    for key, (cls, zh, en, alts, qid) in ENTITIES.items():
        e = ent_iri(key)
        g.add((e, RDF.type, KG[cls]))
        g.add((e, RDFS.label, Literal(zh, lang="zh")))
        g.add((e, RDFS.label, Literal(en, lang="en")))
        for alt in alts:
            g.add((e, ns.SKOS.altLabel, Literal(alt, lang="zh")))
        qid = links.get(key, qid)
        if qid:
            g.add((e, ns.OWL.sameAs, WD[qid]))
        for name in (mentioned or {}).get(key, ARTICLES):
            g.add((e, KG.mentionedIn, art_iri(name)))
    for n, ev in enumerate(events):
        e = KGR[f"event/e{n}"]
        g.add((e, RDF.type, KG[ev["cls"]]))
        g.add((e, KG.trigger, Literal("t", lang="zh")))
        for art, i in ev["sentences"]:
            g.add((e, KG.sourceSentence, sent_iri(art, i)))
        for role in ("agent", "target", "location"):
            for key in ev.get(role, ()):
                g.add((e, KG[role], ent_iri(key)))
        if ev.get("date"):
            value, dt = ev["date"]
            g.add((e, KG.date, Literal(value, datatype=ns.XSD[dt])))
        if ev.get("quantity") is not None:
            g.add((e, KG.quantity, Literal(ev["quantity"], datatype=ns.XSD.integer)))
        if ev.get("modality"):
            g.add((e, KG.modality, Literal(ev["modality"])))
    return g


def gold_event(cls, evidence, agent=(), target=(), location=(), **extra) -> dict:
    d = {"class": cls, "agent": list(agent), "target": list(target),
         "location": list(location), "date": None, "quantity": None, "quantity_unit": None,
         "modality": None, "evidence": evidence}
    d.update(extra)
    return d


def write_gold(tmp_path: Path, name: str, url: str, events, entities=()) -> Path:
    p = tmp_path / f"{name}.yaml"
    data = {"article": f"corpus/dev/{name}.txt", "url": url, "published": "2022-03-24",
            "annotator": "test", "entities": list(entities), "events": list(events)}
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


CONDEMN = gold_event("Condemnation", "最强烈的措辞谴责俄罗斯", agent=["北约"], target=["俄罗斯"])
CONDEMN_EVENT = {"cls": "Condemnation", "sentences": [("rfi", 1)], "agent": ["nato"],
                 "target": ["russia"]}


def score(report, cls=None):
    s = report.total if cls is None else report.by_class[cls]
    return s.tp, s.fp, s.fn


def lenient(report):
    s = report.lenient
    return s.tp, s.fp, s.fn


# ----------------------------------------------------------------------------- event matching


def test_exact_match(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([CONDEMN_EVENT]), [gold])
    assert score(report) == (1, 0, 0)
    assert score(report, "Condemnation") == (1, 0, 0)
    assert report.total.precision == report.total.recall == report.total.f1 == 1.0


def test_wrong_class_is_a_false_positive_and_a_miss(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([{**CONDEMN_EVENT, "cls": "Statement"}]), [gold])
    assert score(report) == (0, 1, 1)
    assert score(report, "Statement") == (0, 1, 0)
    assert score(report, "Condemnation") == (0, 0, 1)
    assert lenient(report) == (0, 1, 1)  # a typing error is wrong in the lenient score too


def test_missing_agent_is_a_role_error(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([{**CONDEMN_EVENT, "agent": []}]), [gold])
    assert score(report) == (0, 1, 1)
    assert lenient(report) == (1, 0, 0)


def test_extra_target_is_a_role_error(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([{**CONDEMN_EVENT, "target": ["russia", "ukraine"]}]), [gold])
    assert score(report) == (0, 1, 1)
    assert lenient(report) == (1, 0, 0)


def test_event_in_another_sentence(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    # same class and roles, but from sentence 4 (which does not hold the evidence)
    report = evaluate(make_graph([{**CONDEMN_EVENT, "sentences": [("rfi", 4)]}]), [gold])
    assert score(report) == (0, 1, 1)
    assert lenient(report) == (0, 1, 1)


def test_traditional_evidence_and_names_against_simplified_labels(tmp_path):
    # evidence copied from the Traditional article; names in Simplified and Traditional
    events = [
        gold_event("Demand", "瑞士應和北約密切合作", agent=["瑞士"], target=[]),
        gold_event("Attack", "俄羅斯入侵烏克蘭後", agent=["俄罗斯"], target=["烏克蘭"]),
    ]
    gold = write_gold(tmp_path, "cna", CNA_URL, events)
    graph = make_graph([
        {"cls": "Demand", "sentences": [("cna", 0)], "agent": ["switzerland"]},
        {"cls": "Attack", "sentences": [("cna", 1)], "agent": ["russia"], "target": ["ukraine"]},
    ])
    report = evaluate(graph, [gold])
    assert score(report) == (2, 0, 0)
    assert report.articles[0].unlocated == []


def test_duplicated_extracted_events_match_one_to_one(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([CONDEMN_EVENT, CONDEMN_EVENT]), [gold])
    assert score(report) == (1, 1, 0)


def test_duplicated_gold_events_match_one_to_one(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN, CONDEMN])
    report = evaluate(make_graph([CONDEMN_EVENT]), [gold])
    assert score(report) == (1, 0, 1)


def test_each_source_sentence_is_one_mention(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    event = {**CONDEMN_EVENT, "sentences": [("rfi", 1), ("rfi", 4)]}
    report = evaluate(make_graph([event]), [gold])
    assert score(report) == (1, 1, 0)


def test_matching_is_maximal_not_first_come(tmp_path):
    # the first gold evidence is in sentences 1 and 4, the second only in 1: a greedy
    # pairing of the first gold event with sentence 1 would leave the second unmatched
    events = [
        gold_event("Condemnation", "谴责俄罗斯对乌克兰的入侵", agent=["北约"], target=["俄罗斯"]),
        gold_event("Condemnation", "最强烈的措辞谴责", agent=["北约"], target=["俄罗斯"]),
    ]
    gold = write_gold(tmp_path, "rfi", RFI_URL, events)
    graph = make_graph([CONDEMN_EVENT, {**CONDEMN_EVENT, "sentences": [("rfi", 4)]}])
    assert score(evaluate(graph, [gold])) == (2, 0, 0)


def test_event_in_an_article_without_gold_is_ignored(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    other = {"cls": "Attack", "sentences": [("other", 0)], "agent": ["russia"],
             "target": ["ukraine"]}
    report = evaluate(make_graph([CONDEMN_EVENT, other]), [gold])
    assert score(report) == (1, 0, 0)
    assert report.ignored_mentions == 1


def test_gold_article_missing_from_graph_counts_as_missed(tmp_path):
    gold = write_gold(tmp_path, "nowhere", "https://example.org/not-built", [CONDEMN])
    report = evaluate(make_graph([CONDEMN_EVENT]), [gold])
    assert score(report) == (0, 0, 1)
    assert report.articles[0].in_graph is False
    assert report.ignored_mentions == 1  # the rfi article has no gold file here


def test_url_compared_after_percent_decoding(tmp_path):
    decoded = "https://www.rfi.fr/cn/欧洲/20220324-nato"
    gold = write_gold(tmp_path, "rfi", decoded, [CONDEMN])
    assert score(evaluate(make_graph([CONDEMN_EVENT]), [gold])) == (1, 0, 0)


def test_evidence_across_two_graph_sentences(tmp_path):
    # a splitter that cut where the annotator did not: the evidence spans sentences 0 and 1
    ev = gold_event("Statement", "发表了联合声明。声明表示", agent=["北约"])
    gold = write_gold(tmp_path, "rfi", RFI_URL, [ev])
    graph = make_graph([{"cls": "Statement", "sentences": [("rfi", 0)], "agent": ["nato"]}])
    report = evaluate(graph, [gold])
    assert score(report) == (1, 0, 0)


def test_unlocated_evidence_is_reported(tmp_path):
    ev = gold_event("Statement", "这句话不在文章里", agent=["北约"])
    gold = write_gold(tmp_path, "rfi", RFI_URL, [ev])
    report = evaluate(make_graph(), [gold])
    assert score(report) == (0, 0, 1)
    assert report.articles[0].unlocated == ["这句话不在文章里"]
    assert "evidence in no sentence: 这句话不在文章里" in format_report(report, verbose=True)


# ----------------------------------------------------------------------------- attributes


def test_date_quantity_and_modality_accuracy(tmp_path):
    events = [
        gold_event("Demand", "俄罗斯应遵守联合国国际法院", agent=["俄罗斯"], date="2022-03-16"),
        gold_event("Condemnation", "最强烈的措辞谴责俄罗斯", agent=["北约"], target=["俄罗斯"]),
        gold_event("Deployment", "东翼部署了40000名部队", agent=["北约"], quantity=40000,
                   quantity_unit="名部队"),
    ]
    gold = write_gold(tmp_path, "rfi", RFI_URL, events)
    graph = make_graph([
        # date right
        {"cls": "Demand", "sentences": [("rfi", 2)], "agent": ["russia"],
         "date": ("2022-03-16", "date")},
        # a date the gold does not state: wrong (null == absent only)
        {**CONDEMN_EVENT, "date": ("2022-03", "gYearMonth")},
        # no date, as in the gold; quantity wrong; modality "planned" where gold has none
        {"cls": "Deployment", "sentences": [("rfi", 3)], "agent": ["nato"], "quantity": 4000,
         "modality": "planned"},
    ])
    report = evaluate(graph, [gold])
    assert score(report) == (3, 0, 0)
    assert (report.dates.correct, report.dates.total) == (2, 3)
    assert (report.quantities.correct, report.quantities.total) == (2, 3)
    assert (report.modality.correct, report.modality.total) == (2, 3)
    # each disagreement is listed for --verbose, with both sides
    wrong = {(w["class"], w["attribute"], tuple(w["gold"]), tuple(w["found"]))
             for w in report.articles[0].wrong_attributes}
    assert wrong == {("Condemnation", "date", (), ("2022-03",)),
                     ("Deployment", "quantity", ("40000",), ("4000",)),
                     ("Deployment", "modality", (), ("planned",))}
    assert "quantity wrong: Deployment gold 40000, found 4000 | 东翼部署了40000名部队" \
        in format_report(report, verbose=True)


def test_events_alike_but_for_their_attributes_pair_by_them(tmp_path):
    # two deployments of one sentence with the same roles: the quantities say which is which
    events = [
        gold_event("Deployment", "东翼部署了40000名部队", agent=["北约"], quantity=40000),
        gold_event("Deployment", "东翼部署了40000名部队", agent=["北约"], quantity=4),
    ]
    gold = write_gold(tmp_path, "rfi", RFI_URL, events)
    graph = make_graph([
        {"cls": "Deployment", "sentences": [("rfi", 3)], "agent": ["nato"], "quantity": 40000},
        {"cls": "Deployment", "sentences": [("rfi", 3)], "agent": ["nato"], "quantity": 4},
    ])
    report = evaluate(graph, [gold])
    assert score(report) == (2, 0, 0)
    assert (report.quantities.correct, report.quantities.total) == (2, 2)


def test_unquoted_yaml_dates_compare_as_lexical_forms(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text(
        f"url: {RFI_URL}\nevents:\n"
        "  - {class: Demand, agent: [俄罗斯], date: 2022-03-16, evidence: 俄罗斯应遵守}\n"
        "  - {class: Support, agent: [北约], date: 2014, evidence: 联合声明}\n",
        encoding="utf-8",
    )
    g = load_gold(p)
    assert [e.date for e in g.events] == ["2022-03-16", "2014"]


# ----------------------------------------------------------------------------- entities


def test_entity_recall_and_wikidata_links(tmp_path):
    entities = [
        {"name": "北约", "class": "Organization", "qid": "Q7184"},  # found, linked right
        {"name": "乌克兰", "class": "Country", "qid": "Q212"},  # found, linked wrong (Q999)
        {"name": "阿姆赫德", "class": "Person", "qid": None},  # found, linked where gold has none
        {"name": "俄罗斯", "class": "Place", "qid": "Q159"},  # found by name, wrong class
        {"name": "布鲁塞尔", "class": "Place", "qid": "Q239"},  # not mentioned in this article
        {"name": "马里乌波尔", "class": "Place", "qid": None},  # not in the graph at all
    ]
    gold = write_gold(tmp_path, "rfi", RFI_URL, [], entities)
    graph = make_graph(
        mentioned={"brussels": ["cna"]},
        links={"ukraine": "Q999", "amherd": "Q123"},
    )
    report = evaluate(graph, [gold])
    assert (report.entities.correct, report.entities.total) == (3, 6)
    assert (report.entities_by_class["Place"].correct,
            report.entities_by_class["Place"].total) == (0, 3)
    # with a QID and found: 北约 (right), 乌克兰 (wrong), 俄罗斯 (right; class is not a link error)
    assert (report.links.correct, report.links.total) == (2, 3)
    assert report.wrong_links == 2
    wrong = {(w["name"], tuple(w["linked"]), w["gold"]) for w in report.articles[0].wrong_links}
    assert wrong == {("乌克兰", ("Q999",), "Q212"), ("阿姆赫德", ("Q123",), None)}
    missing = [e["name"] for e in report.articles[0].missing_entities]
    assert missing == ["俄罗斯", "布鲁塞尔", "马里乌波尔"]
    # the article's five graph entities: 瑞士 is in no gold entry, 俄罗斯 only as a Place
    assert (report.entity_precision.correct, report.entity_precision.total) == (3, 5)
    assert report.articles[0].spurious_entities == [
        {"name": "俄罗斯", "class": "Country"}, {"name": "瑞士", "class": "Country"}]


# ----------------------------------------------------------------------------- gold files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"url: {RFI_URL}\nevents:\n  - {{class: Protest, evidence: x}}\n",
         "event 1 has class 'Protest'; use one of Statement"),
        (f"url: {RFI_URL}\nevents:\n  - {{class: Demand, agent: [北约]}}\n",
         "event 1 (Demand) has no evidence"),
        (f"url: {RFI_URL}\nevents:\n  - {{class: Demand, agent: 3, evidence: x}}\n",
         "event 1 (Demand) agent must be a list of names"),
        (f"url: {RFI_URL}\nentities:\n  - {{name: 北约, class: Alliance}}\n",
         "entity 1 (北约) has class 'Alliance'"),
        (f"url: {RFI_URL}\nentities:\n  - {{name: 北约, class: Organization, qid: 7184}}\n",
         "entity 1 (北约) has qid 7184; write Q123 or null"),
        ("url: [unclosed\n", "not valid YAML at line"),
        ("- just a list\n", "not a gold file"),
        ("events: []\n", "no url, and no article file with one"),
    ],
)
def test_bad_gold_files_are_one_line_errors(tmp_path, text, message):
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_gold(p)
    assert str(e.value).startswith(f"{p}: ")
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_two_gold_files_for_one_article_are_refused(tmp_path):
    a = write_gold(tmp_path, "a", RFI_URL, [CONDEMN])
    b = write_gold(tmp_path, "b", RFI_URL, [CONDEMN])
    with pytest.raises(InputError, match="same url as"):
        evaluate(make_graph(), [a, b])


def test_repository_gold_files_load():
    paths = sorted(GOLD_DIR.glob("*.yaml"))
    if not paths:
        pytest.skip("no gold files in tests/gold yet")
    for p in paths:
        g = load_gold(p)
        assert g.url.startswith("http"), p


# ----------------------------------------------------------------------------- report and CLI


def test_report_table_and_json(tmp_path):
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN])
    report = evaluate(make_graph([{**CONDEMN_EVENT, "cls": "Statement"}]), [gold])
    table = format_report(report)
    assert "Condemnation      0    0    1" in table
    assert "Statement         0    1    0" in table
    verbose = format_report(report, verbose=True)
    assert "FN Condemnation: agent=北约 target=俄罗斯 | 最强烈的措辞谴责俄罗斯" in verbose
    assert "FP Statement: agent=北大西洋公约组织 target=俄罗斯 | s1 " in verbose
    data = json.loads(report.to_json())
    assert data["events"]["total"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0,
                                       "recall": 0.0, "f1": 0.0}
    assert data["articles"][0]["missed"][0]["evidence"] == "最强烈的措辞谴责俄罗斯"


def _cli_files(tmp_path, events):
    graph_path = tmp_path / "graph.ttl"
    make_graph(events).serialize(graph_path, format="turtle", encoding="utf-8")
    gold = write_gold(tmp_path, "rfi", RFI_URL, [CONDEMN, gold_event(
        "Demand", "俄罗斯应遵守", agent=["俄罗斯"])])
    return graph_path, gold


def test_cli_floors_set_the_exit_status(tmp_path):
    graph_path, gold = _cli_files(tmp_path, [CONDEMN_EVENT])  # P = 1.0, R = 0.5
    runner = CliRunner()
    ok = runner.invoke(cli, ["eval", str(graph_path), str(gold), "--min-precision", "0.9",
                             "--min-recall", "0.5"])
    assert ok.exit_code == 0, ok.output
    assert "total             1    0    1 100.0%  50.0%  66.7%" in ok.output
    low = runner.invoke(cli, ["eval", str(tmp_path), str(gold), "--min-recall", "0.6"])
    assert low.exit_code == 1
    assert low.stderr.strip().splitlines()[-1] == "Error: recall 0.500 is below 0.6"


def test_cli_json_output(tmp_path):
    graph_path, gold = _cli_files(tmp_path, [CONDEMN_EVENT])
    result = CliRunner().invoke(cli, ["eval", str(graph_path), str(gold), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["events"]["by_class"]["Demand"]["fn"] == 1


def test_cli_no_events_fails_a_precision_floor(tmp_path):
    graph_path, gold = _cli_files(tmp_path, [])
    result = CliRunner().invoke(cli, ["eval", str(graph_path), str(gold),
                                      "--min-precision", "0.5"])
    assert result.exit_code == 1
    assert "Error: precision n/a is below 0.5" in result.stderr


def test_cli_bad_gold_is_one_line(tmp_path):
    graph_path, _ = _cli_files(tmp_path, [])
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"url: {RFI_URL}\nevents:\n  - {{class: Protest, evidence: x}}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(graph_path), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: event 1 has class 'Protest'")
    assert len(result.stderr.strip().splitlines()) == 1
