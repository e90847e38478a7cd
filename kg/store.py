"""A persistent, incremental graph store: Oxigraph on disk (through pyoxigraph), fed one
batch of articles at a time.

A store is a folder::

    STORE/newskg-store.json   marker: format, version, base IRI
    STORE/oxigraph/           the Oxigraph database
    STORE/facts.sqlite        per article: IRI, source path, content hash, pickled kg.graph.Facts

Layout of the graph (the same as ``kg export --format trig`` of a build):

* one named graph per article, named by the article IRI, holding its article statements
  (article node, publisher, sentences, ``kg:mentionedIn``; see ``kg.graph``);
* the default graph holding the corpus statements (entity descriptions, roles, merged
  events), recomputed from all articles' facts after every batch.

Queries see the union of all graphs, which is exactly the graph ``kg build -o`` writes; so
building from scratch and building in batches give the same graph. A file whose content
hash is already stored is skipped; a file stored before under the same path or the same
article IRI (same URL) with other content replaces it: its named graph is dropped and
written again, and the corpus statements are recomputed.

Only one process may write a store at a time (Oxigraph locks it); readers open it read-only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, OutputError, QueryError, UsageError

if TYPE_CHECKING:  # heavy imports stay lazy
    import pyoxigraph
    import rdflib

    from kg.corpus import CorpusStats, Outcome

log = logging.getLogger(__name__)

MARKER = "newskg-store.json"
FORMAT = "newskg-store"
VERSION = 1
# bumped when kg.graph.Facts changes shape: old pickles are then refused with a clear message
FACTS_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    iri TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    hash TEXT NOT NULL,
    facts BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(hash);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def graph_or_store(graph: str | None, store: str | None) -> str:
    """The one source a reading command (query, export, viz) was given: GRAPH or --store."""
    if graph is not None and store is not None:
        raise UsageError(f"give GRAPH ({graph}) or --store ({store}), not both")
    if store is not None:
        if not is_store(store):
            raise InputError(f"{store}: not a store written by `kg build --store` (no {MARKER}); "
                             "check the path")
        return store
    if graph is None:
        raise UsageError("missing GRAPH: give a graph file, a `kg build -o` folder, or --store")
    return graph


def is_store(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder written by ``kg build --store``."""
    return (Path(path) / MARKER).is_file()


@dataclass
class StoreUpdate:
    """What one ``kg build --store`` batch did."""

    added: list[str] = field(default_factory=list)  # sources of new articles
    replaced: list[str] = field(default_factory=list)  # sources that replaced stored ones
    skipped: list[str] = field(default_factory=list)  # already stored (same content hash)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    articles: int = 0  # articles in the store afterwards
    triples: int = 0  # triples in the store afterwards (all graphs)
    seconds: float = 0.0
    stats: CorpusStats | None = None


# --------------------------------------------------------------------------- opening


def _read_marker(folder: Path) -> dict:
    try:
        meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{folder}: unreadable store marker {MARKER} ({e}); "
                         "rebuild the store") from None
    if meta.get("format") != FORMAT or meta.get("version") != VERSION:
        raise InputError(f"{folder}: store format {meta.get('format')!r} version "
                         f"{meta.get('version')!r} is not {FORMAT} {VERSION}; rebuild the store")
    return meta


def _open_for_writing(folder: Path, base: str | None) -> tuple[dict, Any, sqlite3.Connection]:
    import pyoxigraph as ox

    from kg.vocab import KGR

    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; --store takes a folder")
    if folder.is_dir() and not is_store(folder) and any(folder.iterdir()):
        raise OutputError(f"{folder}: not a newskg store and not empty; "
                          "give a new or empty folder to --store")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{folder}: cannot create the store folder ({e.strerror}); "
                          "choose another with --store") from None
    if is_store(folder):
        meta = _read_marker(folder)
        if base is not None and base != meta["base"]:
            raise UsageError(f"{folder}: the store was built with --base {meta['base']}; "
                             "use the same base or a new store")
    else:
        meta = {"format": FORMAT, "version": VERSION, "base": base or str(KGR),
                "facts": FACTS_VERSION}
        (folder / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if meta.get("facts", FACTS_VERSION) != FACTS_VERSION:
        raise InputError(f"{folder}: stored facts are of an older newskg; rebuild the store")
    try:
        ox_store = ox.Store(str(folder / "oxigraph"))
    except OSError as e:
        raise OutputError(f"{folder}: cannot open the Oxigraph store ({e}); is another "
                          "`kg build --store` running on it?") from None
    db = sqlite3.connect(folder / "facts.sqlite")
    db.executescript(_SCHEMA)
    return meta, ox_store, db


def open_graph(path: str | os.PathLike[str]) -> rdflib.Dataset:
    """The store as a read-only rdflib Dataset (through oxrdflib) whose default graph is the
    union of all graphs; usable wherever a loaded graph is (export, viz, stats, queries)."""
    import pyoxigraph as ox
    import rdflib

    from kg.vocab import bind_prefixes

    folder = Path(path)
    _read_marker(folder)
    try:
        inner = ox.Store.read_only(str(folder / "oxigraph"))
    except OSError as e:
        raise InputError(f"{folder}: cannot open the Oxigraph store ({e}); "
                         "rebuild it with kg build --store") from None
    ds = rdflib.Dataset(store=_store_class()(store=inner), default_union=True)
    ds.kg_store_path = folder  # type: ignore[attr-defined]
    return bind_prefixes(ds)


@functools.lru_cache(maxsize=1)
def _store_class() -> type:
    """oxrdflib's store, giving plain literals back as rdflib makes them.

    RDF 1.1 makes ``"RFI"`` and ``"RFI"^^xsd:string`` the same literal; Oxigraph returns the
    second form and rdflib keeps the two apart, so without this a graph read back from the
    store would not equal the built one, and Turtle exports would grow ``^^xsd:string``.
    """
    from oxrdflib import OxigraphStore

    class PlainStringStore(OxigraphStore):
        def triples(self, triple_pattern, context=None):
            for (s, p, o), ctx in super().triples(triple_pattern, context):
                yield (s, p, _plain(o)), ctx

    return PlainStringStore


def _plain(term: Any) -> Any:
    """A literal as the builder makes it: plain instead of ^^xsd:string, and the language
    tag in BCP 47 case (Oxigraph lowercases tags: zh-hant -> zh-Hant)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.language and term.language != _bcp47_case(term.language):
            return Literal(str(term), lang=_bcp47_case(term.language))
    return term


def _bcp47_case(tag: str) -> str:
    """``zh-hant-tw`` -> ``zh-Hant-TW``: scripts in title case, regions in upper case."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif len(p) == 2 and p.isalpha():
            out.append(p.upper())
        else:
            out.append(p.lower())
    return "-".join(out)


def is_store_graph(graph: object) -> bool:
    """Whether ``graph`` came from :func:`open_graph` (then :func:`run_query` is native)."""
    return getattr(graph, "kg_store_path", None) is not None


# --------------------------------------------------------------------------- updating


def update_store(
    path: str | os.PathLike[str],
    files: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = 1,
    scheduler: str | None = None,
    base: str | None = None,
    max_bytes: int | None = None,
    strict: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> StoreUpdate:
    """Add ``files`` to the store at ``path`` (created if needed); see the module docstring."""
    import pyoxigraph as ox

    from kg.corpus import CorpusStats, iter_outcomes, successes
    from kg.graph import Namer, article_triples, facts_of

    t0 = time.perf_counter()
    folder = Path(path)
    meta, ox_store, db = _open_for_writing(folder, base)
    namer = Namer(meta["base"])
    result = StoreUpdate(stats=CorpusStats())
    stats = result.stats
    try:
        # "dirty" marks a batch that changed article graphs but has not yet rewritten the
        # corpus statements (an interrupted run): the next run rewrites them in any case
        dirty = db.execute("SELECT value FROM state WHERE key = 'dirty'").fetchone() is not None
        todo = []
        for f in files:
            digest = _file_hash(f)
            if digest is not None and db.execute(
                "SELECT 1 FROM articles WHERE hash = ? LIMIT 1", (digest,)
            ).fetchone():
                result.skipped.append(str(f))
                continue
            todo.append(f)
        outcomes = iter_outcomes(todo, jobs=jobs, scheduler=scheduler, max_bytes=max_bytes)
        try:
            for out in successes(outcomes, stats, result.failures, strict=strict,
                                 on_outcome=on_outcome):
                doc = out.document
                iri = namer.article(doc.article)
                source = _source_key(out.source)
                old = db.execute(
                    "SELECT iri FROM articles WHERE iri = ? OR source = ?", (str(iri), source)
                ).fetchall()
                for (old_iri,) in old:
                    ox_store.remove_graph(ox.NamedNode(old_iri))
                    db.execute("DELETE FROM articles WHERE iri = ?", (old_iri,))
                if not dirty:
                    db.execute("INSERT OR REPLACE INTO state VALUES ('dirty', '1')")
                    db.commit()
                    dirty = True
                graph_name = ox.NamedNode(str(iri))
                ox_store.extend([_ox_quad(t, graph_name) for t in article_triples(namer, doc)])
                db.execute(
                    "INSERT INTO articles (iri, source, hash, facts) VALUES (?, ?, ?, ?)",
                    (str(iri), source, doc.article.content_hash,
                     pickle.dumps(facts_of(doc), protocol=pickle.HIGHEST_PROTOCOL)),
                )
                (result.replaced if old else result.added).append(out.source)
        finally:
            db.commit()
        if dirty:
            _rewrite_corpus_part(ox_store, db, namer)
            db.execute("DELETE FROM state WHERE key = 'dirty'")
            db.commit()
        result.articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        result.triples = len(ox_store)
        ox_store.flush()
    finally:
        db.close()
        del ox_store  # releases Oxigraph's lock on the folder
    result.seconds = time.perf_counter() - t0
    return result


def add_paths(
    path: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str]],
    **options: Any,
) -> StoreUpdate:
    """:func:`update_store` with article files and folders as ``kg build`` takes them
    (folders walked; a folder that cannot be listed is a failure)."""
    from kg.api import Failure, iter_inputs

    inputs = list(inputs)
    walk_errors: list[Failure] = []
    files = list(iter_inputs(inputs, walk_errors))
    if walk_errors and options.get("strict"):
        raise InputError(walk_errors[0].message)
    if not files and not walk_errors:
        raise InputError(
            f"{', '.join(str(p) for p in inputs)}: no article files found; "
            f"give .txt, .md or .html files or a folder holding them"
        )
    result = update_store(path, files, **options)
    result.failures[:0] = [(f.path, f.message) for f in walk_errors]
    return result


def _file_hash(path: str | os.PathLike[str]) -> str | None:
    """sha256 of the file's bytes (what kg.ingest stores as kg:contentHash), or None when
    it cannot be read (the analysis step then reports why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _source_key(source: str) -> str:
    try:
        return str(Path(source).resolve())
    except OSError:
        return source


def iter_facts(db: sqlite3.Connection) -> Iterator[Any]:
    for (blob,) in db.execute("SELECT facts FROM articles ORDER BY iri"):
        yield pickle.loads(blob)  # our own store: written by update_store only


def _rewrite_corpus_part(ox_store: Any, db: sqlite3.Connection, namer: Any) -> None:
    """Recompute the default graph (entities, roles, merged events) from every article.

    Memory stays small for a large store: the facts are read from sqlite one article at a
    time (twice: see kg.graph.corpus_triples_of) and the statements stream into Oxigraph.
    """
    import pyoxigraph as ox

    from kg.graph import corpus_triples_of

    orders = sorted((f.order, f.article.id, iri) for iri, f in _facts_by_iri(db))
    iris = [iri for _o, _id, iri in orders]

    def facts_in_order() -> Iterator[Any]:
        for iri in iris:
            (blob,) = db.execute("SELECT facts FROM articles WHERE iri = ?", (iri,)).fetchone()
            yield pickle.loads(blob)

    default = ox.DefaultGraph()
    ox_store.clear_graph(default)
    # bulk_extend does not hold the statements in memory; it is not one transaction, but an
    # interrupted rewrite leaves the store marked dirty and is redone by the next run
    ox_store.bulk_extend(_ox_quad(t, default) for t in corpus_triples_of(namer, facts_in_order))


def _facts_by_iri(db: sqlite3.Connection) -> Iterator[tuple[str, Any]]:
    for iri, blob in db.execute("SELECT iri, facts FROM articles"):
        yield iri, pickle.loads(blob)


def _ox_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unexpected term in the graph: {term!r}")  # the builder makes no bnodes


def _ox_quad(triple: tuple, graph_name: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph) -> Any:
    import pyoxigraph as ox

    s, p, o = triple
    return ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), graph_name)


# --------------------------------------------------------------------------- querying


def run_query(
    graph: Any,
    sparql: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
    source: str = "query",
    limit: int | None = None,
) -> Any:
    """``kg.query.run_query`` with the same checks (syntax, updates, SERVICE/FROM refused,
    parameters) but evaluated by Oxigraph itself over the union of the store's graphs.

    The checks run by evaluating the query on an empty graph first (milliseconds), so the
    error messages are exactly kg.query's.
    """
    import rdflib

    from kg import query as q

    t = q.DEFAULT_TIMEOUT if timeout is None else timeout
    q.run_query(rdflib.Dataset(), sparql, params=params, timeout=t, source=source)
    return _run_native(graph, sparql, params=params, timeout=t, source=source, limit=limit)


def _run_native(graph: Any, sparql: str, *, params: dict[str, str] | None, timeout: float,
                source: str, limit: int | None) -> Any:
    """Evaluate ``sparql`` (already checked) with Oxigraph; rows as rdflib terms."""
    from kg import query as q

    ns = q.prefixes()
    bindings = {k: q._param_term(v, ns) for k, v in (params or {}).items()}

    def evaluate():
        try:
            try:
                result = graph.store.query(sparql, initNs=ns, initBindings=bindings,
                                           queryGraph="__UNION__")
            except (SyntaxError, ValueError, RuntimeError) as e:
                # Oxigraph substitutes only variables of the outer SELECT; rdflib binds them
                # inside sub-queries too (the presets rely on it): write the values in
                if not bindings or "does not contain" not in str(e):
                    raise
                result = graph.store.query(_inline(sparql, bindings), initNs=ns,
                                           initBindings={}, queryGraph="__UNION__")
            if result.type == "SELECT":
                # materialise inside the timed thread, with plain literals (see
                # _store_class); rows past the limit are never read, so never decoded
                result.bindings = ({k: _plain(v) for k, v in row.items()}
                                   for row in result.bindings)
            return q.limit_rows(result, limit)
        except (SyntaxError, ValueError, RuntimeError, OSError) as e:
            raise QueryError(f"{source}: {str(e).splitlines()[0]}; fix the query") from None

    return q._with_timeout(evaluate, timeout, source)


def _inline(sparql: str, bindings: dict) -> str:
    """``sparql`` with each bound ``?name``/``$name`` replaced by its value in SPARQL syntax
    (rdflib's n3() escapes literals), outside string literals and IRIs."""
    names = "|".join(re.escape(str(k)) for k in bindings)
    token = re.compile(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|<[^<>\s]*>|#[^\n]*)'
                       rf"|[?$]({names})\b")

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:  # a string, an IRI or a comment: left alone
            return m.group(1)
        return bindings[next(k for k in bindings if str(k) == m.group(2))].n3()

    return token.sub(sub, sparql)


def run_preset(
    graph: Any,
    name: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> Any:
    """``kg.query.run_preset`` over a store (required parameters checked the same way).

    A shipped preset is not parsed by rdflib first (that check costs 0.1-0.2 s and guards
    against updates and SERVICE, which presets do not hold); parameters are checked
    against its variables with kg.query's messages.
    """
    from kg import query as q

    preset = q.get_preset(name)
    params = dict(params or {})
    q.check_required(preset, params)
    source = f"preset {name}"
    q.bind_params(params, q.variables(preset.sparql), source)
    t = q.DEFAULT_TIMEOUT if timeout is None else timeout
    return _run_native(graph, preset.limited(limit), params=params, timeout=t, source=source,
                       limit=limit)


__all__ = [
    "MARKER",
    "StoreUpdate",
    "add_paths",
    "graph_or_store",
    "is_store",
    "is_store_graph",
    "open_graph",
    "run_preset",
    "run_query",
    "update_store",
]
