"""The HTML view in headless Chromium, with every network request refused.

Needs the Debian package ``chromium`` (or KG_CHROMIUM=/path/to/chrome) and the ``playwright``
Python package; playwright's own browser download is never used.
"""

from __future__ import annotations

import pytest
from browser_check import (
    XSS_IMG,
    XSS_SCRIPT,
    check_page,
    chromium_path,
    entity_iri,
    seed_like_graph,
    synthetic_graph,
)
from rdflib import Graph

from kg.export.html import html_text, view_data

pytestmark = pytest.mark.browser

if chromium_path() is None:
    pytest.skip(
        "no Chromium binary (install the Debian package 'chromium' or set KG_CHROMIUM)",
        allow_module_level=True,
    )
pytest.importorskip(
    "playwright.sync_api",
    reason="the 'playwright' Python package is not installed (pip install "
    "playwright; no browser download needed)",
)


def write_page(tmp_path, graph: Graph, view: str = "events", name: str = "net.html"):
    path = tmp_path / name
    path.write_text(html_text(graph, view=view, title="newskg test"), encoding="utf-8")
    return path


def assert_clean(result: dict) -> None:
    assert result["blocked"] == [], "the page asked for network resources"
    assert result["console_errors"] == []
    assert result["page_errors"] == []
    assert result["dialogs"] == [], "a dialog (alert) was opened"
    assert result["images"] == 0, "an <img> element appeared in the page"
    assert result["physics"] is False, "physics still running after stabilisation"


_CENTRE = """(id) => {
  network.focus(id, { scale: 1.2, animation: false });
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const r = document.getElementById("mynetwork").getBoundingClientRect();
  return { x: p.x + r.left, y: p.y + r.top };
}"""


def _hover_text(page, node_id: str) -> str:
    pos = page.evaluate(_CENTRE, node_id)
    page.mouse.move(pos["x"] + 40, pos["y"] + 40)
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return page.inner_text("div.vis-tooltip")


def _interact(page) -> dict:
    out: dict = {}
    page.fill("#kg-search", "nato")
    out["search_status"] = page.text_content("#kg-search-status")
    out["selected"] = page.evaluate("network.getSelectedNodes()")
    page.fill("#kg-search", "")
    page.uncheck('#kg-legend input[data-kgclass="Country"]')
    out["hidden_countries"] = page.evaluate(
        "nodes.get({ filter: (n) => n.hidden === true }).map((n) => n.label).sort()"
    )
    page.check('#kg-legend input[data-kgclass="Country"]')
    out["hidden_after_recheck"] = page.evaluate(
        "nodes.get({ filter: (n) => n.hidden === true }).length"
    )
    out["tooltip_img"] = _hover_text(page, str(entity_iri("xss-img")))
    out["tooltip_nato"] = _hover_text(page, str(entity_iri("nato")))
    return out


def test_events_view_offline_safe_and_interactive(tmp_path):
    graph = seed_like_graph(hostile=True)
    data = view_data(graph, "events")
    page = write_page(tmp_path, graph)
    result = check_page(page, tmp_path / "events.png", tmp_path / "profile", actions=_interact)
    assert_clean(result)
    assert (result["nodes"], result["edges"]) == (len(data.nodes), len(data.edges)) == (26, 31)
    assert result["legend_items"] == len(data.classes) == 13
    assert (tmp_path / "events.png").stat().st_size > 10_000
    acts = result["actions"]
    assert acts["search_status"] == "1 match"
    assert acts["selected"] == [str(entity_iri("nato"))]
    assert acts["hidden_countries"] == [
        "乌克兰",
        "俄罗斯",
        "保加利亚",
        "匈牙利",
        "斯洛伐克",
        "白俄罗斯",
        "罗马尼亚",
    ]
    assert acts["hidden_after_recheck"] == 0
    # markup from the article is shown as text in the tooltip, and nothing ran
    assert acts["tooltip_img"].startswith(f"{XSS_IMG} / {XSS_SCRIPT}")
    assert acts["tooltip_nato"].splitlines()[:3] == [
        "北约 / NATO",
        "Class: Organization 组织",
        "Wikidata: Q7184",
    ]


def test_actors_view(tmp_path):
    graph = seed_like_graph(hostile=True)
    data = view_data(graph, "actors")
    result = check_page(
        write_page(tmp_path, graph, "actors"), tmp_path / "actors.png", tmp_path / "profile"
    )
    assert_clean(result)
    assert (result["nodes"], result["edges"]) == (len(data.nodes), len(data.edges))


def test_empty_graph_page(tmp_path):
    result = check_page(write_page(tmp_path, Graph()), None, tmp_path / "profile")
    assert_clean(result)
    assert (result["nodes"], result["edges"]) == (0, 0)


@pytest.mark.slow
def test_two_thousand_nodes_settle_and_stop(tmp_path, record_property):
    graph = synthetic_graph()
    data = view_data(graph, "events")
    assert len(data.nodes) == 2000
    page = write_page(tmp_path, graph)
    result = check_page(page, tmp_path / "big.png", tmp_path / "profile", timeout_s=180)
    assert_clean(result)
    assert (result["nodes"], result["edges"]) == (2000, len(data.edges))
    record_property("html_bytes", page.stat().st_size)
    record_property("stabilised_ms", result["stabilised_ms"])
    # bounded stabilisation: 150 iterations; measured ~5 s on a 2-core machine
    assert result["stabilised_ms"] < 60_000
