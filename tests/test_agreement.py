"""Inter-annotator agreement: one gold file scored against another by evaluate's rule."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.eval import agreement, format_report

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_GOLD = ROOT / "tests" / "gold" / "000_74332eaaa2aa362a.yaml"
IAA = ROOT / "tests" / "gold" / "iaa"

# the seed gold's only Sanction (S34)
SANCTION = "我们对俄罗斯实施了大规模的制裁"


def _seed() -> dict:
    return yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _copy(tmp_path: Path, name: str, change=None) -> Path:
    data = copy.deepcopy(_seed())
    if change is not None:
        change(data)
    return _write(tmp_path / name / "000_74332eaaa2aa362a.yaml", data)


def _the(data: dict, evidence: str) -> dict:
    (event,) = [e for e in data["events"] if e["evidence"] == evidence]
    return event


def _score(a: Path, b: Path):
    # the copies live in tmp_path: their article path (seeds/...) is relative to the repo
    return agreement([a], [b], shared_root=ROOT)


def test_a_gold_file_agrees_with_itself():
    report = agreement([SEED_GOLD], [SEED_GOLD])
    # 73 events in the seed gold, one of them (S67) with evidence that also occurs in S1
    assert (report.total.tp, report.total.fp, report.total.fn) == (73, 0, 0)
    assert report.total.f1 == report.lenient.f1 == 1.0
    assert report.dates.value == report.quantities.value == report.modality.value == 1.0
    assert (report.entities.correct, report.entities.total) == (26, 26)
    assert report.wrong_links == 0
    assert all(s.f1 == 1.0 for s in report.by_class.values() if s.tp + s.fn)


def test_one_event_removed_is_one_false_negative(tmp_path):
    a = _copy(tmp_path, "a")
    b = _copy(tmp_path, "b", lambda d: d["events"].remove(_the(d, SANCTION)))
    report = _score(a, b)
    assert (report.total.tp, report.total.fp, report.total.fn) == (72, 0, 1)
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (72, 0, 1)
    sanction = report.by_class["Sanction"]
    assert (sanction.tp, sanction.fp, sanction.fn) == (0, 0, 1)
    assert [m["evidence"] for m in report.articles[0].missed] == [SANCTION]
    assert report.total.precision == 1.0
    assert report.total.recall == pytest.approx(72 / 73)
    # the other way round the missing event is B's extra: precision and recall swap, F1 stays
    back = _score(b, a)
    assert (back.total.tp, back.total.fp, back.total.fn) == (72, 1, 0)
    assert back.total.f1 == pytest.approx(report.total.f1)


def test_one_role_changed_fails_strict_but_not_lenient(tmp_path):
    def retarget(d: dict) -> None:
        _the(d, SANCTION)["target"] = ["中国"]

    a = _copy(tmp_path, "a")
    b = _copy(tmp_path, "b", retarget)
    report = _score(a, b)
    assert (report.total.tp, report.total.fp, report.total.fn) == (72, 1, 1)
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (73, 0, 0)
    sanction = report.by_class["Sanction"]
    assert (sanction.tp, sanction.fp, sanction.fn) == (0, 1, 1)
    (spurious,) = report.articles[0].spurious
    assert spurious["target"] == ["中国"]
    assert spurious["text"] == "为了结束这场战争，我们对俄罗斯实施了大规模的制裁并付出了沉重的政治代价。"
    assert "FP Sanction: agent=北约 target=中国" in format_report(report, verbose=True)


def test_names_of_one_entity_match_and_other_names_do_not(tmp_path):
    def rename(d: dict) -> None:
        event = _the(d, SANCTION)
        event["agent"] = ["北大西洋公約組織"]  # the full name, in Traditional script
        event["target"] = ["俄國"]  # a short form the gazetteer knows

    report = _score(_copy(tmp_path, "a"), _copy(tmp_path, "b", rename))
    assert (report.total.tp, report.total.fp, report.total.fn) == (73, 0, 0)

    def unknown(d: dict) -> None:
        _the(d, SANCTION)["agent"] = ["北约盟国"]

    report = _score(_copy(tmp_path, "a"), _copy(tmp_path, "c", unknown))
    assert (report.total.tp, report.total.fp, report.total.fn) == (72, 1, 1)


def _rename_stoltenberg(en: str | None):
    def change(d: dict) -> None:
        for e in d["entities"]:
            if e["name"] == "斯托尔滕贝格":
                e["name"], e["en"] = "斯氏", en
        for ev in d["events"]:
            for role in ("agent", "target"):
                ev[role] = ["斯氏" if n == "斯托尔滕贝格" else n for n in ev[role]]
    return change


def test_files_that_give_one_english_name_name_one_entity(tmp_path):
    # the seed gold lists 斯托尔滕贝格 with en "Jens Stoltenberg"; B calls him 斯氏 (a name
    # no table knows) with the same English name
    a = _copy(tmp_path, "a")
    same = _score(a, _copy(tmp_path, "b", _rename_stoltenberg("Jens  Stoltenberg")))
    assert (same.total.tp, same.total.fp, same.total.fn) == (73, 0, 0)
    assert (same.entities.correct, same.entities.total) == (26, 26)
    # without it, the five events he is in disagree: two Personnel and two Support (target),
    # the Demand 北京应该… (agent)
    other = _score(a, _copy(tmp_path, "c", _rename_stoltenberg(None)))
    assert (other.total.tp, other.total.fp, other.total.fn) == (68, 5, 5)
    assert other.by_class["Personnel"].fn == other.by_class["Support"].fn == 2
    assert other.by_class["Demand"].fn == 1
    assert other.articles[0].missing_entities == [{"name": "斯托尔滕贝格", "class": "Person"}]


def test_sentence_identity_comes_from_the_evidence(tmp_path):
    def shorter(d: dict) -> None:
        _the(d, SANCTION)["evidence"] = "实施了大规模的制裁"  # same sentence, other words

    report = _score(_copy(tmp_path, "a"), _copy(tmp_path, "b", shorter))
    assert (report.total.tp, report.total.fp, report.total.fn) == (73, 0, 0)

    def elsewhere(d: dict) -> None:
        # the same Sanction anchored in S0: another sentence, so no pair even leniently
        _the(d, SANCTION)["evidence"] = "在俄罗斯全面入侵乌克兰一个月之际"

    report = _score(_copy(tmp_path, "a"), _copy(tmp_path, "c", elsewhere))
    assert (report.total.tp, report.total.fp, report.total.fn) == (72, 1, 1)
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (72, 1, 1)


def test_attributes_are_compared_on_strict_pairs(tmp_path):
    def undate(d: dict) -> None:
        _the(d, "北约特别峰会3月24日在比利时首都布鲁塞尔的北约总部举行")["date"] = None

    report = _score(_copy(tmp_path, "a"), _copy(tmp_path, "b", undate))
    assert report.total.f1 == 1.0
    assert (report.dates.correct, report.dates.total) == (72, 73)


def test_articles_pair_by_url(tmp_path):
    a = _copy(tmp_path, "a")
    other = _write(tmp_path / "b" / "other.yaml",
                   {"url": "https://example.org/another-article", "entities": [],
                    "events": [{"class": "Statement", "agent": ["北约"], "evidence": "x"}]})
    report = _score(a, other)
    # A's article has no B file: every A event is missed; B's other article is ignored
    assert not report.articles[0].in_graph
    assert (report.total.tp, report.total.fp, report.total.fn) == (0, 0, 73)
    assert report.ignored_mentions == 1
    assert report.entities.correct == 0


def test_two_files_for_one_article_and_a_missing_article_are_errors(tmp_path):
    a = _copy(tmp_path, "a")
    twin = _copy(tmp_path, "twin")
    with pytest.raises(InputError, match="same url"):
        agreement([a, twin], [a], shared_root=ROOT)
    lost = _write(tmp_path / "lost" / "x.yaml",
                  {"url": "https://example.org/x", "article": "corpus/dev/nope.txt",
                   "entities": [], "events": []})
    with pytest.raises(InputError, match="article file 'corpus/dev/nope.txt' not found"):
        agreement([lost], [lost], shared_root=tmp_path)


def test_cli_agreement_takes_folders_and_files(tmp_path):
    a = _copy(tmp_path, "a")
    _copy(tmp_path, "b", lambda d: d["events"].remove(_the(d, SANCTION)))
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--agreement", str(a.parent), str(tmp_path / "b"),
                                 "--shared", str(ROOT)])
    assert result.exit_code == 0, result.output
    total = next(line for line in result.output.splitlines() if line.startswith("total"))
    assert total.split()[1:4] == ["72", "0", "1"]
    floor = runner.invoke(cli, ["eval", "--agreement", str(a), str(tmp_path / "b"),
                                "--shared", str(ROOT), "--min-recall", "0.99"])
    assert floor.exit_code == 1
    assert "recall 0.986 is below 0.99" in floor.output


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared (the dev corpus) beside the repo")
def test_corpus_gold_agrees_with_itself():
    files = sorted(IAA.glob("*.yaml"))
    assert len(files) == 4
    report = agreement(files, files, shared_root=SHARED)
    assert report.total.fn == report.total.fp == 0
    assert report.total.tp == sum(
        len(yaml.safe_load(f.read_text(encoding="utf-8"))["events"]) for f in files
    )
    assert all(not a.unlocated for a in report.articles)
