"""``kg build``: articles in, exports out."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click

from kg.commands import fail, interrupt_status, run, sigterm_as_interrupt
from kg.errors import OutputError

#: What a user sees when Ctrl-C or SIGTERM stops a build before the exports were replaced.
INTERRUPTED = "interrupted; previous exports left unchanged"


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Folder to write <name>.ttl, <name>.graphml and <name>.html into "
              "(required unless --store is given).")
@click.option("--name", default="graph", show_default=True,
              help="Base name of the exported files.")
@click.option("--base", default=None,
              help="Base IRI of generated resources (default https://w3id.org/newskg/resource/).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest input file accepted, in bytes (default 20000000).")
@click.option("--strict", is_flag=True,
              help="Stop at the first bad input (default: build the good ones, list the bad).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core, when there are enough files).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the per-article step on a Dask cluster: tcp://HOST:PORT, or 'local' "
              "for an in-process cluster (needs dask[distributed]).")
@click.option("--store", default=None, type=click.Path(file_okay=False),
              help="Add the articles to this persistent Oxigraph store (created if needed): "
              "unchanged files are skipped, changed ones replaced. With -o, also export it.")
def command(inputs, out_dir, name, base, max_bytes, strict, jobs, scheduler, store):
    """Build a knowledge graph from news articles and export it.

    INPUTS are article files (.txt, .md, .html: the scraper wrapper, front matter,
    plain HTML or text) or folders holding them. All of them go into one merged graph.
    Bad inputs are listed at the end with the reason and make the exit status 1; the
    exports are replaced only when the build succeeds, so an error or Ctrl-C leaves the
    previous ones as they were.

    Articles are analysed in parallel (-j); a progress line shows on a terminal.
    --store keeps a graph that grows batch by batch (query it with kg query --store).

    \b
    Examples:
      kg build seeds/000_74332eaaa2aa362a.txt -o exports/
      kg build seeds/ -o /tmp/out --name nato
      kg build scraped/ -o /tmp/out -j 4
      kg build --store news.store scraped/2022-05-10/
    """
    from kg.api import DEFAULT_MAX_BYTES, EXPORT_NAMES, build, write_exports
    from kg.corpus import ProgressLine

    progress = ProgressLine()

    def on_article(path, doc, error) -> None:
        progress.update(len(doc.sentences) if doc is not None else 0, error is not None)

    if store is not None:
        _build_store(inputs, store, out_dir, name, base=base, jobs=jobs, scheduler=scheduler,
                     max_bytes=max_bytes, strict=strict, progress=progress)
        return
    if out_dir is None:  # click's own message, as if -o were required (it is, without --store)
        raise click.MissingParameter(param_type="option", param_hint="'-o' / '--out'")

    out = Path(out_dir)
    run(check_output_folder, out)  # before the long part, not after it
    targets = [out / f"{name}.{ext}" for ext in EXPORT_NAMES]
    with sigterm_as_interrupt():
        before = _snapshot(targets)
        temps_before = _temp_files(out, targets)
        try:
            try:
                result = run(build, inputs, base=base,
                             max_bytes=max_bytes or DEFAULT_MAX_BYTES, strict=strict,
                             jobs=jobs, scheduler=scheduler, keep_documents=False,
                             on_article=on_article)
            finally:
                progress.close()
            n_articles, n_entities, n_events = _counts(result)
            if not n_articles:
                if len(result.failures) == 1:
                    fail(result.failures[0].message, 1)
                _list_failures(result.failures)
                fail(f"none of the {len(result.failures)} inputs could be read; "
                     f"nothing was written", 1)
            paths = run(write_exports, result.graph, out, name=name)
        except KeyboardInterrupt as e:
            # A signal landing between the creation of a temp file and the code that would
            # remove it (a window of microseconds in kg.atomic) must not leave it behind.
            for tmp in _temp_files(out, targets) - temps_before:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            _report_interrupt(targets, before)
            raise SystemExit(interrupt_status(e)) from None
    click.echo(
        f"{n_articles} article(s), {n_entities} entities, {n_events} events, "
        f"{len(result.graph)} triples -> " + ", ".join(str(p) for p in paths),
        err=True,
    )
    if result.failures:
        n_inputs = n_articles + len(result.failures)
        click.echo(f"{len(result.failures)} of {n_inputs} inputs failed and are not in the "
                   f"graph:", err=True)
        _list_failures(result.failures)
        raise SystemExit(1)


def _list_failures(failures) -> None:
    """One ``Error:`` line per failed input (the traceback of an internal error is logged
    at DEBUG level while it happens, so --debug shows it)."""
    for f in failures:
        click.echo(f"Error: {f.message}", err=True)


def _counts(result) -> tuple[int, int, int]:
    """(articles, entities, events) of a build, from its stats when documents were not kept."""
    stats = getattr(result, "stats", None)
    if stats is not None:
        return stats.articles, len(stats.entities), stats.events
    docs = result.documents
    entities = {m.entity.key for d in docs for m in d.mentions}
    return len(docs), len(entities), sum(len(d.events) for d in docs)


def _temp_files(out: Path, targets: list[Path]) -> set[Path]:
    """Temp files of kg.atomic for ``targets`` (``.<name>.<random>.tmp``) now in ``out``."""
    try:
        names = os.listdir(out)
    except OSError:
        return set()
    prefixes = tuple(f".{t.name}." for t in targets)
    return {out / n for n in names if n.startswith(prefixes) and n.endswith(".tmp")}


def check_output_folder(out: Path) -> None:
    """Fail early when ``out`` cannot become a writable folder (nothing is created here)."""
    existing = out
    # Path.exists() is False for "file.txt/out" (ENOTDIR) and for a dangling symlink.
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(
            f"{out}: cannot create the output folder ({existing} is a file, not a folder);"
            f" choose another with -o"
        )
    if not _writable(existing):
        raise OutputError(
            f"{out}: cannot write there (folder {existing} is not writable);"
            f" choose another with -o"
        )


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _snapshot(targets: list[Path]) -> dict[Path, tuple[int, int, int] | None]:
    """Identity of each export file (inode, size, mtime) so an interrupt can tell whether
    the renames had already begun."""
    snap: dict[Path, tuple[int, int, int] | None] = {}
    for t in targets:
        try:
            st = t.stat()
        except OSError:
            snap[t] = None
        else:
            snap[t] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return snap


def _report_interrupt(targets: list[Path], before: dict) -> None:
    after = _snapshot(targets)
    replaced = [t for t in targets if after[t] != before[t]]
    if not replaced:
        click.echo(INTERRUPTED, err=True)
    elif len(replaced) == len(targets):
        click.echo("interrupted after the new exports were written", err=True)
    else:
        # The interrupt fell between two renames (a window of microseconds).
        kept = [str(t) for t in targets if t not in replaced]
        click.echo(
            f"interrupted while replacing the exports: {', '.join(map(str, replaced))} new, "
            f"{', '.join(kept)} old; run the build again",
            err=True,
        )


def _build_store(inputs, store, out_dir, name, *, progress, **options) -> None:
    """``kg build --store``: add the inputs to the store, report, export with -o."""
    from kg import store as st

    if out_dir is not None:
        run(check_output_folder, Path(out_dir))

    def on_outcome(out) -> None:
        progress.update(out.sentences, out.error is not None)

    try:
        result = run(st.add_paths, store, inputs, on_outcome=on_outcome, **options)
    finally:
        progress.close()
    click.echo(
        f"{len(result.added)} added, {len(result.replaced)} replaced, "
        f"{len(result.skipped)} unchanged; {result.articles} article(s), "
        f"{result.triples} triples in {store}",
        err=True,
    )
    if out_dir is not None:
        from kg.api import write_exports

        paths = run(write_exports, run(st.open_graph, store), Path(out_dir), name=name)
        click.echo("-> " + ", ".join(str(p) for p in paths), err=True)
    if result.failures:
        click.echo(f"{len(result.failures)} input(s) failed and are not in the store:",
                   err=True)
        for _source, message in result.failures:
            click.echo(f"Error: {message}", err=True)
        raise SystemExit(1)
