"""The persistent store: batches and a changed file give the graph a scratch build gives;
unchanged files are skipped; query, export and viz read it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from kg.cli import cli
from kg.corpus import build_corpus
from kg.export.turtle import turtle_bytes
from kg.store import add_paths, open_graph, run_preset, update_store
from kg.vocab import KG

pytest.importorskip("pyoxigraph")
pytest.importorskip("oxrdflib")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
# a paragraph added to a stored article: one more sentence, one more mention of 北约
ADDED = "\n\n北约秘书长斯托尔滕贝格表示，北约将继续支持乌克兰。\n"


@pytest.fixture
def corpus(tmp_path) -> list[Path]:
    """The seed and five dev articles, copied so that one can be changed."""
    if not DEV.is_dir():
        pytest.skip(f"the dev corpus is not at {DEV} (the repo sits beside shared/ in CI)")
    src = [SEED, *sorted(DEV.glob("*.txt"))[:5]]
    folder = tmp_path / "in"
    folder.mkdir()
    out = []
    for p in src:
        shutil.copy(p, folder / p.name)
        out.append(folder / p.name)
    return out


def union(store: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in open_graph(store).triples((None, None, None)):
        g.add(t)
    return g


def assert_same(store: Path, files: list[Path]) -> None:
    fresh = build_corpus(files, jobs=1).graph
    stored = union(store)
    if not isomorphic(stored, fresh):
        _both, only_store, only_fresh = graph_diff(to_isomorphic(stored), to_isomorphic(fresh))
        pytest.fail(f"store differs: {len(only_store)} extra, {len(only_fresh)} missing, "
                    f"e.g. {sorted(only_store)[:2]} / {sorted(only_fresh)[:2]}")
    assert turtle_bytes(stored) == turtle_bytes(fresh)


def test_batches_and_a_changed_file_equal_a_scratch_build(corpus, tmp_path):
    store = tmp_path / "news.store"
    first = update_store(store, corpus[:3])
    assert (len(first.added), first.articles) == (3, 3)
    second = update_store(store, corpus)  # the first three again, and three new ones
    assert (len(second.added), len(second.skipped), second.articles) == (3, 3, 6)
    assert second.skipped == [str(p) for p in corpus[:3]]
    assert_same(store, corpus)

    # the seed changes (same URL, new content): its statements are replaced
    corpus[0].write_text(corpus[0].read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    third = update_store(store, [corpus[0]])
    assert (third.added, third.replaced, third.articles) == ([], [str(corpus[0])], 6)
    assert_same(store, corpus)
    texts = {str(o) for o in union(store).objects(None, KG.text)}
    assert "北约秘书长斯托尔滕贝格表示，北约将继续支持乌克兰。" in texts

    # nothing new: nothing done, same triples
    again = update_store(store, corpus)
    assert (again.added, again.replaced, len(again.skipped)) == ([], [], 6)
    assert again.triples == third.triples


def test_a_changed_file_without_url_replaces_its_old_article(tmp_path):
    store = tmp_path / "s"
    art = tmp_path / "note.txt"
    art.write_text("北约秘书长斯托尔滕贝格3月24日在布鲁塞尔表示，北约支持乌克兰。\n",
                   encoding="utf-8")
    update_store(store, [art])
    old = set(union(store).subjects(RDF.type, KG.Article))
    art.write_text("北约秘书长斯托尔滕贝格3月25日在布鲁塞尔表示，北约谴责俄罗斯。\n",
                   encoding="utf-8")
    res = update_store(store, [art])
    new = set(union(store).subjects(RDF.type, KG.Article))
    # no URL: the article IRI comes from the content hash, so it changes; the path ties them
    assert res.replaced == [str(art)] and res.articles == 1
    assert len(old) == len(new) == 1 and old != new
    assert_same(store, [art])


def test_presets_run_natively_and_match_the_memory_store(corpus, tmp_path):
    store = tmp_path / "s"
    update_store(store, corpus)
    g = open_graph(store)
    from kg import query as q

    fresh = build_corpus(corpus, jobs=1).graph
    for name in ("demands", "events", "actors", "articles"):
        native = run_preset(g, name)
        memory = q.run_preset(fresh, name)
        assert native.vars == memory.vars
        # the same rows (GROUP_CONCAT order and SAMPLE choices inside a row may differ
        # between the two engines, so rows are compared by their event where they have one)
        assert len(native.bindings) == len(memory.bindings), name
        if "event" in map(str, native.vars):
            ev = rdflib.Variable("event")
            assert {str(r.get(ev)) for r in native.bindings} == {
                str(r.get(ev)) for r in memory.bindings}, name
    assert len(run_preset(g, "demands").bindings) > 0
    # a parameter used inside a sub-query (Oxigraph substitutes only projected variables)
    native = run_preset(g, "who", params={"actor": "北约"})
    memory = q.run_preset(fresh, "who", params={"actor": "北约"})
    assert len(native.bindings) == len(memory.bindings) > 0


def test_bad_query_on_a_store_gets_kg_query_messages(corpus, tmp_path):
    from kg.errors import QueryError
    from kg.store import run_query

    store = tmp_path / "s"
    update_store(store, corpus[:1])
    g = open_graph(store)
    with pytest.raises(QueryError, match="refused|read-only|not allowed|update"):
        run_query(g, "INSERT DATA { kgr:x a kg:Article }")
    with pytest.raises(QueryError, match="no variable"):
        run_query(g, "SELECT ?a WHERE { ?a a kg:Article }", params={"b": "1"})


def test_cli_store_build_query_export_viz(corpus, tmp_path):
    store = tmp_path / "news.store"
    runner = CliRunner()
    r = runner.invoke(cli, ["build", "--store", str(store), *map(str, corpus[:2])])
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("2 added, 0 replaced, 0 unchanged; 2 article(s), ")
    assert r.stderr.endswith(f" triples in {store}\n")
    r = runner.invoke(cli, ["build", "--store", str(store), str(corpus[0].parent)])
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("4 added, 0 replaced, 2 unchanged; 6 article(s), ")

    r = runner.invoke(cli, ["query", "--store", str(store),
                            "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Article }",
                            "--format", "csv"])
    assert (r.exit_code, r.stdout) == (0, "n\n6\n")  # CliRunner folds \r\n
    r = runner.invoke(cli, ["query", str(store), "--preset", "articles", "--format", "csv"])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 7  # header + 6

    trig = tmp_path / "news.trig"
    r = runner.invoke(cli, ["export", "--store", str(store), "-o", str(trig)])
    assert r.exit_code == 0, r.output
    ds = rdflib.Dataset()
    ds.parse(trig, format="trig")
    default = ds.default_graph.identifier
    named = {g.identifier for g in ds.graphs() if len(g) and g.identifier != default}
    articles = set(ds.default_graph.subjects(RDF.type, KG.Article))
    assert articles == set()  # article nodes live in their own graphs
    assert named == {a for g in ds.graphs() for a in g.subjects(RDF.type, KG.Article)}
    assert len(named) == 6
    assert list(ds.default_graph.subjects(KG.sourceSentence, None))  # events: default graph

    ttl = tmp_path / "news.ttl"
    assert runner.invoke(cli, ["export", "--store", str(store), "-o", str(ttl)]).exit_code == 0
    assert ttl.read_bytes() == turtle_bytes(build_corpus(corpus, jobs=1).graph)

    html, html2 = tmp_path / "news.html", tmp_path / "ttl.html"
    r = runner.invoke(cli, ["viz", "--store", str(store), "-o", str(html), "--title", "t"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["viz", str(ttl), "-o", str(html2), "--title", "t"])
    assert html.read_bytes() == html2.read_bytes()


def test_cli_store_usage_errors(tmp_path, corpus):
    runner = CliRunner()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("x", encoding="utf-8")
    r = runner.invoke(cli, ["build", "--store", str(busy), str(SEED)])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == (
        f"Error: {busy}: not a newskg store and not empty; "
        "give a new or empty folder to --store")
    r = runner.invoke(cli, ["query", "--store", str(busy), "--preset", "demands"])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == (
        f"Error: {busy}: not a store written by `kg build --store` (no newskg-store.json); "
        "check the path")
    r = runner.invoke(cli, ["export", "x.ttl", "--store", str(busy), "-o", "y.ttl"])
    assert r.exit_code == 2
    assert "give GRAPH (x.ttl) or --store" in r.stderr


def test_add_paths_walks_folders_and_reports_bad_files(tmp_path, corpus):
    empty = corpus[0].parent / "empty.txt"
    empty.write_bytes(b"")
    res = add_paths(tmp_path / "s", [corpus[0].parent])
    assert res.articles == 6
    assert [source for source, _message in res.failures] == [str(empty)]
    assert res.failures[0][1].startswith(f"{empty}: is empty; ")


def test_a_limit_on_a_store_keeps_the_first_rows_of_the_full_answer(corpus, tmp_path):
    from kg import query as q

    store = tmp_path / "s"
    update_store(store, corpus)
    g = open_graph(store)
    for name in sorted(q.list_presets()):
        params = {"actor": "北约"} if name == "who" else None
        full = run_preset(g, name, params=params)
        n = len(full.bindings)
        assert n >= 1 and full.truncated is False, name
        k = max(1, n // 2)
        some = run_preset(g, name, params=params, limit=k)
        assert some.truncated is (k < n), name
        assert q.format_result(some, "csv").splitlines() == (
            q.format_result(full, "csv").splitlines()[: k + 1]), name


def test_a_preset_parameter_on_a_store_is_checked_like_kg_query(corpus, tmp_path):
    from kg.errors import QueryError

    store = tmp_path / "s"
    update_store(store, corpus[:1])
    g = open_graph(store)
    with pytest.raises(QueryError) as e:
        run_preset(g, "demands", params={"actor": "北约"})
    assert str(e.value).startswith("preset demands: the query has no variable ?actor; use one of ")
    assert "?event" in str(e.value)
