"""The ontology (ontology/kg.ttl), its closed namespace (kg/vocab.py) and the SHACL shapes
(ontology/shapes.ttl).

The shape tests build, by hand, a small graph in the exact shape the builder writes, from the
seed article (RFI, 2022-03-24, NATO's extraordinary summit), check that it conforms, then break
it one way at a time and check that the report names the broken node and the constraint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rns
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

import kg
from kg.vocab import (
    CAMEO,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KG,
    KGR,
    NIF,
    ONTOLOGY_DIR,
    PLOVER,
    SEM,
    WD,
    bind_prefixes,
    ontology_graph,
    shapes_graph,
)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_74332eaaa2aa362a.txt"
KG_NS = "https://w3id.org/newskg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
EVENT_SHAPE = URIRef("https://w3id.org/newskg/shapes#EventShape")
# Plain copies of schema.org and XSD: pytest's collection probes every module-level object
# (e.g. for `_mock_name`), and rdflib's DefinedNamespaces for these two warn on that.
SDO = Namespace(str(rns.SDO))
XSD = Namespace(str(rns.XSD))
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def kg_terms() -> set[str]:
    """Local names of the closed namespace, read from its annotations (not from kg.ttl)."""
    return {name for name in KG.__annotations__ if not name.startswith("_")}


def declared_terms(graph: Graph) -> set[str]:
    """Local names of the kg: IRIs that kg.ttl types as a class or a property."""
    declared = set()
    for kind in (OWL.Class, *PROPERTY_TYPES):
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and str(subject).startswith(KG_NS):
                declared.add(str(subject)[len(KG_NS) :])
    return declared


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    return sorted((o.language or "") for o in graph.objects(subject, predicate))


def rdf_list(graph: Graph, head) -> list:
    return list(Collection(graph, head))


# ---------------------------------------------------------------------------
# kg.ttl and the closed namespace
# ---------------------------------------------------------------------------


def test_ontology_header() -> None:
    g = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    # The ontology's version moves with the package's.
    assert str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) == kg.__version__
    assert g.value(ONTOLOGY_IRI, SDO.creator) == Literal("newskg")
    assert g.value(ONTOLOGY_IRI, SDO.license) is not None
    assert g.value(ONTOLOGY_IRI, RDFS.comment).language == "en"


def test_kg_ttl_uses_the_contract_namespaces() -> None:
    g = Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    bound = {prefix: str(ns) for prefix, ns in g.namespaces()}
    assert bound["kg"] == KG_NS
    assert bound["sem"] == "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert bound["nif"] == "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    assert bound["schema"] == str(SDO)
    assert bound["prov"] == str(PROV)


def test_vocab_and_kg_ttl_list_the_same_terms() -> None:
    declared = declared_terms(ontology_graph())
    assert kg_terms() - declared == set(), "in kg/vocab.py but not declared in kg.ttl"
    assert declared - kg_terms() == set(), "declared in kg.ttl but missing from kg/vocab.py"
    assert len(declared) == 44  # 19 classes + 25 properties


@pytest.mark.parametrize("path", ["kg.ttl", "shapes.ttl"])
def test_every_kg_iri_used_in_the_ontology_files_is_a_term(path: str) -> None:
    """A typo such as kg:lcoation in either file would be a silent new IRI."""
    g = Graph().parse(ONTOLOGY_DIR / path, format="turtle")
    used = {
        str(node)[len(KG_NS) :]
        for triple in g
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(KG_NS)
    }
    assert used - kg_terms() == set()


@pytest.mark.parametrize("name", sorted(kg_terms()))
def test_term_is_documented(name: str) -> None:
    g = ontology_graph()
    term = KG[name]
    assert langs(g, term, RDFS.label) == ["en", "zh"]
    assert langs(g, term, RDFS.comment) == ["en"]
    assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI
    if any((term, RDF.type, kind) in g for kind in PROPERTY_TYPES):
        assert g.value(term, RDFS.domain) is not None, f"{name} has no rdfs:domain"
        assert g.value(term, RDFS.range) is not None, f"{name} has no rdfs:range"
    else:
        assert (term, RDF.type, OWL.Class) in g


def test_closed_namespace_rejects_typos() -> None:
    assert KG.sourceSentence == URIRef(KG_NS + "sourceSentence")
    assert KG.index == URIRef(KG_NS + "index")  # not shadowed by anything on the class
    with pytest.raises(AttributeError):
        KG.typo  # noqa: B018
    with pytest.raises(AttributeError):
        KG.workFor  # noqa: B018
    with pytest.raises(AttributeError):
        KG["Demands"]


def test_event_classes_follow_the_contract() -> None:
    g = ontology_graph()
    assert (KG.Event, RDFS.subClassOf, SEM.Event) in g
    subclasses = {str(s)[len(KG_NS) :] for s in g.subjects(RDFS.subClassOf, KG.Event)}
    assert subclasses == set(EVENT_CLASSES)
    # The disjoint union is written in the contract's order.
    union = g.value(KG.Event, OWL.disjointUnionOf)
    assert [str(c)[len(KG_NS) :] for c in rdf_list(g, union)] == list(EVENT_CLASSES)
    disjoint_sets = [
        {str(c)[len(KG_NS) :] for c in rdf_list(g, g.value(node, OWL.members))}
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert set(EVENT_CLASSES) in disjoint_sets
    assert set(ENTITY_CLASSES) in disjoint_sets


def test_cameo_and_plover_match_kg_ttl() -> None:
    g = ontology_graph()
    cameo = {
        name: str(g.value(KG[name], KG.cameoCode))
        for name in EVENT_CLASSES
        if g.value(KG[name], KG.cameoCode) is not None
    }
    plover = {
        name: str(g.value(KG[name], KG.ploverType))
        for name in EVENT_CLASSES
        if g.value(KG[name], KG.ploverType) is not None
    }
    assert cameo == CAMEO
    assert plover == PLOVER
    assert cameo["Statement"] == "01" and "Statement" not in plover
    assert "Personnel" not in cameo and "Personnel" not in plover
    assert (CAMEO["Condemnation"], PLOVER["Condemnation"]) == ("111", "ACCUSE")


def test_shapes_pin_the_same_codes() -> None:
    """Each event class's shape allows only that class's codes (or none for a missing code)."""
    shapes = shapes_graph()
    for name in EVENT_CLASSES:
        (shape,) = set(shapes.subjects(SH.targetClass, KG[name])) - {EVENT_SHAPE}
        for prop, codes in ((KG.cameoCode, CAMEO), (KG.ploverType, PLOVER)):
            (pshape,) = (
                p for p in shapes.objects(shape, SH.property) if shapes.value(p, SH.path) == prop
            )
            if name in codes:
                allowed = rdf_list(shapes, shapes.value(pshape, SH["in"]))
                assert allowed == [Literal(codes[name])]
            else:
                assert shapes.value(pshape, SH.maxCount) == Literal(0)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (KG.Article, RDFS.subClassOf, SDO.NewsArticle),
        (KG.Sentence, RDFS.subClassOf, NIF.Sentence),
        (KG.Person, RDFS.subClassOf, SDO.Person),
        (KG.Person, RDFS.subClassOf, SEM.Actor),
        (KG.Organization, RDFS.subClassOf, SDO.Organization),
        (KG.Organization, RDFS.subClassOf, SEM.Actor),
        (KG.Country, RDFS.subClassOf, SDO.Country),
        (KG.Country, RDFS.subClassOf, SEM.Actor),
        (KG.Country, RDFS.subClassOf, SEM.Place),
        (KG.Place, RDFS.subClassOf, SDO.Place),
        (KG.Place, RDFS.subClassOf, SEM.Place),
        (KG.agent, RDFS.subPropertyOf, SEM.hasActor),
        (KG.target, RDFS.subPropertyOf, SEM.hasActor),
        (KG.location, RDFS.subPropertyOf, SEM.hasPlace),
        (KG.date, RDFS.subPropertyOf, SEM.hasTimeStamp),
        (KG.sourceSentence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (KG.start, RDFS.subPropertyOf, NIF.beginIndex),
        (KG.end, RDFS.subPropertyOf, NIF.endIndex),
        (KG.inArticle, RDFS.subPropertyOf, NIF.referenceContext),
        (KG.mentionedIn, OWL.inverseOf, SDO.mentions),
    ],
)
def test_alignment_axiom(subject: URIRef, predicate: URIRef, obj: URIRef) -> None:
    assert (subject, predicate, obj) in ontology_graph()


def test_event_classes_carry_chinese_trigger_examples() -> None:
    g = ontology_graph()
    for name in EVENT_CLASSES:
        assert langs(g, KG[name], SKOS.definition) == ["zh"]
        assert langs(g, KG[name], SKOS.example) == ["zh"]
    assert "呼吁" in str(g.value(KG.Demand, SKOS.example))
    assert "制裁" in str(g.value(KG.Sanction, SKOS.example))


def test_bind_prefixes() -> None:
    g = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in g.namespaces()}
    expected = {
        "kg": KG_NS,
        "kgr": "https://w3id.org/newskg/resource/",
        "wd": "http://www.wikidata.org/entity/",
        "sem": str(SEM),
        "nif": str(NIF),
        "schema": "https://schema.org/",
        "prov": str(PROV),
        "skos": str(SKOS),
        "owl": str(OWL),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
    }
    assert {p: bound.get(p) for p in expected} == expected
    g.add((KGR["entity/nato"], OWL.sameAs, WD.Q7184))
    assert "wd:Q7184" in g.serialize(format="turtle")


def test_graphs_are_cached() -> None:
    assert ontology_graph() is ontology_graph()
    assert shapes_graph() is shapes_graph()


# ---------------------------------------------------------------------------
# shapes.ttl
# ---------------------------------------------------------------------------


def test_shapes_are_valid_shacl() -> None:
    # meta_shacl=True checks shapes.ttl against the SHACL-SHACL shapes first and raises if it
    # is not well-formed SHACL.
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_every_property_shape_names_itself() -> None:
    shapes = shapes_graph()
    pshapes = set(shapes.objects(None, SH.property))
    assert len(pshapes) > 40
    for pshape in pshapes:
        path = shapes.value(pshape, SH.path)
        assert shapes.value(pshape, SH.name) is not None, f"property shape for {path} has no name"
        assert shapes.value(pshape, SH.message) is not None, f"{path} has no message"


def test_shapes_use_core_constraints_only() -> None:
    """pyshacl re-parses a SPARQL constraint for every focus node (~35 ms each), so one such
    constraint on sentences or events would turn validating a corpus into minutes."""
    assert list(shapes_graph().objects(None, SH.sparql)) == []


# The seed article, as the builder would describe it. Sentence offsets are the sentences'
# positions in a text made of these three sentences (ingest's own offsets are not this
# module's business); what the shapes check is that they agree with the text's length.
ARTICLE = KGR["article/5e0b2cf3a8b1d9e2"]
SENTENCES = (
    "在俄罗斯全面入侵乌克兰一个月之际，北约特别峰会3月24日在比利时首都布鲁塞尔的北约总部举行。",
    "他们还批准了四个新的北约多国战斗群，分别将部署于保加利亚、匈牙利、罗马尼亚和斯洛伐克。",
    "俄罗斯应遵守联合国国际法院3月16日的裁决，立即暂停军事行动。",
    "值得一提的是，由于俄罗斯入侵乌克兰的战争尚未结束，北约秘书长斯托尔滕贝格（Jens Stoltenberg）将延长任期一年。",
)
NATO = KGR["entity/nato"]
RUSSIA = KGR["entity/russia"]
BELGIUM = KGR["entity/belgium"]
BULGARIA = KGR["entity/bulgaria"]
BRUSSELS = KGR["entity/brussels"]
STOLTENBERG = KGR["entity/jens-stoltenberg"]
ROLE = KGR["role/3f1c0a7d9e2b4c61"]
MEETING = KGR["event/0a1b2c3d4e5f6071"]
DEPLOYMENT = KGR["event/1b2c3d4e5f607182"]
DEMAND = KGR["event/2c3d4e5f60718293"]
PERSONNEL = KGR["event/3d4e5f607182930a"]


def sentence_iri(index: int) -> URIRef:
    return URIRef(f"{ARTICLE}/s{index}")


def valid_graph() -> Graph:
    g = bind_prefixes(Graph())
    zh = "zh"

    # Article
    g.add((ARTICLE, RDF.type, KG.Article))
    g.add(
        (
            ARTICLE,
            SDO.headline,
            Literal(
                "北约领导人联合声明：我们呼吁所有国家，不以任何方式支持俄罗斯的战争努力", lang=zh
            ),
        )
    )
    g.add(
        (
            ARTICLE,
            SDO.url,
            Literal(
                "https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220324-%E5%8C%97%E7%BA%A6",
                datatype=XSD.anyURI,
            ),
        )
    )
    g.add((ARTICLE, SDO.datePublished, Literal("2022-03-24T20:15:01Z", datatype=XSD.dateTime)))
    g.add((ARTICLE, SDO.publisher, KGR["publisher/rfi"]))
    g.add((KGR["publisher/rfi"], RDF.type, SDO.Organization))
    g.add((KGR["publisher/rfi"], RDFS.label, Literal("RFI")))
    g.add(
        (
            ARTICLE,
            SDO.citation,
            URIRef(
                "https://www.nato.int/cps/en/natohq/official_texts_193719.htm?selectedLocale=en"
            ),
        )
    )
    g.add((ARTICLE, KG.contentHash, Literal(hashlib.sha256(SEED.read_bytes()).hexdigest())))

    # Sentences
    start = 0
    for index, text in enumerate(SENTENCES):
        s = sentence_iri(index)
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.text, Literal(text, lang=zh)))
        g.add((s, KG.start, Literal(start)))
        g.add((s, KG.end, Literal(start + len(text))))
        g.add((s, KG.index, Literal(index)))
        g.add((s, KG.inArticle, ARTICLE))
        start += len(text)

    # Entities
    def entity(iri: URIRef, cls: URIRef, zh_label: str, en_label: str | None, qid: str | None):
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(zh_label, lang=zh)))
        if en_label:
            g.add((iri, RDFS.label, Literal(en_label, lang="en")))
        if qid:
            g.add((iri, OWL.sameAs, WD[qid]))
        g.add((iri, KG.mentionedIn, ARTICLE))

    entity(NATO, KG.Organization, "北约", "NATO", "Q7184")
    g.add((NATO, SKOS.altLabel, Literal("北大西洋公约组织", lang=zh)))
    entity(RUSSIA, KG.Country, "俄罗斯", "Russia", "Q159")
    entity(BELGIUM, KG.Country, "比利时", "Belgium", "Q31")
    g.add((BELGIUM, KG.memberOf, NATO))
    entity(BULGARIA, KG.Country, "保加利亚", "Bulgaria", "Q219")
    g.add((BULGARIA, KG.memberOf, NATO))
    entity(BRUSSELS, KG.Place, "布鲁塞尔", "Brussels", "Q239")
    g.add((BRUSSELS, KG.locatedIn, BELGIUM))
    entity(STOLTENBERG, KG.Person, "斯托尔滕贝格", "Jens Stoltenberg", None)
    g.add((STOLTENBERG, SKOS.altLabel, Literal("延斯·斯托尔滕贝格", lang=zh)))
    g.add((STOLTENBERG, KG.holdsRole, ROLE))
    g.add((ROLE, RDF.type, KG.Role))
    g.add((ROLE, KG.roleTitle, Literal("秘书长", lang=zh)))
    g.add((ROLE, KG.roleTitle, Literal("Secretary General", lang="en")))
    g.add((ROLE, KG.roleOf, NATO))

    # Events
    def event(iri: URIRef, cls: str, sentence: int, trigger: str) -> None:
        g.add((iri, RDF.type, KG[cls]))
        g.add((iri, KG.sourceSentence, sentence_iri(sentence)))
        g.add((iri, KG.trigger, Literal(trigger, lang=zh)))
        if cls in CAMEO:
            g.add((iri, KG.cameoCode, Literal(CAMEO[cls])))
        if cls in PLOVER:
            g.add((iri, KG.ploverType, Literal(PLOVER[cls])))

    event(MEETING, "Meeting", 0, "峰会")
    g.add((MEETING, KG.agent, NATO))
    g.add((MEETING, KG.location, BRUSSELS))
    g.add((MEETING, KG.date, Literal("2022-03-24", datatype=XSD.date)))
    g.add((MEETING, KG.dateText, Literal("3月24日", lang=zh)))

    event(DEPLOYMENT, "Deployment", 1, "部署")
    g.add((DEPLOYMENT, KG.agent, NATO))
    g.add((DEPLOYMENT, KG.location, BULGARIA))
    g.add((DEPLOYMENT, KG.quantity, Literal(4)))
    g.add((DEPLOYMENT, KG.quantityUnit, Literal("个多国战斗群", lang=zh)))
    g.add((DEPLOYMENT, KG.modality, Literal("planned")))

    event(DEMAND, "Demand", 2, "应")
    g.add((DEMAND, KG.agent, NATO))
    g.add((DEMAND, KG.target, RUSSIA))
    g.add(
        (DEMAND, KG.content, Literal("遵守联合国国际法院3月16日的裁决，立即暂停军事行动", lang=zh))
    )

    event(PERSONNEL, "Personnel", 3, "延长任期")
    g.add((PERSONNEL, KG.agent, NATO))
    g.add((PERSONNEL, KG.target, STOLTENBERG))
    g.add((PERSONNEL, KG.modality, Literal("planned")))
    return g


def validate(g: Graph) -> tuple[bool, set[tuple[str, str]], str]:
    conforms, report, text = pyshacl.validate(g, shacl_graph=shapes_graph())
    results = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return conforms, results, text


def test_valid_graph_conforms() -> None:
    g = valid_graph()
    conforms, results, text = validate(g)
    assert conforms, text
    assert results == set()
    # The fixture really is in the builder's shape: one class per event, all kg: terms closed.
    assert len(set(g.subjects(KG.sourceSentence, None))) == 4


def test_valid_graph_conforms_with_the_ontology_and_rdfs_inference() -> None:
    """The ontology's axioms (sub-classes, domains, ranges) entail nothing the shapes reject."""
    conforms, _, text = pyshacl.validate(
        valid_graph(), shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    assert conforms, text


def _remove(s, p, o=None) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, o))


def _set(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


EVENT_CLASS_MESSAGE = (
    "An event has exactly one of the eleven event classes (kg:Statement ... kg:Personnel), "
    "not none and not several"
)
ZH_LABEL_MESSAGE = "An entity has exactly one rdfs:label tagged @zh, its Simplified Chinese name"
LABEL_TAGS_MESSAGE = (
    "An entity's rdfs:label strings are tagged @zh or @en, at most one per language; "
    "other names belong in skos:altLabel"
)

BREAKS = {
    "event without source sentence": (
        _remove(MEETING, KG.sourceSentence),
        MEETING,
        "An event has at least one kg:sourceSentence, a kg:Sentence",
    ),
    "source sentence that is not a sentence": (
        _set(MEETING, KG.sourceSentence, ARTICLE),
        MEETING,
        "An event has at least one kg:sourceSentence, a kg:Sentence",
    ),
    "event with two classes": (
        _add(DEMAND, RDF.type, KG.Condemnation),
        DEMAND,
        EVENT_CLASS_MESSAGE,
    ),
    "event with no event class": (
        _remove(DEMAND, RDF.type),
        DEMAND,
        EVENT_CLASS_MESSAGE,
    ),
    "event typed only as the abstract kg:Event": (
        _set(DEMAND, RDF.type, KG.Event),
        DEMAND,
        EVENT_CLASS_MESSAGE,
    ),
    "event with two triggers": (
        _add(DEMAND, KG.trigger, Literal("遵守", lang="zh")),
        DEMAND,
        "An event has exactly one kg:trigger, a Chinese string tagged @zh",
    ),
    "sentence with start > end": (
        _set(sentence_iri(1), KG.start, Literal(200)),
        sentence_iri(1),
        (
            "A sentence has exactly one kg:start, a non-negative xsd:integer not "
            "greater than its kg:end"
        ),
    ),
    "sentence offset as a string": (
        _set(sentence_iri(0), KG.end, Literal("44")),
        sentence_iri(0),
        "A sentence has exactly one kg:end, an xsd:integer",
    ),
    "sentence text without a language tag": (
        _set(sentence_iri(0), KG.text, Literal(SENTENCES[0])),
        sentence_iri(0),
        "A sentence has exactly one kg:text, tagged @zh or @zh-Hant",
    ),
    "entity with two @zh labels": (
        _add(NATO, RDFS.label, Literal("北大西洋公约组织", lang="zh")),
        NATO,
        ZH_LABEL_MESSAGE,
    ),
    "entity without a @zh label": (
        _set(RUSSIA, RDFS.label, Literal("Russia", lang="en")),
        RUSSIA,
        ZH_LABEL_MESSAGE,
    ),
    "entity with a Traditional-script rdfs:label": (
        _add(RUSSIA, RDFS.label, Literal("俄羅斯", lang="zh-Hant")),
        RUSSIA,
        LABEL_TAGS_MESSAGE,
    ),
    "entity whose only Chinese label is Traditional": (
        _set(RUSSIA, RDFS.label, Literal("俄羅斯", lang="zh-Hant")),
        RUSSIA,
        LABEL_TAGS_MESSAGE,
    ),
    "entity with two entity classes": (
        _add(BELGIUM, RDF.type, KG.Place),
        BELGIUM,
        "An entity has exactly one entity class: kg:Person, kg:Organization, kg:Country or kg:Place",
    ),
    "owl:sameAs to a non-Wikidata IRI": (
        _set(NATO, OWL.sameAs, URIRef("http://dbpedia.org/resource/NATO")),
        NATO,
        (
            "An entity has at most one owl:sameAs, a Wikidata item IRI "
            "http://www.wikidata.org/entity/Q..."
        ),
    ),
    "owl:sameAs to a Wikidata property instead of an item": (
        _set(NATO, OWL.sameAs, WD.P31),
        NATO,
        (
            "An entity has at most one owl:sameAs, a Wikidata item IRI "
            "http://www.wikidata.org/entity/Q..."
        ),
    ),
    "entity not mentioned in any article": (
        _remove(RUSSIA, KG.mentionedIn),
        RUSSIA,
        "An entity has at least one kg:mentionedIn, a kg:Article",
    ),
    "ill-typed date": (
        _set(MEETING, KG.date, Literal("2022-13-45", datatype=XSD.date)),
        MEETING,
        "An event has at most one kg:date, a valid xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "date as a plain string": (
        _set(MEETING, KG.date, Literal("2022-03-24")),
        MEETING,
        "An event has at most one kg:date, a valid xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "date as a dateTime": (
        _set(MEETING, KG.date, Literal("2022-03-24T00:00:00Z", datatype=XSD.dateTime)),
        MEETING,
        "An event has at most one kg:date, a valid xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "modality maybe": (
        _set(DEPLOYMENT, KG.modality, Literal("maybe")),
        DEPLOYMENT,
        'The kg:modality of an event is "planned" or absent',
    ),
    "agent that is a place": (
        _add(MEETING, KG.agent, BRUSSELS),
        MEETING,
        "The kg:agent of an event is a kg:Person, kg:Organization or kg:Country",
    ),
    "location that is an organisation": (
        _set(MEETING, KG.location, NATO),
        MEETING,
        "The kg:location of an event is a kg:Place or kg:Country",
    ),
    "quantity as a string": (
        _set(DEPLOYMENT, KG.quantity, Literal("四")),
        DEPLOYMENT,
        "An event has at most one kg:quantity, an xsd:integer",
    ),
    "CAMEO code of another class": (
        _set(DEMAND, KG.cameoCode, Literal("04")),
        DEMAND,
        'The kg:cameoCode of a kg:Demand must be "10"',
    ),
    "PLOVER type on a personnel change": (
        _add(PERSONNEL, KG.ploverType, Literal("MOBILIZE")),
        PERSONNEL,
        "A kg:Personnel has no PLOVER type; remove kg:ploverType",
    ),
    "role without a Chinese title": (
        _remove(ROLE, KG.roleTitle, Literal("秘书长", lang="zh")),
        ROLE,
        'A role has a Chinese kg:roleTitle (e.g. "秘书长"@zh)',
    ),
    "membership written on a person": (
        _add(STOLTENBERG, KG.memberOf, NATO),
        STOLTENBERG,
        "Only a kg:Country has kg:memberOf",
    ),
    "publication time not in UTC": (
        _set(
            ARTICLE, SDO.datePublished, Literal("2022-03-24T21:15:01+01:00", datatype=XSD.dateTime)
        ),
        ARTICLE,
        ("An article has at most one schema:datePublished, an xsd:dateTime in UTC (Z or +00:00)"),
    ),
    "content hash that is not SHA-256 hex": (
        _set(ARTICLE, KG.contentHash, Literal("7EDFA1E0")),
        ARTICLE,
        "An article has exactly one kg:contentHash: 64 lower-case hex digits of SHA-256",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_graph_is_reported(name: str) -> None:
    breaker, focus, message = BREAKS[name]
    g = valid_graph()
    breaker(g)
    conforms, results, text = validate(g)
    assert not conforms
    assert (str(focus), message) in results, text


def test_a_blank_node_event_is_still_checked() -> None:
    """Targets by property catch an event whatever its IRI (or lack of one)."""
    g = valid_graph()
    node = BNode()
    g.add((node, KG.trigger, Literal("谴责", lang="zh")))
    conforms, results, _ = validate(g)
    assert not conforms
    focus = {f for f, _ in results}
    assert focus == {str(node)}
