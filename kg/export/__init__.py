"""Exports of a built graph: RDF serialisations, GraphML/GEXF, CSV, and the HTML view.

Every exporter is a function ``graph -> bytes`` looked up by format name in ``FORMATS``;
``export(graph, fmt, path)`` writes the result atomically. The formats' modules import
rdflib/networkx/pyvis, so they are imported only when a format is used.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

# format name -> (module, function name); each function takes a graph and returns bytes
_REGISTRY: dict[str, tuple[str, str]] = {
    "ttl": ("kg.export.turtle", "turtle_bytes"),
    "nt": ("kg.export.turtle", "ntriples_bytes"),
    "jsonld": ("kg.export.turtle", "jsonld_bytes"),
    "trig": ("kg.export.turtle", "trig_bytes"),
    "graphml": ("kg.export.graphml", "graphml_bytes"),
    "gexf": ("kg.export.graphml", "gexf_bytes"),
    "csv": ("kg.export.tabular", "csv_bytes"),
}

FORMATS: frozenset[str] = frozenset(_REGISTRY)

# the file extension each format is usually written with
EXTENSIONS: dict[str, str] = {
    "ttl": ".ttl",
    "nt": ".nt",
    "jsonld": ".jsonld",
    "trig": ".trig",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
}


def exporter(fmt: str) -> Callable[[Graph], bytes]:
    """The function that renders ``fmt``; UsageError listing the known formats otherwise."""
    try:
        module, name = _REGISTRY[fmt]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UsageError(f"unknown export format {fmt!r}; use one of: {known}") from None
    return getattr(importlib.import_module(module), name)


def render(graph: Graph, fmt: str) -> bytes:
    """The bytes of ``graph`` in format ``fmt``."""
    return exporter(fmt)(graph)


def export(graph: Graph, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write ``graph`` in format ``fmt`` to ``path`` atomically; return the path."""
    from kg.atomic import atomic_write_bytes

    data = render(graph, fmt)
    return atomic_write_bytes(path, data)
