"""Score a graph against gold annotations (``tests/gold/*.yaml``, see tests/gold/GUIDELINES.md).

Matching rule:

1. Articles: a gold file belongs to the graph's ``kg:Article`` with the same ``schema:url``
   (compared after percent-decoding). A gold event's ``evidence`` locates its sentence: the
   article's ``kg:Sentence`` whose ``kg:text`` contains it, both Simplified-normalised and with
   whitespace removed (if no single sentence holds it, two consecutive sentences may: then an
   event of either one is in "the" sentence).
2. Events: each ``kg:sourceSentence`` of an extracted event is one mention. A mention matches a
   gold event when it is in the same article and sentence, has the same class, and its
   ``kg:agent``, ``kg:target`` and ``kg:location`` sets equal the gold ones, where a gold name
   denotes a graph entity whose ``rdfs:label``/``skos:altLabel`` (any language) equals it after
   Simplified normalisation. Gold events and mentions are paired one-to-one by a maximum
   bipartite matching (where one gold event could pair with several mentions alike in sentence,
   class and roles, it takes the one whose date, quantity and modality agree with it most);
   paired = TP, unpaired mentions = FP, unpaired gold events = FN. Mentions
   in articles without a gold file are ignored; a gold article missing from the graph counts
   all its events as FN. The lenient score pairs on class and sentence only, so the gap between
   the two is role errors, and the gap between lenient and 100% is typing/detection errors.
3. Attributes, over the strict pairs: date accuracy (``kg:date`` lexical form equals the gold
   ``date``; null equals absent), quantity accuracy (``kg:quantity`` value; the unit, written
   heuristically, is not compared) and modality accuracy.

Entities: recall is the share of gold entities (per article) that the graph has as an entity of
the same class, mentioned in that article (``kg:mentionedIn``) and named like the gold name.
Entity precision is the share of the graph's entities mentioned in a gold article that some gold
entity of that article names with their class (gold lists can miss a name, so it is a floor).
Wikidata links: among gold entities with a QID found in the graph (named, mentioned in the
article), the share linked ``owl:sameAs wd:<qid>``; wrong links are the graph entities found
that way that are linked to a QID the gold says is another one or none.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote

from kg.errors import InputError

if TYPE_CHECKING:  # rdflib is imported when a graph is scored, not when this module is
    import rdflib

log = logging.getLogger(__name__)

EVENT_CLASSES: tuple[str, ...] = (
    "Statement", "Meeting", "Demand", "Condemnation", "Support", "Aid", "Sanction",
    "Deployment", "Attack", "Threat", "Personnel",
)
ENTITY_CLASSES: tuple[str, ...] = ("Person", "Organization", "Country", "Place")
KG_NS = "https://w3id.org/newskg/ontology#"
WD_NS = "http://www.wikidata.org/entity/"
_ROLES = ("agent", "target", "location")
_SPACE = re.compile(r"\s+")


# ----------------------------------------------------------------------------- gold files


@dataclass(frozen=True)
class GoldEntity:
    name: str
    cls: str
    qid: str | None = None
    en: str | None = None  # the English name, if the annotator gave one


@dataclass(frozen=True)
class GoldEvent:
    cls: str
    evidence: str
    agent: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    date: str | None = None
    quantity: int | None = None
    quantity_unit: str | None = None
    modality: str | None = None


@dataclass(frozen=True)
class GoldArticle:
    path: str
    url: str
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    # a long article annotated only up to the sentence starting with this text; extracted
    # events after it are not scored
    annotated_until: str | None = None
    # the ``article`` path as written in the file (for people, and for ``agreement``, which
    # needs the article's text to put two annotators' evidence into sentences)
    article: str | None = None


def load_gold(path: str | Path, *, shared_root: str | Path | None = None) -> GoldArticle:
    """Read and check one gold file; InputError names the file and what is wrong."""
    import yaml

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"{p}: cannot read gold file ({e.strerror}); check the path") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text; save the gold file as UTF-8") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{p}: not valid YAML{where}; fix the gold file") from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: not a gold file (no YAML mapping); see tests/gold/GUIDELINES.md")
    url = data.get("url") or _url_from_article(p, data.get("article"), shared_root)
    entities = tuple(_gold_entity(p, i, e) for i, e in enumerate(data.get("entities") or (), 1))
    events = tuple(_gold_event(p, i, e) for i, e in enumerate(data.get("events") or (), 1))
    until = data.get("annotated_until")
    if until is not None and not isinstance(until, str):
        raise InputError(f"{p}: annotated_until must be text from the last annotated sentence")
    article = data.get("article")
    return GoldArticle(str(p), str(url), entities, events, until or None,
                       article if isinstance(article, str) and article else None)


def _article_file(p: Path, article: object, shared_root: str | Path | None) -> Path | None:
    """The article file a gold file names: under ``shared_root``, else beside an ancestor."""
    if isinstance(article, str) and article:
        roots = [Path(shared_root)] if shared_root else []
        for parent in p.resolve().parents:
            roots += [parent, parent / "shared"]
        for root in roots:
            if (root / article).is_file():
                return root / article
    return None


def _url_from_article(p: Path, article: object, shared_root: str | Path | None) -> str:
    """The URL of the article file a gold file names (used only when it gives no ``url``)."""
    path = _article_file(p, article, shared_root)
    if path is not None:
        from kg.ingest import read_article

        url = read_article(path).url
        if url:
            return url
    raise InputError(f"{p}: no url, and no article file with one; add the article's url")


def _names(p: Path, where: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{p}: {where} must be a list of names; write e.g. [美国, 中国]")
    return tuple(value)


def _gold_entity(p: Path, i: int, e: object) -> GoldEntity:
    if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"]:
        raise InputError(f"{p}: entity {i} has no name; write {{name: ..., class: ...}}")
    cls = e.get("class")
    if cls not in ENTITY_CLASSES:
        raise InputError(
            f"{p}: entity {i} ({e['name']}) has class {cls!r}; use one of "
            + ", ".join(ENTITY_CLASSES)
        )
    qid = e.get("qid")
    if qid is not None and not (isinstance(qid, str) and re.fullmatch(r"Q[1-9][0-9]*", qid)):
        raise InputError(f"{p}: entity {i} ({e['name']}) has qid {qid!r}; write Q123 or null")
    en = e.get("en")
    return GoldEntity(e["name"], cls, qid, en.strip() if isinstance(en, str) and en.strip() else None)


def _gold_event(p: Path, i: int, e: object) -> GoldEvent:
    if not isinstance(e, dict):
        raise InputError(f"{p}: event {i} is not a mapping; see tests/gold/GUIDELINES.md")
    cls = e.get("class")
    if cls not in EVENT_CLASSES:
        raise InputError(
            f"{p}: event {i} has class {cls!r}; use one of " + ", ".join(EVENT_CLASSES)
        )
    evidence = e.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        raise InputError(f"{p}: event {i} ({cls}) has no evidence; copy a phrase of its sentence")
    quantity = e.get("quantity")
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int)):
        raise InputError(f"{p}: event {i} ({cls}) has quantity {quantity!r}; write an integer")
    return GoldEvent(
        cls=cls,
        evidence=evidence,
        agent=_names(p, f"event {i} ({cls}) agent", e.get("agent")),
        target=_names(p, f"event {i} ({cls}) target", e.get("target")),
        location=_names(p, f"event {i} ({cls}) location", e.get("location")),
        date=_gold_date(e.get("date")),
        quantity=quantity,
        quantity_unit=e.get("quantity_unit"),
        modality=e.get("modality"),
    )


def _gold_date(value: object) -> str | None:
    # YAML reads an unquoted 2022-03-02 as a date and 2014 as an int
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:04d}"
    return str(value)


# ----------------------------------------------------------------------------- report


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _r(self.precision),
                "recall": _r(self.recall), "f1": _r(self.f1)}


@dataclass
class Ratio:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _r(self.value)}


@dataclass
class ArticleResult:
    """What went wrong in one gold article (for ``--verbose``)."""

    gold: str  # gold file path
    url: str
    in_graph: bool
    score: Score = field(default_factory=Score)
    missed: list[dict[str, Any]] = field(default_factory=list)  # FN gold events
    spurious: list[dict[str, Any]] = field(default_factory=list)  # FP mentions
    unlocated: list[str] = field(default_factory=list)  # evidence found in no sentence
    missing_entities: list[dict[str, Any]] = field(default_factory=list)
    # candidate entities of the article no reference entity names (with that class)
    spurious_entities: list[dict[str, Any]] = field(default_factory=list)
    wrong_links: list[dict[str, Any]] = field(default_factory=list)
    # strict pairs whose date, quantity or modality disagree
    wrong_attributes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvalReport:
    by_class: dict[str, Score]
    lenient_by_class: dict[str, Score]
    entities: Ratio
    entities_by_class: dict[str, Ratio]
    entity_precision: Ratio  # candidate entities of gold articles that a gold entity names
    links: Ratio
    wrong_links: int  # distinct graph entities linked to a QID the gold contradicts
    dates: Ratio
    quantities: Ratio
    modality: Ratio
    articles: list[ArticleResult]
    ignored_mentions: int  # extracted mentions in articles that have no gold file

    @property
    def total(self) -> Score:
        return _sum(self.by_class.values())

    @property
    def lenient(self) -> Score:
        return _sum(self.lenient_by_class.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "events": {
                "total": self.total.to_dict(),
                "by_class": {c: s.to_dict() for c, s in self.by_class.items()},
                "lenient": self.lenient.to_dict(),
                "lenient_by_class": {c: s.to_dict() for c, s in self.lenient_by_class.items()},
                "ignored_mentions": self.ignored_mentions,
            },
            "attributes": {
                "date": self.dates.to_dict(),
                "quantity": self.quantities.to_dict(),
                "modality": self.modality.to_dict(),
            },
            "entities": {
                "recall": {**self.entities.to_dict(), "recall": _r(self.entities.value)},
                "by_class": {c: r.to_dict() for c, r in self.entities_by_class.items()},
                "precision": {**self.entity_precision.to_dict(),
                              "precision": _r(self.entity_precision.value)},
                "wikidata_links": self.links.to_dict(),
                "wrong_links": self.wrong_links,
            },
            "articles": [
                {**asdict(a), "score": a.score.to_dict()} for a in self.articles
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _attribute_values(g: GoldEvent, m: _Mention) -> dict[str, tuple[frozenset, frozenset]]:
    """Date, quantity and modality of a gold event and a graph event, as comparable sets."""
    return {"date": (_one(g.date or None), m.date),
            "quantity": (_one(g.quantity), m.quantity),
            "modality": (_one(g.modality or None), m.modality)}


def _one(x: object) -> frozenset:
    """A value as the set the graph side holds (no value: the empty set)."""
    return frozenset() if x is None else frozenset({x})


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _sum(scores: Iterable[Score]) -> Score:
    total = Score()
    for s in scores:
        total.add(s)
    return total


# ----------------------------------------------------------------------------- the graph side


def _norm(text: str) -> str:
    from kg.normalize import to_simplified

    return _SPACE.sub("", to_simplified(text)).casefold()


def _url_key(url: str) -> str:
    return unquote(url.strip())


class _NameResolver(Protocol):
    def resolve(self, name: str) -> set[str]: ...


@dataclass
class _Mention:
    event: str  # event IRI
    cls: str
    sentence: str  # sentence IRI
    index: int  # sentence index, for ordering and messages
    roles: dict[str, frozenset[str]]  # role -> entity IRIs
    date: frozenset[str]
    quantity: frozenset[int]
    modality: frozenset[str]


class _GraphView:
    """The parts of the graph the scorer reads, indexed once."""

    def __init__(self, graph: rdflib.Graph):
        from rdflib import RDF, RDFS, Literal, Namespace, URIRef
        from rdflib.namespace import OWL, SDO, SKOS

        # item access, not attributes: Namespace is a str, and kg.index would be str.index
        kg = Namespace(KG_NS)
        self.graph = graph
        self.article_by_url: dict[str, str] = {}
        for a in graph.subjects(RDF.type, kg["Article"]):
            for u in graph.objects(a, SDO.url):
                self.article_by_url.setdefault(_url_key(str(u)), str(a))
        # sentences per article: (index, IRI, normalised text)
        self.sentences: dict[str, list[tuple[int, str, str]]] = {}
        self.sentence_text: dict[str, str] = {}
        self.sentence_index: dict[str, int] = {}
        for s in graph.subjects(RDF.type, kg["Sentence"]):
            text = str(graph.value(s, kg["text"]) or "")
            idx = graph.value(s, kg["index"])
            index = int(idx) if isinstance(idx, Literal) and str(idx).lstrip("-").isdigit() else -1
            self.sentence_text[str(s)] = text
            self.sentence_index[str(s)] = index
            for a in graph.objects(s, kg["inArticle"]):
                self.sentences.setdefault(str(a), []).append((index, str(s), _norm(text)))
        for lst in self.sentences.values():
            lst.sort()
        self.sentence_article = {
            s: a for a, lst in self.sentences.items() for _, s, _ in lst
        }
        # entities: class, names, links, articles
        self.entity_classes: dict[str, set[str]] = {}
        for cls in ENTITY_CLASSES:
            for e in graph.subjects(RDF.type, kg[cls]):
                self.entity_classes.setdefault(str(e), set()).add(cls)
        self.by_name: dict[str, set[str]] = {}
        self.label: dict[str, str] = {}
        for e in self.entity_classes:
            ref = URIRef(e)
            labels = list(graph.objects(ref, RDFS.label))
            zh = [str(x) for x in labels if getattr(x, "language", None) in ("zh", "zh-hans")]
            self.label[e] = zh[0] if zh else (str(labels[0]) if labels else e.rsplit("/", 1)[-1])
            for name in labels + list(graph.objects(ref, SKOS.altLabel)):
                self.by_name.setdefault(_norm(str(name)), set()).add(e)
        self.mentioned_in: dict[str, set[str]] = {
            e: {str(a) for a in graph.objects(URIRef(e), kg["mentionedIn"])}
            for e in self.entity_classes
        }
        self.links: dict[str, set[str]] = {
            e: {
                str(o)[len(WD_NS):]
                for o in graph.objects(URIRef(e), OWL.sameAs)
                if str(o).startswith(WD_NS)
            }
            for e in self.entity_classes
        }
        # event mentions per article
        self.mentions: dict[str, list[_Mention]] = {}
        for cls in EVENT_CLASSES:
            for ev in graph.subjects(RDF.type, kg[cls]):
                classes = [c for c in EVENT_CLASSES if (ev, RDF.type, kg[c]) in graph]
                if classes[0] != cls:  # an event typed twice is scored once, as its first class
                    continue
                if len(classes) > 1:
                    log.warning("%s has %d event classes; scored as %s", ev, len(classes), cls)
                roles = {
                    r: frozenset(str(o) for o in graph.objects(ev, kg[r])) for r in _ROLES
                }
                dates = frozenset(str(o) for o in graph.objects(ev, kg["date"]))
                quantities = frozenset(
                    int(o) for o in graph.objects(ev, kg["quantity"]) if _is_int(o)
                )
                modality = frozenset(str(o) for o in graph.objects(ev, kg["modality"]))
                for s in graph.objects(ev, kg["sourceSentence"]):
                    art = self.sentence_article.get(str(s))
                    if art is None:
                        log.warning("%s: source sentence %s is in no article", ev, s)
                        continue
                    self.mentions.setdefault(art, []).append(
                        _Mention(str(ev), cls, str(s), self.sentence_index[str(s)], roles,
                                 dates, quantities, modality)
                    )
        for lst in self.mentions.values():
            lst.sort(key=lambda m: (m.index, m.event))

    def resolve(self, name: str) -> set[str]:
        return self.by_name.get(_norm(name), set())

    def locate(self, article: str, evidence: str) -> set[str]:
        """Sentences of ``article`` holding ``evidence`` (or one pair of neighbours)."""
        return _locate(self.sentences.get(article, []), evidence)


def _locate(sents: Sequence[tuple[int, str, str]], evidence: str) -> set[str]:
    """Ids of the sentences (index, id, normalised text) holding ``evidence``.

    Every sentence that holds it; failing that, each pair of neighbours that holds it across
    their boundary (an evidence copied over a split the annotator did not see).
    """
    ev = _norm(evidence)
    found = {sid for _, sid, text in sents if ev in text}
    if found:
        return found
    for (_, a, ta), (_, b, tb) in itertools.pairwise(sents):
        if ev in ta + tb:
            found |= {a, b}
    return found


def _is_int(o: object) -> bool:
    try:
        int(o)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
    return True


# ----------------------------------------------------------------------------- matching


def _max_matching(n_left: int, edges: list[list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths): left index -> right index.

    Left vertices are tried in order and their edges in the order given, so the result is
    deterministic.
    """
    match_right: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges[u]:
            if v in seen:
                continue
            seen.add(v)
            if v not in match_right or augment(match_right[v], seen):
                match_right[v] = u
                return True
        return False

    for u in range(n_left):
        augment(u, set())
    return {u: v for v, u in match_right.items()}


def _pair_events(
    ref_classes: Sequence[str],
    cand_classes: Sequence[str],
    same_sentence: Callable[[int, int], bool],
    same_roles: Callable[[int, int], bool],
    rank: Callable[[int, int], int] | None = None,
) -> tuple[dict[int, int], dict[int, int]]:
    """The strict and the lenient one-to-one pairing of reference and candidate events.

    Strict: same sentence, same class and ``same_roles`` (agent, target and location sets);
    lenient: same sentence and class. Returns reference index -> candidate index for each.
    This is the whole matching rule; ``evaluate`` (gold vs graph) and ``agreement`` (gold vs
    gold) differ only in how they decide "same sentence" and "same roles".

    ``rank`` orders each reference event's candidates (lower first, ties in index order). It
    never changes how many pairs there are, only which of several equally good candidates a
    reference event gets, and so the attribute scores of the pairs.
    """
    n_cand = len(cand_classes)
    lenient_edges = [
        [j for j in range(n_cand) if cand_classes[j] == cls and same_sentence(i, j)]
        for i, cls in enumerate(ref_classes)
    ]
    if rank is not None:
        lenient_edges = [sorted(js, key=lambda j, i=i: rank(i, j))
                         for i, js in enumerate(lenient_edges)]
    strict_edges = [[j for j in js if same_roles(i, j)] for i, js in enumerate(lenient_edges)]
    n_ref = len(ref_classes)
    return _max_matching(n_ref, strict_edges), _max_matching(n_ref, lenient_edges)


def _role_set_matches(view: _NameResolver, names: Sequence[str], iris: frozenset[str]) -> bool:
    """Do the gold names denote exactly the graph entities ``iris`` (one name, one entity)?"""
    if len(names) != len(iris):
        return False
    if not names:
        return True
    candidates = [[i for i, e in enumerate(sorted(iris)) if e in view.resolve(n)] for n in names]
    return len(_max_matching(len(names), candidates)) == len(names)


def _roles_ok(view: _NameResolver, g: GoldEvent, roles: dict[str, frozenset[str]]) -> bool:
    return all(_role_set_matches(view, getattr(g, r), roles[r]) for r in _ROLES)


# ----------------------------------------------------------------------------- evaluate


@dataclass
class _Tables:
    """The counts both scorers fill: events per class (strict and lenient), entities, links
    and the attributes of strict pairs."""

    by_class: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in EVENT_CLASSES})
    lenient: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in EVENT_CLASSES})
    entities: Ratio = field(default_factory=Ratio)
    entities_by_class: dict[str, Ratio] = field(
        default_factory=lambda: {c: Ratio() for c in ENTITY_CLASSES})
    entity_precision: Ratio = field(default_factory=Ratio)
    links: Ratio = field(default_factory=Ratio)
    dates: Ratio = field(default_factory=Ratio)
    quantities: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)

    def tally(self, strict: dict[int, int], loose: dict[int, int],
              ref_classes: Sequence[str], cand_classes: Sequence[str]) -> tuple[list[int], list[int]]:
        """Count both pairings per class; return the reference and candidate indices the
        strict pairing leaves unpaired (missed and spurious), in index order."""
        for pairs, table in ((strict, self.by_class), (loose, self.lenient)):
            matched = set(pairs.values())
            for i, cls in enumerate(ref_classes):
                if i in pairs:
                    table[cls].tp += 1
                else:
                    table[cls].fn += 1
            for j, cls in enumerate(cand_classes):
                if j not in matched:
                    table[cls].fp += 1
        matched = set(strict.values())
        return ([i for i in range(len(ref_classes)) if i not in strict],
                [j for j in range(len(cand_classes)) if j not in matched])

    def attributes(self, res: ArticleResult, cls: str, evidence: str,
                   values: dict[str, tuple[frozenset, frozenset]]) -> None:
        """Date, quantity and modality of one strict pair: ``values`` maps each attribute to
        (reference values, candidate values); a disagreement is listed on ``res``."""
        for name, ratio in (("date", self.dates), ("quantity", self.quantities),
                            ("modality", self.modality)):
            ref, cand = values[name]
            ratio.total += 1
            ratio.correct += ref == cand
            if ref != cand:
                res.wrong_attributes.append({
                    "class": cls, "evidence": evidence, "attribute": name,
                    "gold": sorted(map(str, ref)), "found": sorted(map(str, cand))})

    def entity(self, cls: str, found: bool, qid: str | None, linked: bool | None) -> None:
        """One reference entity: found with its class or not; ``linked`` (None: nothing to
        compare) whether the candidate gives its QID."""
        self.entities.total += 1
        self.entities_by_class[cls].total += 1
        if found:
            self.entities.correct += 1
            self.entities_by_class[cls].correct += 1
        if qid and linked is not None:
            self.links.total += 1
            self.links.correct += linked

    def candidates(self, res: ArticleResult, spurious: Iterable[tuple[str, str]],
                   total: int) -> None:
        """The candidate side's entities of one article: ``total`` of them, ``spurious``
        (name, class) the ones no reference entity of that class names."""
        bad = sorted(set(spurious))
        self.entity_precision.total += total
        self.entity_precision.correct += total - len(bad)
        res.spurious_entities.extend({"name": n, "class": c} for n, c in bad)

    def report(self, articles: list[ArticleResult], wrong_links: int, ignored: int) -> EvalReport:
        return EvalReport(
            by_class=self.by_class,
            lenient_by_class=self.lenient,
            entities=self.entities,
            entities_by_class=self.entities_by_class,
            entity_precision=self.entity_precision,
            links=self.links,
            wrong_links=wrong_links,
            dates=self.dates,
            quantities=self.quantities,
            modality=self.modality,
            articles=articles,
            ignored_mentions=ignored,
        )


def evaluate(
    graph: rdflib.Graph,
    gold_paths: Iterable[str | Path],
    *,
    shared_root: str | Path | None = None,
) -> EvalReport:
    """Score ``graph`` against the gold files (see the module docstring for the rule).

    ``shared_root`` is where a gold file's ``article`` path is looked up when the file has no
    ``url`` (the dev corpus paths are relative to the shared folder).
    """
    golds = list(_by_url([load_gold(p, shared_root=shared_root) for p in gold_paths]).values())
    view = _GraphView(graph)
    t = _Tables()
    wrong_entities: set[str] = set()
    results: list[ArticleResult] = []
    gold_articles: set[str] = set()

    for gold in golds:
        art = view.article_by_url.get(_url_key(gold.url))
        res = ArticleResult(gold.path, gold.url, art is not None)
        results.append(res)
        if art is not None:
            gold_articles.add(art)
        sentence_sets = [view.locate(art, g.evidence) if art else set() for g in gold.events]
        for g, sents in zip(gold.events, sentence_sets):
            if art is not None and not sents:
                res.unlocated.append(g.evidence)
        mentions = view.mentions.get(art, []) if art else []
        if art and gold.annotated_until:
            last = view.locate(art, gold.annotated_until)
            order = {iri: i for i, iri, _ in view.sentences.get(art, [])}
            if last:
                cutoff = max(order[iri] for iri in last)
                mentions = [m for m in mentions if order.get(m.sentence, 0) <= cutoff]
            else:
                res.unlocated.append(gold.annotated_until)

        # strict and lenient one-to-one matchings
        strict, loose = _pair_events(
            [g.cls for g in gold.events],
            [m.cls for m in mentions],
            # called before the loop moves on; the defaults only silence the closure lint
            lambda i, j, ms=mentions, ss=sentence_sets: ms[j].sentence in ss[i],
            lambda i, j, ms=mentions, gs=gold.events: _roles_ok(view, gs[i], ms[j].roles),
            # two events of one sentence with the same roles (二十亿 and 十四亿 of aid) pair by
            # their date, quantity and modality
            lambda i, j, ms=mentions, gs=gold.events: sum(
                ref != cand for ref, cand in _attribute_values(gs[i], ms[j]).values()),
        )
        missed, spurious = t.tally(strict, loose, [g.cls for g in gold.events],
                                   [m.cls for m in mentions])
        res.missed.extend(_describe_gold(gold.events[i], bool(sentence_sets[i])) for i in missed)
        res.spurious.extend(_describe_mention(view, mentions[j]) for j in spurious)
        for i, j in strict.items():
            g = gold.events[i]
            t.attributes(res, g.cls, g.evidence, _attribute_values(g, mentions[j]))
        res.score = Score(tp=len(strict), fp=len(mentions) - len(strict),
                          fn=len(gold.events) - len(strict))

        # entities
        named_right: set[str] = set()  # graph entities a gold entity names, class agreeing
        for ge in gold.entities:
            named = view.resolve(ge.name)
            here = {e for e in named if art is not None and art in view.mentioned_in[e]}
            ok = any(ge.cls in view.entity_classes[e] for e in here)
            named_right.update(e for e in here if ge.cls in view.entity_classes[e])
            t.entity(ge.cls, ok, ge.qid, any(ge.qid in view.links[e] for e in here) if here else None)
            if not ok:
                res.missing_entities.append({"name": ge.name, "class": ge.cls})
            for e in sorted(here):
                wrong = sorted(q for q in view.links[e] if q != ge.qid)
                if wrong:
                    wrong_entities.add(e)
                    res.wrong_links.append({"name": ge.name, "entity": e, "linked": wrong,
                                            "gold": ge.qid})
        if art is not None:
            ours = [e for e, arts in view.mentioned_in.items() if art in arts]
            t.candidates(res, ((view.label[e], cls) for e in ours if e not in named_right
                               for cls in sorted(view.entity_classes[e])), len(ours))

    ignored = sum(len(ms) for a, ms in view.mentions.items() if a not in gold_articles)
    return t.report(results, len(wrong_entities), ignored)


# ----------------------------------------------------------------------------- agreement


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold files named: a folder stands for its ``*.yaml`` files (sorted, not recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob("*.yaml"))
            if not found:
                raise InputError(f"{p}: folder holds no .yaml gold file; name the gold files")
            out += found
        else:
            out.append(p)
    return out


class _GoldNames:
    """Which names of annotator B's file denote the entity a name of annotator A's denotes.

    Plays the graph's part in :func:`_role_set_matches`: B's "entities" are B's names
    (normalised). Two names denote the same entity when they are equal after Simplified
    normalisation, when their files' entity lists give them the same QID or the same English
    name (澳洲工党 and 工党, both "Australian Labor Party"), or when the gazetteer resolves both
    to the same entity (北约 = 北大西洋公约组织, 澳洲 = 澳大利亚): the names a graph entity would
    carry as labels and altLabels under the graph-vs-gold rule.
    """

    def __init__(self, a: GoldArticle, b: GoldArticle):
        self._a_entities = {_norm(e.name): e for e in a.entities}
        b_entities = {_norm(e.name): e for e in b.entities}
        names = {n for ev in b.events for r in _ROLES for n in getattr(ev, r)}
        names |= {e.name for e in b.entities}
        self._b = {_norm(n): self._keys(n, b_entities) for n in names}

    @staticmethod
    def _keys(name: str, listed: dict[str, GoldEntity]) -> set[str]:
        from kg.gazetteer import default

        norm = _norm(name)
        keys = {"name:" + norm}
        entry = listed.get(norm)
        if entry is not None and entry.qid:
            keys.add("wd:" + entry.qid)
        if entry is not None and entry.en:
            keys.add("en:" + " ".join(entry.en.casefold().split()))
        entity = default().lookup(name)
        if entity is not None:
            keys.add("kg:" + entity.key)
            if entity.qid:
                keys.add("wd:" + entity.qid)
        return keys

    def resolve(self, name: str) -> set[str]:
        keys = self._keys(name, self._a_entities)
        return {b for b, b_keys in self._b.items() if keys & b_keys}

    def roles(self, event: GoldEvent) -> dict[str, frozenset[str]]:
        return {r: frozenset(_norm(n) for n in getattr(event, r)) for r in _ROLES}


def _article_sentences(
    gold: GoldArticle, other: GoldArticle | None, shared_root: str | Path | None
) -> tuple[list[tuple[int, str, str]], dict[str, str]]:
    """The article's sentences, split by kg.text: ``(index, id, normalised text)`` for
    :func:`_locate`, and each id's text as written (for messages)."""
    from kg.ingest import read_article
    from kg.text import split_sentences

    for g in (gold, other):
        if g is None:
            continue
        path = _article_file(Path(g.path), g.article, shared_root)
        if path is not None:
            article = read_article(path)
            if _url_key(article.url or "") != _url_key(gold.url):
                raise InputError(f"{g.path}: its article file {path} has another url; "
                                 "fix the article path or the url")
            sentences = split_sentences(article)
            return ([(s.index, str(s.index), _norm(s.text)) for s in sentences],
                    {str(s.index): s.text for s in sentences})
    raise InputError(f"{gold.path}: article file {gold.article!r} not found; pass the folder "
                     "it is relative to as shared_root (kg eval --shared)")


def _by_url(golds: Sequence[GoldArticle]) -> dict[str, GoldArticle]:
    seen: dict[str, GoldArticle] = {}
    for g in golds:
        key = _url_key(g.url)
        if key in seen:
            raise InputError(f"{g.path}: same url as {seen[key].path}; keep one gold file per "
                             "article")
        seen[key] = g
    return seen


def agreement(
    gold_a: Iterable[str | Path],
    gold_b: Iterable[str | Path],
    *,
    shared_root: str | Path | None = None,
) -> EvalReport:
    """Score annotator B's gold files against annotator A's, by the rule of :func:`evaluate`.

    A is the reference and B takes the graph's place: "precision" is the share of B's events
    that A also has, "recall" the share of A's events that B has (F1 is symmetric). Files
    pair by url; a folder stands for its ``*.yaml`` files. Both sides put each event in a
    sentence by its evidence, in the article's text split by ``kg.text`` (the article file
    is found as for ``evaluate``: under ``shared_root`` or beside an ancestor folder); two
    events are in the same sentence when their evidence strings share one. Pairing is the
    same strict (sentence + class + agent/target/location name sets) and lenient (sentence
    + class) one-to-one matching; names match as :class:`_GoldNames` says. Date, quantity
    and modality accuracy compare B's value to A's on the strict pairs.

    In the report, ``ArticleResult.in_graph`` means "B has a file for this article",
    ``missed`` are A's events B lacks, ``spurious`` B's events A lacks, ``unlocated`` the
    evidence (B's prefixed ``B: ``) found in no sentence; entity recall is the share of A's
    entities that B lists with the same class; Wikidata link accuracy, among those with an
    A QID, the share B gives the same QID; entity precision, the share of B's entities an A
    entity of the same class names; wrong links, B's entities whose QID A contradicts.
    ``ignored_mentions`` counts B's events in articles A has no file for. When either file
    has ``annotated_until``, events of both after the earlier of the two are left out.
    """
    a_files = [load_gold(p, shared_root=shared_root) for p in gold_files(gold_a)]
    b_files = [load_gold(p, shared_root=shared_root) for p in gold_files(gold_b)]
    a_by_url, b_by_url = _by_url(a_files), _by_url(b_files)

    t = _Tables()
    wrong_b: set[tuple[str, str]] = set()  # (B file, B entity name) linked against A
    results: list[ArticleResult] = []

    for key, a in a_by_url.items():
        b = b_by_url.get(key)
        res = ArticleResult(a.path, a.url, b is not None)
        results.append(res)
        sents, text = _article_sentences(a, b, shared_root)
        order = {sid: i for i, sid, _ in sents}
        a_events = list(a.events)
        b_events = list(b.events) if b is not None else []
        cutoffs = []
        for g in (a, b):
            if g is not None and g.annotated_until:
                last = _locate(sents, g.annotated_until)
                if last:
                    cutoffs.append(max(order[s] for s in last))
                else:
                    res.unlocated.append(("" if g is a else "B: ") + g.annotated_until)
        a_sets = [_locate(sents, e.evidence) for e in a_events]
        b_sets = [_locate(sents, e.evidence) for e in b_events]
        for e, found in zip(a_events, a_sets):
            if not found:
                res.unlocated.append(e.evidence)
        for e, found in zip(b_events, b_sets):
            if not found:
                res.unlocated.append("B: " + e.evidence)
        if cutoffs:
            # an event is kept unless all its sentences lie after the cut
            late = {sid for sid, i in order.items() if i > min(cutoffs)}
            a_events, a_sets = _keep(a_events, a_sets, late)
            b_events, b_sets = _keep(b_events, b_sets, late)

        names = _GoldNames(a, b) if b is not None else None
        b_roles = [names.roles(e) for e in b_events] if names is not None else []
        strict, loose = _pair_events(
            [e.cls for e in a_events],
            [e.cls for e in b_events],
            lambda i, j, sa=a_sets, sb=b_sets: bool(sa[i] & sb[j]),
            lambda i, j, ea=a_events, rb=b_roles, n=names: _roles_ok(n, ea[i], rb[j]),
            # two events in one sentence with the same class and roles (加大援助力度 beside
            # 提供有针对性的支持): pair the ones whose evidence is the same words
            lambda i, j, ea=a_events, eb=b_events: _evidence_rank(ea[i].evidence,
                                                                  eb[j].evidence),
        )
        missed, spurious = t.tally(strict, loose, [e.cls for e in a_events],
                                   [e.cls for e in b_events])
        res.missed.extend(_describe_gold(a_events[i], bool(a_sets[i])) for i in missed)
        for j in spurious:
            first = min(b_sets[j], key=order.__getitem__, default=None)
            res.spurious.append({
                **_describe_gold(b_events[j], bool(b_sets[j])),
                "sentence": -1 if first is None else order[first],
                "text": "" if first is None else text[first],
            })
        for i, j in strict.items():
            ea, eb = a_events[i], b_events[j]
            t.attributes(res, ea.cls, ea.evidence, {
                "date": (_one(ea.date), _one(eb.date)),
                "quantity": (_one(ea.quantity), _one(eb.quantity)),
                "modality": (_one(ea.modality or None), _one(eb.modality or None)),
            })
        res.score = Score(tp=len(strict), fp=len(b_events) - len(strict),
                          fn=len(a_events) - len(strict))

        # entities: A's list is the reference, B's takes the graph's place
        b_entities = {_norm(e.name): e for e in b.entities} if b is not None else {}
        b_named: set[str] = set()  # B's names an A entity of the same class names
        for ea_ in a.entities:
            here = [b_entities[n] for n in (names.resolve(ea_.name) if names else ())
                    if n in b_entities]
            ok = any(e.cls == ea_.cls for e in here)
            b_named.update(_norm(e.name) for e in here if e.cls == ea_.cls)
            t.entity(ea_.cls, ok, ea_.qid, any(e.qid == ea_.qid for e in here) if here else None)
            if not ok:
                res.missing_entities.append({"name": ea_.name, "class": ea_.cls})
            for e in here:
                if e.qid and e.qid != ea_.qid:
                    wrong_b.add((b.path if b is not None else "", e.name))
                    res.wrong_links.append({"name": ea_.name, "entity": e.name,
                                            "linked": [e.qid], "gold": ea_.qid})
        if b is not None:
            t.candidates(res, ((e.name, e.cls) for n, e in b_entities.items()
                               if n not in b_named), len(b_entities))

    ignored = sum(len(b.events) for k, b in b_by_url.items() if k not in a_by_url)
    return t.report(results, len(wrong_b), ignored)


def _evidence_rank(a: str, b: str) -> int:
    a, b = _norm(a), _norm(b)
    return 0 if a == b else 1 if a in b or b in a else 2


def _keep(events: list[GoldEvent], sets: list[set[str]],
          late: set[str]) -> tuple[list[GoldEvent], list[set[str]]]:
    kept = [(e, s) for e, s in zip(events, sets) if not s or not s <= late]
    return [e for e, _ in kept], [s for _, s in kept]


def _describe_gold(g: GoldEvent, located: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"class": g.cls, "evidence": g.evidence}
    for r in _ROLES:
        if getattr(g, r):
            d[r] = list(getattr(g, r))
    if not located:
        d["note"] = "evidence not found in any sentence"
    return d


def _describe_mention(view: _GraphView, m: _Mention) -> dict[str, Any]:
    d: dict[str, Any] = {"class": m.cls, "event": m.event, "sentence": m.index,
                         "text": view.sentence_text.get(m.sentence, "")}
    for r in _ROLES:
        if m.roles[r]:
            d[r] = sorted(view.label.get(e, e) for e in m.roles[r])
    return d


# ----------------------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:5.1f}%"


def format_report(report: EvalReport, *, verbose: bool = False) -> str:
    """A plain-text table of the scores; with ``verbose``, the errors of each article."""
    lines = [(f"{'events':<14} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} "
             f"{'F1':>6}")]

    def row(name: str, s: Score) -> str:
        return (f"{name:<14} {s.tp:>4} {s.fp:>4} {s.fn:>4} {_pct(s.precision)} "
                f"{_pct(s.recall)} {_pct(s.f1)}")

    for cls, s in report.by_class.items():
        if s.tp or s.fp or s.fn:
            lines.append(row(cls, s))
    lines.append(row("total", report.total))
    lines.append(row("lenient", report.lenient))
    lines.append("")

    def ratio(name: str, r: Ratio) -> str:
        return f"{name:<26} {r.correct:>4} / {r.total:<4} {_pct(r.value)}"

    lines.append(ratio("date accuracy", report.dates))
    lines.append(ratio("quantity accuracy", report.quantities))
    lines.append(ratio("modality accuracy", report.modality))
    lines.append(ratio("entity recall", report.entities))
    for cls, r in report.entities_by_class.items():
        if r.total:
            lines.append(ratio(f"  {cls}", r))
    lines.append(ratio("entity precision", report.entity_precision))
    lines.append(ratio("wikidata link accuracy", report.links))
    lines.append(f"{'wrong wikidata links':<26} {report.wrong_links:>4}")
    absent = [a for a in report.articles if not a.in_graph]
    lines.append(f"{'gold articles':<26} {len(report.articles):>4} ({len(absent)} not in graph)")
    lines.append(f"{'ignored mentions':<26} {report.ignored_mentions:>4} (articles without gold)")
    if verbose:
        for a in report.articles:
            lines.append("")
            s = a.score
            lines.append(f"== {a.gold}  TP {s.tp}  FP {s.fp}  FN {s.fn}"
                         + ("" if a.in_graph else "  (article not in graph)"))
            for ev in a.unlocated:
                lines.append(f"  evidence in no sentence: {ev}")
            for g in a.missed:
                lines.append(f"  FN {g['class']}: {_roles(g)} | {g['evidence']}")
            for m in a.spurious:
                lines.append(f"  FP {m['class']}: {_roles(m)} | s{m['sentence']} {m['text']}")
            for w in a.wrong_attributes:
                lines.append(f"  {w['attribute']} wrong: {w['class']} gold "
                             f"{', '.join(w['gold']) or 'none'}, found "
                             f"{', '.join(w['found']) or 'none'} | {w['evidence']}")
            for e in a.missing_entities:
                lines.append(f"  entity missing: {e['name']} ({e['class']})")
            for e in a.spurious_entities:
                lines.append(f"  entity spurious: {e['name']} ({e['class']})")
            for w in a.wrong_links:
                lines.append(f"  wrong link: {w['name']} -> {', '.join(w['linked'])} "
                             f"(gold: {w['gold'] or 'none'})")
    return "\n".join(lines)


def _roles(d: dict[str, Any]) -> str:
    parts = [f"{r}={'、'.join(d[r])}" for r in _ROLES if d.get(r)]
    return " ".join(parts) or "(no roles)"
