"""Gold files may cover only the start of a long article (`annotated_until`)."""

from pathlib import Path

from kg.api import analyse, build
from kg.eval import evaluate
from kg.ingest import read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"


def test_events_after_the_annotated_part_are_not_scored(tmp_path):
    doc = analyse(read_article(SEED))
    graph = build([SEED]).graph
    url = doc.article.url
    # annotate nothing, up to the fourth sentence: every event of sentences 0-3 is an FP
    fourth = doc.sentences[3].text[:10]
    gold = tmp_path / "partial.yaml"
    gold.write_text(f"url: {url}\nannotated_until: '{fourth}'\nentities: []\nevents: []\n",
                    encoding="utf-8")
    report = evaluate(graph, [gold])
    expected = sum(1 for ev in doc.events if ev.sentence <= 3)
    assert expected > 0
    assert report.total.fp == expected
    # without the limit, every event of the article counts
    whole = tmp_path / "whole.yaml"
    whole.write_text(f"url: {url}\nentities: []\nevents: []\n", encoding="utf-8")
    assert evaluate(graph, [whole]).total.fp == len(doc.events) > expected
