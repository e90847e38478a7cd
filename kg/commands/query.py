"""``kg query``: SPARQL (or a preset) over a graph, printed as a table or data."""

from __future__ import annotations

import click

from kg.commands import fail, run

# kg.query.FORMATS, repeated here so `kg query --help` imports nothing heavy
FORMATS = ("table", "csv", "tsv", "json", "ttl", "nt")
# kg.query.DEFAULT_PRESET_LIMIT, repeated for the same reason
PRESET_LIMIT = 1000


@click.command("query")
@click.argument("graph", required=False, type=click.Path())
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.Path(), help="Read the query from a .rq file."
)
@click.option("-p", "--preset", help="Run a named preset query (see --list).")
@click.option("--list", "list_presets", is_flag=True, help="List the presets and exit.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME before the query runs (repeatable). IRIs (https://…, kgr:…) become IRIs, "
    "numbers integers, 2022-03-24 a date, anything else a string.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Rows: table, csv, tsv, json (SPARQL results JSON). CONSTRUCT/DESCRIBE: ttl, nt.",
)
@click.option("--iris", is_flag=True, help="In tables, show IRIs instead of labels.")
@click.option("--store", type=click.Path(file_okay=False),
              help="Query a store written by `kg build --store` (then GRAPH is left out); "
              "Oxigraph evaluates the query.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help=f"Print at most N rows; 0 prints all. A preset prints at most {PRESET_LIMIT} unless "
    "told otherwise, and says on stderr when rows were left out.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Give up after this many seconds.",
)
def command(graph, sparql, query_file, preset, list_presets, params, fmt, iris, limit, timeout,
            store):
    """Run a read-only SPARQL query, or a preset, over GRAPH.

    GRAPH is a graph file (.ttl .nt .jsonld .trig .nq .rdf .n3) or a folder written by
    `kg build -o DIR`. The prefixes kg: kgr: wd: schema: rdfs: skos: owl: xsd: prov: sem:
    nif: are predeclared. Updates, SERVICE and FROM are refused: the query never changes
    the file and never touches the network.

    \b
    Examples:
      kg query --list
      kg query exports/ --preset demands
      kg query exports/ --preset who --param actor=北约
      kg query exports/graph.ttl 'SELECT ?l WHERE { ?e a kg:Country ; rdfs:label ?l }'
      kg query exports/ --file my.rq --format csv > rows.csv
      kg query --store news.store --preset demands
      kg query --store news.store --preset events --limit 0 --format csv > all.csv
    """
    from kg import query as q

    if list_presets:
        presets = q.list_presets()
        width = max(len(n) for n in presets)
        for name, description in presets.items():
            click.echo(f"{name.ljust(width)}  {description}")
        return
    if store is not None and sparql is None and graph is not None:
        graph, sparql = None, graph  # kg query --store S 'SELECT …': the one argument is SPARQL
    if store is not None:
        from kg.store import graph_or_store

        graph = run(graph_or_store, graph, store)
    if graph is None:
        fail("missing GRAPH; usage: kg query GRAPH (SPARQL | --file F | --preset NAME)", 2)
    given = [x for x in (sparql, query_file, preset) if x is not None]
    if len(given) != 1:
        fail(
            "give exactly one query: a SPARQL string, --file F or --preset NAME "
            "(kg query --list shows the presets)",
            2,
        )
    bindings = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep or not name:
            fail(f"--param {p!r}: expected NAME=VALUE, e.g. --param actor=北约", 2)
        bindings[name] = value
    if preset is not None:
        run(q.get_preset, preset)  # unknown preset: error before the graph is loaded
    elif query_file is not None:
        sparql = run(_read_query, query_file)

    from kg import store as st
    from kg.loading import load_graph

    g = run(load_graph, graph)
    # a store is queried by Oxigraph itself (same checks and messages as kg.query)
    runner = st if st.is_store_graph(g) else q
    if preset is not None:
        limit = q.DEFAULT_PRESET_LIMIT if limit is None else limit
        result = run(runner.run_preset, g, preset, params=bindings, timeout=timeout,
                     limit=limit)
    else:
        source = query_file if query_file is not None else "query"
        result = run(runner.run_query, g, sparql, params=bindings, timeout=timeout,
                     source=source, limit=limit)
    click.echo(run(q.format_result, result, fmt, iris=iris, graph=g), nl=False)
    if getattr(result, "truncated", False):
        click.echo(f"note: the first {limit} rows are shown and more match; --limit 0 prints "
                   "all of them", err=True)


def _read_query(path: str) -> str:
    from pathlib import Path

    from kg.errors import InputError

    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such query file; check the path") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the query as UTF-8") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
