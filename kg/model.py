"""The small, frozen data objects that flow through the pipeline.

Data flows one way: file -> Article -> Sentence -> Mention -> Event -> rdflib Graph.
Every span is a pair of character offsets into ``Article.text`` (the original script);
``Article.norm`` is the Simplified-Chinese normalisation of the same text, *of the same
length*, so an offset means the same character in both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Article:
    """One input document, reduced to metadata and plain text."""

    source: str  # the path as the user gave it (for messages), or "<string>"
    text: str  # plain body text, paragraphs joined with "\n"
    norm: str  # Simplified normalisation of ``text``; len(norm) == len(text)
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) offsets into text
    content_hash: str  # sha256 hex of the raw input bytes
    headline: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: datetime | None = None  # timezone-aware, UTC
    links: tuple[str, ...] = ()  # outbound links found in the body (schema:citation)
    script: str = "Hans"  # "Hans" or "Hant": the script the text is written in

    @property
    def key(self) -> str:
        """Stable identity: the URL when known, else the content hash."""
        return self.url or f"sha256:{self.content_hash}"

    @property
    def id(self) -> str:
        """Short deterministic id used in IRIs."""
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, from 0
    start: int  # offsets into Article.text
    end: int
    text: str  # Article.text[start:end]
    norm: str  # Article.norm[start:end]
    paragraph: int = 0  # index of the paragraph holding it


@dataclass(frozen=True)
class Token:
    start: int  # article offsets
    end: int
    word: str  # Simplified form, as segmented
    tag: str  # jieba POS tag


@dataclass(frozen=True)
class Entity:
    """A canonical real-world entity (from the gazetteer, or discovered in text)."""

    key: str  # slug, unique and stable across articles and builds (IRI = base + "entity/" + key)
    cls: str  # "Person" | "Organization" | "Country" | "Place"
    label_zh: str  # Simplified Chinese label
    label_en: str | None = None
    qid: str | None = None  # Wikidata id, only from the reference data
    aliases: tuple[str, ...] = ()  # other names (any script)
    country: str | None = None  # key of the Country a Place is located in, if known
    member_of: tuple[str, ...] = ()  # keys of Organizations a Country belongs to, if known


@dataclass(frozen=True)
class Role:
    title_zh: str  # e.g. "秘书长"
    title_en: str | None = None
    of: str | None = None  # entity key of the Organization/Country


@dataclass(frozen=True)
class Mention:
    start: int  # article offsets of the name as written
    end: int
    text: str  # as written (original script)
    entity: Entity
    sentence: int  # sentence index
    role: Role | None = None  # a title attached to this mention ("北约秘书长X")
    via: str = "gazetteer"  # how it was found: gazetteer | bracket | title | pos


@dataclass(frozen=True)
class DateValue:
    value: str  # lexical form: "2022-03-24", "2022-04", "2014"
    datatype: str  # "date" | "gYearMonth" | "gYear"
    text: str  # as written, e.g. "3月24日"


@dataclass(frozen=True)
class Quantity:
    value: int
    unit: str  # e.g. "名部队"
    text: str  # as written


@dataclass(frozen=True)
class Event:
    cls: str  # one of the event classes of the contract, e.g. "Demand"
    sentence: int  # index of the source sentence
    trigger: str  # the trigger word as written
    trigger_start: int  # article offset of the trigger
    agents: tuple[str, ...] = ()  # entity keys
    targets: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    content: str | None = None
    date: DateValue | None = None
    quantity: Quantity | None = None
    modality: str | None = None  # "planned" or None


@dataclass
class Document:
    """An article with everything extracted from it."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)  # per sentence, parallel list
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
