"""The RDF graph as a property graph (networkx), and its GraphML and GEXF files.

rdflib's own converters are not GraphML-safe (lists on edges; literals as nodes that merge
``"北约"@zh`` with ``"北约"@zh-Hans``), so this module has its own: resources become nodes keyed
by their IRI, IRI-valued triples become edges, literals become plain attributes. Gephi shows
the node attribute ``label``; Cytoscape reads ``name`` on nodes and ``interaction`` on edges.

``read_resources`` (one pass over the triples) is shared with the HTML and CSV exports.
"""

from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.vocab import KG, SCHEMA, WD

log = logging.getLogger(__name__)

_KG_NS = str(KG._NS)
_WD_NS = str(WD)

# IRI-valued properties kept as node attributes rather than edges: sameAs points at Wikidata
# (one QID per entity, not a node worth drawing) and citations/urls at web pages, which would
# only add unlabelled stub nodes.
_ATTRIBUTE_LINKS = {OWL.sameAs, SCHEMA.citation, SCHEMA.url, RDFS.seeAlso}

# attribute names the converter sets itself; a literal property with the same local name gets
# its prefix in front (schema:name -> schema_name)
_RESERVED = {"id", "label", "name", "type", "uri", "wikidata", "articles", "label_zh", "label_en"}

_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.short,
}

SENTENCE_LABEL_CHARS = 30


@dataclass
class Resource:
    """What the graph says about one IRI subject, gathered in a single pass."""

    iri: str
    types: set[URIRef] = field(default_factory=set)
    literals: dict[URIRef, list[Literal]] = field(default_factory=lambda: defaultdict(list))
    links: dict[URIRef, list[URIRef]] = field(default_factory=lambda: defaultdict(list))

    @property
    def kg_class(self) -> str:
        """The local name of its kg: class (``Demand``, ``Country``...), else of any class."""
        return kg_class_of(self.types)

    def texts(self, predicate: URIRef) -> list[Literal]:
        return self.literals.get(predicate, [])

    def link(self, predicate: URIRef) -> list[str]:
        return sorted(str(o) for o in self.links.get(predicate, []))


def kg_class_of(types: set[URIRef]) -> str:
    kg_types = sorted(local_name(t) for t in types if str(t).startswith(_KG_NS))
    specific = [t for t in kg_types if t != "Event"]
    if specific:
        return specific[0]
    if kg_types:
        return kg_types[0]
    if types:
        return min(local_name(t) for t in types)
    return "Resource"


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/`` (``.../ontology#agent`` -> ``agent``)."""
    iri = str(iri)
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] if cut >= 0 and cut < len(iri) - 1 else iri


def _is_ontology_term(iri: str) -> bool:
    # kg:Demand etc. are subjects only when the ontology is merged into the data; they are
    # vocabulary, not things the news talks about.
    return iri.startswith(_KG_NS)


def read_resources(graph: Graph) -> dict[str, Resource]:
    """Every IRI subject of ``graph`` (except ontology terms) with its types, literals, links."""
    resources: dict[str, Resource] = {}
    # triples(), not iteration: a Dataset iterates over quads
    for s, p, o in graph.triples((None, None, None)):
        if not isinstance(s, URIRef):
            continue
        key = str(s)
        if _is_ontology_term(key):
            continue
        res = resources.get(key)
        if res is None:
            res = resources[key] = Resource(key)
        if p == RDF.type:
            if isinstance(o, URIRef):
                res.types.add(o)
        elif isinstance(o, Literal):
            res.literals[p].append(o)
        elif isinstance(o, URIRef):
            res.links[p].append(o)
    for res in resources.values():
        for values in res.literals.values():
            values.sort(key=lambda lit: (lit.language or "", str(lit.datatype or ""), str(lit)))
        for values in res.links.values():
            values.sort()
    return resources


def _is_zh(lang: str | None) -> bool:
    return bool(lang) and (lang == "zh" or lang.startswith("zh-"))


def pick_text(values: list[Literal], lang: str = "zh") -> str | None:
    """The value in ``lang`` (``zh`` also matches zh-Hant etc., plain ``zh`` first), or None."""
    if lang == "zh":
        exact = [v for v in values if v.language == "zh"]
        other = [v for v in values if _is_zh(v.language)]
        for group in (exact, other):
            if group:
                return str(group[0])
        return None
    for v in values:
        if v.language == lang:
            return str(v)
    return None


def labels(res: Resource) -> tuple[str | None, str | None]:
    """(Chinese label, English label) from rdfs:label, either may be None."""
    values = res.texts(RDFS.label)
    zh = pick_text(values, "zh")
    en = pick_text(values, "en")
    if zh is None and en is None and values:
        zh = str(values[0])
    return zh, en


def display_label(res: Resource) -> str:
    """The name a person would call the node by: its label, headline, title, trigger..."""
    zh, en = labels(res)
    if zh or en:
        return zh or en or ""
    for predicate in (SCHEMA.headline, KG.roleTitle, KG.trigger):
        values = res.texts(predicate)
        if values:
            return pick_text(values, "zh") or pick_text(values, "en") or str(values[0])
    text = res.texts(KG.text)
    if text:
        first = str(text[0])
        return first if len(first) <= SENTENCE_LABEL_CHARS else first[:SENTENCE_LABEL_CHARS] + "…"
    return local_name(res.iri)


def wikidata_ids(res: Resource) -> list[str]:
    return sorted(local_name(o) for o in res.links.get(OWL.sameAs, []) if str(o).startswith(_WD_NS))


def _attribute_name(predicate: URIRef, lang: str | None, graph: Graph) -> str:
    name = local_name(predicate)
    if predicate == SKOS.altLabel:
        return "alt_labels"
    elif name in _RESERVED:
        prefix = (
            graph.namespace_manager.compute_qname(str(predicate), generate=False)[0]
            if _has_prefix(graph, predicate)
            else "p"
        )
        name = f"{prefix}_{name}"
    if lang and not _is_zh(lang):
        name = f"{name}_{re.sub(r'[^A-Za-z0-9]', '_', lang)}"
    return name


def _has_prefix(graph: Graph, predicate: URIRef) -> bool:
    try:
        graph.namespace_manager.compute_qname(str(predicate), generate=False)
    except (KeyError, ValueError):
        return False
    return True


def _node_attributes(res: Resource, graph: Graph) -> dict[str, str | int | float | bool]:
    _, en = labels(res)
    label = display_label(res)
    attrs: dict[str, str | int | float | bool] = {
        "label": label,
        "name": label,
        "type": res.kg_class,
        "uri": res.iri,
    }
    zh_tagged = pick_text(res.texts(RDFS.label), "zh")
    if zh_tagged:
        attrs["label_zh"] = zh_tagged
    if en:
        attrs["label_en"] = en
    qids = wikidata_ids(res)
    if qids:
        attrs["wikidata"] = " | ".join(qids)
    mentioned = res.links.get(KG.mentionedIn)
    if mentioned:
        attrs["articles"] = len(set(mentioned))

    grouped: dict[str, list[Literal]] = defaultdict(list)
    for predicate, values in res.literals.items():
        if predicate == RDFS.label:
            continue  # label, label_zh, label_en above
        for value in values:
            grouped[_attribute_name(predicate, value.language, graph)].append(value)
    # IRIs that stay attributes (citations, non-Wikidata sameAs)
    for predicate in sorted(_ATTRIBUTE_LINKS):
        targets = [str(o) for o in res.links.get(predicate, [])]
        if predicate == OWL.sameAs:
            targets = [t for t in targets if not t.startswith(_WD_NS)]
        if targets:
            attrs[_attribute_name(predicate, None, graph)] = " | ".join(sorted(set(targets)))
    for name, values in grouped.items():
        if len(values) == 1 and values[0].datatype in _INTEGER_TYPES:
            py = values[0].toPython()
            if isinstance(py, int) and not isinstance(py, bool):
                attrs[name] = py
                continue
        attrs[name] = " | ".join(dict.fromkeys(str(v) for v in values))
    return {k: attrs[k] for k in sorted(attrs)}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """A MultiDiGraph with one node per resource and one edge per IRI-valued triple.

    Nodes are keyed by IRI and carry ``label``/``name`` (the Chinese label, else English, else
    headline/role title/trigger/sentence start, else the IRI's local name), ``type`` (the kg:
    class local name), ``uri``, ``label_en``, ``wikidata`` (QID), ``articles`` (how many
    articles mention it) and one attribute per literal property (``text``, ``date``,
    ``trigger``...). Classes are attributes, not nodes. Edges carry ``label`` and
    ``interaction`` (the predicate's local name) and ``predicate`` (its IRI). Node and edge
    order is sorted, so the files written from it are deterministic.
    """
    resources = read_resources(graph)
    g = nx.MultiDiGraph()
    edges: list[tuple[str, str, str]] = []
    targets: set[str] = set()
    for iri, res in resources.items():
        for predicate, objects in res.links.items():
            if predicate in _ATTRIBUTE_LINKS:
                continue
            for o in objects:
                if _is_ontology_term(str(o)):
                    continue
                edges.append((iri, str(o), str(predicate)))
                targets.add(str(o))
    for iri in sorted(set(resources) | targets):
        res = resources.get(iri) or Resource(iri)
        g.add_node(iri, **_node_attributes(res, graph))
    for s, o, p in sorted(set(edges)):
        name = local_name(p)
        g.add_edge(s, o, key=p, label=name, interaction=name, predicate=p)
    _unify_attribute_types(g)
    return g


def _unify_attribute_types(g: nx.MultiDiGraph) -> None:
    """GraphML declares one type per attribute name: if nodes disagree, make them all str."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for _, data in g.nodes(data=True):
        for k, v in data.items():
            kinds[k].add(type(v))
    mixed = {k for k, ts in kinds.items() if len(ts) > 1}
    if not mixed:
        return
    log.debug("attributes with mixed types written as text: %s", sorted(mixed))
    for _, data in g.nodes(data=True):
        for k in mixed & data.keys():
            data[k] = str(data[k])


def graphml_bytes(graph: Graph) -> bytes:
    """GraphML (UTF-8) of ``to_networkx(graph)``; opens in Gephi, Cytoscape and yEd."""
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(graph: Graph) -> bytes:
    """GEXF 1.2 (UTF-8) of ``to_networkx(graph)`` for Gephi."""
    g = to_networkx(graph)
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    return re.sub(rb'<meta lastmodifieddate="[^"]*">', b"<meta>", buffer.getvalue(), count=1)
