"""A corpus, not an article: the per-article step in worker processes (or on a Dask
cluster), streamed into one graph.

The per-article step, :func:`process`, is a pure function: a file (a path, or a source
name and its bytes) in, an :class:`Outcome` out (a slim :class:`~kg.model.Document`
without tokens and without the article's full text, or the error message). Everything
that needs several articles (entity descriptions, merged events) is done afterwards, in
one process, from the small per-article facts (``kg.graph``).

Results do not depend on how the work was spread: outcomes come back in input order, and
the graph does not depend on the order of articles anyway (``kg.graph.corpus_triples``), so
``-j 4`` and ``--scheduler tcp://…`` give byte-identical Turtle to ``-j 1``.

Memory: the parent holds the graph being built and, per article, its facts (mentions and
events, a few KB); documents are dropped once added unless the caller asks to keep them.
Workers hold one jieba instance each (~150 MB), loaded once per process.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Union

from kg.errors import KgError, UsageError
from kg.model import Document

log = logging.getLogger(__name__)

#: An input of :func:`process`: a path, or (source name, raw bytes) for remote workers.
Item = Union[str, "os.PathLike[str]", tuple[str, bytes]]

# Outcomes waiting to be consumed per worker: enough to keep workers busy, few enough that
# a slow consumer does not let results pile up in memory.
_WINDOW_PER_WORKER = 8
# Seconds to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT = 20
# With jobs=None, a worker process is started only per this many files: below that the
# start-up (loading jieba in each worker) costs more than the parallel work saves.
_MIN_FILES_PER_WORKER = 8


@dataclass(frozen=True)
class Outcome:
    """What one input gave: a document, or the one-line error."""

    source: str
    document: Document | None
    error: str | None
    sentences: int = 0
    size: int = 0  # bytes of plain text (UTF-8) analysed
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()


@dataclass
class CorpusStats:
    articles: int = 0
    failures: int = 0
    sentences: int = 0
    events: int = 0
    size: int = 0  # UTF-8 bytes of article text
    seconds: float = 0.0  # wall time of the whole build
    entities: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- the pure step


def process(item: Item, max_bytes: int | None = None, *, slim: bool = True) -> Outcome:
    """Read and analyse one article. Never raises for a bad input: the error is returned.

    An unexpected exception inside the extractors is reported as a failure of that input
    too (traceback logged at DEBUG level), so one odd article cannot stop a build of
    thousands. Warnings are returned in the outcome, so that the parent process logs them
    (a worker's log records would be lost).
    """
    from kg import api
    from kg.ingest import parse_article, read_article

    limit = max_bytes or api.DEFAULT_MAX_BYTES
    source = item[0] if isinstance(item, tuple) else str(item)
    t0 = time.perf_counter()
    warnings: list[str] = []
    try:
        if isinstance(item, tuple):
            article = parse_article(item[1], item[0], max_bytes=limit)
        else:
            article = read_article(item, max_bytes=limit)
        if not _HAN_RE.search(article.text):
            warnings.append(
                f"{source}: has no Chinese characters; newskg reads Chinese-language news, "
                "so few or no entities and events will be found"
            )
        doc = api.analyse(article)
    except KgError as e:
        return Outcome(source, None, str(e), seconds=time.perf_counter() - t0,
                       warnings=tuple(warnings))
    except Exception as e:  # a bug met on one article must not stop the rest
        log.debug("%s: analysis failed", source, exc_info=True)
        message = (
            f"{source}: internal error while analysing ({type(e).__name__}: "
            f"{_one_line(str(e))}); please report it with this file "
            f"(kg --debug build shows the traceback)"
        )
        return Outcome(source, None, message, seconds=time.perf_counter() - t0,
                       warnings=tuple(warnings))
    size = len(doc.article.text.encode("utf-8"))
    return Outcome(source, slim_document(doc) if slim else doc, None, len(doc.sentences), size,
                   time.perf_counter() - t0, tuple(warnings))


_HAN_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slim_document(doc: Document) -> Document:
    """What the graph needs of a document: no tokens, no full text (the sentences keep
    theirs), no Simplified copy of the sentences. A tenth of the size to send between
    processes."""
    from kg.graph import slim_article

    return Document(
        slim_article(doc.article),
        sentences=[replace(s, norm="") for s in doc.sentences],
        tokens=[],
        mentions=list(doc.mentions),
        events=list(doc.events),
    )


def warm_up() -> None:
    """Load the gazetteer and jieba (with its user dictionary) once, in this process."""
    import gc

    from kg.gazetteer import default
    from kg.text import default_segmenter

    default()
    default_segmenter()
    # the dictionaries just loaded live as long as the process: keep the collector from
    # walking their millions of objects on every full collection (5-10% of a build)
    gc.freeze()


def _worker_init() -> None:
    import signal

    # Ctrl-C reaches every process of the group: the parent stops the pool (terminate sends
    # SIGTERM), so workers ignore SIGINT and die quietly on SIGTERM whatever they inherited
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    warm_up()


def _process_star(args: tuple[Item, int | None]) -> Outcome:
    return process(args[0], args[1])


# --------------------------------------------------------------------------- spreading it


def default_jobs() -> int:
    return os.cpu_count() or 1


def iter_outcomes(
    items: Iterable[Item],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes of ``items`` in input order: in this process (``jobs=1``), in ``jobs``
    worker processes (``None``: one per core, when there are enough files), or on a Dask
    cluster (``scheduler``: ``tcp://HOST:PORT``, or ``local`` for a cluster inside this
    process)."""
    items = list(items)
    if scheduler:
        yield from _dask_outcomes(items, scheduler, jobs=jobs, max_bytes=max_bytes)
        return
    if jobs is None:  # automatic: a worker loads jieba (~1.5 s), so it needs some files
        n = min(default_jobs(), len(items) // _MIN_FILES_PER_WORKER)
    else:
        n = min(jobs, len(items))
    if n <= 1:  # one file or -j 1: worker start-up would cost more than it gives
        warm_up()
        for item in items:  # in-process: no need to slim what is not sent anywhere
            yield process(item, max_bytes, slim=False)
        return
    yield from _pool_outcomes(items, n, max_bytes)


def _start_method() -> str:
    import multiprocessing as mp

    # fork shares the parent's loaded modules and is fastest; it is unsafe once the parent
    # runs threads (a lock held by another thread stays held in the child)
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _pool_outcomes(items: list[Item], n: int, max_bytes: int | None) -> Iterator[Outcome]:
    import multiprocessing as mp

    ctx = mp.get_context(_start_method())
    with ctx.Pool(n, initializer=_worker_init) as pool:
        # imap keeps input order; chunks of a few files amortise the IPC round trips
        yield from pool.imap(_process_star, ((i, max_bytes) for i in items), chunksize=2)


def _dask_outcomes(
    items: list[Item], scheduler: str, *, jobs: int | None, max_bytes: int | None
) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "--scheduler needs dask.distributed; install it with "
            "pip install 'dask[distributed]'"
        ) from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=1, threads_per_worker=jobs or default_jobs(),
                                   processes=False, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except OSError as e:
        raise UsageError(
            f"--scheduler {scheduler}: cannot connect ({e}); start the scheduler with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or use --scheduler local"
        ) from None
    try:
        window = max(1, sum(client.nthreads().values())) * _WINDOW_PER_WORKER
        pending: deque = deque()
        it = iter(items)
        for item in it:
            pending.append(client.submit(process, _as_payload(item), max_bytes, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _as_payload(item: Item) -> Item:
    """Remote workers do not see our disk: send the bytes (an unreadable file is left as a
    path, so the worker reports it with the usual message)."""
    if isinstance(item, tuple):
        return item
    try:
        return (str(item), Path(item).read_bytes())
    except OSError:
        return str(item)


# --------------------------------------------------------------------------- progress


class ProgressLine:
    """One self-overwriting status line (articles, sentences/s, failures) on a terminal;
    silent when the stream is not a terminal (logs, pipes, CI)."""

    def __init__(self, stream: IO[str] | None = None, *, every: float = 0.2):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.start = time.perf_counter()
        self.last = 0.0
        self.done = self.sentences = self.failures = 0

    def update(self, sentences: int = 0, failed: bool = False) -> None:
        self.done += 1
        self.sentences += sentences
        self.failures += failed
        now = time.perf_counter()
        if self.enabled and now - self.last >= self.every:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.sentences / max(now - self.start, 1e-9)
        self.stream.write(
            f"\r{self.done} articles, {rate:,.0f} sentences/s, {self.failures} failed\033[K"
        )
        self.stream.flush()

    def close(self) -> None:
        """Draw the final counts and end the line (or erase nothing when silent)."""
        if self.enabled and self.done:
            self._draw(time.perf_counter())
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- one graph


@dataclass
class CorpusBuild:
    graph: object  # rdflib.Graph (or Dataset with ``dataset=True``); None when nothing read
    documents: list[Document]
    failures: list[tuple[str, str]]  # (source, message), input order
    stats: CorpusStats


def successes(outcomes, stats, failures: list, *, strict: bool = False, on_outcome=None):
    """The outcomes that hold a document, counted into ``stats``; the others are logged and
    listed in ``failures`` (or raised at once with ``strict``). Closing the stream (at the
    end, on an error or on Ctrl-C) stops the worker pool at once."""
    from kg.errors import InputError

    try:
        for out in outcomes:
            for w in out.warnings:
                log.warning("%s", w)
            if on_outcome is not None:
                on_outcome(out)
            if out.document is None:
                if strict:
                    raise InputError(out.error or f"{out.source}: failed")
                failures.append((out.source, out.error or ""))
                stats.failures += 1
                continue
            doc = out.document
            stats.articles += 1
            stats.sentences += out.sentences
            stats.size += out.size
            stats.events += len(doc.events)
            stats.entities.update(m.entity.key for m in doc.mentions)
            yield out
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


def build_corpus(
    files: Iterable[Item],
    *,
    jobs: int | None = 1,
    scheduler: str | None = None,
    base: str | None = None,
    max_bytes: int | None = None,
    strict: bool = False,
    keep_documents: bool = True,
    dataset: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> CorpusBuild:
    """Analyse ``files`` (in parallel with ``jobs`` > 1 or a ``scheduler``) and stream the
    documents into one graph. With ``strict`` the first bad input raises its InputError.

    ``keep_documents=False`` keeps no documents (``documents`` is empty): memory then holds
    only the graph and a few KB of facts per article.
    """
    from kg.graph import GraphBuilder

    t0 = time.perf_counter()
    builder = GraphBuilder(base, dataset=dataset)
    stats = CorpusStats()
    documents: list[Document] = []
    failures: list[tuple[str, str]] = []
    outcomes = iter_outcomes(files, jobs=jobs, scheduler=scheduler, max_bytes=max_bytes)
    for out in successes(outcomes, stats, failures, strict=strict, on_outcome=on_outcome):
        builder.add(out.document)
        if keep_documents:
            documents.append(out.document)
    graph = builder.finish() if stats.articles else None
    stats.seconds = time.perf_counter() - t0
    return CorpusBuild(graph, documents, failures, stats)
