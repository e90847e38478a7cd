"""The interactive HTML view of a graph: one self-contained page (pyvis / vis-network 9).

Two views:
- ``events`` (default): entities (a dot coloured by class) and events (a shape and colour per
  event class); ``agent`` edges run from the actor to the event, ``target`` and ``location``
  edges from the event onwards, so a path reads like the sentence ("北约 → 呼吁 → 普京").
  Articles and sentences are not drawn (there would be too many); the source sentence is in
  the event's tooltip.
- ``actors``: entities only, one edge per (agent, target, event class), width and label = how
  many events say so.

The page works offline: vis-network is inlined and pyvis's Bootstrap CDN tags are removed.
Every string from the articles is data, never markup: node data are JSON with ``<``, ``>``,
``&`` and ``'`` escaped (Jinja's ``tojson``), tooltips are plain text (vis-network 9 sets string
titles as text), pyvis's HTML-popup mode is never switched on, the page title is
HTML-escaped, and the page's own script only uses ``textContent``.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SKOS

from kg.errors import UsageError
from kg.export.graphml import (
    Resource,
    display_label,
    labels,
    pick_text,
    read_resources,
    wikidata_ids,
)
from kg.vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, SCHEMA

log = logging.getLogger(__name__)

VIEWS = ("events", "actors")

# Entities: dots, one colour per class (Tableau 10 colours, readable on white).
ENTITY_STYLE: dict[str, str] = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "Country": "#59a14f",
    "Place": "#f28e2b",
}
OTHER_ENTITY_COLOUR = "#bab0ac"

# Events: vis-network only has six shapes that keep the label outside (so the node size does
# not depend on the trigger's length); (shape, colour) pairs are unique, and colour follows
# the kind of action: greens cooperate, reds and pinks conflict, greys speak.
EVENT_STYLE: dict[str, tuple[str, str]] = {
    "Statement": ("square", "#a0a0a0"),
    "Meeting": ("hexagon", "#76b7b2"),
    "Demand": ("triangle", "#edc948"),
    "Condemnation": ("triangleDown", "#9c2f2f"),
    "Support": ("diamond", "#8cd17d"),
    "Aid": ("star", "#2ca02c"),
    "Sanction": ("square", "#9c2f2f"),
    "Deployment": ("triangle", "#b07aa1"),
    "Attack": ("star", "#d62728"),
    "Threat": ("triangleDown", "#ff9da7"),
    "Personnel": ("diamond", "#a0a0a0"),
}

CLASS_ZH: dict[str, str] = {
    "Person": "人物",
    "Organization": "组织",
    "Country": "国家",
    "Place": "地点",
    "Statement": "声明",
    "Meeting": "会晤",
    "Demand": "要求",
    "Condemnation": "谴责",
    "Support": "支持",
    "Aid": "援助",
    "Sanction": "制裁",
    "Deployment": "部署",
    "Attack": "攻击",
    "Threat": "威胁",
    "Personnel": "人事",
}

EDGE_STYLE: dict[str, dict] = {
    "agent": {"color": "#4e79a7"},
    "target": {"color": "#e15759"},
    "location": {"color": "#f28e2b", "dashes": True},
    "memberOf": {"color": "#c0c0c0", "dashes": True},
    "locatedIn": {"color": "#c0c0c0", "dashes": True},
}

SENTENCE_CHARS = 160  # longer source sentences are cut in tooltips
ROLE_LINKS = ("memberOf", "locatedIn")


@dataclass
class ViewData:
    """What the page draws: vis-network node and edge dicts, and counts per class."""

    nodes: list[dict]
    edges: list[dict]
    classes: dict[str, int]  # class local name -> number of nodes (or edges, actors view)


def _entity_info(res: Resource, resources: dict[str, Resource]) -> dict:
    zh, en = labels(res)
    alts = sorted({str(v) for v in res.texts(SKOS.altLabel)} - {zh or "", en or ""})
    roles = []
    for role_iri in res.link(KG.holdsRole):
        role = resources.get(role_iri)
        if role is None:
            continue
        title = pick_text(role.texts(KG.roleTitle), "zh") or pick_text(
            role.texts(KG.roleTitle), "en"
        )
        of = [display_label(resources[o]) for o in role.link(KG.roleOf) if o in resources]
        if title:
            roles.append(f"{''.join(of)}{title}" if of else title)
    return {
        "zh": zh,
        "en": en,
        "alts": alts,
        "roles": roles,
        "qids": wikidata_ids(res),
        "articles": len(set(res.link(KG.mentionedIn))),
    }


def _name(res: Resource | None, iri: str) -> str:
    if res is None:
        return iri.rsplit("/", 1)[-1]
    zh, en = labels(res)
    if zh and en and zh != en:
        return f"{zh} / {en}"
    return display_label(res)


def _entity_title(res: Resource, info: dict, events: int) -> str:
    lines = [_name(res, res.iri)]
    cls = res.kg_class
    lines.append(f"Class: {cls} {CLASS_ZH.get(cls, '')}".rstrip())
    if info["roles"]:
        lines.append("Role: " + ", ".join(info["roles"]))
    if info["qids"]:
        lines.append("Wikidata: " + ", ".join(info["qids"]))
    lines.append(f"Mentioned in {info['articles']} article{'s' if info['articles'] != 1 else ''}")
    if events:
        lines.append(f"Takes part in {events} event{'s' if events != 1 else ''}")
    if info["alts"]:
        lines.append("Also: " + ", ".join(info["alts"]))
    return "\n".join(lines)


def _clip(text: str, limit: int = SENTENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _event_title(ev: Resource, resources: dict[str, Resource]) -> str:
    cls = ev.kg_class
    trigger = pick_text(ev.texts(KG.trigger), "zh") or ""
    lines = [f"{cls} {CLASS_ZH.get(cls, '')} (event)".replace("  ", " "), f"Trigger: {trigger}"]
    date = ev.texts(KG.date)
    if date:
        text = pick_text(ev.texts(KG.dateText), "zh")
        lines.append(f"Date: {date[0]}" + (f" ({text})" if text else ""))
    for prop, name in ((KG.agent, "Agent"), (KG.target, "Target"), (KG.location, "Location")):
        who = [_name(resources.get(o), o) for o in ev.link(prop)]
        if who:
            lines.append(f"{name}: " + ", ".join(who))
    content = pick_text(ev.texts(KG.content), "zh")
    if content:
        lines.append(f"Content: {_clip(content, 80)}")
    quantity = ev.texts(KG.quantity)
    if quantity:
        unit = pick_text(ev.texts(KG.quantityUnit), "zh") or ""
        lines.append(f"Quantity: {quantity[0]}{unit}")
    modality = ev.texts(KG.modality)
    if modality:
        lines.append(f"Modality: {modality[0]}")
    for s_iri in ev.link(KG.sourceSentence)[:2]:
        sentence = resources.get(s_iri)
        if sentence is None:
            continue
        text = pick_text(sentence.texts(KG.text), "zh") or (
            str(sentence.texts(KG.text)[0]) if sentence.texts(KG.text) else ""
        )
        if text:
            lines.append(f"Sentence: {_clip(text)}")
        for a_iri in sentence.link(KG.inArticle)[:1]:
            article = resources.get(a_iri)
            if article is not None and article.texts(SCHEMA.headline):
                lines.append(f"Article: {_clip(display_label(article), 60)}")
    return "\n".join(lines)


def _search_key(res: Resource, info: dict) -> str:
    parts = [info["zh"] or "", info["en"] or "", *info["alts"], *info["qids"]]
    return " ".join(p for p in parts if p).lower()


def view_data(graph: Graph, view: str = "events") -> ViewData:
    """The nodes and edges of ``view`` as vis-network dicts (what the page will draw)."""
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    resources = read_resources(graph)
    events = sorted(
        (r for r in resources.values() if r.kg_class in EVENT_CLASSES), key=lambda r: r.iri
    )
    if view == "events":
        return _events_view(resources, events)
    return _actors_view(resources, events)


def _entity_node(iri: str, resources: dict[str, Resource], events: int) -> dict:
    res = resources.get(iri) or Resource(iri)
    info = _entity_info(res, resources)
    cls = res.kg_class
    return {
        "id": iri,
        "label": display_label(res),
        "title": _entity_title(res, info, events),
        "shape": "dot",
        "color": ENTITY_STYLE.get(cls, OTHER_ENTITY_COLOUR),
        "value": max(events, 1),
        "kgclass": cls,
        "search": _search_key(res, info),
    }


def _events_view(resources: dict[str, Resource], events: list[Resource]) -> ViewData:
    edges: list[dict] = []
    involvement: Counter[str] = Counter()
    for ev in events:
        for prop, name in ((KG.agent, "agent"), (KG.target, "target"), (KG.location, "location")):
            for o in ev.link(prop):
                involvement[o] += 1
                # the actor points at what it does; the event points at whom/where
                src, dst = (o, ev.iri) if name == "agent" else (ev.iri, o)
                edges.append(
                    {"from": src, "to": dst, "label": name, "title": name, **EDGE_STYLE[name]}
                )
    nodes = [_entity_node(iri, resources, n) for iri, n in sorted(involvement.items())]
    for ev in events:
        cls = ev.kg_class
        shape, colour = EVENT_STYLE[cls]
        nodes.append(
            {
                "id": ev.iri,
                "label": pick_text(ev.texts(KG.trigger), "zh") or cls,
                "title": _event_title(ev, resources),
                "shape": shape,
                "color": colour,
                "size": 12,
                "kgclass": cls,
                "search": " ".join([cls.lower(), *(str(t).lower() for t in ev.texts(KG.trigger))]),
            }
        )
    # how the drawn entities relate to each other (member of an alliance, city in a country)
    for iri in sorted(involvement):
        res = resources.get(iri)
        if res is None:
            continue
        for name in ROLE_LINKS:
            for o in res.link(KG[name]):
                if o in involvement:
                    edges.append({"from": iri, "to": o, "title": name, **EDGE_STYLE[name]})
    classes = Counter(n["kgclass"] for n in nodes)
    return ViewData(nodes, edges, dict(classes))


def _actors_view(resources: dict[str, Resource], events: list[Resource]) -> ViewData:
    pairs: dict[tuple[str, str, str], list[Resource]] = defaultdict(list)
    for ev in events:
        for a in ev.link(KG.agent):
            for t in ev.link(KG.target):
                if a != t:
                    pairs[(a, t, ev.kg_class)].append(ev)
    involvement: Counter[str] = Counter()
    for (a, t, _), evs in pairs.items():
        involvement[a] += len(evs)
        involvement[t] += len(evs)
    nodes = [_entity_node(iri, resources, n) for iri, n in sorted(involvement.items())]
    edges: list[dict] = []
    parallel: Counter[tuple[str, str]] = Counter()
    for (a, t, cls), evs in sorted(pairs.items()):
        n = len(evs)
        # several classes between the same two actors: bend each edge a little differently
        k = parallel[(a, t)]
        parallel[(a, t)] += 1
        triggers = sorted({pick_text(e.texts(KG.trigger), "zh") or "" for e in evs} - {""})
        dates = sorted({str(d) for e in evs for d in e.texts(KG.date)})
        title = [
            f"{_name(resources.get(a), a)} → {_name(resources.get(t), t)}",
            f"{cls} {CLASS_ZH.get(cls, '')}: {n} event{'s' if n != 1 else ''}",
        ]
        if triggers:
            title.append("Triggers: " + ", ".join(triggers))
        if dates:
            title.append("Dates: " + ", ".join(dates))
        edges.append(
            {
                "from": a,
                "to": t,
                "label": f"{cls} ×{n}",
                "title": "\n".join(title),
                "value": n,
                "color": EVENT_STYLE[cls][1],
                "kgclass": cls,
                "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.15 * k},
            }
        )
    classes = Counter(n["kgclass"] for n in nodes)
    classes.update(e["kgclass"] for e in edges)
    return ViewData(nodes, edges, dict(classes))


def _options(n_nodes: int) -> dict:
    big = n_nodes > 300
    return {
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 90,
                "springConstant": 0.06,
                "avoidOverlap": 0.3,
            },
            # bounded, then switched off by the page script: large graphs stay responsive
            "stabilization": {
                "enabled": True,
                "iterations": 150 if big else 400,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.5,
        },
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
            "multiselect": True,
        },
        "nodes": {
            "font": {"size": 14, "face": "sans-serif"},
            "borderWidth": 1,
            "scaling": {"min": 10, "max": 40, "label": {"enabled": False}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "color": "#555"},
            "smooth": False,
            "selectionWidth": 2,
            "scaling": {"min": 1, "max": 6, "label": {"enabled": False}},
        },
    }


def _legend_html(view: str, data: ViewData) -> str:
    esc = html_lib.escape
    rows = []
    entity_rows = [c for c in ENTITY_CLASSES if c in data.classes]
    event_rows = [c for c in EVENT_CLASSES if c in data.classes]
    extra = sorted(set(data.classes) - set(entity_rows) - set(event_rows))
    for cls in entity_rows + extra:
        colour = ENTITY_STYLE.get(cls, OTHER_ENTITY_COLOUR)
        rows.append((cls, _swatch("dot", colour), data.classes[cls]))
    for cls in event_rows:
        shape, colour = EVENT_STYLE[cls]
        swatch = (
            _swatch(shape, colour)
            if view == "events"
            else f'<span class="kg-line" style="background:{colour}"></span>'
        )
        rows.append((cls, swatch, data.classes[cls]))
    items = "\n".join(
        f'<label class="kg-item"><input type="checkbox" checked data-kgclass="{esc(cls)}">'
        f'{swatch}<span class="kg-name">{esc(cls)} {esc(CLASS_ZH.get(cls, ""))}</span>'
        f'<span class="kg-count">{count}</span></label>'
        for cls, swatch, count in rows
    )
    return items


_SHAPES = {
    "dot": '<circle cx="7" cy="7" r="6"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "hexagon": '<polygon points="7,1 12.2,4 12.2,10 7,13 1.8,10 1.8,4"/>',
    "triangle": '<polygon points="7,1 13,13 1,13"/>',
    "triangleDown": '<polygon points="1,1 13,1 7,13"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "star": '<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 '
    '0.5,5.2 5.2,5"/>',
}


def _swatch(shape: str, colour: str) -> str:
    return (
        f'<svg class="kg-swatch" width="14" height="14" viewBox="0 0 14 14" '
        f'fill="{colour}" stroke="#444" stroke-width="0.6">{_SHAPES[shape]}</svg>'
    )


_CSS = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden;
  font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
#mynetwork { border: none !important; float: none !important; }
/* on wide screens the graph sits right of the panel, so the panel hides no node */
@media (min-width: 800px) {
  #mynetwork { margin-left: 272px; width: calc(100% - 272px) !important; }
}
.card { border: none; }
div.vis-tooltip { white-space: pre-wrap; max-width: 460px; font-size: 13px; line-height: 1.4;
  font-family: inherit; padding: 6px 8px; }
#kg-panel { position: fixed; top: 10px; left: 10px; z-index: 10; width: 250px;
  background: rgba(255,255,255,0.93); border: 1px solid #ccc; border-radius: 6px;
  padding: 8px 10px; font-size: 13px; box-shadow: 0 1px 4px rgba(0,0,0,0.15); }
#kg-title { font-weight: 600; font-size: 14px; margin-bottom: 2px; overflow-wrap: anywhere; }
#kg-summary, #kg-help { color: #666; font-size: 12px; }
#kg-search { width: 100%; box-sizing: border-box; margin: 6px 0 2px; padding: 4px 6px;
  font-size: 13px; }
#kg-search-status { color: #666; font-size: 12px; min-height: 1em; }
#kg-legend { margin: 6px 0; }
.kg-item { display: flex; align-items: center; gap: 6px; cursor: pointer; padding: 1px 0; }
.kg-name { flex: 1; }
.kg-count { color: #888; font-size: 11px; }
.kg-swatch { flex: none; }
.kg-line { display: inline-block; width: 14px; height: 3px; flex: none; }
"""

_JS = """
(function () {
  "use strict";
  var status = document.getElementById("kg-search-status");
  var box = document.getElementById("kg-search");
  var hidden = {};
  function done() {
    if (window.kgStabilised) { return; }
    network.setOptions({ physics: false });
    window.kgStabilised = true;
    window.kgStabilisedMs = Math.round(performance.now());
  }
  if (nodes.length === 0) { done(); }
  network.once("stabilizationIterationsDone", done);
  // a small graph can settle before this script runs; vis then reports it as stabilized
  network.once("stabilized", done);
  if (network.physics && network.physics.stabilized) { done(); }
  function applyFilter() {
    var nodeUpdates = [], edgeUpdates = [];
    nodes.forEach(function (n) {
      var h = hidden[n.kgclass] === true;
      if ((n.hidden === true) !== h) { nodeUpdates.push({ id: n.id, hidden: h }); }
    });
    edges.forEach(function (e) {
      if (e.kgclass === undefined) { return; }
      var h = hidden[e.kgclass] === true;
      if ((e.hidden === true) !== h) { edgeUpdates.push({ id: e.id, hidden: h }); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }
  var boxes = document.querySelectorAll("#kg-legend input[data-kgclass]");
  Array.prototype.forEach.call(boxes, function (cb) {
    cb.addEventListener("change", function () {
      hidden[cb.getAttribute("data-kgclass")] = !cb.checked;
      applyFilter();
    });
  });
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); status.textContent = ""; return; }
    var ids = nodes.getIds({ filter: function (n) {
      return n.hidden !== true && (String(n.label || "").toLowerCase().indexOf(q) >= 0 ||
        String(n.search || "").indexOf(q) >= 0);
    } });
    network.selectNodes(ids);
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    if (ids.length > 0) { network.fit({ nodes: ids, animation: false }); }
  });
})();
"""

# the Bootstrap tags pyvis 0.3.2 puts in every page (upstream #229); the page does not use them
_BOOTSTRAP = re.compile(
    r'\s*<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>'
    r'|\s*<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>\s*</script>',
    re.DOTALL,
)
# a commented-out relative <script src> left in pyvis's template
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules/vis.*?-->", re.DOTALL)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>", re.DOTALL)
_REMOTE = re.compile(r'<script[^>]+src="http|<link[^>]+href="http')


def html_text(graph: Graph, view: str = "events", title: str = "newskg") -> str:
    """A self-contained HTML page (UTF-8 text) drawing ``view`` of ``graph``."""
    from pyvis.network import Network

    data = view_data(graph, view)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # pyvis's add_node/add_edge check membership in lists (quadratic); the data are already
    # consistent, so they go straight into its lists
    net.nodes = data.nodes
    net.node_ids = [n["id"] for n in data.nodes]
    net.edges = [{**e, "arrows": "to"} for e in data.edges]
    net.options = _options(len(data.nodes))
    nodes, edges, _, height, width, options = net.get_network_data()
    template = net.templateEnv.get_template(net.path)
    # Rendered here rather than with generate_html(): pyvis switches to an innerHTML popup
    # whenever a title contains "href", which would turn article text into markup.
    page = template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges,
        heading="",
        options=options,
        physics_enabled=True,
        use_DOT=False,
        dot_lang=None,
        widget=False,
        bgcolor=net.bgcolor,
        conf=False,
        tooltip_link=False,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    page = _BOOTSTRAP.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    if _REMOTE.search(page):  # pragma: no cover - a pyvis upgrade changed its template
        raise RuntimeError("pyvis template still loads a remote resource")
    esc = html_lib.escape
    n_entities = sum(1 for n in data.nodes if n["kgclass"] not in EVENT_CLASSES)
    n_events = len(data.nodes) - n_entities
    summary = (
        f"{n_entities} entities · {n_events} events · {len(data.edges)} links"
        if view == "events"
        else f"{n_entities} actors · {len(data.edges)} links (agent → target)"
    )
    head = (
        f"<title>{esc(title)}</title>\n"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{_CSS}</style>\n</head>"
    )
    page = page.replace("</head>", head, 1)
    panel = (
        '<div id="kg-panel">'
        f'<div id="kg-title">{esc(title)}</div>'
        f'<div id="kg-summary">{esc(summary)}</div>'
        '<input id="kg-search" type="search" placeholder="Search names 搜索名称…" '
        'autocomplete="off" aria-label="Search names">'
        '<div id="kg-search-status"></div>'
        f'<div id="kg-legend">{_legend_html(view, data)}</div>'
        '<div id="kg-help">Hover for details · untick a class to hide it · '
        "scroll to zoom · drag to move</div>"
        "</div>"
    )
    page = page.replace("<body>", "<body>\n" + panel, 1)
    tail = f"<script>{_JS}</script>\n</body>"
    idx = page.rfind("</body>")
    page = page[:idx] + tail + page[idx + len("</body>") :]
    log.debug(
        "html view %s: %d nodes, %d edges, %d bytes",
        view,
        len(data.nodes),
        len(data.edges),
        len(page),
    )
    return page


def view_counts(graph: Graph, view: str = "events") -> tuple[int, int]:
    """(nodes, edges) the page for ``view`` draws."""
    data = view_data(graph, view)
    return len(data.nodes), len(data.edges)
