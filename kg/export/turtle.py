"""RDF serialisations (Turtle, N-Triples, JSON-LD, TriG) with deterministic bytes.

The graph uses deterministic IRIs and no blank nodes, so the same input must give the same
bytes: rdflib's Turtle/TriG writers sort subjects and objects already; N-Triples and JSON-LD
come out in hash order, so they are sorted here.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph

from kg.vocab import bind_prefixes


def _as_graph(graph: Graph) -> Graph:
    """A Dataset (e.g. loaded from .trig) as one Graph of all its triples; a Graph as is."""
    if not isinstance(graph, Dataset):
        return graph
    union = Graph()
    for triple in graph.triples((None, None, None)):
        union.add(triple)
    return union


def _bound(graph: Graph) -> Graph:
    graph = _as_graph(graph)
    # Binding prefixes on the caller's graph is harmless (the builder binds the same ones) and
    # avoids copying a large graph just to change how its IRIs are abbreviated.
    return bind_prefixes(graph)


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle, UTF-8, prefixes from kg.vocab; byte-identical for equal graphs (no bnodes)."""
    return _bound(graph).serialize(format="turtle", encoding="utf-8")


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted so that equal graphs give equal bytes."""
    data = _as_graph(graph).serialize(format="nt", encoding="utf-8")
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"".join(line + b"\n" for line in lines)


def jsonld_bytes(graph: Graph) -> bytes:
    """JSON-LD (expanded IRIs compacted with the contract's prefixes), nodes sorted by @id."""
    bound = _bound(graph)
    context = {
        p: str(n)
        for p, n in bind_prefixes(Graph()).namespace_manager.namespaces()
        if p in _CONTEXT_PREFIXES
    }
    text = bound.serialize(format="json-ld", context=context, encoding="utf-8").decode("utf-8")
    doc = _sorted_json(json.loads(text))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# prefixes put into the JSON-LD @context (all the contract's prefixes, nothing of rdflib's)
_CONTEXT_PREFIXES = frozenset(
    {"kg", "kgr", "wd", "sem", "nif", "schema", "prov", "skos", "owl", "rdfs", "xsd"}
)


def _sorted_json(value):
    """Sort every JSON array (node lists, multi-valued properties) by a canonical key."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def trig_bytes(graph: Graph) -> bytes:
    """TriG with one named graph per article (named by the article IRI: what that outlet
    said) and the corpus statements (entities, roles, events) in the default graph. A
    Dataset keeps its own named graphs."""
    if isinstance(graph, Dataset):
        dataset = graph
        bind_prefixes(dataset)
    else:
        from kg.graph import split_by_article

        dataset = split_by_article(graph)
    return dataset.serialize(format="trig", encoding="utf-8")
