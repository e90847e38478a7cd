"""Sentence splitting and segmentation on real text."""

from pathlib import Path

import pytest

from kg.ingest import parse_article, read_article
from kg.text import MAX_SENTENCE_CHARS, Segmenter, default_segmenter, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def seed_sentences():
    article = read_article(SEED)
    return article, split_sentences(article)


def test_offsets_slice_text(seed_sentences):
    article, sentences = seed_sentences
    assert len(sentences) > 60
    for i, s in enumerate(sentences):
        assert s.index == i
        assert article.text[s.start:s.end] == s.text
        assert article.norm[s.start:s.end] == s.norm
        assert s.text == s.text.strip()


def test_closing_quote_stays_with_its_sentence(seed_sentences):
    _, sentences = seed_sentences
    texts = [s.text for s in sentences]
    # the quoted statement's last sentence keeps its closing quote
    assert "俄罗斯对乌克兰的战争已经打破了欧洲的和平，并造成巨大的人类痛苦和破坏。”" in texts
    # and a sentence inside the quotation ends at its full stop
    assert "声明表示：“我们以最强烈的措辞谴责俄罗斯对乌克兰的入侵。" in texts
    # no sentence starts with a closing quote
    assert not any(t.startswith("”") for t in texts)


def test_semicolon_and_comma_do_not_split():
    a = parse_article("甲说：“乙；丙，丁。”戊己。\n", source="x.txt")
    assert [s.text for s in split_sentences(a)] == ["甲说：“乙；丙，丁。”", "戊己。"]


def test_question_and_exclamation_end_sentences():
    a = parse_article("真的吗？是的！好。", source="x.txt")
    assert [s.text for s in split_sentences(a)] == ["真的吗？", "是的！", "好。"]


def test_latin_abbreviations_are_not_sentence_ends():
    a = parse_article("U.S. 总统拜登说 3.5 亿。Then the war ended. 结束。", source="x.txt")
    texts = [s.text for s in split_sentences(a)]
    assert texts[0] == "U.S. 总统拜登说 3.5 亿。"
    assert "Then the war ended." in texts


def test_a_number_can_end_an_english_sentence():
    a = parse_article("NATO met on 24 March 2022. They called for peace. 3.5 is a number.",
                      source="x.txt")
    assert [s.text for s in split_sentences(a)] == [
        "NATO met on 24 March 2022.", "They called for peace.", "3.5 is a number."]


def test_long_runs_are_capped():
    body = "北约" * (MAX_SENTENCE_CHARS * 3)
    a = parse_article(body, source="x.txt")
    sentences = split_sentences(a)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert "".join(s.text for s in sentences) == body


def test_segmenter_keeps_gazetteer_names_whole():
    seg = default_segmenter()
    words = [t.word for t in seg.tokens("北约秘书长斯托尔滕贝格在马里乌波尔会见泽连斯基")]
    assert "斯托尔滕贝格" in words and "马里乌波尔" in words and "泽连斯基" in words
    assert "北约" in words and "秘书长" in words


def test_segmenter_offsets_and_private_dictionary():
    import jieba

    seg = Segmenter(["甲乙丙丁戊 100000 nr"])
    toks = seg.tokens("我见到甲乙丙丁戊了", offset=10)
    assert [t.word for t in toks if t.tag == "nr"] == ["甲乙丙丁戊"]
    assert toks[0].start == 10 and toks[-1].end == 10 + len("我见到甲乙丙丁戊了")
    # the global jieba instance did not learn the word
    assert "甲乙丙丁戊" not in jieba.lcut("我见到甲乙丙丁戊了")


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_every_dev_article_splits_with_exact_offsets():
    for path in sorted(DEV.glob("*.txt")):
        article = read_article(path)
        for s in split_sentences(article):
            assert article.text[s.start:s.end] == s.text, path.name


def _jieba_reference(seg: Segmenter):
    """jieba's own POSTokenizer over the segmenter's tokenizer and tag table."""
    import jieba.posseg

    ref = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    ref.tokenizer = seg._tk
    ref.word_tag_tab = dict(seg._tags)
    return lambda text: [(p.word, p.flag) for p in ref.cut(text, HMM=True)]


def test_segmenter_gives_jieba_posseg_words_and_tags(seed_sentences):
    # the faster POS Viterbi must not change a single word or tag
    seg = default_segmenter()
    ref = _jieba_reference(seg)
    article, sentences = seed_sentences
    texts = [s.norm for s in sentences] + [article.norm]
    if DEV.is_dir():
        for path in sorted(DEV.glob("*.txt")):
            texts += [s.norm for s in split_sentences(read_article(path))]
    unknown_runs = 0
    for text in texts:
        got = [(t.word, t.tag) for t in seg.tokens(text)]
        assert got == ref(text), text
        unknown_runs += len(seg._detail_cache)
    assert unknown_runs > 0  # the HMM path was exercised, not only dictionary words


def test_pos_hmm_matches_jieba_on_unknown_and_odd_runs():
    import random

    seg = Segmenter()
    ref = _jieba_reference(seg)
    rng = random.Random(20220324)
    source = read_article(SEED).norm
    texts = [
        "斯卢茨基说乌方只会打得更凶",  # a transliterated name and a run of single characters
        "梅坚斯基于3月在伊斯坦布尔",
        "abc12.3 #&_+\r\n\t2022.5年Xi Jinping",
    ]
    texts += ["".join(rng.choice(source) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    # characters the HMM's table does not list (every state is a candidate)
    texts += ["".join(chr(rng.randint(0x4E00, 0x9FD5)) for _ in range(rng.randint(2, 12)))
              for _ in range(200)]
    for text in texts:
        assert [(t.word, t.tag) for t in seg.tokens(text)] == ref(text), repr(text)


def test_tokens_are_ordinary_frozen_tokens():
    import dataclasses

    from kg.model import Token

    toks = default_segmenter().tokens("北约秘书长斯托尔滕贝格说", offset=5)
    assert toks[0] == Token(5, 7, "北约", toks[0].tag) and hash(toks[0]) == hash(
        Token(5, 7, "北约", toks[0].tag))
    assert dataclasses.astuple(toks[1]) == (7, 10, "秘书长", toks[1].tag)
    with pytest.raises(dataclasses.FrozenInstanceError):
        toks[0].word = "x"
