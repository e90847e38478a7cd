"""The newskg ontology's terms as a closed namespace, and the other namespaces the graph uses.

``KG`` lists exactly the terms declared in ``ontology/kg.ttl`` (a test checks both directions),
and ``_fail = True`` turns a typo such as ``KG.workFor`` into an ``AttributeError`` at once,
instead of a silent new IRI in the output.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg.errors import KgError

__all__ = [
    "CAMEO",
    "ENTITY_CLASSES",
    "EVENT_CLASSES",
    "KG",
    "KGR",
    "NIF",
    "ONTOLOGY_DIR",
    "PLOVER",
    "SCHEMA",
    "SEM",
    "WD",
    "bind_prefixes",
    "ontology_graph",
    "shapes_graph",
]


class KG(DefinedNamespace):
    """newskg ontology: https://w3id.org/newskg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # Classes: documents
    Article: URIRef
    Sentence: URIRef
    # Classes: entities
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Place: URIRef
    Role: URIRef
    # Classes: events (abstract kg:Event and its eleven subclasses)
    Event: URIRef
    Statement: URIRef
    Meeting: URIRef
    Demand: URIRef
    Condemnation: URIRef
    Support: URIRef
    Aid: URIRef
    Sanction: URIRef
    Deployment: URIRef
    Attack: URIRef
    Threat: URIRef
    Personnel: URIRef

    # Event properties
    agent: URIRef
    target: URIRef
    location: URIRef
    date: URIRef
    dateText: URIRef
    quantity: URIRef
    quantityUnit: URIRef
    content: URIRef
    trigger: URIRef
    cameoCode: URIRef
    ploverType: URIRef
    modality: URIRef
    sourceSentence: URIRef
    # Sentence properties
    text: URIRef
    start: URIRef
    end: URIRef
    index: URIRef
    inArticle: URIRef
    # Entity and role properties
    mentionedIn: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    holdsRole: URIRef
    roleTitle: URIRef
    roleOf: URIRef
    # Article properties
    contentHash: URIRef


KGR = Namespace("https://w3id.org/newskg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
# rdflib's schema.org namespace (https://schema.org/), also what rdflib binds "schema" to by
# default; kg.ttl and shapes.ttl use the same IRI, so every module should take it from here.
SCHEMA = SDO

# The event classes in the order of the graph contract's table.
EVENT_CLASSES: tuple[str, ...] = (
    "Statement",
    "Meeting",
    "Demand",
    "Condemnation",
    "Support",
    "Aid",
    "Sanction",
    "Deployment",
    "Attack",
    "Threat",
    "Personnel",
)

# CAMEO root codes and PLOVER types (POLECAT's 16-type version) per event class, as stated on
# the classes in kg.ttl. Classes without a code are absent: Statement has no PLOVER type,
# Personnel neither code.
CAMEO: dict[str, str] = {
    "Statement": "01",
    "Meeting": "04",
    "Demand": "10",
    "Condemnation": "111",
    "Support": "05",
    "Aid": "07",
    "Sanction": "163",
    "Deployment": "154",
    "Attack": "19",
    "Threat": "13",
}
PLOVER: dict[str, str] = {
    "Meeting": "CONSULT",
    "Demand": "REQUEST",
    "Condemnation": "ACCUSE",
    "Support": "SUPPORT",
    "Aid": "AID",
    "Sanction": "SANCTION",
    "Deployment": "MOBILIZE",
    "Attack": "ASSAULT",
    "Threat": "THREATEN",
}

ENTITY_CLASSES: tuple[str, ...] = ("Person", "Organization", "Country", "Place")

def _ontology_dir() -> Path:
    # In a checkout (and an editable install) ontology/ sits beside the kg package; a
    # wheel installs the same files under <prefix>/share/newskg/ontology (pyproject's
    # data-files).
    here = Path(__file__).parents[1] / "ontology"
    if here.is_dir():
        return here
    import sys

    return Path(sys.prefix) / "share" / "newskg" / "ontology"


ONTOLOGY_DIR = _ontology_dir()

_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", str(KG._NS)),
    ("kgr", str(KGR)),
    ("wd", str(WD)),
    ("sem", str(SEM)),
    ("nif", str(NIF)),
    ("schema", str(SCHEMA)),
    ("prov", str(PROV)),
    ("skos", str(SKOS)),
    ("owl", str(OWL)),
    ("rdfs", str(RDFS)),
    ("xsd", str(XSD)),
)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the contract's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in _PREFIXES:
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The parsed ``ontology/kg.ttl``. Cached and shared: do not modify it (copy it first)."""
    return _parse(ONTOLOGY_DIR / "kg.ttl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed ``ontology/shapes.ttl``. Cached and shared: do not modify it (copy it first)."""
    return _parse(ONTOLOGY_DIR / "shapes.ttl")


def _parse(path: Path) -> Graph:
    if not path.is_file():
        # ontology/ sits beside the kg package in the repository; an install that left it out
        # cannot validate or describe its graphs, so say so instead of a bare FileNotFoundError.
        raise KgError(f"{path}: ontology file not found; install newskg from a full checkout")
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph
