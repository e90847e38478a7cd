"""Documents -> rdflib Graph with the graph contract's terms.

IRIs are deterministic: entities by their canonical key, articles by the hash of their
URL (or content), sentences by article and position, events by a hash of what identifies
the real event (see :func:`merge_events`). No blank nodes, so Turtle output is byte-stable
across rebuilds, and the graph does not depend on the order the articles come in.

A graph has two parts:

* **article statements** (:func:`article_triples`): what one article says on its own — the
  article node, its publisher node, its sentences, and ``kg:mentionedIn`` links from the
  entities it names. They never change when other articles are added, so they are kept as
  one named graph per article (graph name = the article IRI) in a TriG export and in the
  store (``kg.store``), where replacing an article means replacing its graph.
* **corpus statements** (:func:`corpus_triples`): what needs every article — entity
  descriptions (one class, labels, alternative labels, roles, ``kg:locatedIn`` and
  ``kg:memberOf`` links to entities present in the corpus) and merged events. They are
  recomputed from the small per-article :class:`Facts`; in TriG they are the default graph.

The union of both parts is the merged graph that ``kg build`` writes to Turtle.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as _ns

from kg import vocab as _vocab
from kg.model import Article, Document, Entity, Event, Mention
from kg.normalize import to_simplified
from kg.vocab import CAMEO, KGR, PLOVER, WD, bind_prefixes


class _Terms:
    """A namespace's terms by attribute, each looked up once. (rdflib's DefinedNamespace
    checks every ``KG.text`` against its term list; a build asks ~10 times per triple.)"""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # (introspection: copy, pickle, pytest) not a term
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # the next lookup finds it in the instance dict
        return term


KG = _Terms(_vocab.KG)
SCHEMA = _Terms(_vocab.SCHEMA)
OWL, RDF, RDFS, SKOS, XSD = (_Terms(n) for n in (_ns.OWL, _ns.RDF, _ns.RDFS, _ns.SKOS, _ns.XSD))

# publisher slug for IRIs: ASCII letters and digits only
_SLUG = re.compile(r"[^a-z0-9]+")
_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}
# class precedence when two articles disagree about an unknown name: the more specific
# evidence wins, deterministically
_CLASS_ORDER = ("Country", "Organization", "Person", "Place")

Triple = tuple[URIRef, URIRef, object]


class Namer:
    """Mints the IRIs of a build under one base (``kgr:`` by default)."""

    def __init__(self, base: str | None = None):
        self.base = base or str(KGR)

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + "entity/" + quote(key, safe="-_.~"))

    def article(self, article: Article) -> URIRef:
        return URIRef(f"{self.base}article/{article.id}")

    def sentence(self, article: Article, index: int) -> URIRef:
        return URIRef(f"{self.base}article/{article.id}/s{index}")

    def event(self, article: Article, event: Event) -> URIRef:
        """An event reported once: identified by its article, sentence and trigger."""
        key = "|".join(
            [article.key, str(event.sentence), event.cls, str(event.trigger_start),
             ",".join(event.agents), ",".join(event.targets)]
        )
        return URIRef(f"{self.base}event/{_hash(key)}")

    def merged_event(self, key: str) -> URIRef:
        """An event identified by what it is (class, parties, places, date): the same IRI
        whichever articles report it."""
        return URIRef(f"{self.base}event/{_hash('merged|' + key)}")

    def role(self, person: str, title: str, of: str | None) -> URIRef:
        key = "|".join([person, title, of or ""])
        return URIRef(f"{self.base}role/{_hash(key)}")

    def publisher(self, name: str) -> URIRef:
        slug = _SLUG.sub("-", name.lower()).strip("-") or _hash(name)
        return URIRef(f"{self.base}publisher/{slug}")


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


_integers: dict[int, Literal] = {}


def _integer(n: int) -> Literal:
    """``Literal(n)`` (xsd:integer), made once per number: offsets repeat across articles."""
    lit = _integers.get(n)
    if lit is None:
        lit = Literal(n)
        if len(_integers) < 100_000:
            _integers[n] = lit
    return lit


def _zh(text: str, script: str = "Hans") -> Literal:
    return Literal(text, lang="zh-Hant" if script == "Hant" else "zh")


def _lang_of(name: str) -> str:
    if all(ord(c) < 0x2E80 for c in name):
        return "en"
    return "zh" if to_simplified(name) == name else "zh-Hant"


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Facts:
    """What one article contributes to the corpus statements: small and picklable (the
    store keeps one per article; parallel builds send them between processes)."""

    article: Article  # with ``text`` and ``norm`` emptied: only metadata is needed
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]

    @property
    def order(self) -> tuple[str, str]:
        """Sort key: earliest publication first, then the article id (total, stable)."""
        stamp = self.article.published.isoformat() if self.article.published else "~"
        return (stamp, self.article.id)


def slim_article(article: Article) -> Article:
    """The article without its text (sentences carry the text the graph needs)."""
    from dataclasses import replace

    return replace(article, text="", norm="")


def facts_of(doc: Document) -> Facts:
    return Facts(slim_article(doc.article), tuple(doc.mentions), tuple(doc.events))


# --------------------------------------------------------------------------- building


def build_graph(documents: Iterable[Document], *, base: str | None = None) -> Graph:
    """One merged graph for any number of documents (in any order)."""
    builder = GraphBuilder(base)
    for doc in documents:
        builder.add(doc)
    return builder.finish()


def build_dataset(documents: Iterable[Document], *, base: str | None = None) -> Dataset:
    """The same statements as :func:`build_graph`, as a Dataset: one named graph per article
    (graph name = article IRI) holding its article statements, and the corpus statements
    in the default graph."""
    builder = GraphBuilder(base, dataset=True)
    for doc in documents:
        builder.add(doc)
    return builder.finish()


class GraphBuilder:
    """Adds documents one at a time (so a caller can stream them and drop each one), then
    :meth:`finish` adds the corpus statements. Keeps only :class:`Facts`, not documents."""

    def __init__(self, base: str | None = None, *, dataset: bool = False):
        self.namer = Namer(base)
        self.graph: Graph = bind_prefixes(Dataset() if dataset else Graph())
        self.facts: list[Facts] = []
        self._dataset = dataset

    def add(self, doc: Document) -> None:
        self.add_facts(facts_of(doc), article_triples(self.namer, doc))

    def add_facts(self, facts: Facts, triples: Iterable[Triple]) -> None:
        if self._dataset:
            target = self.graph.graph(self.namer.article(facts.article))  # type: ignore[attr-defined]
        else:
            target = self.graph
        for t in triples:
            target.add(t)
        self.facts.append(facts)

    def finish(self) -> Graph:
        target = self.graph.default_graph if self._dataset else self.graph  # type: ignore[attr-defined]
        for t in corpus_triples(self.namer, self.facts):
            target.add(t)
        return self.graph


# --------------------------------------------------------------------------- article part


def article_triples(namer: Namer, doc: Document) -> Iterator[Triple]:
    """The statements one article makes on its own (see the module docstring)."""
    art = doc.article
    a = namer.article(art)
    yield (a, RDF.type, KG.Article)
    if art.headline:
        yield (a, SCHEMA.headline, _zh(art.headline, art.script))
    if art.url:
        yield (a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
    if art.published is not None:
        stamp = art.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        yield (a, SCHEMA.datePublished, Literal(stamp, datatype=XSD.dateTime))
    if art.publisher:
        p = namer.publisher(art.publisher)
        yield (a, SCHEMA.publisher, p)
        yield (p, RDF.type, SCHEMA.Organization)
        yield (p, RDFS.label, Literal(art.publisher))
    for link in art.links:
        iri = _safe_iri(link)
        if iri is not None:
            yield (a, SCHEMA.citation, iri)
    yield (a, KG.contentHash, Literal(art.content_hash))
    for s in doc.sentences:
        si = namer.sentence(art, s.index)
        yield (si, RDF.type, KG.Sentence)
        yield (si, KG.text, _zh(s.text, art.script))
        yield (si, KG.start, _integer(s.start))
        yield (si, KG.end, _integer(s.end))
        yield (si, KG.index, _integer(s.index))
        yield (si, KG.inArticle, a)
    for key in sorted({m.entity.key for m in doc.mentions}):
        yield (namer.entity(key), KG.mentionedIn, a)


def add_article(g: Graph, namer: Namer, doc: Document) -> URIRef:
    for t in article_triples(namer, doc):
        g.add(t)
    return namer.article(doc.article)


def _safe_iri(link: str) -> URIRef | None:
    if not link.startswith(("http://", "https://")):
        return None
    return URIRef(quote(link, safe=":/?#[]@!$&'()*+,;=%~-._"))


# --------------------------------------------------------------------------- corpus part


def corpus_triples(namer: Namer, facts: Iterable[Facts]) -> Iterator[Triple]:
    """Entity descriptions, roles and merged events of all articles' facts together.

    The facts are taken in a fixed order (:attr:`Facts.order`), so the result does not
    depend on the order articles were read in, processed in parallel or added to a store.
    """
    ordered = sorted(facts, key=lambda f: f.order)
    return corpus_triples_of(namer, lambda: iter(ordered))


def corpus_triples_of(namer: Namer, facts: Callable[[], Iterable[Facts]]) -> Iterator[Triple]:
    """:func:`corpus_triples` over ``facts()``, an iterable already in :attr:`Facts.order`
    that is read twice (entities, then events), so that a caller can stream the facts of
    a large store instead of holding every article's mentions at once."""
    entities: dict[str, Entity] = {}
    forms: dict[str, set[str]] = {}
    roles: set[tuple[str, str, str | None, str | None]] = set()
    for f in facts():
        for m in f.mentions:
            _merge_entity(entities, m.entity)
            if m.via != "metonymy":  # 北京 is not another name of 中国
                forms.setdefault(m.entity.key, set()).add(m.text)
            if m.role is not None:
                roles.add((m.entity.key, m.role.title_zh, m.role.title_en, m.role.of))
    for key in sorted(entities):
        yield from entity_triples(namer, entities[key], forms.get(key, set()), present=entities)
    for person, title, title_en, of in sorted(roles, key=lambda r: tuple(x or "" for x in r)):
        yield from role_triples(namer, person, title, title_en, of)
    events_only = (Facts(f.article, (), f.events) for f in facts())
    for merged in merge_events(events_only):
        yield from event_triples(namer, merged)


def _merge_entity(entities: dict[str, Entity], ent: Entity) -> None:
    cur = entities.get(ent.key)
    if cur is None:
        entities[ent.key] = ent
        return
    cls = min(cur.cls, ent.cls, key=_CLASS_ORDER.index) if cur.qid is None else cur.cls
    entities[ent.key] = Entity(
        key=cur.key, cls=cls, label_zh=cur.label_zh,
        label_en=cur.label_en or ent.label_en, qid=cur.qid or ent.qid,
        aliases=tuple(dict.fromkeys(cur.aliases + ent.aliases)),
        country=cur.country or ent.country,
        member_of=tuple(dict.fromkeys(cur.member_of + ent.member_of)),
    )


def entity_triples(namer: Namer, ent: Entity, forms, *, present) -> Iterator[Triple]:
    e = namer.entity(ent.key)
    yield (e, RDF.type, getattr(KG, ent.cls))
    yield (e, RDFS.label, Literal(ent.label_zh, lang="zh"))
    if ent.label_en:
        yield (e, RDFS.label, Literal(ent.label_en, lang="en"))
    if ent.qid:
        yield (e, OWL.sameAs, WD[ent.qid])
    labels = {ent.label_zh, ent.label_en}
    for name in sorted(set(ent.aliases) | set(forms)):
        if name and name not in labels:
            yield (e, SKOS.altLabel, Literal(name, lang=_lang_of(name)))
    # kg:locatedIn is a Place's (the contract's domain); an organisation named by its
    # country (俄罗斯国防部) keeps that link out of the graph
    if ent.cls == "Place" and ent.country and ent.country in present and ent.country != ent.key:
        yield (e, KG.locatedIn, namer.entity(ent.country))
    for org in ent.member_of:
        if org in present:
            yield (e, KG.memberOf, namer.entity(org))


def role_triples(namer, person: str, title: str, title_en: str | None, of: str | None):
    r = namer.role(person, title, of)
    yield (namer.entity(person), KG.holdsRole, r)
    yield (r, RDF.type, KG.Role)
    yield (r, KG.roleTitle, Literal(title, lang="zh"))
    if title_en:
        yield (r, KG.roleTitle, Literal(title_en, lang="en"))
    if of:
        yield (r, KG.roleOf, namer.entity(of))


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class MergedEvent:
    """One real event and its reports ``(article, event)``, earliest report first."""

    key: str | None  # the merge key, or None for an event that is never merged
    reports: tuple[tuple[Article, Event], ...]


def _date_compatible(short: str, long: str) -> bool:
    """``2022-03`` is compatible with ``2022-03-24`` (a less precise form of the same day);
    lexical prefixes on whole components only."""
    return long == short or long.startswith(short + "-")


def _effective_date(art: Article, ev: Event) -> str | None:
    """The date a report is merged by: its own, else its article's publication day."""
    if ev.date is not None:
        return ev.date.value
    if art.published is not None:
        return art.published.strftime("%Y-%m-%d")
    return None


def merge_events(facts: Iterable[Facts]) -> list[MergedEvent]:
    """Group event reports that describe the same real event.

    Rule: two reports are one event when they have
    * the same class, the same set of agents, of targets and of locations, with at least
      one agent and at least one target or location (``Statement`` by 中国 alone says too
      little to recognise one statement among many), and
    * compatible dates, where a report without a date of its own is dated by its article's
      publication day (for merging only; it never becomes the event's ``kg:date``). Dates
      are compatible when equal or when one is a prefix of the other (``2022-03`` and
      ``2022-03-24``). The most precise dates of a group (those no other date refines) each
      make one event; a less precise date joins the one event it is a prefix of, or, when
      that is ambiguous (``2022-03`` beside ``2022-03-02`` and ``2022-03-24``), stays an
      event of its own.

    Merging is across articles only: each article's first report joins the event; its
    later reports of the same identity stay events of their own, as do reports with
    distinct identity. Within an article, a second report is often a second act (a sentence
    listing 提供人道主义支持并接纳难民 names two acts), and merging restatements would give
    an undated restatement the date of the dated one: on the seed that cost 11 of 65 correct
    dates and 3 modalities against the gold files (which annotate each sentence's own
    report), for no gain in events found. So a graph of one article is never merged.
    A report without parties, or without any date (no date in the text and no
    publication date), is never merged.

    Limits: parties must match exactly (a report whose agent one article missed is not
    merged with the fuller report); an undated report published a day after the event
    stays apart from the dated report of it; the same parties doing the same kind of thing
    twice on one day (or twice in one month, when only the month is known) become one event.
    """
    reports = [(f.article, ev, f.order) for f in facts for ev in f.events]
    reports.sort(key=lambda r: (r[2], r[1].sentence, r[1].trigger_start, r[1].cls))
    groups: dict[tuple, list[tuple[Article, Event, str]]] = {}
    alone: list[MergedEvent] = []
    for art, ev, _order in reports:
        when = _effective_date(art, ev)
        if not (ev.agents and (ev.targets or ev.locations)) or when is None:
            alone.append(MergedEvent(None, ((art, ev),)))
            continue
        gkey = (ev.cls, tuple(sorted(set(ev.agents))), tuple(sorted(set(ev.targets))),
                tuple(sorted(set(ev.locations))))
        groups.setdefault(gkey, []).append((art, ev, when))
    merged: dict[str, list[tuple[Article, Event]]] = {}
    for gkey, items in groups.items():
        dates = {when for _a, _e, when in items}
        maximal = sorted(d for d in dates if not any(o != d and _date_compatible(d, o)
                                                     for o in dates))
        for art, ev, when in items:
            fits = [m for m in maximal if _date_compatible(when, m)]
            if len(fits) != 1:  # 2022-03 when the group has 2022-03-02 and 2022-03-24
                alone.append(MergedEvent(None, ((art, ev),)))
                continue
            key = "|".join([gkey[0], ",".join(gkey[1]), ",".join(gkey[2]), ",".join(gkey[3]),
                            fits[0]])
            cluster = merged.setdefault(key, [])
            if any(a.id == art.id for a, _e in cluster):
                # within one article, reports stay apart (see the docstring)
                alone.append(MergedEvent(None, ((art, ev),)))
                continue
            cluster.append((art, ev))
    out = [MergedEvent(k, tuple(v)) for k, v in merged.items()] + alone
    return out


def event_triples(namer: Namer, merged: MergedEvent) -> Iterator[Triple]:
    """The statements of one (possibly merged) event.

    Single-valued attributes come from the earliest report that has them (trigger,
    content, quantity); the date is the most precise one reported; ``kg:modality
    "planned"`` only when every report calls the event planned (a later report that it
    happened wins).
    """
    reports = merged.reports
    art0, ev0 = reports[0]
    e = namer.event(art0, ev0) if merged.key is None else namer.merged_event(merged.key)
    yield (e, RDF.type, getattr(KG, ev0.cls))
    for art, ev in reports:
        yield (e, KG.sourceSentence, namer.sentence(art, ev.sentence))
    yield (e, KG.trigger, Literal(ev0.trigger, lang="zh"))
    for key in ev0.agents:
        yield (e, KG.agent, namer.entity(key))
    for key in ev0.targets:
        yield (e, KG.target, namer.entity(key))
    for key in ev0.locations:
        yield (e, KG.location, namer.entity(key))
    content = next((ev.content for _a, ev in reports if ev.content), None)
    if content:
        yield (e, KG.content, Literal(content, lang="zh"))
    dated = [ev.date for _a, ev in reports if ev.date is not None]
    if dated:
        date = max(dated, key=lambda d: len(d.value))  # first of the most precise
        yield (e, KG.date, Literal(date.value, datatype=_DATATYPES[date.datatype]))
        yield (e, KG.dateText, Literal(date.text, lang="zh"))
    quantity = next((ev.quantity for _a, ev in reports if ev.quantity is not None), None)
    if quantity is not None:
        yield (e, KG.quantity, Literal(quantity.value, datatype=XSD.integer))
        yield (e, KG.quantityUnit, Literal(quantity.unit, lang="zh"))
    if ev0.cls in CAMEO:
        yield (e, KG.cameoCode, Literal(CAMEO[ev0.cls]))
    if ev0.cls in PLOVER:
        yield (e, KG.ploverType, Literal(PLOVER[ev0.cls]))
    if all(ev.modality for _a, ev in reports):
        yield (e, KG.modality, Literal(ev0.modality))


def split_by_article(graph: Graph) -> Dataset:
    """A merged graph (e.g. read from a ``kg build`` Turtle file) in the TriG layout of
    :func:`build_dataset`: article statements in one named graph per article, the rest in
    the default graph. The two parts are told apart by shape: the article node and its
    publisher, its sentences (``kg:inArticle``), and ``kg:mentionedIn`` links."""
    ds = bind_prefixes(Dataset())
    article_of: dict = {a: a for a in graph.subjects(RDF.type, KG.Article)}
    for s, a in graph.subject_objects(KG.inArticle):
        article_of[s] = a
    publishers: dict = {}
    for a, p in graph.subject_objects(SCHEMA.publisher):
        publishers.setdefault(p, set()).add(a)
    for t in graph.triples((None, None, None)):
        s, p, o = t
        if s in article_of:
            ds.graph(article_of[s]).add(t)
        elif p == KG.mentionedIn:
            ds.graph(o).add(t)
        elif s in publishers:
            for a in publishers[s]:
                ds.graph(a).add(t)
        else:
            ds.default_graph.add(t)
    return ds
