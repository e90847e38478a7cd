"""kg.stats and `kg stats` on the hand-made two-article graph: every number counted by
hand from tests/conftest.py."""

from __future__ import annotations

import json

from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.stats import format_stats, stats

NATO = "https://w3id.org/newskg/resource/entity/nato"
RUSSIA = "https://w3id.org/newskg/resource/entity/russia"


def test_stats_numbers(small_graph):
    d = stats(small_graph)
    assert d["triples"] == len(small_graph)
    assert (d["articles"], d["sentences"], d["entities"], d["events"], d["roles"]) == (
        2, 16, 17, 18, 1,
    )  # fmt: skip
    assert d["entities_by_class"] == {"Person": 3, "Organization": 2, "Country": 10, "Place": 2}
    assert d["events_by_class"] == {
        "Statement": 2, "Meeting": 2, "Demand": 3, "Condemnation": 2, "Support": 1, "Aid": 1,
        "Sanction": 2, "Deployment": 2, "Attack": 1, "Threat": 1, "Personnel": 1,
    }  # fmt: skip
    # 2014 (gYear), 2022-03-02 and 2022-03-24 (dates), 2022-04 and 2022-05 (gYearMonth)
    assert d["events_by_month"] == {
        "2014": 1, "2022-03": 2, "2022-04": 1, "2022-05": 1, "undated": 13,
    }  # fmt: skip
    assert d["planned_events"] == 3  # ministers' meeting, battle groups, Stoltenberg's term
    assert d["entities_with_wikidata"] == 14  # all but Stoltenberg, Pulli and the eastern flank
    assert d["top_agents"][:2] == [
        {"entity": NATO, "label": "北约", "events": 11},
        {"entity": RUSSIA, "label": "俄罗斯", "events": 2},
    ]
    # ties (one event each) come in label order
    assert [r["label"] for r in d["top_agents"]] == [
        "北约", "俄罗斯", "斯托尔滕贝格", "普里", "瑞士", "联合国大会",
    ]  # fmt: skip
    assert [(r["label"], r["events"]) for r in d["top_targets"]] == [
        ("俄罗斯", 4), ("乌克兰", 2), ("白俄罗斯", 2), ("中国", 1), ("斯托尔滕贝格", 1),
        ("普京", 1), ("瑞士", 1),
    ]  # fmt: skip
    assert d["classes"]["kg:Sentence"] == 16
    assert d["classes"]["schema:Organization"] == 2  # the two publishers


def test_top_is_limited(small_graph):
    assert len(stats(small_graph, top=3)["top_targets"]) == 3


def test_stats_of_an_empty_graph():
    d = stats(Graph())
    assert d["events"] == 0 and d["events_by_month"] == {} and d["top_agents"] == []
    assert "Top actors as agent (events)\n  (none)" in format_stats(d)


def test_format_stats_aligns_cjk_labels(small_graph):
    text = format_stats(stats(small_graph))
    lines = text.splitlines()
    assert lines[:9] == [
        "Totals",
        "  triples                     362",
        "  articles                      2",
        "  sentences                    16",
        "  entities                     17",
        "    with Wikidata link (82%)   14",
        "  events                       18",
        "    planned                     3",
        "  roles                         1",
    ]
    start = lines.index("Top actors as target (events)")
    assert lines[start + 1 : start + 4] == [
        "  俄罗斯        4",
        "  乌克兰        2",
        "  白俄罗斯      2",
    ]
    assert "Events by date (month)\n  2014      1\n  2022-03   2\n" in text


def test_cli_stats(small_graph_file, small_graph):
    r = CliRunner().invoke(cli, ["stats", str(small_graph_file), "--json"])
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == stats(small_graph)
    r = CliRunner().invoke(cli, ["stats", str(small_graph_file)])
    assert r.exit_code == 0
    assert r.stdout == format_stats(stats(small_graph))
