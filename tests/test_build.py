"""End to end: the seed becomes a graph; the committed exports are what a build gives."""

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.api import build, write_exports
from kg.cli import cli
from kg.vocab import KG, SCHEMA, WD, shapes_graph

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
EXPORTS = ROOT / "exports"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def seed_graph():
    return build([SEED]).graph


def test_article_metadata(seed_graph):
    g = seed_graph
    (article,) = list(g.subjects(RDF.type, KG.Article))
    assert g.value(article, SCHEMA.headline) == Literal(
        "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力", lang="zh"
    )
    assert str(g.value(article, SCHEMA.url)).startswith(
        "https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-"
    )
    assert g.value(article, SCHEMA.datePublished) == Literal(
        "2022-03-24T20:15:01Z", datatype=XSD.dateTime
    )
    publisher = g.value(article, SCHEMA.publisher)
    assert str(g.value(publisher, RDFS.label)) == "RFI"
    cites = {str(o) for o in g.objects(article, SCHEMA.citation)}
    assert any(c.startswith("https://www.nato.int/cps/en/natohq/official_texts_193719.htm") for c in cites)


def test_entities_are_linked_and_labelled(seed_graph):
    g = seed_graph
    by_label = {str(o): s for s, o in g.subject_objects(RDFS.label)}
    russia = by_label["俄罗斯"]
    assert (russia, RDF.type, KG.Country) in g
    assert (russia, OWL.sameAs, WD.Q159) in g  # countries.csv: Russia,Q159
    zel = by_label["泽连斯基"]
    assert (zel, RDFS.label, Literal("Volodymyr Zelenskyy", lang="en")) in g
    stolt = by_label["斯托尔滕贝格"]
    assert (stolt, RDF.type, KG.Person) in g
    assert g.value(stolt, OWL.sameAs) is None  # no QID in the reference data
    roles = list(g.objects(stolt, KG.holdsRole))
    titles = {str(t) for r in roles for t in g.objects(r, KG.roleTitle)}
    assert "秘书长" in titles
    assert any(g.value(r, KG.roleOf) == by_label["北大西洋公约组织"] for r in roles)
    # every entity is mentioned in the article
    for s in set(g.subjects(RDF.type, KG.Country)) | set(g.subjects(RDF.type, KG.Person)):
        assert g.value(s, KG.mentionedIn) is not None


def test_sentences_slice_article_text(seed_graph):
    from kg.ingest import read_article

    text = read_article(SEED).text
    g = seed_graph
    sentences = list(g.subjects(RDF.type, KG.Sentence))
    assert len(sentences) > 60
    for s in sentences:
        start, end = int(g.value(s, KG.start)), int(g.value(s, KG.end))
        assert text[start:end] == str(g.value(s, KG.text))


def test_seed_graph_conforms_to_the_shapes(seed_graph):
    import pyshacl

    conforms, _, report = pyshacl.validate(seed_graph, shacl_graph=shapes_graph())
    assert conforms, report


def test_rebuild_is_byte_identical_to_committed_exports(tmp_path):
    """exports/ in the repository is the build of seeds/ (run `make run` after a change)."""
    write_exports(build([ROOT / "seeds"]).graph, tmp_path)
    for name in ("graph.ttl", "graph.graphml", "graph.html"):
        fresh, committed = (tmp_path / name).read_bytes(), (EXPORTS / name).read_bytes()
        if fresh != committed and name == "graph.ttl":
            a, b = Graph().parse(data=fresh, format="turtle"), Graph().parse(data=committed, format="turtle")
            _, only_fresh, only_old = graph_diff(to_isomorphic(a), to_isomorphic(b))
            pytest.fail(f"exports/{name} is stale: {len(only_fresh)} new, {len(only_old)} old triples")
        assert fresh == committed, f"exports/{name} is stale; run `make run`"


def test_committed_turtle_is_isomorphic_to_a_fresh_graph(seed_graph):
    committed = Graph().parse(EXPORTS / "graph.ttl", format="turtle")
    assert isomorphic(committed, seed_graph)


def test_graphml_reads_back_with_networkx():
    g = nx.read_graphml(EXPORTS / "graph.graphml")
    assert g.number_of_nodes() > 50 and g.number_of_edges() > 50
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert "俄罗斯" in labels
    assert all("interaction" in d for _, _, d in g.edges(data=True))


def test_html_loads_nothing_from_the_network():
    import re

    html = (EXPORTS / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)


def test_cli_build_writes_three_exports(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(tmp_path), "--name", "nato"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nato.graphml", "nato.html", "nato.ttl"]


def test_help_of_every_command_has_an_example():
    runner = CliRunner()
    for name in cli.list_commands(None):
        out = runner.invoke(cli, [name, "--help"])
        assert out.exit_code == 0, name
        assert "kg " + name in out.output, f"kg {name} --help shows no example"


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_every_dev_article_builds_and_merges_entities():
    result = build([DEV])
    assert not result.failures, result.failures
    # SOURCES.md is read too: .md is an article format
    assert len(result.documents) == len(list(DEV.glob("*.txt"))) + len(list(DEV.glob("*.md")))
    g = result.graph
    ukraine = URIRef("https://w3id.org/newskg/resource/entity/ukraine")
    # one node for Ukraine, mentioned by Simplified and Traditional articles alike
    mentioned = set(g.objects(ukraine, KG.mentionedIn))
    scripts = {g.value(s, KG.text).language for s in g.subjects(KG.inArticle, None)
               if g.value(s, KG.inArticle) in mentioned}
    assert {"zh", "zh-Hant"} <= scripts
