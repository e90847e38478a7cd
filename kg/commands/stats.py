"""``kg stats``: summary numbers of a graph."""

from __future__ import annotations

import click

from kg.commands import run


@click.command("stats")
@click.argument("graph", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def command(graph, as_json):
    """Count what GRAPH holds: articles, sentences, entities and events by class and by
    month, the most frequent agents and targets, and Wikidata links.

    \b
    Examples:
      kg stats exports/
      kg stats exports/graph.ttl --json
    """
    import json

    from kg.loading import load_graph
    from kg.stats import format_stats, stats

    g = run(load_graph, graph)
    d = run(stats, g)
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(d), nl=False)
