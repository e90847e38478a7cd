"""``kg eval``: score a graph against gold annotation files."""

from __future__ import annotations

import click

from kg.commands import fail, run


@click.command("eval")
@click.argument("graph", type=click.Path())
@click.argument("gold", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-v", "--verbose", is_flag=True,
              help="List, per article, the missed gold events (FN), the spurious extracted "
                   "events (FP), missing entities and wrong Wikidata links.")
@click.option("--min-precision", type=click.FloatRange(0, 1), default=None, metavar="P",
              help="Exit with status 1 when the event precision (strict, micro) is below P.")
@click.option("--min-recall", type=click.FloatRange(0, 1), default=None, metavar="R",
              help="Exit with status 1 when the event recall (strict, micro) is below R.")
@click.option("--shared", "shared_root", type=click.Path(file_okay=False), default=None,
              help="Folder the gold files' article paths are relative to (used for a "
                   "gold file without url, and by --agreement to read the articles).")
@click.option("--agreement", is_flag=True,
              help="Compare two annotators instead: GRAPH is annotator A's gold (a folder of "
                   ".yaml files, or one file) and GOLD is annotator B's (folders or files); "
                   "B is scored against A by the same rule.")
def command(graph, gold, as_json, verbose, min_precision, min_recall, shared_root, agreement):
    """Score GRAPH (a graph file or a `kg build` output folder) against GOLD files.

    GOLD files are YAML, one per article (format: tests/gold/GUIDELINES.md).
    Matching: a gold file belongs to the graph article with the same url; its
    event evidence picks the sentence. An extracted event (one per source
    sentence) is correct when its sentence, class and its agent, target and
    location sets equal the gold ones (names match any label or altLabel,
    Traditional and Simplified alike); pairs are one-to-one. Events in articles
    without a gold file are not counted; a gold article missing from the graph
    counts all its events as missed. "lenient" pairs on class and sentence only.
    Date, quantity and modality accuracy are measured on the correct pairs.

    \b
    Examples:
      kg eval exports/ tests/gold/*.yaml
      kg eval exports/graph.ttl tests/gold/*.yaml --verbose
      kg eval exports/ tests/gold/*.yaml --json --min-precision 0.8 --min-recall 0.3
      kg eval --agreement tests/gold/heldout2 tests/gold/iaa

    With --agreement, annotator B's gold files are scored against annotator
    A's as if B were the graph: both put events in sentences by their
    evidence (the article text split as `kg build` splits it), and names
    match when equal, given the same QID, or known to the gazetteer as one
    entity. Precision is the share of B's events A has, recall the share of
    A's events B has.
    """
    from kg.eval import agreement as score_agreement
    from kg.eval import evaluate, format_report

    if agreement:
        report = run(score_agreement, [graph], gold, shared_root=shared_root)
    else:
        from kg.loading import load_graph

        g = run(load_graph, graph)
        report = run(evaluate, g, gold, shared_root=shared_root)
    click.echo(report.to_json() if as_json else format_report(report, verbose=verbose))

    total = report.total
    # an unmeasurable score (nothing extracted, or no gold events) does not pass a floor
    problems = []
    if min_precision is not None and (total.precision or 0.0) < min_precision:
        problems.append(f"precision {_show(total.precision)} is below {min_precision:g}")
    if min_recall is not None and (total.recall or 0.0) < min_recall:
        problems.append(f"recall {_show(total.recall)} is below {min_recall:g}")
    if problems:
        fail("; ".join(problems), 1)


def _show(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"
