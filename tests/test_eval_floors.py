"""Extraction quality against the gold files: the floors the events issue sets.

Seed: precision and recall >= 0.95. Dev gold set as a whole: precision >= 0.85, recall
>= 0.70. `make eval` prints the per-class tables behind these numbers. The held-out gold
files (tests/gold/heldout/) are reported, not enforced: they measure how far the rules
generalise to articles nobody tuned them on.
"""

from pathlib import Path

import pytest

from kg.api import build
from kg.eval import evaluate

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"

SEED_FLOOR = (0.95, 0.95)  # precision, recall
DEV_FLOOR = (0.85, 0.70)


def _scores(report):
    total = report.total
    return total.precision, total.recall


def test_seed_against_gold():
    graph = build([ROOT / "seeds"]).graph
    report = evaluate(graph, [GOLD / "000_74332eaaa2aa362a.yaml"])
    precision, recall = _scores(report)
    assert precision >= SEED_FLOOR[0] and recall >= SEED_FLOOR[1], (precision, recall)
    assert report.wrong_links == 0


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev not found beside the repo")
def test_dev_set_against_gold():
    golds = sorted(p for p in GOLD.glob("*.yaml") if not p.name.startswith("000_"))
    assert len(golds) >= 10
    graph = build([DEV]).graph
    report = evaluate(graph, golds, shared_root=SHARED)
    precision, recall = _scores(report)
    assert precision >= DEV_FLOOR[0] and recall >= DEV_FLOOR[1], (precision, recall)
    assert report.wrong_links == 0
