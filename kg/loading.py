"""Read a graph from disk: the one loader every command (query, validate, stats, export,
viz) uses, so a bad file gives the same one-line message everywhere."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError

if TYPE_CHECKING:  # rdflib is imported lazily so `kg --help` stays fast
    import rdflib

log = logging.getLogger(__name__)

# file extension -> rdflib parser name
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
    ".n3": "n3",
}
# formats that carry named graphs: loaded into a Dataset whose default graph is the union,
# so a query without GRAPH sees every triple, as it would for a .ttl file
QUAD_FORMATS = {"trig", "nquads"}
# the file `kg build -o DIR` writes into DIR
FOLDER_GRAPH = "graph.ttl"
# on an N-Triples/N-Quads error rdflib names no line; we find it by re-reading, up to here
_LINE_SEARCH_LIMIT = 200_000


def resolve_path(path: str | Path) -> tuple[Path, str]:
    """The file to read and its rdflib format, or InputError naming what is wrong."""
    p = Path(path)
    if p.is_dir():
        f = p / FOLDER_GRAPH
        if f.is_file():
            return f, FORMATS[".ttl"]
        # `kg build -o DIR --name NAME` writes NAME.ttl: take it when it is the only one
        candidates = sorted(p.glob("*.ttl"))
        if len(candidates) == 1:
            return candidates[0], FORMATS[".ttl"]
        if candidates:
            names = ", ".join(c.name for c in candidates)
            raise InputError(f"{p}: several graphs in this folder ({names}); pass one of them")
        raise InputError(
            f"{p}: no {FOLDER_GRAPH} in this folder; pass a graph file or the folder "
            "written by `kg build -o DIR`"
        )
    if not p.exists():
        raise InputError(f"{p}: no such file or folder; check the path")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        known = " ".join(sorted(FORMATS))
        raise InputError(
            f"{p}: unknown graph file extension {p.suffix or '(none)'!r}; use one of {known}"
        )
    return p, fmt


def load_graph(path: str | Path) -> rdflib.Graph:
    """Parse a graph file (format by extension) or a `kg build` output folder (its
    graph.ttl, or its only *.ttl file), or open a `kg build --store` folder (read-only,
    through Oxigraph; see kg.store).

    Returns an ``rdflib.Graph``; for .trig/.nq an ``rdflib.Dataset`` whose default graph is
    the union of its named graphs. Raises InputError with one line naming the file and the
    parser's complaint (with the line number where it can be found).
    """
    import rdflib

    from kg.store import is_store, open_graph

    if is_store(path):  # a folder written by `kg build --store`
        return open_graph(path)
    f, fmt = resolve_path(path)
    g: rdflib.Graph
    g = rdflib.Dataset(default_union=True) if fmt in QUAD_FORMATS else rdflib.Graph()
    try:
        # Parse from text we decoded ourselves: a non-UTF-8 file then fails with a clear
        # message instead of a parser error deep inside a token.
        data = f.read_bytes()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{f}: not UTF-8 text (byte {e.start}: {e.reason}); save the file as UTF-8"
        ) from None
    except OSError as e:
        raise InputError(f"{f}: cannot read ({e.strerror}); check the permissions") from None
    try:
        g.parse(data=text, format=fmt, publicID=f.resolve().as_uri())
    except Exception as e:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        raise InputError(f"{f}: {_describe_parse_error(e, text, fmt)}; fix the file") from None
    log.debug("loaded %s: %d triples", f, len(g))
    return g


def _describe_parse_error(e: Exception, text: str, fmt: str) -> str:
    """One line from a parser exception: 'line N: why' where the line can be found."""
    # Turtle / TriG / N3 (rdflib.plugins.parsers.notation3.BadSyntax): 0-based line count
    why = getattr(e, "_why", None)
    if why is not None and isinstance(getattr(e, "lines", None), int):
        return f"{fmt} syntax error at line {e.lines + 1}: {why}"
    # RDF/XML (xml.sax.SAXParseException)
    if hasattr(e, "getLineNumber") and hasattr(e, "getMessage"):
        return f"xml syntax error at line {e.getLineNumber()}: {e.getMessage()}"
    # JSON-LD (json.JSONDecodeError)
    if hasattr(e, "lineno") and hasattr(e, "colno") and hasattr(e, "msg"):
        return f"json syntax error at line {e.lineno} column {e.colno}: {e.msg}"
    if fmt in ("nt", "nquads"):
        line = _first_bad_line(text, fmt)
        if line is not None:
            return f"{fmt} syntax error at line {line}: not a valid statement"
    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return f"{fmt} parse error: {first}"


def _first_bad_line(text: str, fmt: str) -> int | None:
    """The 1-based number of the first line that does not parse on its own."""
    import rdflib

    skip = re.compile(r"\s*(#.*)?$")
    for n, line in enumerate(text.splitlines()[:_LINE_SEARCH_LIMIT], start=1):
        if skip.match(line):
            continue
        g = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
        try:
            g.parse(data=line, format=fmt)
        except Exception:  # noqa: BLE001 - any parser complaint marks the line
            return n
    return None
