"""``kg viz``: an interactive HTML page of a built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands import run


@click.command("viz")
@click.argument("graph", required=False, type=click.Path())
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="HTML file to write."
)
@click.option(
    "--view",
    type=click.Choice(["events", "actors"]),
    default="events",
    show_default=True,
    help="events: entities and the events linking them; "
    "actors: entities only, one edge per agent, target and event class.",
)
@click.option("--title", default=None, help="Page title (default: the graph's file name).")
@click.option("--open", "open_", is_flag=True, help="Open the page in the web browser.")
@click.option("--store", type=click.Path(file_okay=False),
              help="Draw the graph of a store written by `kg build --store` (instead of GRAPH).")
def command(graph, out, view, title, open_, store):
    """Draw GRAPH (a graph file or a `kg build` output folder) as one HTML page.

    The page works offline (no CDN); hover a node for its details, type in the search
    box to find a name, untick a class in the legend to hide it.

    \b
    Examples:
      kg viz exports/ -o net.html --open
      kg viz exports/graph.ttl -o actors.html --view actors
      kg viz --store news.store -o news.html
    """
    from kg.api import load_graph
    from kg.atomic import atomic_write_text
    from kg.export.html import html_text
    from kg.store import graph_or_store

    source = run(graph_or_store, graph, store)
    g = run(load_graph, source)
    page_title = title or f"newskg: {Path(source).resolve().name}"
    text = run(html_text, g, view=view, title=page_title)
    path = run(atomic_write_text, out, text)
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
    click.echo(str(path))
