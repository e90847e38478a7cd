"""Sentences and words: sentence splitting with offsets, and jieba segmentation.

This is the only module that imports jieba. Segmentation runs on the Simplified
normalisation (``Article.norm``) so one dictionary serves both scripts; offsets are
the same in ``Article.text`` because the normalisation keeps the length.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence

from kg.model import Article, Sentence, Token

log = logging.getLogger(__name__)

# Sentence-final punctuation. A full stop ends a sentence; so does ！？ and their ASCII
# forms, and an ellipsis. The semicolon does not: clauses joined by ； share a subject.
_FINAL = "。！？!?…"
# Closing quotes and brackets that belong to the sentence they close: `他说：“走。”`
_CLOSERS = "”’」』）)】》\"'"

#: Longest sentence handed to the segmenter. Longer runs (a megabyte with no punctuation)
#: are cut at the last comma or space before the limit, else hard, so that no input takes
#: time or memory out of proportion to its size.
MAX_SENTENCE_CHARS = 600

_SOFT_BREAKS = "，,；;、：: "


def split_sentences(article: Article, max_chars: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Split each paragraph into sentences with offsets into ``article.text``.

    A sentence ends at 。！？ (or ?!…) plus any closing quotes/brackets that follow, and at
    a closing quotation mark when the quoted speech itself ended a sentence (`“…。”`).
    Leading/trailing whitespace is not part of a sentence.
    """
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(article.paragraphs):
        for s, e in _split_span(article.text, p_start, p_end):
            for s2, e2 in _cap_length(article.text, s, e, max_chars):
                s2, e2 = _strip(article.text, s2, e2)
                if s2 < e2:
                    out.append(
                        Sentence(
                            index=len(out),
                            start=s2,
                            end=e2,
                            text=article.text[s2:e2],
                            norm=article.norm[s2:e2],
                            paragraph=p_index,
                        )
                    )
    return out


def _split_span(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    i = start
    s = start
    while i < end:
        ch = text[i]
        if ch in _FINAL or (ch == "." and _is_latin_full_stop(text, i, end)):
            j = i + 1
            while j < end:
                if text[j] in _FINAL or text[j] in _CLOSERS:
                    j += 1
                    continue
                # "。 ”": a closing quote after stray spaces still closes this sentence
                k = j
                while k < end and text[k] in " \u3000\xa0":
                    k += 1
                if k < end and k > j and text[k] in _CLOSERS:
                    j = k + 1
                    continue
                break
            yield s, j
            s = i = j
            continue
        if ch == "\n":
            yield s, i
            s = i + 1
        i += 1
    if s < end:
        yield s, end


def _is_latin_full_stop(text: str, i: int, end: int) -> bool:
    # "U.S." and "3.5" are not sentence ends; "war. The" is.
    if i + 1 >= end:
        return i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()
    nxt = text[i + 1]
    prev = text[i - 1] if i > 0 else " "
    if nxt != " " or not prev.isascii():
        return False
    if prev.isalpha() and prev.islower():
        return True
    # "in 2022. They": a number ends the sentence when a capital starts the next one
    return prev.isdigit() and i + 2 < end and text[i + 2].isascii() and text[i + 2].isupper()


def _cap_length(text: str, s: int, e: int, max_chars: int) -> Iterable[tuple[int, int]]:
    while e - s > max_chars:
        cut = -1
        for k in range(s + max_chars, s + max_chars // 2, -1):
            if text[k - 1] in _SOFT_BREAKS:
                cut = k
                break
        if cut < 0:
            cut = s + max_chars
        yield s, cut
        s = cut
    yield s, e


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class Segmenter:
    """jieba through its own ``Tokenizer`` instance, with a user dictionary of names.

    The global ``jieba`` instance is left untouched, so a program embedding newskg can use
    jieba for its own purposes. Building one costs ~0.7 s and ~100 MB; ``default()`` shares
    one per process.
    """

    def __init__(self, userdict_lines: Sequence[str] | None = (), *, gazetteer=None):
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        if gazetteer is not None:
            # the tokenizer's own frequencies: no second read of jieba's dictionary file
            userdict_lines = gazetteer.userdict_lines(known=self._tk.FREQ)
        for line in userdict_lines or ():
            parts = line.split()
            if not parts:
                continue
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 else None
            tag = parts[2] if len(parts) > 2 else None
            self._tk.add_word(word, freq, tag)
        # POSTokenizer(tk) re-reads the 350k-line dictionary for its tag table (~0.5 s); the
        # table of jieba's own instance, loaded when jieba.posseg was imported, is the same
        # file's, so copy it (jieba is pinned to 0.42.1, whose attributes these are)
        pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        pos.tokenizer = self._tk
        pos.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
        self._pos = pos
        self._lock = threading.Lock()

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Segment ``text`` (Simplified) into tagged tokens with offsets (+``offset``)."""
        out: list[Token] = []
        pos = offset
        with self._lock:  # jieba's posseg keeps per-instance state while cutting
            pairs = list(self._pos.cut(text, HMM=True))
        for pair in pairs:
            w = pair.word
            out.append(Token(pos, pos + len(w), w, pair.flag))
            pos += len(w)
        if pos - offset != len(text):  # jieba never drops characters; guard the offsets anyway
            raise AssertionError("segmentation lost characters")
        return out

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens(sentence.norm, sentence.start)


_default: Segmenter | None = None
_default_lock = threading.Lock()


def default_segmenter() -> Segmenter:
    """The process-wide segmenter with the gazetteer's user dictionary."""
    global _default
    with _default_lock:
        if _default is None:
            from kg.gazetteer import default as gazetteer

            _default = Segmenter(None, gazetteer=gazetteer())
        return _default

