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

from kg.errors import InputError, KgError, OutputError
from kg.model import Article, Document

log = logging.getLogger(__name__)

#: File extensions read when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Default size limit of one input file (raise with ``max_bytes`` / ``--max-bytes``).
DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class Failure:
    path: str
    message: str


@dataclass
class BuildResult:
    graph: object  # rdflib.Graph
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


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


def iter_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every article file named by ``paths`` (folders are walked, sorted, symlink loops cut)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            yield from _walk(path, seen)
        else:
            yield path  # a missing or bad file is reported by read_article


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        st = folder.stat()
    except OSError:
        return
    if (st.st_dev, st.st_ino) in seen:  # a symlink loop
        log.warning("%s: folder visited twice (symlink loop); skipped", folder)
        return
    seen.add((st.st_dev, st.st_ino))
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        log.warning("%s: cannot list folder: %s", folder, e.strerror)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            yield entry


def build(
    paths: Iterable[str | os.PathLike],
    *,
    base: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
    on_article: Callable[[Path, Document | None, str | None], None] | None = None,
) -> BuildResult:
    """Read every article under ``paths`` and build one merged graph.

    Bad inputs are collected in ``result.failures`` (or raised at once with ``strict``);
    ``on_article(path, document_or_None, error_or_None)`` is called after each file.
    """
    from kg.graph import build_graph
    from kg.ingest import read_article

    result = BuildResult(graph=None)
    files = list(iter_inputs(paths))
    if not files:
        raise InputError(
            f"{', '.join(str(p) for p in paths)}: no article files found; "
            f"give .txt, .md or .html files or a folder holding them"
        )
    for path in files:
        try:
            doc = analyse(read_article(path, max_bytes=max_bytes))
        except KgError as e:
            if strict:
                raise
            result.failures.append(Failure(str(path), str(e)))
            if on_article:
                on_article(path, None, str(e))
            continue
        result.documents.append(doc)
        if on_article:
            on_article(path, doc, None)
    result.graph = build_graph(result.documents, base=base)
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
        out / f"{name}.html": html_text(graph, title=name).encode("utf-8"),
    }
    commit_files(files)
    return list(files)


def load_graph(path: str | os.PathLike):
    """An RDF file (format from its extension) or a folder written by ``kg build``."""
    from kg.loading import load_graph as _load

    return _load(path)
