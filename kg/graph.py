"""Documents -> rdflib Graph with the graph contract's terms.

IRIs are deterministic: entities by their canonical key, articles by the hash of their
URL (or content), sentences by article and position, events by a hash of what identifies
them in their article. No blank nodes, so Turtle output is byte-stable across rebuilds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.model import Article, Document, Entity, Event, Mention
from kg.normalize import to_simplified
from kg.vocab import CAMEO, KG, KGR, PLOVER, SCHEMA, WD, bind_prefixes

# publisher slug for IRIs: ASCII letters and digits only
_SLUG = re.compile(r"[^a-z0-9]+")
_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}
# class precedence when two articles disagree about an unknown name: the more specific
# evidence wins, deterministically
_CLASS_ORDER = ("Country", "Organization", "Person", "Place")


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
        key = "|".join(
            [article.key, str(event.sentence), event.cls, str(event.trigger_start),
             ",".join(event.agents), ",".join(event.targets)]
        )
        return URIRef(f"{self.base}event/{_hash(key)}")

    def role(self, person: str, title: str, of: str | None) -> URIRef:
        key = "|".join([person, title, of or ""])
        return URIRef(f"{self.base}role/{_hash(key)}")

    def publisher(self, name: str) -> URIRef:
        slug = _SLUG.sub("-", name.lower()).strip("-") or _hash(name)
        return URIRef(f"{self.base}publisher/{slug}")


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _zh(text: str, script: str = "Hans") -> Literal:
    return Literal(text, lang="zh-Hant" if script == "Hant" else "zh")


def _lang_of(name: str) -> str:
    if all(ord(c) < 0x2E80 for c in name):
        return "en"
    return "zh" if to_simplified(name) == name else "zh-Hant"


def build_graph(documents: Iterable[Document], *, base: str | None = None) -> Graph:
    """One merged graph for any number of documents."""
    g = bind_prefixes(Graph())
    namer = Namer(base)
    entities: dict[str, Entity] = {}
    seen_forms: dict[str, set[str]] = {}
    mentioned: dict[str, set[URIRef]] = {}
    for doc in documents:
        a_iri = add_article(g, namer, doc)
        for m in doc.mentions:
            _merge_entity(entities, m.entity)
            if m.via != "metonymy":  # 北京 is not another name of 中国
                seen_forms.setdefault(m.entity.key, set()).add(m.text)
            mentioned.setdefault(m.entity.key, set()).add(a_iri)
            if m.role is not None:
                add_role(g, namer, m)
        for ev in doc.events:
            add_event(g, namer, doc.article, ev)
    for key in sorted(entities):
        add_entity(g, namer, entities[key], seen_forms.get(key, set()), mentioned.get(key, set()),
                   present=entities)
    return g


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


def add_article(g: Graph, namer: Namer, doc: Document) -> URIRef:
    art = doc.article
    a = namer.article(art)
    g.add((a, RDF.type, KG.Article))
    if art.headline:
        g.add((a, SCHEMA.headline, _zh(art.headline, art.script)))
    if art.url:
        g.add((a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
    if art.published is not None:
        stamp = art.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        g.add((a, SCHEMA.datePublished, Literal(stamp, datatype=XSD.dateTime)))
    if art.publisher:
        p = namer.publisher(art.publisher)
        g.add((a, SCHEMA.publisher, p))
        g.add((p, RDF.type, SCHEMA.Organization))
        g.add((p, RDFS.label, Literal(art.publisher)))
    for link in art.links:
        iri = _safe_iri(link)
        if iri is not None:
            g.add((a, SCHEMA.citation, iri))
    g.add((a, KG.contentHash, Literal(art.content_hash)))
    for s in doc.sentences:
        si = namer.sentence(art, s.index)
        g.add((si, RDF.type, KG.Sentence))
        g.add((si, KG.text, _zh(s.text, art.script)))
        g.add((si, KG.start, Literal(s.start)))
        g.add((si, KG.end, Literal(s.end)))
        g.add((si, KG.index, Literal(s.index)))
        g.add((si, KG.inArticle, a))
    return a


def _safe_iri(link: str) -> URIRef | None:
    if not link.startswith(("http://", "https://")):
        return None
    return URIRef(quote(link, safe=":/?#[]@!$&'()*+,;=%~-._"))


def add_entity(g, namer, ent: Entity, forms, articles, *, present) -> URIRef:
    e = namer.entity(ent.key)
    g.add((e, RDF.type, getattr(KG, ent.cls)))
    g.add((e, RDFS.label, Literal(ent.label_zh, lang="zh")))
    if ent.label_en:
        g.add((e, RDFS.label, Literal(ent.label_en, lang="en")))
    if ent.qid:
        g.add((e, OWL.sameAs, WD[ent.qid]))
    labels = {ent.label_zh, ent.label_en}
    for name in sorted(set(ent.aliases) | set(forms)):
        if name and name not in labels:
            g.add((e, SKOS.altLabel, Literal(name, lang=_lang_of(name))))
    for a in sorted(articles):
        g.add((e, KG.mentionedIn, a))
    # kg:locatedIn is a Place's (the contract's domain); an organisation named by its
    # country (俄罗斯国防部) keeps that link out of the graph
    if ent.cls == "Place" and ent.country and ent.country in present and ent.country != ent.key:
        g.add((e, KG.locatedIn, namer.entity(ent.country)))
    for org in ent.member_of:
        if org in present:
            g.add((e, KG.memberOf, namer.entity(org)))
    return e


def add_role(g: Graph, namer: Namer, m: Mention) -> None:
    role = m.role
    r = namer.role(m.entity.key, role.title_zh, role.of)
    g.add((namer.entity(m.entity.key), KG.holdsRole, r))
    g.add((r, RDF.type, KG.Role))
    g.add((r, KG.roleTitle, Literal(role.title_zh, lang="zh")))
    if role.title_en:
        g.add((r, KG.roleTitle, Literal(role.title_en, lang="en")))
    if role.of:
        g.add((r, KG.roleOf, namer.entity(role.of)))


def add_event(g: Graph, namer: Namer, art: Article, ev: Event) -> URIRef:
    e = namer.event(art, ev)
    g.add((e, RDF.type, getattr(KG, ev.cls)))
    g.add((e, KG.sourceSentence, namer.sentence(art, ev.sentence)))
    g.add((e, KG.trigger, Literal(ev.trigger, lang="zh")))
    for key in ev.agents:
        g.add((e, KG.agent, namer.entity(key)))
    for key in ev.targets:
        g.add((e, KG.target, namer.entity(key)))
    for key in ev.locations:
        g.add((e, KG.location, namer.entity(key)))
    if ev.content:
        g.add((e, KG.content, Literal(ev.content, lang="zh")))
    if ev.date is not None:
        g.add((e, KG.date, Literal(ev.date.value, datatype=_DATATYPES[ev.date.datatype])))
        g.add((e, KG.dateText, Literal(ev.date.text, lang="zh")))
    if ev.quantity is not None:
        g.add((e, KG.quantity, Literal(ev.quantity.value, datatype=XSD.integer)))
        g.add((e, KG.quantityUnit, Literal(ev.quantity.unit, lang="zh")))
    if ev.cls in CAMEO:
        g.add((e, KG.cameoCode, Literal(CAMEO[ev.cls])))
    if ev.cls in PLOVER:
        g.add((e, KG.ploverType, Literal(PLOVER[ev.cls])))
    if ev.modality:
        g.add((e, KG.modality, Literal(ev.modality)))
    return e
