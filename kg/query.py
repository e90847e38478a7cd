"""Read-only, offline SPARQL over a loaded graph: presets, parameters, a time limit, and
formatting of the results for people (aligned tables, labels) and programs (CSV, TSV,
SPARQL JSON, Turtle, N-Triples).

Safety: the query is parsed before it runs. Updates (INSERT, DELETE, LOAD, CLEAR, CREATE,
DROP, COPY, MOVE, ADD), SERVICE clauses and FROM / FROM NAMED are refused, because rdflib
would execute the update, call the remote endpoint, or fetch the FROM IRI over the network.
The check walks the parse tree, so a string literal that contains "INSERT" or "SERVICE" is
harmless.

Time limit: rdflib cannot be interrupted, so the query runs in a daemon thread and the caller
stops waiting after ``timeout`` seconds. The thread is then asked to stop by raising an
exception inside it (``PyThreadState_SetAsyncExc``), which takes effect at its next Python
bytecode; rdflib's evaluator is pure Python, so in practice it stops at once. Even if it did
not, the thread is a daemon and does not keep the ``kg`` process alive after the error.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError

if TYPE_CHECKING:  # rdflib is imported lazily so `kg --help` stays fast
    import rdflib
    from rdflib.query import Result

log = logging.getLogger(__name__)

QUERIES_DIR = Path(__file__).parent / "queries"
FORMATS = ("table", "csv", "tsv", "json", "ttl", "nt")
ROW_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt")
DEFAULT_TIMEOUT = 60.0
# `kg query --preset` prints at most this many rows unless --limit says otherwise (0: all):
# a listing preset on a store of 10,000 articles has tens of thousands of rows
DEFAULT_PRESET_LIMIT = 1000
# A preset may hold this comment where its rows are chosen (after the ORDER BY of the
# sub-query that picks them); a limited run writes "LIMIT n" in its place so that the
# engine narrows the rows before looking up their details. Unlimited, it stays a comment.
LIMIT_MARK = "# LIMIT"
# the mark at the end of a line of query text (not inside a comment line)
_LIMIT_LINE = re.compile(r"(?m)^(?!\s*#)(.*\S\s*)" + re.escape(LIMIT_MARK) + r"[ \t]*$")
# Longest cell in the table format, in display columns; longer values end in "…" (the
# other formats never cut: use them for full sentence texts).
MAX_CELL_WIDTH = 60

# parseUpdate's request names -> the keyword a user wrote
_UPDATE_NAMES = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ABSOLUTE_IRI = re.compile(r"^(https?|urn|file|ftp|mailto|tag):\S+$", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")


def prefixes() -> dict[str, str]:
    """The contract's prefixes, usable in every query without PREFIX lines."""
    from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

    from kg.vocab import KG, KGR, NIF, SCHEMA, SEM, WD

    return {
        "kg": str(KG._NS),
        "kgr": str(KGR),
        "wd": str(WD),
        "sem": str(SEM),
        "nif": str(NIF),
        "schema": str(SCHEMA),
        "prov": str(PROV),
        "skos": str(SKOS),
        "owl": str(OWL),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
    }


# --------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    sparql: str
    params: tuple[tuple[str, bool, str], ...]  # (name, required, help)

    def limited(self, limit: int | None) -> str:
        """The SPARQL text for at most ``limit`` rows (None or 0: all); one row more is
        asked for, so that the caller knows whether rows were left out."""
        if not limit:
            return self.sparql
        return _LIMIT_LINE.sub(lambda m: f"{m.group(1)}LIMIT {limit + 1}", self.sparql)


def _parse_preset(name: str, text: str) -> Preset:
    """Header comments: `# description: ...` (first line) and `# param: NAME [required] help`."""
    description = ""
    params: list[tuple[str, bool, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("description:"):
            description = body[len("description:") :].strip()
        elif body.startswith("param:"):
            words = body[len("param:") :].split(None, 2)
            pname = words[0]
            required = len(words) > 1 and words[1] == "required"
            help_text = " ".join(words[2 if required else 1 :])
            params.append((pname, required, help_text))
    return Preset(name, description, text, tuple(params))


def _preset_names() -> list[str]:
    return [p.stem for p in sorted(QUERIES_DIR.glob("*.rq")) if _VAR_NAME.match(p.stem)]


def list_presets() -> dict[str, str]:
    """Preset name -> its one-line description, sorted by name."""
    return {name: get_preset(name).description for name in _preset_names()}


def get_preset(name: str, engine: str = "store") -> Preset:
    """The preset ``name``. With ``engine="memory"`` (rdflib's own evaluator, for graphs read
    from files) a variant in ``queries/memory/`` is taken where one exists: the same rows,
    written the way rdflib evaluates fast, while the main files are written for Oxigraph
    (rows chosen first, hash-joined sub-queries), which rdflib evaluates up to 17x slower
    (articles on 150 articles: 0.4 s as in memory/, 7.5 s as written for the store)."""
    path = QUERIES_DIR / f"{name}.rq"
    if not _VAR_NAME.match(name) or not path.is_file():
        known = ", ".join(_preset_names())
        raise QueryError(f"unknown preset {name!r}; known presets: {known}")
    variant = QUERIES_DIR / "memory" / f"{name}.rq"
    if engine == "memory" and variant.is_file():
        path = variant
    return _parse_preset(name, path.read_text(encoding="utf-8"))


def check_required(preset: Preset, params: dict[str, str]) -> None:
    """QueryError naming the first required parameter of ``preset`` missing from ``params``."""
    for pname, required, help_text in preset.params:
        if required and pname not in params:
            raise QueryError(
                f"preset {preset.name}: needs --param {pname}=VALUE ({help_text}); "
                f"e.g. kg query GRAPH --preset {preset.name} --param {pname}=..."
            )


def run_preset(
    graph: rdflib.Graph,
    name: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int | None = None,
) -> Result:
    """Run a preset by name; its required parameters must be given.

    ``limit`` (None or 0: all rows) keeps the first ``limit`` rows, as :func:`run_query`.
    """
    preset = get_preset(name, engine="memory")
    params = dict(params or {})
    check_required(preset, params)
    return run_query(graph, preset.limited(limit), params=params, timeout=timeout,
                     source=f"preset {name}", limit=limit)


# --------------------------------------------------------------------------- running


def run_query(
    graph: rdflib.Graph,
    sparql: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    source: str = "query",
    limit: int | None = None,
) -> Result:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on ``graph``.

    ``params`` binds variables before evaluation (``{"actor": "北约"}`` binds ?actor): values
    that look like IRIs (``http(s)://…``, ``<…>``, ``kgr:…`` with a known prefix) become IRIs,
    integers become xsd:integer, ``YYYY-MM-DD`` xsd:date, ``YYYY-MM`` xsd:gYearMonth, anything
    else a plain string. ``source`` names the query in error messages. ``limit`` (None or 0:
    all) keeps the first ``limit`` rows of a SELECT; ``result.truncated`` then says whether
    rows were left out.
    Raises QueryError for syntax errors (with line and column), refused operations, unknown
    parameters, evaluation errors and timeouts.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(sparql)
    except ParseException as e:
        _refuse_update(sparql, source)
        raise QueryError(f"{source}: {_syntax_message(e)}; fix the query") from None
    _refuse_remote(tree, source)
    ns = prefixes()
    names = {str(v) for v in _walk(tree) if _is_variable(v)} if params else set()
    bindings = bind_params(params, names, source)
    try:
        query = translateQuery(tree, initNs=ns)
    except Exception as e:  # noqa: BLE001 - rdflib raises bare Exception (unknown prefix)
        raise QueryError(f"{source}: {_first_line(e)}; fix the query") from None
    return _with_timeout(lambda: _evaluate(graph, query, bindings, limit), timeout, source)


def bind_params(params: dict[str, str] | None, names: set[str], source: str) -> dict:
    """``--param`` values as RDF terms by variable name; each name must be one of ``names``
    (the query's variables)."""
    ns = prefixes()
    bindings = {}
    for name, value in (params or {}).items():
        if not _VAR_NAME.match(name):
            raise QueryError(f"{source}: --param {name}=…: not a variable name; use NAME=VALUE")
        if name not in names:
            raise QueryError(
                f"{source}: the query has no variable ?{name}; "
                f"use one of {', '.join('?' + n for n in sorted(names)) or '(none)'}"
            )
        bindings[name] = _param_term(value, ns)
    return bindings


_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
                     r"|[?$]([A-Za-z_][A-Za-z0-9_]*)")


def variables(sparql: str) -> set[str]:
    """The variable names of a query, read from its text (outside strings, IRIs and
    comments): what the parse tree holds, without parsing (for the shipped presets)."""
    return {m.group(1) for m in _TOKENS.finditer(sparql) if m.group(1)}


def limit_rows(result: Result, limit: int | None) -> Result:
    """Keep the first ``limit`` rows of a SELECT result (None or 0: all); sets
    ``result.truncated``. Reads no more rows than it keeps, plus one."""
    import itertools

    result.truncated = False  # type: ignore[attr-defined]
    if result.type == "SELECT":
        if limit:
            rows = list(itertools.islice(result.bindings, limit + 1))
            result.truncated = len(rows) > limit  # type: ignore[attr-defined]
            result.bindings = rows[:limit]
        else:
            result.bindings = list(result.bindings)
    return result


def _evaluate(graph: rdflib.Graph, query: Any, bindings: dict, limit: int | None) -> Result:
    result = graph.query(query, initBindings=bindings)
    # rdflib evaluates SELECT lazily; force it here, inside the timed thread
    return limit_rows(result, limit)


class _Cancelled(BaseException):
    """Raised inside a query thread that ran out of time (BaseException: no `except
    Exception` in rdflib swallows it)."""


def _with_timeout(func, timeout: float, source: str):
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = func()
        except _Cancelled:
            log.debug("query thread stopped after the time limit")
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = e

    thread = threading.Thread(target=target, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout if timeout and timeout > 0 else None)
    if thread.is_alive():
        if thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread.ident), ctypes.py_object(_Cancelled)
            )
        raise QueryError(
            f"{source}: query ran longer than {timeout:g} s; narrow it or raise --timeout"
        )
    if "error" in box:
        e = box["error"]
        if isinstance(e, QueryError):
            raise e
        raise QueryError(f"{source}: query failed: {_first_line(e)}; check the query") from e
    return box["result"]


def _refuse_update(sparql: str, source: str) -> None:
    """If the text is a SPARQL Update, raise QueryError naming the operation."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(sparql)
    except ParseException:
        return
    ops = [_UPDATE_NAMES.get(r.name, r.name) for r in update.request]
    if ops:
        raise QueryError(
            f"{source}: {', '.join(ops)} refused: kg query is read-only; "
            "use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )


def _refuse_remote(tree: Any, source: str) -> None:
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryError(
                f"{source}: SERVICE <{node.get('term')}> refused: kg query runs offline "
                "on the loaded graph; remove the SERVICE clause"
            )
        if name == "DatasetClause":
            iri = node.get("default") or node.get("named")
            raise QueryError(
                f"{source}: FROM <{iri}> refused: rdflib would fetch it; the query runs on the "
                "loaded graph, so drop FROM (use GRAPH <iri> { } for a named graph)"
            )


def _walk(node: Any):
    """Every node of a pyparsing/rdflib parse tree (CompValue, ParseResults, lists, terms)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, dict):  # CompValue is an OrderedDict
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)) or type(n).__name__ == "ParseResults":
            stack.extend(list(n))


def _is_variable(v: Any) -> bool:
    from rdflib.term import Variable

    return isinstance(v, Variable)


def _syntax_message(e: Any) -> str:
    """pyparsing's 'Expected X, found 'y'  (at char 19), (line:2, col:2)' -> 'line 2,
    column 2: Expected X, found 'y''."""
    text = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(e))
    return f"syntax error at line {e.lineno}, column {e.col}: {text}"


def _first_line(e: BaseException) -> str:
    s = str(e).strip()
    return s.splitlines()[0] if s else type(e).__name__


def _param_term(value: str, ns: dict[str, str]):
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if _ABSOLUTE_IRI.match(value):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in ns and " " not in local:
        return URIRef(ns[prefix] + local)
    if _INTEGER.match(value):
        return Literal(int(value))
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _YEAR_MONTH.match(value):
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value)


# --------------------------------------------------------------------------- formatting


def format_result(
    result: Result,
    fmt: str = "table",
    *,
    iris: bool = False,
    graph: rdflib.Graph | None = None,
) -> str:
    """Render a query result.

    SELECT: table (aligned by display width, CJK = 2 columns; IRIs shown by their @zh
    rdfs:label in ``graph``, else as prefixed names, unless ``iris``), csv / tsv (header of
    variable names, IRIs in full, literals by their lexical form), json (SPARQL 1.1 Query
    Results JSON). ASK: true/false (json: {"head": {}, "boolean": …}). CONSTRUCT/DESCRIBE:
    ttl or nt (table means ttl).
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS + ("table",):
            raise QueryError(
                f"a {result.type} query returns a graph, not rows; use --format ttl or nt"
            )
        return _format_graph(result.graph, "nt" if fmt == "nt" else "ttl", graph)
    if fmt in GRAPH_FORMATS:
        raise QueryError(
            f"a {result.type} query returns rows, not a graph; use --format table, csv, tsv "
            "or json (or write a CONSTRUCT query)"
        )
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    variables = [str(v) for v in result.vars or []]
    rows = [[row.get(v) for v in result.vars] for row in result.bindings] if result.vars else []
    if fmt == "json":
        return _format_json(variables, rows)
    if fmt in ("csv", "tsv"):
        return _format_delimited(variables, rows, fmt)
    return _format_table(variables, rows, iris=iris, graph=graph)


def _format_graph(result_graph: rdflib.Graph, fmt: str, source: rdflib.Graph | None) -> str:
    from kg.vocab import bind_prefixes

    bind_prefixes(result_graph)
    if fmt == "nt":
        # N-Triples order is not stable in rdflib: sort the lines for deterministic output
        lines = result_graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        return "".join(sorted(line + "\n" for line in lines.splitlines() if line.strip()))
    return result_graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")


def _format_json(variables: list[str], rows: list[list]) -> str:
    from rdflib import BNode, Literal, URIRef

    out_rows = []
    for row in rows:
        out: dict[str, dict[str, str]] = {}
        for name, term in zip(variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                out[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                out[name] = {"type": "bnode", "value": str(term)}
            elif isinstance(term, Literal):
                cell = {"type": "literal", "value": str(term)}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype:
                    cell["datatype"] = str(term.datatype)
                out[name] = cell
        out_rows.append(out)
    doc = {"head": {"vars": variables}, "results": {"bindings": out_rows}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _format_delimited(variables: list[str], rows: list[list], fmt: str) -> str:
    buf = io.StringIO()
    if fmt == "csv":
        w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, as SPARQL CSV results use
        w.writerow(variables)
        for row in rows:
            w.writerow(["" if t is None else str(t) for t in row])
    else:
        # TSV has no quoting: tabs and line breaks inside values become spaces
        buf.write("\t".join(variables) + "\n")
        for row in rows:
            cells = ["" if t is None else re.sub(r"[\t\r\n]+", " ", str(t)) for t in row]
            buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def display_width(s: str) -> int:
    """Terminal columns: East Asian Wide/Fullwidth = 2, combining marks = 0, else 1."""
    width = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _truncate(s: str, limit: int) -> str:
    if display_width(s) <= limit:
        return s
    out, width = [], 0
    for ch in s:
        w = display_width(ch)
        if width + w > limit - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def _pad(s: str, width: int) -> str:
    return s + " " * (width - display_width(s))


class _Labeller:
    """IRI -> what a person wants to read: the @zh rdfs:label, else a prefixed name."""

    def __init__(self, graph: rdflib.Graph | None, iris: bool) -> None:
        self.graph = graph
        self.iris = iris
        self.cache: dict[Any, str] = {}
        self.ns = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))

    def __call__(self, term: Any) -> str:
        from rdflib import URIRef

        if term is None:
            return ""
        if not isinstance(term, URIRef):
            return re.sub(r"\s*[\r\n]+\s*", " ", str(term))
        if self.iris:
            return str(term)
        if term not in self.cache:
            self.cache[term] = self._label(term) or self._compact(term)
        return self.cache[term]

    def _label(self, iri: Any) -> str | None:
        from rdflib.namespace import RDFS

        if self.graph is None:
            return None
        labels = list(self.graph.objects(iri, RDFS.label))
        for want in ("zh", "zh-hans", "zh-cn"):
            for lab in sorted(labels):
                if (getattr(lab, "language", None) or "").lower() == want:
                    return str(lab)
        zh = sorted(str(x) for x in labels if (getattr(x, "language", None) or "").startswith("zh"))
        return zh[0] if zh else None

    def _compact(self, iri: Any) -> str:
        s = str(iri)
        for prefix, ns in self.ns:
            if s.startswith(ns) and len(s) > len(ns):
                return f"{prefix}:{s[len(ns) :]}"
        return s


def _format_table(
    variables: list[str], rows: list[list], *, iris: bool, graph: rdflib.Graph | None
) -> str:
    label = _Labeller(graph, iris)
    cells = [[_truncate(label(t), MAX_CELL_WIDTH) for t in row] for row in rows]
    widths = [display_width(v) for v in variables]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    lines = [
        "  ".join(_pad(v, w) for v, w in zip(variables, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"
