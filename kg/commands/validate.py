"""``kg validate``: check a graph against the SHACL shapes of the ontology."""

from __future__ import annotations

import click

from kg.commands import run


@click.command("validate")
@click.argument("graph", type=click.Path())
def command(graph):
    """Check GRAPH against ontology/shapes.ttl (SHACL).

    Prints "conforms", or one line per violation naming the node, the property and the
    broken constraint. Exit status 1 when the graph does not conform.

    \b
    Examples:
      kg validate exports/
      kg validate exports/graph.ttl
    """
    from kg.loading import load_graph
    from kg.validate import format_report, validate

    g = run(load_graph, graph)
    report = run(validate, g)
    click.echo(format_report(report), nl=False)
    if not report.conforms:
        raise SystemExit(1)
