"""``kg export``: a built graph in another format (RDF, GraphML/GEXF, CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands import fail, run

# kept here (not imported from kg.export) only for the help text; kg.export.FORMATS decides
_FORMATS_HELP = "ttl, nt, jsonld, trig, graphml, gexf, csv"


@click.command("export")
@click.argument("graph", required=False, type=click.Path())
@click.option(
    "-f",
    "--format",
    "fmt",
    default=None,
    metavar="FMT",
    help=f"Output format: {_FORMATS_HELP}. Default: from the extension of -o.",
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write ('-' writes to standard output).",
)
@click.option("--store", type=click.Path(file_okay=False),
              help="Read the graph from a store written by `kg build --store` (instead of GRAPH).")
def command(graph, fmt, out, store):
    """Convert GRAPH (a graph file or a `kg build` output folder) to another format.

    With --store, trig keeps the store's layout: one named graph per article (named by
    the article IRI) and the merged entities and events in the default graph.

    Formats: ttl (Turtle), nt (N-Triples, sorted), jsonld (JSON-LD), trig (TriG),
    graphml (Gephi, Cytoscape, yEd), gexf (Gephi), csv (one row per event).
    The file is written completely or not at all.

    \b
    Examples:
      kg export exports/ --format graphml -o graph.graphml
      kg export exports/graph.ttl -o events.csv
      kg export exports/ -f nt -o - | sort | head
      kg export --store news.store -o news.trig
    """
    from kg.api import load_graph
    from kg.errors import UsageError
    from kg.export import EXTENSIONS, export, render
    from kg.store import graph_or_store

    if fmt is None:
        by_ext = {ext: name for name, ext in EXTENSIONS.items()}
        fmt = by_ext.get(Path(out).suffix.lower()) if out != "-" else None
        if fmt is None:
            fail(
                f"{out}: cannot tell the format from the file name; "
                f"add --format with one of: {_FORMATS_HELP}",
                UsageError.exit_code,
            )
    g = run(load_graph, run(graph_or_store, graph, store))
    if out == "-":
        data = run(render, g, fmt)
        import sys

        out_stream = sys.stdout
        out_stream.flush()
        out_stream.buffer.write(data)
        out_stream.buffer.flush()
        return
    path = run(export, g, fmt, out)
    click.echo(f"{path} ({fmt}, {path.stat().st_size} bytes)", err=True)
