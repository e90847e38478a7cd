"""Traditional -> Simplified normalisation that keeps every character offset valid.

``Article.norm`` must have the same length as ``Article.text`` so that a span found in the
Simplified form (where the gazetteer and jieba work) points at the same characters in the
original. OpenCC's ``t2s`` works phrase by phrase, and a phrase entry may in principle map to
a string of another length; so each separator-delimited run is converted on its own, and a run
whose length changed is redone character by character (OpenCC's single-character table, first
candidate), which is 1:1 by construction.

Nothing else is normalised here (no full-width -> half-width folding): one character in, one
character out.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

# OpenCC never lets a phrase cross these (the same list as its PhraseExtract.cpp), so splitting
# on them first loses no conversion and keeps each unit small.
_SEPARATORS = re.compile(
    r"(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」|﹁|﹂|—|－|（|）|《|》"
    r"|〈|〉|～|．|／|＼|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝"
    r"|︸|﹃|﹄|【|︻|】|︼)"
)


def _read_char_table(name: str) -> dict[str, str]:
    """One-character entries of an OpenCC dictionary file, first candidate only."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            key, _, values = line.rstrip("\n").partition("\t")
            first = values.split(" ")[0]
            if len(key) == 1 and len(first) == 1 and key != first:
                table[key] = first
    return table


class _T2S:
    """OpenCC's t2s tables, compiled for speed; built once per process."""

    def __init__(self) -> None:
        import opencc

        self.converter = opencc.OpenCC("t2s")
        self.char_map = _read_char_table("TSCharacters.txt")
        # str.translate does the character table at C speed; it is 1:1 by construction.
        self.table = {ord(k): v for k, v in self.char_map.items()}
        path = Path(opencc.__file__).parent / "dictionary" / "TSPhrases.txt"
        phrases = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                key = line.partition("\t")[0]
                if len(key) > 1:
                    phrases.append(key)
        # Any character that can start a change. Text without one (all Simplified text) is
        # returned as is after one regex scan.
        triggers = set(self.char_map)
        for key in phrases:
            triggers.update(key)
        self.triggers = frozenset(triggers)
        self.trigger_re = re.compile("[" + "".join(re.escape(c) for c in sorted(triggers)) + "]")
        # Runs holding a phrase entry go through OpenCC itself, whose longest-match choice
        # among overlapping phrases we do not re-implement; the rest is per character.
        phrases.sort(key=len, reverse=True)
        self.phrase_re = re.compile("|".join(re.escape(k) for k in phrases))


@functools.lru_cache(maxsize=1)
def _t2s() -> _T2S:
    return _T2S()


@functools.lru_cache(maxsize=1)
def _s2t_chars() -> frozenset[str]:
    """Characters that exist only in Simplified writing (they change under s2t)."""
    return frozenset(_read_char_table("STCharacters.txt"))


def changing_chars() -> frozenset[str]:
    """Every character :func:`to_simplified` may change (a text without any is returned
    as it is), so callers can skip the call for text that cannot change."""
    return _t2s().triggers


def to_simplified(text: str) -> str:
    """Return ``text`` in Simplified characters, with ``len(result) == len(text)``.

    >>> to_simplified("烏克蘭總統澤倫斯基")
    '乌克兰总统泽伦斯基'
    """
    t2s = _t2s()
    if not text or t2s.trigger_re.search(text) is None:
        return text
    result = text.translate(t2s.table)
    if t2s.phrase_re.search(text) is None:
        return result
    pieces: list[str] = []
    done = 0  # end of the last run taken from OpenCC
    for m in t2s.phrase_re.finditer(text):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start > 0 and not _is_separator(text[start - 1]):
            start -= 1
        while end < len(text) and not _is_separator(text[end]):
            end += 1
        run = text[start:end]
        converted = t2s.converter.convert(run)
        if len(converted) != len(run):
            # A phrase entry changed the length: keep offsets valid at the cost of the
            # phrase-level choice for this run only.
            logger.debug("t2s changed the length of %r; converting it per character", run)
            converted = result[start:end]
        pieces.append(result[done:start])
        pieces.append(converted)
        done = end
    pieces.append(result[done:])
    return "".join(pieces)


def _is_separator(ch: str) -> bool:
    return _SEPARATORS.fullmatch(ch) is not None


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in Traditional characters.

    Counts the CJK characters that t2s would change (Traditional-only forms) and those that
    s2t would change (Simplified-only forms). Traditional when the first outnumbers the second
    and is at least 3% of the CJK characters: real Simplified news has ~0 of the former and
    ~20% of the latter, Traditional news the reverse, and a Simplified article quoting a few
    Traditional names stays Simplified.
    """
    char_map = _t2s().char_map
    simp_only = _s2t_chars()
    cjk = trad = simp = 0
    for ch in text:
        if ch in char_map:
            trad += 1
            cjk += 1
        elif ch in simp_only:
            simp += 1
            cjk += 1
        elif _is_cjk(ch):
            cjk += 1
    return cjk > 0 and trad > simp and trad >= 0.03 * cjk
