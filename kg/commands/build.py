"""``kg build``: articles in, exports out."""

from __future__ import annotations

import click

from kg.commands import fail, run


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write <name>.ttl, <name>.graphml and <name>.html into.")
@click.option("--name", default="graph", show_default=True,
              help="Base name of the exported files.")
@click.option("--base", default=None,
              help="Base IRI of generated resources (default https://w3id.org/newskg/resource/).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest input file accepted, in bytes (default 20000000).")
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
def command(inputs, out_dir, name, base, max_bytes, strict):
    """Build a knowledge graph from news articles and export it.

    INPUTS are article files (.txt, .md, .html: the scraper wrapper, front matter,
    plain HTML or text) or folders holding them. All of them go into one merged graph.

    \b
    Examples:
      kg build seeds/000_74332eaaa2aa362a.txt -o exports/
      kg build seeds/ -o /tmp/out --name nato
    """
    from kg.api import DEFAULT_MAX_BYTES, build, write_exports

    result = run(build, inputs, base=base, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                 strict=strict)
    if not result.documents:
        for f in result.failures:
            click.echo(f"Error: {f.message}", err=True)
        fail(f"none of the {len(result.failures)} inputs could be read; nothing was written", 1)
    paths = run(write_exports, result.graph, out_dir, name=name)
    n_events = sum(len(d.events) for d in result.documents)
    n_entities = len({m.entity.key for d in result.documents for m in d.mentions})
    click.echo(
        f"{len(result.documents)} article(s), {n_entities} entities, {n_events} events, "
        f"{len(result.graph)} triples -> " + ", ".join(str(p) for p in paths),
        err=True,
    )
    if result.failures:
        click.echo(f"{len(result.failures)} input(s) failed:", err=True)
        for f in result.failures:
            click.echo(f"Error: {f.message}", err=True)
        raise SystemExit(1)
