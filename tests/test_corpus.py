"""A corpus: parallel builds equal serial ones, the graph does not depend on input order,
and reports of one event in several articles become one event (kg.graph.merge_events)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.corpus import ProgressLine, build_corpus, iter_outcomes, process
from kg.export.turtle import turtle_bytes
from kg.graph import (
    Facts,
    Namer,
    build_dataset,
    build_graph,
    corpus_triples,
    merge_events,
    split_by_article,
)
from kg.model import Article, DateValue, Event
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
SEED_URL_PREFIX = "(https://www.rfi.fr/cn/"


def dev_files(n: int | None = None) -> list[Path]:
    if not DEV.is_dir():
        pytest.skip(f"the dev corpus is not at {DEV} (the repo sits beside shared/ in CI)")
    files = sorted(p for p in DEV.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return files[:n] if n else files


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory) -> list[Path]:
    """The seed and the same report under another URL (as a second outlet would publish
    it): every event is reported twice."""
    folder = tmp_path_factory.mktemp("two")
    text = SEED.read_text(encoding="utf-8")
    assert SEED_URL_PREFIX in text
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace(SEED_URL_PREFIX, "(https://www.rfi.fr/tw/", 1), encoding="utf-8")
    return [a, b]


# --------------------------------------------------------------------------- parallel


def test_two_workers_give_byte_identical_turtle_to_one():
    files = [SEED, *dev_files(7)]
    one = build_corpus(files, jobs=1)
    two = build_corpus(files, jobs=2, keep_documents=False)
    assert one.stats.articles == two.stats.articles == 8
    assert one.stats.sentences == two.stats.sentences > 200
    assert two.documents == []  # streamed: nothing kept
    assert turtle_bytes(two.graph) == turtle_bytes(one.graph)


def test_outcomes_come_back_in_input_order_with_failures_in_place(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = [*dev_files(3), empty, SEED]
    outs = list(iter_outcomes(files, jobs=2))
    assert [o.source for o in outs] == [str(f) for f in files]
    assert outs[3].document is None and outs[3].error.startswith(f"{empty}: is empty")
    assert all(o.error is None for i, o in enumerate(outs) if i != 3)


def test_worker_documents_are_slim_but_keep_what_the_graph_needs():
    out = process(SEED)
    doc = out.document
    assert doc.tokens == [] and doc.article.text == "" and doc.sentences[0].norm == ""
    assert doc.sentences[0].text.startswith("在俄罗斯全面入侵乌克兰一个月之际，北约特别峰会")
    assert out.sentences == len(doc.sentences) and out.size > 5000
    full = process(SEED, slim=False).document
    assert turtle_bytes(build_graph([doc])) == turtle_bytes(build_graph([full]))


def test_graph_does_not_depend_on_the_order_of_articles(two_seeds):
    docs = [process(f).document for f in [*two_seeds, *dev_files(3)]]
    forward = turtle_bytes(build_graph(docs))
    assert turtle_bytes(build_graph(list(reversed(docs)))) == forward
    assert turtle_bytes(build_graph(docs[2:] + docs[:2])) == forward


def test_progress_line_only_on_a_terminal(tmp_path):
    class Tty:
        def __init__(self, tty):
            self.text, self.tty = "", tty

        def isatty(self):
            return self.tty

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    quiet, loud = Tty(False), Tty(True)
    for stream in (quiet, loud):
        p = ProgressLine(stream)
        p.update(sentences=80)
        p.update(failed=True)
        p.close()
    assert quiet.text == ""
    assert loud.text.startswith("\r1 articles, ")
    assert loud.text.split("\r")[-1].startswith("2 articles, ")
    assert loud.text.endswith(" sentences/s, 1 failed\033[K\n")


# --------------------------------------------------------------------------- merging, real text


def test_the_same_report_from_two_outlets_is_merged_once_per_event(two_seeds):
    single = build_graph([process(two_seeds[0]).document])
    docs = [process(f).document for f in two_seeds]
    merged = build_graph(docs)
    a_id, b_id = (d.article.id for d in docs)
    n_single = len(set(single.subjects(KG.trigger, None)))
    events = set(merged.subjects(KG.trigger, None))
    shared = [e for e in events if len(set(merged.objects(e, KG.sourceSentence))) == 2]
    assert shared, "the seed has events with parties; each must merge with its copy"
    for e in shared:
        s1, s2 = sorted(str(s) for s in merged.objects(e, KG.sourceSentence))
        # one sentence from each article, the same sentence of the same text
        assert {s1.split("/")[-2], s2.split("/")[-2]} == {a_id, b_id}
        assert s1.rsplit("/", 1)[1] == s2.rsplit("/", 1)[1]
        assert len(list(merged.objects(e, KG.trigger))) == 1  # still one of everything
        assert len(list(merged.objects(e, RDF.type))) == 1
        assert len(list(merged.objects(e, KG.date))) <= 1
    # every other report stays an event of its own
    assert len(events) == 2 * n_single - len(shared)
    # a graph of one article never merges: as many events as reports
    assert n_single == sum(len(d.events) for d in docs[:1])


def test_dataset_layout_named_graph_per_article(two_seeds):
    docs = [process(f).document for f in two_seeds]
    ds = build_dataset(docs)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    namer = Namer()
    articles = {str(namer.article(d.article)) for d in docs}
    assert articles <= names
    a_graph = ds.graph(namer.article(docs[0].article))
    # the article's own statements: its node, its sentences, who it mentions
    assert (namer.article(docs[0].article), RDF.type, KG.Article) in a_graph
    assert (namer.sentence(docs[0].article, 0), KG.inArticle,
            namer.article(docs[0].article)) in a_graph
    assert (namer.entity("nato"), KG.mentionedIn, namer.article(docs[0].article)) in a_graph
    assert not list(a_graph.subjects(RDF.type, KG.Meeting))  # events are corpus statements
    assert list(ds.default_graph.subjects(RDF.type, KG.Meeting))
    # the union is the merged graph, and the split of a merged graph gives the same layout
    union = build_graph(docs)
    assert {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))} == set(union)
    split = split_by_article(union)
    for d in docs:
        iri = namer.article(d.article)
        assert set(split.graph(iri)) == set(ds.graph(iri))
    assert set(split.default_graph) == set(ds.default_graph)


# --------------------------------------------------------------------------- merging, the rule

PUB = datetime(2022, 3, 24, 20, 59, tzinfo=timezone.utc)


def facts(aid: str, *events: Event, published: datetime | None = PUB) -> Facts:
    art = Article(source=aid, text="", norm="", paragraphs=(), content_hash=aid * 4,
                  url=f"https://example.org/{aid}", published=published)
    return Facts(art, (), events)


def ev(cls="Condemnation", *, agents=("nato",), targets=("russia",), locations=(), date=None,
       sentence=0, trigger="谴责", modality=None, content=None) -> Event:
    dv = None
    if date:
        dtype = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
        dv = DateValue(date, dtype, date)
    return Event(cls, sentence, trigger, sentence * 10, agents=agents, targets=targets,
                 locations=locations, date=dv, modality=modality, content=content)


def groups(*fs: Facts) -> list[list[tuple[str, int]]]:
    return sorted(
        sorted((a.source, e.sentence) for a, e in m.reports) for m in merge_events(fs)
    )


def test_month_joins_the_day_it_is_a_prefix_of():
    out = groups(facts("a", ev(date="2022-03")), facts("b", ev(date="2022-03-24")))
    assert out == [[("a", 0), ("b", 0)]]


def test_ambiguous_month_stays_apart():
    out = groups(facts("a", ev(date="2022-03")), facts("b", ev(date="2022-03-02")),
                 facts("c", ev(date="2022-03-24")))
    assert out == [[("a", 0)], [("b", 0)], [("c", 0)]]


def test_different_days_stay_apart_and_undated_reports_go_by_publication_day():
    later = datetime(2022, 3, 26, tzinfo=timezone.utc)
    out = groups(facts("a", ev()), facts("b", ev(date="2022-03-24")),
                 facts("c", ev(), published=later), facts("d", ev(date="2022-03-25")))
    assert out == [[("a", 0), ("b", 0)], [("c", 0)], [("d", 0)]]


def test_other_parties_class_or_no_target_are_not_merged():
    out = groups(
        facts("a", ev(), ev("Statement", targets=(), sentence=1, trigger="表示")),
        facts("b", ev(targets=("russia", "belarus")),
              ev("Statement", targets=(), sentence=1, trigger="表示")),
        facts("c", ev("Support", trigger="支持")),
    )
    assert out == [[("a", 0)], [("a", 1)], [("b", 0)], [("b", 1)], [("c", 0)]]


def test_within_one_article_reports_are_not_merged():
    out = groups(facts("a", ev(sentence=1), ev(sentence=5)), facts("b", ev(sentence=2)))
    assert out == [[("a", 1), ("b", 2)], [("a", 5)]]


def test_merged_event_takes_the_most_precise_date_and_happened_beats_planned():
    fs = [facts("a", ev("Meeting", targets=(), locations=("brussels",), date="2022-03",
                        trigger="峰会", modality="planned", content=None)),
          facts("b", ev("Meeting", targets=(), locations=("brussels",), date="2022-03-24",
                        trigger="举行", sentence=3))]
    triples = set(corpus_triples(Namer(), fs))
    events = {s for s, p, o in triples if p == RDF.type and o == KG.Meeting}
    assert len(events) == 1
    e = events.pop()
    assert (e, KG.date, Literal("2022-03-24", datatype=XSD.date)) in triples
    assert not [t for t in triples if t[1] == KG.modality]
    srcs = {o for s, p, o in triples if s == e and p == KG.sourceSentence}
    assert srcs == {URIRef(f"https://w3id.org/newskg/resource/article/{f.article.id}/s{n}")
                    for f, n in ((fs[0], 0), (fs[1], 3))}
    # the earliest report's trigger (both published at the same time: article id decides)
    first = min(fs, key=lambda f: f.order)
    assert [o for s, p, o in triples if p == KG.trigger] == [
        Literal(first.events[0].trigger, lang="zh")
    ]


def test_merged_iri_does_not_depend_on_which_articles_report_it():
    one = {s for s, p, o in corpus_triples(Namer(), [facts("a", ev(date="2022-03-24"))])
           if p == KG.trigger}
    two = {s for s, p, o in corpus_triples(Namer(), [facts("b", ev(date="2022-03-24")),
                                                     facts("a", ev(date="2022-03-24"))])
           if p == KG.trigger}
    assert one == two and len(one) == 1
