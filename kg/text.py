"""Sentences and words: sentence splitting with offsets, and jieba segmentation.

This is the only module that imports jieba. Segmentation runs on the Simplified
normalisation (``Article.norm``) so one dictionary serves both scripts; offsets are
the same in ``Article.text`` because the normalisation keeps the length.
"""

from __future__ import annotations

import logging
import math
import re
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
        # (jieba's POSTokenizer merges the user words' tags in on its first cut; here now)
        self._tags: dict[str, str] = dict(jieba.posseg.dt.word_tag_tab)
        self._tags.update(self._tk.user_word_tag_tab)
        self._tk.user_word_tag_tab = {}
        self._detail_cache: dict[str, tuple[tuple[str, str], ...]] = {}
        # word -> log(freq) - log(total) as jieba sums it; None for a prefix of words only
        self._lp: dict[str, float | None] = {}
        self._lp_total = 0
        self._logtotal = 0.0

    def clear_caches(self) -> None:
        """Forget the unknown runs and word probabilities remembered so far. The output
        does not depend on them; a benchmark calls this to time text never seen before."""
        self._detail_cache.clear()
        self._lp.clear()
        _first_columns.clear()

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Segment ``text`` (Simplified) into tagged tokens with offsets (+``offset``)."""
        out: list[Token] = []
        pos = offset
        make = _make_token
        for w, flag in self._cut(text):
            end = pos + len(w)
            out.append(make(pos, end, w, flag))
            pos = end
        if pos - offset != len(text):  # jieba never drops characters; guard the offsets anyway
            raise AssertionError("segmentation lost characters")
        return out

    def _cut(self, text: str) -> list[tuple[str, str]]:
        """``jieba.posseg.POSTokenizer.cut(text, HMM=True)``, the same words and tags, faster.

        jieba's own POS Viterbi takes, for each character and each candidate state, the
        maximum over every live previous state (~160); all but the ~20 that can move to the
        state add -inf and never win, so :func:`_pos_viterbi` looks only at those. An
        unknown run (the HMM's only input) is cut once per process: names repeat.
        """
        out: list[tuple[str, str]] = []
        append = out.append
        for blk in _RE_HAN_INTERNAL.split(text):
            if not blk:
                continue
            if _RE_HAN_INTERNAL.match(blk):
                self._cut_dag(blk, out)
            else:
                for x in _RE_SKIP_INTERNAL.split(blk):
                    if _RE_SKIP_INTERNAL.match(x):
                        append((x, "x"))
                    else:
                        # jieba tests re_eng on the whole piece, not the character (kept)
                        eng = _RE_ENG.match(x) is not None
                        for xx in x:
                            if _RE_NUM.match(xx):
                                append((xx, "m"))
                            elif eng:
                                append((xx, "eng"))
                            else:
                                append((xx, "x"))
        return out

    def _cut_dag(self, sentence: str, out: list[tuple[str, str]]) -> None:
        tags = self._tags
        ends = self._route(sentence)
        x = 0
        buf = ""
        n = len(sentence)
        append = out.append
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                w = sentence[x:y]
                append((w, tags.get(w, "x")))
            x = y
        if buf:
            self._flush(buf, out)

    def _route(self, sentence: str) -> list[int]:
        """jieba's ``get_DAG`` + ``calc`` in one pass: for each position, the last index
        of the word the most probable segmentation takes there.

        The same sums in the same order (``log(freq) - log(total)`` then plus the rest of
        the route), ties to the longer word, so the same cut; the log-probability of each
        word is remembered, and no DAG is built.
        """
        tk = self._tk
        freq = tk.FREQ
        if tk.total != self._lp_total or len(self._lp) > _LP_CACHE_SIZE:
            # (a word was added since, or the table is full: start again)
            self._lp.clear()
            self._lp_total = tk.total
            self._logtotal = math.log(tk.total)
        lp = self._lp
        logtotal = self._logtotal
        n = len(sentence)
        best = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            bv = None
            bx = k
            i = k
            frag = sentence[k]
            while True:
                p = lp.get(frag, _ABSENT)
                if p is _ABSENT:  # first meeting: a word, a prefix only (None), or neither
                    f = freq.get(frag)
                    if f is None:
                        break
                    p = lp[frag] = (math.log(f) - logtotal) if f else None
                if p is not None:
                    v = p + best[i + 1]
                    if bv is None or v >= bv:  # (ascending i: ties go to the longer word)
                        bv = v
                        bx = i
                i += 1
                if i >= n:
                    break
                frag = sentence[k:i + 1]
            if bv is None:  # no word starts here: the character alone, frequency 1
                bv = (0.0 - logtotal) + best[k + 1]  # log(1) - log(total)
            best[k] = bv
            ends[k] = bx
        return ends

    def _flush(self, buf: str, out: list[tuple[str, str]]) -> None:
        tags = self._tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self._tk.FREQ.get(buf):
            words = self._detail_cache.get(buf)
            if words is None:
                words = self._cut_detail(buf)
                if len(self._detail_cache) >= _DETAIL_CACHE_SIZE:
                    self._detail_cache.clear()
                self._detail_cache[buf] = words
            out.extend(words)
        else:
            for ch in buf:
                out.append((ch, tags.get(ch, "x")))

    @staticmethod
    def _cut_detail(sentence: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for blk in _RE_HAN_DETAIL.split(sentence):
            if _RE_HAN_DETAIL.match(blk):
                out.extend(_hmm_words(blk))
            else:
                for x in _RE_SKIP_DETAIL.split(blk):
                    if x:
                        if _RE_NUM.match(x):
                            out.append((x, "m"))
                        elif _RE_ENG.match(x):
                            out.append((x, "eng"))
                        else:
                            out.append((x, "x"))
        return tuple(out)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens(sentence.norm, sentence.start)


# ---- jieba's POS HMM, exact but faster ----------------------------------------------
# The patterns of jieba.posseg 0.42.1 (copied: they are module privates there).
_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_RE_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_RE_HAN_INTERNAL = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_RE_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile(r"[\.0-9]+")
_MIN_FLOAT = -3.14e100

def _fast_token(start: int, end: int, word: str, tag: str) -> Token:
    # Token(...) of a frozen dataclass sets each field through object.__setattr__; filling
    # the instance dict directly makes the same object in half the time (a sentence has
    # ~30 tokens, a corpus millions)
    tok = _new_object(Token)
    d = tok.__dict__
    d["start"] = start
    d["end"] = end
    d["word"] = word
    d["tag"] = tag
    return tok


_new_object = object.__new__
# only while Token is the plain frozen dataclass of these four fields (no slots, no
# __post_init__); otherwise its own constructor
_make_token = (
    _fast_token
    if not hasattr(Token, "__slots__") and not hasattr(Token, "__post_init__")
    and tuple(Token.__dataclass_fields__) == ("start", "end", "word", "tag")
    else Token
)

_ABSENT = object()
#: Words and prefixes whose log-probability is remembered (jieba's dictionary has ~580,000;
#: news text meets a fraction of them; at most ~25 MB).
_LP_CACHE_SIZE = 200_000

#: Unknown runs remembered per process (a run is a few characters; 20,000 is ~2 MB).
_DETAIL_CACHE_SIZE = 20_000

_hmm_tables = None
_first_columns: dict[str, tuple[dict, dict]] = {}


def _tables():
    """jieba's POS HMM with each state's predecessors listed (built once, ~10 ms)."""
    global _hmm_tables
    if _hmm_tables is None:
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

        preds: dict = {y: [] for y in trans_P}
        # the kinds (B M E S) of the states each state can move to: B and M only to M and
        # E of their tag, E and S only to B and S; a step offers a candidate only the live
        # states that can move to its kind (found from the table, not assumed)
        kinds: dict = {}
        for y0, nxt in trans_P.items():
            kinds[y0] = "".join(sorted({y[0] for y in nxt}))
            for y, p in nxt.items():
                preds[y].append((y0, p))
        _hmm_tables = (char_state_tab_P, start_P, trans_P, emit_P,
                       {y: tuple(v) for y, v in preds.items()}, kinds)
    return _hmm_tables


def _pos_viterbi(obs: str) -> list:
    """``jieba.posseg.viterbi.viterbi`` with the same result, bit for bit.

    jieba computes ``max((V[y0] + trans[y0].get(y, -inf) + emit, y0) for y0 in live)``;
    a state that cannot move to ``y`` adds -inf and, since ``y`` is only considered when
    some live state can reach it, never wins. So only ``y``'s predecessors are summed, in
    the same order of operations (the ties, broken by the larger state, are the same too).
    """
    states, start_p, trans_p, emit_p, preds, kinds = _tables()
    all_states = trans_p.keys()
    # the first column depends on the first character only (and no column is changed
    # once made, so a remembered one is shared)
    first = _first_columns.get(obs[0])
    if first is None:
        col = {y: start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
               for y in states.get(obs[0], all_states)}
        first = (col, dict.fromkeys(col, ""))
        if len(_first_columns) < 20_000:
            _first_columns[obs[0]] = first
    prev: dict = first[0]
    mem_path: list[dict] = [first[1]]
    for t in range(1, len(obs)):
        ch = obs[t]
        cur: dict = {}
        back: dict = {}
        # a state's candidates: the live states (those the previous character allowed,
        # ~26) that can move to its kind, or its predecessors, whichever list is shorter
        # (M and E have two: B and M of the same tag)
        live: dict[str, list] = {}
        for y0, v in prev.items():
            entry = (y0, v, trans_p[y0])
            for k in kinds[y0]:
                lst = live.get(k)
                if lst is None:
                    live[k] = [entry]
                else:
                    lst.append(entry)
        for y in states.get(ch, all_states):
            em = emit_p[y].get(ch, _MIN_FLOAT)
            py = preds[y]
            from_live = live.get(y[0], ())
            if len(py) < len(from_live):
                cands = [(v + tr + em, y0) for y0, tr in py
                         if (v := prev.get(y0)) is not None]
            else:
                cands = [(v + tr + em, y0) for y0, v, nxt in from_live
                         if (tr := nxt.get(y)) is not None]
            if cands:
                cur[y], back[y] = max(cands)
        if not cur:
            # no state the character allows follows a live one: jieba then takes every
            # state some live state leads to; rare, so its own code does the step
            return _jieba_viterbi(obs)
        prev = cur
        mem_path.append(back)
    _prob, state = max([(v, y) for y, v in prev.items()])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return route


def _jieba_viterbi(obs: str) -> list:
    from jieba.posseg.viterbi import viterbi

    states, start_p, trans_p, emit_p, _, _ = _tables()
    return viterbi(obs, states, start_p, trans_p, emit_p)[1]


def _hmm_words(sentence: str) -> list[tuple[str, str]]:
    """``POSTokenizer.__cut``: the HMM's B/M/E/S states turned into tagged words."""
    pos_list = _pos_viterbi(sentence)
    out: list[tuple[str, str]] = []
    begin = nexti = 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((sentence[begin:i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            out.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], pos_list[nexti][1]))
    return out


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

