"""Events as a CSV table, one row per event, for spreadsheets and pandas.

Entity columns hold Chinese labels (English where there is no Chinese one) joined by ``; ``;
the matching ``*_iris`` columns keep the IRIs, so a join back to the graph stays exact.
Rows are in reading order: by article, then sentence index, then event IRI.
"""

from __future__ import annotations

import csv
import io

from rdflib import Graph

from kg.export.graphml import Resource, display_label, pick_text, read_resources
from kg.vocab import EVENT_CLASSES, KG, SCHEMA

COLUMNS = (
    "event",
    "class",
    "trigger",
    "date",
    "date_text",
    "agents",
    "targets",
    "locations",
    "content",
    "quantity",
    "quantity_unit",
    "modality",
    "sentence",
    "article",
    "headline",
    "agent_iris",
    "target_iris",
    "location_iris",
)
SEPARATOR = "; "


def _text(res: Resource | None, predicate) -> str:
    if res is None:
        return ""
    values = res.texts(predicate)
    if not values:
        return ""
    return pick_text(values, "zh") or str(values[0])


def _names(iris: list[str], resources: dict[str, Resource]) -> str:
    return SEPARATOR.join(
        display_label(resources[i]) if i in resources else i.rsplit("/", 1)[-1] for i in iris
    )


def _int(value) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def event_rows(graph: Graph) -> list[dict[str, str]]:
    """One dict per event with the ``COLUMNS`` keys (all values str)."""
    resources = read_resources(graph)
    rows = []
    for ev in resources.values():
        if ev.kg_class not in EVENT_CLASSES:
            continue
        sentences = [resources[s] for s in ev.link(KG.sourceSentence) if s in resources]
        sentence = sentences[0] if sentences else None
        article_iri = (
            sentence.link(KG.inArticle)[0] if sentence and sentence.link(KG.inArticle) else ""
        )
        article = resources.get(article_iri)
        index = sentence.texts(KG.index) if sentence else []
        agents, targets, locations = (ev.link(KG.agent), ev.link(KG.target), ev.link(KG.location))
        row = {
            "event": ev.iri,
            "class": ev.kg_class,
            "trigger": _text(ev, KG.trigger),
            "date": _text(ev, KG.date),
            "date_text": _text(ev, KG.dateText),
            "agents": _names(agents, resources),
            "targets": _names(targets, resources),
            "locations": _names(locations, resources),
            "content": _text(ev, KG.content),
            "quantity": _text(ev, KG.quantity),
            "quantity_unit": _text(ev, KG.quantityUnit),
            "modality": _text(ev, KG.modality),
            "sentence": _text(sentence, KG.text),
            "article": article_iri,
            "headline": _text(article, SCHEMA.headline),
            "agent_iris": SEPARATOR.join(agents),
            "target_iris": SEPARATOR.join(targets),
            "location_iris": SEPARATOR.join(locations),
        }
        order = (article_iri, _int(index[0]) if index else -1, ev.iri)
        rows.append((order, row))
    rows.sort(key=lambda r: r[0])
    return [row for _, row in rows]


def events_csv(graph: Graph) -> str:
    """The events table as CSV text (RFC 4180: comma, double quotes, CRLF line ends)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(event_rows(graph))
    return buffer.getvalue()


def csv_bytes(graph: Graph) -> bytes:
    """``events_csv`` as UTF-8 bytes (no byte-order mark)."""
    return events_csv(graph).encode("utf-8")
