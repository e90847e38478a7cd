"""Traditional -> Simplified normalisation: same length, same answers as OpenCC t2s."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import normalize
from kg.normalize import is_traditional, to_simplified

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"
TRADITIONAL = ("01_", "06_", "10_", "18_", "20_", "21_", "23_")

needs_shared = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"dev corpus not found at {DEV} (shared/ sits beside the repo)"
)


def dev_files() -> list[Path]:
    return sorted(DEV.glob("[0-9][0-9]_*.txt")) if DEV.is_dir() else []


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("烏克蘭", "乌克兰"),
        ("德國總理蕭茲今天表示", "德国总理萧兹今天表示"),
        ("北大西洋公約組織（NATO）", "北大西洋公约组织（NATO）"),
        # phrase-level entries of TSPhrases: 瞭 -> 了 only inside these words
        ("一目瞭然", "一目了然"),
        ("不瞭解情況", "不了解情况"),
    ],
)
def test_known_conversions(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


def test_simplified_and_ascii_and_fullwidth_are_untouched() -> None:
    text = "北约秘书长斯托尔滕贝格（Jens Stoltenberg）表示：ＡＢＣ１２３　全角保留。"
    assert to_simplified(text) == text
    assert to_simplified("") == ""


@needs_shared
@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name[:3])
def test_dev_corpus_same_length_and_same_as_opencc(path: Path) -> None:
    import opencc

    text = path.read_text(encoding="utf-8")
    out = to_simplified(text)
    assert len(out) == len(text)
    # Our fast path (character table + OpenCC only for runs holding a phrase) must give
    # exactly what OpenCC's own t2s gives on real articles.
    assert out == opencc.OpenCC("t2s").convert(text)


def test_length_changing_phrase_falls_back_to_per_character(monkeypatch) -> None:
    t2s = normalize._t2s()
    # Pretend OpenCC mapped a phrase to a longer string (as phrase tables may do).
    monkeypatch.setattr(t2s.converter, "convert", lambda s: s + "多")
    text = "他說：「這一目瞭然。」烏克蘭"
    out = to_simplified(text)
    assert len(out) == len(text)
    # Per character, 瞭 keeps its first candidate in TSCharacters (瞭 is not changed alone),
    # while every other Traditional character is still converted.
    assert out == "他说：「这一目瞭然。」乌克兰"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_length_is_always_preserved(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


@needs_shared
@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name[:3])
def test_is_traditional_on_dev_corpus(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert is_traditional(text) is path.name.startswith(TRADITIONAL)


def test_is_traditional_edge_cases() -> None:
    assert not is_traditional("")
    assert not is_traditional("NATO summit in Brussels, 24 March 2022")
    # A Simplified sentence quoting one Traditional name stays Simplified.
    assert not is_traditional("台湾媒体报道称，「國防部」表示将加强演习，北约秘书长对此表示关切。")
    assert is_traditional("俄羅斯入侵烏克蘭後，瑞士國防部考慮與北約加強合作。")
