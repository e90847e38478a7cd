"""Names -> canonical entities, built from the verified reference tables in ``kg/data/``.

Sources, in load order (an earlier source wins a key or label clash):

* ``countries.csv``: states and territories (ISO 3166-1 + Kosovo), QIDs voted across sources.
* ``organizations.csv``: international organisations.
* ``persons.csv``: a handful of leaders.
* ``cities.csv``: capitals, Mariupol and the District of Columbia.
* ``extra.csv``: what news needs that the tables lack (short forms, Taiwanese/HK transliterations,
  regions, seats of government, a few organisations and persons), each row with its reason.
  It never brings a Wikidata QID of its own: a QID there must be a table's QID for the same
  English name, which :meth:`Gazetteer.load` checks.
* ``abbreviations.csv``: one-character country abbreviations used inside compounds (俄乌, 中美).

Lookup keys are Simplified: every name and every query goes through ``to_simplified``. A name
claimed by two entities is resolved once, at load time (see :func:`_resolve_names`), and the
clashes are kept in :attr:`Gazetteer.clashes` for inspection.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Entity

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"

CLASSES = ("Country", "Organization", "Person", "Place")

# A clash between two *labels* goes to the class that news most often means by the bare name
# (新加坡 the state, not its capital city); then to load order.
_CLASS_PRIORITY = {"Country": 0, "Organization": 1, "Person": 2, "Place": 3}

# Non-UN-members that act as states in news and are typed kg:Country: the two UN observer
# states (Holy See/Vatican City, Palestine) and the two partially recognised states with no
# parent territory in rigour (Taiwan, Kosovo). Every other non-member (Hong Kong, Macau,
# Greenland, Puerto Rico, Western Sahara, ...) is a kg:Place.
SOVEREIGN_NON_MEMBERS = frozenset({"VA", "PS", "TW", "XK"})

# The English name is a poor slug where the acronym *is* the name in every language.
KEY_OVERRIDES = {"North Atlantic Treaty Organisation": "nato"}

# Capitals whose name, used as an actor, stands for something other than their country:
# "布鲁塞尔" as an agent is the EU institutions far more often than Belgium.
METONYM_EXCLUDE = frozenset({"brussels"})

# Names that must never be lookup keys even though a source lists them, because they are
# ambiguous: 刚果 is either Congo; 欧洲委员会 is the Council of Europe in the tables but news
# uses it for the European Commission (all four uses in corpus/dev/11 mean the Commission).
EXCLUDED_NAMES = frozenset({"刚果", "欧洲委员会"})

# Common words that must never become names (a source alias equal to one of these is dropped).
COMMON_WORDS = frozenset(
    # 中非 is an alias of the Central African Republic but means China-Africa (中非合作论坛)
    {"国际", "联合", "中央", "政府", "国家", "大陆", "西方", "东方", "北方", "南方", "中非"}
)

# Kept out of the jieba user dictionary (still valid lookup keys): X国 forms that would glue
# onto a following 内/际/会/家 (日本国内 -> 日本国/内 instead of 日本/国内).
USERDICT_SKIP = frozenset({"日本国", "俄国", "乌国"})

# jieba frequency given to every user-dictionary name. High enough that 斯托尔滕贝格 beats
# 斯托尔/滕/贝格 and 马里乌波尔 beats 马里/乌波尔, low enough that a name does not pull
# characters off its neighbours (欧美方面 stays 欧美/方面; checked in the tests).
USERDICT_FREQ = 2000
_USERDICT_TAG = {"Person": "nr", "Country": "ns", "Place": "ns", "Organization": "nt"}

# jieba dictionary words made only of safe abbreviation characters that are not compounds of
# states (found by scanning jieba's dict.txt): 美德 virtue, 朝日 Asahi, 台中 Taichung, 乌法 Ufa,
# 英德 Yingde, 法印 a Buddhist term, 中台 (also a platform/central station), and doublings.
NON_COMPOUNDS = frozenset({"美德", "朝日", "台中", "中台", "乌法", "英德", "法印", "乌日"})

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_LATIN_ABBR = re.compile(r"^[A-Z][A-Z0-9]+$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def _to_simplified(text: str) -> str:
    """``kg.normalize.to_simplified``; OpenCC t2s if that module is not importable."""
    try:
        from kg.normalize import to_simplified
    except ImportError:  # pragma: no cover - only while kg.normalize is missing
        return _opencc_t2s()(text)
    return to_simplified(text)


#: The characters ``str.isspace`` is true of (what ``str.strip`` removes).
_SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _compound_chars(abbreviations: Mapping[str, Entity]) -> frozenset[str]:
    """Characters a compound of abbreviations can be written with, before Simplifying and
    stripping: the abbreviations, whitespace, and any character t2s may change."""
    from kg.normalize import changing_chars

    return frozenset(abbreviations).union(_SPACES, changing_chars())


@functools.lru_cache(maxsize=1)
def _opencc_t2s() -> Callable[[str], str]:  # pragma: no cover - fallback only
    from opencc import OpenCC

    return OpenCC("t2s").convert


def slug(name: str) -> str:
    """ASCII slug of an English name: 'Washington D.C.' -> 'washington-dc'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"['’.]", "", ascii_name.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read gazetteer table ({exc.strerror}); "
            "reinstall the package or restore kg/data/"
        ) from exc


@dataclass
class _Draft:
    """A mutable entity under construction (Entity is frozen)."""

    key: str
    cls: str
    label_zh: str
    label_en: str | None
    qid: str | None
    aliases: list[str]
    country: str | None = None
    member_of: tuple[str, ...] = ()
    metonym_of: str | None = None
    order: int = 0


@dataclass(frozen=True)
class Clash:
    """A Simplified name claimed by more than one entity, and how it was resolved."""

    name: str
    claimants: tuple[str, ...]  # entity keys, in load order
    winner: str | None  # the key the name maps to, or None when it was dropped for all


class Gazetteer:
    """Canonical entities and every name that leads to them."""

    def __init__(
        self,
        entities: Iterable[Entity],
        names: dict[str, Entity],
        abbreviations: dict[str, Entity],
        metonyms: dict[str, str],
        clashes: Iterable[Clash] = (),
        excluded: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        self._entities = {e.key: e for e in entities}
        self._names = dict(names)
        self._abbreviations = dict(abbreviations)
        self._compound_chars: frozenset[str] | None = None
        self._metonyms = dict(metonyms)
        self.clashes: tuple[Clash, ...] = tuple(clashes)
        # (name, entity key, reason) of every source name that was not made a lookup key
        self.excluded: tuple[tuple[str, str, str], ...] = tuple(excluded)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """Build the gazetteer from the CSV tables in ``data_dir`` (default ``kg/data``)."""
        return _Builder(data_dir or DATA_DIR).build()

    def lookup(self, name: str) -> Entity | None:
        """The entity whose name (any script) is exactly ``name``, else None."""
        name = name.strip()
        if not name:
            return None
        return self._names.get(_to_simplified(name))

    def entity(self, key: str) -> Entity:
        """The entity with this key; KeyError if there is none."""
        return self._entities[key]

    def entities(self) -> list[Entity]:
        """All entities, sorted by key."""
        return [self._entities[k] for k in sorted(self._entities)]

    def names(self) -> dict[str, Entity]:
        """Every lookup key (Simplified; Latin acronyms as written) -> its entity."""
        return dict(self._names)

    def abbreviation(self, char: str) -> Entity | None:
        """The country a one-character abbreviation stands for inside a compound (俄 in 俄乌).

        Only abbreviations marked safe in ``abbreviations.csv`` are returned; callers should
        still apply them only to a token made entirely of such characters.
        """
        if len(char) != 1:
            return None
        return self._abbreviations.get(_to_simplified(char))

    def compound_chars(self) -> frozenset[str]:
        """Every character a word must be made of for :meth:`compound` to find countries
        in it, and the only ones :meth:`abbreviation` answers for: the abbreviations,
        whitespace and the characters Simplifying may change. (A quick test for callers.)"""
        chars = self._compound_chars
        if chars is None:
            chars = self._compound_chars = _compound_chars(self._abbreviations)
        return chars

    def compound(self, word: str) -> tuple[Entity, ...] | None:
        """The countries of a compound of abbreviations (中美 -> China, US), else None.

        Two to five distinct safe abbreviations, and not a word with another meaning
        (see NON_COMPOUNDS).
        """
        if not self.compound_chars().issuperset(word):
            # (most words: the entity finder asks about nearly every token) a character
            # that is no abbreviation, no space, and that Simplifying leaves as it is
            return None
        word = _to_simplified(word.strip())
        if not 2 <= len(word) <= 5 or len(set(word)) != len(word) or word in NON_COMPOUNDS:
            return None
        parts = [self._abbreviations.get(ch) for ch in word]
        if any(p is None for p in parts):
            return None
        return tuple(p for p in parts if p is not None)

    def metonym_of(self, key: str) -> Entity | None:
        """The country a capital city or seat of government stands for (克里姆林宫 -> Russia)."""
        target = self._metonyms.get(key)
        return self._entities[target] if target else None

    def userdict_lines(
        self, known: Mapping[str, int] | None = None, freq: int = USERDICT_FREQ
    ) -> list[str]:
        """Lines ``name freq tag`` for ``jieba.load_userdict``: bare Simplified Han names only.

        ``known`` maps words the tokenizer already has to their frequency (a
        ``jieba.Tokenizer().FREQ``); by default jieba's own ``dict.txt`` is read. A known word
        keeps its frequency when that is higher than ``freq`` (lowering 中国 from ~130k would
        change how jieba cuts around it); every other name gets ``freq``.

        Left out: one-character and non-Han names, USERDICT_SKIP, and organisation names that
        are a country's name plus more (中国外交部, 美国国务院): as one token such a name
        swallows its country and glues onto the next word (中国外交部/长王毅).
        """
        if known is None:
            known = _jieba_freqs(frozenset(self._names))
        country_names = [n for n, e in self._names.items() if e.cls == "Country" and len(n) >= 2]
        lines = []
        for name, entity in sorted(self._names.items()):
            if len(name) < 2 or not _HAN.match(name) or name in USERDICT_SKIP:
                continue
            if entity.cls == "Organization" and any(
                name.startswith(c) and len(name) > len(c) for c in country_names
            ):
                continue
            lines.append(f"{name} {max(freq, known.get(name, 0))} {_USERDICT_TAG[entity.cls]}")
        return lines


@functools.lru_cache(maxsize=4)
def _jieba_freqs(words: frozenset[str]) -> dict[str, int]:
    """Frequencies of ``words`` in jieba's default dictionary, read as a plain file.

    Reading the file (not importing jieba) keeps jieba's ~150 MB out of processes that only
    want the user dictionary lines; kg/text.py stays the only module that imports jieba.
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "dict.txt"
    out: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                word, _, rest = line.partition(" ")
                if word in words:
                    out[word] = int(rest.split(" ", 1)[0])
    except OSError:
        logger.warning("%s: unreadable; user dictionary uses default frequencies", path)
    return out


@functools.lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The gazetteer built from the packaged tables, loaded once per process."""
    return Gazetteer.load()


class _Builder:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir
        self.drafts: dict[str, _Draft] = {}
        self.excluded: list[tuple[str, str, str]] = []
        # every QID in the reference tables, by QID -> English names carrying it
        self.table_qids: dict[str, set[str]] = {}
        self.iso2_key: dict[str, str] = {}
        self.iso3_key: dict[str, str] = {}
        self.pending: dict[str, _Draft] = {}  # table rows lacking a Chinese name, by key
        self.final: dict[str, Entity] = {}

    # -- helpers -------------------------------------------------------------------------
    def _unique_key(self, base: str, suffix: str) -> str:
        key = base
        if key in self.drafts or key in self.pending:
            key = f"{base}-{suffix}"
        n = 2
        while key in self.drafts or key in self.pending:
            key = f"{base}-{suffix}-{n}"
            n += 1
        return key

    def _add(self, draft: _Draft, *, pending: bool = False) -> None:
        draft.order = len(self.drafts) + len(self.pending)
        if pending:
            self.pending[draft.key] = draft
        else:
            self.drafts[draft.key] = draft

    def _note_qid(self, qid: str, name_en: str) -> None:
        if qid:
            self.table_qids.setdefault(qid, set()).add(name_en)

    # -- tables --------------------------------------------------------------------------
    def _countries(self) -> None:
        parents = self._rigour_parents()
        eu27 = self._owid_eu27()
        rows = _read_csv(self.dir / "countries.csv")
        for row in rows:
            key = self._unique_key(
                KEY_OVERRIDES.get(row["name_en"], slug(row["name_en"])), "country"
            )
            self.iso2_key[row["iso2"]] = key
            self.iso3_key[row["iso3"]] = key
        for row in rows:
            self._note_qid(row["qid"], row["name_en"])
            sovereign = row["un_member"] == "yes" or row["iso2"] in SOVEREIGN_NON_MEMBERS
            parent = parents.get(row["iso2"])
            member_of = ("european-union",) if row["iso3"] in eu27 else ()
            self._add(
                _Draft(
                    key=self.iso2_key[row["iso2"]],
                    cls="Country" if sovereign else "Place",
                    label_zh=row["name_zh"],
                    label_en=row["name_en"],
                    qid=row["qid"] or None,
                    aliases=_split(row["aliases_zh"]),
                    country=None if sovereign else self.iso2_key.get(parent or ""),
                    member_of=member_of if sovereign else (),
                )
            )

    def _rigour_parents(self) -> dict[str, str]:
        """ISO2 -> ISO2 of the sovereign, for dependent territories (rigour ``parent``)."""
        out: dict[str, str] = {}
        path = self.dir / "sources" / "rigour" / "territories.jsonl"
        try:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    code, parent = row.get("code", ""), row.get("parent")
                    if len(code) == 2 and isinstance(parent, str) and len(parent) == 2:
                        out[code.upper()] = parent.upper()
        except OSError:
            logger.warning("%s: missing; dependent territories get no country", path)
        return out

    def _owid_eu27(self) -> set[str]:
        """ISO3 codes of EU members, as OWID's 'European Union (27)' region lists them."""
        path = self.dir / "sources" / "owid" / "CountriesRegions.csv"
        try:
            rows = _read_csv(path)
        except InputError:
            logger.warning("%s: missing; no EU memberships", path)
            return set()
        for row in rows:
            if row["code"] == "OWID_EU27":
                return set(json.loads(row["members"]))
        return set()

    def _organizations(self) -> None:
        for row in _read_csv(self.dir / "organizations.csv"):
            self._note_qid(row["qid"], row["name_en"])
            key = self._unique_key(KEY_OVERRIDES.get(row["name_en"], slug(row["name_en"])), "org")
            # Low-confidence rows carry no QID in the table already (G7, G20, UNHCR ...); the
            # one low row that has a QID (CIS, single source) is not trusted either.
            qid = row["qid"] if row["qid"] and row["confidence"] != "low" else None
            aliases = _split(row["short_zh"]) + _split(row["aliases_zh"])
            if row["abbr_en"]:
                aliases.append(row["abbr_en"])
            self._add(
                _Draft(key, "Organization", row["name_zh"], row["name_en"], qid, aliases),
                pending=not row["name_zh"],
            )

    def _persons(self) -> None:
        for row in _read_csv(self.dir / "persons.csv"):
            self._note_qid(row["qid"], row["name_en"])
            key = self._unique_key(slug(row["name_en"]), "person")
            self._add(
                _Draft(
                    key,
                    "Person",
                    row["name_zh"],
                    row["name_en"],
                    row["qid"] or None,
                    _split(row["aliases_zh"]),
                ),
                pending=not row["name_zh"],
            )

    def _cities(self) -> None:
        for row in _read_csv(self.dir / "cities.csv"):
            self._note_qid(row["qid"], row["name_en"])
            key = self._unique_key(slug(row["name_en"]), "city")
            country = self.iso2_key.get(row["country_iso2"])
            # The QID comes from conzept's capital field for every capital; `confidence: low`
            # there is about the Chinese name (Washington's 华盛顿), so the QID is kept.
            draft = _Draft(
                key,
                "Place",
                row["name_zh"],
                row["name_en"],
                row["qid"] or None,
                _split(row["aliases_zh"]),
                country=country,
            )
            if row["role"] == "capital" and key not in METONYM_EXCLUDE:
                draft.metonym_of = country
            self._add(draft, pending=not row["name_zh"])

    def _extras(self) -> None:
        path = self.dir / "extra.csv"
        for lineno, row in enumerate(_read_csv(path), start=2):
            where = f"{path}:{lineno}"
            action, key = row["action"], row["key"]
            if not row.get("source") and not row.get("note"):
                raise InputError(f"{where}: row has neither source nor note; say why it exists")
            if action == "entity":
                self._extra_entity(row, where)
            elif action in ("alias", "name"):
                draft = self.drafts.get(key) or self.pending.get(key)
                if draft is None:
                    raise InputError(f"{where}: no entity with key {key!r}; fix the key")
                if action == "name":
                    if draft.label_zh:
                        raise InputError(
                            f"{where}: {key} already has a Chinese name; use action=alias"
                        )
                    draft.label_zh = row["name_zh"]
                    self.drafts[key] = self.pending.pop(key)
                elif row["name_zh"]:
                    draft.aliases.append(row["name_zh"])
                draft.aliases.extend(_split(row["aliases"]))
                if row["metonym_of"]:
                    draft.metonym_of = row["metonym_of"]
            else:
                raise InputError(f"{where}: unknown action {action!r}; use entity, alias or name")

    def _extra_entity(self, row: dict[str, str], where: str) -> None:
        key = row["key"]
        if key in self.drafts or key in self.pending or slug(key) != key:
            raise InputError(f"{where}: key {key!r} is taken or not a slug; choose another")
        if row["cls"] not in CLASSES:
            raise InputError(f"{where}: class {row['cls']!r}; use one of {', '.join(CLASSES)}")
        qid = row["qid"] or None
        if qid and row["name_en"] not in self.table_qids.get(qid, set()):
            raise InputError(
                f"{where}: {qid} is not a reference-table QID for "
                f"{row['name_en']!r}; copy QIDs from the tables only"
            )
        self._add(
            _Draft(
                key,
                row["cls"],
                row["name_zh"],
                row["name_en"] or None,
                qid,
                _split(row["aliases"]),
                country=row["country"] or None,
                metonym_of=row["metonym_of"] or None,
            )
        )

    def _abbreviations(self) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        path = self.dir / "abbreviations.csv"
        for lineno, row in enumerate(_read_csv(path), start=2):
            if row["status"] != "safe":
                continue
            if row["key"] not in self.final:
                raise InputError(f"{path}:{lineno}: no entity {row['key']!r}; fix the key")
            out[row["char"]] = self.final[row["key"]]
        return out

    # -- assembly ------------------------------------------------------------------------
    def build(self) -> Gazetteer:
        self._countries()
        self._organizations()
        self._persons()
        self._cities()
        self._extras()
        for key in sorted(self.pending):
            logger.debug("gazetteer: %s has no Chinese name in the tables; skipped", key)
        drafts = sorted(self.drafts.values(), key=lambda d: d.order)
        for d in drafts:
            for ref in (d.country, d.metonym_of, *d.member_of):
                if ref and ref not in self.drafts:
                    raise InputError(
                        f"{self.dir}: {d.key} refers to unknown entity {ref!r}; "
                        "fix the key in extra.csv"
                    )
        name_map, kept, clashes = self._resolve_names(drafts)
        for d in drafts:
            self.final[d.key] = Entity(
                key=d.key,
                cls=d.cls,
                label_zh=d.label_zh,
                label_en=d.label_en,
                qid=d.qid,
                aliases=tuple(kept[d.key]),
                country=d.country,
                member_of=d.member_of,
            )
        names = {name: self.final[key] for name, key in name_map.items()}
        metonyms = {d.key: d.metonym_of for d in drafts if d.metonym_of}
        return Gazetteer(
            self.final.values(), names, self._abbreviations(), metonyms, clashes, self.excluded
        )

    def _resolve_names(
        self, drafts: list[_Draft]
    ) -> tuple[dict[str, str], dict[str, list[str]], list[Clash]]:
        """Map every Simplified name to one key, and decide each entity's kept aliases.

        A label beats an alias; between two labels the class priority then load order wins;
        an alias claimed by two entities and nobody's label is dropped for all of them
        (precision before recall). Excluded names (one character, common words, ambiguous)
        are never keys.
        """
        claims: dict[str, list[tuple[int, int, int, str]]] = {}  # name -> [(rank...), key]
        forms: dict[str, list[tuple[str, str]]] = {}  # key -> [(original, simplified)]
        for d in drafts:
            seen: set[str] = set()
            forms[d.key] = []
            for i, original in enumerate([d.label_zh, *d.aliases]):
                original = original.strip()
                simp = original if _LATIN_ABBR.match(original) else _to_simplified(original)
                reason = self._exclusion(simp)
                if reason:
                    self.excluded.append((original, d.key, reason))
                    logger.info("gazetteer: %r of %s is not a name (%s)", original, d.key, reason)
                    continue
                forms[d.key].append((original, simp))
                if simp in seen:
                    continue
                seen.add(simp)
                is_alias = 0 if i == 0 else 1
                claims.setdefault(simp, []).append(
                    (is_alias, _CLASS_PRIORITY[d.cls], d.order, d.key)
                )
        name_map: dict[str, str] = {}
        clashes: list[Clash] = []
        for name, owners in claims.items():
            owners.sort()
            if len(owners) == 1:
                name_map[name] = owners[0][3]
                continue
            labels = [o for o in owners if o[0] == 0]
            winner = labels[0][3] if labels else None
            if winner:
                name_map[name] = winner
            claimants = tuple(o[3] for o in sorted(owners, key=lambda o: o[2]))
            clashes.append(Clash(name, claimants, winner))
            logger.info(
                "gazetteer: name %r claimed by %s -> %s",
                name,
                ", ".join(claimants),
                winner or "dropped",
            )
        kept: dict[str, list[str]] = {}
        for d in drafts:
            out: list[str] = []
            for original, simp in forms[d.key]:
                if original == d.label_zh or name_map.get(simp) != d.key:
                    continue
                for form in (original, simp):
                    if form != d.label_zh and form not in out:
                        out.append(form)
            kept[d.key] = out
        return name_map, kept, sorted(clashes, key=lambda c: c.name)

    @staticmethod
    def _exclusion(simp: str) -> str | None:
        if len(simp) < 2:
            return "one character"
        if simp in EXCLUDED_NAMES:
            return "ambiguous between entities"
        if simp in COMMON_WORDS:
            return "common word"
        return None
