"""SHACL validation of a graph against ontology/shapes.ttl, with one readable line per
violation (the node as a prefixed name, the property, the shape's message)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:  # rdflib/pyshacl are imported lazily so `kg --help` stays fast
    import rdflib

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValidationResult:
    focus: str  # the node that broke a constraint, as a prefixed name (kgr:event/abc)
    path: str | None  # the property, as a prefixed name (kg:sourceSentence), if any
    message: str  # the shape's sh:message (or pyshacl's description)
    severity: str  # "Violation", "Warning" or "Info"
    constraint: str = ""  # the SHACL constraint component, e.g. "MinCount"


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]


def validate(graph: rdflib.Graph, shapes: rdflib.Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against ``shapes`` (default: kg.vocab.shapes_graph()).

    Results come sorted (severity, node, path, message) so the report is deterministic.
    """
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    if shapes is None:
        from kg.vocab import shapes_graph

        shapes = shapes_graph()
    data = graph
    if not isinstance(graph, Graph) or type(graph).__name__ in ("Dataset", "ConjunctiveGraph"):
        # pyshacl validates each named graph of a Dataset on its own; the contract's
        # constraints span the whole graph, so validate the union
        data = Graph()
        for triple in graph.triples((None, None, None)):
            data.add(triple)
    try:
        conforms, report_graph, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
        )
    except Exception as e:
        raise KgError(f"SHACL validation failed to run: {e}; check ontology/shapes.ttl") from e

    names = _Namer(graph)
    results = []
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(r, SH.focusNode)
        path = report_graph.value(r, SH.resultPath)
        messages = sorted(str(m) for m in report_graph.objects(r, SH.resultMessage))
        severity = report_graph.value(r, SH.resultSeverity)
        component = report_graph.value(r, SH.sourceConstraintComponent)
        value = report_graph.value(r, SH.value)
        message = messages[0] if messages else "constraint not met"
        if value is not None and path is not None and value != focus:
            message = f"{message} (value: {names(value)})"
        results.append(
            ValidationResult(
                focus=names(focus),
                path=names(path) if path is not None else None,
                message=message,
                severity=_local(severity) or "Violation",
                constraint=(_local(component) or "").removesuffix("ConstraintComponent"),
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (order.get(r.severity, 3), r.focus, r.path or "", r.message))
    log.debug("validation: conforms=%s, %d results", conforms, len(results))
    return ValidationReport(conforms=bool(conforms), results=results)


def format_report(report: ValidationReport) -> str:
    """'conforms', or one line per result: `kgr:event/abc kg:sourceSentence: message [MinCount]`
    (warnings and infos marked as such), then a count."""
    if report.conforms and not report.results:
        return "conforms\n"
    lines = []
    for r in report.results:
        where = f"{r.focus} {r.path}" if r.path else r.focus
        tag = f" [{r.constraint}]" if r.constraint else ""
        level = "" if r.severity == "Violation" else f"{r.severity.lower()}: "
        lines.append(f"{level}{where}: {r.message}{tag}")
    n = len(report.violations)
    others = len(report.results) - n
    summary = f"{n} violation{'s' if n != 1 else ''}"
    if others:
        summary += (
            f", {others} warning{'s' if others != 1 else ''} or note{'s' if others != 1 else ''}"
        )
    if report.conforms:
        summary = "conforms, with " + summary.split(", ", 1)[-1]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _local(term) -> str | None:
    if term is None:
        return None
    s = str(term)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Namer:
    """A term as a person reads it: prefixed name for IRIs, N-Triples form for literals."""

    def __init__(self, graph: rdflib.Graph) -> None:
        from kg.query import prefixes

        self.ns = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))

    def __call__(self, term) -> str:
        from rdflib import BNode, Literal, URIRef

        if isinstance(term, URIRef):
            s = str(term)
            for prefix, ns in self.ns:
                if s.startswith(ns) and len(s) > len(ns):
                    return f"{prefix}:{s[len(ns) :]}"
            return f"<{s}>"
        if isinstance(term, Literal):
            return term.n3()
        if isinstance(term, BNode):
            return "[blank node]"
        return str(term)
