"""The HTML view (kg.export.html) and `kg viz`, checked on the page's text."""

from __future__ import annotations

import json
import random
import re

import pytest
from browser_check import (
    SEED_ID,
    XSS_IMG,
    XSS_SCRIPT,
    entity_iri,
    event_iri,
    seed_like_graph,
)
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.cli import cli
from kg.errors import UsageError
from kg.export.html import EVENT_STYLE, html_text, view_data
from kg.export.turtle import turtle_bytes
from kg.vocab import EVENT_CLASSES, KG, KGR

REMOTE = re.compile(r'<script[^>]+src="http|<link[^>]+href="http')


@pytest.fixture(scope="module")
def seed() -> Graph:
    return seed_like_graph()


@pytest.fixture(scope="module")
def hostile() -> Graph:
    return seed_like_graph(hostile=True)


def page_data(page: str) -> tuple[list[dict], list[dict]]:
    """The node and edge arrays embedded in the page, parsed back from its script."""
    nodes = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    edges = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    assert nodes and edges
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


def by_id(nodes: list[dict]) -> dict[str, dict]:
    return {n["id"]: n for n in nodes}


def test_events_view_draws_entities_in_events_and_every_event(seed):
    data = view_data(seed, "events")
    ids = by_id(data.nodes)
    # 11 events; the 12 entities that take part in one (比利时 and 联合国大会 do not)
    assert sum(n["kgclass"] in EVENT_CLASSES for n in data.nodes) == 11
    entities = {n["label"] for n in data.nodes if n["kgclass"] not in EVENT_CLASSES}
    assert entities == {
        "北约",
        "布鲁塞尔",
        "俄罗斯",
        "乌克兰",
        "普京",
        "白俄罗斯",
        "东翼",
        "斯托尔滕贝格",
        "保加利亚",
        "匈牙利",
        "罗马尼亚",
        "斯洛伐克",
    }
    assert str(entity_iri("belgium")) not in ids
    # articles and sentences are not drawn
    assert not any("/article/" in i for i in ids)
    # 25 agent/target/location edges + 4 memberOf edges between drawn countries and NATO
    assert len(data.edges) == 29
    labels = [e.get("label") for e in data.edges]
    assert labels.count("agent") == 11 and labels.count("location") == 6
    assert data.classes["Country"] == 7 and data.classes["Deployment"] == 2


def test_agent_points_at_the_event_and_event_at_target(seed):
    data = view_data(seed, "events")
    condemn = str(event_iri(SEED_ID, 2))
    edges = {(e["from"], e["to"], e.get("label")) for e in data.edges}
    assert (str(entity_iri("nato")), condemn, "agent") in edges
    assert (condemn, str(entity_iri("russia")), "target") in edges


def test_event_classes_have_distinct_looks(seed):
    assert len(set(EVENT_STYLE.values())) == len(EVENT_CLASSES) == len(EVENT_STYLE)
    data = view_data(seed, "events")
    demand = by_id(data.nodes)[str(event_iri(SEED_ID, 3))]
    assert (demand["shape"], demand["color"]) == EVENT_STYLE["Demand"]
    assert demand["label"] == "呼吁"


def test_tooltips_are_plain_text_with_details(seed):
    nodes = by_id(view_data(seed, "events").nodes)
    nato = nodes[str(entity_iri("nato"))]["title"]
    assert nato.splitlines()[:2] == ["北约 / NATO", "Class: Organization 组织"]
    assert "Wikidata: Q7184" in nato and "Mentioned in 2 articles" in nato
    assert "Takes part in 9 events" in nato
    sto = nodes[str(entity_iri("stoltenberg"))]["title"]
    assert "Role: 北约秘书长" in sto
    meeting = nodes[str(event_iri(SEED_ID, 0))]["title"].splitlines()
    assert meeting[:3] == ["Meeting 会晤 (event)", "Trigger: 峰会", "Date: 2022-03-24 (3月24日)"]
    assert "Location: 布鲁塞尔 / Brussels" in meeting
    assert any(line.startswith("Sentence: 在俄罗斯全面入侵乌克兰一个月之际") for line in meeting)
    deploy = nodes[str(event_iri(SEED_ID, 6))]["title"]
    assert "Quantity: 40000名部队" in deploy and "Location: 东翼" in deploy
    assert all("<" not in n["title"] for n in nodes.values())


def test_actors_view_counts_agent_target_pairs_per_class(seed):
    data = view_data(seed, "actors")
    assert {n["label"] for n in data.nodes} == {
        "北约",
        "俄罗斯",
        "乌克兰",
        "普京",
        "白俄罗斯",
        "斯托尔滕贝格",
    }
    pairs = {
        (e["from"].rsplit("/", 1)[1], e["to"].rsplit("/", 1)[1], e["kgclass"]): e
        for e in data.edges
    }
    assert set(pairs) == {
        ("nato", "russia", "Condemnation"),
        ("nato", "russia", "Sanction"),
        ("nato", "putin", "Demand"),
        ("nato", "belarus", "Demand"),
        ("nato", "stoltenberg", "Personnel"),
        ("nato", "ukraine", "Aid"),
        ("russia", "ukraine", "Attack"),
        ("stoltenberg", "russia", "Demand"),
    }
    assert pairs[("nato", "russia", "Sanction")]["label"] == "Sanction ×1"


def test_actors_view_merges_repeated_pairs(seed):
    g = Graph()
    for t in seed:
        g.add(t)
    # a second condemnation of Russia by NATO (as in 我们还谴责对民用基础设施的攻击)
    ev = KGR["event/extra"]
    g.add((ev, RDF.type, KG.Condemnation))
    g.add((ev, KG.trigger, Literal("谴责", lang="zh")))
    g.add((ev, KG.agent, entity_iri("nato")))
    g.add((ev, KG.target, entity_iri("russia")))
    edge = next(e for e in view_data(g, "actors").edges if e["kgclass"] == "Condemnation")
    assert edge["value"] == 2 and edge["label"] == "Condemnation ×2"
    assert "Condemnation 谴责: 2 events" in edge["title"]


def test_unknown_view_is_a_usage_error(seed):
    with pytest.raises(UsageError, match="unknown view 'map'; use one of: events, actors"):
        view_data(seed, "map")


@pytest.mark.parametrize("view", ["events", "actors"])
def test_page_is_offline_and_embeds_what_view_data_says(seed, view):
    page = html_text(seed, view=view, title="北约峰会")
    assert not REMOTE.search(page)
    assert "bootstrap" not in page
    assert page.count("<title>北约峰会</title>") == 1
    nodes, edges = page_data(page)
    data = view_data(seed, view)
    assert nodes == data.nodes
    assert len(edges) == len(data.edges)
    assert 'network.once("stabilizationIterationsDone", done)' in page
    assert 'id="kg-search"' in page and 'id="kg-legend"' in page


def test_page_is_deterministic(seed):
    triples = sorted(seed)
    random.Random(3).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    assert html_text(shuffled) == html_text(seed)


def test_markup_in_article_text_stays_text(hostile):
    page = html_text(hostile, title=XSS_SCRIPT)
    # nothing from the data appears as markup: not in the script, not in the title or legend
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert "<img" not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    nodes, _ = page_data(page)
    img = by_id(nodes)[str(entity_iri("xss-img"))]
    assert img["label"] == XSS_IMG  # shown as the literal text
    assert img["title"].startswith(f"{XSS_IMG} / {XSS_SCRIPT}")
    # every <script> element is one of ours: vis-network, pyvis's utils, the drawing, the panel
    # (the vis-network bundle itself contains the string "<script>" once, mid-line)
    assert len(re.findall(r"^\s*<script\b", page, re.MULTILINE)) == 4


def test_titles_with_href_do_not_switch_pyvis_to_html_popups(seed):
    g = Graph()
    for t in seed:
        g.add(t)
    a = entity_iri("href-person")
    g.add((a, RDF.type, KG.Person))
    g.add((a, KG.mentionedIn, KGR["article/none"]))
    g.add((a, RDFS.label, Literal('<a href="javascript:alert(1)">点我</a>', lang="zh")))
    ev = KGR["event/href"]
    g.add((ev, RDF.type, KG.Statement))
    g.add((ev, KG.agent, a))
    page = html_text(g)
    assert "popup.innerHTML" not in page


def test_empty_graph_gives_a_page(tmp_path):
    page = html_text(Graph())
    assert page_data(page) == ([], [])
    assert "0 entities · 0 events · 0 links" in page


# --- kg viz -------------------------------------------------------------------------------------


@pytest.fixture()
def graph_file(tmp_path, seed):
    path = tmp_path / "graph.ttl"
    path.write_bytes(turtle_bytes(seed))
    return path


def test_cli_viz_writes_page_and_prints_path(graph_file, tmp_path):
    out = tmp_path / "net.html"
    result = CliRunner().invoke(
        cli, ["viz", str(graph_file.parent), "-o", str(out), "--view", "actors"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    page = out.read_text(encoding="utf-8")
    assert f"<title>newskg: {tmp_path.name}</title>" in page
    assert "6 actors · 8 links (agent → target)" in page


def test_cli_viz_open_uses_the_file_uri(graph_file, tmp_path, monkeypatch):
    opened = []
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    out = tmp_path / "net.html"
    result = CliRunner().invoke(
        cli, ["viz", str(graph_file), "-o", str(out), "--open", "--title", "试验"]
    )
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]
    assert "<title>试验</title>" in out.read_text(encoding="utf-8")


def test_cli_viz_errors(tmp_path):
    missing = tmp_path / "none"
    result = CliRunner().invoke(cli, ["viz", str(missing), "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file or folder; check the path\n"
    (tmp_path / "g.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    out = tmp_path / "sub" / "a.html"
    result = CliRunner().invoke(cli, ["viz", str(tmp_path / "g.ttl"), "-o", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {tmp_path / 'g.ttl'}: ")


def test_cli_viz_missing_output_folder(graph_file, tmp_path):
    out = tmp_path / "sub" / "a.html"
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: folder {out.parent} does not exist; create it first\n"


def test_commands_have_help_with_example():
    for name in ("viz", "export"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.output and f"kg {name} exports/" in result.output
