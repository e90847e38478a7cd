"""``kg viz``: an interactive HTML page of a built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands import run


@click.command("viz")
@click.argument("graph", type=click.Path())
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
def command(graph, out, view, title, open_):
    """Draw GRAPH (a graph file or a `kg build` output folder) as one HTML page.

    The page works offline (no CDN); hover a node for its details, type in the search
    box to find a name, untick a class in the legend to hide it.

    \b
    Examples:
      kg viz exports/ -o net.html --open
      kg viz exports/graph.ttl -o actors.html --view actors
    """
    from kg.api import load_graph
    from kg.atomic import atomic_write_text
    from kg.export.html import html_text

    g = run(load_graph, graph)
    page_title = title or f"newskg: {Path(graph).resolve().name}"
    text = run(html_text, g, view=view, title=page_title)
    path = run(atomic_write_text, out, text)
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
    click.echo(str(path))
