"""The Python API: what the ``kg`` command line calls, and what users import.

    from kg.api import build, write_exports
    result = build(["seeds/"])
    write_exports(result.graph, "exports/")
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, OutputError
from kg.model import Article, Document

log = logging.getLogger(__name__)

#: File extensions read when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Default size limit of one input file (raise with ``max_bytes`` / ``--max-bytes``).
DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class Failure:
    path: str
    message: str  # one line: "<path>: <what is wrong>; <what to do>"


@dataclass
class BuildResult:
    graph: object  # rdflib.Graph
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: object = None  # kg.corpus.CorpusStats: articles, sentences, events, entities


def analyse(article: Article, *, gazetteer=None, segmenter=None) -> Document:
    """Article -> Document with sentences, tokens, entity mentions and events."""
    from kg.gazetteer import default as default_gazetteer
    from kg.text import default_segmenter, split_sentences

    gaz = gazetteer or default_gazetteer()
    seg = segmenter or default_segmenter()
    doc = Document(article)
    doc.sentences = split_sentences(article)
    doc.tokens = [seg.sentence_tokens(s) for s in doc.sentences]
    doc.mentions = _finder(gaz).find(article, doc.sentences, doc.tokens)
    try:
        from kg.extract.events import extract_events
    except ImportError:  # the event extractor is optional while it is being developed
        extract_events = None
    if extract_events is not None:
        doc.events = extract_events(doc, gaz)
        _add_metonyms(doc, gaz)
    return doc


def _add_metonyms(doc: Document, gaz) -> None:
    """A country that events name only through its capital or seat of government (北京,
    克里姆林宫) becomes a mention of its own, so the graph describes it."""
    from dataclasses import replace

    known = {m.entity.key for m in doc.mentions}
    used = {k for ev in doc.events for k in ev.agents + ev.targets + ev.locations}
    for key in sorted(used - known):
        for m in doc.mentions:
            country = gaz.metonym_of(m.entity.key)
            if country is not None and country.key == key:
                doc.mentions.append(replace(m, entity=country, via="metonymy"))
                known.add(key)
                break


_finders: dict[int, object] = {}


def _finder(gaz):
    from kg.extract.entities import EntityFinder

    f = _finders.get(id(gaz))
    if f is None:
        f = _finders[id(gaz)] = EntityFinder(gaz)
    return f


def iter_inputs(
    paths: Iterable[str | os.PathLike], errors: list[Failure] | None = None
) -> Iterator[Path]:
    """Every article file named by ``paths``: files as given, folders walked in sorted order.

    Inside folders only ``ARTICLE_SUFFIXES`` files are taken and hidden entries are skipped.
    A symlink that leads back into a folder being walked (a loop) is skipped with a warning;
    a folder reached a second time by another symlink is skipped quietly (its files are
    already in). A folder that cannot be listed is appended to ``errors`` (or, when
    ``errors`` is None, logged), so it is never skipped silently. A missing or unreadable
    file given by name is yielded as it is: :func:`kg.ingest.read_article` reports it.
    """
    seen: set[tuple[int, int]] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path, (), seen, errors)
        else:
            yield path


def _walk(
    folder: Path,
    ancestors: tuple[tuple[int, int], ...],
    seen: set[tuple[int, int]],
    errors: list[Failure] | None,
) -> Iterator[Path]:
    try:
        st = folder.stat()
    except OSError as e:  # a dangling or looping symlink to a folder, or a vanished one
        _walk_error(errors, folder, f"cannot be read ({e.strerror}); check the path")
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        log.warning("%s: symlink loop (leads back to a folder above it); skipped", folder)
        return
    if key in seen:
        log.debug("%s: folder already read through another path; skipped", folder)
        return
    seen.add(key)
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        _walk_error(
            errors, folder, f"folder cannot be listed ({e.strerror}); check its permissions"
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, (*ancestors, key), seen, errors)
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            yield entry


def _walk_error(errors: list[Failure] | None, path: Path, what: str) -> None:
    message = f"{path}: {what}"
    if errors is None:
        log.warning("%s", message)
    else:
        errors.append(Failure(str(path), message))


def build(
    paths: Iterable[str | os.PathLike],
    *,
    base: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
    on_article: Callable[[Path, Document | None, str | None], None] | None = None,
    jobs: int | None = 1,
    scheduler: str | None = None,
    keep_documents: bool = True,
) -> BuildResult:
    """Read every article under ``paths`` and build one merged graph.

    ``jobs`` worker processes analyse the articles (``None``: one per core when there are
    enough files), or a Dask ``scheduler`` (``tcp://HOST:PORT`` or ``local``); the graph is
    the same either way (see ``kg.corpus``). ``keep_documents=False`` drops each document
    once it is in the graph (``result.documents`` stays empty; counts are in
    ``result.stats``).

    A bad input never stops the others: its :class:`~kg.errors.KgError` message goes to
    ``result.failures`` (folders that cannot be listed first, then files in order) and the
    build goes on; with ``strict`` the first one is raised instead.
    ``on_article(path, document_or_None, error_or_None)`` is called after each file. Raises :class:`InputError` when ``paths`` name no article file at all.
    An unexpected exception while analysing one article (a bug) is recorded the same way,
    with the traceback logged at DEBUG level.
    """
    from kg.corpus import build_corpus

    paths = list(paths)
    result = BuildResult(graph=None)
    walk_errors: list[Failure] = []
    files = list(iter_inputs(paths, walk_errors))
    if walk_errors and strict:
        raise InputError(walk_errors[0].message)
    result.failures.extend(walk_errors)
    if not files and not walk_errors:
        raise InputError(
            f"{', '.join(str(p) for p in paths)}: no article files found; "
            f"give .txt, .md or .html files or a folder holding them"
        )

    def on_outcome(out) -> None:
        if on_article:
            on_article(Path(out.source), out.document, out.error)

    built = build_corpus(files, jobs=jobs, scheduler=scheduler, base=base, max_bytes=max_bytes,
                         strict=strict, keep_documents=keep_documents, on_outcome=on_outcome)
    result.failures.extend(Failure(source, message) for source, message in built.failures)
    result.documents = built.documents
    result.graph = built.graph
    result.stats = built.stats
    return result


EXPORT_NAMES = ("ttl", "graphml", "html")


def write_exports(graph, out_dir: str | os.PathLike, *, name: str = "graph") -> list[Path]:
    """Write ``<name>.ttl``, ``<name>.graphml`` and ``<name>.html`` into ``out_dir``.

    All three are rendered first and then moved into place, so a failure leaves the
    previous exports as they were.
    """
    from kg.atomic import commit_files
    from kg.export.graphml import graphml_bytes
    from kg.export.html import html_text
    from kg.export.turtle import turtle_bytes

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{out}: cannot create the output folder ({e.strerror}); "
                          f"choose another with -o") from None
    files = {
        out / f"{name}.ttl": turtle_bytes(graph),
        out / f"{name}.graphml": graphml_bytes(graph),
        out / f"{name}.html": html_text(graph, title=f"newskg: {name}").encode("utf-8"),
    }
    commit_files(files)
    return list(files)


def load_graph(path: str | os.PathLike):
    """An RDF file (format from its extension) or a folder written by ``kg build``."""
    from kg.loading import load_graph as _load

    return _load(path)
